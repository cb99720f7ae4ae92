//! Storing fetched messages a chunk at a time: one read of the Message-IDs they reuse, one
//! multi-row insert of the messages and one of their raw bytes (`raw_messages`, migration
//! 0017), instead of two or three statements per message. Each statement is a round trip to
//! SQLite's thread; the IMAP fetch stage stores 200 messages per transaction.
//!
//! The statements are built here with only numbered placeholders spliced in (`values`), never
//! a value, which is what `AssertSqlSafe` vouches for.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::AssertSqlSafe;

use super::{Source, Stored, inbox_key, sha256_hex, stored_raw, ts};

/// A fetched message to store.
pub struct NewMessage<'a> {
    /// Taken by value so SQLite gets the bytes without another copy (large messages).
    pub raw: Vec<u8>,
    pub message_id: Option<String>,
    pub source: Option<Source<'a>>,
    /// Taken by `qmark backfill` (see `MessageRow::backfill`).
    pub backfill: bool,
}

/// A message with the keys that decide whether it is a copy.
struct Keyed<'a> {
    m: NewMessage<'a>,
    sha256: String,
    content_key: String,
    /// `mail::copy_key`: how a copy is known when there is no Message-ID (migration 0022).
    copy_key: Option<String>,
}

/// `$1, $2, …` placeholders for `rows` rows of `columns` values each: `($1, $2), ($3, $4)`.
pub fn values(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=columns)
                .map(|c| format!("${}", r * columns + c))
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `$1, $2, …, $n`: the values of an `IN (…)`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Store `messages` in order, each as `insert_message` would (same copies found, same
/// collisions reported), in as few statements as their content allows: a chunk is cut where a
/// message repeats the bytes, the Message-ID or the copy key of one before it in the chunk, so that the
/// later one is judged against the stored earlier one.
pub async fn insert_messages(
    conn: &mut AnyConnection,
    messages: Vec<NewMessage<'_>>,
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    let mut stored = Vec::with_capacity(messages.len());
    let mut group = Vec::new();
    let (mut shas, mut mids, mut copies) = (HashSet::new(), HashSet::new(), HashSet::new());
    for m in messages {
        let k = Keyed {
            sha256: sha256_hex(&m.raw),
            content_key: crate::mail::content_key(&m.raw),
            copy_key: match m.message_id {
                Some(_) => None,
                None => crate::mail::copy_key(&m.raw),
            },
            m,
        };
        let repeats = shas.contains(&k.sha256)
            || k.m.message_id.as_ref().is_some_and(|id| mids.contains(id))
            || k.copy_key.as_ref().is_some_and(|c| copies.contains(c));
        if repeats {
            stored.extend(insert_group(conn, std::mem::take(&mut group), now).await?);
            shas.clear();
            mids.clear();
            copies.clear();
        }
        shas.insert(k.sha256.clone());
        if let Some(id) = &k.m.message_id {
            mids.insert(id.clone());
        }
        if let Some(c) = &k.copy_key {
            copies.insert(c.clone());
        }
        group.push(k);
    }
    stored.extend(insert_group(conn, group, now).await?);
    Ok(stored)
}

/// Messages with distinct bytes and Message-IDs: the copies set aside, the rest in one insert.
async fn insert_group(
    conn: &mut AnyConnection,
    group: Vec<Keyed<'_>>,
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    if group.is_empty() {
        return Ok(Vec::new());
    }
    let known = same_message_ids(conn, &group).await?;
    let copies = same_copy_keys(conn, &group).await?;
    let mut outcome = vec![Stored::Duplicate; group.len()];
    let mut new = Vec::new();
    for (i, k) in group.into_iter().enumerate() {
        if k.copy_key.as_ref().is_some_and(|c| copies.contains(c)) {
            continue;
        }
        let earlier = match k.m.message_id.as_ref().and_then(|id| known.get(id)) {
            Some(rows) => match earlier_of(conn, rows, &k.content_key).await? {
                Earlier::Copy => continue,
                Earlier::Nothing => None,
                Earlier::Other(id) => Some(id),
            },
            None => None,
        };
        new.push((i, k, earlier));
    }
    let ids = insert_rows(conn, &new, now).await?;
    let mut raws = Vec::new();
    for (i, k, earlier) in new {
        // A row that met a unique key (the same bytes stored meanwhile) got no id: a copy.
        let Some(&id) = ids.get(&k.sha256) else {
            continue;
        };
        outcome[i] = match earlier {
            Some(earlier) => Stored::Collision { id, earlier },
            None => Stored::New(id),
        };
        raws.push((id, k.m.raw));
    }
    insert_raws(conn, raws).await?;
    Ok(outcome)
}

/// The stored messages that share a Message-ID with one of `group`, oldest first.
async fn same_message_ids(
    conn: &mut AnyConnection,
    group: &[Keyed<'_>],
) -> Result<HashMap<String, Vec<(i64, Option<String>)>>> {
    let ids: Vec<&str> = group
        .iter()
        .filter_map(|k| k.m.message_id.as_deref())
        .collect();
    let mut known: HashMap<String, Vec<(i64, Option<String>)>> = HashMap::new();
    if ids.is_empty() {
        return Ok(known);
    }
    let sql = format!(
        "SELECT id, message_id, content_key FROM messages WHERE message_id IN ({}) ORDER BY id",
        placeholders(ids.len())
    );
    let mut q =
        sqlx::query_as::<_, (i64, String, Option<String>)>(AssertSqlSafe(sql)).persistent(false);
    for id in ids {
        q = q.bind(id);
    }
    let rows = q
        .fetch_all(&mut *conn)
        .await
        .context("looking for messages with the same Message-ID")?;
    for (id, mid, key) in rows {
        known.entry(mid).or_default().push((id, key));
    }
    Ok(known)
}

/// The copy keys of `group` already stored: re-delivered copies of mail without a Message-ID.
/// Only such mail has a copy key, so the query is skipped for almost every chunk.
async fn same_copy_keys(conn: &mut AnyConnection, group: &[Keyed<'_>]) -> Result<HashSet<String>> {
    let keys: Vec<&str> = group.iter().filter_map(|k| k.copy_key.as_deref()).collect();
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = format!(
        "SELECT copy_key FROM messages WHERE copy_key IN ({})",
        placeholders(keys.len())
    );
    let mut q = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql)).persistent(false);
    for key in keys {
        q = q.bind(key);
    }
    let rows = q
        .fetch_all(&mut *conn)
        .await
        .context("looking for earlier copies of mail without a Message-ID")?;
    Ok(rows.into_iter().collect())
}

enum Earlier {
    /// The same sender and content: a copy, not stored again.
    Copy,
    /// None that could be read.
    Nothing,
    /// A different message that had this Message-ID first.
    Other(i64),
}

async fn earlier_of(
    conn: &mut AnyConnection,
    rows: &[(i64, Option<String>)],
    content_key: &str,
) -> Result<Earlier> {
    let mut first = None;
    for (id, key) in rows {
        let key = match key {
            Some(k) => k.clone(),
            // Stored before content keys existed (migration 0008): work it out now. Only
            // messages sharing this Message-ID are read, so this stays rare.
            None => match stored_raw(&mut *conn, *id).await? {
                Some(old) => crate::mail::content_key(&old),
                None => continue,
            },
        };
        if key == content_key {
            return Ok(Earlier::Copy);
        }
        first.get_or_insert(*id);
    }
    Ok(first.map_or(Earlier::Nothing, Earlier::Other))
}

/// One multi-row insert; the ids given, by the rows' SHA-256 (RETURNING's order is not
/// promised).
async fn insert_rows(
    conn: &mut AnyConnection,
    new: &[(usize, Keyed<'_>, Option<i64>)],
    now: DateTime<Utc>,
) -> Result<HashMap<String, i64>> {
    if new.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "INSERT INTO messages (sha256, message_id, content_key, copy_key, inbox, mailbox,
                               uidvalidity, uid, received_at, backfill)
         VALUES {} ON CONFLICT DO NOTHING RETURNING id, sha256",
        values(new.len(), 10)
    );
    let now = ts(now);
    let mut q = sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql)).persistent(false);
    for (_, k, _) in new {
        let s = k.m.source;
        q = q
            .bind(&k.sha256)
            .bind(k.m.message_id.as_deref())
            .bind(&k.content_key)
            .bind(k.copy_key.as_deref())
            .bind(s.map(|s| inbox_key(s.inbox)))
            .bind(s.map(|s| s.mailbox))
            .bind(s.map(|s| i64::from(s.uidvalidity)))
            .bind(s.map(|s| i64::from(s.uid)))
            .bind(now.clone())
            .bind(i64::from(k.m.backfill));
    }
    let rows = q
        .fetch_all(&mut *conn)
        .await
        .context("storing fetched messages")?;
    Ok(rows.into_iter().map(|(id, sha)| (sha, id)).collect())
}

