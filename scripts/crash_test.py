#!/usr/bin/env python3
"""The crash test's engine (run it through scripts/crash-test, which builds qmark and starts
the mail servers first).

Delivers N complaints with distinct Message-IDs and route keywords to a fresh public inbox
while the daemon (`qmark run`) is killed with SIGKILL at random moments and restarted; then
lets the last daemon drain and checks, from the owners' mailboxes (IMAP) and the database:

  * every delivered message is stored once and is exactly one case;
  * every case has exactly one forward row in the outbox, sent;
  * every case's `?` forward reached its owner exactly once.

A forward that arrived twice with the *same* Message-ID is the known "in doubt" window (a
SIGKILL after Postfix said 250 and before the outbox row was marked sent): counted and shown
separately. Two forwards for one case with *different* Message-IDs are real duplicates.

With --one-route every complaint goes to one route (one owner), under the default hourly caps
(60 mails to one recipient an hour): the forwards beyond the cap are held for later hours,
never dropped. The daemon sends what is due now; after the kills it is stopped and
`qmark run --once --now <+1h, +2h, ...>` runs until the outbox is empty, which proves that the
hold releases every forward (the deadlines are 24 h, so no rung mixes in before then). Each
hour's first pass is SIGKILLed at a random moment, so kills land while held forwards are sent.
With the journal on (the default) a mail in doubt is settled by its Bcc copy, so a forward
received twice fails the test; with --journal off it is reported, not failed.
Exit status: 0 when nothing was lost or duplicated, 1 otherwise.
"""

import argparse
import email
import email.policy
import imaplib
import os
import random
import signal
import smtplib
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

DOMAIN = "example.test"
PASSWORD = "crash-pass"
ROLES = ["ceo", "founder", "billing", "shipping", "quality", "triage", "cfo", "coo", "cto"]
# Route keyword put in each subject, and the role whose mailbox the forward must reach.
TOPICS = [
    ("refund", "billing"),
    ("delivery", "shipping"),
    ("broken", "quality"),
    ("question", "triage"),  # no route keyword: triage
]


def log(*a):
    print("crash-test:", *a, file=sys.stderr, flush=True)


def config_text(prefix, db, imap_port, smtp_port, journal=True, one_route=False):
    a = lambda r: f"{prefix}{r}@{DOMAIN}"  # noqa: E731
    if one_route:
        limits = """
# One route, one owner: the default caps (60 mails to one recipient an hour) hold the flood
# back to later hours; the drain releases it with `run --once --now` an hour apart.
"""
    else:
        limits = """
# Hundreds of forwards to one owner in minutes is the point of this test, not a mail loop.
[limits]
per_case_per_hour = 1000
per_recipient_per_hour = 1000000
"""
    return f"""
[inbox]
address = "{a('ceo')}"
host = "127.0.0.1"
port = {imap_port}
tls = "none"
username = "{a('ceo')}"
password_env = "QMARK_CRASH_IMAP_PASSWORD"
processed = "keyword"
poll_interval = "2s"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
tls = "none"
from = "Crash Test Office <{a('ceo')}>"
timeout = "10s"

[database]
url = "{database_url(db)}"

[executives]
addresses = ["{a('founder')}"]
copy_answers = true

# Mail in doubt after a kill is settled by its journal copy (see the README, "Proof").
[outbox]
journal = {'true' if journal else 'false'}
{limits}
[[routes]]
name = "billing"
owner = "{a('billing')}"
keywords = ["refund"]
deadline = "24h"
escalate_to = "{a('cfo')}"

[[routes]]
name = "shipping"
owner = "{a('shipping')}"
keywords = ["delivery"]
deadline = "24h"
escalate_to = "{a('coo')}"

[[routes]]
name = "quality"
owner = "{a('quality')}"
keywords = ["broken"]
deadline = "24h"
escalate_to = "{a('cto')}"

[triage]
owner = "{a('triage')}"
deadline = "24h"
escalate_to = "{a('coo')}"
"""


def complaint(run, i, to, one_route=False):
    keyword, _ = TOPICS[0 if one_route else i % len(TOPICS)]
    mid = f"crash-{run}-{i}@customer.example"
    # One customer per message: the same customer with the same subject would (rightly) join
    # an existing case as a follow-up, which is not what this test counts.
    raw = (
        f"From: Customer {i} <c{i}-{run}@customer.example>\r\n"
        f"To: {to}\r\n"
        f"Subject: {keyword} problem number {i}\r\n"
        f"Message-ID: <{mid}>\r\n"
        f"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n"
        f"MIME-Version: 1.0\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n"
        f"\r\n"
        f"Hello, this is complaint {i} of run {run} about a {keyword}.\r\n"
    )
    return mid, f"c{i}-{run}@customer.example", raw.encode()


