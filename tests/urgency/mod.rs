//! Issue 12 items 4 and 6 through the real servers: people's `#urgent` / `#normal` corrections
//! set a case's priority and deadline and teach the router, so that similar mail is flagged;
//! a doubtful complaint reaches the triage owner with its candidates.

use crate::support::*;
use qmark::runner::run_once;

/// A complaint no urgency phrase knows: dust from a humidifier and a wheezing child are a
/// health worry only a person recognises at first.
fn mattress(from: &str, to: &str, subject: &str, body: &str) -> Vec<u8> {
    message(from, to, subject, body, "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_correction_moves_the_deadline_shows_in_the_digest_and_teaches_the_router() {
    let w = World::new();
    // Triage answers urgent cases within 4 hours instead of 24 (its default is the same 24).
    let text = w
        .config_text("")
        .replace("[triage]\n", "[triage]\nurgent_deadline = \"4h\"\n");
    std::fs::write(&w.config_path, text).expect("write config");
    let first = mattress(
        &w.customer(),
        &w.addr("ceo"),
        "Humidifier",
        "The humidifier leaves a white dust all over the nursery and my daughter has been \
         wheezing every night since we started using it.",
    );
    w.deliver(&w.customer(), &first).await;
    let app = w.app().await;
    let t0 = now();
    run_once(&app, t0).await.expect("run");
    let before = case1(&app).await;
    assert_eq!(
        before.priority,
        Priority::Normal,
        "no phrase says it is urgent"
    );
    let forward = w
        .wait_for(&owner_role(&w, before.owner.as_str()), 1)
        .await
        .remove(0);

    // A stranger's #urgent changes nothing.
    let (to, forged) = reply_to_forward(&forward, &w.addr("mallory"), "#urgent", "");
    w.deliver_to(&w.addr("mallory"), &to, &forged).await;
    run_once(&app, t0).await.expect("run");
    assert_eq!(
        case1(&app).await.priority,
        Priority::Normal,
        "a stranger cannot"
    );

    // The owner says it is urgent.
    let (to, urgent) = reply_to_forward(
        &forward,
        before.owner.as_str(),
        "#urgent\n\nchild's health",
        "",
    );
    w.deliver_to(before.owner.as_str(), &to, &urgent).await;
    run_once(&app, t0).await.expect("run");
    let after = case1(&app).await;
    assert_eq!(after.priority, Priority::Urgent);
    assert!(
        after.deadline < before.deadline,
        "the urgent window ({}) is shorter than the normal one ({})",
        after.deadline,
        before.deadline
    );
    assert_eq!(after.status, CaseStatus::Open, "a command is not an answer");
    let events = app.store.events(1).await.expect("events");
    let change = events
        .iter()
        .find(|e| e.kind == "priority")
        .expect("a priority event");
    assert!(
        change.detail.contains("normal → urgent") && change.detail.contains("answer now due"),
        "{}",
        change.detail
    );
    assert_eq!(change.actor.as_deref(), Some(before.owner.as_str()));
    // The digest counts it as urgent.
    let (view, text, _) = qmark::digest::render(&app, t0 + chrono::Duration::hours(1))
        .await
        .expect("digest");
    let row = view
        .intake
        .iter()
        .find(|r| r.route == after.route)
        .expect("the case's route in the intake");
    assert_eq!((row.urgent, row.normal), (1, 0), "{text}");

    // The next pass learns the label, as the daemon does; a similar complaint from another
    // customer comes in urgent, naming the case it resembles.
    let other = format!("{}other@customer.example", w.prefix);
    let second = mattress(
        &other,
        &w.addr("ceo"),
        "white dust from humidifier",
        "Our humidifier puts white dust on everything in the nursery, and my son is \
         wheezing at night.",
    );
    w.deliver(&other, &second).await;
    run_once(&app, t0).await.expect("run");
    let case2 = app.store.case(2).await.expect("case").expect("case 2");
    assert_eq!(case2.priority, Priority::Urgent);
    let routed = app
        .store
        .events(2)
        .await
        .expect("events")
        .into_iter()
        .find(|e| e.kind == "routed")
        .expect("routed");
    assert!(routed.detail.contains("like case #1"), "{}", routed.detail);
    // An unrelated complaint is not.
    let third = mattress(
        &other,
        &w.addr("ceo"),
        "Receipt",
        "Could you send me a receipt for the sofa I bought last week?",
    );
    w.deliver(&other, &third).await;
    run_once(&app, t0).await.expect("run");
    let case3 = app.store.case(3).await.expect("case").expect("case 3");
    assert_eq!(case3.priority, Priority::Normal);

    // #normal undoes it: priority, a later deadline again, and the label.
    let forward2 = w
        .wait_for(&owner_role(&w, case2.owner.as_str()), 2)
        .await
        .into_iter()
        .find(|m| parsed(m).subject.contains("[#2]"))
        .expect("case 2's forward");
    // (The owner's token: an executive acts on a forward only with a token made for them.)
    let (to, normal) = reply_to_forward(&forward2, case2.owner.as_str(), "#normal", "");
    w.deliver_to(case2.owner.as_str(), &to, &normal).await;
    run_once(&app, t0).await.expect("run");
    let case2_after = app.store.case(2).await.expect("case").expect("case 2");
    assert_eq!(case2_after.priority, Priority::Normal);
    assert!(case2_after.deadline > case2.deadline);
    assert!(kinds(&app, 2).await.contains(&"priority".to_string()));
    // The model kept both labels across a restart.
    drop(app);
    let app = w.app().await;
    assert_eq!(app.model().urgency.labelled.len(), 2);
}

/// The role (`triage`, `quality`, ...) whose address `owner` is.
fn owner_role(w: &World, owner: &str) -> String {
    ROLES
        .iter()
        .find(|r| w.addr(r) == owner)
        .map(|r| r.to_string())
        .expect("the owner is one of the world's roles")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_doubtful_complaint_reaches_triage_with_its_candidates() {
    let w = World::new();
    // Rules alone need two points (a subject keyword, or two in the body) to pick an owner.
    w.set_config("[routing]\nmin_points = 2\n");
    // One body word for billing, one for shipping, nothing in the subject: a coin toss.
    let doubtful = message(
        &w.customer(),
        &w.addr("ceo"),
        "Order 5521",
        "About the payment and the delivery of order 5521, can someone call me?",
        "",
    );
    w.deliver(&w.customer(), &doubtful).await;
    let app = w.app().await;
    run_once(&app, now()).await.expect("run");
    assert_eq!(case1(&app).await.route, "triage");
    let forward = w.wait_for("triage", 1).await.remove(0);
    let text = parsed(&forward).text;
    assert!(text.contains("Unsure:"), "{text}");
    for route in ["billing", "shipping"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(route) && l.contains(&w.addr(route))),
            "{route} is a candidate: {text}"
        );
    }
}

