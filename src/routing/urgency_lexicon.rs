//! The urgency lexicon (`data/urgency.toml`): situations that make a complaint urgent, as
//! phrases that name them alone ("anaphylaxis", "식중독", "食中毒") and as pairs of words that
//! only mean harm together ("hand" near "burned", "아이가" near "삼켰", "薬が" near "届かない").
//! Words inside a known trap ("お届けが" holds "けが") and symptoms the customer denies do not
//! count. Pure; compiled once.
//!
//! Pairs rather than more single words: the single words that generalise ("burn", "cut",
//! "swollen", "sick") are exactly the ones that also mean burnt toast, a price cut or being sick
//! of waiting; next to a body part or a child they almost never do.

use std::sync::LazyLock;

use serde::Deserialize;

/// The lexicon compiled into the binary.
pub const BUILT_IN: &str = include_str!("../../data/urgency.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    ko: Vec<String>,
    #[serde(default)]
    ja: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
}

impl Words {
    fn all(&self) -> impl Iterator<Item = &String> {
        self.en
            .iter()
            .chain(&self.ko)
            .chain(&self.ja)
            .chain(&self.zh)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSign {
    name: String,
    kind: String,
    #[allow(dead_code)]
    why: String,
    #[serde(flatten)]
    words: Words,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNear {
    name: String,
    kind: String,
    #[allow(dead_code)]
    why: String,
    within: usize,
    /// The two words may stand in neighbouring sentences ("My grandmother is 91 and lives on
    /// her own. Her heater stopped working"): for situations a writer tells over several.
    #[serde(default)]
    across: bool,
    first: Words,
    second: Words,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTraps {
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    #[serde(default)]
    alone_not_urgent: Vec<String>,
}

/// A danger already over (`[resolved]`): see `Lexicon::over`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResolved {
    #[serde(default)]
    done: Words,
    #[serde(default)]
    before: Words,
    #[serde(default)]
    thanks: Words,
    #[serde(default)]
    again: Words,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    sign: Vec<RawSign>,
    #[serde(default)]
    near: Vec<RawNear>,
    #[serde(default)]
    traps: RawTraps,
    #[serde(default)]
    taxonomy: RawTaxonomy,
    #[serde(default)]
    resolved: RawResolved,
}

/// What an occurrence of a phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Sign(usize),
    First(usize),
    Second(usize),
    Trap,
    /// `[resolved]`'s four lists, in their order: done, before, thanks, again.
    Over(usize),
}

/// One phrase of one entry: `stem` (a trailing `*`) lets a Latin phrase end inside a word.
#[derive(Debug, Clone)]
struct Entry {
    role: Role,
    text: String,
    stem: bool,
}

/// A category of urgency: its reason's kind and name.
#[derive(Debug)]
struct Category {
    name: String,
    kind: String,
    within: usize,
    across: bool,
}

#[derive(Debug)]
pub struct Lexicon {
    ac: aho_corasick::AhoCorasick,
    /// Per pattern of `ac`, the entries that share its text.
    entries: Vec<Vec<Entry>>,
    signs: Vec<Category>,
    pairs: Vec<Category>,
    quiet: Vec<String>,
}

/// The kind of the lexicon's legal, regulator and press threats (`data/urgency.toml`).
const THREAT_KIND: &str = "legal, regulator or press threat";

/// One urgency sign found: the reason's kind and what showed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub kind: &'static str,
    pub name: &'static str,
    pub phrase: String,
}

impl Lexicon {
    /// Every kind of reason the lexicon gives ("safety hazard or injury", ...), once each.
    pub fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = self
            .signs
            .iter()
            .chain(&self.pairs)
            .map(|c| c.kind.as_str())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }

