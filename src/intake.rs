//! The one way bytes become a message ready to decide on: parsed, its sender normalised, its
//! language, whether it is automatic, and its route as a first contact. The daemon,
//! `qmark classify`, `qmark eval`, the fuzz target and the golden tests all come through here,
//! so they cannot disagree about a message. Pure.

use crate::case::understand::{self, Automatic};
use crate::config::Config;
use crate::mail::address::Address;
use crate::mail::{self, Mail};
use crate::routing::classify::{self, Decision};
use crate::routing::model::Model;

/// A message as qmark understands it before looking at any case.
#[derive(Debug, Clone)]
pub struct Intake {
    pub mail: Mail,
    /// The From address without a +tag: `kim+shop@x` is the customer `kim@x`.
    pub sender: Option<Address>,
    pub language: Option<&'static str>,
    pub automatic: Option<Automatic>,
    /// The route as if the customer had never written before (triage for mail that could not
    /// be parsed); None for automatic mail, which is never routed.
    pub decision: Option<Decision>,
    /// What the customer wants and the sentence of their problem; None for automatic mail.
    pub gist: Option<crate::routing::wants::Gist>,
    /// Sent by a relay (a website's form, a list) for the person in Reply-To, who is `sender`.
    pub relayed: Option<understand::Relayed>,
}

/// Read `raw` and route it as a first contact.
pub fn intake(config: &Config, model: Option<&Model>, raw: &[u8]) -> Intake {
    let mail = mail::parse(raw);
    let rules = crate::authority::Rules {
        executives: &config.executives,
        company: &config.company,
        public: &config.public,
    };
    // Mail that carries our own loop marker is our own, whatever its Reply-To says.
    let relayed = understand::relayed(&mail, &rules).filter(|_| mail.auto.qmark_loop.is_none());
    let mail = match &relayed {
        Some(r) => understand::unwrap_relay(mail, r),
        None => mail,
    };
    let sender = mail
        .from
        .as_ref()
        .and_then(|f| f.address.as_ref())
        .map(Address::without_tag);
    let language = crate::routing::language::detect(&mail.subject, &mail.text);
    let automatic = understand::automatic(&mail);
    let mut intake = Intake {
        mail,
        sender,
        language,
        automatic,
        decision: None,
        gist: None,
        relayed,
    };
    if intake.automatic.is_some() {
        // Never routed; but mail that could not be parsed goes to triage whatever it seemed.
        if !intake.mail.parsed {
            intake.decision = Some(unparsed(config));
        }
        return intake;
    }
    // The customer's own words, read once for what they want and for routing.
    let own = understand::complaint_text(&intake.mail.subject, &intake.mail.text);
    intake.gist = Some(crate::routing::wants::read_own(
        crate::routing::wants::Lexicon::built_in(),
        &intake.mail.subject,
        &own,
    ));
    let decision = if intake.mail.parsed {
        route(
            config,
            model,
            &intake.mail,
            intake.sender.as_ref(),
            intake.language,
            0,
            Some(&own),
        )
    } else {
        unparsed(config)
    };
    intake.decision = Some(match &intake.relayed {
        Some(r) => {
            let mut d = decision;
            d.reasons.push(format!(
                "from {}, {}: the customer is {}",
                r.by, r.how, r.person
            ));
            d
        }
        None => decision,
    });
    intake
}

/// An inbox's route filter (`[[inbox]] routes`): a complaint the router sends to a route the
/// inbox does not take goes to triage instead, with that route as its first candidate, so the
/// triage owner sees where the rules pointed and decides. Triage itself is always allowed.
pub fn within_inbox(config: &Config, inbox: &crate::config::Inbox, d: Decision) -> Decision {
    let Some(allowed) = &inbox.routes else {
        return d;
    };
    if d.route == config.triage.name || allowed.contains(&d.route) {
        return d;
    }
    let mut reasons = d.reasons.clone();
    reasons.push(format!(
        "{} takes only the routes {}; {} is not one of them, so triage decides",
        inbox.address,
        allowed.join(", "),
        d.route
    ));
    Decision {
        route: config.triage.name.clone(),
        owner: config.triage.owner.to_string(),
        priority: d.priority,
        confidence: 0.0,
        candidates: vec![classify::Candidate {
            route: d.route,
            owner: d.owner,
            confidence: d.confidence,
            why: d.reasons,
        }],
        reasons,
    }
}