/// The "danger over" rule (`data/urgency.toml [resolved]`) never silences an urgent mail of the
/// set a helper wrote to attack it (`tests/fixtures/urgency-over`: thanks, an earlier report and
/// "no problems since", then a live danger). The set is development data since (six of its
/// urgent mails had no sign the lexicon knew; five are flagged now): the floor guards them.
#[test]
fn a_thank_you_before_a_live_danger_stays_urgent() {
    let (mut urgent, mut missed, mut silenced) = (0, 0, Vec::new());
    for (file, label, d) in labelled_decisions("tests/fixtures/urgency-over") {
        if !label {
            continue;
        }
        urgent += 1;
        missed += usize::from(!d.priority.is_urgent());
        if d.reasons.iter().any(|r| r.starts_with("not urgent:")) {
            silenced.push(format!("{file}: {:?}", d.reasons));
        }
    }
    assert_eq!(urgent, 24, "the set's urgent messages");
    assert!(
        silenced.is_empty(),
        "urgent mail set aside as over: {silenced:#?}"
    );
    assert!(missed <= 1, "{missed} of 24 urgent mails not flagged");
}

/// The red team's 60 mails (`tests/fixtures/urgency-red`, a helper that saw nothing of the
/// project): 40 urgent ones told in plain words a word list would miss (a drip after a meal
/// kit, a chest of drawers that came forward, a grandmother down to her last rice, a text link
/// that took 890,000 won, a reset mail going to an address that is not the customer's) and 20
/// calm ones full of danger words (a sister who just qualified as a lawyer, a threat ruled out
/// in a long sentence). Main missed 22 of the 40 and flagged 11 of the 20 before this set; it
/// is development data from then on, so these floors guard what was learned from it.
#[test]
fn the_red_team_s_plain_words_dangers_are_flagged_and_its_ruled_out_threats_are_not() {
    let (mut urgent, mut calm) = (0, 0);
    let (mut missed, mut flagged) = (Vec::new(), Vec::new());
    for (file, label, d) in labelled_decisions("tests/fixtures/urgency-red") {
        if label {
            urgent += 1;
            if !d.priority.is_urgent() {
                missed.push(file);
            }
        } else {
            calm += 1;
            if d.priority.is_urgent() {
                flagged.push(file);
            }
        }
    }
    assert_eq!((urgent, calm), (40, 20), "the set's labels");
    assert!(missed.len() <= 1, "urgent mails not flagged: {missed:?}");
    // Threats ruled out in a long sentence, in three languages: never flagged again.
    for ruled_out in [
        "47-en-biscuits-not-running-to-solicitors.eml",
        "54-ko-chair-colour-no-sobowon.eml",
        "59-ja-wrong-tea-no-intention-to-sue.eml",
    ] {
        assert!(
            !flagged.iter().any(|f| f == ruled_out),
            "{ruled_out} flagged"
        );
    }
    assert!(flagged.len() <= 9, "calm mails flagged: {flagged:?}");
}

