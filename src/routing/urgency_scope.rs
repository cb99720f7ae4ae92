//! Which of a complaint's words may make it urgent. A symptom the customer denies ("no one was
//! hurt", "다친 사람은 없어요", "怪我はありません") is not an emergency, and neither is one that only
//! a forwarded shop notification mentions ("allergens: nuts" in an order confirmation). Pure.
//!
//! Recall comes first: a negation only cancels a symptom when it is unmistakably about it — in
//! English a negating word a few filler words before it ("nobody was seriously hurt"), in Korean
//! and Japanese a negated ending right after it ("다치지 않았", "けがはない"). Anything looser
//! ("I don't want anyone else to get hurt", "出血が止まらない") keeps the symptom.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Words that negate what follows them in English.
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "nobody", "nothing", "none", "neither", "nor", "without", "isn't",
    "wasn't", "weren't", "aren't", "didn't", "doesn't", "don't", "hasn't", "haven't", "hadn't",
    "won't", "wouldn't", "nobody's", "noone", "no-one",
];

/// Words that may stand between a negation and the symptom it negates ("no one was seriously
/// hurt", "it didn't actually catch fire"). Anything else ends the negation's reach: "no one
/// *else* was hurt" says someone was.
const FILLERS: &[&str] = &[
    "one",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "got",
    "get",
    "gets",
    "getting",
    "ever",
    "even",
    "really",
    "seriously",
    "badly",
    "actually",
    "physically",
    "serious",
    "real",
    "any",
    "anyone",
    "anybody",
    "at",
    "all",
    "it",
    "catch",
    "caught",
    "had",
    "has",
    "have",
    "any",
    "signs",
    "sign",
    "of",
    "thankfully",
    "luckily",
    "fortunately",
    "obviously",
    // "I'm not going to sue", "not threatening to go to court": an intention denied.
    "going",
    "to",
    "threatening",
    "planning",
];

/// How many words before a symptom a negation may stand.
const REACH: usize = 4;

/// A Korean symptom followed by a negated ending: "화상은 없", "다치지 않", "아프지는 않",
/// "다친 사람은 없", "피해는 아니".
static KOREAN_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:[은는이가도을를]|지|진|지는|지도|지를|친|한|ㄴ)?\s?(?:(?:사람|분|아이|애|적|일|곳|건|것)[은이도는가]?\s?)?(?:전혀\s?|아무도\s?|다행히\s?|하나도\s?)?(?:없|않|아니|안\s?[가-힣])",
    )
    .ok()
});

/// A Korean threat followed by an intention denied: "민원 넣으려는 건 아니고", "고소할 생각은
///없습니다", "신고할 마음은 전혀 없".
static KOREAN_INTENT_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:으?려는|하려는|할|을|ㄹ)?\s?(?:건|것|생각|마음|계획|의도)[은이도는가]?\s?(?:전혀\s?|절대\s?|딱히\s?)?(?:없|않|아니)",
    )
    .ok()
});

/// Later in the same sentence, an intention denied (for threats only, see `threat_disclaimed`):
/// "소송 걸 생각은 없고요", "소보원이니 뭐니 그런 데까지 갈 생각은 전혀 없구요".
static KOREAN_DISCLAIMER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?:생각|마음|계획|의도)[은이도는가]?\s?(?:전혀\s?|절대\s?|딱히\s?|조금도\s?)?(?:없|않|아니)|(?:려는|하려는|자는)\s?(?:건|것)[은이도는가]?\s?(?:전혀\s?|절대\s?)?아니",
    )
    .ok()
});

/// Japanese, later in the same sentence: "訴えるだの、消費者センターに言うだの、そういうつもりは
/// 毛頭ございません".
static JAPANESE_DISCLAIMER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?:つもり|気)(?:など|なんて)?[はもが]?(?:全く|まったく|一切|毛頭|さらさら)?\s?(?:ありません|ない|なかった|ございません)",
    )
    .ok()
});

/// English, earlier in the same clause: "I'm not the sort of person who goes running to
/// solicitors", "I have no intention of contacting a lawyer". Not "not going to", which
/// `negated` reads within a few words ("I'm not going to sue"): across a clause it also opens
/// threats ("I'm not going to stop until my lawyer…").
const ENGLISH_DISCLAIMERS: &[&str] = &[
    "not the sort of",
    "not the type of",
    "not the type to",
    "not the kind of",
    "no intention",
    "no plans to",
    "no wish to",
];