    /// Parse a lexicon; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let raw: RawLexicon = toml::from_str(text).map_err(|e| e.to_string().replace('\n', " "))?;
        let mut all: Vec<Entry> = Vec::new();
        let mut add = |role: Role, words: &mut dyn Iterator<Item = &String>| {
            for w in words {
                let w = crate::routing::text::normalise(w).replace('’', "'");
                let (text, stem) = match w.strip_suffix('*') {
                    Some(t) => (t.to_string(), true),
                    None => (w, false),
                };
                if !text.is_empty() {
                    all.push(Entry { role, text, stem });
                }
            }
        };
        let mut signs = Vec::new();
        for (i, s) in raw.sign.iter().enumerate() {
            add(Role::Sign(i), &mut s.words.all());
            signs.push(Category {
                name: s.name.clone(),
                kind: s.kind.clone(),
                within: 0,
                across: false,
            });
        }
        let mut pairs = Vec::new();
        for (i, n) in raw.near.iter().enumerate() {
            if n.first.all().next().is_none() || n.second.all().next().is_none() {
                return Err(format!("near {:?} needs words in first and second", n.name));
            }
            add(Role::First(i), &mut n.first.all());
            add(Role::Second(i), &mut n.second.all());
            pairs.push(Category {
                name: n.name.clone(),
                kind: n.kind.clone(),
                within: n.within,
                across: n.across,
            });
        }
        add(Role::Trap, &mut raw.traps.words.iter());
        let r = &raw.resolved;
        for (i, words) in [&r.done, &r.before, &r.thanks, &r.again].iter().enumerate() {
            add(Role::Over(i), &mut words.all());
        }
        // One pattern per distinct text; its entries keep their own roles and boundaries.
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry>> = Vec::new();
        for e in all {
            match patterns.iter().position(|p| *p == e.text) {
                Some(i) => {
                    if let Some(v) = entries.get_mut(i) {
                        v.push(e);
                    }
                }
                None => {
                    patterns.push(e.text.clone());
                    entries.push(vec![e]);
                }
            }
        }
        let ac = aho_corasick::AhoCorasick::new(&patterns).map_err(|e| e.to_string())?;
        let quiet = raw
            .taxonomy
            .alone_not_urgent
            .iter()
            .map(|p| crate::routing::text::normalise(p))
            .collect();
        Ok(Lexicon {
            ac,
            entries,
            signs,
            pairs,
            quiet,
        })
    }

    /// Whether a phrase of the taxonomy's urgent intents is too common to make mail urgent
    /// alone (`[taxonomy] alone_not_urgent`).
    pub fn quiet(&self, phrase: &str) -> bool {
        self.quiet.iter().any(|q| q == phrase)
    }

    /// Where `text` holds a trap word ("커피가", "お届けが"): a taxonomy phrase found inside one
    /// of these spans is not a sign either.
    pub fn trap_spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.ac
            .find_overlapping_iter(text)
            .filter(|m| {
                self.entries.get(m.pattern().as_usize()).is_some_and(|es| {
                    es.iter()
                        .any(|e| e.role == Role::Trap && bounded(text, m.start(), m.end(), e.stem))
                })
            })
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// Whether `text` (the customer's own words) tells of a danger already over: something
    /// saying it is gone ("no smell at all", "잘 쓰고 있", "問題なく使"), that it was before (an
    /// earlier mail, last week) and a thank-you or an update, and nothing saying it came back.
    /// The phrase that said it is gone, to show in the reasons, and the text after it: a
    /// danger told after "it is fine now" (the same batch at a sister's, a neighbour's heater,
    /// another child) is another danger, and the caller looks for signs there.
    pub fn over(&self, text: &str) -> Option<(String, String)> {
        let text = prepare(text);
        let mut first: [Option<(usize, usize)>; 4] = [None; 4];
        for m in self.ac.find_overlapping_iter(&text) {
            for e in self
                .entries
                .get(m.pattern().as_usize())
                .into_iter()
                .flatten()
            {
                if let Role::Over(i) = e.role
                    && bounded(&text, m.start(), m.end(), e.stem)
                    && let Some(slot) = first.get_mut(i)
                {
                    slot.get_or_insert((m.start(), m.end()));
                }
            }
        }
        match first {
            [Some((a, b)), Some(_), Some(_), None] => Some((
                text.get(a..b)?.to_string(),
                text.get(b..).unwrap_or_default().to_string(),
            )),
            _ => None,
        }
    }

    /// The urgency signs in `text` (lower-cased; the subject and the customer's own words),
    /// one per category, in the lexicon's order.
    pub fn find(&'static self, text: &str) -> Vec<Found> {
        let text = prepare(text);
        let mut traps: Vec<(usize, usize)> = Vec::new();
        let mut hits: Vec<(Role, usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(&text) {
            let Some(es) = self.entries.get(m.pattern().as_usize()) else {
                continue;
            };
            for e in es {
                if !bounded(&text, m.start(), m.end(), e.stem) {
                    continue;
                }
                match e.role {
                    Role::Trap => traps.push((m.start(), m.end())),
                    Role::Over(_) => {}
                    r => hits.push((r, m.start(), m.end())),
                }
            }
        }
        hits.retain(|(role, a, b)| {
            let trapped = traps.iter().any(|(ta, tb)| ta < b && a < tb);
            // The first word of a pair is a person or a thing, which a negation does not undo
            // ("no medicine" is the danger); the harm word is the one a customer denies.
            let denied = match role {
                Role::First(_) => false,
                _ if self.is_threat(*role) => {
                    crate::routing::urgency_scope::threat_disclaimed(&text, *a, *b)
                }
                _ => crate::routing::urgency_scope::negated(&text, *a, *b),
            };
            !trapped && !denied
        });
        let mut out = Vec::new();
        for (i, c) in self.signs.iter().enumerate() {
            if let Some((_, a, b)) = hits.iter().find(|(r, _, _)| *r == Role::Sign(i)) {
                out.push(self.found(c, text.get(*a..*b).unwrap_or_default().to_string()));
            }
        }
        for (i, c) in self.pairs.iter().enumerate() {
            if let Some(phrase) = pair_in(&text, &hits, i, c.within, c.across) {
                out.push(self.found(c, phrase));
            }
        }
        out
    }

    /// Whether a hit names a threat to the shop (a lawyer, a regulator, the press), which a
    /// customer may rule out more loosely than a symptom.
    fn is_threat(&self, role: Role) -> bool {
        let category = match role {
            Role::Sign(i) => self.signs.get(i),
            Role::Second(i) => self.pairs.get(i),
            _ => None,
        };
        category.is_some_and(|c| c.kind == THREAT_KIND)
    }

    fn found(&'static self, c: &'static Category, phrase: String) -> Found {
        Found {
            kind: c.kind.as_str(),
            name: c.name.as_str(),
            phrase,
        }
    }
}

