//! Text as routing reads it: normalised, and searched for many phrases in one pass. Shared by
//! the classifier, the urgency signs, the intent taxonomy and the config that compiles their
//! phrase indexes, so none of them needs another to find a word.

/// Lower-case and collapse whitespace, so "Charged  Twice" matches "charged twice".
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            // Most words of most mail: a byte-wise lower-casing, the same result as the
            // per-character one below at a fraction of its cost (it was a tenth of reading
            // a message).
            let at = out.len();
            out.push_str(word);
            out[at..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// Whether `text` contains keyword `k` as routing means it. Latin keywords are stems that
/// start a word ("broke" finds "broken", "deliver" finds "delivered", but "app" does not find
/// "happy" and "ups" does not find "cups"); one of three letters or fewer is a whole word ("ups"
/// is not "upset", "vat" not "vatican"). Other scripts match anywhere: Korean and Japanese
/// write words together ("결제오류로").
pub fn contains_keyword(text: &str, k: &str) -> bool {
    text.match_indices(k)
        .any(|(at, _)| at_word_start(text, k, at))
}

/// Many phrases found in one pass over a text (Aho-Corasick), each under `contains_keyword`'s
/// rules: a Latin phrase starts a word (and is a whole word at three letters or fewer); other
/// scripts match anywhere. With a taxonomy's thousands of phrases, scanning the text once per
/// phrase was most of classification's time.
#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    ac: Option<aho_corasick::AhoCorasick>,
    phrases: Vec<String>,
}

impl PhraseIndex {
    pub fn new(phrases: Vec<String>) -> PhraseIndex {
        let ac = aho_corasick::AhoCorasick::new(&phrases).ok();
        PhraseIndex { ac, phrases }
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Whether any phrase occurs in `text` (already `normalise`d), under `contains_keyword`'s
    /// rules: one pass, where asking phrase by phrase built a searcher for each (issue 15: a
    /// tenth of processing's time went to that in the wants reading).
    pub fn any(&self, text: &str) -> bool {
        let Some(ac) = &self.ac else {
            return false;
        };
        ac.find_overlapping_iter(text).any(|m| {
            self.phrases
                .get(m.pattern().as_usize())
                .is_some_and(|k| at_word_start(text, k, m.start()))
        })
    }

    /// `any`, counting only occurrences `keep(phrase, start)` accepts.
    pub fn any_where(&self, text: &str, keep: impl Fn(&str, usize) -> bool) -> bool {
        let Some(ac) = &self.ac else {
            return false;
        };
        ac.find_overlapping_iter(text).any(|m| {
            self.phrases
                .get(m.pattern().as_usize())
                .is_some_and(|k| at_word_start(text, k, m.start()) && keep(k, m.start()))
        })
    }

    /// The phrases, in the order given.
    pub fn phrases(&self) -> &[String] {
        &self.phrases
    }

    /// Which phrases occur in `text` (already `normalise`d), by index.
    pub fn hits(&self, text: &str) -> Vec<bool> {
        self.hits_unless(text, |_, _| false)
    }

    /// `hits`, not counting an occurrence at `text[start..end]` for which `skip` says so (a
    /// symptom the customer denies).
    pub fn hits_unless(&self, text: &str, skip: impl Fn(usize, usize) -> bool) -> Vec<bool> {
        let mut hit = vec![false; self.phrases.len()];
        let Some(ac) = &self.ac else {
            return hit;
        };
        for m in ac.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            if hit.get(i).copied().unwrap_or(true) {
                continue;
            }
            let Some(k) = self.phrases.get(i) else {
                continue;
            };
            if at_word_start(text, k, m.start())
                && !skip(m.start(), m.end())
                && let Some(h) = hit.get_mut(i)
            {
                *h = true;
            }
        }
        hit
    }
}

/// Every route's keywords in one `PhraseIndex`: `per_route[r][k]` is the phrase of keyword `k`
/// of route `r` (config order, triage last).
#[derive(Debug, Clone, Default)]
pub struct KeywordIndex {
    pub index: PhraseIndex,
    pub per_route: Vec<Vec<usize>>,
}

impl KeywordIndex {
    /// `routes[r]` holds route `r`'s keywords, already normalised.
    pub fn new(routes: &[Vec<&str>]) -> KeywordIndex {
        let mut phrases: Vec<String> = Vec::new();
        let mut per_route = Vec::new();
        for keywords in routes {
            let mut ids = Vec::new();
            for kw in keywords {
                let id = match phrases.iter().position(|p| p == kw) {
                    Some(id) => id,
                    None => {
                        phrases.push((*kw).to_string());
                        phrases.len() - 1
                    }
                };
                ids.push(id);
            }
            per_route.push(ids);
        }
        KeywordIndex {
            index: PhraseIndex::new(phrases),
            per_route,
        }
    }
}

/// Whether the occurrence of `k` at byte `at` of `text` counts (see `contains_keyword`).
pub(crate) fn at_word_start(text: &str, k: &str, at: usize) -> bool {
    let latin = k.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !latin {
        return true;
    }
    let whole = k.chars().count() <= 3;
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at + k.len()..).and_then(|t| t.chars().next());
    !(is_word(before) || whole && is_word(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_is_per_character_lower_casing_whatever_the_script() {
        let texts = [
            "Charged  TWICE\tfor Order #4471",
            "ÉCLAIR Straße İstanbul ΣΑΣ",
            "환불 REFUND 返金 Ｒｅｆｕｎｄ",
            "  \n ",
            "mixed-ASCII-and-ÜBER words",
        ];
        for t in texts {
            let slow: Vec<String> = t
                .split_whitespace()
                .map(|w| w.chars().flat_map(char::to_lowercase).collect())
                .collect();
            assert_eq!(normalise(t), slow.join(" "), "{t:?}");
        }
        assert_eq!(normalise("Charged  TWICE"), "charged twice");
    }
}
