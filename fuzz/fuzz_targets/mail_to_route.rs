//! Raw bytes to routing decision, as the pipeline walks it: parse, understand (with and without a
//! case thread), the thread-matching helpers, what a reply means, language, urgency, the model,
//! classify with `config.example.toml`, and the `?` forward composed from the mail and read back.
//!
//! Beyond "never panics", it checks the one promise about headers: nothing the customer wrote
//! reaches a header of the forward as a header of its own (no Bcc, no extra To or Cc).

#![no_main]

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use qmark::mail::address::{Address, NamedAddress};
use qmark::mail::compose::{self, Body, Head};
use qmark::config::Config;
use qmark::routing::model::Model;
use qmark::mail::render::Templates;
use qmark::case::understand::{self, Confidence, ThreadCase};
use qmark::case::{self as casework, reply, thread};
use qmark::mail;
use qmark::routing::urgency;

struct World {
    config: Config,
    model: Model,
    templates: Templates,
    owner: Address,
    now: DateTime<Utc>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let text = std::fs::read_to_string(format!("{root}/config.example.toml"))
            .expect("config.example.toml is in the repository");
        let config = Config::parse(&text).expect("config.example.toml is valid");
        // A small model: the first few labelled training messages of each route.
        let mut model = Model::default();
        let train = format!("{root}/tests/fixtures/labelled/train");
        let mut routes: Vec<_> = std::fs::read_dir(&train)
            .expect("the labelled training set is in the repository")
            .flatten()
            .map(|e| e.path())
            .collect();
        routes.sort();
        for dir in routes {
            let class = dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("route folders have UTF-8 names")
                .to_string();
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("a route folder is readable")
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files.iter().take(6) {
                let raw = std::fs::read(f).expect("a training message is readable");
                let m = mail::parse(&raw);
                model.learn(&class, &m.subject, &m.text);
            }
        }
        let owner = config
            .routes
            .first()
            .map(|r| r.owner.clone())
            .expect("config.example.toml has a route");
        World {
            config,
            model,
            templates: Templates::load(None).expect("the compiled-in templates compile"),
            owner,
            now: DateTime::from_timestamp(1_795_424_400, 0).expect("a valid instant"),
        }
    })
}

/// The header section of a composed mail: (lower-cased name, value) per header, unfolded.
fn top_headers(bytes: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(bytes);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(line);
            }
            continue;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        out.push((name.to_ascii_lowercase(), value.to_string()));
    }
    out
}

const HEADERS_OF_A_FORWARD: &[&str] = &[
    "from",
    "to",
    "subject",
    "message-id",
    "date",
    "auto-submitted",
    "x-auto-response-suppress",
    "x-qmark-loop",
    "x-loop",
    "reply-to",
    "in-reply-to",
    "references",
    "x-qmark-case",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
];

