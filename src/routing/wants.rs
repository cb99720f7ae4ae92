//! The customer's job to be done: what they want (a refund, a replacement, to be left alone, …)
//! and the one sentence of their own words that states the problem, read from a complaint's
//! subject and text. Shown on top of the `?` forward, in `cases show`, in `classify` and as the
//! digest's summary of a case. Phrases are data (`data/wants.toml`); problem evidence also
//! counts the routing taxonomy's symptoms (`data/intents.toml`). Pure.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};

use crate::routing::text::{PhraseIndex, at_word_start, normalise};

/// The wants and line phrases compiled into the binary.
pub const BUILT_IN: &str = include_str!("../../data/wants.toml");

/// The problem sentence is cut to this many characters (on a character boundary, with `…`).
pub const PROBLEM_MAX_CHARS: usize = 200;

/// What a customer can ask for; `Unknown` when nothing in their words says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Want {
    DataDeletion,
    LeftAlone,
    Cancellation,
    Refund,
    Replacement,
    Repair,
    Delivery,
    Apology,
    Explanation,
    Unknown,
}

impl Want {
    pub const ALL: [Want; 10] = [
        Want::DataDeletion,
        Want::LeftAlone,
        Want::Cancellation,
        Want::Refund,
        Want::Replacement,
        Want::Repair,
        Want::Delivery,
        Want::Apology,
        Want::Explanation,
        Want::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Want::DataDeletion => "data_deletion",
            Want::LeftAlone => "left_alone",
            Want::Cancellation => "cancellation",
            Want::Refund => "refund",
            Want::Replacement => "replacement",
            Want::Repair => "repair",
            Want::Delivery => "delivery",
            Want::Apology => "apology",
            Want::Explanation => "explanation",
            Want::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Want> {
        Want::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// What a complaint asks for and the sentence that says what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gist {
    pub wants: Want,
    /// The customer's own sentence (whitespace collapsed, at most `PROBLEM_MAX_CHARS`), else
    /// their subject; None when the mail has neither.
    pub problem: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWant {
    name: String,
    #[serde(default)]
    #[allow(dead_code)] // documentation for the reader of the data file
    description: String,
    asks: Vec<String>,
    signs: Vec<String>,
    weight: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNegation {
    before: Vec<String>,
    after: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLines {
    greetings: Vec<String>,
    introductions: Vec<String>,
    introduction_ends: Vec<String>,
    closings: Vec<String>,
    signature: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProblem {
    requests: Vec<String>,
    cues: Vec<String>,
    #[serde(default)]
    guesses: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    want: Vec<RawWant>,
    negation: RawNegation,
    lines: RawLines,
    problem: RawProblem,
}

/// One phrase of the wants lexicon: which want, and the points a hit is worth.
#[derive(Debug, Clone)]
struct WantPhrase {
    want: Want,
    points: u32,
}

/// `data/wants.toml` compiled: one automaton over every want phrase, one over every piece of
/// problem evidence (cues and the taxonomy's symptoms), and the line lists.
#[derive(Debug)]
pub struct Lexicon {
    want_ac: Option<AhoCorasick>,
    want_phrases: Vec<String>,
    want_of: Vec<WantPhrase>,
    /// Want order in the file: the tie-break.
    order: Vec<Want>,
    negation_before: AnyOf,
    negation_after: AnyOf,
    evidence_ac: Option<AhoCorasick>,
    evidence_phrases: Vec<String>,
    /// Points of each evidence phrase: a taxonomy symptom `SYMPTOM`, a cue `CUE`.
    evidence_points: Vec<i64>,
    requests: PhraseIndex,
    /// A guess at the cause, a fear or a hypothetical: not what happened.
    guesses: PhraseIndex,
    greetings: PhraseIndex,
    introductions: Vec<String>,
    introduction_ends: Vec<String>,
    closings: Vec<String>,
    /// Found anywhere in a sentence (not only at a word's start), all in one pass.
    signature: PhraseIndex,
}

fn lower_all(v: Vec<String>) -> Vec<String> {
    v.iter()
        .map(|p| normalise(&p.replace('’', "'")))
        .filter(|p| !p.is_empty())
        .collect()
}

impl Lexicon {
    /// Parse a wants file; `symptoms` are the taxonomy's phrases (already normalised) with the
    /// points a hit is worth.
    pub fn parse(text: &str, symptoms: &[(String, i64)]) -> Result<Lexicon, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string().replace('\n', " "))?;
        let mut want_phrases = Vec::new();
        let mut want_of = Vec::new();
        let mut order = Vec::new();
        for w in raw.want {
            let want = Want::parse(&w.name)
                .filter(|w| *w != Want::Unknown)
                .ok_or_else(|| format!("want {:?} is not one qmark knows", w.name))?;
            order.push(want);
            for (phrases, points) in [(w.asks, w.weight), (w.signs, 1)] {
                for p in lower_all(phrases) {
                    want_phrases.push(p);
                    want_of.push(WantPhrase { want, points });
                }
            }
        }
        let cues = lower_all(raw.problem.cues);
        let mut evidence_points = vec![CUE; cues.len()];
        let mut evidence_phrases = cues;
        evidence_points.extend(symptoms.iter().map(|(_, p)| *p));
        evidence_phrases.extend(symptoms.iter().map(|(s, _)| s.clone()));
        Ok(Lexicon {
            want_ac: AhoCorasick::new(&want_phrases).ok(),
            want_phrases,
            want_of,
            order,
            negation_before: AnyOf::new(lower_all(raw.negation.before)),
            negation_after: AnyOf::new(lower_all(raw.negation.after)),
            evidence_ac: AhoCorasick::new(&evidence_phrases).ok(),
            evidence_phrases,
            evidence_points,
            requests: PhraseIndex::new(lower_all(raw.problem.requests)),
            guesses: PhraseIndex::new(lower_all(raw.problem.guesses)),
            greetings: PhraseIndex::new(lower_all(raw.lines.greetings)),
            introductions: lower_all(raw.lines.introductions),
            introduction_ends: lower_all(raw.lines.introduction_ends),
            closings: lower_all(raw.lines.closings),
            signature: PhraseIndex::new(lower_all(raw.lines.signature)),
        })
    }

    /// The built-in lexicon with the built-in taxonomy's symptoms.
    pub fn built_in() -> &'static Lexicon {
        static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
            // A legal, press or regulator threat says what the customer will do next, not what
            // went wrong. (Urgent intents at fewer points was tried: worse on the tuning half.)
            let symptoms: Vec<(String, i64)> = crate::routing::intents::Taxonomy::built_in()
                .intents
                .into_iter()
                .filter(|i| !i.name.ends_with("_threat"))
                .flat_map(|i| i.phrases.into_iter().map(|p| (p, SYMPTOM)))
                .collect();
            // A unit test parses the shipped file; an empty lexicon is the safe fallback.
            Lexicon::parse(BUILT_IN, &symptoms).unwrap_or_else(|_| Lexicon::empty())
        });
        &LEXICON
    }

    fn empty() -> Lexicon {
        Lexicon {
            want_ac: None,
            want_phrases: Vec::new(),
            want_of: Vec::new(),
            order: Vec::new(),
            negation_before: AnyOf::default(),
            negation_after: AnyOf::default(),
            evidence_ac: None,
            evidence_phrases: Vec::new(),
            evidence_points: Vec::new(),
            requests: PhraseIndex::default(),
            guesses: PhraseIndex::default(),
            greetings: PhraseIndex::default(),
            introductions: Vec::new(),
            introduction_ends: Vec::new(),
            closings: Vec::new(),
            signature: PhraseIndex::default(),
        }
    }
}

/// Read a complaint with the built-in lexicon. `body` is the decoded text as received: quoted
/// history, signatures and a shop's forwarded notification are left out here.
pub fn read(subject: &str, body: &str) -> Gist {
    read_with(Lexicon::built_in(), subject, body)
}

/// A sentence of the customer's, normalised for matching, with where it stood.
struct Sentence {
    /// As written, whitespace collapsed.
    text: String,
    /// Lower-cased, whitespace collapsed, curly apostrophes straightened.
    norm: String,
}

pub fn read_with(lex: &Lexicon, subject: &str, body: &str) -> Gist {
    read_own(
        lex,
        subject,
        &crate::case::understand::complaint_text(subject, body),
    )
}

/// `read_with` on the customer's own words, already taken out of the body
/// (`understand::complaint_text`).
pub fn read_own(lex: &Lexicon, subject: &str, own: &str) -> Gist {
    let sentences = own_sentences(lex, own);
    let subject_sentence = subject_sentence(subject);
    let wants = wants(
        lex,
        sentences
            .iter()
            .chain(subject_sentence.as_ref())
            .map(|s| s.norm.as_str()),
    );
    let problem =
        problem(lex, &sentences, subject_sentence.as_ref()).map(|p| cut(&p, PROBLEM_MAX_CHARS));
    Gist { wants, problem }
}

fn subject_sentence(subject: &str) -> Option<Sentence> {
    customer_subject(subject).map(|s| Sentence {
        text: crate::mail::one_line(s),
        norm: normalise(&s.replace('’', "'")),
    })
}

/// The subject when it is the customer's own: not a reply to or forward of the shop's mail
/// ("Re: Your order has shipped"), whose words are the shop's.
fn customer_subject(subject: &str) -> Option<&str> {
    let s = subject.trim();
    let lower = s.to_lowercase();
    let reply = [
        "re:", "re :", "aw:", "fw:", "fwd:", "회신:", "답장:", "전달:", "[fwd",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    (!reply && !s.is_empty()).then_some(s)
}

/// Whether a want phrase at `at..end` of `norm` is said not to be wanted.
fn negated(lex: &Lexicon, norm: &str, at: usize, end: usize) -> bool {
    let before = norm.get(at.saturating_sub(24)..at).or_else(|| {
        // A window that starts inside a character: widen it to the character's start.
        (0..at)
            .rev()
            .find(|&i| at - i >= 24 && norm.is_char_boundary(i))
            .and_then(|i| norm.get(i..at))
    });
    let after = norm
        .get(end..)
        .map(|t| {
            let cut = (12..=t.len().min(15))
                .find(|&i| t.is_char_boundary(i))
                .unwrap_or(t.len());
            t.get(..cut).unwrap_or(t)
        })
        .unwrap_or("");
    // One search per window for all the phrases, where a `contains` per phrase was a twentieth
    // of reading a long complaint (issue 15's profile).
    before.is_some_and(|b| lex.negation_before.any_in(b)) || lex.negation_after.any_in(after)
}

/// Phrases, any of which may occur anywhere in a short text (a negation's window).
#[derive(Debug, Clone, Default)]
struct AnyOf {
    phrases: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl AnyOf {
    fn new(phrases: Vec<String>) -> AnyOf {
        let phrases: Vec<String> = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        AnyOf {
            ac: AhoCorasick::new(&phrases).ok(),
            phrases,
        }
    }

    fn any_in(&self, text: &str) -> bool {
        match &self.ac {
            Some(ac) => ac.is_match(text),
            None => self.phrases.iter().any(|n| text.contains(n.as_str())),
        }
    }
}

/// The want with the most points over the customer's sentences and subject.
fn wants<'a>(lex: &Lexicon, texts: impl Iterator<Item = &'a str>) -> Want {
    let Some(ac) = &lex.want_ac else {
        return Want::Unknown;
    };
    let mut points = [0u32; Want::ALL.len()];
    for norm in texts {
        // The phrases counted in this sentence: a handful, where a flag per phrase of the
        // lexicon was allocated and zeroed for every sentence of every mail.
        let mut seen: Vec<usize> = Vec::new();
        for m in ac.find_overlapping_iter(norm) {
            let i = m.pattern().as_usize();
            let (Some(p), Some(of)) = (lex.want_phrases.get(i), lex.want_of.get(i)) else {
                continue;
            };
            if seen.contains(&i)
                || !at_word_start(norm, p, m.start())
                || negated(lex, norm, m.start(), m.end())
            {
                continue;
            }
            seen.push(i);
            if let Some(slot) = Want::ALL
                .iter()
                .position(|w| *w == of.want)
                .and_then(|k| points.get_mut(k))
            {
                *slot += of.points;
            }
        }
    }
    let points_of = |w: Want| {
        Want::ALL
            .iter()
            .position(|x| *x == w)
            .and_then(|k| points.get(k).copied())
            .unwrap_or(0)
    };
    // The most points; on a tie, the want listed first in the file.
    let mut best = Want::Unknown;
    for &w in &lex.order {
        if points_of(w) > points_of(best) {
            best = w;
        }
    }
    best
}

/// Points of problem evidence. A symptom of the routing taxonomy says most; a cue ("never",
/// "안 ", "ない") less; a number (an order, an amount, a date) only breaks ties, because the
/// sentence that introduces an order has one too; asking is not stating.
const SYMPTOM: i64 = 6;
const CUE: i64 = 2;
const NUMBER: i64 = 1;
const REQUEST: i64 = -4;
/// A question asks for an explanation; the sentence beside it usually says what happened.
const QUESTION: i64 = -2;
/// A very short sentence ("Really?", "Not eating this.") rarely says what went wrong.
const SHORT: i64 = -2;
/// A guess at the cause ("I think it was dropped"), a fear ("두 번 결제될까봐") or a hypothetical
/// ("if you can't keep the date"): the sentence beside it says what actually happened.
const GUESS: i64 = -3;
/// A sentence wholly in brackets is an aside ("(it was a gift, by the way)").
const ASIDE: i64 = -3;
/// The subject is a headline, often the whole complaint, but the body says it in full: it
/// wins only with more evidence than a cue.
const SUBJECT: i64 = -2;
/// The customer's first sentence (greetings and introductions left out): chosen on the odd
/// samples (+1 there) and then measured held out (docs/benchmarks.md, "problem, round seven").
const FIRST: i64 = 1;

/// Evidence that a sentence states what went wrong: taxonomy symptoms, cues, numbers.
fn evidence(lex: &Lexicon, norm: &str) -> i64 {
    let mut score = 0;
    if let Some(ac) = &lex.evidence_ac {
        let mut seen: Vec<usize> = Vec::new();
        for m in ac.find_overlapping_iter(norm) {
            let i = m.pattern().as_usize();
            let Some(p) = lex.evidence_phrases.get(i) else {
                continue;
            };
            if seen.contains(&i) || !at_word_start(norm, p, m.start()) {
                continue;
            }
            seen.push(i);
            score += lex.evidence_points.get(i).copied().unwrap_or(0);
        }
    }
    if norm.chars().any(|c| c.is_ascii_digit()) {
        score += NUMBER;
    }
    score
}

/// A line that only gives a reference ("Order HB-20260304-2290.", "주문번호: HB-…",
/// "注文番号は HB-… です。") says which order, not what went wrong.
const REFERENCE_ONLY: i64 = -3;

/// Words that only label a reference: "Order no. HB-…", "주문번호는 HB-… 입니다", "注文番号は HB-… です".
const REFERENCE_LABELS: &[&str] = &[
    "order",
    "orders",
    "number",
    "no",
    "nr",
    "#",
    "is",
    "my",
    "our",
    "the",
    "ref",
    "reference",
    "case",
    "ticket",
    "invoice",
    "tracking",
    "id",
    "order:",
    "number:",
    "no:",
    "ref:",
    "주문번호",
    "주문번호는",
    "주문번호:",
    "주문",
    "번호",
    "번호는",
    "번호:",
    "입니다",
    "입니다.",
    "이에요",
    "예요",
    "注文番号",
    "注文番号は",
    "注文番号：",
    "注文番号:",
    "です",
    "です。",
];

/// Whether a sentence is a reference and nothing else: a code or long number (at least five
/// digits, or digits with Latin letters: "HB-20260304-2290", "CS-260722-0551") with only a
/// label around it.
fn reference_only(norm: &str) -> bool {
    let mut reference = false;
    for word in norm.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, '.' | ',' | '(' | ')' | '。' | '、'));
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if digits >= 5 || (digits > 0 && word.chars().any(|c| c.is_ascii_alphabetic())) {
            reference = true;
        } else if !word.is_empty() && !REFERENCE_LABELS.contains(&word) {
            return false;
        }
    }
    reference
}

