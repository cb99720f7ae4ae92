//! The accounts qmark logs in as, per inbox: an inbox's own SMTP submission account
//! (`[inbox.smtp]`) and its own OAuth2 client (`[inbox.oauth2]`), with the global `[smtp]` and
//! `[oauth2]` as their defaults, and which account sends a given mail.
//!
//! Microsoft 365 and Google let a mailbox send As its address only when it logs in as itself,
//! so a public address with its own SMTP account sends its own mail through it: an outbox row
//! goes through the account of the inbox whose address is its sender (see `Config::smtp_for`).
//! The tables themselves are read in raw.rs (`RawInboxSmtp`) and validate.rs
//! (`validate_inbox_smtp`).

use super::oauth::OAuth2;
use super::{ConfigError, Inbox, Login, invalid};

/// One login with OAuth2 as the config names it: the account, its settings, the key that
/// names it and the inbox it belongs to (None: the global `[smtp]`).
type Use<'a> = (String, Option<&'a OAuth2>, String, Option<&'a Inbox>);

fn oauth2_uses(config: &super::Config) -> Vec<Use<'_>> {
    let mut out = Vec::new();
    for i in &config.inboxes {
        let settings = i.oauth2.as_ref().or(config.oauth2.as_ref());
        if i.login == Login::OAuth2 {
            out.push((
                i.username.to_lowercase(),
                settings,
                format!("{}.username", i.key),
                Some(i),
            ));
        }
        if let Some((u, Login::OAuth2)) = i.smtp.as_ref().and_then(|s| s.credentials.as_ref()) {
            out.push((
                u.to_lowercase(),
                settings,
                format!("{}.smtp.username", i.key),
                Some(i),
            ));
        }
    }
    if let Some((u, Login::OAuth2)) = &config.smtp.credentials {
        out.push((
            u.to_lowercase(),
            config.oauth2.as_ref(),
            "smtp.username".into(),
            None,
        ));
    }
    out
}

/// An account qmark logs in as with OAuth2, and where its tokens come from.
#[derive(Debug, Clone)]
pub struct Account<'a> {
    /// Lower-case: the key of its grant.
    pub username: String,
    pub settings: &'a OAuth2,
    /// The inboxes whose IMAP or SMTP login it is (empty: only the global `[smtp]`'s).
    pub inboxes: Vec<&'a Inbox>,
}

impl Account<'_> {
    /// Whether `name` (a public address, tags ignored, or the username) names this account.
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        name == self.username
            || crate::mail::address::Address::parse(&name).is_ok_and(|a| {
                self.inboxes
                    .iter()
                    .any(|i| i.address.without_tag() == a.without_tag())
            })
    }
}

/// Every account that logs in with OAuth2, each once in the config's order: each inbox's IMAP
/// and SMTP accounts (tokens from the inbox's own `[inbox.oauth2]`, else `[oauth2]`), then the
/// global `[smtp]` account (`[oauth2]`).
pub fn oauth2_accounts(config: &super::Config) -> Vec<Account<'_>> {
    let mut out: Vec<Account<'_>> = Vec::new();
    for (user, settings, _, inbox) in oauth2_uses(config) {
        let Some(settings) = settings else { continue };
        let at = match out.iter().position(|a| a.username == user) {
            Some(at) => at,
            None => {
                out.push(Account {
                    username: user,
                    settings,
                    inboxes: Vec::new(),
                });
                out.len() - 1
            }
        };
        if let (Some(i), Some(a)) = (inbox, out.get_mut(at))
            && !a.inboxes.iter().any(|known| known.key == i.key)
        {
            a.inboxes.push(i);
        }
    }
    out
}

