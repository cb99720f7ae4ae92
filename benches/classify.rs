//! Routing speed: classifying one message (rules + model) and training the model.
//! `cargo bench --bench classify`; figures are recorded in docs/benchmarks.md.

// A benchmark stops at the first broken assumption.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qmark::config::Config;
use qmark::routing::classify::{Message, classify};
use qmark::routing::model::Model;

const CONFIG: &str = include_str!("../config.example.toml");

/// Realistic complaint bodies in English and Korean, varied so the model sees many words.
fn corpus(n: usize) -> Vec<(String, String, String)> {
    let en = [
        (
            "billing",
            "Charged twice for order",
            "I was charged twice for order {n}. Please refund the second payment to my card.",
        ),
        (
            "shipping",
            "Package never arrived",
            "My package for order {n} never arrived; the tracking has not moved for a week and the courier does not answer.",
        ),
        (
            "billing",
            "Invoice is wrong",
            "The invoice for order {n} shows the wrong amount and VAT number. Please send a corrected invoice.",
        ),
        (
            "shipping",
            "Late delivery",
            "Delivery of order {n} is ten days late. The courier says the parcel is at the depot.",
        ),
        (
            "triage",
            "Question",
            "Do you have a store in Busan? I would like to visit with my family next month, order {n}.",
        ),
    ];
    let ko = [
        (
            "billing",
            "환불 요청",
            "주문번호 {n} 결제가 두 번 되었습니다. 한 건은 환불해 주세요.",
        ),
        (
            "shipping",
            "배송 지연",
            "주문번호 {n} 택배가 일주일째 오지 않습니다. 배송 조회도 안 됩니다.",
        ),
        ("triage", "문의", "매장 영업시간이 궁금합니다. 주문번호 {n}"),
    ];
    (0..n)
        .map(|i| {
            let (route, subject, body) = if i % 3 == 0 {
                ko[i % ko.len()]
            } else {
                en[i % en.len()]
            };
            (
                route.to_string(),
                subject.to_string(),
                body.replace("{n}", &format!("{}", 1000 + i)),
            )
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let config = Config::parse(CONFIG).expect("the example config is valid");
    let data = corpus(10_000);
    let mut model = Model::default();
    for (route, s, b) in &data {
        model.learn(route, s, b);
    }

    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(1));
    let mut i = 0;
    g.bench_function("rules+model, one message", |b| {
        b.iter(|| {
            let (_, s, body) = &data[i % data.len()];
            i += 1;
            std::hint::black_box(classify(&config, Some(&model), &Message::text(s, body)))
        })
    });
    g.bench_function("rules only, one message", |b| {
        b.iter(|| {
            let (_, s, body) = &data[i % data.len()];
            i += 1;
            std::hint::black_box(classify(&config, None, &Message::text(s, body)))
        })
    });
    // What the customer wants and their problem sentence, read once per message at intake.
    g.bench_function("wants and problem, one message", |b| {
        b.iter(|| {
            let (_, s, body) = &data[i % data.len()];
            i += 1;
            std::hint::black_box(qmark::routing::wants::read(s, body))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("train");
    g.sample_size(10);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("10,000 messages", |b| {
        b.iter(|| {
            let mut m = Model::default();
            for (route, s, body) in &data {
                m.learn(route, s, body);
            }
            std::hint::black_box(m.examples())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
