#!/usr/bin/env python3
"""Check the corpus5 evaluation set.

* every .eml parses with the email package (policy=default), without defects,
  and every part decodes;
* envelope sanity (CRLF only, From/To/Subject/Date/Message-ID/MIME-Version,
  dates in November 2026, every address and URL host ending in .example,
  every phone number written 010-0000-0000);
* labels.tsv has the right header and values, one row per .eml and vice versa;
* each `problem` occurs verbatim in the decoded text/plain body, outside any
  quoted (">") line and before any forwarded/quoted original.

Prints count tables (Markdown) on success; exits non-zero on any failure.
"""
import collections
import os
import re
import sys
from email import policy
from email.parser import BytesParser

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ["billing", "delivery", "product", "account", "service", "privacy", "other"]
LANGS = ["en", "ko", "ja", "mixed"]
WANTS = ["refund", "replacement", "repair", "delivery", "apology", "explanation",
         "cancellation", "data_deletion", "left_alone", "other"]
HEADER = ["file", "category", "urgent", "language", "wants", "problem"]

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
URL_RE = re.compile(r"https?://([^/\s>\"')]+)")
PHONE_RE = re.compile(r"(?<![\d-])(?:\+\d{1,3}[ -]?)?0?\d{1,3}[ -]\d{3,4}[ -]\d{4}(?![\d-])")
QUOTE_START_RE = re.compile(r"^(---------- Forwarded message ---------|On .* wrote:)$", re.M)

errors = []


def err(msg):
    errors.append(msg)


def shape_of(part):
    if part.is_multipart():
        return "%s(%s)" % (part.get_content_type(), ",".join(shape_of(p) for p in part.iter_parts()))
    return part.get_content_type()


def check_eml(rel):
    path = os.path.join(HERE, rel)
    raw = open(path, "rb").read()
    if b"\n" in raw.replace(b"\r\n", b""):
        err("%s: bare LF line ending" % rel)
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    for part in msg.walk():
        if part.defects:
            err("%s: defects %r" % (rel, part.defects))
    for h in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
        if msg[h] is None:
            err("%s: missing %s" % (rel, h))
    frm = msg["From"].addresses[0]
    if not frm.display_name or not frm.addr_spec.endswith(".example"):
        err("%s: bad From %r" % (rel, str(msg["From"])))
    if "ceo@maru-market.example" not in [a.addr_spec for a in msg["To"].addresses]:
        err("%s: To is not ceo@maru-market.example" % rel)
    dt = msg["Date"].datetime
    if (dt.year, dt.month) != (2026, 11):
        err("%s: Date not in November 2026" % rel)
    for h in ("In-Reply-To", "References"):
        if msg[h] is not None and "@maru-market.example>" not in str(msg[h]):
            err("%s: odd %s" % (rel, h))
    # decode every leaf
    texts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        if part.get_content_maintype() == "text":
            if "\ufffd" in content:
                err("%s: replacement character after decoding" % rel)
            texts.append(content)
        elif not isinstance(content, bytes) or not content:
            err("%s: attachment did not decode" % rel)
    body_part = msg.get_body(preferencelist=("plain",))
    if body_part is None:
        err("%s: no text/plain body" % rel)
        return None
    body = body_part.get_content().replace("\r\n", "\n")
    # addresses, URLs and phone numbers in headers and all decoded text
    blob = "\n".join(texts) + "\n" + "\n".join("%s: %s" % (k, v) for k, v in msg.items())
    for m in EMAIL_RE.finditer(blob):
        if not m.group(1).lower().endswith(".example"):
            err("%s: non-.example address %s" % (rel, m.group(0)))
    for m in URL_RE.finditer(blob):
        if not m.group(1).lower().endswith(".example"):
            err("%s: non-.example URL host %s" % (rel, m.group(1)))
    for m in PHONE_RE.finditer(body):
        if m.group(0) != "010-0000-0000":
            err("%s: phone-like number %r" % (rel, m.group(0)))
    info = {
        "body": body,
        "shape": shape_of(msg),
        "charset": body_part.get_content_charset(),
        "cte": body_part.get("Content-Transfer-Encoding", "7bit").lower(),
        "subject": str(msg["Subject"]),
        "reply": msg["In-Reply-To"] is not None,
        "attachments": sum(1 for _ in msg.iter_attachments()) if msg.is_multipart() else 0,
    }
    return info