/// Evidence, less what makes a sentence a poor statement of the problem: asking, brevity, a
/// bare reference.
fn sentence_score(lex: &Lexicon, norm: &str) -> i64 {
    if reference_only(norm) {
        return REFERENCE_ONLY;
    }
    let mut score = evidence(lex, norm);
    if lex.requests.any(norm) {
        score += REQUEST;
    }
    if norm.chars().count() < 12 {
        score += SHORT;
    }
    if norm.ends_with(['?', '？']) {
        score += QUESTION;
    }
    if lex.guesses.any(norm) {
        score += GUESS;
    }
    if is_aside(norm) {
        score += ASIDE;
    }
    score
}

/// Whether a sentence is all inside one pair of brackets, a final stop aside.
fn is_aside(norm: &str) -> bool {
    let s = norm.trim_end_matches(['.', '。', '!', '！']);
    let (Some(first), Some(last)) = (s.chars().next(), s.chars().last()) else {
        return false;
    };
    matches!((first, last), ('(', ')') | ('（', '）') | ('[', ']'))
        && s.chars().filter(|c| matches!(c, ')' | '）' | ']')).count() == 1
}

/// The sentence (or the subject) with the most evidence; ties go to the earlier one. With no
/// evidence anywhere, the first sentence of the customer's own, else the subject.
fn problem(lex: &Lexicon, sentences: &[Sentence], subject: Option<&Sentence>) -> Option<String> {
    let mut best: Option<(i64, &Sentence)> = None;
    let mut ranked: Option<(i64, &Sentence)> = None;
    for (i, s) in sentences.iter().enumerate() {
        let score = sentence_score(lex, &s.norm);
        // People tend to open with what went wrong once the greeting is past: between two
        // sentences of equal evidence, or one point apart, the first one is the problem.
        let rank = score + if i == 0 { FIRST } else { 0 };
        if ranked.is_none_or(|(r, _)| rank > r) {
            ranked = Some((rank, s));
            best = Some((score, s));
        }
    }
    // The subject is a headline: when a sentence of the body states a problem (a cue or more),
    // the body's own words say it in full and win.
    let body_states_it = best.is_some_and(|(b, _)| b >= CUE);
    if let Some(subject) = subject.filter(|_| !body_states_it) {
        let score = sentence_score(lex, &subject.norm) + SUBJECT;
        if ranked.is_none_or(|(r, _)| score > r) {
            best = Some((score, subject));
        }
    }
    best.map(|(_, s)| s.text.clone())
}