def deliver(args, run, ceo, mids, spread, done):
    """Deliver every complaint over SMTP, spread over `spread` seconds."""
    pause = spread / max(args.messages, 1)
    smtp = None
    for i in range(args.messages):
        mid, sender, raw = complaint(run, i, ceo, args.one_route)
        for attempt in range(5):
            try:
                if smtp is None:
                    smtp = smtplib.SMTP("127.0.0.1", args.smtp_port, timeout=30)
                smtp.sendmail(sender, [ceo], raw)
                break
            except (smtplib.SMTPException, OSError) as e:
                log(f"delivery of {i} failed ({e}); retrying")
                smtp = None
                time.sleep(0.5 * (attempt + 1))
        else:
            log(f"could not deliver message {i}")
            continue
        mids.append(mid)
        time.sleep(pause * random.uniform(0.5, 1.5))
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass
    done.set()


def start_daemon(args, env, logf):
    return subprocess.Popen(
        [args.qmark, "run", "--config", args.config],
        stdout=logf,
        stderr=logf,
        env=env,
        start_new_session=True,
    )


def imap_headers(user, port):
    """(Message-ID, X-Qmark-Case, Subject) of every message in user's INBOX."""
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, PASSWORD)
    typ, data = m.select("INBOX", readonly=True)
    if typ != "OK" or int(data[0]) == 0:
        m.logout()
        return []
    typ, data = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID X-QMARK-CASE SUBJECT)])")
    out = []
    if typ == "OK":
        for part in data:
            if isinstance(part, tuple):
                h = email.message_from_bytes(part[1], policy=email.policy.compat32)
                out.append(
                    (
                        (h.get("Message-ID") or "").strip().strip("<>"),
                        (h.get("X-Qmark-Case") or "").strip(),
                        str(h.get("Subject") or ""),
                    )
                )
    m.logout()
    return out


def inbox_count(user, port):
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, PASSWORD)
    typ, data = m.select("INBOX", readonly=True)
    m.logout()
    return int(data[0]) if typ == "OK" else 0


def ts(t):
    """qmark's timestamp text (store::ts): RFC 3339, milliseconds, Z."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


# Issue 15: with --database-url (a PostgreSQL database, fresh and empty) the daemon uses it
# and the checks below read it through psql; otherwise the SQLite file `db`.
DATABASE_URL = None


def database_url(db):
    return DATABASE_URL or f"sqlite://{db}"


class PsqlCursor:
    """The few sqlite3 calls the checks make (execute(sql, params).fetchone()/fetchall()),
    answered by psql. Parameters are the checks' own values (timestamps, a prefix), quoted."""

    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows


class PsqlConnection:
    def execute(self, sql, params=()):
        for p in params:
            sql = sql.replace("?", "'" + str(p).replace("'", "''") + "'", 1)
        out = subprocess.run(
            ["psql", DATABASE_URL, "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-c", sql],
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise sqlite3.Error(f"psql: {out.stderr.strip()}")
        rows = []
        for line in out.stdout.rstrip("\n").split("\x1e"):
            line = line.strip("\n")
            if line == "":
                continue
            rows.append(tuple(field(v) for v in line.split("\x1f")))
        return PsqlCursor(rows)

    def close(self):
        pass


def field(v):
    """psql's text of a value as sqlite3 would give it: integers as int, NULL ('') as None."""
    if v == "":
        return None
    if v.lstrip("-").isdigit():
        return int(v)
    return v


def connect_ro(db):
    if DATABASE_URL:
        return PsqlConnection()
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)


def db_state(db, due_only=False):
    """(stored, unprocessed, pending) messages and outbox rows; with due_only, only the pending
    rows due by now (held rows wait for a later hour)."""
    c = connect_ro(db)
    try:
        unprocessed = c.execute("SELECT count(*) FROM messages WHERE processed_at IS NULL").fetchone()[0]
        if due_only:
            pending = c.execute(
                "SELECT count(*) FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?",
                (ts(datetime.now(timezone.utc)),),
            ).fetchone()[0]
        else:
            pending = c.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
        stored = c.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        c.close()
    return stored, unprocessed, pending


def settle_inbox(user, port, quiet=3.0, limit=60.0):
    """Wait until user's INBOX has not grown for `quiet` seconds (at most `limit`)."""
    last, since, start = None, time.time(), time.time()
    while time.time() - start < limit:
        n = inbox_count(user, port)
        if n != last:
            last, since = n, time.time()
        elif time.time() - since >= quiet:
            return
        time.sleep(0.5)