/// The text as the lexicon reads it: one space between words, one line per paragraph (a
/// line wrapped by the mail client is not a sentence's end), straight apostrophes.
fn prepare(text: &str) -> String {
    let text = text.replace('’', "'").to_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push(if blank { '\n' } else { ' ' });
        }
        out.push_str(&line);
        blank = false;
    }
    out
}

/// Whether the occurrence at `text[start..end]` is a word as the lexicon means it: Latin
/// phrases start a word and end one (unless a stem); other scripts match anywhere.
fn bounded(text: &str, start: usize, end: usize, stem: bool) -> bool {
    let phrase = text.get(start..end).unwrap_or_default();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    if latin(phrase.chars().next()) && word(before) {
        return false;
    }
    !(latin(phrase.chars().next_back()) && !stem && word(after))
}

/// The first pair of pair `i` in `text`: a first and a second word at most `within` characters
/// apart with no sentence's end between them, shown as "first … second".
fn pair_in(
    text: &str,
    hits: &[(Role, usize, usize)],
    i: usize,
    within: usize,
    across: bool,
) -> Option<String> {
    let firsts = hits.iter().filter(|(r, _, _)| *r == Role::First(i));
    for (_, fa, fb) in firsts {
        for (_, sa, sb) in hits.iter().filter(|(r, _, _)| *r == Role::Second(i)) {
            let (gap_start, gap_end) = if sa >= fb {
                (*fb, *sa)
            } else if fa >= sb {
                (*sb, *fa)
            } else {
                continue; // overlapping: one word, not two
            };
            let gap = text.get(gap_start..gap_end).unwrap_or_default();
            if gap.chars().count() <= within && (across || !ends_sentence(gap)) {
                let (f, s) = (
                    text.get(*fa..*fb).unwrap_or_default(),
                    text.get(*sa..*sb).unwrap_or_default(),
                );
                return Some(format!("{f} … {s}"));
            }
        }
    }
    None
}