/// Each message of a labelled set (`labels.tsv`: file, then `yes`/`no` urgent) as the day-one
/// config reads it through `intake`: (file, urgent by its label, the decision).
fn labelled_decisions(set: &str) -> Vec<(String, bool, qmark::routing::classify::Decision)> {
    let dir = root().join(set);
    let text = std::fs::read_to_string(root().join("tests/fixtures/corpus/dayone-intents.toml"))
        .expect("the day-one config");
    let config = qmark::config::Config::parse(&text).expect("the day-one config parses");
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).expect("labels.tsv");
    labels
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|row| {
            let mut cols = row.split('\t');
            let (file, label) = (cols.next().expect("file"), cols.next().expect("urgent"));
            let raw = std::fs::read(dir.join(file)).expect("a labelled message");
            let d = qmark::intake::intake(&config, None, &raw)
                .decision
                .expect("a complaint, not automatic mail");
            (file.to_string(), label == "yes", d)
        })
        .collect()
}

/// The second red team (`tests/fixtures/urgency-red2`, 70 mails by another helper that saw
/// nothing of the project: a grandmother's rambling letter, a parent typing one-handed, a
/// formal buyer's mail with one worrying line, a carer, slang in three languages). Main with
/// the first red team's signs missed 35 of its 50 urgent mails (36 before them: the first red
/// team's words barely carried over). Development data since; the floor guards what was learned.
#[test]
fn the_second_red_team_s_dangers_told_by_carers_parents_and_buyers_are_flagged() {
    let (mut urgent, mut missed) = (0, Vec::new());
    let mut calm_flagged = 0;
    for (file, label, d) in labelled_decisions("tests/fixtures/urgency-red2") {
        if label {
            urgent += 1;
            if !d.priority.is_urgent() {
                missed.push(file);
            }
        } else {
            calm_flagged += usize::from(d.priority.is_urgent());
        }
    }
    assert_eq!(urgent, 50, "the set's urgent messages");
    assert!(missed.len() <= 4, "urgent mails not flagged: {missed:?}");
    assert!(
        calm_flagged <= 12,
        "{calm_flagged} of 20 calm mails flagged"
    );
}
