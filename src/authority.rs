//! Who may do what to which case, and with what proof. Pure: every path that changes a case or
//! sends mail on someone's behalf asks `decide`, and nothing else decides.
//!
//! A public address is read by the whole internet, so a From line proves nothing. What does:
//! a reply token (made for one person and one case, or a digest token made for one
//! executive), the receiving server's DKIM/SPF verdict (`[security] trusted_authserv_id`), and
//! for automatic mail, that it answers mail qmark itself sent to that person. Work moves only
//! to colleagues (`Company`).

use crate::mail::address::Address;

/// What the receiving server said about the sender's domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// A DKIM or SPF pass for the sender's domain, written by our trusted server.
    Verified,
    /// A trusted server is configured and did not vouch for the sender.
    Failed,
    /// No trusted server is configured: nothing was checked.
    Unchecked,
}

/// The company's people: anyone at one of its domains, or named in the config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Company {
    /// Lower-case domains, without `@`.
    pub domains: Vec<String>,
    pub people: Vec<Address>,
}

impl Company {
    pub fn is_colleague(&self, a: &Address) -> bool {
        let a = a.without_tag();
        // `mallory%evil.example@company.com` and `evil.example!mallory@company.com` are the
        // company's domain on paper, but a mail server with the percent hack or bang paths
        // (Postfix's `allow_percent_hack` is on by default) relays them outside.
        let routed_on = a.local().contains(['%', '!']);
        self.people.iter().any(|p| p.without_tag() == a)
            || !routed_on
                && self
                    .domains
                    .iter()
                    .any(|d| a.domain().eq_ignore_ascii_case(d))
    }
}

/// An action someone asks for by mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// The customer writes again on their case.
    FollowUp,
    /// An answer, or a holding reply ("looking into it").
    Answer,
    /// `#resolve` / `#close`.
    Close,
    /// `#wait`: pause the clock.
    Wait,
    /// `#note`: an internal note.
    Note,
    /// `#reassign someone`.
    Reassign { to: &'a Address },
    /// `#reply`: relay a text to the case's customer from the public address.
    ReplyToCustomer,
    /// `#urgent` / `#normal`: set the case's priority (and label it for the router).
    SetPriority,
    /// An executive forwards mail with `? colleague@` on its first line.
    ManualRoute { to: &'a Address },
    /// The owner's out-of-office names a delegate (or the route's backup takes it).
    AwayReroute { to: &'a Address },
    /// The `?` forward to the owner bounced; the case goes to the backup or triage.
    BounceReroute,
    /// `bump`, `close` or `reassign` in a reply to a digest, report or catch-up mail.
    DigestCommand { reassign_to: Option<&'a Address> },
}

impl Action<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            Action::FollowUp => "follow-up",
            Action::Answer => "answer",
            Action::Close => "#resolve",
            Action::Wait => "#wait",
            Action::Note => "#note",
            Action::Reassign { .. } => "#reassign",
            Action::ReplyToCustomer => "#reply",
            Action::SetPriority => "#urgent/#normal",
            Action::ManualRoute { .. } => "routing by hand",
            Action::AwayReroute { .. } => "out-of-office rerouting",
            Action::BounceReroute => "bounce rerouting",
            Action::DigestCommand { .. } => "digest command",
        }
    }
}

/// What the mail asking for an action carries.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The From address, without a +tag. Proves nothing by itself.
    pub sender: Option<&'a Address>,
    /// Whom the genuine token the mail carries was made for (a case token for case actions, a
    /// digest token for digest commands and routing by hand).
    pub token_for: Option<&'a Address>,
    pub proof: Proof,
    pub action: Action<'a>,
}

/// The case's people, for actions on a case.
#[derive(Debug, Clone, Copy)]
pub struct CasePeople<'a> {
    pub owner: &'a Address,
    pub customer: Option<&'a Address>,
    /// The route's manager (`escalate_to`), whom the ladder's `??` asks to make sure the
    /// customer gets an answer: with the token of that `??`, they act as the owner does.
    pub manager: Option<&'a Address>,
    /// Outsiders the customer's complaint was also addressed to (a spouse in Cc): on the
    /// customer's side of the thread, they write follow-ups.
    pub companions: &'a [Address],
}

