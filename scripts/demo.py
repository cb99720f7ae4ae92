#!/usr/bin/env python3
"""Mail-side helper for scripts/demo: plays the customers and the employees against the
private test mail servers (scripts/mail-servers) and prints what each mailbox received.

Standard library only. Every subcommand exits non-zero with a one-line reason when what the
demo expects did not happen.

    demo.py deliver FILE...                     send raw .eml files to the public inbox, wait for them
    demo.py forwards OWNER=COUNT...             print the `?` forwards each owner received
    demo.py reply OWNER                         answer the owner's forward (as the owner), wait for it
    demo.py answer-copy EXEC                    print the answer copy an executive received
    demo.py escalations CASES.json              print the `??` mails, checked against the open cases
    demo.py digest-mail EXEC                    print the latest digest an executive received
    demo.py counts USER...                      print a JSON {user: message count}
    demo.py from-public USER...                 the same, counting only mail From the public address
"""

import email
import email.policy
import email.utils
import imaplib
import json
import smtplib
import sys
import time
from email.message import EmailMessage
from pathlib import Path

HOST = "127.0.0.1"
IMAP_PORT = 11143
SMTP_PORT = 11025
DOMAIN = "example.test"
PUBLIC = f"ceo@{DOMAIN}"
WAIT = 20.0  # seconds to wait for a delivery
BODY_LINES = 8
WIDTH = 108


class DemoError(Exception):
    pass


def addr(user):
    return user if "@" in user else f"{user}@{DOMAIN}"


def password(user):
    return addr(user).split("@")[0] + "-pass"


def clip(s, width=WIDTH):
    s = str(s)
    return s if len(s) <= width else s[: width - 1] + "…"


# ---------------------------------------------------------------------------------------------
# IMAP


class Mailbox:
    """A read-only look at one user's INBOX; a fresh session each time, closed right away."""

    def __init__(self, user):
        self.user = addr(user)

    def __enter__(self):
        try:
            self.imap = imaplib.IMAP4(HOST, IMAP_PORT)
            self.imap.login(self.user, password(self.user))
        except (OSError, imaplib.IMAP4.error) as e:
            raise DemoError(f"cannot log in to IMAP {HOST}:{IMAP_PORT} as {self.user}: {e}")
        typ, _ = self.imap.select("INBOX", readonly=True)
        if typ != "OK":
            raise DemoError(f"cannot select INBOX of {self.user}")
        return self

    def __exit__(self, *exc):
        try:
            self.imap.logout()
        except Exception:
            pass

    def count(self):
        typ, data = self.imap.select("INBOX", readonly=True)  # re-select: see new mail
        return int(data[0])

    def search_header(self, name, value):
        typ, data = self.imap.search(None, "HEADER", name, f'"{value}"')
        return data[0].split() if typ == "OK" and data[0] else []

    def messages(self):
        """Every message, oldest first, parsed with the modern email API."""
        self.count()
        typ, data = self.imap.search(None, "ALL")
        out = []
        for num in data[0].split():
            typ, parts = self.imap.fetch(num, "(BODY.PEEK[])")
            raw = next(p[1] for p in parts if isinstance(p, tuple))
            out.append(email.message_from_bytes(raw, policy=email.policy.default))
        return out


def count(user):
    with Mailbox(user) as mb:
        return mb.count()