/// Whether a threat (a lawyer, a regulator, the press) at `text[start..end]` is one the customer
/// rules out in the same sentence, more loosely than `negated`: "소송 걸 생각은 없고요". Only for
/// threats: "불이 났는데 다시 쓸 생각은 없어요" rules out using the heater again, not the fire.
/// `text` is lower-cased.
pub fn threat_disclaimed(text: &str, start: usize, end: usize) -> bool {
    if negated(text, start, end) {
        return true;
    }
    let ends = ['.', '!', '?', ';', '\n', '。', '！', '？'];
    let before = text.get(..start).unwrap_or_default();
    // English: the same clause ("I'm not going to wait any longer: my lawyer…" is a threat).
    let clause_before = before
        .char_indices()
        .rfind(|(_, c)| ends.contains(c) || *c == ',' || *c == ':')
        .and_then(|(i, c)| before.get(i + c.len_utf8()..))
        .unwrap_or(before);
    if ENGLISH_DISCLAIMERS
        .iter()
        .any(|d| clause_before.contains(d))
    {
        return true;
    }
    let after = text.get(end..).unwrap_or_default();
    let rest: String = after
        .chars()
        .take_while(|c| !ends.contains(c))
        .take(40)
        .collect();
    // Only the first intention the sentence names after the threat: "소송할 생각이고 합의할
    // 생각은 없어요" intends to sue and rules out settling.
    let first_intent = [
        "생각",
        "마음",
        "계획",
        "의도",
        "려는",
        "하려는",
        "자는",
        "つもり",
        "気",
    ]
    .iter()
    .filter_map(|w| rest.find(w))
    .min();
    first_intent.is_some_and(|at| {
        let from = rest.get(at..).unwrap_or_default();
        [&KOREAN_DISCLAIMER, &JAPANESE_DISCLAIMER].iter().any(|r| {
            r.as_ref()
                .is_some_and(|r| r.find(from).is_some_and(|m| m.start() == 0))
        })
    })
}

/// A Japanese threat followed by an intention denied: "訴えるつもりなどは全くありません",
/// "訴える気はない".
static JAPANESE_INTENT_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:る|う|する)?(?:つもり|気)(?:など|なんて)?[はもが]?(?:全く|まったく|一切|毛頭|さらさら)?(?:ありません|ない|なかった|ございません)",
    )
    .ok()
});

/// A hazard asked about, not reported: Japanese "発火したりしないでしょうか", "発火しますか";
/// Korean "과열되거나 … 위험은 없나요", "과열되지는 않나요". Only a conditional or question form
/// straight after the word: "発火したのですが、大丈夫でしょうか" and "불이 났는데 위험은 없나요"
/// report a fire and stay urgent.
static JAPANESE_QUESTION_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:し)?(?:たり)?(?:しない|する|します)(?:でしょうか|ですか|のでしょうか|か[？?])",
    )
    .ok()
});
static KOREAN_QUESTION_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:되|하)(?:거나|지는|지)\s?[가-힣\s]{0,6}?(?:위험|걱정|우려|가능성|염려|않)[은이는가]?\s?(?:없|있|않)?(?:나요|을까요|는지|습니까|는 건가요|을까)",
    )
    .ok()
});

/// A regulator named only to say the matter is too small for it: "消費者センターに相談するほど
/// のことではない".
static JAPANESE_NOT_WORTH_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^に(?:相談|連絡|通報|報告|訴え)?(?:する|るような)(?:ほど|ような)(?:の)?(?:こと|話)?(?:では|じゃ)(?:ない|ありません|ございません)",
    )
    .ok()
});

/// A Japanese symptom followed by a negated ending: "怪我はありません", "けがはない",
/// "怪我をしていません", "発火はしなかった", "怪我人はいません".
static JAPANESE_AFTER: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:人|等|など)?[はもがをに]?(?:特に|全く|まったく|一切|誰も|幸い)?(?:し|して|する)?(?:て)?(?:い)?(?:ありません|ない|なかった|なし|無し|無い|無かった|ません|いません|いない|いなかった|せず)",
    )
    .ok()
});