/// The installation's standing facts.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub executives: &'a [Address],
    pub company: &'a Company,
    /// Every public address qmark reads (`[[inbox]]`), without tags. Mail From one of them is
    /// qmark's own and acts for nobody; work never moves to one, or it would come straight
    /// back in as a new complaint.
    pub public: &'a [Address],
}

impl Rules<'_> {
    /// Whether `a` (tags ignored, any case) is one of the public addresses.
    pub fn is_public(&self, a: &Address) -> bool {
        let a = a.without_tag();
        self.public.iter().any(|p| p.without_tag() == a)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Refused: nothing changes; the reason goes into the case history.
    Refuse(String),
    /// Routing by hand that cannot be trusted: the mail still becomes a case, but goes to
    /// triage with this reason instead of to the named person.
    Triage(String),
}

impl Verdict {
    pub fn is_allowed(&self) -> bool {
        *self == Verdict::Allow
    }
}

fn refuse(why: impl Into<String>) -> Verdict {
    Verdict::Refuse(why.into())
}

/// Why a token does not let `sender` do `what`.
fn token_misused(what: &str, token_for: Option<&Address>, sender: &Address) -> String {
    match token_for {
        Some(t) => format!(
            "{what}: the reply token was made for {t}, not for {sender} (a token acts only for \
             the person it was sent to)"
        ),
        None => format!(
            "{what}: no valid reply token (reply to the mail qmark sent you, keeping its \
             Reply-To address)"
        ),
    }
}

/// The public addresses' rules, for every inbox: mail From one is qmark's own and asks for
/// nothing (anyone can write it into From), and no work moves to one.
fn public_refusal(rules: &Rules<'_>, sender: &Address, action: &Action<'_>) -> Option<Verdict> {
    if rules.is_public(sender) {
        return Some(refuse(format!(
            "{} by mail From {sender}, a public address qmark reads: qmark's own address acts \
             for nobody",
            action.name()
        )));
    }
    let to = target(action).filter(|t| rules.is_public(t))?;
    Some(refuse(format!(
        "{}: {to} is a public address qmark reads; a case moved there would come back as a \
         new complaint",
        action.name()
    )))
}

/// The person an action moves work to, if it does.
fn target<'a>(action: &Action<'a>) -> Option<&'a Address> {
    match *action {
        Action::Reassign { to } | Action::ManualRoute { to } | Action::AwayReroute { to } => {
            Some(to)
        }
        Action::DigestCommand { reassign_to } => reassign_to,
        _ => None,
    }
}

/// Who may command from a reply to a digest, report or catch-up mail, before any of its cases
/// is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestReader {
    /// An executive with their own token: any case.
    Executive,
    /// One of the company's people with their own token (a manager's catch-up `??`, an owner in
    /// its Cc): only the cases that are theirs, each checked with `decide` and its people.
    CasePerson,
    /// Nobody qmark answers: nothing is done and no reply is sent.
    Refused(String),
}

/// Whether the sender of a digest reply (`req`, a `DigestCommand`) may command from it at all.
pub fn digest_reader(rules: &Rules<'_>, req: &Request<'_>) -> DigestReader {
    let why = match decide(rules, None, req) {
        Verdict::Allow => return DigestReader::Executive,
        Verdict::Refuse(why) | Verdict::Triage(why) => why,
    };
    let own_token = req.sender.map(Address::without_tag).is_some_and(|s| {
        rules.company.is_colleague(&s) && req.token_for.map(Address::without_tag) == Some(s)
    });
    if own_token && req.proof != Proof::Failed {
        DigestReader::CasePerson
    } else {
        DigestReader::Refused(why)
    }
}

