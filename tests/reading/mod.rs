//! Reading mail nobody here wrote: the golden fixtures, legacy charsets, hostile and huge
//! mail, and routing accuracy on the held-out labelled set (pure: no servers).

use std::path::Path;

use crate::support::*;

fn outcome_of(config: &qmark::config::Config, raw: &[u8]) -> (String, String) {
    // The daemon's own reading (rules only: the golden outcomes predate any learning).
    let read = qmark::intake::intake(config, None, raw);
    let outcome = match (read.automatic, read.decision) {
        (Some(a), _) => a.as_str().to_string(),
        (None, Some(d)) => d.route,
        (None, None) => "unrouted".into(),
    };
    (outcome, read.mail.subject)
}

#[test]
fn golden_fixtures_are_understood_and_routed_as_expected() {
    let config = qmark::config::Config::parse(&config_text("g-", Path::new("/nonexistent.db"), ""))
        .expect("test config");
    let expected =
        std::fs::read_to_string(root().join("tests/fixtures/expected.txt")).expect("expected.txt");
    let mut actual = String::new();
    let mut mismatches = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let file = cols.next().expect("file column");
        let want = cols.next().expect("outcome column");
        let want_subject = cols.next();
        let (got, subject) = outcome_of(&config, &fixture(file));
        actual.push_str(&format!("{file}\t{got}\t{subject}\n"));
        if got != want || want_subject.is_some_and(|s| s != subject) {
            mismatches.push(format!(
                "{file}: expected {want} {want_subject:?}, got {got} {subject:?}"
            ));
        }
    }
    if !mismatches.is_empty() {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures-actual.txt");
        std::fs::write(&path, &actual).expect("write actual");
        panic!(
            "{} fixture(s) differ (actual written to {}):\n{}",
            mismatches.len(),
            path.display(),
            mismatches.join("\n")
        );
    }
}

#[test]
fn legacy_charsets_decode_to_their_words() {
    for (file, words) in [
        ("002-korean-euc-kr.eml", &["배송", "택배"][..]),
        ("003-korean-ks_c_5601.eml", &["불량", "파손", "똠"][..]),
        ("004-japanese-iso-2022-jp.eml", &["返金"][..]),
        ("013-gb18030-chinese.eml", &["退款"][..]),
    ] {
        let m = parsed(&fixture(file));
        for w in words {
            assert!(
                m.text.contains(w),
                "{file}: {w} not in decoded text {:?}",
                m.text
            );
        }
        assert!(
            !m.text.contains('\u{fffd}'),
            "{file}: replacement characters in {:?}",
            m.text
        );
    }
}

#[test]
fn hostile_and_huge_mail_is_read_without_panic() {
    let m = parsed(&fixture("011-header-injection.eml"));
    assert!(!m.subject.contains('\r') && !m.subject.contains('\n'));
    let name = m.from.and_then(|f| f.name).expect("display name");
    assert!(!name.contains('\n') && !name.contains('\r'), "{name:?}");
    let huge = parsed(&fixture("015-huge.eml"));
    assert!(huge.text_truncated);
    assert!(huge.text.len() <= qmark::mail::TEXT_LIMIT);
    // A forward built from hostile input carries no injected header.
    let head = qmark::mail::compose::Head {
        from: qmark::mail::address::NamedAddress::parse("ceo@example.test").expect("valid"),
        reply_to: None,
        to: vec![qmark::mail::address::Address::parse("owner@example.test").expect("valid")],
        cc: vec![],
        subject: format!("? {}", m.subject),
        message_id: "x.1@example.test".into(),
        in_reply_to: None,
        references: vec![],
        date: now(),
        auto_submitted: "auto-generated",
        loop_marker: qmark::mail::address::Address::parse("ceo@example.test").expect("valid"),
        case_id: None,
        forward_max_bytes: qmark::config::DEFAULT_FORWARD_MAX_BYTES,
        config_path: None,
    };
    let bytes = qmark::mail::compose::compose(
        &head,
        qmark::mail::compose::Body {
            text: m.text.clone(),
            html: None,
            original: Some(&fixture("011-header-injection.eml")),
            inline: Vec::new(),
            files: Vec::new(),
        },
    );
    let top = bytes
        .split(|b| *b == b'\n')
        .take_while(|l| l != b"\r" && !l.is_empty())
        .count();
    let headers: Vec<String> = bytes
        .split(|b| *b == b'\n')
        .take(top)
        .map(|l| String::from_utf8_lossy(l).to_lowercase())
        .collect();
    assert!(
        !headers.iter().any(|h| h.starts_with("bcc:")),
        "{headers:?}"
    );
}