/// Mail that could not be parsed goes to triage, with the raw attached to its forward.
pub fn unparsed(config: &Config) -> Decision {
    Decision {
        route: config.triage.name.clone(),
        owner: config.triage.owner.to_string(),
        priority: classify::Priority::Normal,
        confidence: 0.0,
        reasons: vec![
            "the message could not be parsed; sent to triage with the raw attached".into(),
        ],
        candidates: Vec::new(),
    }
}

/// Rules, model and urgency on a parsed message, `prior_contacts` being the customer's earlier
/// cases in the repeat window (the daemon routes again with them when they change the answer).
/// `own_words`: the customer's own words when the caller has already read them
/// (`understand::complaint_text`); None reads them here.
pub fn route(
    config: &Config,
    model: Option<&Model>,
    mail: &Mail,
    sender: Option<&Address>,
    language: Option<&str>,
    prior_contacts: u32,
    own_words: Option<&str>,
) -> Decision {
    classify::classify(
        config,
        // A model that has learned nothing has no opinion; treat it as absent everywhere.
        model.filter(|m| m.examples() > 0 || !m.urgency.is_empty()),
        &classify::Message {
            subject: &mail.subject,
            body: &mail.text,
            sender,
            language,
            prior_contacts,
            own_words,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::example_config as config;

    #[test]
    fn a_plus_tag_does_not_change_who_the_customer_is_or_where_the_mail_goes() {
        let c = config();
        let mail = |from: &str| {
            format!(
                "From: {from}\r\nTo: ceo@shop.example\r\nSubject: Charged twice\r\n\r\nI was charged twice, please refund.\r\n"
            )
        };
        let plain = intake(&c, None, mail("vip@bigclient.example").as_bytes());
        let tagged = intake(&c, None, mail("vip+orders@bigclient.example").as_bytes());
        assert_eq!(
            tagged.sender.as_ref().map(Address::as_str),
            Some("vip@bigclient.example")
        );
        let (p, t) = (
            plain.decision.expect("routed"),
            tagged.decision.expect("routed"),
        );
        assert_eq!(p.route, "billing");
        assert_eq!((p.route, p.priority), (t.route, t.priority));
    }

    #[test]
    fn automatic_mail_is_never_routed() {
        let c = config();
        let i = intake(
            &c,
            None,
            b"From: a@b.example\r\nAuto-Submitted: auto-replied\r\nSubject: refund\r\n\r\nrefund\r\n",
        );
        assert_eq!(i.automatic, Some(Automatic::AutoReply));
        assert!(i.decision.is_none());
    }

    #[test]
    fn an_inbox_route_filter_sends_other_routes_to_triage_with_the_route_as_candidate() {
        let c = config();
        // config.example.toml's second inbox takes only billing.
        let brand = c.inboxes.get(1).expect("the example's second inbox");
        let mail = |subject: &str, body: &str| {
            format!(
                "From: kim@customer.example\r\nTo: {}\r\nSubject: {subject}\r\n\r\n{body}\r\n",
                brand.address
            )
        };
        let decided = |raw: String| {
            let d = intake(&c, None, raw.as_bytes()).decision.expect("routed");
            (
                within_inbox(&c, &c.inbox, d.clone()),
                within_inbox(&c, brand, d),
            )
        };
        let (ceo, filtered) = decided(mail("Charged twice", "I was charged twice, please refund."));
        assert_eq!(
            (ceo.route.as_str(), filtered.route.as_str()),
            ("billing", "billing")
        );
        let (ceo, filtered) = decided(mail(
            "It arrived broken",
            "The blender is broken and defective.",
        ));
        assert_ne!(ceo.route, "triage", "the first inbox takes every route");
        assert_eq!(filtered.route, "triage");
        assert_eq!(filtered.owner, c.triage.owner.to_string());
        assert_eq!(filtered.priority, ceo.priority, "urgency is kept");
        assert_eq!(
            filtered.candidates.first().map(|k| k.route.clone()),
            Some(ceo.route.clone())
        );
        assert!(
            filtered
                .reasons
                .iter()
                .any(|r| r.contains("takes only the routes"))
        );
    }
}