def release_held(args, env, logf, db):
    """After the daemon is stopped: `qmark run --once --now` an hour apart, until nothing is
    pending. Each hour's first pass is SIGKILLed at a random moment (while it sends that
    hour's share) and run again at the same instant. Returns (passes or None when the outbox
    did not empty, kills)."""
    base = datetime.now(timezone.utc).replace(microsecond=0)
    kills = 0
    for hour in range(1, 24):
        at = (base + timedelta(hours=hour)).strftime("%Y-%m-%dT%H:%M:%SZ")
        cmd = [args.qmark, "run", "--config", args.config, "--once", "--now", at]
        victim = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=logf, env=env)
        time.sleep(random.uniform(0.05, 0.5))
        if victim.poll() is None:
            victim.kill()
            kills += 1
        victim.wait()
        # The journal waits a minute of qmark's clock for the copy of a mail in doubt, and these
        # passes move that clock an hour at a time: give Postfix the real time it would have had
        # to deliver the copies before a later pass decides that none came.
        settle_inbox(f"{args.prefix}ceo@{DOMAIN}", args.imap_port)
        r = subprocess.run(
            cmd,
            stdout=subprocess.PIPE,
            stderr=logf,
            env=env,
        )
        if r.returncode != 0:
            log(f"run --once --now {at} failed with {r.returncode}; see {args.dir}/daemon.log")
            sys.exit(2)
        _, unprocessed, pending = db_state(db)
        log(f"run --once --now {at}: {r.stdout.decode().strip()}; {pending} pending")
        if unprocessed == 0 and pending == 0:
            return hour, kills
    return None, kills


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--messages", type=int, default=1000)
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--qmark", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--imap-port", type=int, default=11143)
    p.add_argument("--smtp-port", type=int, default=11025)
    p.add_argument("--max-gap", type=float, default=2.0, help="longest run between two kills, seconds")
    p.add_argument("--drain-timeout", type=float, default=300)
    p.add_argument("--journal", choices=["on", "off"], default="on")
    p.add_argument("--one-route", action="store_true", help="every complaint to one route (one owner)")
    p.add_argument("--database-url", help="a fresh, empty PostgreSQL database instead of a SQLite file")
    args = p.parse_args()
    global DATABASE_URL
    DATABASE_URL = args.database_url

    run = args.prefix.rstrip("-")
    a = lambda r: f"{args.prefix}{r}@{DOMAIN}"  # noqa: E731
    db = os.path.join(args.dir, "qmark.db")
    args.config = os.path.join(args.dir, "qmark.toml")
    with open(args.config, "w") as f:
        f.write(
            config_text(
                args.prefix, db, args.imap_port, args.smtp_port, args.journal == "on", args.one_route
            )
        )
    env = dict(os.environ, QMARK_CRASH_IMAP_PASSWORD=PASSWORD)
    env.setdefault("QMARK_LOG", "warn,qmark=info")
    logf = open(os.path.join(args.dir, "daemon.log"), "ab")

    # Delivery is spread over the expected kill window so that kills land while mail is
    # arriving, being stored, processed and sent — not only after.
    mean_gap = (0.1 + args.max_gap) / 2
    spread = args.kills * mean_gap * 0.8
    mids, done = [], threading.Event()
    sender = threading.Thread(target=deliver, args=(args, run, a("ceo"), mids, spread, done))
    t0 = time.time()
    sender.start()

    kills, during_delivery = 0, 0
    daemon = start_daemon(args, env, logf)
    while kills < args.kills or not done.is_set():
        time.sleep(random.uniform(0.1, args.max_gap))
        if daemon.poll() is not None:
            log(f"daemon exited by itself with {daemon.returncode}; see {args.dir}/daemon.log")
            sys.exit(2)
        os.kill(daemon.pid, signal.SIGKILL)
        daemon.wait()
        kills += 1
        during_delivery += 0 if done.is_set() else 1
        daemon = start_daemon(args, env, logf)
    sender.join()
    t_killing = time.time() - t0
    log(f"{kills} kills ({during_delivery} while delivering) over {t_killing:.0f}s; draining")

    # The last daemon drains: every message delivered is in the inbox, stored, processed, and
    # the outbox is empty, and the owners' mailboxes stop growing. With one route the caps hold
    # most forwards for later hours: the daemon drains what is due now, then stops, and
    # `run --once --now` at later hours releases the rest.
    delivered = len(mids)
    held_passes, release_kills = 0, 0
    if args.one_route:
        deadline = time.time() + args.drain_timeout
        last, stable_since = None, None
        while time.time() < deadline:
            if daemon.poll() is not None:
                log(f"daemon exited by itself with {daemon.returncode}; see {args.dir}/daemon.log")
                sys.exit(2)
            try:
                state = db_state(db, due_only=True)
            except sqlite3.Error:
                state = (0, 1, 1)
            stored, unprocessed, due = state
            if stored >= delivered and unprocessed == 0 and due == 0:
                if state == last and time.time() - stable_since > 3:
                    break
            if state != last:
                last, stable_since = state, time.time()
            time.sleep(0.5)
        else:
            log(f"daemon did not settle within {args.drain_timeout:.0f}s: stored, unprocessed, due = {last}")
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        log(f"daemon stopped with {db_state(db)[2]} rows held; releasing them an hour apart")
        held_passes, release_kills = release_held(args, env, logf, db)
        if held_passes is None:
            log("the outbox did not empty within 23 hourly passes")
        # The last passes' daemon: nothing left to do but keep the shape of the drain below.
        daemon = start_daemon(args, env, logf)
    deadline = time.time() + args.drain_timeout
    last, stable_since = None, None
    while time.time() < deadline:
        if daemon.poll() is not None:
            log(f"daemon exited by itself with {daemon.returncode}; see {args.dir}/daemon.log")
            sys.exit(2)
        try:
            stored, unprocessed, pending = db_state(db)
        except sqlite3.Error:
            stored, unprocessed, pending = 0, 1, 1
        forwards = sum(inbox_count(a(role), args.imap_port) for _, role in TOPICS)
        state = (stored, unprocessed, pending, forwards)
        if stored >= delivered and unprocessed == 0 and pending == 0 and forwards >= delivered:
            if state == last and time.time() - stable_since > 3:
                break
        if state != last:
            last, stable_since = state, time.time()
        time.sleep(0.5)
    else:
        log(f"did not drain within {args.drain_timeout:.0f}s: stored, unprocessed, pending, forwards = {last}")
    daemon.send_signal(signal.SIGTERM)
    try:
        daemon.wait(timeout=30)
    except subprocess.TimeoutExpired:
        daemon.kill()
    t_total = time.time() - t0

    report = check(args, db, mids, a)
    report.update(kills=kills, during_delivery=during_delivery, seconds=t_total, held_passes=held_passes, release_kills=release_kills)
    print_table(args, report)
    sys.exit(0 if verdict(args, report) == "PASS" else 1)


