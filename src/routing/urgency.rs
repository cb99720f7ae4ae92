//! Whether a complaint is urgent: a safety hazard or injury, a legal, regulator or press
//! threat, fraud or money taken, a customer writing for the third time, or a VIP. Pure.

use crate::mail::address::Address;

/// (category, phrases). Latin phrases match whole words; Hangul and kanji match as substrings.
const SIGNS: &[(&str, &[&str])] = &[
    (
        "safety hazard or injury",
        &[
            "caught fire",
            "on fire",
            "fire",
            "burned",
            "burnt",
            "burn",
            "smoke",
            "smoking",
            "exploded",
            "explosion",
            "injury",
            "injured",
            "hurt",
            "hospital",
            "emergency room",
            "bleeding",
            "choking",
            "choked",
            "electric shock",
            "shocked me",
            "allergic reaction",
            "allergic",
            "stitches",
            "bruised",
            "bruises",
            "멍이 들",
            "ambulance",
            "swallowed",
            "choke",
            "sparks",
            "sparking",
            "melted",
            "bleed",
            "blood",
            "electrocuted",
            "scalded",
            "blister",
            "blistered",
            "blisters",
            "scald",
            "burns",
            "poisoning",
            "화재",
            "불났",
            "폭발",
            "화상",
            "다쳤",
            "다치",
            "부상",
            "병원",
            "응급실",
            "감전",
            "질식",
            "연기가",
            "발화",
            "식중독",
            "불이 났",
            "불이났",
            "불이 붙",
            "불이붙",
            "불꽃",
            "스파크",
            "타는 냄새",
            "꿰맸",
            "꿰매",
            "삼켰",
            "삼킨",
            "피가 나",
            "피가 났",
            "피가났",
            "피나",
            "출혈",
            "베였",
            "구급차",
            "알레르기",
            "두드러기",
            "데었",
            "물집",
            "소아과",
            "火事",
            "発火",
            "けが",
            "怪我",
            "火灾",
            "受伤",
        ],
    ),
    (
        "legal, regulator or press threat",
        &[
            "lawyer",
            "attorney",
            "sue",
            "suing",
            "lawsuit",
            "legal action",
            "to court",
            "in court",
            "court case",
            "small claims",
            "regulator",
            "ftc",
            "consumer protection",
            "better business bureau",
            "journalist",
            "reporter",
            "the press",
            "news",
            "newspaper",
            "tv",
            "television",
            "police",
            "attorney general",
            "consumer affairs",
            "trading standards",
            "ombudsman",
            "bbb",
            "ico",
            "information commissioner",
            "information commissioner's",
            "lodge a complaint",
            "data protection authority",
            "data protection regulator",
            "data breach",
            "변호사",
            "소송",
            "고소",
            "법적",
            "소비자원",
            "소비자보호원",
            "공정위",
            "공정거래위원회",
            "기자",
            "언론",
            "방송",
            "개인정보보호위원회",
            "개인정보 유출",
            "개인정보가 유출",
            "개인정보위",
            "신고하겠",
            "신고할",
            "신고했",
            "경찰",
            "고발",
            "국민신문고",
            "민원",
            "뉴스에",
            "제보",
            "내용증명",
            "弁護士",
            "訴訟",
            "律师",
            "起诉",
        ],
    ),
    (
        "fraud or money taken",
        &[
            "fraud",
            "fraudulent",
            "unauthorized",
            "unauthorised",
            "not authorized",
            "didn't authorize",
            "did not authorize",
            "stolen card",
            "scam",
            "identity theft",
            "chargeback",
            "hacked",
            "hijacked",
            "compromised",
            "account compromised",
            "password had been changed",
            "password was changed",
            "not by me",
            "took over my account",
            "phishing",
            "never authorized",
            "never authorised",
            "never placed",
            "didn't place",
            "did not place",
            "got into my account",
            "into my account",
            "using my card",
            "using my saved card",
            "사기",
            "도용",
            "무단",
            "승인한 적",
            "결제한 적 없",
            "해킹",
            "명의",
            "피싱",
            "털렸",
            "결제된 적",
            "주문한 적 없",
            "주문한 적이 없",
            "누가 제 계정",
            "다른 사람이 로그인",
            "詐欺",
            "不正利用",
            "诈骗",
            "盗刷",
        ],
    ),
];

fn is_latin_phrase(p: &str) -> bool {
    p.is_ascii()
}

/// Every phrase of `SIGNS` in one automaton per kind of text, built once: one pass over a
/// long complaint instead of one search per phrase (~200 of them).
struct Matchers {
    /// Latin phrases padded with spaces, searched in the space-joined words.
    latin: aho_corasick::AhoCorasick,
    latin_ids: Vec<(usize, usize)>,
    /// Hangul, kana and kanji phrases, searched in the lower-cased text.
    other: aho_corasick::AhoCorasick,
    other_ids: Vec<(usize, usize)>,
}

