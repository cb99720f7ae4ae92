#!/usr/bin/env python3
"""check_corpus2.py - parses every .eml back with the stdlib email package and
verifies it against labels.tsv.  Prints a counts table.  Exit 1 on any problem."""
import csv, email, email.policy, email.utils, glob, html, os, re, sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
errors = []


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def html_text(s):
    s = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    return html.unescape(s)


with open(os.path.join(ROOT, "labels.tsv"), encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
assert rows and list(rows[0].keys()) == ["file", "category", "urgent", "language", "wants", "problem"]
files = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "*", "*.eml")))
if sorted(r["file"] for r in rows) != files:
    errors.append("labels.tsv file list != files on disk")
mids = Counter()
for r in rows:
    path = os.path.join(ROOT, r["file"])
    if r["file"].split("/")[0] != r["category"]:
        errors.append("%s: category/folder mismatch" % r["file"])
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    for h in ("From", "To", "Subject", "Date", "Message-ID", "MIME-Version"):
        if msg[h] is None:
            errors.append("%s: missing %s" % (r["file"], h))
    subj = str(msg["Subject"])
    if msg["To"].addresses[0].addr_spec != "ceo@hanbit-home.example":
        errors.append("%s: To" % r["file"])
    if not msg["From"].addresses[0].domain.endswith(".example"):
        errors.append("%s: From domain" % r["file"])
    d = email.utils.parsedate_to_datetime(str(msg["Date"]))
    if (d.year, d.month) != (2026, 11):
        errors.append("%s: Date %s" % (r["file"], d))
    mids[str(msg["Message-ID"])] += 1
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            t = part.get_content()
            if "\ufffd" in t:
                errors.append("%s: replacement char in decoded text" % r["file"])
            texts.append(html_text(t) if part.get_content_subtype() == "html" else t)
        for dfct in part.defects:
            errors.append("%s: defect %r" % (r["file"], dfct))
    for dfct in msg.defects:
        errors.append("%s: defect %r" % (r["file"], dfct))
    hay = norm(" ".join(texts))
    if norm(r["problem"]) not in hay and norm(r["problem"]) not in norm(subj):
        errors.append("%s: problem sentence not found" % r["file"])
    if norm(r["problem"]) not in hay and hay.strip() not in ("", "iPhone에서 보냄"):
        errors.append("%s: problem taken from subject although body has text" % r["file"])
for k, v in mids.items():
    if v > 1:
        errors.append("duplicate Message-ID %s" % k)

# counts
cats = ["billing", "delivery", "product", "account", "service", "privacy", "other"]
langs = ["en", "ko", "ja", "mixed"]
print("| category | total | urgent | " + " | ".join(langs) + " | urgent by lang (en/ko/ja/mixed) |")
print("|---|---|---|" + "---|" * len(langs) + "---|")
tot = Counter()
for c in cats + ["TOTAL"]:
    rr = [r for r in rows if c == "TOTAL" or r["category"] == c]
    lc = Counter(r["language"] for r in rr)
    uc = Counter(r["language"] for r in rr if r["urgent"] == "yes")
    print("| %s | %d | %d | %s | %s |" % (c, len(rr), sum(r["urgent"] == "yes" for r in rr),
          " | ".join(str(lc[l]) for l in langs), "/".join(str(uc[l]) for l in langs)))
print("wants:", dict(Counter(r["wants"] for r in rows)))
print("%d messages checked, %d errors" % (len(rows), len(errors)))
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