#[test]
fn an_outlook_reply_keeps_only_the_new_text() {
    let m = parsed(&fixture("016-outlook-reply-ko.eml"));
    let text = qmark::case::understand::reply_text(&m.text);
    assert!(
        !text.contains("원본 메시지") && !text.contains("보낸 사람"),
        "{text}"
    );
    assert!(!text.is_empty());
}

#[test]
fn routing_accuracy_on_the_held_out_labelled_set_does_not_regress() {
    // Issue 4's targets on the held-out split: at least 90% routed right with rules plus model,
    // and no urgent message routed as normal (measured 92.3% and 0 of 11; docs/benchmarks.md).
    // The cross-validation floor is today's measurement on the 563-message training split
    // (90.9%; it was 94.7% on the 323 easier messages before the third batch of history).
    let dir = root().join("tests/fixtures/labelled");
    let config = qmark::config::Config::load(&dir.join("qmark.toml")).expect("eval config");
    let train = qmark::routing::training::labelled(&dir.join("train")).expect("train set");
    let test = qmark::routing::training::labelled(&dir.join("test")).expect("test set");
    assert!(
        train.len() >= 150 && test.len() >= 50,
        "{} / {}",
        train.len(),
        test.len()
    );
    // path, urgent, template, for every labelled file.
    let manifest = std::fs::read_to_string(dir.join("labels.tsv")).expect("labels.tsv");
    let rows: Vec<(Vec<u8>, bool, String)> = manifest
        .lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let raw = std::fs::read(dir.join(cols[0])).expect("manifest names a file");
            (raw, cols[3] == "1", cols[6].to_string())
        })
        .collect();
    let row = |raw: &Vec<u8>| {
        rows.iter()
            .find(|(r, _, _)| r == raw)
            .expect("every labelled file is in the manifest")
    };
    let urgent_tests: Vec<usize> = test
        .iter()
        .enumerate()
        .filter(|(_, (_, raw))| row(raw).1)
        .map(|(i, _)| i)
        .collect();
    assert!(urgent_tests.len() >= 10, "{} urgent", urgent_tests.len());
    let e = qmark::routing::training::evaluate(&config, &train, &test, &urgent_tests);
    assert!(
        e.accuracy >= 0.90,
        "held-out accuracy fell to {:.3} (issue 4's target is 0.90)",
        e.accuracy
    );
    assert!(
        e.accuracy >= e.rules_only_accuracy,
        "the model must not make routing worse"
    );
    assert_eq!(
        (e.urgent, e.urgent_missed),
        (urgent_tests.len(), 0),
        "an urgent held-out message was routed as normal"
    );
    // Grouped by template, as `qmark eval --folds 5 --urgent labels.tsv` does.
    let urgent: Vec<bool> = train.iter().map(|(_, raw)| row(raw).1).collect();
    let groups: Vec<String> = train.iter().map(|(_, raw)| row(raw).2.clone()).collect();
    let cv = qmark::routing::training::cross_validate(&config, &train, &urgent, &groups, 5);
    assert!(
        cv.accuracy >= 0.90,
        "cross-validated accuracy fell to {:.3}",
        cv.accuracy
    );
    assert_eq!(
        cv.urgent_missed, 0,
        "an urgent training message came out normal"
    );
}