def main():
    eml_files = set()
    for c in CATEGORIES:
        d = os.path.join(HERE, c)
        if not os.path.isdir(d):
            err("missing folder %s" % c)
            continue
        for name in os.listdir(d):
            if name.endswith(".eml"):
                eml_files.add("%s/%s" % (c, name))
                if not re.match(r"^(0[1-9]|10)-[a-z0-9-]+\.eml$", name):
                    err("bad file name %s/%s" % (c, name))

    with open(os.path.join(HERE, "labels.tsv"), encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        err("labels.tsv header wrong")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        f = line.split("\t")
        if len(f) != len(HEADER):
            err("labels.tsv line %d: %d fields" % (i, len(f)))
            continue
        rows.append(dict(zip(HEADER, f)))

    labelled = set(r["file"] for r in rows)
    if len(labelled) != len(rows):
        err("duplicate rows in labels.tsv")
    for f in sorted(eml_files - labelled):
        err("no label row for %s" % f)
    for f in sorted(labelled - eml_files):
        err("label row without file: %s" % f)

    infos = {}
    for f in sorted(eml_files):
        infos[f] = check_eml(f)

    for r in rows:
        f = r["file"]
        if r["category"] != f.split("/")[0] or r["category"] not in CATEGORIES:
            err("%s: category column %r" % (f, r["category"]))
        if r["urgent"] not in ("yes", "no"):
            err("%s: urgent %r" % (f, r["urgent"]))
        if r["category"] == "other" and r["urgent"] == "yes":
            err("%s: urgent in other" % f)
        if r["language"] not in LANGS:
            err("%s: language %r" % (f, r["language"]))
        if r["wants"] not in WANTS:
            err("%s: wants %r" % (f, r["wants"]))
        info = infos.get(f)
        if not info:
            continue
        body, prob = info["body"], r["problem"]
        pos = body.find(prob)
        if not prob.strip() or pos < 0:
            err("%s: problem sentence not found verbatim in decoded body" % f)
            continue
        line_start = body.rfind("\n", 0, pos) + 1
        if body[line_start:].startswith(">"):
            err("%s: problem sentence is in a quoted line" % f)
        q = QUOTE_START_RE.search(body)
        if q and pos > q.start():
            err("%s: problem sentence is inside forwarded/quoted original" % f)

    if errors:
        for e in errors:
            print("FAIL:", e)
        print("%d problem(s)" % len(errors))
        return 1

    print("OK: %d .eml files, %d label rows, all checks passed\n" % (len(eml_files), len(rows)))
    print_tables(rows, infos)
    return 0


def print_tables(rows, infos):
    n = collections.Counter()
    u = collections.Counter()
    for r in rows:
        n[(r["category"], r["language"])] += 1
        if r["urgent"] == "yes":
            u[(r["category"], r["language"])] += 1
    print("### Category x language (cell = mails, urgent in brackets)\n")
    print("| category | " + " | ".join(LANGS) + " | total | urgent |")
    print("|---|" + "---:|" * (len(LANGS) + 2))
    for c in CATEGORIES:
        cells = ["%d (%d)" % (n[(c, l)], u[(c, l)]) for l in LANGS]
        tot = sum(n[(c, l)] for l in LANGS)
        ut = sum(u[(c, l)] for l in LANGS)
        print("| %s | %s | %d | %d |" % (c, " | ".join(cells), tot, ut))
    cells = ["%d (%d)" % (sum(n[(c, l)] for c in CATEGORIES), sum(u[(c, l)] for c in CATEGORIES)) for l in LANGS]
    print("| **total** | %s | %d | %d |\n" % (" | ".join(cells), len(rows), sum(u.values())))

    w = collections.Counter(r["wants"] for r in rows)
    print("### wants\n")
    print("| wants | mails |")
    print("|---|---:|")
    for k in WANTS:
        print("| %s | %d |" % (k, w[k]))
    print()

    for title, key in (("MIME shape", "shape"), ("text/plain charset", "charset"),
                       ("text/plain Content-Transfer-Encoding", "cte")):
        cnt = collections.Counter(i[key] for i in infos.values())
        print("### %s\n" % title)
        print("| %s | mails |" % title)
        print("|---|---:|")
        for k, v in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0])):
            print("| %s | %d |" % (k, v))
        print()
    combo = collections.Counter((i["charset"], i["cte"]) for i in infos.values())
    print("### charset x transfer encoding (text/plain part)\n")
    print("| charset | transfer encoding | mails |")
    print("|---|---|---:|")
    for (cs, cte), v in sorted(combo.items()):
        print("| %s | %s | %d |" % (cs, cte, v))
    print()
    print("Replies with In-Reply-To/References: %d; mails with attachments: %d"
          % (sum(i["reply"] for i in infos.values()), sum(1 for i in infos.values() if i["attachments"])))


if __name__ == "__main__":
    sys.exit(main())
