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
        let gist = qmark::wants::read(&mail.subject, &mail.text);
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
            println!("{name} {}: problem {said:?}, labelled {:?}", l.file, l.problem);
        }
    }
    let n = labels.len();
    println!(
        "{name}: wants {wants}/{n} (first label {strict}/{n}), problem {problem}/{n}"
    );
    (wants, problem, n, strict)
}

#[test]
fn wants_and_problem_are_right_on_the_held_out_sample() {
    let (wants, problem, n, _) = score("wants-sample.tsv");
    assert_eq!(n, 40, "the documented sample is 40 messages");
    // Issue 12's target is 80% for each.
    assert!(wants * 100 >= 80 * n, "wants right on {wants}/{n}");
    assert!(problem * 100 >= 80 * n, "problem right on {problem}/{n}");
}

#[test]
fn wants_and_problem_on_the_tuning_half() {
    let (wants, problem, n, _) = score("wants-tuning.tsv");
    assert_eq!(n, 42);
    assert!(wants * 100 >= 80 * n, "wants right on {wants}/{n}");
    assert!(problem * 100 >= 80 * n, "problem right on {problem}/{n}");
}
