//! `qmark export`: cases, their history and their timings, for the rest of the company to
//! analyse, in the stable schema documented in docs/export.md. Read-only, like replay. CSV goes
//! through the `csv` crate (every field quoted as needed, so customer text cannot break a row);
//! no reply token, digest token or case token ever leaves in an export.

use std::io::Write;
use std::sync::LazyLock;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::store::{CaseRecord, EventRecord};
use crate::store::{CaseStatus, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Serialize)]
struct CaseWithEvents<'a> {
    #[serde(flatten)]
    case: &'a CaseRecord,
    events: Vec<&'a EventRecord>,
}

/// What `export` writes: the cases, or (CSV only) their events as a table of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Cases,
    Events,
}

/// Write every case opened since `since` to `out`. Returns how many cases.
pub async fn export(
    store: &Store,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    format: Format,
    table: Table,
    out: &mut dyn Write,
) -> Result<usize> {
    let cases: Vec<CaseRecord> = store
        .export_cases(since)
        .await?
        .into_iter()
        .map(|c| with_timings(c, now))
        .collect();
    let events: Vec<EventRecord> = store
        .export_events(since)
        .await?
        .into_iter()
        .map(without_event_tokens)
        .collect();
    match (format, table) {
        (Format::Jsonl, _) => write_jsonl(&cases, &events, out)?,
        (Format::Csv, Table::Cases) => write_csv(cases.iter().map(csv_safe_case), out)?,
        (Format::Csv, Table::Events) => write_csv(events.iter().map(csv_safe_event), out)?,
    }
    out.flush().context("writing the export")?;
    Ok(cases.len())
}

fn write_jsonl(cases: &[CaseRecord], events: &[EventRecord], out: &mut dyn Write) -> Result<()> {
    // Events come ordered by case then id, as the cases do: walk both once.
    let mut rest = events;
    for case in cases {
        let split = rest
            .iter()
            .position(|e| e.case_id != case.case_id)
            .unwrap_or(rest.len());
        let (mine, later) = rest.split_at(split);
        rest = later;
        let line = serde_json::to_string(&CaseWithEvents {
            case,
            events: mine.iter().collect(),
        })?;
        // serde_json escapes every control character: one record is one line.
        writeln!(out, "{line}").context("writing the export")?;
    }
    Ok(())
}

fn write_csv<T: Serialize + Default>(
    rows: impl Iterator<Item = T>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out);
    let mut written = 0;
    for row in rows {
        w.serialize(row).context("writing a CSV row")?;
        written += 1;
    }
    if written == 0 {
        // The csv crate writes the header with the first row; a spreadsheet or a loader
        // reading an empty export still wants the columns.
        w.write_record(&header_of::<T>()?)
            .context("writing the CSV header")?;
    }
    w.flush().context("writing the export")?;
    Ok(())
}

/// The CSV header `T`'s rows get, taken from serializing an empty one.
fn header_of<T: Serialize + Default>() -> Result<csv::StringRecord> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(T::default())
        .context("writing the CSV header")?;
    let bytes = w.into_inner().context("writing the CSV header")?;
    Ok(csv::Reader::from_reader(bytes.as_slice())
        .headers()
        .context("writing the CSV header")?
        .clone())
}

fn seconds(from: DateTime<Utc>, to: Option<DateTime<Utc>>) -> Option<i64> {
    Some((to? - from).num_seconds())
}

/// A stored case as exported, its timings worked out at `now`. Pure.
pub fn with_timings(mut c: CaseRecord, now: DateTime<Utc>) -> CaseRecord {
    c.deadline_met = match c.first_answer_at {
        Some(answered) => Some(answered <= c.deadline),
        None if c.deadline <= now => Some(false),
        None => None,
    };
    c.seconds_to_first_forward = seconds(c.opened_at, c.first_forward_at);
    c.seconds_to_first_answer = seconds(c.opened_at, c.first_answer_at);
    // A reopened case was closed once; it is not closed now.
    if c.status != CaseStatus::Closed {
        c.closed_at = None;
    }
    c
}

/// Reply tokens (`q12-<mac>`, digest `qd-<mac>`), wherever a history line might quote an
/// address that carries one.
static TOKEN: LazyLock<Option<regex::Regex>> =
    LazyLock::new(|| regex::Regex::new(r"\bq(?:d|\d+)-[0-9a-f]{8,}\b").ok());

/// `text` with any reply token replaced by `[token]`. Pure.
pub fn without_tokens(text: &str) -> String {
    match TOKEN.as_ref() {
        Some(re) => re.replace_all(text, "[token]").into_owned(),
        // The pattern is a constant that compiles; if it ever did not, say nothing rather
        // than risk a token.
        None => String::from("[withheld]"),
    }
}