/// `text` cut to `max` characters on a character boundary, with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Characters that end a sentence, in English, Korean and Japanese mail.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF)
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF)
}

/// Korean sentence endings that close a sentence written without a full stop when a space or
/// a line break follows ("녹았어요 환불해주세요"). Not 까: "하니까" is a connective ("since").
fn korean_ending(c: char) -> bool {
    matches!(c, '다' | '요' | '죠')
}

/// Split one paragraph (its lines joined) into sentences.
fn split_paragraph(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = p.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let boundary = match c {
            // "3.5", "HB-20260103.7781", "e.g." stay whole: an ASCII stop ends a sentence only
            // before a space or the end.
            // Nor does a Korean date ("2026. 7. 3.") end one.
            '.' | '!' | '?' => {
                next.is_none_or(char::is_whitespace)
                    && !next_is_stop(next)
                    && !(c == '.' && prev.is_some_and(|p| p.is_ascii_digit()) && in_date(&chars, i))
            }
            _ if ends_sentence(c) => !next.is_some_and(ends_sentence),
            _ if korean_ending(c) => {
                next.is_some_and(char::is_whitespace) && prev.is_some_and(is_hangul)
            }
            _ => false,
        };
        if boundary {
            push_sentence(&mut out, &cur);
            cur.clear();
        }
    }
    push_sentence(&mut out, &cur);
    out
}