def verdict(args, r):
    """With the journal on, a forward received twice is a failure too; without it, such a
    resend (same Message-ID) is the documented at-least-once window, reported separately."""
    bad = r["lost"] + r["duplicates"] + r["bad_db"] + (r["in_doubt"] if args.journal == "on" else 0)
    if args.one_route and r["held_passes"] is None:
        bad += 1  # the hold did not release everything within the deadline's 23 hours
    return "PASS" if bad == 0 else "FAIL"


def check(args, db, mids, a):
    c = connect_ro(db)
    rows = c.execute(
        "SELECT message_id, kind, case_id FROM messages WHERE message_id LIKE ?",
        (f"crash-{args.prefix.rstrip('-')}-%",),
    ).fetchall()
    by_mid = defaultdict(list)
    for mid, kind, case_id in rows:
        by_mid[mid].append((kind, case_id))
    cases_of = Counter(case_id for _, _, case_id in rows if case_id is not None)
    forward_rows = c.execute(
        "SELECT case_id, status, message_id, attempts FROM outbox WHERE purpose = 'forward'"
    ).fetchall()
    fw_by_case = defaultdict(list)
    for case_id, status, message_id, attempts in forward_rows:
        fw_by_case[case_id].append((status, message_id, attempts))
    case_owner = dict(c.execute("SELECT id, owner FROM cases").fetchall())
    doubts = c.execute("SELECT detail FROM case_events WHERE kind = 'send_in_doubt'").fetchall()
    doubt_settled = sum(1 for (d,) in doubts if "not sent again" in d)
    doubt_resent = len(doubts) - doubt_settled
    ncases = c.execute("SELECT count(*) FROM cases").fetchone()[0]
    c.close()

    problems = []
    not_stored = [m for m in mids if m not in by_mid]
    stored_twice = [m for m, v in by_mid.items() if len(v) > 1]
    not_a_case = [m for m, v in by_mid.items() if any(k != "complaint" or cid is None for k, cid in v)]
    shared_case = [cid for cid, n in cases_of.items() if n > 1]
    no_forward_row = [cid for cid in cases_of if not fw_by_case.get(cid)]
    many_forward_rows = [cid for cid, v in fw_by_case.items() if len(v) > 1]
    unsent = [cid for cid, v in fw_by_case.items() if any(s != "sent" for s, _, _ in v)]
    for name, items in [
        ("delivered but not stored", not_stored),
        ("stored twice", stored_twice),
        ("not exactly one complaint case", not_a_case),
        ("case shared by several messages", shared_case),
        ("case without a forward row", no_forward_row),
        ("case with several forward rows", many_forward_rows),
        ("forward row not sent", unsent),
    ]:
        if items:
            problems.append(f"{name}: {len(items)} (e.g. {items[:3]})")

    # The owners' mailboxes.
    received = defaultdict(list)  # case id -> [(owner role, Message-ID)]
    for _, role in TOPICS:
        for mid, case, _subject in imap_headers(a(role), args.imap_port):
            if case:
                received[int(case)].append((role, mid))
    want_owner = {cid: case_owner.get(cid) for cid in cases_of}
    lost = [cid for cid in cases_of if not received.get(cid)]
    wrong_mailbox = [
        cid for cid, got in received.items() if any(a(role) != want_owner.get(cid) for role, _ in got)
    ]
    in_doubt, duplicates = [], []
    for cid, got in received.items():
        if len(got) > 1:
            ids = Counter(mid for _, mid in got)
            if len(ids) == 1:
                in_doubt.append(cid)  # the same bytes again: the 250-then-SIGKILL window
            else:
                duplicates.append(cid)
    for name, items in [("case whose forward reached a mailbox not its owner's", wrong_mailbox)]:
        if items:
            problems.append(f"{name}: {len(items)} (e.g. {items[:3]})")
    return dict(
        received_by_owner={role: sum(1 for got in received.values() for r, _ in got if r == role) for _, role in TOPICS},
        delivered=len(mids),
        stored=sum(len(v) for v in by_mid.values()),
        cases=ncases,
        forward_rows=len(forward_rows),
        forwards_received=sum(len(v) for v in received.values()),
        lost=len(lost) + len(not_stored),
        duplicates=len(duplicates) + len(stored_twice) + len(many_forward_rows),
        in_doubt=len(in_doubt),
        doubt_settled=doubt_settled,
        doubt_resent=doubt_resent,
        in_doubt_cases=in_doubt[:10],
        bad_db=len(problems),
        problems=problems,
    )