/// Whether `req` may be carried out on `case` (None for actions that open one).
pub fn decide(rules: &Rules<'_>, case: Option<&CasePeople<'_>>, req: &Request<'_>) -> Verdict {
    let Some(sender) = req.sender else {
        return refuse("the mail has no sender address");
    };
    let sender = &sender.without_tag();
    if let Some(refused) = public_refusal(rules, sender, &req.action) {
        return refused;
    }
    let is_executive = rules.executives.iter().any(|e| e.without_tag() == *sender);
    let token_is_senders = req.token_for.is_some_and(|t| t.without_tag() == *sender);
    match req.action {
        Action::FollowUp => {
            let Some(c) = case else {
                return refuse("no case");
            };
            // The customer, whatever token her mail carries (replying to all on the owner's
            // answer carries the owner's), or someone her complaint was also addressed to (a
            // husband in Cc replying to all): their mail reaches the owner as a follow-up and
            // acts on nothing. Refusing it lost a customer's words without telling anyone (a
            // README-only attacker's finding). A stranger holding a token (a forwarded
            // acknowledgment) still writes nothing into the case: "send my refund to this
            // IBAN" must not reach the owner as the customer's words.
            let customer = c.customer.map(Address::without_tag).as_ref() == Some(sender);
            let companion = c.companions.iter().any(|a| a.without_tag() == *sender)
                && !is_executive
                && !rules.company.is_colleague(sender);
            if customer || companion {
                Verdict::Allow
            } else {
                refuse(
                    "only the case's customer, or someone her complaint was also sent to, writes follow-ups",
                )
            }
        }
        Action::Answer
        | Action::Close
        | Action::Wait
        | Action::Note
        | Action::ReplyToCustomer
        | Action::SetPriority
        | Action::Reassign { .. } => {
            let Some(c) = case else {
                return refuse("no case");
            };
            owner_action(rules, c, req, sender, is_executive, token_is_senders)
        }
        Action::ManualRoute { to } => {
            let proven = req.proof == Proof::Verified || token_is_senders;
            manual_route(rules, sender, to, is_executive, proven)
        }
        Action::AwayReroute { to } => {
            let Some(c) = case else {
                return refuse("no case");
            };
            away_reroute(rules, c, to, sender, token_is_senders)
        }
        Action::BounceReroute => {
            let Some(c) = case else {
                return refuse("no case");
            };
            if req.token_for.map(Address::without_tag).as_ref() != Some(&c.owner.without_tag()) {
                return refuse(
                    "bounce: it does not return mail qmark sent to the case's owner, so it \
                     changes nothing",
                );
            }
            Verdict::Allow
        }
        Action::DigestCommand { reassign_to } => {
            // On a case, its owner and its manager command it as an executive does: a
            // manager's catch-up `??` lists several cases under one reply address, and their
            // `close 1` had been refused without a word (attack round six).
            let theirs = case.is_some_and(|c| {
                c.owner.without_tag() == *sender
                    || c.manager.is_some_and(|m| m.without_tag() == *sender)
            });
            digest_command(
                rules,
                reassign_to,
                req,
                sender,
                is_executive || theirs,
                token_is_senders,
            )
        }
    }
}

/// What the case's owner or an executive may do on a case: answer it or command it, proven by
/// the token qmark sent them and not disowned by their own server.
fn owner_action(
    rules: &Rules<'_>,
    c: &CasePeople<'_>,
    req: &Request<'_>,
    sender: &Address,
    is_executive: bool,
    token_is_senders: bool,
) -> Verdict {
    let what = req.action.name();
    let manager = c.manager.is_some_and(|m| m.without_tag() == *sender);
    if c.owner.without_tag() != *sender && !is_executive && !manager {
        return refuse(format!(
            "{what}: {sender} is neither the case's owner ({}), its manager nor an executive",
            c.owner
        ));
    }
    if !token_is_senders {
        return refuse(token_misused(what, req.token_for, sender));
    }
    if req.proof == Proof::Failed {
        return refuse(format!(
            "{what}: the receiving server did not vouch for {sender} (no DKIM or SPF pass)"
        ));
    }
    match req.action {
        Action::Reassign { to } if !rules.company.is_colleague(to) => refuse(format!(
            "#reassign: {to} is not a company address; cases move only to colleagues \
             ([company] in the config)"
        )),
        Action::ReplyToCustomer if c.customer.is_none() => {
            refuse("#reply: the case has no customer address")
        }
        _ => Verdict::Allow,
    }
}

