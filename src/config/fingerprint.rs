//! What a config means, section by section, as short digests: two `qmark run` on one database
//! (a leader and its standby) compare them, so a standby started with another config (an edited
//! route, a missing executive) is noticed before it takes over and routes mail differently.
//! Comments, key order and spacing do not count; values do. Pure.

use std::collections::BTreeMap;

use sha2::{Digest as _, Sha256};

/// Sections that belong to one machine, not to what the mail sees: each machine's status
/// server listens where that machine's monitoring looks, so two on one host must differ.
const MACHINE_ONLY: &[&str] = &["metrics"];

/// `section=digest` pairs in section order, plus `qmark=<version>`: the binary decides too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint(BTreeMap<String, String>);

impl Fingerprint {
    /// The fingerprint of a config's text; an unparsable text has none (it never loads anyway).
    pub fn of(text: &str) -> Fingerprint {
        let Ok(table) = text.parse::<toml::Table>() else {
            return Fingerprint::default();
        };
        let mut sections: BTreeMap<String, String> = table
            .iter()
            .filter(|(key, _)| !MACHINE_ONLY.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), digest(value)))
            .collect();
        sections.insert("qmark".into(), env!("CARGO_PKG_VERSION").into());
        Fingerprint(sections)
    }

    /// As stored beside the leader: `database=1a2b3c4d5e6f inbox=… qmark=0.1.0`.
    pub fn encode(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn decode(s: &str) -> Fingerprint {
        Fingerprint(
            s.split_whitespace()
                .filter_map(|pair| pair.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// The sections that differ from `other`'s (present in one only, or with another value),
    /// as an operator would look for them: `[[routes]]`, `[routing]`, `qmark` (the version).
    pub fn differences(&self, other: &Fingerprint) -> Vec<String> {
        let mut keys: Vec<&String> = self.0.keys().chain(other.0.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| self.0.get(*k) != other.0.get(*k))
            .map(|k| match k.as_str() {
                "qmark" => "the qmark version".to_string(),
                "routes" | "inbox" | "webhooks" | "accounts" => format!("[[{k}]]"),
                _ => format!("[{k}]"),
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The first 12 hex digits of SHA-256 over the value as JSON: `toml::Table` keeps its keys
/// sorted, so the same meaning gives the same bytes whatever order the file wrote them in.
fn digest(value: &toml::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let sum = Sha256::digest(json.as_bytes());
    sum.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = r#"
        # the leader's copy
        [database]
        url = "postgres://qmark@db/qmark"

        [[routes]]
        name = "billing"
        owner = "billing@example.com"
        keywords = ["refund", "charge"]
    "#;

    #[test]
    fn comments_order_and_spacing_do_not_change_it() {
        let b = r#"
        [[routes]]
        keywords = [ "refund",   "charge" ]
        owner = "billing@example.com"   # who answers
        name = "billing"
        [database]
        url="postgres://qmark@db/qmark"
        "#;
        assert_eq!(Fingerprint::of(A), Fingerprint::of(b));
        assert!(
            Fingerprint::of(A)
                .differences(&Fingerprint::of(b))
                .is_empty()
        );
    }

    #[test]
    fn a_changed_route_or_a_missing_section_is_named() {
        let b = A.replace("\"charge\"", "\"charge\", \"invoice\"");
        assert_eq!(
            Fingerprint::of(A).differences(&Fingerprint::of(&b)),
            vec!["[[routes]]"]
        );
        let c = format!("{A}\n[executives]\naddresses = [\"ceo@example.com\"]\n");
        assert_eq!(
            Fingerprint::of(A).differences(&Fingerprint::of(&c)),
            vec!["[executives]"]
        );
    }

    #[test]
    fn each_machine_s_status_server_address_is_its_own() {
        let b = format!("{A}\n[metrics]\nlisten = \"127.0.0.1:9465\"\n");
        assert!(
            Fingerprint::of(A)
                .differences(&Fingerprint::of(&b))
                .is_empty()
        );
    }

    #[test]
    fn it_survives_the_database_round_trip() {
        let f = Fingerprint::of(A);
        assert_eq!(Fingerprint::decode(&f.encode()), f);
        assert!(f.encode().contains("qmark="));
    }

    #[test]
    fn another_qmark_version_is_a_difference() {
        let mut old = Fingerprint::of(A);
        old.0.insert("qmark".into(), "0.0.1".into());
        assert_eq!(
            Fingerprint::of(A).differences(&old),
            vec!["the qmark version"]
        );
    }
}