/// Whether a stretch of text crosses a sentence's end (or a paragraph's).
fn ends_sentence(gap: &str) -> bool {
    gap.contains(['!', '?', ';', '\n', '。', '！', '？'])
        || gap
            .char_indices()
            .any(|(i, c)| c == '.' && gap.get(i + 1..).is_none_or(|r| r.starts_with(' ')))
}

static BUILT: LazyLock<Option<Lexicon>> = LazyLock::new(|| Lexicon::parse(BUILT_IN).ok());

/// The built-in lexicon (checked by a unit test; None only if the shipped file were broken).
pub fn built_in() -> Option<&'static Lexicon> {
    BUILT.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(subject: &str, body: &str) -> Vec<(&'static str, String)> {
        built_in()
            .expect("the shipped lexicon parses")
            .find(&format!("{subject}\n{body}"))
            .into_iter()
            .map(|f| (f.name, f.phrase))
            .collect()
    }

    fn names(subject: &str, body: &str) -> Vec<&'static str> {
        kinds(subject, body).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn the_shipped_lexicon_parses() {
        let l = Lexicon::parse(BUILT_IN).expect("data/urgency.toml parses");
        assert!(l.signs.len() >= 10 && l.pairs.len() >= 4);
        assert!(l.quiet("my baby"));
        assert!(!l.quiet("caught fire"));
        assert!(Lexicon::parse("[[near]]\nname = \"x\"\nkind = \"k\"\nwhy = \"\"\nwithin = 3\n[near.first]\nen = [\"a\"]\n[near.second]\n").is_err());
    }

    #[test]
    fn a_harm_word_near_a_body_part_is_an_injury() {
        assert_eq!(
            names("kettle", "The lid popped and my hand got badly burned."),
            ["body_part_harmed"]
        );
        assert!(names("kettle", "손가락을 칼날에 베였어요").contains(&"cut_or_wound"));
        assert_eq!(
            names("칼", "조립하다가 손바닥이 찢어졌어요"),
            ["body_part_harmed"]
        );
        assert_eq!(
            names("包丁", "指を深く切ってしまいました"),
            ["body_part_harmed"]
        );
        // The same words without a body part are a product fault.
        assert!(
            names(
                "toaster",
                "The toast came out burnt and the price cut is a joke"
            )
            .is_empty()
        );
        assert!(names("상자", "상자가 찢어져서 왔어요").is_empty());
        // Furniture has legs and arms; a broken one is not an injury.
        assert!(names("chair", "One leg of the chair broke and the arm is cracked").is_empty());
    }

    #[test]
    fn a_child_or_elder_near_danger_is_at_risk() {
        assert_eq!(
            names(
                "toy",
                "My toddler put a piece in his mouth and started gagging"
            ),
            ["vulnerable_person_at_risk"]
        );
        assert!(names("x", "아이가 뚜껑을 삼켰어요").contains(&"choking_or_breathing"));
        assert_eq!(
            names("x", "아들이 침대에서 떨어졌어요"),
            ["vulnerable_person_at_risk"]
        );
        assert_eq!(
            names("配達", "高齢の母が食べるものがない状態です"),
            ["vulnerable_person_at_risk"]
        );
        assert_eq!(
            names(
                "groceries",
                "My 84-year-old mother has had no food since Monday"
            ),
            ["vulnerable_person_at_risk"]
        );
        // A gift for a child, a child's product: nothing at risk.
        assert!(
            names(
                "gift",
                "I ordered a gift for my daughter but the colour is wrong"
            )
            .is_empty()
        );
        assert!(names("x", "子供用の椅子の色が違います").is_empty());
        assert!(names("x", "아이패드 케이스가 안 맞아요").is_empty());
    }

    #[test]
    fn infants_by_age_in_months_tip_overs_and_breathing_trouble() {
        assert_eq!(
            names(
                "bath seat",
                "The seat tipped over with our 8-month-old in it"
            ),
            ["vulnerable_person_at_risk"]
        );
        assert_eq!(
            names("toy", "I found my daughter with a marble in her mouth"),
            ["vulnerable_person_at_risk"]
        );
        assert!(
            names("pram", "the pram rolled into the road with my son in it")
                .contains(&"vulnerable_person_at_risk")
        );
        assert!(
            names("", "生後6ヶ月の赤ちゃんが部品を口に入れていました")
                .contains(&"vulnerable_person_at_risk")
        );
        assert!(
            names("", "After one bite he struggled to breathe").contains(&"choking_or_breathing")
        );
        assert_eq!(
            names("", "her lips looked puffy within minutes"),
            ["body_part_harmed"]
        );
        assert!(
            names("", "スライサーで指を切りました。三針縫いました。").contains(&"cut_or_wound")
        );
        // Not a danger: a product for a baby, a wobbly stool without anyone on it.
        assert!(names("gift", "The 3-month-old size is lovely").is_empty());
        assert!(names("", "The stool tipped over in the shop").is_empty());
    }

    #[test]
    fn fire_as_slang_praise_is_no_fire() {
        assert!(names("", "Honestly this blender is fire, but the lid squeaks").is_empty());
        assert!(!names("", "The blender caught fire").is_empty());
    }

    #[test]
    fn medicine_that_did_not_come_is_urgent() {
        assert_eq!(
            names(
                "order",
                "My insulin still hasn't arrived and I am on my last dose"
            ),
            ["left_without_medicine"]
        );
        assert_eq!(
            names("배송", "어머니 약이 아직 안 왔어요"),
            ["left_without_medicine"]
        );
        assert_eq!(
            names("配送", "処方された薬が届かないので困っています"),
            ["left_without_medicine"]
        );
        // 예약 (a booking) holds 약이; a booking that did not come is no medicine.
        assert!(names("배송", "예약이 아직 안 왔어요").is_empty());
    }

    #[test]
    fn money_moved_without_consent_is_fraud() {
        assert_eq!(
            names(
                "bank",
                "£480 was debited from my card without my permission"
            ),
            ["money_taken_without_consent"]
        );
        assert_eq!(
            names("결제", "제 카드로 몰래 결제가 됐어요"),
            ["money_taken_without_consent"]
        );
        assert_eq!(
            names("請求", "知らない間にカードから引き落とされていた"),
            ["money_taken_without_consent"]
        );
        assert!(names("refund", "Please put the money back on my card").is_empty());
    }

    #[test]
    fn a_stranger_in_the_account_is_a_takeover() {
        assert_eq!(
            names("login", "I keep getting login codes that I didn't request"),
            ["stranger_in_the_account"]
        );
        assert_eq!(
            names("로그인", "제가 요청하지 않은 인증번호가 계속 와요"),
            ["stranger_in_the_account"]
        );
        assert_eq!(
            names("ログイン", "見知らぬ端末からログインがありました"),
            ["stranger_in_the_account"]
        );
        assert!(names("password", "I changed my password and still cannot log in").is_empty());
    }

    #[test]
    fn threats_are_named_in_each_language() {
        assert!(
            names("refund", "I will take this to small claims court").contains(&"legal_threat")
        );
        assert!(names("환불", "한국소비자원에 신고하겠습니다").contains(&"regulator_threat"));
        assert!(names("返金", "公正取引委員会に相談します").contains(&"regulator_threat"));
        assert!(names("x", "I have filed with the FTC and the BBB").contains(&"regulator_threat"));
        assert!(names("x", "A journalist friend is interested").contains(&"press_threat"));
        assert!(
            names(
                "x",
                "We plan to air a segment and invite you to respond on camera"
            )
            .contains(&"press_threat")
        );
        // A television is a product, a shopping channel no press, savoury no lawsuit.
        assert!(names("TV", "The TV I saw on the news channel arrived").is_empty());
        assert!(names("x", "홈쇼핑 방송에서 보고 샀어요. 고소한 맛이 없어요").is_empty());
    }

    #[test]
    fn traps_hold_words_that_only_look_like_signs() {
        assert!(names("配送", "お届けが遅れています").is_empty());
        assert!(names("커피", "커피가 나오지 않아요").is_empty());
        assert!(names("배송", "배송이 연기가 되었어요").is_empty());
        assert!(names("x", "I am sick of waiting for this").is_empty());
        assert!(names("x", "전기자전거를 샀는데 사기 전에 물어볼걸").is_empty());
    }

    #[test]
    fn denials_and_inflections() {
        // Denied: the harm word of a pair, and a sign.
        assert!(names("kettle", "The kettle leaked but my hand was not burned").is_empty());
        assert!(names("x", "아이가 다치지 않았어요").is_empty());
        assert!(names("x", "幸い子供は怪我はありません").is_empty());
        // Korean endings and Japanese conjugations of the same harm.
        for body in ["아이가 다쳤어요", "아이가 다쳐서", "아이가 다칠 뻔했어요"]
        {
            assert!(!names("x", body).is_empty(), "{body}");
        }
        for body in [
            "手をやけどしました",
            "指が腫れてしまった",
            "唇が腫れあがりました",
        ] {
            assert!(!names("x", body).is_empty(), "{body}");
        }
        // Separate sentences are not a pair.
        assert!(names("x", "My son loves it. The toast was burnt.").is_empty());
    }

    #[test]
    fn a_threat_denied_or_a_lawyer_friend_is_no_threat_and_a_threat_still_is() {
        for body in [
            "I'm not going to sue, I just want the refund.",
            "I am not threatening to sue anyone.",
            "My friend who's a lawyer says I'm entitled to a refund.",
            "변호사로 일하는 친구에게 물어보니 청약철회가 된다고 하더라고요.",
            "민원 넣으려는 건 아니고 그냥 기준이 궁금해서요.",
            "고소할 생각은 전혀 없습니다.",
            // The verb and its object between the threat and the denial.
            "소송 걸 생각은 없고요, 그냥 돌려주세요.",
            "이 정도 일로 소비자원에 신고까지 할 생각은 없습니다.",
            "소보원이니 뭐니 그런 데까지 갈 생각은 전혀 없구요, 교환만 해주세요.",
            // The law cited for a right is not a threat to go to law.
            "받고 사흘 만에 신청했으니 법적으로도 청약철회가 가능한 것으로 알고 있습니다.",
            "このようなことで訴えるだの、消費者センターに言うだの、そういうつもりは毛頭ございません。",
            "Look, I'm not the sort of person who goes running to solicitors over biscuits.",
            "訴えるつもりなどは全くありませんが、一応お伝えします。",
            "弁護士をしている知人に話したら驚いていました。",
            "한국소비자원 소비자분쟁해결기준에 보면 교환이 된다고 나와 있던데요.",
            "The spicy pork kit set our mouths on fire, in a good way.",
            "Got a text about a redelivery fee. Is it real or a scam?",
        ] {
            assert_eq!(names("x", body), Vec::<&str>::new(), "{body}");
        }
        for body in [
            "I will sue you if this is not fixed.",
            "My lawyer will be in touch.",
            "소비자원에 신고하겠습니다.",
            "고소할 생각입니다.",
            "소송 걸 생각입니다.",
            "답이 없으면 법적으로 대응하겠습니다.",
            "법적 조치를 취하겠습니다.",
            "I'm not going to wait any longer: my lawyer will be in touch.",
            "I'm not going to stop until my lawyer has seen this.",
            "소송할 생각이고 합의할 생각은 없어요.",
            "訴えるつもりで、和解する気はありません。",
            // A hazard with a plan ruled out after it is still a hazard.
            "불이 났는데 다시 쓸 생각은 없어요.",
            "화재 때문에 다시 쓸 생각은 없어요.",
            "発火したので、もう使うつもりはありません。",
            "소비자원에 신고할 생각도 하고 있습니다.",
            "弁護士に相談して訴えるつもりです。",
            "I was scammed: someone used my card for three orders.",
        ] {
            assert!(!names("x", body).is_empty(), "{body}");
        }
    }

    #[test]
    fn situations_told_over_two_sentences_and_symptoms_without_the_textbook_word() {
        for body in [
            "My grandmother is 91 and lives on her own. Her heater stopped working on Saturday.",
            "札幌で一人暮らしをしている父（88歳）の件です。ヒーターが止まってしまい、夜は氷点下です。",
            "The battery cover was loose and one of the flat round batteries is missing. My 2 year \
             old was playing with it.",
            "오늘 아침부터 주방에서 계속 가스 냄새가 나요.",
            "There's a smell of gas in the kitchen since the install.",
            "When I touch the lid I get a tingle, and tonight my roommate got a proper jolt.",
            "밥솥 내솥 꺼내려고 하면 손끝이 찌릿찌릿해요.",
            "어머니는 청주에서 혼자 지내십니다. 보행기 없이는 못 다니세요. 배송이 오지 않아 냉장고에 \
             남은 게 물 말고는 거의 없다고 하십니다.",
            "発火したのですが、大丈夫でしょうか？",
            "충전 중에 불이 났는데 위험은 없나요?",
        ] {
            assert!(!names("x", body).is_empty(), "{body}");
        }
        for body in [
            "うっかり水を入れずにスイッチを入れてしまった場合、発火したりしないでしょうか？",
            "이렇게 오래 돌려도 과열되거나 불 날 위험은 없나요?",
            "消費者センターに相談するほどのことではないと思うのですが、確認させてください。",
            "My grandmother loves the heater. She says the room is warm now.",
        ] {
            assert_eq!(names("x", body), Vec::<&str>::new(), "{body}");
        }
    }

    #[test]
    fn a_danger_over_needs_it_gone_before_and_a_thank_you_and_not_back() {
        let l = built_in().expect("lexicon");
        let over = |t: &str| l.over(t).map(|(done, _)| done);
        assert_eq!(
            over(
                "Thanks so much. Last week the kettle smelled of burning; the new one has had no problems since."
            ),
            Some("no problems since".into())
        );
        assert_eq!(
            over(
                "지난주에 전기장판에서 타는 냄새 난다고 연락드렸던 사람입니다. 교체해 주셔서 지금은 아무 문제 없이 쓰고 있어요. 감사합니다."
            ),
            Some("아무 문제 없이".into())
        );
        assert_eq!(
            over(
                "先週、ケトルから焦げ臭いにおいがすると連絡しました。交換していただき、今は問題なく使えています。ありがとうございました。"
            ),
            Some("問題なく使".into())
        );
        // A person recovering is not the danger gone.
        assert_eq!(
            over("Thanks. My son's lip swelled up after the cookies last week; he seems fine now."),
            None
        );
        // Gone, but no earlier time and no thanks: a report, not an update.
        assert_eq!(
            over("The heater sparked. No problems since I unplugged it."),
            None
        );
        // Came back.
        assert_eq!(
            over(
                "Thank you for last week's repair. No problems since, until today: it happened again."
            ),
            None
        );
        assert_eq!(
            over("지난주 수리 감사합니다. 아무 문제 없이 쓰다가 어제 또다시 타는 냄새가 났어요."),
            None
        );
    }
}