fn without_event_tokens(e: EventRecord) -> EventRecord {
    EventRecord {
        actor: e.actor.as_deref().map(without_tokens),
        detail: without_tokens(&e.detail),
        ..e
    }
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (CSV
/// injection): such text gets a leading `'`, which spreadsheets show as text. JSON Lines keeps
/// the text as it is. Pure.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn csv_safe_case(c: &CaseRecord) -> CaseRecord {
    CaseRecord {
        customer: cell(&c.customer),
        customer_name: c.customer_name.as_deref().map(cell),
        subject: cell(&c.subject),
        problem: c.problem.as_deref().map(cell),
        ..c.clone()
    }
}

fn csv_safe_event(e: &EventRecord) -> EventRecord {
    EventRecord {
        actor: e.actor.as_deref().map(cell),
        detail: cell(&e.detail),
        ..e.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> CaseRecord {
        CaseRecord {
            case_id: 7,
            status: CaseStatus::Closed,
            route: "billing".into(),
            owner: "bo@shop.example".into(),
            priority: crate::store::Priority::Normal,
            customer: "kim@customer.example".into(),
            customer_name: Some("=HYPERLINK(\"http://evil\")".into()),
            subject: "Charged twice,\r\n\"again\"".into(),
            language: Some("en".into()),
            wants: Some("refund".into()),
            problem: None,
            rung: 0,
            backfilled: false,
            messages: 2,
            opened_at: at("2026-11-23T09:00:00.000Z"),
            deadline: at("2026-11-24T09:00:00.000Z"),
            first_forward_at: Some(at("2026-11-23T09:00:01.500Z")),
            first_answer_at: Some(at("2026-11-23T11:30:00.000Z")),
            closed_at: Some(at("2026-11-25T08:00:00.000Z")),
            seconds_to_first_forward: None,
            seconds_to_first_answer: None,
            deadline_met: None,
        }
    }

    fn at(t: &str) -> DateTime<Utc> {
        t.parse().expect("an RFC 3339 instant")
    }

    fn now() -> DateTime<Utc> {
        at("2026-12-01T00:00:00.000Z")
    }

    #[test]
    fn timings_are_worked_out_from_the_stored_times() {
        let r = with_timings(stored(), now());
        assert_eq!(r.seconds_to_first_forward, Some(1));
        assert_eq!(r.seconds_to_first_answer, Some(2 * 3600 + 1800));
        assert_eq!(r.deadline_met, Some(true));
        assert_eq!(r.closed_at, Some(at("2026-11-25T08:00:00.000Z")));
        let open = CaseRecord {
            status: CaseStatus::Open,
            first_answer_at: None,
            ..stored()
        };
        let r = with_timings(open.clone(), now());
        assert_eq!((r.deadline_met, r.closed_at), (Some(false), None));
        let early = at("2026-11-23T10:00:00.000Z");
        assert_eq!(with_timings(open, early).deadline_met, None);
    }

    #[test]
    fn an_empty_csv_export_still_has_its_header() {
        let header = |rows: Vec<u8>| {
            let mut r = csv::Reader::from_reader(rows.as_slice());
            let h = r.headers().expect("headers").clone();
            (h, r.records().count())
        };
        let mut full = Vec::new();
        write_csv(std::iter::once(csv_safe_case(&stored())), &mut full).expect("csv");
        let mut empty = Vec::new();
        write_csv(std::iter::empty::<CaseRecord>(), &mut empty).expect("csv");
        let (full, one) = header(full);
        let (none, zero) = header(empty);
        assert_eq!((one, zero), (1, 0));
        assert_eq!(none, full, "the same columns with or without rows");
        let mut events = Vec::new();
        write_csv(std::iter::empty::<EventRecord>(), &mut events).expect("csv");
        assert_eq!(header(events).0.get(0), Some("case_id"));
    }

    #[test]
    fn customer_text_cannot_break_a_csv_row_or_run_as_a_formula() {
        let mut out = Vec::new();
        let r = with_timings(stored(), now());
        write_csv(std::iter::once(csv_safe_case(&r)), &mut out).expect("csv");
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.get(0), Some("case_id"));
        assert_eq!(headers.len(), 22);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(
            rows.len(),
            1,
            "one case, one record, whatever its subject holds"
        );
        let at = |name: &str| {
            let i = headers.iter().position(|h| h == name).expect(name);
            rows[0].get(i).expect("field").to_string()
        };
        assert_eq!(at("subject"), "Charged twice,\r\n\"again\"");
        assert_eq!(at("customer_name"), "'=HYPERLINK(\"http://evil\")");
        assert_eq!(at("problem"), "");
        assert_eq!(at("deadline_met"), "true");
        assert_eq!(at("status"), "closed");
        assert_eq!(at("priority"), "normal");
        assert_eq!(at("first_forward_at"), "2026-11-23T09:00:01.500Z");
        assert_eq!(at("closed_at"), "2026-11-25T08:00:00.000Z");
    }

    #[test]
    fn tokens_never_leave_in_an_export() {
        assert_eq!(
            without_tokens(
                "reply from ceo+q12-0a1b2c3d4e5f6a7b@shop.example, digest qd-00ff00ff00ff00ff"
            ),
            "reply from ceo+[token]@shop.example, digest [token]"
        );
        assert_eq!(without_tokens("case q12 was quick"), "case q12 was quick");
    }
}
