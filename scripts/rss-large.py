#!/usr/bin/env python3
"""Peak RSS of `qmark run --once` taking in one 36 MB complaint (a 25 MiB attachment).

Usage: scripts/mail-servers start; cargo build --release; scripts/rss-large.py target/release/qmark
Creates fresh mail users, APPENDs the message to their public inbox (Postfix's 10 MB limit
keeps it from coming in over SMTP), runs the binary once under `/usr/bin/time -v` (or under
$WRAP, e.g. WRAP="heaptrack -o /tmp/ht") and prints its JSON summary and the peak RSS.
Used for docs/benchmarks.md (issue 11).
"""
import base64, imaplib, os, random, subprocess, sys, tempfile
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1]
prefix = f"rss{os.getpid()}-"
D = "example.test"
a = lambda r: f"{prefix}{r}@{D}"
roles = ["ceo", "founder", "billing", "cfo", "triage", "coo"]
args = [f"{root}/scripts/mail-servers", "add-user"]
for r in roles:
    args += [a(r), "test-pass"]
subprocess.run(args, check=True, capture_output=True)
d = tempfile.mkdtemp()
cfg = f"""
[inbox]
address = "{a('ceo')}"
host = "127.0.0.1"
port = 11143
tls = "none"
username = "{a('ceo')}"
password_env = "QMARK_TEST_IMAP_PASSWORD"
processed = "keyword"
[smtp]
host = "127.0.0.1"
port = 11025
tls = "none"
from = "Office of the CEO <{a('ceo')}>"
[database]
url = "sqlite://{d}/qmark.db"
[executives]
addresses = ["{a('founder')}"]
[[routes]]
name = "billing"
owner = "{a('billing')}"
keywords = ["refund", "charged twice"]
deadline = "24h"
escalate_to = "{a('cfo')}"
[triage]
owner = "{a('triage')}"
deadline = "24h"
escalate_to = "{a('coo')}"
"""
open(f"{d}/qmark.toml", "w").write(cfg)
rnd = random.Random(7)
att = base64.encodebytes(rnd.randbytes(25 * 1024 * 1024)).replace(b"\n", b"\r\n")
raw = (f"From: customer@customer.example\r\nTo: {a('ceo')}\r\nSubject: Refund: I was charged twice, statement attached\r\n"
       f"Message-ID: <{prefix}big@customer.example>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
       "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
       "I was charged twice for order 4471; the bank statement is attached. Please refund.\r\n--b\r\n"
       "Content-Type: application/pdf; name=\"statement.pdf\"\r\nContent-Disposition: attachment; filename=\"statement.pdf\"\r\n"
       "Content-Transfer-Encoding: base64\r\n\r\n").encode() + att + b"--b--\r\n"
print(f"message: {len(raw)} bytes", file=sys.stderr)
m = imaplib.IMAP4("127.0.0.1", 11143)
m.login(a("ceo"), "test-pass")
m.append("INBOX", None, None, raw)
m.logout()
env = dict(os.environ, QMARK_TEST_IMAP_PASSWORD="test-pass", QMARK_LOG="warn")
r = subprocess.run(os.environ.get("WRAP", "/usr/bin/time -v").split() + [binary, "run", "--once", "--config", f"{d}/qmark.toml"],
                   capture_output=True, text=True, env=env)
print(r.stdout.strip())
for line in r.stderr.splitlines():
    if "Maximum resident" in line or "Elapsed" in line or "qmark" in line.lower() and "warn" in line.lower():
        print(line.strip()[:300])
print("db:", d)
