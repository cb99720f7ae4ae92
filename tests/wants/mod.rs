//! Issue 12 item 5: what the customer wants and the sentence that states their problem, scored
//! on mail nobody here wrote. The messages are copies of files of the shared corpus
//! (`tests/fixtures/corpus/wants/`), labelled by hand in `wants-sample.tsv` (held out: chosen and
//! labelled before any rule was written, never tuned on) and `wants-tuning.tsv` (the files the
//! rules in `data/wants.toml` were tuned on). See `tests/fixtures/corpus/README.md`.

use crate::support::root;

/// One labelled message: the wants that are right, and fragments of the acceptable sentences.
struct Label {
    file: String,
    wants: Vec<String>,
    problem: Vec<String>,
}

fn labels(name: &str) -> Vec<Label> {
    let path = root().join("tests/fixtures/corpus").join(name);
    let text = std::fs::read_to_string(&path).expect("the labelled sample is in the repository");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("file\t") && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{name}: three columns in {l:?}");
            let list = |s: &str| s.split('|').map(|x| x.trim().to_string()).collect();
            Label {
                file: cols[0].to_string(),
                wants: list(cols[1]),
                problem: list(cols[2]),
            }
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (wants right, problem right, total, first-label wants right), printing every miss.
fn score(name: &str) -> (usize, usize, usize, usize) {
    let labels = labels(name);
    let (mut wants, mut problem, mut strict) = (0, 0, 0);
    for l in &labels {
        let raw = std::fs::read(root().join("tests/fixtures/corpus/wants").join(&l.file))
            .expect("a labelled message is in tests/fixtures/corpus/wants");
        let mail = qmark::mail::parse(&raw);
        let gist = qmark::routing::wants::read(&mail.subject, &mail.text);
        let got = gist.wants.as_str();
        if l.wants.iter().any(|w| w == got) {
            wants += 1;
        } else {
            println!("{name} {}: wants {got}, labelled {:?}", l.file, l.wants);
        }
        if l.wants.first().is_some_and(|w| w == got) {
            strict += 1;
        }
        let said = squash(gist.problem.as_deref().unwrap_or(""));
        if l.problem.iter().any(|f| said.contains(&squash(f))) {
            problem += 1;
        } else {
            println!(
                "{name} {}: problem {said:?}, labelled {:?}",
                l.file, l.problem
            );
        }
    }
    let n = labels.len();
    println!("{name}: wants {wants}/{n} (first label {strict}/{n}), problem {problem}/{n}");
    (wants, problem, n, strict)
}

// The figures reached (README, "What the customer wants"). Issue 12's target is 80% for each:
// `wants` reaches it on the held-out sample, `problem` does not yet (see the README), so its
// floor is what it reaches, to catch a regression, not the target.

#[test]
fn wants_and_problem_are_right_on_the_held_out_sample() {
    let (wants, problem, n, _) = score("wants-sample.tsv");
    assert_eq!(n, 40, "the documented sample is 40 messages");
    assert!(wants * 100 >= 80 * n, "wants right on {wants}/{n}");
    assert!(problem >= 24, "problem right on {problem}/{n}");
}

/// The two odd (tuning-side) samples: `wants-tuning.tsv` and forty more odd-numbered files (the
/// ones it leaves out), labelled for the problem round of branch `urgency`. Each problem round
/// since has been decided on the two together (docs/benchmarks.md), so the problem floor is
/// their sum: round seven's first-sentence rank took it from 52 to 53 (tuning 27 → 26, odd40
/// 25 → 27).
#[test]
fn wants_and_problem_on_the_two_odd_samples() {
    let (wants_t, problem_t, n_t, _) = score("wants-tuning.tsv");
    let (wants_o, problem_o, n_o, _) = score("wants-odd40.tsv");
    assert_eq!((n_t, n_o), (42, 40));
    assert!(wants_t >= 39, "wants right on {wants_t}/{n_t} (tuning)");
    assert!(wants_o >= 27, "wants right on {wants_o}/{n_o} (odd40)");
    assert!(
        problem_t + problem_o >= 53,
        "problem right on {problem_t}/{n_t} + {problem_o}/{n_o}"
    );
}

/// A complaint that opens with a greeting, a salutation and a self-introduction, and closes with
/// thanks and a signature, through the real servers: the forward, `cases show` and the digest
/// all lead with what the customer wants and the sentence that states the problem.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forward_cases_show_and_digest_lead_with_what_the_customer_wants_and_their_problem() {
    use crate::support::{World, message, now, parsed};
    let w = World::new();
    let problem = "지난주에 주문한 전기밥솥 값이 카드에서 두 번 결제되었습니다.";
    let body = format!(
        "안녕하세요, 고객센터 담당자님.\r\n\r\n저는 김민지입니다.\r\n\r\n{problem}\r\n한 건은 환불해 주세요.\r\n\r\n감사합니다.\r\n김민지 드림\r\n010-0000-1234\r\n"
    );
    let raw = message(&w.customer(), &w.addr("ceo"), "결제 문의", &body, "");
    w.deliver(&w.customer(), &raw).await;
    let app = w.app().await;
    qmark::runner::run_once(&app, now())
        .await
        .expect("run once");

    let forward = parsed(&w.wait_for("billing", 1).await.remove(0));
    let top: Vec<&str> = forward.text.lines().take(3).collect();
    assert_eq!(
        top,
        ["?", "Wants:    refund", &format!("Problem:  {problem}")],
        "{}",
        forward.text
    );
    for line in body.lines() {
        assert!(
            forward.text.contains(line),
            "the customer's message is intact below: {line:?} in {}",
            forward.text
        );
    }

    let cfg = w.config_path.to_str().expect("utf8").to_string();
    let out = crate::support::qmark(&["cases", "--config", &cfg, "show", "1", "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(shown["wants"], "refund", "{shown}");
    assert_eq!(shown["problem"], problem, "{shown}");
    let out = crate::support::qmark(&["cases", "--config", &cfg, "show", "1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("wants:     refund"), "{text}");
    assert!(text.contains(&format!("problem:   {problem}")), "{text}");

    // The digest's at-risk line is the problem, never the greeting; a case stored before the
    // problem was (migration 0010) has it read again from its complaint.
    let late = now() + chrono::Duration::hours(30);
    let (view, _, _) = qmark::digest::render(&app, late).await.expect("digest");
    assert_eq!(
        view.at_risk.first().map(|r| r.summary.as_str()),
        Some(problem)
    );
    sqlx::query("UPDATE cases SET wants = NULL, problem = NULL")
        .execute(app.store.pool())
        .await
        .expect("forget the stored problem");
    let (view, _, _) = qmark::digest::render(&app, late).await.expect("digest");
    assert_eq!(
        view.at_risk.first().map(|r| r.summary.as_str()),
        Some(problem)
    );
}