/// Whether the symptom at `text[start..end]` is negated. `text` is lower-cased.
pub fn negated(text: &str, start: usize, end: usize) -> bool {
    let phrase = text.get(start..end).unwrap_or_default();
    if phrase
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return negated_before(text.get(..start).unwrap_or_default());
    }
    let after = text.get(end..).unwrap_or_default();
    let window: String = after.chars().take(16).collect();
    if has_hangul(phrase) {
        let before = text.get(..start).unwrap_or_default();
        // "안 다쳤어요": Korean also negates a verb with 안/못 just before it.
        let short_negation = ["안 ", "못 ", "안", "못"].iter().any(|n| {
            before.strip_suffix(n).is_some_and(|rest| {
                rest.chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        });
        return short_negation
            || KOREAN_AFTER.as_ref().is_some_and(|r| r.is_match(&window))
            || KOREAN_INTENT_AFTER
                .as_ref()
                .is_some_and(|r| r.is_match(&window))
            || KOREAN_QUESTION_AFTER
                .as_ref()
                .is_some_and(|r| r.is_match(&window));
    }
    let window_ja: String = after.chars().take(24).collect();
    if [
        &JAPANESE_INTENT_AFTER,
        &JAPANESE_QUESTION_AFTER,
        &JAPANESE_NOT_WORTH_AFTER,
    ]
    .iter()
    .any(|r| r.as_ref().is_some_and(|r| r.is_match(&window_ja)))
    {
        return true;
    }
    JAPANESE_AFTER.as_ref().is_some_and(|r| {
        r.find(&window)
            // "発火しないか心配": a worry about the hazard is not its denial.
            .is_some_and(|m| !window.get(m.end()..).unwrap_or_default().starts_with('か'))
    })
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c))
}

/// Whether the text just before an English symptom negates it: a negation within `REACH`
/// words, with only fillers between, in the same sentence.
fn negated_before(before: &str) -> bool {
    // Only the current sentence: "Not really. Burned my hand" is not a denial.
    let sentence = before
        .rfind(['.', '!', '?', ';', ':', '\n'])
        .and_then(|i| before.get(i + 1..))
        .unwrap_or(before);
    let words = sentence
        .split(|c: char| !c.is_alphanumeric() && !matches!(c, '\'' | '’' | '-'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(REACH + 1);
    for w in words {
        let w = w.replace('’', "'");
        if NEGATIONS.contains(&w.as_str()) {
            return true;
        }
        if !FILLERS.contains(&w.as_str()) {
            return false;
        }
    }
    false
}

/// The customer's words that urgency reads: `own_words` (`understand::complaint_text`), except
/// that a forwarded shop notification is left out. A customer forwarding their own earlier
/// complaint keeps it; a forwarded "your order has shipped" from a no-reply address does not
/// make its allergen list or its "fire safety" leaflet the customer's emergency.
pub fn urgency_words<'a>(subject: &str, body: &str, own_words: &'a str) -> Cow<'a, str> {
    match without_notices(subject, body) {
        Some(own) => Cow::Owned(without_addresses(&own).into_owned()),
        None => without_addresses(own_words),
    }
}

/// The text without mail addresses and links: "hanil-hospital.example" in a signature or a
/// login name is not a hospital visit.
fn without_addresses(text: &str) -> Cow<'_, str> {
    // A `contains("://")` per word set up a substring search for every word (issue 15's
    // profile); a colon or an `@` is rare, so look for those bytes first.
    let is_address = |w: &str| {
        w.contains('@') || (w.contains(':') && w.contains("://")) || w.starts_with("www.")
    };
    if !text.contains(['@', ':']) && !text.contains("www.") {
        return Cow::Borrowed(text);
    }
    if !text.split_whitespace().any(is_address) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split_inclusive(char::is_whitespace)
            .filter(|w| !is_address(w.trim_end()))
            .collect(),
    )
}

/// The customer's words above a forwarded notification, when the body forwards one.
fn without_notices(subject: &str, body: &str) -> Option<String> {
    let lines: Vec<&str> = body.lines().collect();
    let at = lines
        .iter()
        .position(|l| crate::case::understand::opens_quote(l))?;
    let from_notice = lines
        .iter()
        .skip(at + 1)
        .take(8)
        .find_map(|l| from_line(l))
        .is_some_and(is_notice_sender);
    if !from_notice {
        return None;
    }
    let own: String = lines.get(..at).unwrap_or_default().join("\n");
    Some(crate::case::understand::complaint_text(subject, &own))
}

/// The address part of a quoted header's From line, lower-cased.
fn from_line(line: &str) -> Option<String> {
    let t = line.trim_start_matches(['>', ' ']).trim();
    let lower = t.to_lowercase();
    [
        "from:",
        "보낸 사람:",
        "보낸사람:",
        "差出人:",
        "送信者:",
        "发件人:",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p))
    .map(|v| v.trim().to_string())
}