/// The owner's out-of-office, answering mail qmark sent them, may hand the case to a colleague.
fn away_reroute(
    rules: &Rules<'_>,
    c: &CasePeople<'_>,
    to: &Address,
    sender: &Address,
    token_is_senders: bool,
) -> Verdict {
    if c.owner.without_tag() != *sender || !token_is_senders {
        return refuse(
            "out-of-office: it does not answer mail qmark sent to the case's owner, so \
             it changes nothing",
        );
    }
    if !rules.company.is_colleague(to) {
        return refuse(format!(
            "out-of-office: the delegate {to} is not a company address"
        ));
    }
    Verdict::Allow
}

/// A reply to the digest: an executive's, with the token of their own digest.
fn digest_command(
    rules: &Rules<'_>,
    reassign_to: Option<&Address>,
    req: &Request<'_>,
    sender: &Address,
    may_command: bool,
    token_is_senders: bool,
) -> Verdict {
    if !may_command {
        return refuse(format!(
            "digest command: {sender} is not an executive, nor the case's owner or manager"
        ));
    }
    if !token_is_senders {
        return refuse(token_misused("digest command", req.token_for, sender));
    }
    if req.proof == Proof::Failed {
        return refuse(format!(
            "digest command: the receiving server did not vouch for {sender}"
        ));
    }
    match reassign_to {
        Some(to) if !rules.company.is_colleague(to) => refuse(format!(
            "reassign: {to} is not a company address; cases move only to colleagues"
        )),
        _ => Verdict::Allow,
    }
}