/// Whether the `.` at `i` belongs to a date written "2026. 7. 3.": a digit and another such
/// dot follow it, or one precedes it within the date's width.
fn in_date(chars: &[char], i: usize) -> bool {
    let digit_dot = |j: usize| {
        chars.get(j) == Some(&'.')
            && j.checked_sub(1)
                .and_then(|k| chars.get(k))
                .is_some_and(char::is_ascii_digit)
    };
    chars.get(i + 2).is_some_and(char::is_ascii_digit) || (i.saturating_sub(6)..i).any(digit_dot)
}

fn next_is_stop(next: Option<char>) -> bool {
    next.is_some_and(ends_sentence)
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let t = crate::mail::one_line(s);
    let t = t.trim_matches(|c: char| c == '-' || c == '*' || c == '•' || c.is_whitespace());
    if !t.is_empty() {
        out.push(t.to_string());
    }
}

/// The customer's text as sentences: paragraphs are split on blank lines; the lines of a
/// paragraph are joined (Japanese and hard-wrapped English break lines inside a sentence)
/// unless a line is a list item or the paragraph is a signature; greetings, introductions,
/// thanks and signature lines are dropped, and a closing ends the text.
fn own_sentences(lex: &Lexicon, own: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    for paragraph in paragraphs(own) {
        for raw in split_paragraph(&paragraph) {
            let norm = normalise(&raw.replace('’', "'"));
            if closes(lex, &norm) {
                if out.is_empty() {
                    continue;
                }
                return out;
            }
            let Some((text, norm)) = without_greeting(lex, &raw, &norm) else {
                continue;
            };
            if introduces(lex, &norm) || signature_line(lex, &norm) || data_line(&norm) {
                continue;
            }
            out.push(Sentence { text, norm });
        }
    }
    out
}

