#!/usr/bin/env python3
"""check_corpus4.py -- validates the corpus4 mails and labels.tsv.

Python standard library only.  Exit status 1 on any error.
Usage:  python3 check_corpus4.py [-v]
"""
import email
import email.policy
import email.utils
import html
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CEO = 'ceo@seoul-pantry.example'
CATEGORIES = ['billing', 'delivery', 'product', 'account', 'service', 'privacy', 'other']
LANGS = {'en', 'ko', 'ja', 'mixed'}
WANTS = {'refund', 'replacement', 'repair', 'delivery', 'apology', 'explanation',
         'cancellation', 'data_deletion', 'left_alone', 'other'}
REQUIRED = ['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version']
MSGID_RE = re.compile(r'^<[^<>@\s]+@[^<>@\s]+>$')
MSGID_ANY = re.compile(r'<([^<>@\s]+)@([^<>@\s]+)>')
EMAIL_RE = re.compile(r'[\w.+*%-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)')
URL_RE = re.compile(r'\bhttps?://([^/\s:?#<>"]+)', re.I)
WWW_RE = re.compile(r'\b(www\.[A-Za-z0-9.-]+[A-Za-z0-9])')
PHONE_RE = re.compile(r'(?<![\d-])(?:\+\d{1,3}[ -]?)?0\d{1,2}[- ]\d{3,4}[- ]\d{4}(?![\d-])')
REPLY_SUBJ = re.compile(r'^\s*(re|aw|sv|答复|回复|답장)\s*:', re.I)
CUT_MARKERS = [
    '-----Original Message-----',
    '-----원본 메시지-----',
    '---------- Forwarded message ---------',
    '-------- Forwarded Message --------',
    '-------- 전달된 메시지 --------',
    'Begin forwarded message:',
    '----- 転送メッセージ -----',
]

errors = []
verbose = '-v' in sys.argv


def err(f, msg):
    errors.append('%s: %s' % (f, msg))


def norm(s):
    return ' '.join(s.split())


def strip_html(s):
    s = re.sub(r'(?is)<(head|style|script)\b.*?</\1\s*>', ' ', s)
    s = re.sub(r'(?is)<blockquote\b.*?</blockquote\s*>', '\n', s)
    s = re.sub(r'(?i)<br\s*/?>|</(p|div|li|tr|h\d)\s*>', '\n', s)
    s = re.sub(r'(?s)<[^>]*>', '', s)
    return html.unescape(s)