/// One account, one OAuth2 client: the grant is stored per account (its username), so an
/// account named by two tables with different clients could never keep both grants.
pub(crate) fn check_one_client_per_account(config: &super::Config) -> Result<(), ConfigError> {
    let uses = oauth2_uses(config);
    for (n, (user, settings, key, _)) in uses.iter().enumerate() {
        let Some(s) = settings else { continue };
        let earlier = uses
            .iter()
            .take(n)
            .find(|(u, other, _, _)| u == user && other.is_some_and(|o| !o.same_client(s)));
        if let Some((_, _, first, _)) = earlier {
            return Err(invalid(
                key.clone(),
                format!(
                    "{user} already logs in with another OAuth2 client ({first}); one account has one client: give both the same oauth2 table"
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Login, TlsMode};

    /// Two inboxes (the CEO's on Google, a brand's on Microsoft 365) and `extra` after the
    /// brand's keys (its sub-tables).
    fn two(ceo_extra: &str, brand_extra: &str) -> String {
        format!(
            r#"
[[inbox]]
address = "ceo@shop.example"
username = "ceo@shop.example"
auth = "oauth2"
{ceo_extra}

[[inbox]]
address = "hello@hanbit.example"
username = "hello@hanbit.example"
auth = "oauth2"
{brand_extra}

[smtp]
host = "127.0.0.1"
port = 11025
tls = "none"
from = "Daybreak Market <ceo@shop.example>"

[executives]
addresses = ["founder@shop.example"]

[[routes]]
name = "billing"
owner = "billing@shop.example"
keywords = ["refund"]
deadline = "24h"
escalate_to = "cfo@shop.example"

[triage]
owner = "triage@shop.example"
escalate_to = "coo@shop.example"
"#
        )
    }

    const GOOGLE: &str = "[inbox.oauth2]\nprovider = \"google\"\nclient_id = \"g\"\n";
    const MICROSOFT: &str = "[inbox.oauth2]\nprovider = \"microsoft365\"\nclient_id = \"m\"\ntenant = \"hanbit.example\"\n";

    fn err(text: &str) -> String {
        Config::parse(text).expect_err("invalid").to_string()
    }

    #[test]
    fn two_inboxes_on_two_providers_each_send_through_their_own_account() {
        let c = Config::parse(&two(
            &format!("smtp = {{}}\n{GOOGLE}"),
            &format!("[inbox.smtp]\nport = 465\ntls = \"tls\"\n{MICROSOFT}"),
        ))
        .expect("valid");
        let (ceo, brand) = (&c.inboxes[0], &c.inboxes[1]);
        assert_eq!(ceo.host, "imap.gmail.com");
        assert_eq!(brand.host, "outlook.office365.com");
        let ceo_smtp = ceo.smtp.as_ref().expect("the CEO's own SMTP");
        assert_eq!(
            (ceo_smtp.host.as_str(), ceo_smtp.port, ceo_smtp.tls),
            ("smtp.gmail.com", 587, TlsMode::StartTls)
        );
        assert_eq!(
            ceo_smtp.credentials,
            Some(("ceo@shop.example".into(), Login::OAuth2)),
            "the inbox's own login by default"
        );
        let brand_smtp = brand.smtp.as_ref().expect("the brand's own SMTP");
        assert_eq!(
            (brand_smtp.host.as_str(), brand_smtp.port, brand_smtp.tls),
            ("smtp.office365.com", 465, TlsMode::Tls)
        );
        assert_eq!(brand_smtp.from.address.as_str(), "hello@hanbit.example");
        // Mail goes through the account of the address it is from; anything else, [smtp].
        assert_eq!(
            c.smtp_for("Hello@hanbit.example").host,
            "smtp.office365.com"
        );
        assert_eq!(
            c.smtp_for("hello+abc@hanbit.example").host,
            "smtp.office365.com"
        );
        assert_eq!(c.smtp_for("ceo@shop.example").host, "smtp.gmail.com");
        assert_eq!(c.smtp_for("other@shop.example").host, "127.0.0.1");
        let accounts = super::oauth2_accounts(&c);
        let names: Vec<(&str, Option<&str>)> = accounts
            .iter()
            .map(|a| (a.username.as_str(), a.settings.provider.map(|p| p.name())))
            .collect();
        assert_eq!(
            names,
            [
                ("ceo@shop.example", Some("google")),
                ("hello@hanbit.example", Some("microsoft365"))
            ]
        );
        assert!(accounts[1].is_named("HELLO+x@hanbit.example"));
        assert!(!accounts[1].is_named("ceo@shop.example"));
    }

    #[test]
    fn an_inbox_without_its_own_smtp_uses_smtp_and_without_its_own_client_oauth2() {
        let text = two("", "").replace(
            "[smtp]",
            "[oauth2]\nprovider = \"google\"\nclient_id = \"g\"\n\n[smtp]",
        );
        let c = Config::parse(&text).expect("valid");
        assert!(
            c.inboxes
                .iter()
                .all(|i| i.smtp.is_none() && i.oauth2.is_none())
        );
        assert_eq!(c.smtp_for("hello@hanbit.example").host, "127.0.0.1");
        // Both accounts share the one client.
        let accounts = super::oauth2_accounts(&c);
        assert_eq!(accounts.len(), 2);
        assert!(accounts[0].settings.same_client(accounts[1].settings));
        // An own SMTP on [smtp]'s host keeps its port and TLS.
        let c = Config::parse(&text.replacen(
            "auth = \"oauth2\"\n",
            "auth = \"oauth2\"\nsmtp = { username = \"ceo@shop.example\" }\n",
            1,
        ))
        .expect("valid");
        let own = c.inboxes[0].smtp.as_ref().expect("own");
        assert_eq!(
            (own.host.as_str(), own.port, own.tls),
            ("127.0.0.1", 11025, TlsMode::None)
        );
    }

    #[test]
    fn per_inbox_mistakes_are_one_line_naming_the_key() {
        // No client anywhere.
        let e = err(&two("", ""));
        assert!(e.contains("`oauth2`"), "{e}");
        // The inbox's own client's mistakes name its table.
        let e = err(&two(
            GOOGLE,
            "[inbox.oauth2]\nprovider = \"yahoo\"\nclient_id = \"y\"\n",
        ));
        assert!(e.contains("`inbox[1].oauth2.provider`"), "{e}");
        let e = err(&two(GOOGLE, "[inbox.oauth2]\nprovider = \"google\"\n"));
        assert!(e.contains("`inbox[1].oauth2.client_id`"), "{e}");
        // Unknown keys in the sub-tables.
        let e = err(&two(
            GOOGLE,
            &format!("smtp = {{ hots = \"x\" }}\n{MICROSOFT}"),
        ));
        assert!(e.contains("hots"), "{e}");
        // Plain text to a remote host, and another account without a password.
        let e = err(&two(
            GOOGLE,
            &format!("smtp = {{ host = \"smtp.x.example\", tls = \"none\" }}\n{MICROSOFT}"),
        ));
        assert!(e.contains("`inbox[1].smtp.tls`"), "{e}");
        let e = err(&two(
            GOOGLE,
            &format!(
                "smtp = {{ username = \"other@x.example\", auth = \"password\" }}\n{MICROSOFT}"
            ),
        ));
        assert!(e.contains("`inbox[1].smtp.password_env`"), "{e}");
        // One account, two clients: its one grant could not serve both.
        let e = err(&two(
            GOOGLE,
            &format!("smtp = {{ username = \"ceo@shop.example\" }}\n{MICROSOFT}"),
        ));
        assert!(
            e.contains("`inbox[1].smtp.username`") && e.contains("another OAuth2 client"),
            "{e}"
        );
    }
}