/// Paragraphs with their lines joined: with nothing between CJK characters, else a space. A
/// line that starts a list item ("1.", "-", "•", "■") starts a new piece.
fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let t = line.trim();
        let item = t.starts_with(['-', '*', '•', '■', '・', '※'])
            || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
            });
        if t.is_empty() || item {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if t.is_empty() {
                continue;
            }
        }
        if let (Some(a), Some(b)) = (cur.chars().next_back(), t.chars().next())
            && (!(is_cjk(a) && is_cjk(b)) || ends_sentence(a))
        {
            cur.push(' ');
        }
        cur.push_str(t);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a sentence is a line of a signature or disclaimer: it holds one of `[lines]
/// signature` as a word, and a label ("t:", "tel.", "mobile:") or a link ("http", "www.") only
/// at its start. Anywhere, "t:" found "receipt: charged twice" and "m:" found "5 pm: the courier
/// left", and a complaint quoting a web address lost its sentence (a README-only attacker's
/// finding).
fn signature_line(lex: &Lexicon, norm: &str) -> bool {
    let line = norm.trim_start_matches(|c: char| !c.is_alphanumeric());
    lex.signature.any_where(line, |phrase, at| {
        let opens_only = phrase.ends_with([':', '.'])
            || ["http", "registered in", "disclaimer", "fax"].contains(&phrase);
        !opens_only || at == 0
    })
}