def text_parts(msg):
    plain, htmls = [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_disposition() == 'attachment':
            continue
        ct = part.get_content_type()
        if ct == 'text/plain':
            plain.append(part.get_content())
        elif ct == 'text/html':
            htmls.append(part.get_content())
    return plain, htmls


def customer_text(raw_text):
    """Drop quoted lines, attribution lines, and everything after a cut marker."""
    text = raw_text.replace('\r\n', '\n').replace('\r', '\n')
    cut = len(text)
    for mk in CUT_MARKERS:
        i = text.find(mk)
        if i != -1:
            cut = min(cut, i)
    lines = text[:cut].split('\n')
    keep = []
    for i, ln in enumerate(lines):
        if ln.lstrip().startswith('>'):
            continue
        if ln.rstrip().endswith(':'):
            nxt = next((x for x in lines[i + 1:] if x.strip()), '')
            if nxt.lstrip().startswith('>'):
                continue  # attribution line ("On ..., X wrote:")
        keep.append(ln)
    return '\n'.join(keep)


def script_stats(text):
    text = EMAIL_RE.sub(' ', text)
    text = URL_RE.sub(' ', text)
    text = re.sub(r'\bSP[CB]?-[\dA-Z-]+', ' ', text)
    hangul = sum(1 for c in text if '\uac00' <= c <= '\ud7a3' or '\u3130' <= c <= '\u318f')
    kana = sum(1 for c in text if '\u3040' <= c <= '\u30ff')
    han = sum(1 for c in text if '\u4e00' <= c <= '\u9fff')
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return hangul, kana, han, latin


def language_ok(label, stats):
    hangul, kana, han, latin = stats
    cjk = hangul + kana + han
    if label == 'en':
        return latin >= 10 and cjk <= 0.05 * (latin + cjk)
    if label == 'ja':
        return kana >= 20 and hangul == 0 and latin <= 0.3 * (latin + cjk)
    if hangul < 20 or kana or han:
        return False
    share = latin / (latin + hangul)
    if label == 'ko':
        return share < 0.12
    if label == 'mixed':
        return share >= 0.25
    return False


def check_domain(f, where, domain):
    if not domain.lower().rstrip('.').endswith('.example'):
        err(f, '%s: domain %r does not end in .example' % (where, domain))


def check_file(rel, path, seen_ids, label):
    raw = open(path, 'rb').read()
    # CRLF line endings
    if re.search(rb'(?<!\r)\n', raw) or re.search(rb'\r(?!\n)', raw):
        err(rel, 'line endings are not all CRLF')
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for h in REQUIRED:
        if msg[h] is None:
            err(rel, 'missing header ' + h)
    if msg['MIME-Version'] is not None and str(msg['MIME-Version']).strip() != '1.0':
        err(rel, 'MIME-Version is not 1.0')
    if msg['X-Mailer'] is None and msg['User-Agent'] is None:
        err(rel, 'no X-Mailer or User-Agent')
    # To
    tos = [a.addr_spec.lower() for a in msg['To'].addresses] if msg['To'] else []
    if tos != [CEO]:
        err(rel, 'To is %r, expected only %s' % (tos, CEO))
    # addresses
    for h in ('From', 'To', 'Cc', 'Reply-To'):
        if msg[h] is not None:
            for a in msg[h].addresses:
                check_domain(rel, h, a.domain)
    frm = msg['From'].addresses if msg['From'] else ()
    if len(frm) != 1 or not frm[0].display_name:
        err(rel, 'From must be one mailbox with a display name')
    # Date
    try:
        d = email.utils.parsedate_to_datetime(str(msg['Date']))
        if (d.year, d.month) != (2026, 11):
            err(rel, 'Date not in November 2026: %s' % msg['Date'])
    except Exception as e:  # noqa
        err(rel, 'bad Date %r (%s)' % (msg['Date'], e))
    # Message-ID
    mid = str(msg['Message-ID']).strip()
    if not MSGID_RE.match(mid):
        err(rel, 'malformed Message-ID %r' % mid)
    else:
        check_domain(rel, 'Message-ID', mid[1:-1].split('@')[1])
    if mid in seen_ids:
        err(rel, 'duplicate Message-ID %s (also %s)' % (mid, seen_ids[mid]))
    seen_ids[mid] = rel
    for h in ('In-Reply-To', 'References'):
        if msg[h] is not None:
            ids = MSGID_ANY.findall(str(msg[h]))
            if not ids:
                err(rel, 'malformed ' + h)
            for _, dom in ids:
                check_domain(rel, h, dom)

    # body text
    plain, htmls = text_parts(msg)
    if not plain and not htmls:
        err(rel, 'no text part')
        return
    full = '\n'.join(plain) if plain else '\n'.join(strip_html(h) for h in htmls)
    full_html = '\n'.join(htmls)
    if '\ufffd' in full or '\ufffd' in full_html:
        err(rel, 'undecodable characters in text')
    if plain and htmls:
        for h in htmls:
            if norm(customer_text(strip_html(h)))[:200] != norm(customer_text(full))[:200]:
                err(rel, 'HTML alternative does not match the plain text')
    subject = str(msg['Subject'] or '')

    # reply detection
    quoted = any(ln.lstrip().startswith('>') for ln in full.splitlines())
    quoted = quoted or '<blockquote' in full_html.lower() or '-----Original Message-----' in full
    if REPLY_SUBJ.match(subject) or quoted:
        for h in ('In-Reply-To', 'References'):
            if msg[h] is None:
                err(rel, 'reply without ' + h)

    # domains and phone numbers in the body
    for m in EMAIL_RE.finditer(full):
        check_domain(rel, 'body address', m.group(1))
    for m in URL_RE.finditer(full + full_html):
        check_domain(rel, 'body URL', m.group(1))
    for m in WWW_RE.finditer(full):
        check_domain(rel, 'body host', m.group(1))
    for m in PHONE_RE.finditer(full + '\n' + subject):
        if m.group(0) != '010-0000-0000':
            err(rel, 'phone number %r is not 010-0000-0000' % m.group(0))

    # attachments are declared properly
    for part in msg.walk():
        if part.get_content_disposition() == 'attachment':
            if not part.get_filename():
                err(rel, 'attachment without filename')
            if not part.get_payload(decode=True):
                err(rel, 'empty attachment')

    if label is None:
        return
    cust = customer_text(full)
    # problem sentence
    p = norm(label['problem'])
    if p not in norm(cust):
        if p in norm(subject):
            if norm(cust).strip() and len(norm(cust)) > 60:
                err(rel, 'problem taken from subject although the body has text')
        else:
            err(rel, 'problem sentence not found in customer text')
    # language
    stats = script_stats(cust + '\n' + subject)
    if not language_ok(label['language'], stats):
        err(rel, 'language %s does not fit script mix hangul=%d kana=%d han=%d latin=%d'
            % ((label['language'],) + stats))
    if verbose:
        h_, k_, c_, l_ = stats
        share = l_ / (l_ + h_) if (l_ + h_) else 0
        print('%-60s %-5s hangul=%4d kana=%4d han=%4d latin=%5d latin/(latin+hangul)=%.2f'
              % (rel, label['language'], h_, k_, c_, l_, share))


def read_labels(path):
    labels = {}
    if not os.path.exists(path):
        err('labels.tsv', 'missing')
        return labels
    with open(path, encoding='utf-8', newline='') as fh:
        data = fh.read()
    if '\r' in data:
        err('labels.tsv', 'contains CR characters')
    lines = data.split('\n')
    if lines and lines[-1] == '':
        lines = lines[:-1]
    header = 'file\tcategory\turgent\tlanguage\twants\tproblem'
    if not lines or lines[0] != header:
        err('labels.tsv', 'bad header')
    for n, ln in enumerate(lines[1:], 2):
        cols = ln.split('\t')
        if len(cols) != 6:
            err('labels.tsv', 'line %d has %d columns' % (n, len(cols)))
            continue
        f, cat, urg, lang, wants, prob = cols
        if f in labels:
            err('labels.tsv', 'duplicate row for ' + f)
        if not re.match(r'^[a-z]+/\d\d-[a-z0-9-]+\.eml$', f):
            err('labels.tsv', 'bad file name ' + f)
        if cat not in CATEGORIES or f.split('/')[0] != cat:
            err('labels.tsv', 'bad category for ' + f)
        if urg not in ('yes', 'no'):
            err('labels.tsv', 'bad urgent for ' + f)
        if lang not in LANGS:
            err('labels.tsv', 'bad language for ' + f)
        if wants not in WANTS:
            err('labels.tsv', 'bad wants for ' + f)
        if not prob.strip() or prob.startswith('"'):
            err('labels.tsv', 'bad problem for ' + f)
        labels[f] = dict(category=cat, urgent=urg, language=lang, wants=wants, problem=prob)
    return labels


def main():
    labels = read_labels(os.path.join(HERE, 'labels.tsv'))
    files = []
    for cat in CATEGORIES:
        d = os.path.join(HERE, cat)
        if not os.path.isdir(d):
            err(cat, 'folder missing')
            continue
        for fn in sorted(os.listdir(d)):
            if fn.endswith('.eml'):
                files.append(cat + '/' + fn)
    fs, ls = set(files), set(labels)
    for f in sorted(fs - ls):
        err(f, 'file not listed in labels.tsv')
    for f in sorted(ls - fs):
        err(f, 'listed in labels.tsv but no such file')
    seen = {}
    for rel in files:
        try:
            check_file(rel, os.path.join(HERE, rel), seen, labels.get(rel))
        except Exception as e:  # noqa
            err(rel, 'exception while checking: %r' % e)

    n_urgent = sum(1 for v in labels.values() if v['urgent'] == 'yes')
    if errors:
        for e in errors:
            print('ERROR', e)
        print('FAILED: %d error(s) in %d files' % (len(errors), len(files)))
        sys.exit(1)
    print('OK: %d mails, %d labels, %d urgent, all checks passed' % (len(files), len(labels), n_urgent))


if __name__ == '__main__':
    main()
