#!/usr/bin/env python3
"""The failover test's engine (issue 15; run it through scripts/failover-test, which builds
qmark, starts the mail servers and PostgreSQL, and makes a fresh database).

Two `qmark run` daemons on one PostgreSQL database: one leads, the other waits as a standby.
While N complaints arrive, the leader is struck at random moments, at least F times, in turn:

  * kill:      SIGKILL (its sessions end with it);
  * drop-lock: the server ends the run lock's session only (its pool stays open: the fence
               must stop its writes, and it must notice and exit);
  * drop-all:  the server ends every session of the leader;
  * freeze:    SIGSTOP, until the standby sees its heartbeat stale and takes over; then
               SIGCONT, and the old leader must find it no longer leads and exit.

Before every fourth strike the standby's own session is cut as well: it must reconnect and
still take over, not exit.

After each strike the test waits for the other process to lead (and measures how long that
took), restarts the struck process as the new standby, and lets the new leader work a while.
Then it drains and checks, with the crash test's checks (crash_test.py), that every complaint
is one case whose `?` reached its owner once.

Exit status: 0 when nothing was lost or duplicated and every takeover took at most 15 s.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crash_test as ct  # noqa: E402

TAKEOVER_LIMIT = 15.0
# The run lock's advisory key (store/connect.rs RUN_LOCK) as pg_locks shows it: high, low 32 bits.
RUN_LOCK = 0x716D61726B02
LOCK_WHERE = (
    f"locktype = 'advisory' AND granted AND classid::bigint = {RUN_LOCK >> 32}"
    f" AND objid::bigint = {RUN_LOCK & 0xFFFFFFFF}"
    # This run's database only: the server is shared with other runs and tests.
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)
STRIKES = ["kill", "drop-lock", "kill", "drop-all", "kill", "drop-lock", "freeze"]


def log(*a):
    print("failover-test:", *a, file=sys.stderr, flush=True)


def psql(sql):
    return ct.PsqlConnection().execute(sql).fetchall()


def leader():
    """(holder, pid) of the process that leads now, or None while nobody does."""
    rows = psql(
        f"SELECT holder FROM run_leader WHERE EXISTS (SELECT 1 FROM pg_locks WHERE {LOCK_WHERE})"
    )
    if not rows:
        return None
    holder = rows[0][0]
    try:
        return holder, int(holder.split()[2])
    except (IndexError, ValueError):
        return holder, None


def wait_for_leader(not_holder, limit):
    """Wait until a process other than `not_holder` leads; its (holder, pid) and the wait."""
    t0 = time.time()
    while time.time() - t0 < limit:
        try:
            now = leader()
        except Exception:  # noqa: BLE001 - the server is busy ending sessions; ask again
            now = None
        if now and now[0] != not_holder:
            return now, time.time() - t0
        time.sleep(0.1)
    return None, time.time() - t0


def strike(kind, proc, holder):
    if kind == "kill":
        os.kill(proc.pid, signal.SIGKILL)
    elif kind == "freeze":
        os.kill(proc.pid, signal.SIGSTOP)
    elif kind == "drop-lock":
        psql(
            f"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE {LOCK_WHERE}"
        )
    elif kind == "drop-all":
        psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
            + holder.replace("'", "''")
            + "' AND datname = current_database()"
        )


def settle_struck(kind, proc):
    """The struck process after the takeover: dead, or must exit by itself (code 75)."""
    if kind == "freeze":
        os.kill(proc.pid, signal.SIGCONT)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return f"{kind}: the old leader kept running after the takeover"
    if kind != "kill" and code != 75:
        return f"{kind}: the old leader exited with {code}, not 75 (lost the lead)"
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--messages", type=int, default=300)
    p.add_argument("--strikes", type=int, default=21)
    p.add_argument("--qmark", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--database-url", required=True)
    p.add_argument("--imap-port", type=int, default=11143)
    p.add_argument("--smtp-port", type=int, default=11025)
    p.add_argument("--drain-timeout", type=float, default=300)
    args = p.parse_args()
    args.one_route, args.journal = False, "on"
    ct.DATABASE_URL = args.database_url

    run = args.prefix.rstrip("-")
    a = lambda r: f"{args.prefix}{r}@{ct.DOMAIN}"  # noqa: E731
    args.config = os.path.join(args.dir, "qmark.toml")
    with open(args.config, "w") as f:
        f.write(ct.config_text(args.prefix, None, args.imap_port, args.smtp_port))
    env = dict(os.environ, QMARK_CRASH_IMAP_PASSWORD=ct.PASSWORD)
    env.setdefault("QMARK_LOG", "warn,qmark=info")
    logf = open(os.path.join(args.dir, "daemon.log"), "ab")

    procs = {}

    def start():
        proc = ct.start_daemon(args, env, logf)
        procs[proc.pid] = proc
        return proc

    first = start()
    (holder, _), _ = wait_for_leader(None, 60)
    start()
    # Delivery spread over the strikes, so they land while mail arrives and is worked on.
    mids, done = [], threading.Event()
    spread = args.strikes * 3.0
    sender = threading.Thread(target=ct.deliver, args=(args, run, a("ceo"), mids, spread, done))
    t0 = time.time()
    sender.start()
    log(f"first leader {holder}; {args.strikes} strikes while {args.messages} complaints arrive")

    waits, problems, counts = [], [], {}
    for n in range(args.strikes):
        kind = STRIKES[n % len(STRIKES)]
        time.sleep(random.uniform(0.3, 3.0))
        now = leader()
        if now is None or now[1] not in procs:
            problems.append(f"strike {n}: no known leader ({now})")
            break
        holder, pid = now
        for q in procs.values():
            if q.poll() is not None:
                problems.append(f"strike {n}: pid {q.pid} exited by itself with {q.returncode}")
        if n % 4 == 3:
            # The standby's own session cut too (a database restart does this to everyone):
            # it must reconnect and still take over below, not exit.
            psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                 " WHERE application_name LIKE 'qmark standby %' AND datname = current_database()")
            counts["standby cut"] = counts.get("standby cut", 0) + 1
            time.sleep(0.2)
        struck = procs.pop(pid)
        strike(kind, struck, holder)
        new, waited = wait_for_leader(holder, 40)
        waits.append(waited)
        counts[kind] = counts.get(kind, 0) + 1
        if new is None:
            problems.append(f"strike {n} ({kind}): nobody took over within 40 s")
            break
        if waited > TAKEOVER_LIMIT:
            problems.append(f"strike {n} ({kind}): the takeover took {waited:.1f} s")
        log(f"strike {n}: {kind} {holder}; {new[0]} took over in {waited:.1f} s")
        why = settle_struck(kind, struck)
        if why:
            problems.append(f"strike {n}: {why}")
        start()
    sender.join()
    log(f"{len(waits)} strikes over {time.time() - t0:.0f}s; draining")

    deadline = time.time() + args.drain_timeout
    last, stable_since = None, None
    while time.time() < deadline:
        stored, unprocessed, pending = ct.db_state(None)
        forwards = sum(ct.inbox_count(a(role), args.imap_port) for _, role in ct.TOPICS)
        state = (stored, unprocessed, pending, forwards)
        if stored >= len(mids) and unprocessed == 0 and pending == 0 and forwards >= len(mids):
            if state == last and time.time() - stable_since > 3:
                break
        if state != last:
            last, stable_since = state, time.time()
        time.sleep(0.5)
    else:
        log(f"did not drain within {args.drain_timeout:.0f}s: stored, unprocessed, pending, forwards = {last}")
    for q in procs.values():
        q.send_signal(signal.SIGTERM)
    for q in procs.values():
        try:
            q.wait(timeout=30)
        except subprocess.TimeoutExpired:
            q.kill()
    del first

    report = ct.check(args, None, mids, a)
    takeovers = psql("SELECT takeovers FROM run_leader")[0][0]
    ct.print_rows(f"failover test: {len(mids)} complaints, 2 daemons, journal on", [
        ("strikes on the leader", len(waits)),
        ("  by kind", ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))),
        ("takeovers recorded", takeovers),
        ("longest takeover, s", f"{max(waits, default=0):.1f}"),
        ("median takeover, s", f"{sorted(waits)[len(waits) // 2] if waits else 0:.1f}"),
        ("cases", report["cases"]),
        ("forwards in the owners' mailboxes", report["forwards_received"]),
        ("lost", report["lost"]),
        ("duplicate", report["duplicates"]),
        ("forward received twice (same Message-ID)", report["in_doubt"]),
        ("rows in doubt settled by the journal", report["doubt_settled"]),
        ("database inconsistencies", report["bad_db"]),
    ])
    for line in report["problems"] + problems:
        print(f"PROBLEM: {line}")
    bad = report["lost"] + report["duplicates"] + report["in_doubt"] + report["bad_db"] + len(problems)
    if len(waits) < args.strikes:
        bad += 1
    print(f"{'PASS' if bad == 0 else 'FAIL'}: {report['lost']} lost, {report['duplicates']} duplicate, "
          f"{report['in_doubt']} received twice, longest takeover {max(waits, default=0):.1f} s")
    sys.exit(0 if bad == 0 else 1)


if __name__ == "__main__":
    main()