/// The raw bytes of messages just stored, in one insert.
async fn insert_raws(conn: &mut AnyConnection, raws: Vec<(i64, Vec<u8>)>) -> Result<()> {
    if raws.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO raw_messages (message_id, raw) VALUES {}",
        values(raws.len(), 2)
    );
    let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(false);
    for (id, raw) in raws {
        q = q.bind(id).bind(raw);
    }
    q.execute(&mut *conn)
        .await
        .context("storing fetched messages' bytes")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, parse_ts};

    #[test]
    fn placeholders_are_numbered_across_rows() {
        assert_eq!(values(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values(1, 1), "($1)");
    }

    fn mail(from: &str, id: &str, body: &str) -> NewMessage<'static> {
        let raw = format!("From: {from}\r\nSubject: s\r\nMessage-ID: <{id}>\r\n\r\n{body}\r\n");
        NewMessage {
            raw: raw.into_bytes(),
            message_id: Some(id.to_string()),
            source: None,
            backfill: true,
        }
    }

    /// One chunk holding a copy, a re-sent copy and a collision of messages earlier in the same
    /// chunk: judged as if each had been stored alone, in order.
    #[tokio::test]
    async fn a_chunk_is_stored_as_its_messages_one_by_one_would_be() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let store = Store::open(&url).await.expect("opens");
        let now = parse_ts("2026-11-23T09:00:00.000Z").expect("valid");
        let mut relayed = mail("a@c.example", "1@c", "refund");
        relayed
            .raw
            .splice(0..0, b"Received: from relay\r\n".iter().copied());
        let chunk = vec![
            mail("a@c.example", "1@c", "refund"),
            mail("b@c.example", "2@c", "broken"),
            mail("a@c.example", "1@c", "refund"),
            relayed,
            mail("x@other.example", "1@c", "probe"),
            mail("d@c.example", "3@c", "late"),
        ];
        let mut tx = store.write().await.expect("tx");
        let stored = insert_messages(&mut tx, chunk, now).await.expect("stored");
        tx.commit().await.expect("commit");
        let ids: Vec<i64> = stored
            .iter()
            .filter_map(|s| match s {
                Stored::New(id) | Stored::Collision { id, .. } => Some(*id),
                Stored::Duplicate => None,
            })
            .collect();
        assert_eq!(ids.len(), 4, "{stored:?}");
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order: {ids:?}");
        assert_eq!(stored[2], Stored::Duplicate, "the same bytes again");
        assert_eq!(stored[3], Stored::Duplicate, "the same message relayed");
        assert_eq!(
            stored[4],
            Stored::Collision {
                id: ids[2],
                earlier: ids[0]
            }
        );
        for id in &ids {
            let raw = store.message_raw(*id).await.expect("read");
            assert!(
                raw.is_some_and(|r| r.starts_with(b"From: ")),
                "message {id}"
            );
        }
        let backfill: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE backfill = 1")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert_eq!(backfill, 4);
        let pending = store.messages_to_process(10).await.expect("read");
        assert_eq!(pending.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
        assert!(pending[1].raw.ends_with(b"broken\r\n"));
    }

    /// Mail without a Message-ID: a relayed copy in the same chunk and one in a later chunk are
    /// copies; the same words with another Date are a second message.
    #[tokio::test]
    async fn a_copy_without_a_message_id_is_known_by_its_copy_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let store = Store::open(&url).await.expect("opens");
        let now = parse_ts("2026-11-23T09:00:00.000Z").expect("valid");
        let form = |received: &str, date: &str| NewMessage {
            raw: format!(
                "{received}From: a@c.example\r\nSubject: s\r\nDate: {date}\r\n\r\nrefund\r\n"
            )
            .into_bytes(),
            message_id: None,
            source: None,
            backfill: false,
        };
        let first = "Mon, 23 Nov 2026 09:00:00 +0000";
        let chunk = vec![
            form("", first),
            form("Received: from relay\r\n", first),
            form("", "Mon, 23 Nov 2026 10:00:00 +0000"),
        ];
        let mut tx = store.write().await.expect("tx");
        let stored = insert_messages(&mut tx, chunk, now).await.expect("stored");
        let later = vec![form("Received: from backup\r\n", first)];
        let stored_later = insert_messages(&mut tx, later, now).await.expect("stored");
        tx.commit().await.expect("commit");
        assert!(matches!(stored[0], Stored::New(_)), "{stored:?}");
        assert_eq!(stored[1], Stored::Duplicate);
        assert!(matches!(stored[2], Stored::New(_)), "{stored:?}");
        assert_eq!(stored_later, vec![Stored::Duplicate]);
    }

    /// Migration 0017: the bytes of messages stored before it move to `raw_messages`.
    #[tokio::test]
    async fn stored_bytes_move_to_their_own_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        {
            let pool = crate::store::tests::migrated_before(&url, 17).await;
            sqlx::query(
                "INSERT INTO messages (sha256, message_id, raw, received_at)
                 VALUES ('s1', 'm1@c', CAST('first bytes' AS BLOB), '2026-11-23T09:00:00.000Z'),
                        ('s2', 'm2@c', CAST('second bytes' AS BLOB), '2026-11-23T09:00:01.000Z')",
            )
            .execute(&pool)
            .await
            .expect("messages from before");
            pool.close().await;
        }
        let store = Store::open(&url).await.expect("migrates to 0017");
        assert_eq!(
            store.message_raw(2).await.expect("read"),
            Some(b"second bytes".to_vec())
        );
        let pending = store.messages_to_process(10).await.expect("read");
        assert_eq!(pending.len(), 2);
        assert_eq!(pending[0].raw, b"first bytes");
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info('messages')")
                .fetch_all(store.pool())
                .await
                .expect("columns");
        assert!(!columns.iter().any(|c| c == "raw"), "{columns:?}");
    }
}
