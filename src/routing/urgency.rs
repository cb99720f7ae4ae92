//! Whether a complaint is urgent: a safety hazard or injury, a legal, regulator or press
//! threat, fraud or money taken, a customer writing for the third time, or a VIP. The signs
//! themselves are data (`data/urgency.toml`, read by `urgency_lexicon`). Pure.

use crate::mail::address::Address;

/// Urgency signs in the text: the category and the phrase that showed it.
pub fn signs(subject: &str, body: &str) -> Vec<(&'static str, String)> {
    signs_in(
        subject,
        &crate::case::understand::complaint_text(subject, body),
    )
}

/// `signs` over the customer's own words, already taken out of the body: the lexicon's
/// categories (`data/urgency.toml`, `urgency_lexicon`), one sign each.
pub fn signs_in(subject: &str, own_words: &str) -> Vec<(&'static str, String)> {
    let Some(lexicon) = crate::routing::urgency_lexicon::built_in() else {
        return Vec::new();
    };
    lexicon
        .find(&format!("{subject}\n{own_words}"))
        .into_iter()
        .map(|f| (f.kind, f.phrase))
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
    fn food_cut_off_from_someone_housebound_and_scorched_wiring_are_urgent() {
        let father = "My father (83) lives alone and orders all his food from your app; he cannot \
            walk to the shops since his operation. He is diabetic.\n\nOn Saturday the app locked \
            his account and the reset link says expired.\n\nHe has now been without a delivery \
            since last Wednesday.";
        assert!(!signs("Father's account locked", father).is_empty());
        // The same lock, for someone who can fetch their own food, is an account matter.
        let son = "The app locked my account on Saturday and the reset link says expired. I have \
            been without a delivery since Wednesday, please fix it.";
        assert!(signs("Account locked", son).is_empty());
        assert!(!signs("kettle", "The plug looks a bit melted around the pins.").is_empty());
        assert!(!signs("kettle", "the whole kitchen smelled like burning plastic").is_empty());
        assert!(signs("cake", "The chocolate melted in the van; the box was fine.").is_empty());
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