static MATCHERS: std::sync::LazyLock<Option<Matchers>> = std::sync::LazyLock::new(|| {
    let (mut latin, mut latin_ids, mut other, mut other_ids) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (c, (_, phrases)) in SIGNS.iter().enumerate() {
        for (i, p) in phrases.iter().enumerate() {
            if is_latin_phrase(p) {
                latin.push(format!(" {p} "));
                latin_ids.push((c, i));
            } else {
                other.push((*p).to_string());
                other_ids.push((c, i));
            }
        }
    }
    Some(Matchers {
        latin: aho_corasick::AhoCorasick::new(&latin).ok()?,
        latin_ids,
        other: aho_corasick::AhoCorasick::new(&other).ok()?,
        other_ids,
    })
});

/// Urgency signs in the text: the category and the phrase that showed it.
pub fn signs(subject: &str, body: &str) -> Vec<(&'static str, &'static str)> {
    signs_in(
        subject,
        &crate::case::understand::complaint_text(subject, body),
    )
}

/// `signs` over the customer's own words, already taken out of the body.
pub fn signs_in(subject: &str, own_words: &str) -> Vec<(&'static str, &'static str)> {
    let text = format!("{subject}\n{own_words}").to_lowercase();
    // Words separated by single spaces, padded, so " sue " does not match "issue".
    let words: String = format!(
        " {} ",
        text.split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    );
    // Which phrases occur; then, per category, the first of its list that does (the order of
    // `SIGNS` decides which phrase a reason names).
    let mut hit = vec![Vec::new(); SIGNS.len()];
    let Some(m) = MATCHERS.as_ref() else {
        return Vec::new();
    };
    // A denied symptom ("no one was hurt", "怪我はありません") is no sign; the padded Latin
    // pattern's match starts and ends with its spaces.
    let found = m
        .latin
        .find_overlapping_iter(&words)
        .filter(|x| !crate::routing::urgency_scope::negated(&words, x.start() + 1, x.end() - 1))
        .filter_map(|x| m.latin_ids.get(x.pattern().as_usize()))
        .chain(
            m.other
                .find_overlapping_iter(&text)
                .filter(|x| !crate::routing::urgency_scope::negated(&text, x.start(), x.end()))
                .filter_map(|x| m.other_ids.get(x.pattern().as_usize())),
        );
    for &(c, i) in found {
        if let Some(h) = hit.get_mut(c) {
            h.push(i);
        }
    }
    SIGNS
        .iter()
        .zip(hit)
        .filter_map(|((category, phrases), h)| {
            let first = h.into_iter().min()?;
            Some((*category, *phrases.get(first)?))
        })
        .collect()
}

/// The reasons a complaint is urgent; empty when it is not. `own_words` is the customer's own
/// text (`understand::complaint_text`), which the caller has already taken out of the body.
pub fn reasons(
    subject: &str,
    own_words: &str,
    sender: Option<&Address>,
    vip: &[String],
    prior_contacts: u32,
    repeat_threshold: u32,
) -> Vec<String> {
    let mut out: Vec<String> = signs_in(subject, own_words)
        .into_iter()
        .map(|(c, p)| format!("urgent: {c} ({p:?})"))
        .collect();
    if let Some(s) = sender {
        if vip
            .iter()
            .any(|v| v == s.as_str() || v.strip_prefix('@').is_some_and(|d| d == s.domain()))
        {
            out.push(format!("urgent: {s} is on the VIP list"));
        }
        let nth = prior_contacts + 1;
        if repeat_threshold > 0 && nth >= repeat_threshold {
            out.push(format!(
                "urgent: contact number {nth} from this customer recently"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazards_threats_and_fraud_are_urgent() {
        assert!(!signs("Heater", "the heater caught fire last night").is_empty());
        assert!(
            !signs(
                "제품 문의",
                "충전 중에 불이 났어요. 아이가 화상을 입었습니다."
            )
            .is_empty()
        );
        assert!(!signs("refund", "I will talk to my lawyer").is_empty());
        // Taught by the training history: a scald, a data breach, a takeover in other words.
        assert!(!signs("warmer", "아기 입술에 물집이 생겨서 소아과 다녀왔습니다").is_empty());
        assert!(!signs("leak", "This is a serious data breach.").is_empty());
        assert!(!signs("Account compromised", "I can't log in").is_empty());
        // 커피가 is coffee, not blood (피가).
        assert!(signs("텀블러", "커피가 다 새어 나와서 젖었어요").is_empty());
        assert!(!signs("환불", "소비자원에 신고하겠습니다").is_empty());
        assert!(!signs("card", "There is an unauthorized charge on my card").is_empty());
    }

    #[test]
    fn ordinary_words_are_not_alarms() {
        assert!(
            signs(
                "Issue with my order",
                "I was impressed, but the box was damaged. Newsletter please."
            )
            .is_empty()
        );
        assert!(signs("배송 문의", "택배가 아직 안 왔어요").is_empty());
    }

    #[test]
    fn vips_and_repeat_customers() {
        let a = Address::parse("boss@bigclient.example").expect("valid");
        assert_eq!(
            reasons("x", "y", Some(&a), &["@bigclient.example".into()], 0, 3).len(),
            1
        );
        assert!(reasons("x", "y", Some(&a), &[], 1, 3).is_empty());
        assert_eq!(
            reasons("x", "y", Some(&a), &[], 2, 3).len(),
            1,
            "third contact"
        );
    }
}
