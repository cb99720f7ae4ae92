#!/usr/bin/env python3
"""check_corpus3.py -- validates the evaluation set written by make_corpus3.py.

EVALUATION SET. Do not use it for tuning, rule-writing or any kind of fitting.

Parses every .eml back with the stdlib `email` package (policy=default) and
checks headers, Message-ID uniqueness, CRLF line endings, labels.tsv against
the files on disk, and that every labelled `problem` sentence occurs verbatim
in the decoded text written by the customer (HTML stripped, whitespace
normalised, quoted '>' lines / quoted Original-Message blocks / forwarded
company mails excluded; the subject is used only when the body is empty).
Prints counts by category x urgent x language.  Exit status 1 on any error.
"""
import collections
import email
import html
import os
import re
import sys
from email import policy

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ['billing', 'delivery', 'product', 'account', 'service',
              'privacy', 'other']
LANGS = ['en', 'ko', 'ja', 'mixed']
WANTS = ['refund', 'replacement', 'repair', 'delivery', 'apology',
         'explanation', 'cancellation', 'data_deletion', 'left_alone', 'other']
TO = 'ceo@hanbit-home.example'
COMPANY_DOMAIN = 'hanbit-home.example'
QUOTE_MARKERS = ('-----Original Message-----', '---------- Forwarded message',
                 '-------- Original Message --------')

errors = []
warnings = []


def err(f, msg):
    errors.append('%s: %s' % (f, msg))


def norm(s):
    return ' '.join(s.split())


BLOCK = re.compile(r'<\s*/?\s*(br|p|div|tr|td|li|ul|ol|h[1-6]|table|blockquote|hr)\b[^>]*>', re.I)


def strip_html(s, drop_quotes=False):
    s = re.sub(r'(?is)<head\b.*?</head>', ' ', s)
    s = re.sub(r'(?is)<(style|script)\b.*?</\1>', ' ', s)
    if drop_quotes:
        s = re.sub(r'(?is)<blockquote\b.*?</blockquote>', ' ', s)
    s = BLOCK.sub('\n', s)
    s = re.sub(r'(?s)<[^>]+>', '', s)
    return html.unescape(s)


def own_part(text):
    """The customer's own words: no '>' lines, nothing after a quote marker."""
    lines = []
    for line in text.splitlines():
        if line.strip() in QUOTE_MARKERS or line.strip().startswith(QUOTE_MARKERS):
            break
        if line.lstrip().startswith('>'):
            continue
        lines.append(line)
    return '\n'.join(lines)


def collect(msg, own, full_out, own_out, shapes):
    ctype = msg.get_content_type()
    shapes.append(ctype)
    if msg.is_multipart() and ctype != 'message/rfc822':
        for p in msg.iter_parts():
            collect(p, own, full_out, own_out, shapes)
        return
    if ctype == 'message/rfc822':
        inner = msg.get_content()
        frm = str(inner.get('From', ''))
        inner_own = own and COMPANY_DOMAIN not in frm
        collect(inner, inner_own, full_out, own_out, shapes)
        return
    if msg.get_content_disposition() == 'attachment':
        return
    if msg.get_content_maintype() != 'text':
        return
    text = msg.get_content()
    if ctype == 'text/html':
        full = strip_html(text)
        mine = own_part(strip_html(text, drop_quotes=True))
    else:
        full = text
        mine = own_part(text)
    full_out.append(full)
    if own:
        own_out.append(mine)


ADDR = re.compile(r'[\w.+-]+@([\w.-]+)')


