//! The shipped taxonomy of complaint intents (`data/intents.toml`): what customers write when
//! they mean "charged twice", "arrived melted" or "someone got into my account", in English,
//! Korean and Japanese. A route that lists `intents = [...]` routes on their phrases from day
//! one, before it has any history; intents marked urgent make any complaint urgent. Pure.

use serde::Deserialize;

/// The taxonomy compiled into the binary; `[routing] intents_file` replaces it.
pub const BUILT_IN: &str = include_str!("../../data/intents.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    #[serde(default)]
    intent: Vec<RawIntent>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntent {
    name: String,
    category: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    urgent: bool,
    /// Mail that sells to or asks something of the company: its threat words are its talk.
    #[serde(default)]
    pitch: bool,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    ko: Vec<String>,
    #[serde(default)]
    ja: Vec<String>,
    /// Further languages, by code: `zh = [...]` and so on.
    #[serde(flatten)]
    other: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    pub name: String,
    pub category: String,
    pub description: String,
    pub urgent: bool,
    /// A pitch, a press enquiry, a job application: nobody's complaint (see `data/intents.toml`).
    pub pitch: bool,
    /// Normalised as route keywords are (`text::normalise`), every language together.
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taxonomy {
    pub intents: Vec<Intent>,
}

impl Taxonomy {
    /// Parse a taxonomy; the error says what is wrong in a line.
    pub fn parse(text: &str) -> Result<Taxonomy, String> {
        let raw: RawTaxonomy =
            toml::from_str(text).map_err(|e| e.to_string().replace('\n', " "))?;
        let mut intents: Vec<Intent> = Vec::new();
        for r in raw.intent {
            if intents.iter().any(|i| i.name == r.name) {
                return Err(format!("intent {:?} is defined twice", r.name));
            }
            let mut phrases: Vec<String> =
                r.en.iter()
                    .chain(&r.ko)
                    .chain(&r.ja)
                    .chain(r.other.values().flatten())
                    .map(|p| crate::routing::text::normalise(p))
                    .filter(|p| !p.is_empty())
                    .collect();
            phrases.sort();
            phrases.dedup();
            intents.push(Intent {
                name: r.name,
                category: r.category,
                description: r.description,
                urgent: r.urgent,
                pitch: r.pitch,
                phrases,
            });
        }
        Ok(Taxonomy { intents })
    }

    pub fn built_in() -> Taxonomy {
        // The built-in file is checked by a unit test; an empty taxonomy is the safe fallback.
        Taxonomy::parse(BUILT_IN).unwrap_or_default()
    }

    /// The intents a route's `intents` entry names: one intent by name, or every intent of a
    /// category (`"billing"`). None when the name is neither.
    pub fn select(&self, name: &str) -> Option<Vec<&Intent>> {
        if let Some(i) = self.intents.iter().find(|i| i.name == name) {
            return Some(vec![i]);
        }
        let all: Vec<&Intent> = self.intents.iter().filter(|i| i.category == name).collect();
        (!all.is_empty()).then_some(all)
    }

    /// A few valid names, for an error message.
    pub fn some_names(&self) -> String {
        let mut cats: Vec<&str> = self.intents.iter().map(|i| i.category.as_str()).collect();
        cats.sort_unstable();
        cats.dedup();
        let names: Vec<&str> = self
            .intents
            .iter()
            .take(6)
            .map(|i| i.name.as_str())
            .collect();
        format!(
            "an intent such as {} (data/intents.toml lists {}), or a category: {}",
            names.join(", "),
            self.intents.len(),
            cats.join(", ")
        )
    }

    /// The phrases of every pitch intent (a sales pitch, a press enquiry, a job application).
    pub fn pitch_phrases(&self) -> std::collections::HashSet<String> {
        self.intents
            .iter()
            .filter(|i| i.pitch)
            .flat_map(|i| i.phrases.iter().cloned())
            .collect()
    }

    /// (phrase, intent name) of every urgent intent.
    pub fn urgent_phrases(&self) -> Vec<(String, String)> {
        self.intents
            .iter()
            .filter(|i| i.urgent)
            .flat_map(|i| i.phrases.iter().map(|p| (p.clone(), i.name.clone())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_taxonomy_parses_and_covers_three_languages_for_every_category() {
        let t = Taxonomy::parse(BUILT_IN).expect("data/intents.toml parses");
        assert!(t.intents.len() >= 40, "{} intents", t.intents.len());
        for cat in [
            "billing", "delivery", "product", "account", "service", "privacy", "other",
        ] {
            let of = t.select(cat).expect("every category has intents");
            let has = |pred: fn(&str) -> bool| of.iter().flat_map(|i| &i.phrases).any(|p| pred(p));
            assert!(has(|p| p.is_ascii()), "{cat}: English");
            assert!(
                has(|p| p.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c))),
                "{cat}: Korean"
            );
            assert!(
                has(|p| p.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)
                    || ('\u{4e00}'..='\u{9fff}').contains(&c))),
                "{cat}: Japanese"
            );
        }
        assert!(t.intents.iter().any(|i| i.urgent));
    }

    #[test]
    fn routes_name_intents_or_whole_categories() {
        let t = Taxonomy::parse(
            r#"
[[intent]]
name = "double_charge"
category = "billing"
en = ["Charged Twice"]
ko = ["이중 결제"]
[[intent]]
name = "refund_missing"
category = "billing"
urgent = true
ja = ["返金されない"]
"#,
        )
        .expect("parses");
        assert_eq!(t.select("double_charge").map(|v| v.len()), Some(1));
        assert_eq!(t.select("billing").map(|v| v.len()), Some(2));
        assert_eq!(t.select("nope"), None);
        assert_eq!(
            t.select("double_charge").expect("intent")[0].phrases,
            vec!["charged twice".to_string(), "이중 결제".to_string()]
        );
        assert_eq!(
            t.urgent_phrases(),
            vec![("返金されない".into(), "refund_missing".into())]
        );
        assert!(Taxonomy::parse("[[intent]]\nname = \"a\"\ncategory = \"b\"\n[[intent]]\nname = \"a\"\ncategory = \"b\"\n").is_err());
    }
}