fuzz_target!(|raw: &[u8]| {
    let w = world();
    let config = &w.config;
    let public = &config.inbox.address;
    let m = mail::parse(raw);
    let _ = mail::message_id(raw);

    // Understand: alone, then as if the shell had found a case thread at each confidence.
    let _ = understand::automatic(&m);
    let rules = qmark::authority::Rules {
        executives: &config.executives,
        company: &config.company,
        public: &config.public,
    };
    let _ = understand::understand(&m, &rules, None, qmark::authority::Proof::Unchecked);
    let sender = m.from.as_ref().and_then(|f| f.address.clone());
    let seed = raw.first().copied().unwrap_or(0);
    let confidence = match seed % 3 {
        0 => Confidence::Low,
        1 => Confidence::Medium,
        _ => Confidence::High,
    };
    let case = ThreadCase {
        case_id: thread::case_in_subject(&m.subject).unwrap_or(1),
        owner: if seed & 4 == 0 {
            sender.clone().unwrap_or_else(|| w.owner.clone())
        } else {
            w.owner.clone()
        },
        customer: sender.clone().unwrap_or_else(|| config.inbox.address.clone()),
        matched_by: "fuzz",
        confidence,
        token_for: (seed & 8 == 0).then(|| w.owner.clone()),
        manager: (seed & 32 == 0).then(|| w.owner.clone()),
        companions: sender.clone().filter(|_| seed & 64 == 0).into_iter().collect(),
    };
    let proof = if seed & 16 == 0 {
        qmark::authority::Proof::Verified
    } else {
        qmark::authority::Proof::Failed
    };
    let _ = understand::understand(&m, &rules, Some(&case), proof);
    let _ = understand::reply_text(&m.text);

    // Thread matching helpers.
    let _ = thread::normalise_subject(&m.subject);
    let _ = thread::case_in_subject(&m.subject);
    if let Some(ti) = &m.thread_index {
        let _ = thread::thread_key(ti);
    }
    for id in m
        .in_reply_to
        .iter()
        .chain(&m.references)
        .chain(&m.message_id)
    {
        if let Some(tok) = thread::token_in_message_id(id)
            && let Some((case_id, _)) = thread::parse_token(tok)
        {
            let _ = thread::verify(b"fuzz", tok, case_id, &m.recipients);
        }
    }
    for r in &m.recipients {
        if let Some(tag) = r.tag()
            && let Some((case_id, _)) = thread::parse_token(tag)
        {
            let _ = thread::verify(b"fuzz", tag, case_id, &m.recipients);
        }
    }

    // What a reply means.
    let new_text = understand::reply_text(&m.text);
    let _ = reply::parse_command(&new_text, w.now);
    let _ = reply::is_holding(&new_text);
    let _ = reply::return_date(&m.text, w.now);
    let _ = reply::manual_route(&m.text);
    if let Some(s) = &sender {
        let _ = reply::delegate(&m.text, s, &["shop.example", s.domain()]);
        let _ = reply::authenticated(&m.authentication_results, "mx.shop.example", s.domain());
    }

    // Language, urgency, the model, routing.
    let _ = urgency::signs(&m.subject, &m.text);
    let _ = model_features(&m.subject, &m.text);
    let _ = w.model.predict(&m.subject, &m.text);
    // The daemon's own road from bytes to a route, then a repeat customer's re-route.
    let read = qmark::intake::intake(config, Some(&w.model), raw);
    let decision = qmark::intake::route(
        config,
        Some(&w.model),
        &read.mail,
        read.sender.as_ref(),
        read.language,
        u32::from(seed % 4),
        None,
    );
    let _ = qmark::intake::route(config, None, &m, None, None, 0, None);

    // The `?` forward, as casework composes it, read back.
    let subject = casework::subject_or_placeholder(&m);
    let view = serde_json::json!({
        "note": null,
        "public": public.to_string(),
        "deadline": "2026-11-24T09:00:00.000Z",
        "case_id": 7,
        "route": decision.route,
        "priority": decision.priority.as_str(),
        "customer": casework::customer_line(&m),
        "date": m.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
        "subject": subject,
        "attachments": m.attachments.iter().map(|a| format!(
            "{} ({}, {} bytes)", a.name.as_deref().unwrap_or("unnamed"), a.content_type, a.size
        )).collect::<Vec<_>>(),
        "problem": m.problem,
        "related": null,
        "text": m.text,
        "truncated": m.text_truncated,
        "reopened": false,
    });
    let text = w
        .templates
        .text("forward.txt", &view)
        .expect("the forward template renders any mail");
    let full_subject = format!("? {subject} {}", thread::subject_tag(7));
    let head = Head {
        from: NamedAddress {
            name: m.from.as_ref().and_then(|f| f.name.clone()),
            address: public.clone(),
        },
        reply_to: Some(public.with_tag("q7-0123456789abcdef")),
        to: vec![w.owner.clone()],
        cc: vec![],
        subject: full_subject.clone(),
        message_id: "q7-0123456789abcdef.1@shop.example".into(),
        in_reply_to: m.message_id.clone(),
        references: m.references.clone(),
        date: w.now,
        auto_submitted: "auto-generated",
        loop_marker: public.clone(),
        case_id: Some(7),
        forward_max_bytes: qmark::config::DEFAULT_FORWARD_MAX_BYTES,
        config_path: Some("/etc/qmark/qmark.toml".into()),
    };
    let bytes = compose::compose(
        &head,
        Body {
            text,
            html: None,
            original: Some(raw),
            inline: Vec::new(),
            files: Vec::new(),
        },
    );

    let headers = top_headers(&bytes);
    for (name, value) in &headers {
        assert!(
            HEADERS_OF_A_FORWARD.contains(&name.as_str()),
            "the forward gained a header {name:?}: {value:?}"
        );
    }
    for name in HEADERS_OF_A_FORWARD {
        let n = headers.iter().filter(|(h, _)| h == name).count();
        assert!(n <= 1, "the forward has {n} {name} headers");
    }
    let back = mail::parse(&bytes);
    assert!(back.parsed, "the forward reads back as MIME");
    assert_eq!(
        back.recipients,
        vec![w.owner.clone()],
        "the forward goes to the owner alone"
    );
    assert_eq!(
        back.from.as_ref().and_then(|f| f.address.as_ref()),
        Some(public),
        "the forward comes from the public address"
    );
    assert_eq!(back.auto.qmark_loop.as_deref(), Some(public.as_str()));
    assert_eq!(
        back.subject,
        compose::cap_subject(&full_subject, Some(7)),
        "the subject reads back (cut to its cap, keeping the case tag)"
    );
});

fn model_features(subject: &str, body: &str) -> usize {
    qmark::routing::model::features(subject, body).len()
}