def check_file(path, rel, seen_ids):
    raw = open(path, 'rb').read()
    if re.search(rb'(?<!\r)\n', raw):
        err(rel, 'bare LF line ending')
    if re.search(rb'\r(?!\n)', raw):
        err(rel, 'bare CR')
    for i, line in enumerate(raw.split(b'\r\n')):
        if len(line) > 998:
            err(rel, 'line %d longer than 998 octets' % (i + 1))
    msg = email.message_from_bytes(raw, policy=policy.default)
    for h in ('From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version'):
        if msg[h] is None:
            err(rel, 'missing header %s' % h)
    if msg.defects:
        err(rel, 'parser defects: %r' % msg.defects)
    if str(msg['To']).strip() != TO:
        err(rel, 'To is %r' % str(msg['To']))
    if str(msg['MIME-Version']).strip() != '1.0':
        err(rel, 'MIME-Version not 1.0')
    for h in ('From', 'To', 'Cc'):
        if msg[h] is not None:
            for a in msg[h].addresses:
                if not a.domain.endswith('.example'):
                    err(rel, '%s domain %r does not end in .example' % (h, a.domain))
    # every header address anywhere must be .example
    head = raw.split(b'\r\n\r\n', 1)[0].decode('ascii', 'replace')
    for dom in ADDR.findall(head):
        if not dom.rstrip('>').endswith('.example'):
            err(rel, 'header mentions non-.example domain %r' % dom)
    try:
        dt = msg['Date'].datetime
        if not (dt.year == 2026 and dt.month == 11):
            err(rel, 'Date not in November 2026: %s' % msg['Date'])
    except Exception as e:  # noqa
        err(rel, 'bad Date: %r' % e)
    mid = str(msg['Message-ID']).strip()
    if not re.fullmatch(r'<[^<>@\s]+@[^<>@\s]+>', mid):
        err(rel, 'malformed Message-ID %r' % mid)
    if mid in seen_ids:
        err(rel, 'duplicate Message-ID (also %s)' % seen_ids[mid])
    seen_ids[mid] = rel
    subject = str(msg['Subject'])
    if re.match(r'(?i)re:', subject):
        if msg['In-Reply-To'] is None or msg['References'] is None:
            err(rel, 'reply without In-Reply-To/References')
    if (msg['In-Reply-To'] is None) != (msg['References'] is None):
        err(rel, 'In-Reply-To and References must come together')
    full, own, shapes = [], [], []
    collect(msg, True, full, own, shapes)
    return msg, subject, '\n'.join(full), '\n'.join(own), shapes


def script_of(text):
    hangul = len(re.findall(r'[\uac00-\ud7a3\u3131-\u318e]', text))
    kana = len(re.findall(r'[\u3040-\u30ff]', text))
    latin = len(re.findall(r'[A-Za-z]', text))
    return hangul, kana, latin