/// Routing by hand: an executive's, with proof beyond a From line, to a colleague; anything
/// less goes to triage saying why (or is refused for a non-executive).
fn manual_route(
    rules: &Rules<'_>,
    sender: &Address,
    to: &Address,
    is_executive: bool,
    proven: bool,
) -> Verdict {
    if !is_executive {
        return refuse("routing by hand: only an executive routes mail by hand");
    }
    if !proven {
        return Verdict::Triage(format!(
            "unverified routing request: a mail From {sender} asked for {to}, but \
             nothing proves {sender} sent it (no DKIM/SPF pass from the trusted \
             server, no token of theirs)"
        ));
    }
    if !rules.company.is_colleague(to) {
        return Verdict::Triage(format!(
            "routing request refused: {to} is not a company address; cases move only \
             to colleagues"
        ));
    }
    Verdict::Allow
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Address {
        Address::parse(s).expect("test address")
    }

    struct World {
        exec: Address,
        owner: Address,
        customer: Address,
        colleague: Address,
        outsider: Address,
        companion: Address,
        company: Company,
    }

    fn world() -> World {
        World {
            exec: a("founder@shop.example"),
            owner: a("billing@shop.example"),
            customer: a("kim@customer.example"),
            colleague: a("cfo@shop.example"),
            outsider: a("mallory@evil.example"),
            companion: a("bob@customer.example"),
            company: Company {
                domains: vec!["shop.example".into()],
                people: vec![a("contractor@agency.example")],
            },
        }
    }

    fn ask(
        w: &World,
        sender: &Address,
        token_for: Option<&Address>,
        proof: Proof,
        action: Action<'_>,
    ) -> Verdict {
        let execs = [w.exec.clone()];
        let public = [a("ceo@shop.example"), a("hello@brand.example")];
        let rules = Rules {
            executives: &execs,
            company: &w.company,
            public: &public,
        };
        let case = CasePeople {
            owner: &w.owner,
            customer: Some(&w.customer),
            // The route's manager is the colleague (cfo@).
            manager: Some(&w.colleague),
            companions: std::slice::from_ref(&w.companion),
        };
        decide(
            &rules,
            Some(&case),
            &Request {
                sender: Some(sender),
                token_for,
                proof,
                action,
            },
        )
    }

    #[test]
    fn the_owner_and_executives_act_only_with_a_token_made_for_them() {
        let w = world();
        let u = Proof::Unchecked;
        for action in [
            Action::Answer,
            Action::Close,
            Action::Wait,
            Action::Note,
            Action::ReplyToCustomer,
            Action::Reassign { to: &w.colleague },
        ] {
            assert!(ask(&w, &w.owner, Some(&w.owner), u, action).is_allowed());
            assert!(ask(&w, &w.exec, Some(&w.exec), u, action).is_allowed());
            // The customer's own token with a forged From of the owner (finding 2).
            assert!(!ask(&w, &w.owner, Some(&w.customer), u, action).is_allowed());
            // The owner's token forwarded to someone else, From forged or not.
            assert!(!ask(&w, &w.colleague, Some(&w.owner), u, action).is_allowed());
            // An executive holding the owner's token is not the owner.
            assert!(!ask(&w, &w.exec, Some(&w.owner), u, action).is_allowed());
            // No token at all.
            assert!(!ask(&w, &w.owner, None, u, action).is_allowed());
            // The trusted server said no.
            assert!(!ask(&w, &w.owner, Some(&w.owner), Proof::Failed, action).is_allowed());
            assert!(ask(&w, &w.owner, Some(&w.owner), Proof::Verified, action).is_allowed());
            // A stranger with their own token of the case (a customer) is not an employee.
            assert!(!ask(&w, &w.customer, Some(&w.customer), u, action).is_allowed());
        }
    }

    #[test]
    fn work_moves_only_to_colleagues() {
        let w = world();
        let u = Proof::Unchecked;
        let v = ask(
            &w,
            &w.owner,
            Some(&w.owner),
            u,
            Action::Reassign { to: &w.outsider },
        );
        assert!(
            matches!(v, Verdict::Refuse(ref why) if why.contains("not a company address")),
            "{v:?}"
        );
        let named = a("contractor@agency.example");
        assert!(
            ask(
                &w,
                &w.owner,
                Some(&w.owner),
                u,
                Action::Reassign { to: &named }
            )
            .is_allowed()
        );
        assert!(
            !ask(
                &w,
                &w.owner,
                Some(&w.owner),
                u,
                Action::AwayReroute { to: &w.outsider }
            )
            .is_allowed()
        );
        assert!(
            !ask(
                &w,
                &w.exec,
                Some(&w.exec),
                u,
                Action::DigestCommand {
                    reassign_to: Some(&w.outsider)
                }
            )
            .is_allowed()
        );
        assert!(
            ask(
                &w,
                &w.exec,
                Some(&w.exec),
                u,
                Action::DigestCommand {
                    reassign_to: Some(&w.colleague)
                }
            )
            .is_allowed()
        );
        // Tags and case do not open a way round the list.
        assert!(w.company.is_colleague(&a("CFO+x@Shop.Example")));
        assert!(!w.company.is_colleague(&a("cfo@shop.example.evil.example")));
    }

    #[test]
    fn routing_by_hand_needs_proof_and_a_colleague() {
        let w = world();
        let route = |sender: &Address, token: Option<&Address>, proof, to| {
            ask(&w, sender, token, proof, Action::ManualRoute { to })
        };
        // Finding 1: a forged executive, nothing checked.
        assert!(matches!(
            route(&w.exec, None, Proof::Unchecked, &w.colleague),
            Verdict::Triage(ref why) if why.starts_with("unverified routing request")
        ));
        assert!(matches!(
            route(&w.exec, None, Proof::Failed, &w.colleague),
            Verdict::Triage(_)
        ));
        assert!(route(&w.exec, None, Proof::Verified, &w.colleague).is_allowed());
        // The executive's own digest token proves them without DKIM.
        assert!(route(&w.exec, Some(&w.exec), Proof::Unchecked, &w.colleague).is_allowed());
        // Even a proven executive cannot hand a case to an outsider.
        assert!(matches!(
            route(&w.exec, None, Proof::Verified, &w.outsider),
            Verdict::Triage(ref why) if why.contains("not a company address")
        ));
        // Not an executive: no routing by hand at all (the mail is an ordinary complaint).
        assert!(matches!(
            route(&w.owner, Some(&w.owner), Proof::Verified, &w.colleague),
            Verdict::Refuse(_)
        ));
    }

    #[test]
    fn automatic_mail_changes_a_case_only_when_it_answers_mail_sent_to_the_owner() {
        let w = world();
        let u = Proof::Unchecked;
        let away = Action::AwayReroute { to: &w.colleague };
        assert!(ask(&w, &w.owner, Some(&w.owner), u, away).is_allowed());
        // Finding 3: From the owner, threaded on the customer's own message (no token).
        assert!(!ask(&w, &w.owner, None, u, away).is_allowed());
        // Threaded on mail to the customer.
        assert!(!ask(&w, &w.owner, Some(&w.customer), u, away).is_allowed());
        let daemon = a("mailer-daemon@mx.example");
        assert!(ask(&w, &daemon, Some(&w.owner), u, Action::BounceReroute).is_allowed());
        assert!(!ask(&w, &daemon, Some(&w.customer), u, Action::BounceReroute).is_allowed());
        assert!(!ask(&w, &daemon, None, u, Action::BounceReroute).is_allowed());
    }

    #[test]
    fn follow_ups_come_from_the_customer_with_no_token_or_their_own() {
        let w = world();
        let u = Proof::Unchecked;
        assert!(ask(&w, &w.customer, None, u, Action::FollowUp).is_allowed());
        assert!(ask(&w, &w.customer, Some(&w.customer), u, Action::FollowUp).is_allowed());
        // Replying to all on the owner's answer carries the owner's token: still the customer.
        assert!(ask(&w, &w.customer, Some(&w.owner), u, Action::FollowUp).is_allowed());
        // Someone the complaint was also sent to (a spouse in Cc) writes a follow-up; a
        // stranger does not, with or without a token; the company's people answer instead.
        assert!(ask(&w, &w.companion, None, u, Action::FollowUp).is_allowed());
        assert!(ask(&w, &w.companion, Some(&w.owner), u, Action::FollowUp).is_allowed());
        assert!(!ask(&w, &w.outsider, None, u, Action::FollowUp).is_allowed());
        assert!(!ask(&w, &w.outsider, Some(&w.customer), u, Action::FollowUp).is_allowed());
        assert!(!ask(&w, &w.owner, Some(&w.owner), u, Action::FollowUp).is_allowed());
        assert!(!ask(&w, &w.exec, None, u, Action::FollowUp).is_allowed());
    }

    #[test]
    fn the_manager_the_ladder_asks_to_act_may_act_with_the_token_of_their_mail() {
        // A README-only attacker's `??` manager answered and reassigned; both were refused and
        // the cases climbed to `???`.
        let w = world();
        let u = Proof::Unchecked;
        let jane = a("jane@shop.example");
        for action in [
            Action::Answer,
            Action::Close,
            Action::Reassign { to: &jane },
        ] {
            assert!(ask(&w, &w.colleague, Some(&w.colleague), u, action).is_allowed());
            // Not with someone else's token, and not with none.
            assert!(!ask(&w, &w.colleague, Some(&w.owner), u, action).is_allowed());
            assert!(!ask(&w, &w.colleague, None, u, action).is_allowed());
            // Another colleague is still nobody on this case.
            assert!(!ask(&w, &jane, Some(&jane), u, action).is_allowed());
        }
    }

    #[test]
    fn digest_commands_need_an_executive_or_the_cases_people_with_their_own_digest_token() {
        let w = world();
        let u = Proof::Unchecked;
        let cmd = Action::DigestCommand { reassign_to: None };
        assert!(ask(&w, &w.exec, Some(&w.exec), u, cmd).is_allowed());
        assert!(!ask(&w, &w.exec, None, u, cmd).is_allowed());
        assert!(!ask(&w, &w.exec, Some(&w.exec), Proof::Failed, cmd).is_allowed());
        // On a case, its owner and its manager (cfo@) too, each with their own token only.
        assert!(ask(&w, &w.owner, Some(&w.owner), u, cmd).is_allowed());
        assert!(ask(&w, &w.colleague, Some(&w.colleague), u, cmd).is_allowed());
        assert!(!ask(&w, &w.colleague, Some(&w.owner), u, cmd).is_allowed());
        assert!(!ask(&w, &w.owner, Some(&w.owner), Proof::Failed, cmd).is_allowed());
        let jane = a("jane@shop.example");
        assert!(!ask(&w, &jane, Some(&jane), u, cmd).is_allowed());
        assert!(!ask(&w, &w.customer, Some(&w.customer), u, cmd).is_allowed());
        // Without a case (the whole reply), only an executive.
        let rules = Rules {
            executives: std::slice::from_ref(&w.exec),
            company: &w.company,
            public: &[],
        };
        let whole = |sender: &Address| {
            decide(
                &rules,
                None,
                &Request {
                    sender: Some(sender),
                    token_for: Some(sender),
                    proof: u,
                    action: cmd,
                },
            )
            .is_allowed()
        };
        assert!(whole(&w.exec));
        assert!(!whole(&w.owner));
        // The whole reply's gate: an executive commands any case, one of the company's people
        // with their own token only theirs, anyone else nothing.
        let reader = |sender: &Address, token: &Address, proof| {
            digest_reader(
                &rules,
                &Request {
                    sender: Some(sender),
                    token_for: Some(token),
                    proof,
                    action: cmd,
                },
            )
        };
        assert_eq!(reader(&w.exec, &w.exec, u), DigestReader::Executive);
        assert_eq!(reader(&w.owner, &w.owner, u), DigestReader::CasePerson);
        assert!(matches!(
            reader(&w.owner, &w.exec, u),
            DigestReader::Refused(_)
        ));
        assert!(matches!(
            reader(&w.owner, &w.owner, Proof::Failed),
            DigestReader::Refused(_)
        ));
        assert!(matches!(
            reader(&w.customer, &w.customer, u),
            DigestReader::Refused(_)
        ));
    }

    #[test]
    fn an_address_routed_on_by_its_local_part_is_no_colleague() {
        let w = world();
        for routed in [
            "mallory%evil.example@shop.example",
            "evil.example!mallory@shop.example",
        ] {
            let to = a(routed);
            assert!(!w.company.is_colleague(&to), "{routed}");
            let reassign = Action::Reassign { to: &to };
            assert!(!ask(&w, &w.owner, Some(&w.owner), Proof::Unchecked, reassign).is_allowed());
        }
        assert!(w.company.is_colleague(&a("jane.doe+x@shop.example")));
    }

    #[test]
    fn every_public_address_acts_for_nobody_and_takes_no_work() {
        let w = world();
        let u = Proof::Verified;
        // The second inbox's address, tagged and in capitals, is as much qmark's own as the
        // first: it answers, commands and routes nothing, even with a token made for it.
        for public in ["ceo@shop.example", "Hello+x7@Brand.example"] {
            let p = a(public);
            assert!(
                !ask(&w, &p, Some(&p), u, Action::Answer).is_allowed(),
                "{public}"
            );
            assert!(
                !ask(&w, &p, Some(&p), u, Action::FollowUp).is_allowed(),
                "{public}"
            );
            let cmd = Action::DigestCommand { reassign_to: None };
            assert!(!ask(&w, &p, Some(&p), u, cmd).is_allowed(), "{public}");
        }
        // Work never moves to a public address, though its domain is the company's.
        let inbox = a("ceo+billing@shop.example");
        let reassign = Action::Reassign { to: &inbox };
        assert!(!ask(&w, &w.owner, Some(&w.owner), u, reassign).is_allowed());
        let brand = a("hello@brand.example");
        let by_hand = Action::ManualRoute { to: &brand };
        assert!(!ask(&w, &w.exec, Some(&w.exec), u, by_hand).is_allowed());
        let away = Action::AwayReroute { to: &brand };
        assert!(!ask(&w, &w.owner, Some(&w.owner), u, away).is_allowed());
        let digest = Action::DigestCommand {
            reassign_to: Some(&inbox),
        };
        assert!(!ask(&w, &w.exec, Some(&w.exec), u, digest).is_allowed());
        // A colleague is still fine.
        let reassign = Action::Reassign { to: &w.colleague };
        assert!(ask(&w, &w.owner, Some(&w.owner), u, reassign).is_allowed());
    }
}