/// Whether a sentence is a line of labelled fields ("Order: HB-2611 Item: Oak desk Carrier:
/// …", "Me: … Bot: …"): a pasted notification, form or chat, data rather than the customer
/// saying what went wrong. Two labels make it one; a single "receipt:" inside a sentence does
/// not.
fn data_line(norm: &str) -> bool {
    // A label is a word of letters ending in a colon: "Order:", "주문번호:", not "1차:" (a
    // customer numbering their own account of events) nor a time.
    let labels: Vec<&str> = norm
        .split_whitespace()
        .filter_map(|t| t.strip_suffix([':', '：']))
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        .collect();
    // A contact form's free-text field ("Name: Kim Message: I was charged twice") holds the
    // customer's own words.
    let free_text = labels.iter().any(|l| FREE_TEXT_LABELS.contains(l));
    labels.len() >= 2 && !free_text
}

/// Labels of a form's free-text field, as `normalise` leaves them.
const FREE_TEXT_LABELS: &[&str] = &[
    "message",
    "comment",
    "comments",
    "inquiry",
    "enquiry",
    "details",
    "description",
    "내용",
    "문의내용",
    "본문",
    "本文",
    "内容",
];

/// A short line of thanks or a sign-off ("Kind regards,", "감사합니다.", "정동훈 드림").
fn closes(lex: &Lexicon, norm: &str) -> bool {
    let t = norm.trim_end_matches(|c: char| !c.is_alphanumeric());
    t.chars().count() <= 30
        && lex
            .closings
            .iter()
            .any(|c| t.starts_with(c.as_str()) || t.ends_with(c.as_str()))
}

/// The sentence without a leading greeting ("Hi there, my sister ..."); None when it was only
/// a greeting or salutation ("Dear team,", "안녕하세요.", "고객센터 담당자님께").
fn without_greeting(lex: &Lexicon, raw: &str, norm: &str) -> Option<(String, String)> {
    let short = norm.chars().count() <= 30;
    let hits = lex.greetings.hits(norm);
    let greets = lex
        .greetings
        .phrases()
        .iter()
        .zip(hits)
        .find(|(g, hit)| *hit && (short || norm.starts_with(g.as_str())))
        .map(|(g, _)| g);
    let Some(g) = greets else {
        return Some((raw.to_string(), norm.to_string()));
    };
    // A greeting followed by a comma and more: keep what follows the comma.
    let comma = [',', '、', '，'];
    if norm.starts_with(g.as_str())
        && let Some((_, rest)) = raw.split_once(comma)
        && rest.trim().chars().count() >= 12
        && raw.find(comma).is_some_and(|i| i <= 40)
    {
        let rest = rest.trim();
        return Some((rest.to_string(), normalise(&rest.replace('’', "'"))));
    }
    None
}