def main():
    disk = set()
    for cat in os.listdir(HERE):
        d = os.path.join(HERE, cat)
        if os.path.isdir(d) and not cat.startswith(('.', '_')):
            for f in os.listdir(d):
                if f.endswith('.eml'):
                    disk.add('%s/%s' % (cat, f))
    tsv = os.path.join(HERE, 'labels.tsv')
    lines = open(tsv, encoding='utf-8').read().split('\n')
    if lines[-1] == '':
        lines.pop()
    header = 'file\tcategory\turgent\tlanguage\twants\tproblem'
    if lines[0] != header:
        err('labels.tsv', 'bad header line %r' % lines[0])
    rows = []
    listed = set()
    for n, line in enumerate(lines[1:], 2):
        cols = line.split('\t')
        if len(cols) != 6:
            err('labels.tsv', 'line %d has %d columns' % (n, len(cols)))
            continue
        f, cat, urg, lang, wants, problem = cols
        if f in listed:
            err('labels.tsv', 'file listed twice: %s' % f)
        listed.add(f)
        if not re.fullmatch(r'[a-z]+/\d\d-[a-z0-9-]+\.eml', f):
            err(f, 'file name does not follow <category>/<nn>-<slug>.eml')
        if cat not in CATEGORIES or f.split('/')[0] != cat:
            err(f, 'bad category %r' % cat)
        if urg not in ('yes', 'no'):
            err(f, 'bad urgent %r' % urg)
        if lang not in LANGS:
            err(f, 'bad language %r' % lang)
        if wants not in WANTS:
            err(f, 'bad wants %r' % wants)
        if not problem.strip():
            err(f, 'empty problem')
        rows.append(cols)
    for f in sorted(disk - listed):
        err(f, 'on disk but not in labels.tsv')
    for f in sorted(listed - disk):
        err(f, 'in labels.tsv but not on disk')

    seen_ids = {}
    shape_counter = collections.Counter()
    charset_counter = collections.Counter()
    cte_counter = collections.Counter()
    for f, cat, urg, lang, wants, problem in rows:
        path = os.path.join(HERE, f)
        if not os.path.exists(path):
            continue
        msg, subject, full, own, shapes = check_file(path, f, seen_ids)
        shape_counter[msg.get_content_type()] += 1
        for part in msg.walk():
            cs = part.get_param('charset')
            if cs:
                charset_counter[str(cs).lower()] += 1
            cte = part.get('Content-Transfer-Encoding')
            if cte and part.get_content_maintype() == 'text':
                cte_counter[str(cte).lower()] += 1
        if 'message/rfc822' in shapes:
            shape_counter['(contains message/rfc822)'] += 1
        if any(s in ('image/png', 'application/pdf') for s in shapes):
            shape_counter['(has attachment)'] += 1
        p = norm(problem)
        body_own = norm(own)
        if body_own:
            if p not in body_own:
                if p in norm(full):
                    err(f, 'problem sentence only found in quoted/company text')
                else:
                    err(f, 'problem sentence not found in decoded body: %r' % problem[:80])
        else:
            if p != norm(subject) and p not in norm(subject):
                err(f, 'empty body and problem not in subject')
        # language sanity (warnings only)
        h, k, l = script_of(own or subject)
        if lang == 'ko' and not h:
            err(f, 'labelled ko but no Hangul')
        if lang == 'ja' and not k:
            err(f, 'labelled ja but no kana')
        if lang == 'en' and (h > 20 or k > 0):
            warnings.append('%s: labelled en but has %d Hangul / %d kana' % (f, h, k))
        if lang == 'mixed' and not (h and l > 20):
            err(f, 'labelled mixed but not Korean+English')

    # ---------------- report ----------------
    combos = [(lg, u) for lg in LANGS for u in ('no', 'yes')]
    table = collections.Counter((r[1], r[3], r[2]) for r in rows)
    w = 10
    print('Counts by category x language x urgent (cell = count)')
    head = 'category'.ljust(10) + ''.join(('%s/%s' % c).rjust(w) for c in combos) + \
        'urgent'.rjust(w) + 'total'.rjust(w)
    print(head)
    print('-' * len(head))
    for cat in CATEGORIES:
        cells = [table[(cat, lg, u)] for lg, u in combos]
        nurg = sum(table[(cat, lg, 'yes')] for lg in LANGS)
        tot = sum(cells)
        print(cat.ljust(10) + ''.join(str(c).rjust(w) for c in cells) +
              str(nurg).rjust(w) + str(tot).rjust(w))
    tots = [sum(table[(c, lg, u)] for c in CATEGORIES) for lg, u in combos]
    nurg = sum(1 for r in rows if r[2] == 'yes')
    print('-' * len(head))
    print('TOTAL'.ljust(10) + ''.join(str(c).rjust(w) for c in tots) +
          str(nurg).rjust(w) + str(len(rows)).rjust(w))
    langc = collections.Counter(r[3] for r in rows)
    n = max(len(rows), 1)
    print('\nlanguages: ' + ', '.join('%s %d (%.0f%%)' % (lg, langc[lg], 100.0 * langc[lg] / n)
                                      for lg in LANGS))
    print('urgent: yes %d (%.1f%%), no %d' % (nurg, 100.0 * nurg / n, len(rows) - nurg))
    wc = collections.Counter(r[4] for r in rows)
    print('wants: ' + ', '.join('%s %d' % (k, wc[k]) for k in WANTS))
    print('top-level MIME: ' + ', '.join('%s %d' % kv for kv in sorted(shape_counter.items())))
    print('charsets (all parts): ' + ', '.join('%s %d' % kv for kv in sorted(charset_counter.items())))
    print('text part CTEs: ' + ', '.join('%s %d' % kv for kv in sorted(cte_counter.items())))
    for wmsg in warnings:
        print('WARNING ' + wmsg)
    if errors:
        print('\n%d ERROR(S):' % len(errors))
        for e in errors:
            print('  ' + e)
        sys.exit(1)
    print('\nOK: %d files, %d labels, %d unique Message-IDs, no errors.'
          % (len(disk), len(rows), len(seen_ids)))


if __name__ == '__main__':
    main()