/// A notification's sender: no-reply and notice addresses, which no customer writes from.
fn is_notice_sender(from: String) -> bool {
    [
        "no-reply",
        "noreply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "do_not_reply",
        "notification",
        "notice@",
        "alert@",
        "alerts@",
        "mailer@",
        "order@",
        "orders@",
        "shipping@",
        "delivery@",
        "news@",
        "newsletter",
    ]
    .iter()
    .any(|p| from.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `phrase`'s first occurrence in `text` is negated.
    fn neg(text: &str, phrase: &str) -> bool {
        let text = text.to_lowercase();
        let at = text.find(phrase).expect("the phrase is in the text");
        negated(&text, at, at + phrase.len())
    }

    #[test]
    fn english_denials_cancel_the_symptom() {
        assert!(neg("Luckily no one was hurt.", "hurt"));
        assert!(neg("Nobody got sick, but the box smelled", "got sick"));
        assert!(neg("It's not urgent", "urgent"));
        assert!(neg("thankfully nobody was seriously injured", "injured"));
        assert!(neg("The cable melted but it didn't catch fire", "fire"));
        assert!(neg("I wasn’t hurt", "hurt"));
    }

    #[test]
    fn english_symptoms_stay_when_the_negation_is_elsewhere() {
        assert!(!neg("My son was hurt", "hurt"));
        assert!(!neg("No one else was hurt but my son was hurt", "hurt"));
        assert!(!neg(
            "I don't want anyone else to get hurt by this heater",
            "hurt"
        ));
        assert!(!neg("If you don't refund me I will sue", "sue"));
        assert!(!neg("Not really. Burned my hand on it", "burned"));
        assert!(!neg("not sure if anyone was hurt", "hurt"));
    }

    #[test]
    fn korean_denials_cancel_the_symptom() {
        assert!(neg("다행히 다친 사람은 없습니다", "다친"));
        assert!(neg("아이가 아프지는 않아요", "아프"));
        assert!(neg("다행히 아이는 안 다쳤어요", "다쳤"));
        assert!(neg("화상은 없었어요", "화상"));
        assert!(neg("다치지 않았습니다", "다치"));
    }

    #[test]
    fn korean_symptoms_stay() {
        assert!(!neg("아이가 다쳐서 병원에 갔어요", "다쳐"));
        assert!(!neg("출혈이 멈추지 않아요", "출혈"));
        assert!(!neg("불이 났는데 아무도 없었어요", "불이 났"));
        assert!(
            !neg("불안 다쳤", "다쳤"),
            "안 inside 불안 is not a negation"
        );
    }

    #[test]
    fn japanese_denials_cancel_the_symptom() {
        assert!(neg("幸い怪我はありません", "怪我"));
        assert!(neg("けがはないです", "けが"));
        assert!(neg("怪我人はいません", "怪我"));
        assert!(neg("子どもは怪我をしていません", "怪我"));
    }

    #[test]
    fn japanese_symptoms_stay() {
        assert!(!neg("出血が止まらない", "出血"));
        assert!(!neg("子供が怪我をしました", "怪我"));
        assert!(!neg("発火しないか心配です", "発火"));
        assert!(!neg("怪我をしてすみません", "怪我"));
    }

    #[test]
    fn a_forwarded_shop_notice_is_not_the_customers_emergency() {
        let body = "Look at this, it came today.\n\n---------- Forwarded message ---------\nFrom: Hanbit Home <no-reply@hanbit-home.example>\nSubject: Your order\n\nContains nuts. Choking hazard for small children.\n";
        let own = crate::case::understand::complaint_text("Fwd: Your order", body);
        assert!(own.contains("Choking"), "complaint_text keeps it: {own}");
        let u = urgency_words("Fwd: Your order", body, &own);
        assert!(!u.contains("Choking"), "{u}");
        assert!(u.contains("Look at this"));
        // The customer's own earlier complaint, forwarded: it stays.
        let body = "No answer yet.\n\n---------- Forwarded message ---------\nFrom: Kim <kim@mail.example>\n\nMy son burned his hand on the kettle.\n";
        let own = crate::case::understand::complaint_text("Fwd: kettle", body);
        assert!(urgency_words("Fwd: kettle", body, &own).contains("burned"));
        // No quote at all: the words as they are.
        assert_eq!(urgency_words("x", "hello", "hello"), "hello");
        // Addresses and links are not words: a login at a hospital's domain is no visit.
        let own = "ID: misook@hanil-hospital.example, see https://burn.example/x please";
        let u = urgency_words("x", own, own);
        assert!(!u.contains("hospital") && !u.contains("burn"), "{u}");
        assert!(u.contains("please"));
    }
}