def print_rows(title, rows):
    """A two-column Markdown table: what was counted, and the count."""
    w = max([len(k) for k, _ in rows] + [len(title)])
    print(f"| {title:<{w}} | result |")
    print(f"|{'-' * (w + 2)}|--------|")
    for k, v in rows:
        print(f"| {k:<{w}} | {v!s:>6} |")


def print_table(args, r):
    rows = [
        ("messages delivered to the public inbox", r["delivered"]),
        ("SIGKILLs (while delivering)", f"{r['kills']} ({r['during_delivery']})"),
        ("messages stored", r["stored"]),
        ("cases", r["cases"]),
        ("forward rows in the outbox", r["forward_rows"]),
        ("forwards in the owners' mailboxes", r["forwards_received"]),
        ("lost (no case, or no forward received)", r["lost"]),
        ("duplicate (second case or distinct second forward)", r["duplicates"]),
        ("rows in doubt after a kill, settled by the journal", r["doubt_settled"]),
        ("rows in doubt after a kill, sent again", r["doubt_resent"]),
        ("forward received twice (same Message-ID)", r["in_doubt"]),
        ("database inconsistencies", r["bad_db"]),
    ]
    if args.one_route:
        rows += [
            ("owners who received forwards", len({role for role, n in r["received_by_owner"].items() if n})),
            ("hourly `run --once --now` passes to release the held", r["held_passes"]),
            ("SIGKILLs during those passes", r["release_kills"]),
        ]
    rows += [
        ("wall time, seconds", f"{r['seconds']:.0f}"),
    ]
    title = f"crash test: {args.messages} messages, journal {args.journal}"
    title += ", one route" if args.one_route else ""
    print_rows(title, rows)
    for p in r["problems"]:
        print(f"PROBLEM: {p}")
    if r["in_doubt"]:
        print(f"in-doubt resends on cases {r['in_doubt_cases']}")
    print(
        f"{verdict(args, r)}: {r['lost']} lost, {r['duplicates']} duplicate, "
        f"{r['in_doubt']} received twice after a kill (journal {args.journal})"
    )


if __name__ == "__main__":
    main()
