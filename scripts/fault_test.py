#!/usr/bin/env python3
"""Faults that need the mail servers stopped, run against a *private* Dovecot + Postfix pair
(scripts/fault-test starts it on other ports and stops it at the end):

  1. Dovecot restarted while the daemon waits in IMAP IDLE: the daemon reconnects by itself
     and the next complaint is forwarded; nothing is taken twice.
  2. Postfix stopped for two minutes: complaints still arrive (appended over IMAP), their
     forwards wait in the outbox and retry with backoff, and all go out once Postfix is back.

Prints one line per check and a table; exit status 1 on any failure.
"""

import argparse
import imaplib
import os
import signal
import smtplib
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crash_test  # noqa: E402  (config_text, imap_headers, PASSWORD)

PASSWORD = crash_test.PASSWORD
results = []


def log(*a):
    print("fault-test:", *a, file=sys.stderr, flush=True)


def check(name, ok, detail=""):
    results.append((name, "ok" if ok else "FAIL", detail))
    log(("ok   " if ok else "FAIL ") + name + (f" ({detail})" if detail else ""))


def complaint(n, to, run):
    return (
        f"From: Customer {n} <c{n}-{run}@customer.example>\r\nTo: {to}\r\n"
        f"Subject: refund needed {n}\r\nMessage-ID: <fault-{run}-{n}@customer.example>\r\n"
        f"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"\r\nI was charged twice, complaint {n}.\r\n"
    ).encode()


def forwards(user, port):
    return [h for h in crash_test.imap_headers(user, port) if h[1]]


def wait_forwards(user, port, n, timeout):
    t0 = time.time()
    while time.time() - t0 < timeout:
        got = forwards(user, port)
        if len(got) >= n:
            return got, time.time() - t0
        time.sleep(0.5)
    return forwards(user, port), None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--qmark", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--servers", required=True, help="scripts/mail-servers")
    p.add_argument("--mail-dir", required=True)
    p.add_argument("--imap-port", type=int, required=True)
    p.add_argument("--smtp-port", type=int, required=True)
    p.add_argument("--outage", type=float, default=120)
    args = p.parse_args()
    run = args.prefix.rstrip("-")
    a = lambda r: f"{args.prefix}{r}@example.test"  # noqa: E731
    db = os.path.join(args.dir, "qmark.db")
    config = os.path.join(args.dir, "qmark.toml")
    with open(config, "w") as f:
        f.write(crash_test.config_text(args.prefix, db, args.imap_port, args.smtp_port))
    env = dict(os.environ, QMARK_CRASH_IMAP_PASSWORD=PASSWORD)
    env.setdefault("QMARK_LOG", "warn,qmark=info")
    logf = open(os.path.join(args.dir, "daemon.log"), "ab")
    daemon = subprocess.Popen([args.qmark, "run", "--config", config], stdout=logf, stderr=logf, env=env)
    billing = a("billing")

    def smtp_send(n):
        s = smtplib.SMTP("127.0.0.1", args.smtp_port, timeout=30)
        s.sendmail(f"c{n}-{run}@customer.example", [a("ceo")], complaint(n, a("ceo"), run))
        s.quit()

    try:
        # ---- 1. Dovecot restarted during IDLE ----
        smtp_send(1)
        got, t = wait_forwards(billing, args.imap_port, 1, 30)
        check("a complaint is forwarded while the daemon idles", t is not None, f"{t:.1f}s" if t else "")
        time.sleep(3)  # the daemon is back in IDLE
        # A restart drops every session. Killing the master alone leaves the running imap
        # processes (and so the daemon's IDLE) alive for a while, so kick the user first.
        conf = os.path.join(args.mail_dir, "run/etc/dovecot.conf")
        subprocess.run(["doveadm", "-c", conf, "kick", a("ceo")], check=False, stdout=subprocess.DEVNULL)
        pid = open(os.path.join(args.mail_dir, "run/dovecot/master.pid")).read().strip()
        os.kill(int(pid), signal.SIGTERM)
        for _ in range(100):
            try:
                imaplib.IMAP4("127.0.0.1", args.imap_port).logout()
                time.sleep(0.1)
            except OSError:
                break
        t_restart = time.time()
        subprocess.run([args.servers, "start"], check=True, stdout=subprocess.DEVNULL)
        log(f"Dovecot restarted in {time.time() - t_restart:.1f}s")
        smtp_send(2)
        got, t = wait_forwards(billing, args.imap_port, 2, 240)
        check(
            "after a Dovecot restart during IDLE the next complaint is forwarded",
            t is not None,
            f"{time.time() - t_restart:.1f}s after the restart" if t else "not within 240s",
        )
        check("and nothing was taken twice", len(got) == 2 and len({h[1] for h in got}) == 2, f"{len(got)} forwards")
        check("the daemon survived", daemon.poll() is None)

        # ---- 2. Postfix stopped for two minutes ----
        pf_conf = os.path.join(args.mail_dir, "run/etc/postfix")
        subprocess.run(["postfix", "-c", pf_conf, "stop"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t_stop = time.time()
        # Complaints still reach the mailbox (another MX would take them): append them.
        m = imaplib.IMAP4("127.0.0.1", args.imap_port)
        m.login(a("ceo"), PASSWORD)
        for n in range(3, 8):
            m.append("INBOX", None, None, complaint(n, a("ceo"), run))
        m.logout()
        time.sleep(max(0, args.outage - (time.time() - t_stop)))
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        pending, attempts, err = c.execute(
            "SELECT count(*), min(attempts), max(last_error) FROM outbox WHERE status = 'pending'"
        ).fetchone()
        c.close()
        check(
            f"with Postfix down for {args.outage:.0f}s the forwards wait in the outbox and retry",
            pending == 5 and (attempts or 0) >= 1,
            f"{pending} pending, at least {attempts} attempt(s) each, last error: {err}",
        )
        subprocess.run([args.servers, "start"], check=True, stdout=subprocess.DEVNULL)
        t_back = time.time()
        got, t = wait_forwards(billing, args.imap_port, 7, 420)
        check(
            "once Postfix is back every waiting forward is delivered",
            t is not None,
            f"{time.time() - t_back:.0f}s after Postfix returned" if t else f"only {len(got)} of 7 in 420s",
        )
        time.sleep(3)
        got = forwards(billing, args.imap_port)
        check("each exactly once", len(got) == 7 and len({h[1] for h in got}) == 7, f"{len(got)} forwards, {len({h[1] for h in got})} cases")
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        counts = dict(c.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())
        c.close()
        check("the outbox is drained", counts.get("pending", 0) == 0 and counts.get("failed", 0) == 0, str(counts))
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()

    w = max(len(n) for n, _, _ in results)
    print(f"| {'fault':<{w}} | result | detail")
    print(f"|{'-' * (w + 2)}|--------|-------")
    for n, r, d in results:
        print(f"| {n:<{w}} | {r:^6} | {d}")
    sys.exit(0 if all(r == "ok" for _, r, _ in results) else 1)


if __name__ == "__main__":
    main()