/// "My name is ...", "저는 ...", a short "브라이트랩 총무팀 유가영입니다." or "林と申します。".
fn introduces(lex: &Lexicon, norm: &str) -> bool {
    lex.introductions
        .iter()
        .any(|i| norm.starts_with(i.as_str()))
        || (norm.chars().count() <= 40
            && lex
                .introduction_ends
                .iter()
                .any(|e| norm.ends_with(e.as_str()))
            && evidence(lex, norm) == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gist(subject: &str, body: &str) -> Gist {
        read(subject, body)
    }

    #[test]
    fn the_shipped_lexicon_parses() {
        let symptoms = vec![("charged twice".to_string(), SYMPTOM)];
        let lex = Lexicon::parse(BUILT_IN, &symptoms).expect("data/wants.toml parses");
        assert_eq!(
            lex.order.len(),
            Want::ALL.len() - 1,
            "every want but unknown"
        );
        assert!(!lex.greetings.is_empty() && !lex.closings.is_empty());
    }

    #[test]
    fn an_unknown_want_in_the_data_is_refused() {
        let err = Lexicon::parse(
            "[[want]]\nname = \"hug\"\nasks = []\nsigns = []\nweight = 1\n[negation]\nbefore = []\nafter = []\n[lines]\ngreetings = []\nintroductions = []\nintroduction_ends = []\nclosings = []\nsignature = []\n[problem]\nrequests = []\ncues = []\n",
            &[],
        )
        .expect_err("hug is no want");
        assert!(err.contains("hug"), "{err}");
    }

    #[test]
    fn wants_in_three_languages() {
        for (subject, body, want) in [
            (
                "Charged twice",
                "Please refund the second charge.",
                Want::Refund,
            ),
            (
                "",
                "상자가 찌그러져서 왔어요. 교환해 주세요.",
                Want::Replacement,
            ),
            (
                "",
                "退会と個人情報の削除をお願いします。",
                Want::DataDeletion,
            ),
            (
                "stop emailing me",
                "I clicked unsubscribe twice.",
                Want::LeftAlone,
            ),
            ("", "The weather is nice.", Want::Unknown),
        ] {
            assert_eq!(gist(subject, body).wants, want, "{subject} / {body}");
        }
    }

    #[test]
    fn a_want_said_not_to_be_wanted_does_not_count() {
        let g = gist(
            "Broken kettle",
            "I don't want a refund, I want a replacement kettle.",
        );
        assert_eq!(g.wants, Want::Replacement);
        let g = gist("", "환불 말고 교환 부탁드립니다.");
        assert_eq!(g.wants, Want::Replacement);
        let g = gist("", "返金ではなく交換をお願いします。");
        assert_eq!(g.wants, Want::Replacement);
    }

    #[test]
    fn the_problem_is_never_a_greeting_an_introduction_or_a_signature() {
        let g = gist(
            "문의",
            "안녕하세요, 고객센터 담당자님.\n\n저는 김민지입니다.\n\n주문한 전기밥솥이 작동하지 않습니다. 전원이 안 켜져요.\n\n감사합니다.\n김민지 드림\n010-1234-5678",
        );
        let p = g.problem.expect("a problem sentence");
        assert!(
            p.contains("작동하지 않습니다") || p.contains("전원이 안 켜져요"),
            "{p}"
        );
        let g = gist(
            "Order 4471",
            "Hi,\n\nMy name is Jane Doe.\n\nThe lamp I bought arrived with a cracked shade and it doesn't switch on.\n\nThanks,\nJane\nSent from my iPhone",
        );
        assert_eq!(
            g.problem.as_deref(),
            Some("The lamp I bought arrived with a cracked shade and it doesn't switch on.")
        );
        let g = gist(
            "",
            "お世話になっております。\n初めてご連絡します。山田と申します。\n先週届いた炊飯器が\n壊れていて動きません。\nよろしくお願いいたします。",
        );
        assert_eq!(
            g.problem.as_deref(),
            Some("先週届いた炊飯器が壊れていて動きません。")
        );
    }

    #[test]
    fn a_signature_word_inside_a_sentence_does_not_drop_it() {
        let lex = Lexicon::built_in();
        for kept in [
            "The receipt: charged twice for order 4471.",
            "At 5 pm: the courier left the box in the rain.",
            "I registered in 2019 and never had this problem.",
            "The page http://shop.example/order shows an error.",
            "I sent a fax with the warranty card last week.",
        ] {
            let norm = normalise(kept);
            assert!(!signature_line(lex, &norm), "{kept}");
        }
        for dropped in [
            "T: 010-0000-0000",
            "Mobile: 010-0000-0000",
            "Registered in England and Wales No 12345",
            "https://shop.example",
            "Sent from my iPhone",
            "Fax 02-000-0000",
            "이 메일은 발신전용입니다",
        ] {
            let norm = normalise(dropped);
            assert!(signature_line(lex, &norm), "{dropped}");
        }
    }

    #[test]
    fn a_line_of_labelled_fields_is_data_not_the_problem() {
        assert!(data_line(&normalise(
            "Order: HB-2611 Item: Oak Standing Desk Carrier: Hanbit Express"
        )));
        assert!(data_line(&normalise("주문번호: 1234 상품명: 전기밥솥")));
        assert!(!data_line(&normalise(
            "The receipt: charged twice at 10:30."
        )));
        assert!(!data_line(&normalise(
            "It broke at 10:30 and again at 11:45."
        )));
        assert!(!data_line(&normalise(
            "1차: 10월 16일 설치 예정 2차: 22일로 변경"
        )));
    }

    #[test]
    fn a_quoted_notification_is_not_the_problem() {
        let g = gist(
            "Re: Your order has shipped",
            "It never came.\n\nOn Tue, 3 Nov 2026 at 10:00, Shop <o@s.example> wrote:\n> Your order HB-1234 has shipped and will arrive on 5 November, tracking number 99812.",
        );
        assert_eq!(g.problem.as_deref(), Some("It never came."));
    }

    #[test]
    fn a_guess_a_fear_or_a_hypothetical_is_not_what_happened() {
        for (body, problem) in [
            (
                "I think the courier must have dropped it. The mirror arrived with a crack across the glass.",
                "The mirror arrived with a crack across the glass.",
            ),
            (
                "배송 중에 떨어뜨린 것 같아요. 액자 유리가 깨져서 왔어요.",
                "액자 유리가 깨져서 왔어요.",
            ),
            (
                "配送中に落とされたのだと思います。鏡が割れて届きました。",
                "鏡が割れて届きました。",
            ),
            (
                "카드가 또 결제될까봐 걱정이에요. 해지했는데 이번 달에도 요금이 나갔어요.",
                "해지했는데 이번 달에도 요금이 나갔어요.",
            ),
            (
                "If you can't deliver on the day you promise, say so. The sofa was due on Monday and never came.",
                "The sofa was due on Monday and never came.",
            ),
        ] {
            assert_eq!(gist("", body).problem.as_deref(), Some(problem), "{body}");
        }
    }

    #[test]
    fn refusing_a_remedy_is_a_request_and_an_aside_is_not_the_problem() {
        // Refusing a remedy is about the remedy: it scores as a request does.
        let lex = Lexicon::built_in();
        for (refusal, statement) in [
            (
                "교환품으로 받는 건 원하지 않습니다.",
                "교환품으로 받았습니다.",
            ),
            (
                "I don't want a gift card for it.",
                "I got a gift card for it.",
            ),
            (
                "ポイントでの返金は希望しません。",
                "ポイントで返金されました。",
            ),
        ] {
            assert!(
                sentence_score(lex, &normalise(refusal))
                    < sentence_score(lex, &normalise(statement)),
                "{refusal} / {statement}"
            );
        }
        let g = gist(
            "",
            "The oven door glass shattered while it was off. (We had guests over, so nobody was near it, luckily.)",
        );
        assert_eq!(
            g.problem.as_deref(),
            Some("The oven door glass shattered while it was off.")
        );
        assert!(is_aside("(not that it matters.)"));
        assert!(is_aside("（念のため）。"));
        assert!(!is_aside("(a) the lid (b) the cord"));
        assert!(!is_aside("the lid (and the cord) broke"));
    }

    #[test]
    fn the_subject_is_the_fallback() {
        let g = gist("Fridge door will not close", "Hi,\n\nThanks,\nSam");
        assert_eq!(g.problem.as_deref(), Some("Fridge door will not close"));
        assert_eq!(gist("", "").problem, None);
    }

    #[test]
    fn a_bare_reference_is_not_the_problem() {
        for line in [
            "Order HB-20260304-2290.",
            "주문번호: HB-20260710-2216",
            "注文番号は HB-20261202-0518 です。",
        ] {
            assert!(reference_only(&normalise(line)), "{line}");
        }
        for line in [
            "Tried 3 times.",
            "The pack says best before 2 May, batch B0428-3.",
            "7월 1일에 4,900원, 8월 1일에 또 4,900원이 빠져나갔어요",
        ] {
            assert!(!reference_only(&normalise(line)), "{line}");
        }
        let g = gist(
            "Lamp",
            "Order HB-20260304-2290.\n\nThe lamp flickers when it is switched on.",
        );
        assert_eq!(
            g.problem.as_deref(),
            Some("The lamp flickers when it is switched on.")
        );
    }

    #[test]
    fn a_long_sentence_is_cut_on_a_character_boundary() {
        let long = "환불이 안 됐어요 ".repeat(60);
        let p = gist("", &long).problem.expect("a sentence");
        assert!(
            p.chars().count() <= PROBLEM_MAX_CHARS,
            "{}",
            p.chars().count()
        );
        assert!(p.ends_with('…') || p.chars().count() < PROBLEM_MAX_CHARS);
    }

    #[test]
    fn sentences_split_on_korean_and_japanese_endings() {
        let s = split_paragraph("녹았어요 환불해주세요 부탁해요");
        assert_eq!(s, vec!["녹았어요", "환불해주세요", "부탁해요"]);
        let s = split_paragraph("届きません。返金してください！ Version 3.5 is out. Really?");
        assert_eq!(
            s,
            vec![
                "届きません。",
                "返金してください！",
                "Version 3.5 is out.",
                "Really?"
            ]
        );
    }

    #[test]
    fn hostile_text_never_panics() {
        for body in [
            "\u{0}",
            "...",
            "。。。",
            "é".repeat(500).as_str(),
            "a\n\n\n-",
            "환",
        ] {
            let _ = gist(body, body);
        }
    }
}