def wait_until(what, check, timeout=WAIT):
    """Poll check() until it returns something other than None."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise DemoError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.3)


# ---------------------------------------------------------------------------------------------
# Showing messages


def header(msg, name):
    v = msg.get(name)
    return "" if v is None else " ".join(str(v).split())


def text_of(msg):
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        return body.get_content()
    except (LookupError, UnicodeError) as e:
        return f"[cannot decode the body: {e}]"


def part_tree(msg):
    """`multipart/mixed [text/plain, message/rfc822 original.eml (From …, Subject …)]`"""
    items = []
    for part in msg.iter_parts() if msg.is_multipart() else []:
        ctype = part.get_content_type()
        desc = ctype
        if part.get_filename():
            desc += f" {part.get_filename()}"
        if ctype == "message/rfc822":
            inner = part.get_content()
            desc += f" (From: {clip(header(inner, 'From'), 50)}; Subject: {clip(header(inner, 'Subject'), 60)})"
            items.append(desc)
        elif part.is_multipart():
            items.append(part_tree(part))
        else:
            items.append(desc)
    if not items:
        return msg.get_content_type()
    return f"{msg.get_content_type()} [" + ", ".join(items) + "]"


def show(msg, fields=("From", "To", "Cc", "Reply-To", "Subject"), lines=BODY_LINES, indent="    "):
    for f in fields:
        v = header(msg, f)
        if v or f in ("From", "To", "Subject"):
            print(f"{indent}{f + ':':<10} {clip(v)}")
    body = [l.rstrip() for l in text_of(msg).strip("\n").splitlines()]
    if lines:
        print(f"{indent}Body:")
        for l in body[:lines]:
            print(f"{indent}  | {clip(l, WIDTH - 4)}")
        if len(body) > lines:
            print(f"{indent}  | … ({len(body) - lines} more lines)")
    print(f"{indent}Parts:     {part_tree(msg)}")


# ---------------------------------------------------------------------------------------------
# Subcommands


def cmd_deliver(files):
    before = count(PUBLIC)
    with smtplib.SMTP(HOST, SMTP_PORT, timeout=30) as smtp:
        for f in files:
            raw = Path(f).read_bytes()
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            sender = email.utils.parseaddr(str(msg.get("From", "")))[1] or "customer@outside.example"
            # The raw bytes, unchanged (smtplib only dot-stuffs them for the DATA phase).
            refused = smtp.sendmail(sender, [PUBLIC], raw)
            if refused:
                raise DemoError(f"{f}: SMTP refused {refused}")
            print(f"  sent {Path(f).name:<28} from {clip(sender, 32):<32} {clip(header(msg, 'Subject'), 60)}")
    want = before + len(files)
    with Mailbox(PUBLIC) as mb:
        n = wait_until(f"{len(files)} messages in {PUBLIC}'s INBOX", lambda: (lambda n: n if n >= want else None)(mb.count()))
    print(f"  {PUBLIC}'s INBOX now holds {n} message(s).")


def cmd_forwards(specs):
    total = 0
    for spec in specs:
        owner, _, expected = spec.partition("=")
        expected = int(expected or 1)
        user = addr(owner)
        with Mailbox(user) as mb:
            msgs = wait_until(
                f"{expected} forward(s) in {user}'s INBOX",
                lambda: (lambda m: m if len(m) >= expected else None)(mb.messages()),
            )
        forwards = [m for m in msgs if header(m, "Subject").startswith("? ")]
        print(f"--- {user}: {len(forwards)} forward(s)")
        if len(forwards) != expected:
            raise DemoError(f"{user} should have exactly {expected} `?` forward(s), found {len(forwards)}")
        for m in forwards:
            show(m, lines=12)  # the `?`, qmark's note, then the customer's first lines
            if not text_of(m).startswith("?"):
                raise DemoError(f"the forward to {user} does not start with a `?` line")
            if "message/rfc822" not in part_tree(m):
                raise DemoError(f"the forward to {user} has no message/rfc822 original attached")
            if not header(m, "Reply-To"):
                raise DemoError(f"the forward to {user} has no Reply-To")
            print()
        total += len(forwards)
    print(f"  {total} forward(s) in all.")


def cmd_reply(owner):
    user = addr(owner)
    with Mailbox(user) as mb:
        forwards = [m for m in mb.messages() if header(m, "Subject").startswith("? ")]
    if not forwards:
        raise DemoError(f"{user} has no forward to answer")
    fwd = forwards[0]
    reply_to = header(fwd, "Reply-To")
    fwd_id = header(fwd, "Message-ID")
    if not reply_to or not fwd_id:
        raise DemoError(f"the forward to {user} lacks Reply-To or Message-ID")
    who = email.utils.parseaddr(header(fwd, "From"))[0] or "Office"
    reply = EmailMessage()
    reply["From"] = user
    reply["To"] = reply_to
    reply["Subject"] = "Re: " + header(fwd, "Subject")
    reply["Date"] = email.utils.formatdate(localtime=True)
    reply["Message-ID"] = email.utils.make_msgid(domain=DOMAIN)
    reply["In-Reply-To"] = fwd_id
    reply["References"] = fwd_id
    reply.set_content(
        "We refunded the second charge today; the customer will see it in 3 days.\n"
        "\n"
        f"On {header(fwd, 'Date')}, {who} wrote:\n"
        "> ?\n"
    )
    rcpt = email.utils.parseaddr(reply_to)[1]
    with smtplib.SMTP(HOST, SMTP_PORT, timeout=30) as smtp:
        smtp.send_message(reply, from_addr=user, to_addrs=[rcpt])
    print(f"  {user} replied to the forward:")
    show(reply, fields=("From", "To", "Subject", "In-Reply-To"), lines=4)
    mid = reply["Message-ID"].strip("<>")
    with Mailbox(PUBLIC) as mb:
        wait_until(f"the reply in {PUBLIC}'s INBOX", lambda: mb.count() and mb.search_header("Message-ID", mid) or None)
    print(f"  The reply reached {PUBLIC}'s INBOX (via {rcpt}).")


def cmd_answer_copy(exec_user):
    user = addr(exec_user)

    def copies():
        with Mailbox(user) as mb:
            return [m for m in mb.messages() if header(m, "Subject").startswith("Answered:")] or None

    found = wait_until(f"an answer copy in {user}'s INBOX", copies)
    for m in found:
        print(f"--- {user}:")
        show(m, fields=("From", "To", "Subject"), lines=10)


def cmd_escalations(cases_json):
    cases = json.loads(Path(cases_json).read_text())
    expected = {}
    for c in cases:
        if c["status"] == "open":
            expected.setdefault(c["escalate_to"], []).append(c)
    people = sorted({addr(u) for u in ("cfo", "coo", "cto")} | set(expected))

    def escalations():
        got = {}
        for user in people:
            with Mailbox(user) as mb:
                got[user] = [m for m in mb.messages() if header(m, "Subject").startswith("?? ")]
        return got

    # One `??` per contact: a single case gets its own mail, several cases that fall due in
    # the same pass come together in one catch-up mail listing them all (never a flood).
    total = sum(1 for v in expected.values() if v)
    try:
        wait_until(
            f"{total} `??` mail(s)",
            lambda: None if any(len(v) < (1 if expected.get(u) else 0) for u, v in escalations().items()) else True,
        )
    except DemoError:
        pass  # reported per person below
    got = escalations()
    bad = []
    for user in people:
        want = expected.get(user, [])
        routes = ", ".join(f"#{c['id']} {c['route']}" for c in want) or "no open case"
        n_want = 1 if want else 0
        print(f"--- {user}: {len(got[user])} `??` mail(s)  (expected {n_want}, covering {routes})")
        for m in got[user]:
            show(m, fields=("To", "Cc", "Subject"), lines=3 if len(want) == 1 else 3 + 3 * len(want))
            print()
        if len(got[user]) != n_want:
            bad.append(f"{user} should have {n_want} `??` mail(s), found {len(got[user])}")
            continue
        for m in got[user]:
            text = header(m, "Subject") + "\n" + body_text(m)
            missing = [c["id"] for c in want if f"#{c['id']}" not in text]
            if missing:
                bad.append(f"{user}'s `??` mail does not mention case(s) {missing}")
    if bad:
        raise DemoError("; ".join(bad))


def body_text(m):
    part = m.get_body(preferencelist=("plain",)) if hasattr(m, "get_body") else None
    try:
        return part.get_content() if part is not None else ""
    except Exception:
        return ""


def cmd_digest_mail(exec_user):
    user = addr(exec_user)

    def digests():
        with Mailbox(user) as mb:
            return [m for m in mb.messages() if header(m, "Subject").startswith("qmark digest")] or None

    found = wait_until(f"a digest in {user}'s INBOX", digests)
    print(f"--- {user}: {len(found)} digest(s); the latest:")
    show(found[-1], fields=("From", "To", "Subject"), lines=24)


def cmd_counts(users):
    print(json.dumps({addr(u): count(u) for u in users}))


def cmd_from_public(users):
    """How many messages in each user's INBOX this demo's qmark sent (From the public address):
    the servers may be shared with other users' qmark instances, whose mail to their own
    customers also lands in outside@."""
    public = addr("ceo")

    def ours(msg):
        return email.utils.parseaddr(header(msg, "From"))[1].lower() == public

    out = {}
    for u in users:
        with Mailbox(u) as mb:
            out[addr(u)] = sum(1 for m in mb.messages() if ours(m))
    print(json.dumps(out))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    handlers = {
        "deliver": cmd_deliver,
        "forwards": cmd_forwards,
        "reply": lambda a: cmd_reply(a[0]),
        "answer-copy": lambda a: cmd_answer_copy(a[0]),
        "escalations": lambda a: cmd_escalations(a[0]),
        "digest-mail": lambda a: cmd_digest_mail(a[0]),
        "counts": cmd_counts,
        "from-public": cmd_from_public,
    }
    if cmd not in handlers:
        print(f"demo.py: unknown command {cmd!r}", file=sys.stderr)
        return 2
    try:
        handlers[cmd](args)
    except DemoError as e:
        print(f"demo.py {cmd}: {e}", file=sys.stderr)
        return 1
    except (OSError, smtplib.SMTPException, imaplib.IMAP4.error) as e:
        print(f"demo.py {cmd}: mail server error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
