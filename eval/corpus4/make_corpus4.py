#!/usr/bin/env python3
"""make_corpus4.py -- writes the corpus4 evaluation set (Seoul Pantry CEO mailbox).

Every mail body in this file was written by hand, one at a time, and is
stored here verbatim as data.  The code only adds the envelope: RFC 5322
headers, RFC 2047 encoded words, charsets, transfer encodings and MIME
structure (an HTML alternative is rendered mechanically from the plain
text).  No text is generated, templated or assembled from fragments.

Everything that looks random (seconds, Message-IDs, boundaries, fake
attachment bytes) is derived from SHA-256 of the file name, so the output
is byte-for-byte deterministic.

Python standard library only.  Usage:  python3 make_corpus4.py
"""
import base64
import binascii
import datetime
import email.utils
import hashlib
import html
import os
import urllib.parse
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CEO = 'ceo@seoul-pantry.example'
CATEGORIES = ['billing', 'delivery', 'product', 'account', 'service', 'privacy', 'other']
LANGS = ['en', 'ko', 'ja', 'mixed']
WANTS = ['refund', 'replacement', 'repair', 'delivery', 'apology', 'explanation',
         'cancellation', 'data_deletion', 'left_alone', 'other']

# Python codec used for each MIME charset label.  ks_c_5601-1987 is written
# with the EUC-KR codec (a strict subset of what real clients send), which is
# also what Python's codec registry maps the label to.
CODEC = {
    'us-ascii': 'ascii',
    'utf-8': 'utf-8',
    'euc-kr': 'euc_kr',
    'ks_c_5601-1987': 'euc_kr',
    'iso-2022-jp': 'iso2022_jp',
    'shift_jis': 'shift_jis',
}
HLABEL = {
    'us-ascii': 'UTF-8',
    'utf-8': 'UTF-8',
    'euc-kr': 'EUC-KR',
    'ks_c_5601-1987': 'ks_c_5601-1987',
    'iso-2022-jp': 'ISO-2022-JP',
    'shift_jis': 'Shift_JIS',
}

# Client-style headers.  (header name, value, adds Content-Language?)
MAILERS = {
    'iphone': ('X-Mailer', 'iPhone Mail (22B91)', False),
    'applemail': ('X-Mailer', 'Apple Mail (2.3826.200.121)', False),
    'outlook': ('X-Mailer', 'Microsoft Outlook 16.0', True),
    'thunderbird': ('User-Agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) '
                    'Gecko/20100101 Thunderbird/128.5.0', False),
    'samsung': ('X-Mailer', 'SAMSUNG-Email 6.1.97.2', False),
    'becky': ('X-Mailer', 'Becky! ver. 2.81.04 [ja]', False),
    'hanmir': ('X-Mailer', 'Hanmir WebMail 3.2', False),
    'kmailweb': ('User-Agent', 'KMail-Web/5.4 (webmail)', False),
    'roundcube': ('User-Agent', 'Roundcube Webmail/1.6.9', False),
    'phpmailer': ('X-Mailer', 'PHPMailer 6.8.0', False),
}
CONTENT_LANGUAGE = {'en': 'en-us', 'ko': 'ko-kr', 'ja': 'ja-jp', 'mixed': 'ko-kr'}

MAILS = []


def M(**kw):
    """Register one hand-written mail."""
    MAILS.append(kw)


def sha(name):
    return hashlib.sha256(name.encode('utf-8')).hexdigest()


# ---------------------------------------------------------------- headers

def encoded_words(text, charset, mode='B'):
    """Split text into RFC 2047 encoded words of at most 75 characters."""
    codec = CODEC[charset]
    label = HLABEL[charset]
    if charset == 'us-ascii':
        codec = 'utf-8'

    def enc(s):
        raw = s.encode(codec)
        if mode == 'B':
            return '=?%s?B?%s?=' % (label, base64.b64encode(raw).decode('ascii'))
        out = []
        for b in raw:
            c = chr(b)
            if c == ' ':
                out.append('_')
            elif b < 128 and (c.isalnum() or c in '!*+-/'):
                out.append(c)
            else:
                out.append('=%02X' % b)
        return '=?%s?Q?%s?=' % (label, ''.join(out))

    words, cur = [], ''
    for ch in text:
        if cur and len(enc(cur + ch)) > 75:
            words.append(enc(cur))
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(enc(cur))
    return words


def fold_ascii(name, value):
    line = '%s: %s' % (name, value)
    if len(line) <= 78:
        return line
    out, cur = [], name + ':'
    for word in value.split(' '):
        if len(cur) + 1 + len(word) > 78 and cur.strip() and not cur.endswith(':'):
            out.append(cur)
            cur = ' ' + word
        else:
            cur += ' ' + word
    out.append(cur)
    return '\r\n'.join(out)


def unstructured(name, value, charset, mode):
    if all(ord(c) < 128 for c in value):
        return fold_ascii(name, value)
    return '%s: %s' % (name, '\r\n '.join(encoded_words(value, charset, mode)))


SPECIALS = set('()<>@,;:\\".[]')


def mailbox(display, addr, charset, mode):
    if not display:
        return addr
    if all(ord(c) < 128 for c in display):
        if any(c in SPECIALS for c in display):
            return '"%s" <%s>' % (display.replace('\\', '\\\\').replace('"', '\\"'), addr)
        return '%s <%s>' % (display, addr)
    return '%s <%s>' % (' '.join(encoded_words(display, charset, mode)), addr)


def make_date(spec, hx):
    day, hm, zone = spec.split()
    sign = 1 if zone[0] == '+' else -1
    off = sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    dt = datetime.datetime.strptime(day + ' ' + hm, '%Y-%m-%d %H:%M')
    dt = dt.replace(second=int(hx[40:42], 16) % 60, tzinfo=datetime.timezone(off))
    return email.utils.format_datetime(dt)


TO_STYLES = [
    ('', CEO),
    ('CEO', CEO),
    ('Seoul Pantry CEO', CEO),
    ('', '<%s>' % CEO),
]
TO_STYLES_KO = [('서울팬트리 대표님', CEO), ('Seoul Pantry 대표', CEO)]
TO_STYLES_JA = [('Seoul Pantry 代表', CEO)]


def to_header(m, hx, charset, mode):
    n = int(hx[50:52], 16)
    styles = list(TO_STYLES)
    if m['lang'] in ('ko', 'mixed') and charset not in ('iso-2022-jp', 'shift_jis'):
        styles += TO_STYLES_KO
    if m['lang'] == 'ja':
        styles += TO_STYLES_JA
    name, addr = styles[n % len(styles)]
    if addr.startswith('<'):
        return 'To: ' + addr
    return 'To: ' + mailbox(name, addr, charset, mode)


# ---------------------------------------------------------------- bodies

def check_lines(raw, limit=998):
    for ln in raw.split(b'\n'):
        if len(ln) > limit:
            raise ValueError('line longer than %d octets' % limit)


def text_bytes(text, charset):
    """Encode text line by line (keeps ISO-2022-JP lines self-contained)."""
    codec = CODEC[charset]
    lines = text.split('\n')
    return b'\n'.join(ln.encode(codec) for ln in lines)


def encode_body(text, charset, cte):
    text = text.replace('\r\n', '\n')
    if not text.endswith('\n'):
        text += '\n'
    raw = text_bytes(text, charset)
    if raw.decode(CODEC[charset]) != text:
        raise ValueError('charset round trip failed')
    if cte == '7bit':
        if any(b > 127 for b in raw):
            raise ValueError('non-ASCII octets in a 7bit part')
        check_lines(raw)
        return raw.replace(b'\n', b'\r\n')
    if cte == '8bit':
        check_lines(raw)
        return raw.replace(b'\n', b'\r\n')
    if cte == 'quoted-printable':
        q = binascii.b2a_qp(raw, quotetabs=False, istext=True, header=False)
        check_lines(q, 76)
        return q.replace(b'\n', b'\r\n')
    if cte == 'base64':
        b = base64.b64encode(raw.replace(b'\n', b'\r\n'))
        return b'\r\n'.join(b[i:i + 76] for i in range(0, len(b), 76)) + b'\r\n'
    raise ValueError(cte)


def render_html(text, charset):
    """Mechanical HTML rendering of the hand-written plain text."""
    out, inq = [], False
    for line in text.rstrip('\n').split('\n'):
        if line.startswith('>'):
            if not inq:
                out.append('<blockquote type="cite" style="margin:0 0 0 .8ex;'
                           'border-left:1px solid #ccc;padding-left:1ex">')
                inq = True
            s = line[1:]
            if s.startswith(' '):
                s = s[1:]
            out.append(html.escape(s) + '<br>')
        else:
            if inq:
                out.append('</blockquote>')
                inq = False
            out.append(html.escape(line) + '<br>')
    if inq:
        out.append('</blockquote>')
    return ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
            '</head>\n<body>\n<div dir="ltr" style="font-family:sans-serif;font-size:14px">\n'
            '%s\n</div>\n</body>\n</html>\n') % (charset, '\n'.join(out))


def leaf(ctype, text, charset, cte):
    hdr = ['Content-Type: %s; charset="%s"' % (ctype, charset),
           'Content-Transfer-Encoding: %s' % cte]
    return hdr, encode_body(text, charset, cte)


def serialize(hdr, body):
    return ('\r\n'.join(hdr) + '\r\n\r\n').encode('ascii') + body


def multipart(subtype, boundary, parts, preamble=True):
    hdr = ['Content-Type: multipart/%s;\r\n boundary="%s"' % (subtype, boundary)]
    chunks = []
    if preamble:
        chunks.append(b'This is a multi-part message in MIME format.\r\n')
    for ph, pb in parts:
        chunks.append(('\r\n--%s\r\n' % boundary).encode('ascii') if chunks else
                      ('--%s\r\n' % boundary).encode('ascii'))
        chunks.append(serialize(ph, pb))
    chunks.append(('\r\n--%s--\r\n' % boundary).encode('ascii'))
    return hdr, b''.join(chunks)


def fake_attachment(kind, hx):
    seed = bytes.fromhex(hx)
    filler = b''.join(hashlib.sha256(seed + bytes([i])).digest() for i in range(48))
    if kind == 'pdf':
        return (b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
                b'2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% placeholder scan ' +
                hx.encode('ascii') + b'\nstream\n' + filler + b'\nendstream\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
    if kind == 'jpeg':
        return (b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00' +
                b'\xff\xfe\x00\x12placeholder img\x00' + filler + b'\xff\xd9')
    raise ValueError(kind)


def attachment_part(att, hx):
    fname, ctype, kind = att
    data = base64.b64encode(fake_attachment(kind, hx))
    body = b'\r\n'.join(data[i:i + 76] for i in range(0, len(data), 76)) + b'\r\n'
    if all(ord(c) < 128 for c in fname):
        hdr = ['Content-Type: %s; name="%s"' % (ctype, fname),
               'Content-Disposition: attachment; filename="%s"' % fname]
    else:
        ew = encoded_words(fname, 'utf-8', 'B')[0] if len(encoded_words(fname, 'utf-8', 'B')) == 1 else None
        pct = urllib.parse.quote(fname.encode('utf-8'), safe='')
        hdr = ['Content-Type: %s;\r\n name="%s"' % (ctype, ew),
               "Content-Disposition: attachment;\r\n filename*=UTF-8''%s" % pct]
    hdr.append('Content-Transfer-Encoding: base64')
    return hdr, body


def build(m):
    hx = sha(m['file'])
    charset = m['charset']
    hcharset = m.get('hcharset', charset)
    mode = m.get('hmode', 'B')
    name, addr = m['sender']
    domain = addr.split('@', 1)[1]
    lines = [
        'From: ' + mailbox(name, addr, hcharset, mode),
        to_header(m, hx, hcharset, mode),
        unstructured('Subject', m['subject'], hcharset, mode),
        'Date: ' + make_date(m['date'], hx),
        'Message-ID: <%s.%s.%s@%s>' % (hx[:12].upper(), hx[12:20], hx[20:28], domain),
    ]
    if m.get('reply'):
        irt, refs = m['reply']
        lines.append('In-Reply-To: ' + irt)
        lines.append(fold_ascii('References', refs))
    lines.append('MIME-Version: 1.0')
    hname, hval, clang = MAILERS[m['mailer']]
    lines.append(fold_ascii(hname, hval))
    if clang:
        lines.append('Content-Language: ' + CONTENT_LANGUAGE[m['lang']])

    shape = m['shape']
    cte = m['cte']
    body_text = m['body'].lstrip('\n')
    b1 = '----=_Part_%s' % hx[28:44]
    b2 = '----=_Alt_%s' % hx[44:60]

    def alternative(boundary, preamble):
        html_text = render_html(body_text, charset)
        html_cte = cte
        if cte == '7bit' and any(ord(c) > 127 for c in html_text):
            html_cte = 'quoted-printable'
        return multipart('alternative', boundary,
                         [leaf('text/plain', body_text, charset, cte),
                          leaf('text/html', html_text, charset, html_cte)], preamble)

    if shape == 'plain':
        hdr, body = leaf('text/plain', body_text, charset, cte)
    elif shape == 'html':
        hdr, body = leaf('text/html', render_html(body_text, charset), charset, cte)
    elif shape == 'alt':
        hdr, body = alternative(b2, True)
    elif shape == 'mixed':
        if m.get('inner') == 'alt':
            inner = alternative(b2, False)
        else:
            inner = leaf('text/plain', body_text, charset, cte)
        hdr, body = multipart('mixed', b1, [inner, attachment_part(m['attach'], hx)])
    else:
        raise ValueError(shape)
    return serialize(lines + hdr, body)


# ---------------------------------------------------------------- outputs

def validate(m):
    cat, fname = m['file'].split('/')
    assert cat in CATEGORIES, m['file']
    assert fname.endswith('.eml') and fname[:2].isdigit() and fname[2] == '-', m['file']
    assert m['lang'] in LANGS, m['file']
    assert m['urgent'] in ('yes', 'no'), m['file']
    assert m['wants'] in WANTS, m['file']
    p = m['problem']
    assert p and '\t' not in p and '\n' not in p and not p.startswith('"'), m['file']
    norm = ' '.join(m['body'].split())
    assert ' '.join(p.split()) in norm or p in m['subject'], 'problem not in body: ' + m['file']


def write_labels(path):
    rows = ['file\tcategory\turgent\tlanguage\twants\tproblem']
    for m in sorted(MAILS, key=lambda x: x['file']):
        rows.append('\t'.join([m['file'], m['file'].split('/')[0], m['urgent'],
                               m['lang'], m['wants'], m['problem']]))
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(rows) + '\n')


def md_table(header, rows):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '|'.join('---' for _ in header) + '|']
    out += ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in rows]
    return '\n'.join(out)


def write_readme(path):
    ms = sorted(MAILS, key=lambda x: x['file'])
    rows = []
    tot = Counter()
    for cat in CATEGORIES:
        sub = [m for m in ms if m['file'].startswith(cat + '/')]
        c = Counter(m['lang'] for m in sub)
        u = sum(m['urgent'] == 'yes' for m in sub)
        rows.append([cat] + [c[l] for l in LANGS] + [u, len(sub)])
        for l in LANGS:
            tot[l] += c[l]
        tot['urgent'] += u
        tot['total'] += len(sub)
    rows.append(['**total**'] + [tot[l] for l in LANGS] + [tot['urgent'], tot['total']])
    counts = md_table(['category'] + LANGS + ['urgent=yes', 'total'], rows)

    wc = Counter(m['wants'] for m in ms)
    wants = md_table(['wants', 'mails'], [[w, wc[w]] for w in WANTS])

    shape_names = {'plain': 'text/plain only', 'alt': 'multipart/alternative (text/plain + text/html)',
                   'html': 'text/html only', 'mixed': 'multipart/mixed with attachment'}
    sc = Counter(m['shape'] for m in ms)
    shapes = md_table(['MIME shape', 'mails'], [[shape_names[s], sc[s]] for s in ['plain', 'alt', 'html', 'mixed']])
    cc = Counter(m['charset'] for m in ms)
    charsets = md_table(['body charset', 'mails'], [[c, n] for c, n in sorted(cc.items(), key=lambda x: -x[1])])
    tc = Counter(m['cte'] for m in ms)
    ctes = md_table(['transfer encoding of the text part(s)', 'mails'],
                    [[c, n] for c, n in sorted(tc.items(), key=lambda x: -x[1])])
    replies = [m['file'] for m in ms if m.get('reply')]

    traps = '\n'.join('- `%s`: %s' % (m['file'], m['trap']) for m in ms if m.get('trap'))
    unsure = '\n'.join('- `%s`: %s' % (m['file'], m['unsure']) for m in ms if m.get('unsure'))

    text = README_TEMPLATE.format(counts=counts, wants=wants, shapes=shapes, charsets=charsets,
                                  ctes=ctes, nreplies=len(replies),
                                  replies=', '.join('`%s`' % r for r in replies),
                                  traps=traps, unsure=unsure, n=len(ms))
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


README_TEMPLATE = """This is an evaluation set. Do not use it for tuning, rule-writing or any kind of fitting.

# corpus4 -- Seoul Pantry CEO mailbox ({n} hand-written customer e-mails)

Fictional setting: mails sent to the founder's public address `ceo@seoul-pantry.example`
at "Seoul Pantry" (`seoul-pantry.example`), a Korean online grocery and kitchenware shop
that also ships to Japan and has English-speaking customers. All people, companies,
order numbers and addresses are invented; every e-mail domain ends in `.example`;
every phone number is written `010-0000-0000`.

## How it was written

- Every body was written by hand, one mail at a time, in English, Korean, Japanese or
  Korean mixed with English words. Nothing was generated, templated, slot-filled or
  assembled from fragments in code.
- Blindness rules followed by the author: all work was done only inside `/work/corpus4`;
  nothing else under `/work` was opened, listed or searched (no other folders, no code,
  no other corpora); no web or code search was used for examples. The author has seen
  neither the software this set will judge, nor its rules, nor any other corpus.
- `make_corpus4.py` holds the hand-written bodies as data and adds only the envelope:
  RFC 5322 headers (From, To, Subject, Date in November 2026, Message-ID, MIME-Version),
  RFC 2047 encoded subjects and display names where non-ASCII, client-style
  `X-Mailer`/`User-Agent`, `In-Reply-To`/`References` on replies, charsets, transfer
  encodings and MIME structure. The HTML alternatives are rendered mechanically from the
  plain text (quoted `>` lines become `<blockquote>`). Attachments are placeholder bytes.
  Seconds of the Date, Message-IDs, boundaries and attachment bytes are derived from
  SHA-256 of the file name, so the output is deterministic. CRLF line endings throughout.
- `check_corpus4.py` validates the files and labels (see below).
- Regenerate and check: `python3 make_corpus4.py && python3 check_corpus4.py`

## Labels (`labels.tsv`)

Tab-separated UTF-8, header `file	category	urgent	language	wants	problem`, no quoting.

- `category`: the team that must act first (billing, delivery, product, account, service,
  privacy, other).
- `urgent`: `yes` only for a real safety/health hazard or injury; a child or an
  elderly/vulnerable person at risk (including someone left without food or medicine);
  fraud or money stolen; account takeover; a legal threat; a threat to complain to a
  regulator; a threat to go to the press or media. Everything else `no`.
- `language`: `en`, `ko`, `ja`, `mixed` (Korean with many English words).
- `wants`: what the customer asks for first.
- `problem`: one sentence copied verbatim from the decoded body (from the subject only
  when the body has none -- one mail); for non-complaints the sentence that states why
  the mail was sent. Never a greeting, signature or quoted notification line.

## Counts

Category x language, with urgent counts:

{counts}

`wants`:

{wants}

## MIME shapes, charsets, encodings

{shapes}

{charsets}

{ctes}

Subjects and display names with non-ASCII characters are RFC 2047 encoded words in the
mail's charset (B encoding, a few Q). {nreplies} mails are replies carrying
`In-Reply-To`/`References` and quoting a shop notification (`>` quoting,
Outlook `-----Original Message-----`, Japanese `2026年11月6日(金) 10:02 ... :` attribution):
{replies}. One mail forwards a shop notification (`---------- Forwarded message ---------`).

## Checker

`check_corpus4.py` parses every file with Python's `email` package (`policy=default`) and
checks: required headers; `To` is the CEO address; every address, Message-ID, URL and
e-mail domain ends in `.example`; phone numbers are `010-0000-0000`; Date in November
2026; unique well-formed Message-IDs; replies carry `In-Reply-To` and `References`; CRLF
line endings; no undecodable text; `labels.tsv` lists exactly the files with valid values;
each `problem` occurs verbatim in the decoded customer text (HTML stripped, entities
unescaped, whitespace normalised; excluding `>` lines, attribution lines, `<blockquote>`,
text after `-----Original Message-----` and forwarded shop mails), falling back to the
subject; the language label fits the script mix. Exit status 1 on any error.

## Deliberate traps

{traps}

## Labels I was unsure of

{unsure}
"""


def main():
    seen = set()
    for m in MAILS:
        validate(m)
        assert m['file'] not in seen, m['file']
        seen.add(m['file'])
    # remove stale generated mails (only inside this folder)
    for cat in CATEGORIES:
        d = os.path.join(HERE, cat)
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            if f.endswith('.eml'):
                os.remove(os.path.join(d, f))
    for m in MAILS:
        with open(os.path.join(HERE, m['file']), 'wb') as f:
            f.write(build(m))
    write_labels(os.path.join(HERE, 'labels.tsv'))
    write_readme(os.path.join(HERE, 'README.md'))
    print('wrote %d mails, labels.tsv, README.md' % len(MAILS))


# ======================================================================
# The mails.  Each body below was written by hand.
# ======================================================================

# ------------------------------------------------------------- billing

M(file='billing/01-subject-only-double-charge.eml',
  lang='en', urgent='no', wants='refund',
  sender=('Dan Whitcombe', 'danw@postbox.example'),
  subject='charged twice for order SP-2611-03342 ($38.20 x2) pls refund one',
  date='2026-11-04 22:41 +0900', mailer='iphone',
  charset='us-ascii', cte='7bit', shape='plain',
  problem='charged twice for order SP-2611-03342 ($38.20 x2) pls refund one',
  trap='one-line mail: the body is only a caret and a phone signature, everything is in the subject.',
  body='''
^

Sent from my iPhone
''')

M(file='billing/02-points-coupon-not-applied.eml',
  lang='ko', urgent='no', wants='refund',
  sender=('박서연', 'seoyeon.park@hanmir.example'),
  subject='11월 4일 주문 결제 금액 확인 부탁드립니다',
  date='2026-11-05 10:12 +0900', mailer='hanmir',
  charset='euc-kr', cte='8bit', shape='plain',
  problem='적립금과 쿠폰이 주문서에는 적용된 걸로 나왔는데 카드에서는 전액이 빠져나갔습니다.',
  trap='points and coupon vanished from the account, but the money problem (card charged in full) makes it billing, not account.',
  body='''
안녕하세요, 대표님.
고객센터 게시판에 두 번 글을 남겼는데 답변이 없어서 대표 메일로 연락드립니다.

11월 4일 주문(SP-2611-04471) 결제 내역이 아래와 같습니다.

 - 상품 금액 합계: 52,800원
 - 적립금 사용: 10,000원
 - 첫 구매 쿠폰 15%: 7,920원
 - 주문서에 표시된 최종 결제 금액: 34,880원
 - 실제 카드 승인 금액: 52,800원

적립금과 쿠폰이 주문서에는 적용된 걸로 나왔는데 카드에서는 전액이 빠져나갔습니다.
그런데 적립금 10,000원은 제 계정에서 이미 차감되어 있고, 쿠폰도 사용 완료로 바뀌어 있습니다.
결국 할인은 하나도 못 받고 적립금과 쿠폰만 날아간 셈이에요.

차액 17,920원을 카드로 환불해 주시든지, 아니면 적립금과 쿠폰을 원래대로 돌려주세요.
어느 쪽이든 처리되면 문자나 메일로 알려주시면 감사하겠습니다.

박서연 드림
''')

M(file='billing/03-unknown-card-payments.eml',
  lang='en', urgent='yes', wants='refund',
  sender=('Priya Raman', 'priya.raman@northmail.example'),
  subject='Payments on my card I did not make',
  date='2026-11-08 16:20 +0000', mailer='applemail',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='I have not bought anything from you since I moved back to the UK in March.',
  trap='fraud described in a calm, list-like tone; it also suggests an account takeover, but the first team is billing (unknown card payments).',
  unsure='category billing vs account: the customer suspects her old account was taken over; labelled billing because what she reports and wants reversed are unknown card payments.',
  body='''
Hello,

I'm writing to the CEO address because your help line is closed on Sundays and this can't wait until Monday.

My bank flagged three payments this afternoon to "SEOUL PANTRY CO LTD":

  08 Nov 23:47 KST   KRW 189,000
  08 Nov 23:52 KST   KRW 189,000
  09 Nov 00:03 KST   KRW 214,500

I have not bought anything from you since I moved back to the UK in March. I had an account with you while I lived in Mapo, and I assume my old saved card is still on it, so someone must have got into that account or got hold of the card number some other way.

I've frozen the card with my bank. What I need from you:

1. Refund the three payments (592,500 won in total).
2. Stop whatever was ordered from being shipped.
3. Tell me which e-mail address and delivery address those orders were placed from, so I can give it to my bank's fraud team.

My old account e-mail was priya.r.seoul@kmail.example, in case that helps you find it.

Regards,
Priya Raman
''')

M(file='billing/04-cafe-invoice-business-number.eml',
  lang='en', urgent='no', wants='other',
  sender=("Liam O'Connor", 'liam@onda-coffee.example'),
  subject='Tax invoice for November bulk order - wrong business registration number',
  date='2026-11-10 14:03 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='mixed', inner='alt',
  attach=('Onda_business_registration.pdf', 'application/pdf', 'pdf'),
  problem='The tax invoice (세금계산서) for our November bulk order SP-2611-00918 (KRW 1,486,000) was issued with the wrong business registration number: it says 512-81-30457, ours is 512-81-30475.',
  trap='business customer (cafe) with a long signature and a confidentiality disclaimer containing "legally privileged" and "liability"; the mail itself says it is not an emergency.',
  body='''
Hi,

We've been ordering from Seoul Pantry for our two cafés since spring (oat milk, gochugaru, the 20 kg rice bags and a lot of your yuja syrup) and have generally been very happy.

The tax invoice (세금계산서) for our November bulk order SP-2611-00918 (KRW 1,486,000) was issued with the wrong business registration number: it says 512-81-30457, ours is 512-81-30475. Our accountant can't file it like that. The VAT deadline for the quarter is in January, so it isn't an emergency, but we do need a corrected invoice before year-end closing.

I've attached our registration certificate so you can double-check. Could you cancel the wrong one and re-issue it to the correct number? Please send it to accounts@onda-coffee.example rather than to me.

While I have you: the oat milk cases in that order were fine this time, thank you for sorting out the leaking cartons from September.

Cheers,
Liam

--
Liam O'Connor
Operations Manager
Onda Coffee Roasters  |  Seongsu & Yeonnam
T. 010-0000-0000
www.onda-coffee.example

CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended solely for the addressee(s) and may contain confidential or legally privileged information. If you have received this e-mail in error, please notify the sender immediately and delete it from your system. Any unauthorised review, use, disclosure or distribution is prohibited. Onda Coffee Roasters accepts no liability for any damage caused by viruses transmitted by this e-mail.
''')

M(file='billing/05-membership-still-charged.eml',
  lang='ko', urgent='no', wants='refund',
  sender=('한도윤', 'doyoon.han@kmail.example'),
  subject='해지한 멤버십 요금이 아직도 나갑니다',
  date='2026-11-02 23:18 +0900', mailer='samsung',
  charset='utf-8', cte='8bit', shape='plain',
  problem='그런데 9월, 10월, 11월 석 달 동안 매달 1일에 4,900원씩 꼬박꼬박 빠져나가네요.',
  trap='sarcasm ("감동입니다 ^^") and a negated legal threat ("소송 걸 생각은 없고요") -> not urgent.',
  body='''
대표님 안녕하세요.

팬트리플러스 멤버십 8월 말에 해지했습니다. 앱에서 해지 버튼 누르고 해지가 완료되었다는 화면까지 캡처해 놨어요.
그런데 9월, 10월, 11월 석 달 동안 매달 1일에 4,900원씩 꼬박꼬박 빠져나가네요. 해지한 회원한테까지 이렇게 성실하게 청구하시다니 감동입니다 ^^

금액이 크진 않아서 그냥 넘어갈까 하다가, 이런 식으로 모르고 계속 내는 사람이 얼마나 많을까 싶어서 메일 씁니다.
소송 걸 생각은 없고요, 그냥 석 달 치 14,700원 돌려주시고 앞으로 청구 안 되게만 해주세요.

해지 완료 화면 캡처 필요하시면 회신 주세요.

한도윤
''')

M(file='billing/06-donabe-refund-iso2022jp.eml',
  lang='ja', urgent='no', wants='refund',
  sender=('佐藤 恵美', 'emi.sato@sakura-net.example'),
  subject='Re: 【Seoul Pantry】返品受付完了のお知らせ',
  date='2026-11-24 09:40 +0900', mailer='becky',
  charset='iso-2022-jp', cte='7bit', shape='plain',
  reply=('<return.20261106100201.R771204@mailer.seoul-pantry.example>',
         '<return.20261106100201.R771204@mailer.seoul-pantry.example>'),
  problem='本日で10営業日ほど経過しておりますが、まだカードへの返金が確認できておりません。',
  trap='reply on top of the shop notification in Japanese attribution style (2026年11月6日(金) 10:02 ... :) with > quoting.',
  body='''
Seoul Pantry 代表者様

いつもお世話になっております。
11月6日付で下記の返品受付メールをいただいた佐藤と申します。

返品した土鍋（注文番号 SP-2611-01187）につきまして、メールには「返金は商品到着後3〜5営業日以内」と記載されておりますが、追跡番号で確認したところ11月9日には御社倉庫に到着しております。
本日で10営業日ほど経過しておりますが、まだカードへの返金が確認できておりません。

お手数ですが、返金処理の状況をご確認のうえ、ご返金いただけますようお願い申し上げます。
カード会社にも確認いたしましたが、御社からの取消データは届いていないとのことでした。

何卒よろしくお願いいたします。

佐藤 恵美

2026年11月6日(金) 10:02 Seoul Pantry <noreply@seoul-pantry.example>:
> 佐藤 恵美 様
>
> この度はSeoul Pantryをご利用いただき、誠にありがとうございます。
> ご注文番号 SP-2611-01187 の返品を受け付けました。
>
> 商品：伝統土鍋（トゥッペギ）2号
> 返金予定額：6,800円
>
> 返金は商品が当社倉庫に到着後、3〜5営業日以内にご登録のクレジットカードへ行われます。
> ※カード会社の締め日により、ご請求明細への反映が翌月以降になる場合がございます。
>
> Seoul Pantry カスタマーサポート
''')

M(file='billing/07-cancel-refund-small-claims.eml',
  lang='ko', urgent='yes', wants='refund',
  sender=('오재훈', 'jh.oh@kmail.example'),
  subject='RE: [Seoul Pantry] 주문 취소가 완료되었습니다',
  date='2026-11-19 08:47 +0900', mailer='outlook',
  charset='ks_c_5601-1987', cte='base64', shape='plain',
  reply=('<CAN-20261028151233-22871@seoul-pantry.example>',
         '<CAN-20261028151233-22871@seoul-pantry.example>'),
  problem='환불은 3영업일 이내라고 써 있는데 3주가 지나도록 카드사에 취소 내역이 안 들어왔습니다.',
  trap='Outlook-style reply (-----Original Message-----) whose quoted notification talks about points and the Pantry Plus membership; the legal threat (내용증명, 소액심판) is in the customer text.',
  body='''
대표님께,

아래 메일 받은 게 10월 28일입니다. 오늘이 11월 19일이고요.
환불은 3영업일 이내라고 써 있는데 3주가 지나도록 카드사에 취소 내역이 안 들어왔습니다.

고객센터에 전화 세 번 했고, 세 번 다 확인해서 연락드리겠다는 말만 듣고 연락은 한 번도 없었습니다.
금액은 236,000원입니다. 전기밥솥 주문이라 적은 돈도 아닙니다.

다음 주 월요일(11/23)까지 환불이 안 되면 내용증명 보내고 소액심판 청구하겠습니다.
서류는 이미 다 준비해 놨습니다. 이 메일도 증거로 보관합니다.

오재훈
010-0000-0000

-----Original Message-----
From: Seoul Pantry <noreply@seoul-pantry.example>
Sent: Wednesday, October 28, 2026 3:12 PM
To: jh.oh@kmail.example
Subject: [Seoul Pantry] 주문 취소가 완료되었습니다

오재훈 고객님, 안녕하세요.
요청하신 주문 SP-2610-22871 의 취소가 완료되었습니다.

취소 금액: 236,000원
환불 수단: 신용카드 (승인 취소)
환불 예정: 영업일 기준 3일 이내

이번 주문으로 적립 예정이던 포인트 2,360P는 함께 취소됩니다.
팬트리플러스 회원이 되시면 다음 주문부터 무료배송 혜택을 받으실 수 있어요!
''')

M(file='billing/08-tourist-currency-gift.eml',
  lang='en', urgent='no', wants='explanation',
  sender=('Megan Torres', 'megan.t@breezemail.example'),
  subject='Tokyo gift box + a few questions 🎁',
  date='2026-11-12 19:05 -0800', mailer='iphone',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='The website showed the price as $64.00 when I was browsing with the USD setting, but my card statement says ₩94,000 which came out as $68.71 plus a $2.06 foreign transaction fee 😕',
  trap='several topics (currency, gift note, Apple Pay suggestion) of which only the first is the main one; emoji.',
  body='''
Hi Seoul Pantry team!! 👋

I was in Seoul in October and fell in love with your shop, so I ordered the "Winter Tea Gift Box" to be sent to my friend Aiko in Tokyo for her birthday. A few things:

1) The website showed the price as $64.00 when I was browsing with the USD setting, but my card statement says ₩94,000 which came out as $68.71 plus a $2.06 foreign transaction fee 😕 Was I charged in won on purpose? If the dollar price isn't the price I actually pay, I'd like to understand how that works, and whether the $4.71 difference can be refunded or at least explained.

2) Did the handwritten gift note get included? I typed it in the "message" box but I don't see it on the order confirmation.

3) Totally unrelated but you should add Apple Pay, I almost gave up at checkout lol

Thanks so much, Aiko is going to LOVE the yuja tea 🍋

Megan
''')

M(file='billing/09-cancelled-still-billed-sjis.eml',
  lang='ja', urgent='yes', wants='refund',
  sender=('田中 浩二', 'koji.tanaka@ocn-mail.example'),
  subject='キャンセル済み注文の請求について（至急ご確認ください）',
  date='2026-11-17 21:30 +0900', mailer='thunderbird',
  charset='shift_jis', cte='base64', shape='plain',
  problem='しかし、本日カード会社の利用明細を確認したところ、同注文分の18,400円が請求確定となっておりました。',
  trap='polite keigo throughout; the regulator threat (消費生活センター) is one soft sentence near the end.',
  body='''
Seoul Pantry 御中

お世話になります。田中と申します。

11月2日に注文した「韓国家庭料理セット（冷凍）」（注文番号 SP-2611-00356）について、同日中にマイページからキャンセルし、「ご注文のキャンセルが完了しました」というメールも受け取っております。

しかし、本日カード会社の利用明細を確認したところ、同注文分の18,400円が請求確定となっておりました。
商品は届いておりませんし、発送のご連絡もいただいておりません。

カスタマーサポートには11月10日と13日の2回、お問い合わせフォームからご連絡しましたが、自動返信以外にご回答はございません。

つきましては、至急ご返金のお手続きをお願いいたします。
今週中にご回答をいただけない場合は、最寄りの消費生活センターに相談させていただく所存です。

よろしくお願いいたします。

田中 浩二
''')

M(file='billing/10-cash-receipt-typos.eml',
  lang='ko', urgent='no', wants='other',
  sender=('최미경', 'mk.choi@hanmir.example'),
  subject='현금영수증 ㅠㅠ',
  date='2026-11-26 13:22 +0900', mailer='hanmir',
  charset='utf-8', cte='8bit', shape='plain', hmode='Q',
  problem='다른게 아니라 지난달에 무통장입금으로 주문한거 현금영수증이 아직도 발급이 안됬어요',
  trap='alarm idiom "속 터져 죽겠어요" about a missing cash receipt; typos throughout (안녕하세여, 안됬어요, 주문할떄, 입금햇습니다).',
  body='''
안녕하세여 대표님
다른게 아니라 지난달에 무통장입금으로 주문한거 현금영수증이 아직도 발급이 안됬어요
주문할떄 분명히 휴대폰번호로 소득공제용 체크하고 번호도 넣었거든요 010-0000-0000 이번호에요
홈택스 들어가서 몇번을 봐도 없어서 속 터져 죽겠어요 ㅠㅠ 연말정산 해야되는데...
주문번호는 SP-2610-19930 이고 금액은 87,400원 입금햇습니다
빨리 발급좀 해주세요 부탁드려요

최미경 올림
''')

# ------------------------------------------------------------- delivery

M(file='delivery/01-voice-to-text-wrong-building.eml',
  lang='en', urgent='no', wants='delivery',
  sender=('Greg Mahoney', 'greg.mahoney@pinemail.example'),
  subject='package',
  date='2026-11-03 18:52 +0900', mailer='samsung',
  charset='us-ascii', cte='7bit', shape='plain',
  problem='the driver left my box at building 103 and I live in 108',
  trap='voice-to-text dictation with no punctuation; mentions frozen food but nothing is at risk.',
  body='''
hi this is greg mahoney order SP-2611-02290 the driver left my box at building 103 and I live in 108 its the hannam view apartments the security guy at 103 says he cant give it to me because the name on the label doesnt match his resident list which I mean fair enough but its my stuff and it has the frozen dumplings in it so can someone call the driver or call 103 security and sort it out today my number is 010-0000-0000 thanks

Sent from my Galaxy
''')

M(file='delivery/02-son-for-elderly-mother.eml',
  lang='ko', urgent='yes', wants='delivery',
  sender=('윤상호', 'sangho.yoon@bitmail.example'),
  subject='목요일 새벽배송 건 (SP-2611-05502)',
  date='2026-11-13 07:12 +0900', mailer='applemail',
  charset='utf-8', cte='base64', shape='plain',
  problem='어제(목요일) 배송이 오지 않았습니다.',
  trap='written by a son on behalf of his mother; urgent without any alarm word: an 84-year-old who cannot go out is left with an empty fridge.',
  body='''
안녕하세요. 윤상호라고 합니다.

저는 서울에 살고, 어머니는 청주에서 혼자 지내십니다. 올해 여든넷이시고 작년에 고관절 수술을 하신 뒤로는 보행기 없이는 못 다니세요.
그래서 매주 목요일 새벽배송으로 죽, 두부, 반찬 몇 가지, 우유를 제가 주문해서 보내 드리고 있습니다. 어머니는 그걸로 한 주를 드십니다.

어제(목요일) 배송이 오지 않았습니다. 앱에는 배송 준비 중에서 멈춰 있고, 고객센터는 밤에 연결이 안 돼서 오늘 아침에 어머니께 전화해 보니 냉장고에 남은 게 물 말고는 거의 없다고 하십니다.
어머니가 혼자 장을 보러 나가실 수가 없고, 제가 내려갈 수 있는 건 일요일입니다.

오늘 중으로 받으실 수 있게 해 주실 수 있는지 확인 부탁드립니다. 안 된다면 안 된다고만이라도 알려 주시면 근처 사시는 분께 따로 부탁드려 보겠습니다.

주문번호: SP-2611-05502
받는 분: 정옥순 (청주시 흥덕구)
제 연락처: 010-0000-0000

윤상호 드림
''')

M(file='delivery/03-sarcastic-express.eml',
  lang='en', urgent='no', wants='delivery',
  sender=('Tom Keller', 'tkeller@quillmail.example'),
  subject='my "express" tteokbokki kit, day 11',
  date='2026-11-16 12:30 +0900', mailer='thunderbird',
  charset='utf-8', cte='7bit', shape='plain',
  problem='The tracking page has been stuck on Awaiting pickup since the 6th.',
  trap='sarcasm throughout, a negated legal threat ("I\'m not going to sue anyone over rice cakes") and an alarm phrase ("I\'ll just sit here and die of boredom waiting") for an ordinary late parcel.',
  unsure='wants: "If it\'s lost, say so, and send another one" -- labelled delivery (get the kit to me); could be read as explanation or replacement.',
  body='''
Dear CEO of Seoul Pantry,

Congratulations. You have invented a new shipping tier. It is called "Express" and it takes eleven days to travel about twenty kilometres, from your warehouse in Gimpo to my flat in Mapo. I've seen snails with better logistics.

Order SP-2611-01475, placed 5 November, 3,500 won extra paid for next-day delivery. The tracking page has been stuck on Awaiting pickup since the 6th. It has not moved. I check it every morning with my coffee. It's become a ritual, like a tiny sad advent calendar.

I'm not in any hurry, obviously. It's only rice cakes, and I'm not going to sue anyone over rice cakes. I'll just sit here and die of boredom waiting, and my landlord can sign for it when it finally arrives.

If it's lost, say so, and send another one. If it isn't lost, tell me where it is. And I'd like the express fee back, since "express" has clearly become a philosophical concept.

Warmly (not really),
Tom
''')

M(file='delivery/04-glass-containers-broken-photo.eml',
  lang='ja', urgent='no', wants='replacement',
  sender=('山本 さくら', 'yamasaku@mirai-mail.example'),
  subject='商品破損のご連絡（注文番号 SP-2611-03108）',
  date='2026-11-11 20:15 +0900', mailer='iphone',
  charset='utf-8', cte='base64', shape='mixed',
  attach=('IMG_2231.jpg', 'image/jpeg', 'jpeg'),
  problem='11月10日に届いた耐熱ガラス保存容器セット（5個組）ですが、箱を開けたところ、5個のうち3個が割れておりました。',
  trap='broken glass, but kitchenware (not food) damaged in transit, and a negation: 家族も誰もけがはしておりません -> not urgent.',
  body='''
Seoul Pantry ご担当者様

はじめてご連絡いたします。山本と申します。
11月10日に届いた耐熱ガラス保存容器セット（5個組）ですが、箱を開けたところ、5個のうち3個が割れておりました。

外箱の角が大きくつぶれており、配送中に強い衝撃を受けたようです。
容器はひとつずつ緩衝材に包まれていたため、破片が散らばることはなく、家族も誰もけがはしておりません。
割れたものは写真を撮ったうえで、袋に入れて保管しております。写真を添付いたしますのでご確認ください。

お手数ですが、割れた3個分の交換品をお送りいただけますでしょうか。
残りの2個は問題なく使えそうですので、セットごとの返品は希望いたしません。

どうぞよろしくお願いいたします。

山本 さくら
''')

M(file='delivery/05-dawn-doorbell-mixed.eml',
  lang='mixed', urgent='no', wants='apology',
  sender=('Jiwon Seo', 'jiwon.seo@kmail.example'),
  subject='새벽배송 doorbell 문제 ㅠㅠ',
  date='2026-11-20 06:02 +0900', mailer='iphone',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem='근데 오늘 새벽 5시 10분에 driver분이 doorbell을 두 번이나 누르고 가셨어요.',
  trap='a baby is mentioned (woken up by the doorbell) but is not at risk -> not urgent; Korean mixed with English words; emoji.',
  body='''
안녕하세요 CEO님,

새벽배송 자주 이용하는 customer인데요, delivery request note에 벨 누르지 마시고 문 앞에 두고 가주세요, baby 있어요 🙏 이렇게 분명히 써놨거든요.
근데 오늘 새벽 5시 10분에 driver분이 doorbell을 두 번이나 누르고 가셨어요. 겨우 재운 baby가 깨서 지금까지 울고 있고 저는 완전 zombie 상태예요 😵

이번이 처음도 아니고 this month에만 세 번째예요. 매번 app에서 feedback 남겼는데 달라지는 게 없어요.
그래서 CEO님께 직접 mail 드려요. 솔직히 sorry 한마디는 듣고 싶고, 담당 driver분께 request note 꼭 좀 확인하시라고 전달 부탁드려요.

Thanks,
Jiwon
''')

M(file='delivery/06-reply-quoted-thawed-mandu.eml',
  lang='en', urgent='no', wants='refund',
  sender=('Hannah Becker', 'h.becker@lindenpost.example'),
  subject='Re: Your Seoul Pantry order has been delivered!',
  date='2026-11-18 17:41 +0900', mailer='applemail',
  charset='us-ascii', cte='7bit', shape='plain',
  reply=('<dlv.20261118.0932.SP261104410@seoul-pantry.example>',
         '<ord.20261116.SP261104410@seoul-pantry.example> <dlv.20261118.0932.SP261104410@seoul-pantry.example>'),
  problem='The frozen mandu (2 bags) and the frozen fish cakes were completely soft and the ice packs were just bags of warm water.',
  trap='reply quoting a delivery notification that talks about points, membership, a referral coupon and a billing help link; frozen food spoiled in transport but thrown away uneaten -> delivery, not product, not urgent.',
  unsure='urgent: thawed frozen food could be a food-safety issue, but it was discarded uneaten; labelled no.',
  body='''
Hi,

"Delivered" is one way to put it. According to this mail the box was left in the lobby of our building at 9:32 this morning, and nobody told me, so I found it when I came home at 5. The frozen mandu (2 bags) and the frozen fish cakes were completely soft and the ice packs were just bags of warm water. Your website says frozen items are only left unattended for up to 2 hours in their insulated box, so I don't understand why the driver didn't ring or call.

I've thrown the frozen stuff out, I'm not going to risk it. The gochujang and the noodles are fine.

Could you refund the frozen items (I think it was 23,700 won together)? I don't need a redelivery, I'll just reorder later in the week.

Thanks,
Hannah

On Wed, 18 Nov 2026 at 09:33, Seoul Pantry <noreply@seoul-pantry.example> wrote:
> Good news, Hannah! Your order SP-2611-04410 has been delivered.
>
> Delivered at: 09:32, lobby / building entrance
> Courier: Hanbit Express
>
> You earned 237 Pantry Points with this order. Points can be used on your next purchase
> and expire 12 months after they are earned.
>
> Did you know? Pantry Plus members get free dawn delivery and 5% back on every order.
> Refer a friend and you both get a 5,000 won coupon!
>
> Questions about a charge? Visit seoul-pantry.example/help/billing
''')

M(file='delivery/07-courier-dropped-box-father.eml',
  lang='ko', urgent='yes', wants='explanation',
  sender=('강은비', 'eunbi.kang@hanmir.example'),
  subject='배송기사님 관련해서 꼭 확인 부탁드립니다',
  date='2026-11-21 15:47 +0900', mailer='samsung',
  charset='utf-8', cte='8bit', shape='plain',
  problem='그 박스가 계단을 타고 미끄러져서 마침 올라오시던 저희 아버지(71세) 발 위로 떨어졌습니다.',
  trap='injury caused by courier behaviour, told in a neutral subject line; category is delivery (courier), not service or product.',
  unsure='category delivery vs service: the harm comes from the courier\'s handling; labelled delivery per "courier behaviour".',
  body='''
안녕하세요.
오늘 오전에 배송받은 주문(SP-2611-06013) 관련해서 연락드립니다.

저희 집이 빌라 3층인데, 배송 기사님이 계단 위쪽에서 20kg 쌀 포대가 든 박스를 아래로 밀듯이 내려놓으셨어요. 그 박스가 계단을 타고 미끄러져서 마침 올라오시던 저희 아버지(71세) 발 위로 떨어졌습니다.
아버지 오른발이 많이 부어서 정형외과에 모시고 갔고, 엑스레이상 새끼발가락 뼈에 금이 갔다고 해서 깁스를 하셨습니다.

기사님은 죄송하다고 하시고는 그냥 바로 가셨어요. 경황이 없어서 그 자리에서 연락처도 못 받았습니다.

어떻게 이런 일이 생겼는지, 그리고 택배사 쪽에 어떤 조치를 하실 건지 답변 부탁드립니다.
병원 진료비 영수증과 진단서는 가지고 있습니다.

강은비
010-0000-0000
''')

M(file='delivery/08-cafe-bulk-half-missing.eml',
  lang='en', urgent='no', wants='delivery',
  sender=('Sora Lim', 'sora@bluedoor-cafe.example'),
  subject='Bulk order SP-2611-00602 - only half arrived, rest went to old address?',
  date='2026-11-05 08:20 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='Yesterday only the oat milk and the chopsticks came.',
  trap='business customer (cafe) bulk order with a bullet list and a legal-sounding signature disclaimer ("strictly prohibited").',
  body='''
Good morning,

We placed our monthly bulk order for Blue Door Café on Monday (SP-2611-00602):

- 8 x 5 kg Icheon rice
- 12 cases oat milk (barista edition)
- 6 x 1 kg gochugaru
- 4 boxes of disposable bamboo chopsticks

Yesterday only the oat milk and the chopsticks came. According to the tracking, the second parcel (the rice and the gochugaru) was delivered to our old location on Dosan-daero. We moved to Seongsu in August and I updated the address on our business account the same week. The oat milk box has the new address on it, so somehow the two parcels went out with different addresses.

Our old unit is empty and locked, so I doubt anybody signed for it.

Could you please find out where the second parcel actually is and get it to our Seongsu address? We're fine on rice until Saturday, after that we'll have to buy from the market.

Thank you,
Sora

Sora Lim | Owner
Blue Door Café
Seongsu-dong, Seoul
010-0000-0000
This message is intended only for the named recipient. If you are not the intended recipient, you are notified that disclosing, copying, distributing or taking any action in reliance on the contents of this information is strictly prohibited.
''')

M(file='delivery/09-baby-allergy-food-customs.eml',
  lang='ja', urgent='yes', wants='delivery',
  sender=('中村 麻衣', 'mai.nakamura@hikari-mail.example'),
  subject='離乳食の配送について',
  date='2026-11-25 22:10 +0900', mailer='iphone',
  charset='utf-8', cte='base64', shape='plain',
  problem='11月18日に注文した分（SP-2611-04877）が、配送状況では11月22日から「通関中」のまま止まっております。',
  trap='very polite keigo and a bland subject, but a baby with food allergies has only one more day of food -> urgent.',
  body='''
Seoul Pantry 様

夜分に失礼いたします。中村と申します。

1歳2か月の息子に重い卵・乳アレルギーがあり、御社で扱っている「アレルゲン不使用ベビーおかゆ（韓国産）」を定期的に購入しております。日本国内では同じ条件のものがなかなか見つからず、本当に助かっております。

11月18日に注文した分（SP-2611-04877）が、配送状況では11月22日から「通関中」のまま止まっております。
手元には明日の朝と昼の分しか残っておらず、それ以降に息子に食べさせられるものがございません。

大変恐縮ですが、荷物が今どこにあるのか、いつ届くのかをご確認いただけないでしょうか。
もし通関に時間がかかるようでしたら、別便で数日分だけでもお送りいただくことは可能でしょうか。

ご多忙のところ申し訳ございませんが、何卒よろしくお願い申し上げます。

中村 麻衣
''')

M(file='delivery/10-misleading-subject-kimjang.eml',
  lang='ko', urgent='no', wants='delivery',
  sender=('임현주', 'hyunju.lim@bitmail.example'),
  subject='절임배추 예약 문의',
  date='2026-11-27 11:05 +0900', mailer='kmailweb',
  charset='utf-8', cte='8bit', shape='plain',
  problem='이번 주 화요일(11/24)에 시킨 주문(SP-2611-05820)이 배송완료로 떠 있는데 저는 못 받았어요.',
  trap='misleading subject (a product reservation question); the real issue is a parcel marked delivered but missing.',
  body='''
안녕하세요~

12월 초에 김장하려고 절임배추 20kg 예약하려고 하는데, 그 전에 하나 여쭤볼게 있어서요.

이번 주 화요일(11/24)에 시킨 주문(SP-2611-05820)이 배송완료로 떠 있는데 저는 못 받았어요.
문 앞에도 없었고 경비실에도 없고, 옆집 분들께도 여쭤봤는데 없다고 하시네요. 배송완료 사진도 앱에 안 올라와 있어요.
들기름이랑 멸치, 김 이렇게 3만원 조금 넘는 건데 어디로 갔는지 확인 좀 부탁드려요.

이거 해결되면 절임배추도 마음 편하게 예약할게요 ㅎㅎ
아 그리고 절임배추는 12월 5일 토요일 도착으로 지정 가능한가요?

임현주 드림
''')

# ------------------------------------------------------------- product

M(file='product/01-kettle-base-scorched.eml',
  lang='en', urgent='yes', wants='refund',
  sender=('Martin Alvarez', 'm.alvarez@corkmail.example'),
  subject='Hanul electric kettle, base',
  date='2026-11-06 21:14 +0900', mailer='thunderbird',
  charset='us-ascii', cte='7bit', shape='plain',
  problem='This evening, after boiling water for tea, I noticed a smell like melted plastic, and when I lifted the kettle the round contact in the middle of the base had a brown-black ring around it.',
  trap='urgent without alarm words: no "fire", "danger" or "urgent", only a melted-plastic smell, a scorched contact, a warm plug and a tripped breaker.',
  body='''
Hello,

I bought the Hanul 1.7 L electric kettle (white) from you in September, order SP-2609-11842.

For the past week or so the base has been making a faint crackling sound for a few seconds when I switch it on. This evening, after boiling water for tea, I noticed a smell like melted plastic, and when I lifted the kettle the round contact in the middle of the base had a brown-black ring around it. The plug was also noticeably warm. The circuit breaker for the kitchen switched off about a minute later.

I've unplugged it and put it out on the balcony. I'm writing so you know, and because I have a second one, bought in the same order as a present for my neighbour. I've told her not to use it until I hear back from you.

I'd like a refund for both, and if there's a known issue with this batch, please let me know.

Best regards,
Martin Alvarez
''')

M(file='product/02-gas-stove-could-it-catch-fire.eml',
  lang='en', urgent='no', wants='explanation',
  sender=('Rachel Kim', 'rachel.kim@orchardmail.example'),
  subject='question before I use the portable stove',
  date='2026-11-07 10:50 +0900', mailer='applemail',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='Haven\'t used either yet, and I want to ask before I do, because the manual in the box is only in Korean and my translation app isn\'t doing a great job with the warning section.',
  trap='hypothetical question "Could this catch fire...?" before first use -> not urgent; manual problem -> product.',
  body='''
Hi there,

I received the portable butane stove (model SP-B200) and the Korean BBQ grill plate yesterday. Haven't used either yet, and I want to ask before I do, because the manual in the box is only in Korean and my translation app isn't doing a great job with the warning section.

- The grill plate is bigger than the stove, it hangs over the edge where the gas can sits. Could this catch fire, or make the can overheat? The picture on your product page shows exactly this combination, so I assume it's fine, but I'd like to be sure.
- Is it OK to use indoors in an apartment with the window open?
- Do you have an English version of the manual, even a PDF?

Thanks a lot, looking forward to our first samgyeopsal night at home!

Rachel
''')

M(file='product/03-tteok-mould-child.eml',
  lang='ko', urgent='yes', wants='explanation',
  sender=('노유진', 'yujin.noh@kmail.example'),
  subject='떡에 곰팡이가 있었어요 아이가 먹었습니다',
  date='2026-11-09 16:35 +0900', mailer='iphone',
  charset='utf-8', cte='base64', shape='plain',
  problem='간식으로 다섯 살 딸아이한테 두 개 꺼내 줬는데, 아이가 다 먹고 나서 제가 남은 걸 그릇에 옮기다 보니 포장 안쪽 떡 몇 개에 초록색, 흰색 곰팡이가 피어 있었습니다.',
  trap='"아이는 지금까지는 괜찮다고 하는데" -- the child seems fine, but mould was eaten by a five-year-old -> urgent.',
  body='''
대표님 안녕하세요.

오늘 오후에 받은 영양찰떡(주문번호 SP-2611-03021) 관련입니다.
간식으로 다섯 살 딸아이한테 두 개 꺼내 줬는데, 아이가 다 먹고 나서 제가 남은 걸 그릇에 옮기다 보니 포장 안쪽 떡 몇 개에 초록색, 흰색 곰팡이가 피어 있었습니다.
유통기한은 12월 2일까지로 되어 있고 받자마자 냉장고에 넣었어요.

아이는 지금까지는 괜찮다고 하는데 혹시 몰라서 소아과에 전화해 놓은 상태입니다.
아이가 먹은 떡에도 곰팡이가 있었는지는 모르겠어요. 포장은 그대로 보관하고 있습니다.

같은 날 만든 제품이 다른 집에도 갔을 텐데, 이게 어떻게 된 건지 설명해 주시고 제조사에도 꼭 확인해 주세요.

노유진 드림
''')

M(file='product/04-mandoline-guard-missing.eml',
  lang='ko', urgent='no', wants='replacement',
  sender=('배준영', 'junyoung.bae@hanmir.example'),
  subject='채칼 안전가드 누락',
  date='2026-11-10 20:20 +0900', mailer='thunderbird',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem='상품 상세페이지 구성품에 ‘안전 홀더(손 보호 가드) 1개’라고 되어 있는데, 박스 안에 본체와 날 3종, 설명서만 들어 있고 안전 홀더가 없었습니다.',
  trap='a resolved past injury with another brand\'s slicer ("지금은 다 나았고", own fault) -> not urgent; the product has not been used.',
  body='''
안녕하세요. 배준영입니다.

11월 8일에 받은 4in1 스테인리스 채칼(SP-2611-02517) 건으로 연락드립니다.
상품 상세페이지 구성품에 ‘안전 홀더(손 보호 가드) 1개’라고 되어 있는데, 박스 안에 본체와 날 3종, 설명서만 들어 있고 안전 홀더가 없었습니다.

사실 작년 여름에 다른 회사 채칼 쓰다가 손가락을 깊게 베인 적이 있어서 (지금은 다 나았고, 그때는 제가 가드 없이 쓰다가 그런 거라 제 잘못이었습니다) 이제는 가드 없이는 안 쓰려고 합니다.
그래서 아직 포장만 뜯고 사용은 안 했습니다.

제품 전체를 교환할 필요는 없고, 빠진 안전 홀더만 보내주시면 됩니다.
혹시 이번 입고분이 전부 빠진 채로 들어온 거라면 다른 분들께도 안내가 필요할 것 같네요.

감사합니다.
배준영
''')

M(file='product/05-long-story-onggi-crack.eml',
  lang='en', urgent='no', wants='replacement',
  sender=('Claire Fontaine', 'claire.fontaine@lavandemail.example'),
  subject='A long letter about kimchi, my mother-in-law and your onggi',
  date='2026-11-12 23:48 +0900', mailer='applemail',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='Unfortunately, the onggi has a crack.',
  trap='very long personal story; the problem sits in the middle; praise for the courier and other products around it.',
  unsure='category product vs delivery: a hairline crack found after unpacking, box undamaged; labelled product (defective item).',
  body='''
Dear Mr or Ms CEO (I could not find your name on the website, forgive me),

I hope you don't mind a long letter. I've been meaning to write to a real person at Seoul Pantry for a while, and tonight I finally have the time, since my husband is away and the apartment is very quiet.

I moved to Korea four years ago from Lyon. I met my husband, Jun-ho, at a cooking class in Seochon, which is a little funny because neither of us could cook anything at the time. His mother, who lives in Andong, decided that this was unacceptable and that a French daughter-in-law who could not make kimchi was a problem that needed solving. So every November since then I go to Andong for kimjang, and every November I am a little less useless. This year she let me season the cabbage by myself for the first time. I think it is the proudest moment of my life in this country.

My mother-in-law has always made her kimchi in onggi, and she keeps telling me that kimchi from a fridge container "has no soul". So this year I decided to do it properly in Seoul too, on our balcony, and I ordered the medium onggi jar (20 L) from your shop along with the salted cabbage, the gochugaru from Yeongyang and the saeujeot. Everything arrived on 3 November, very well packed, and the cabbage was beautiful.

Unfortunately, the onggi has a crack. It is a very thin line, maybe 12 cm long, running down from under the rim on the side that was facing the wall of the box, and I didn't see it when I unpacked it. I filled the jar on Sunday, and by Tuesday there was a ring of red brine on the balcony floor under it, and the crack was wet all along its length. I moved all the kimchi into plastic containers (my mother-in-law would be horrified) and the jar is now empty and drying. I don't think it was damaged in our home; the box had no dents and I carried it very carefully, but of course I can't prove anything.

I would be very grateful if you could send me a replacement jar. I don't need a refund; I really want to make kimchi in onggi this winter. I can send photos of the crack if that helps, and I can keep the cracked jar until someone collects it, or throw it away if you prefer.

Apart from this, I want to say that your gochugaru is wonderful. My mother-in-law saw the kimchi last weekend on a video call (she could only look at it, but still) and said the colour was "almost right", which from her is a very big compliment.

The salted cabbage was also excellent, by the way, and the delivery driver was very kind and carried the jar all the way up to the fifth floor because our elevator was being repaired.

Thank you for reading all this. I wish you and your team a warm winter.

With my best regards,
Claire Fontaine
Mapo-gu, Seoul
''')

M(file='product/06-shrimp-allergy-kimchi-sjis.eml',
  lang='ja', urgent='yes', wants='explanation',
  sender=('小林 由香', 'yuka.kobayashi@sakura-net.example'),
  subject='「えび不使用」表示の白キムチについて',
  date='2026-11-14 19:20 +0900', mailer='outlook', hcharset='iso-2022-jp',
  charset='shift_jis', cte='8bit', shape='plain',
  problem='本日の夕食で娘が数切れ食べたところ、15分ほどで口の周りが赤く腫れ、首と腕にじんましんが出ました。',
  trap='allergic reaction of a child reported in calm keigo; "現在は薬を飲んで落ち着いております" does not make it non-urgent.',
  body='''
Seoul Pantry 代表取締役様

突然のご連絡失礼いたします。東京都在住の小林と申します。

御社サイトで「えび・かに不使用（甲殻類アレルギー対応）」と記載されている「白キムチ（ペクキムチ）500g」を購入いたしました（注文番号 SP-2611-03560）。
甲殻類アレルギーのある9歳の娘のために、商品ページの表示を何度も確認したうえで選んだものです。

本日の夕食で娘が数切れ食べたところ、15分ほどで口の周りが赤く腫れ、首と腕にじんましんが出ました。
幸い、処方されているエピペンを使うまでには至りませんでしたが、夜間診療の小児科を受診し、現在は薬を飲んで落ち着いております。

念のため袋の裏の原材料表示を確認したところ、日本語のシールには記載がないものの、その下の韓国語の表示に、えびの塩辛を意味する「セウジョッ」が記載されておりました。

同じ表示を信じて購入される方が他にもいらっしゃると思いますので、至急、商品ページの表示をご確認いただき、原材料について正確にご説明いただけますでしょうか。
商品は開封したまま冷蔵庫に保管しております。

何卒よろしくお願い申し上げます。

小林 由香
''')

M(file='product/07-rice-cooker-wrong-pot-banmal.eml',
  lang='ko', urgent='no', wants='replacement',
  sender=('송하늘', 'haneul.song@kmail.example'),
  subject='내솥 사이즈 잘못 옴',
  date='2026-11-15 01:12 +0900', mailer='iphone',
  charset='utf-8', cte='8bit', shape='plain',
  problem='다름이 아니라 밥솥 내솥 교체용으로 6인용(SPC-06) 주문했는데 10인용 내솥이 왔어',
  trap='반말 to the CEO, alarm-ish "진짜 미치겠다" and emoji about a wrong-size part.',
  body='''
안녕 대표님 ㅋㅋ 대표님한테 메일 쓰는 거 처음이라 좀 어색하네

다름이 아니라 밥솥 내솥 교체용으로 6인용(SPC-06) 주문했는데 10인용 내솥이 왔어
박스에는 6인용이라고 써있는데 안에 든 건 10인용임 ㅋㅋㅋ 당연히 안 들어감
밥 못 해먹은지 3일째라 즉석밥으로 버티는 중인데 진짜 미치겠다 😂 자취생한테 즉석밥값 무시 못해..

주문번호 SP-2611-03377 이고 6인용으로 다시 보내주라
10인용은 수거해가면 되고!
부탁해요~~
''')

M(file='product/08-sippy-cup-valve-choking.eml',
  lang='en', urgent='yes', wants='refund',
  sender=('Jess Whitaker', 'jess.whitaker@harbourmail.example'),
  subject='Straw cup valve comes off',
  date='2026-11-17 14:02 +0900', mailer='iphone',
  charset='utf-8', cte='7bit', shape='plain',
  problem='Twice now the small silicone valve on the inside of the lid has come loose while he was drinking, and this morning I found him with it in his mouth, chewing on it.',
  trap='negation "he\'s fine, he didn\'t even cough" and no alarm words, but a choking hazard for a 2-year-old -> urgent.',
  body='''
Hi,

We bought the "Little Chef" silicone straw cup (mint, 240 ml) from you last week for our 2-year-old. Twice now the small silicone valve on the inside of the lid has come loose while he was drinking, and this morning I found him with it in his mouth, chewing on it. It's about the size of a fingernail. I got it out and he's fine, he didn't even cough, but it was much too close for my liking.

I checked and the valve is definitely pushed in properly. It just pops out when he bites the straw hard, which is what toddlers do.

Please take the cup back and refund it (order SP-2611-03891), and I really think you should check this model with the manufacturer before anyone else's kid swallows one.

Jess
''')

M(file='product/09-shelf-missing-parts-bullets.eml',
  lang='ko', urgent='no', wants='replacement',
  sender=('황민수', 'minsoo.hwang@bitmail.example'),
  subject='주방 2단 선반 부품 문제 외',
  date='2026-11-19 21:40 +0900', mailer='samsung',
  charset='utf-8', cte='base64', shape='plain',
  problem='나사하고 브라켓 없어서 지금 반쯤 조립된 상태로 싱크대 앞에 세워놨어요.',
  trap='bullet list mixing missing parts, a manual error and a harmless cosmetic note; typo (되어있는대).',
  body='''
수고 많으십니다.
주방 2단 슬라이딩 선반(화이트, SP-2611-04102) 조립하다가 막혀서 메일 드립니다. 몇 가지 정리하면

- 설명서에는 M4 나사 16개라고 되어있는대 봉투에 10개 들어있음
- 레일 한쪽(왼쪽) 고정 브라켓이 아예 없음
- 설명서 7번 그림이랑 실제 부품 모양이 다름 (구멍 위치가 반대)
- 상판 모서리 비닐이 살짝 찢어져 있었는데 이건 괜찮습니다

나사하고 브라켓 없어서 지금 반쯤 조립된 상태로 싱크대 앞에 세워놨어요.
빠진 부품 (나사 6개, 왼쪽 브라켓) 보내주시고 설명서 7번 그림이 맞는건지 확인 부탁드립니다.
참고로 같이 주문한 수세미랑 고무장갑은 잘 받았습니다.

황민수 드림
''')

M(file='product/10-laver-quality-html-only.eml',
  lang='ja', urgent='no', wants='refund',
  sender=('高橋 美咲', 'misaki.takahashi@mirai-mail.example'),
  subject='韓国のりの品質について',
  date='2026-11-23 12:15 +0900', mailer='roundcube',
  charset='utf-8', cte='quoted-printable', shape='html',
  problem='16袋のうち開けた4袋すべてが湿気っていて、パリッとせず、しんなりと歯にくっつく状態でした。',
  trap='HTML-only mail; stale food with an "old oil" smell is a quality problem, not a health hazard -> not urgent.',
  body='''
Seoul Pantry ご担当者様

いつも楽しく買い物をさせていただいております。高橋です。

先週届いた「ごま油香る韓国のり（8切×16袋）」(SP-2611-04655) についてご連絡いたします。
16袋のうち開けた4袋すべてが湿気っていて、パリッとせず、しんなりと歯にくっつく状態でした。
ごま油の香りもほとんどせず、少し古い油のようなにおいがします。
賞味期限は2027年3月までとなっておりますし、袋にも穴などは見当たりませんでした。

以前同じ商品を購入したときはとても美味しかったので、残念に思っております。
未開封の12袋も含めて、返品・返金をお願いできますでしょうか。

よろしくお願いいたします。
高橋 美咲
''')

# ------------------------------------------------------------- account

M(file='account/01-login-bullets-reset-mail.eml',
  lang='en', urgent='no', wants='other',
  sender=('Ben Okafor', 'ben.okafor@riverpost.example'),
  subject="Can't log in since the app update",
  date='2026-11-02 09:05 +0900', mailer='outlook',
  charset='utf-8', cte='7bit', shape='alt',
  problem="Since the app update last Thursday I can't get into my account.",
  trap='bullet list of everything tried; alarm idiom "this is killing me" for a login problem; mentions points and membership but nothing vanished.',
  body='''
Hello,

Since the app update last Thursday I can't get into my account. What I've tried so far:

* Logging in with e-mail + password in the app -> "Invalid credentials"
* Same on the website -> same message
* "Forgot password" -> says a reset link was sent, but nothing arrives (checked spam, checked the promotions tab, waited 2 days)
* Logging in with the Kakao button -> creates a brand new empty account instead of opening mine
* Deleted and reinstalled the app -> no change

My account e-mail is ben.okafor@riverpost.example. I have about 9,000 points and an active Pantry Plus membership on that account, so I don't want to just start a new one. Honestly this is killing me, the Black Friday sale starts soon.

Could someone reset the password manually or send the reset link again to the address above?

Thanks,
Ben Okafor
''')

M(file='account/02-email-changed-points-used.eml',
  lang='ko', urgent='yes', wants='other',
  sender=('조민혁', 'minhyuk.cho@kmail.example'),
  subject='제 계정이 이상합니다. 확인 부탁드립니다',
  date='2026-11-06 02:14 +0900', mailer='iphone',
  charset='utf-8', cte='base64', shape='plain',
  problem='제 이메일이 바뀐 것 같습니다.',
  trap='account takeover described in an understated subject ("제 계정이 이상합니다"); also mentions points and card (billing words).',
  unsure='wants: other (lock the account first) vs cancellation (stop the two orders, asked second); labelled other.',
  body='''
새벽에 죄송합니다.

방금 회원정보가 변경되었다는 문자가 와서 앱에 들어가 보려는데 로그인이 안 됩니다.
비밀번호 찾기를 하면 인증 메일이 제가 모르는 주소(m*****@q-mail.example)로 간다고 나옵니다. 제 이메일이 바뀐 것 같습니다.

다행히 PC에 로그인이 남아 있어서 들어가 봤더니
- 모아둔 적립금 41,500원이 전부 사용됐고
- 제가 하지 않은 주문 2건이 부산 주소로 들어가 있습니다 (SP-2611-02950, SP-2611-02951)
- 등록된 카드도 그대로 있습니다

제가 한 게 아닙니다. 계정 먼저 막아주시고, 주문 2건 발송 안 되게 해주세요.
카드사에는 지금 정지 신청했습니다.

조민혁
010-0000-0000
''')

M(file='account/03-misleading-subject-refund-email-change.eml',
  lang='en', urgent='no', wants='other',
  sender=('Olivia Grant', 'olivia.grant@tidewater.example'),
  subject='Refund',
  date='2026-11-08 11:30 +0900', mailer='thunderbird',
  charset='us-ascii', cte='7bit', shape='plain',
  problem='I need to change the e-mail address on my account.',
  trap='misleading subject "Refund"; the mail itself says it is not about a refund.',
  body='''
Hi, sorry for the confusing subject line. I picked "Refund" from the dropdown in your contact form because none of the options fit, and then the form crashed, so here I am.

It's not about a refund. I need to change the e-mail address on my account. The current one is my work address (o.grant@hallbergdesign.example) and I'm leaving that job at the end of the month, after which I won't be able to receive anything there. The app lets me change my phone number and delivery address but the e-mail field is greyed out, and it says "contact customer service to change your ID".

New address: olivia.grant@tidewater.example (this one).

Thanks!
Olivia
''')

M(file='account/04-points-expired-iso2022jp.eml',
  lang='ja', urgent='no', wants='explanation',
  sender=('伊藤 直樹', 'naoki.ito@hikari-mail.example'),
  subject='ポイント残高について',
  date='2026-11-10 12:40 +0900', mailer='becky',
  charset='iso-2022-jp', cte='7bit', shape='plain',
  problem='先月末の時点でマイページのポイント残高が12,300ポイントございましたが、本日ログインしたところ0ポイントとなっておりました。',
  body='''
Seoul Pantry 御中

お世話になっております。伊藤と申します。

先月末の時点でマイページのポイント残高が12,300ポイントございましたが、本日ログインしたところ0ポイントとなっておりました。
ポイント履歴には「11/1 失効 -12,300」とだけ表示されております。

ご利用規約を拝見しましたところ、ポイントの有効期限は「最終ご利用日から1年間」とございます。私は10月15日にも注文しておりますので、期限切れになるはずはないかと存じます。

恐れ入りますが、失効の理由をご確認いただき、誤りであればポイントを戻していただけますと幸いです。

何卒よろしくお願い申し上げます。

伊藤 直樹
''')

M(file='account/05-plus-membership-status-mixed.eml',
  lang='mixed', urgent='no', wants='other',
  sender=('Danny Jung', 'danny.jung@kmail.example'),
  subject='Pantry Plus 결제했는데 status가 아직 Basic이에요',
  date='2026-11-11 13:30 +0900', mailer='applemail',
  charset='utf-8', cte='8bit', shape='plain',
  problem='Card 승인 문자도 받았고 receipt email도 왔는데, app에서 My Page 들어가면 membership status가 아직도 Basic으로 나와요.',
  trap='Korean mixed with English words; mentions a payment and a shipping fee, but the problem is the membership status on the account.',
  unsure='category account vs billing: paid membership not reflected (account status) plus a shipping fee he wants looked at; labelled account.',
  body='''
안녕하세요,

Pantry Plus membership 연간 plan으로 11월 9일에 결제했어요 (49,000원). Card 승인 문자도 받았고 receipt email도 왔는데, app에서 My Page 들어가면 membership status가 아직도 Basic으로 나와요.
그래서 free shipping도 적용이 안 되고 있고, 어제 order할 때 배송비 3,000원 따로 냈어요.

Logout/login도 해보고 app 삭제 후 reinstall도 해봤는데 똑같아요. Web에서도 Basic이고요.

Status 확인해서 Plus로 바꿔 주시고, 어제 낸 shipping fee도 같이 봐주시면 감사하겠습니다.

Thanks,
Danny Jung
''')

M(file='account/06-password-changed-outlook-reply.eml',
  lang='en', urgent='yes', wants='cancellation',
  sender=('Sean Gallagher', 'sean.gallagher@emeraldpost.example'),
  subject='RE: [Seoul Pantry] Your password has been changed',
  date='2026-11-14 03:26 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='plain',
  reply=('<pwchg.20261114025102.a81f@seoul-pantry.example>',
         '<pwchg.20261114025102.a81f@seoul-pantry.example>'),
  problem="I didn't change my password.",
  trap='Outlook reply (-----Original Message-----) on a security notification whose footer says "Privacy Policy"; the takeover is told in short sentences without alarm words.',
  body='''
This wasn't me.

I didn't change my password. I was asleep when this came in, I only saw it now because my phone buzzed with a second mail saying an order for 300,000 won of gift vouchers was placed on my account. I can't log in any more, the old password doesn't work and the reset link goes to an address that isn't mine.

Please cancel that gift voucher order before the codes get sent out, and lock the account until I can prove it's me. My saved card is a company card so I'll have to report this at work in the morning as well.

Sean Gallagher
010-0000-0000

-----Original Message-----
From: Seoul Pantry <noreply@seoul-pantry.example>
Sent: Saturday, November 14, 2026 2:51 AM
To: sean.gallagher@emeraldpost.example
Subject: [Seoul Pantry] Your password has been changed

Hi Sean,

The password for your Seoul Pantry account was changed on 14 Nov 2026 at 02:51 (KST).

If you made this change, you can ignore this message.
If you did not make this change, please contact our customer centre immediately at 010-0000-0000.

For your security, we will never ask for your password by e-mail or phone.

Seoul Pantry
Privacy Policy | Terms of Service | Unsubscribe
''')

M(file='account/07-find-id-old-number-emoji.eml',
  lang='ko', urgent='no', wants='other',
  sender=('문서윤', 'seoyun.moon@kmail.example'),
  subject='아이디 찾기가 안돼요 😭',
  date='2026-11-16 22:48 +0900', mailer='iphone',
  charset='utf-8', cte='8bit', shape='plain',
  problem='근데 본인인증이 옛날 휴대폰 번호로만 된대요..',
  trap='emoji-heavy casual mail offering to send an ID photo (personal data words) -> still an account problem.',
  body='''
안녕하세요!! 😊

제가 고딩때 만든 계정이 있는데 아이디가 기억이 안나서 아이디 찾기를 했거든요
근데 본인인증이 옛날 휴대폰 번호로만 된대요.. 그 번호는 해지한지 2년 넘었어요 😭😭
이메일로 찾기 눌러도 가입할때 이메일을 안넣었는지 등록된 정보가 없다고 떠요

그 계정에 쿠폰이랑 포인트 좀 남아있어서 살리고 싶은데 방법이 있을까요?
이름은 문서윤이고 생년월일은 2005년 3월이에요 (필요하시면 신분증 사진도 보낼수 있어요!)

감사합니다 🙏
''')

M(file='account/08-sms-2fa-japan-number.eml',
  lang='ja', urgent='no', wants='explanation',
  sender=('松田 健', 'ken.matsuda@ocn-mail.example'),
  subject='二段階認証のSMSが届きません',
  date='2026-11-20 08:15 +0900', mailer='thunderbird',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem='しかし、日本の携帯電話番号（+81）宛てに認証コードが一度も届かず、この2週間ほどログインできない状態が続いております。',
  trap='explicitly says nothing is urgent (急ぎの注文はございません).',
  body='''
Seoul Pantry カスタマーサポート御中

いつもお世話になっております。松田と申します。

11月から新しいログイン方式になったようで、ログイン時にSMSでの認証コードの入力が求められるようになりました。
しかし、日本の携帯電話番号（+81）宛てに認証コードが一度も届かず、この2週間ほどログインできない状態が続いております。

電話番号の入力欄が「010」から始まる韓国の番号を前提とした形式になっているようで、日本の番号を正しく登録できていないのではないかと思います。
メールでの認証に切り替える方法、もしくは日本の番号でSMSを受け取る方法がございましたらご教示いただけますでしょうか。

なお、急ぎの注文はございませんので、お手すきの際にご対応いただければ幸いです。

松田 健
''')

M(file='account/09-elderly-points-gone.eml',
  lang='ko', urgent='no', wants='explanation',
  sender=('김영자', 'youngja.kim@hanmir.example'),
  subject='포인트가 없어졌읍니다',
  date='2026-11-23 10:02 +0900', mailer='hanmir',
  charset='utf-8', cte='8bit', shape='plain', hmode='Q',
  problem='지난달에 포인트가 만 이천원 있었는데 이번에 들어가 보니 삼백원 밖에 없습니다',
  trap='elderly customer writing alone, no punctuation; points vanished but no sign of a takeover and nobody at risk -> not urgent.',
  unsure='urgent: an elderly customer\'s points disappeared; could hide a takeover or fraud, but nothing in the mail shows it (no unknown orders, no changed login); labelled no.',
  body='''
수고하십니다
저는 서울 노원구 사는 김영자 입니다 나이는 일흔 둘이고 손녀가 가르쳐 줘서 물건을 사고 있습니다
지난달에 포인트가 만 이천원 있었는데 이번에 들어가 보니 삼백원 밖에 없습니다
저는 그 포인트를 쓴적이 없습니다 주문한 것도 쌀 하고 참기름 뿐입니다
무엇이 어떻게 된것인지 알려 주시면 고맙겠습니다
손녀는 지금 외국에 있어서 물어볼 사람이 없어서 이렇게 편지 보냅니다
건강하십시요

김영자 올림
''')

M(file='account/10-points-confiscated-lawyer.eml',
  lang='en', urgent='yes', wants='other',
  sender=('Robert Lindqvist', 'r.lindqvist@fjordmail.example'),
  subject='Account suspension and 126,400 points - formal complaint',
  date='2026-11-26 16:44 +0900', mailer='outlook',
  charset='utf-8', cte='base64', shape='alt',
  problem='On 19 November my account (r.lindqvist@fjordmail.example) was suspended without warning.',
  trap='legal threat delivered in a measured, formal tone ("I would prefer to resolve this directly").',
  body='''
To the CEO of Seoul Pantry,

On 19 November my account (r.lindqvist@fjordmail.example) was suspended without warning. The only explanation I received was an automated message citing "abnormal activity" and stating that the 126,400 points on the account had been "voided in accordance with Article 14 of the Terms".

There was nothing abnormal about my activity. I run the staff kitchen for a small architecture office and order for twelve people, which is why my orders are large and frequent and why I have accumulated points. I have asked your customer centre three times for the specific reason and have been told each time that the decision cannot be reviewed.

I have now passed the correspondence to my lawyer, who advises me that voiding earned points without a stated reason is unlikely to be enforceable. I would prefer to resolve this directly, so I am giving you until 4 December to reinstate the account and the points, or to give me a concrete, written reason for the suspension.

Yours faithfully,

Robert Lindqvist
Facilities & Office Manager
Studio Halvorsen Architects, Seoul office
010-0000-0000
''')

# ------------------------------------------------------------- service

M(file='service/01-chatbot-transcript-return.eml',
  lang='en', urgent='no', wants='other',
  sender=('Aisha Rahman', 'aisha.rahman@meadowmail.example'),
  subject='your chatbot and I are no longer on speaking terms',
  date='2026-11-03 13:10 +0900', mailer='applemail',
  charset='utf-8', cte='8bit', shape='plain',
  problem='I\'ve been trying to start a return for a frying pan for two days.',
  trap='mostly a pasted chatbot transcript full of delivery, coupon and membership words; the product itself is fine.',
  body='''
Hello,

I've been trying to start a return for a frying pan for two days. Here is my latest conversation with your chat assistant, copied exactly:

[13:02] Pantry Bot: Hi! I'm Pantry Bot 🤖 How can I help you today?
[13:02] Me: I want to return a frying pan
[13:02] Pantry Bot: Sure! Here are some popular frying pans: 1) Hanul Ceramic 28cm 2) Iron Wok 30cm 3) Egg Roll Pan
[13:03] Me: no, RETURN. I already bought one. Order SP-2610-20544
[13:03] Pantry Bot: I found your order SP-2610-20544! Status: Delivered ✅ Is there anything else I can help you with?
[13:03] Me: yes. return it
[13:03] Pantry Bot: Sorry, I didn't quite get that. You can ask me about: Delivery status / Coupons / Membership
[13:04] Me: agent
[13:04] Pantry Bot: Our agents are available 09:00–18:00 KST on weekdays. Please try again during business hours!
[13:04] Me: it is 13:04 on a tuesday
[13:04] Pantry Bot: Sorry, I didn't quite get that. You can ask me about: Delivery status / Coupons / Membership

That's where I gave up. The return button on the order page is greyed out with "Return period expired", even though the pan arrived on 29 October and your policy says 14 days.

The pan itself is fine, I just bought the wrong size. All I want is for a human being to open the return for me, or tell me how to do it.

Thanks,
Aisha
''')

M(file='service/02-voice-to-text-rude-agent-euckr.eml',
  lang='ko', urgent='no', wants='apology',
  sender=('박정식', 'jungsik.park@hanmir.example'),
  subject='상담원 불친절',
  date='2026-11-05 19:20 +0900', mailer='samsung',
  charset='euc-kr', cte='8bit', shape='plain',
  problem='오늘 오후 3시쯤에 고객센터에 전화했는데 상담원이 제 말을 계속 끊고 한숨을 쉬면서 고객님 그건 아까 말씀드렸잖아요 이러는데',
  trap='voice-to-text with no punctuation; the caller is hard of hearing but not at risk -> not urgent.',
  body='''
안녕하세요 저는 박정식이라고 하고요 오늘 오후 3시쯤에 고객센터에 전화했는데 상담원이 제 말을 계속 끊고 한숨을 쉬면서 고객님 그건 아까 말씀드렸잖아요 이러는데 제가 귀가 좀 어두워서 다시 물어본 건데 그렇게 짜증을 내니까 너무 기분이 나빴습니다 제가 물어본 건 반품 택배 언제 오냐는 거였는데 그것도 제대로 답을 못 들었어요 사과 전화라도 한 통 받았으면 좋겠고 그 상담원한테 주의도 좀 주세요 수고하세요

스마트폰에서 보냄
''')

M(file='service/03-installer-no-show-iso2022jp.eml',
  lang='ja', urgent='no', wants='other',
  sender=('森 真由美', 'mayumi.mori@sakura-net.example'),
  subject='浄水器設置の訪問について',
  date='2026-11-07 17:05 +0900', mailer='becky',
  charset='iso-2022-jp', cte='7bit', shape='plain',
  problem='設置の訪問日を11月3日（火）午前と、11月6日（金）午後の2回予約いたしましたが、2回とも技術者の方がお見えになりませんでした。',
  trap='Japanese resident in Seoul; technician no-show, the product itself is not at issue.',
  body='''
Seoul Pantry ご担当者様

お世話になっております。ソウル市龍山区在住の森と申します。

10月末に購入いたしましたビルトイン浄水器（注文番号 SP-2610-21877）の設置についてご相談させていただきたく、ご連絡いたしました。

設置の訪問日を11月3日（火）午前と、11月6日（金）午後の2回予約いたしましたが、2回とも技術者の方がお見えになりませんでした。
いずれの日も事前のご連絡はなく、当日こちらからお電話した際には「確認して折り返す」とのことでしたが、折り返しのお電話もいただいておりません。
私は韓国語があまり得意ではなく、電話でのやり取りにも限界がございます。

訪問のために2回とも仕事を休んでおりますので、次回は確実にお越しいただける日時を、できればメールでご連絡いただけますでしょうか。

お手数をおかけいたしますが、よろしくお願いいたします。

森 真由美
''')

M(file='service/04-installer-exposed-wire-shock.eml',
  lang='en', urgent='yes', wants='repair',
  sender=('Nathan Price', 'nathan.price@maplepost.example'),
  subject='Induction hob installation on Saturday',
  date='2026-11-10 20:50 +0900', mailer='thunderbird',
  charset='us-ascii', cte='7bit', shape='plain',
  problem='Tonight my wife reached under the counter edge to wipe something and got a jolt through her fingers from the metal frame of the hob.',
  trap='"She\'s okay" and a bland subject, but an electric shock from bad installation work with children in the house -> urgent; category service (installer), not product.',
  unsure='category service vs product: the hob may be fine, the wiring by the technician is the fault; labelled service.',
  body='''
Hello,

Your technician installed our built-in induction hob (order SP-2611-00477) on Saturday morning. He was in and out in about twenty minutes and left the cardboard and the old hob's screws on the floor, which was annoying but whatever.

Tonight my wife reached under the counter edge to wipe something and got a jolt through her fingers from the metal frame of the hob. She's okay, her hand was tingling for a while. When I looked underneath with a torch, the cable from the wall has been joined to the hob's cable with electrical tape instead of a junction box, and a bit of copper is visible at the joint. As far as I can tell the frame isn't earthed either.

We've switched it off at the breaker and won't use it until it's fixed. Please send someone qualified to redo the connection properly, this week if possible. We have two kids who like to hang around the kitchen.

Nathan Price
010-0000-0000
''')

M(file='service/05-return-pickup-no-show.eml',
  lang='ko', urgent='no', wants='other',
  sender=('유지현', 'jihyun.yoo@bitmail.example'),
  subject='반품 접수가 계속 취소됩니다',
  date='2026-11-13 14:30 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem='문제는 반품 접수를 세 번 했는데 세 번 다 수거 기사님이 안 오셨고, 그때마다 며칠 뒤에 고객 부재로 반품이 취소되었다는 문자가 온다는 겁니다.',
  trap='return pickups by a courier, but the failure is in the handling of the returns process -> service, not delivery.',
  unsure='category service vs delivery: courier no-shows for a return pickup; labelled service (returns process handling).',
  body='''
안녕하세요, 대표님.

지난달에 산 전기 그릴(SP-2610-23310) 반품 건으로 연락드립니다. 제품 자체는 불량이 아니고 단순 변심이라 왕복 배송비 6,000원 내는 것도 동의했습니다.

문제는 반품 접수를 세 번 했는데 세 번 다 수거 기사님이 안 오셨고, 그때마다 며칠 뒤에 고객 부재로 반품이 취소되었다는 문자가 온다는 겁니다.
저는 재택근무라 그날 하루 종일 집에 있었고, 문 앞에 박스 내놓고 송장번호까지 붙여 놨었어요.
고객센터에 말씀드리면 다시 접수해 드렸다고 하고 끝이고요.

반품 기한 지났다고 나중에 환불 안 된다고 하실까 봐 그것도 걱정입니다.
다음 수거는 꼭 오실 수 있게 택배사랑 직접 확인해 주시고, 이번 일 때문에 기한 지나는 건 감안해 주셨으면 합니다.

유지현 드림
''')

M(file='service/06-call-centre-hung-up-columnist.eml',
  lang='en', urgent='yes', wants='repair',
  sender=('Linda Park-Sullivan', 'linda.ps@bayviewmail.example'),
  subject='Three calls, three hang-ups',
  date='2026-11-16 18:05 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='Each time, as soon as I said I would prefer to speak in English, the agent put me on hold and the line went dead after a few minutes.',
  trap='press threat phrased indirectly ("this experience will be next week\'s column").',
  unsure='wants: repair (get the warranty claim for the rice cooker handled) vs apology/explanation; labelled repair. urgent: a personal newspaper column counts as going to the press -> yes.',
  body='''
Dear Sir or Madam,

I'm writing about the way your customer centre has treated me over the past week.

My rice cooker (bought from you in June, still under the one-year warranty) stopped heating. I called your customer centre three times, on 9, 11 and 13 November. Each time, as soon as I said I would prefer to speak in English, the agent put me on hold and the line went dead after a few minutes. The third time I called back immediately, and the agent who answered laughed, said "again?" and hung up.

Your website says English support is available. If it isn't, say so, and give me an e-mail address that works.

I write a weekly column on expat life for an English-language newspaper here, and unless I hear from someone who can actually handle the warranty claim by Friday, this experience will be next week's column. I would much rather write about the rice cooker being fixed.

Linda Park-Sullivan
''')

M(file='service/07-callcentre-wait-multiple-topics.eml',
  lang='ko', urgent='no', wants='other',
  sender=('신혜원', 'hyewon.shin@kmail.example'),
  subject='몇 가지 건의 드려요',
  date='2026-11-18 12:10 +0900', mailer='samsung',
  charset='utf-8', cte='base64', shape='plain',
  problem='배송지 변경하려고 고객센터에 전화했는데 대기 시간이 52분이었어요.',
  trap='alarm idiom "숨넘어가는 줄 알았어요"; praise and a packaging suggestion around the main service complaint; vague subject.',
  body='''
대표님 안녕하세요. 팬트리 3년째 애용하는 신혜원입니다.

좋은 말씀부터 드리면 이번에 새로 나온 들깨 칼국수 밀키트 진짜 맛있었어요. 남편이 두 번 더 시키래요.

그런데 어제는 정말 화가 좀 났어요. 배송지 변경하려고 고객센터에 전화했는데 대기 시간이 52분이었어요. 대기음악 들으면서 숨넘어가는 줄 알았어요 ㅎㅎ
52분 기다렸다가 연결되자마자 시스템 점검 중이라 배송지 변경이 안 되니 내일 다시 전화해 달라는 말을 듣고 끊었습니다. 그럴 거면 ARS에서 미리 안내라도 해 주셨으면 좋았을 텐데요.
결국 배송지 변경은 앱에서 제가 했습니다. 앱에서는 되더라고요.

그리고 사소한 거지만 밀키트 박스에 아이스팩이 너무 많이 들어 있어서 버리기가 힘들어요. 반으로 줄여도 될 것 같아요.

고객센터 대기 시간 좀 어떻게 해 주세요. 전화 돌려주는 콜백 서비스 같은 거라도 있으면 좋겠어요.

신혜원 드림
''')

M(file='service/08-phone-staff-hung-up-sjis.eml',
  lang='ja', urgent='no', wants='apology',
  sender=('井上 和子', 'kazuko.inoue@ocn-mail.example'),
  subject='電話での対応について',
  date='2026-11-21 10:30 +0900', mailer='outlook', hcharset='iso-2022-jp',
  charset='shift_jis', cte='base64', shape='plain',
  problem='出られた男性の方に日本語でお話ししたところ、「日本語わからない」とだけ言われ、そのまま電話を切られてしまいました。',
  trap='elderly customer (over seventy) but not at risk, and the parcel has already arrived -> not urgent.',
  body='''
Seoul Pantry 代表者様

突然のメールで失礼いたします。福岡に住んでおります井上と申します。

11月19日の午後、注文した品物の到着日を伺いたくて、ホームページに載っていた日本向けのお問い合わせ番号にお電話いたしました。
出られた男性の方に日本語でお話ししたところ、「日本語わからない」とだけ言われ、そのまま電話を切られてしまいました。
ホームページには「日本語対応可」と書いてありましたので、大変驚きましたし、正直に申し上げて悲しい気持ちになりました。

品物のほうはその翌日に無事届きましたので、それについてはもう結構です。
ただ、同じような思いをする方がいらっしゃらないよう、お電話の対応についてご確認いただき、一言お詫びをいただければと存じます。

七十を過ぎて初めて韓国のお店で買い物をしましたので、これからも安心して利用させていただけるようになれば嬉しく思います。

井上 和子
''')

M(file='service/09-ticket-closed-reply-refund-notice.eml',
  lang='en', urgent='no', wants='explanation',
  sender=('Marcus Lee', 'marcus.lee@stonebridge.example'),
  subject='Re: Your inquiry #CS-884213 has been resolved',
  date='2026-11-24 09:50 +0900', mailer='applemail',
  charset='utf-8', cte='quoted-printable', shape='alt',
  reply=('<cs-884213-resolved@support.seoul-pantry.example>',
         '<cs-884213-open@support.seoul-pantry.example> <cs-884213-resolved@support.seoul-pantry.example>'),
  problem='Nobody has answered my question.',
  trap='reply quoting a ticket notification that is about a processed refund (billing words, amount, card issuer); the complaint is about support closing tickets unanswered.',
  unsure='wants: explanation (answer the engraving question) vs other (reopen the ticket); labelled explanation.',
  body='''
Hi,

It hasn't been resolved. Nobody has answered my question.

What I asked (twice, through the inquiry form) was simple: the knife set I want to return has a personalised engraving, and I wanted to know whether that means I'm not eligible for a full refund, BEFORE I send it back, so I don't pay return shipping for nothing. Instead I got the auto-text below, which is about a refund for a completely different order (SP-2610-19410 is the teapot from last month, that one was sorted weeks ago), and the ticket was closed as resolved. The satisfaction survey link at the bottom gives a 404.

This is the third ticket closed like this. Can someone please reopen it and actually read my original question?

Marcus

On 23 Nov 2026, at 17:12, Seoul Pantry Support <support@seoul-pantry.example> wrote:
>
> Dear Marcus Lee,
>
> Thank you for contacting Seoul Pantry. Your inquiry #CS-884213 has been marked as resolved.
>
> Your refund of 42,000 won for order SP-2610-19410 was processed on 02 Nov 2026.
> Depending on your card issuer, it may take 3-7 business days to appear on your statement.
>
> How did we do? Take our 1-minute survey: https://survey.seoul-pantry.example/cs/884213
>
> Seoul Pantry Customer Care
''')

M(file='service/10-return-refused-no-regulator.eml',
  lang='ko', urgent='no', wants='refund',
  sender=('이재성', 'jaesung.lee@kmail.example'),
  subject='반품 거절 사유가 납득이 안 됩니다',
  date='2026-11-28 16:20 +0900', mailer='outlook',
  charset='utf-8', cte='8bit', shape='plain',
  problem='11월 20일에 받은 스테인리스 냄비 세트(SP-2611-04903)를 미개봉 상태로 반품 신청했는데, 담당 직원분이 전화로 세일 상품은 반품이 안 된다며 거절하셨습니다.',
  trap='negated regulator threat ("소비자원에 신고까지 할 생각은 없습니다") and a mention of the law (청약철회) without any threat -> not urgent.',
  body='''
안녕하십니까.

11월 20일에 받은 스테인리스 냄비 세트(SP-2611-04903)를 미개봉 상태로 반품 신청했는데, 담당 직원분이 전화로 세일 상품은 반품이 안 된다며 거절하셨습니다.
상품 페이지 어디에도 반품 불가라는 문구는 없었고, 받고 사흘 만에 신청했으니 법적으로도 청약철회가 가능한 것으로 알고 있습니다.
그 말씀을 드렸더니 규정이 그렇다는 말만 반복하시고, 규정을 문서로 보여 달라는 요청에도 답이 없었습니다.

솔직히 이 정도 일로 소비자원에 신고까지 할 생각은 없습니다. 다만 직원분들이 회사 규정을 정확히 알고 안내하시는지는 한번 확인해 보셨으면 좋겠습니다.

반품 받아 주시고, 받으시는 대로 환불 처리 부탁드립니다.

이재성 드림
''')

# ------------------------------------------------------------- privacy

M(file='privacy/01-billing-question-delete-card.eml',
  lang='en', urgent='no', wants='data_deletion',
  sender=('Grace Howard', 'grace.howard@lanternmail.example'),
  subject='Billing question - card on file',
  date='2026-11-04 15:30 +0900', mailer='thunderbird',
  charset='us-ascii', cte='7bit', shape='plain',
  problem="I'd like the card, both delivery addresses and my phone number removed from your systems.",
  trap='privacy deletion request worded as a billing question (subject "Billing question", card, invoices), explicitly not disputing a charge.',
  body='''
Hello,

I have a billing question about my account (grace.howard@lanternmail.example).

I'm not disputing any charge and I don't need a refund, everything I ordered was fine. But I noticed that your checkout still shows my old Visa ending in 4417 and my previous address in Haebangchon, even though I haven't ordered since April.

Which payment and address details do you keep on file for me, and for how long? I'd like the card, both delivery addresses and my phone number removed from your systems. If you have to keep the invoices for tax reasons, that's fine, but I don't want the card details or addresses stored anywhere beyond that.

Please confirm once it's done.

Kind regards,
Grace Howard
''')

M(file='privacy/02-night-ad-sms-banmal.eml',
  lang='ko', urgent='no', wants='left_alone',
  sender=('최준호', 'junho.choi@bitmail.example'),
  subject='광고 문자 좀 그만 보내',
  date='2026-11-06 23:40 +0900', mailer='iphone',
  charset='utf-8', cte='8bit', shape='plain',
  problem='근데 오늘 밤 11시 20분에 또 블프 특가 광고 문자 왔다.',
  trap='angry 반말 with a vague threat ("진짜 가만 안 있는다") that names no lawyer, regulator or press -> not urgent.',
  body='''
수신거부 한 달 전에 했어. 앱에서 마케팅 수신 동의 다 껐고 문자 맨 밑에 있는 수신거부 번호로 전화도 했어.
근데 오늘 밤 11시 20분에 또 블프 특가 광고 문자 왔다. 이번 주에만 네 번째야.
밤 11시에 광고 문자 보내는 것도 어이없는데 거부한 사람한테 계속 보내는 건 뭐냐고.

내 번호 마케팅 목록에서 빼. 문자, 카톡, 전화 다.
다시 오면 그때는 진짜 가만 안 있는다.
''')

M(file='privacy/03-fwd-order-confirmation-someone-else.eml',
  lang='en', urgent='no', wants='explanation',
  sender=('Chris Morgan', 'chris.morgan@ashfield.example'),
  subject='Fwd: Your Seoul Pantry order confirmation (SP-2611-02733)',
  date='2026-11-09 12:20 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem="This order confirmation arrived in my inbox this morning, but it isn't my order.",
  trap='forwarded shop order confirmation (delivery and payment words) that exposes a third party\'s data; no threat -> not urgent.',
  unsure='urgent: a third party\'s address, phone and card digits were disclosed, but nobody is in danger and no threat is made; labelled no.',
  body='''
Hi,

Forwarding this because I think you have a problem. This order confirmation arrived in my inbox this morning, but it isn't my order. It's addressed to someone called Park Ji-eun, with her full home address in Bundang, her phone number and the last four digits of her card. I have never ordered the things on it.

I haven't done anything with it and I'll delete it after sending this, but I thought you should know, and I guess she should too. I'd also like to know how my e-mail address ended up on someone else's order: is it attached to her account somehow?

Chris Morgan

---------- Forwarded message ---------
From: Seoul Pantry <noreply@seoul-pantry.example>
Date: Mon, 9 Nov 2026 at 08:14
Subject: Your Seoul Pantry order confirmation (SP-2611-02733)
To: <chris.morgan@ashfield.example>

Thank you for your order, Park Ji-eun!

Order number: SP-2611-02733
Ship to: Park Ji-eun, 101-1203, 17 Pangyo-ro 999beon-gil, Bundang-gu, Seongnam-si, Gyeonggi-do
Phone: 010-0000-0000
Payment: credit card ending 8826

- Organic soybean paste 1 kg x 1
- Anchovy broth packs (20) x 2
- Kids' seaweed snacks x 6

Total: 48,300 won
''')

M(file='privacy/04-account-deletion-keigo.eml',
  lang='ja', urgent='no', wants='data_deletion',
  sender=('清水 絵里', 'eri.shimizu@hikari-mail.example'),
  subject='退会および個人情報削除のお願い',
  date='2026-11-11 21:00 +0900', mailer='applemail',
  charset='utf-8', cte='base64', shape='alt',
  problem='アプリの設定画面から退会手続きを試みましたが、「退会は韓国国内の電話番号で本人認証が必要です」と表示され、日本在住の私は手続きを進めることができませんでした。',
  trap='looks like an account problem (cannot complete withdrawal in the app) but the request is deletion of personal data.',
  body='''
Seoul Pantry 個人情報保護ご担当者様

いつもお世話になっております。清水と申します。

このたび、一身上の都合により御社のサービスを退会させていただきたく、ご連絡いたしました。
アプリの設定画面から退会手続きを試みましたが、「退会は韓国国内の電話番号で本人認証が必要です」と表示され、日本在住の私は手続きを進めることができませんでした。

つきましては、下記アカウントの退会手続きと、御社が保有している私の個人情報（氏名、住所、電話番号、購入履歴、お支払い情報など）の削除をお願いできますでしょうか。

登録メールアドレス：eri.shimizu@hikari-mail.example

なお、法令等により保存が必要な情報がある場合は、その項目と保存期間をお知らせいただけますと幸いです。
削除が完了しましたら、ご一報いただけますようお願い申し上げます。

清水 絵里
''')

M(file='privacy/05-access-request-pipc-threat.eml',
  lang='en', urgent='yes', wants='other',
  sender=('Tomasz Nowak', 'tomasz.nowak@vistulamail.example'),
  subject='Second request: copy of my personal data',
  date='2026-11-13 10:15 +0100', mailer='thunderbird',
  charset='utf-8', cte='8bit', shape='plain',
  problem='I received an automatic acknowledgement and nothing since.',
  trap='regulator threat (PIPC) in a courteous letter that ends "I\'d really rather not have to do that".',
  body='''
Dear Seoul Pantry,

On 14 October I asked your customer service, in writing, for a copy of all personal data you hold about me (account tomasz.nowak@vistulamail.example): what you store, why, who you have shared it with, and how long you keep it. I received an automatic acknowledgement and nothing since.

That was thirty days ago. Under the Personal Information Protection Act you are required to respond to an access request within ten days. I lived in Korea when I opened the account, so I don't accept that it doesn't apply just because I'm now back in Poland.

If I have not received a full answer by 20 November, I will file a complaint with the Personal Information Protection Commission (PIPC) and send them a copy of this correspondence.

I'd really rather not have to do that. A simple export of my data would settle it.

Regards,
Tomasz Nowak
Kraków
''')

M(file='privacy/06-call-recording-request-ksc.eml',
  lang='ko', urgent='no', wants='other',
  sender=('한수정', 'soojung.han@hanmir.example'),
  subject='상담 통화 녹음 파일 열람 요청',
  date='2026-11-17 11:40 +0900', mailer='outlook',
  charset='ks_c_5601-1987', cte='8bit', shape='plain',
  problem='제가 잘못 들은 건지 확인하고 싶어서, 당시 통화 녹음 파일을 들어 보거나 받아 볼 수 있는지 문의드립니다.',
  trap='a refused exchange (service/product words) is the background; the request is access to a call recording -> privacy.',
  body='''
안녕하세요.

11월 12일 오전 10시 40분경 고객센터와 통화한 한수정입니다. 연결 전에 상담 품질 향상을 위해 통화 내용이 녹음된다는 안내를 들었습니다.

그 통화에서 상담원분이 교환 처리를 해 주겠다고 분명히 말씀하셨는데, 지금은 그런 안내를 한 기록이 없다며 교환이 안 된다고 하십니다.
제가 잘못 들은 건지 확인하고 싶어서, 당시 통화 녹음 파일을 들어 보거나 받아 볼 수 있는지 문의드립니다.

개인정보 열람 청구 양식이 따로 있다면 보내 주시고, 본인 확인에 필요한 서류가 있으면 알려 주세요.

한수정 드림
010-0000-0000
''')

M(file='privacy/07-telemarketing-partner-mixed.eml',
  lang='mixed', urgent='no', wants='explanation',
  sender=('Kevin Choi', 'kevin.choi@kmail.example'),
  subject='제 번호 third party에 넘기셨나요?',
  date='2026-11-19 19:45 +0900', mailer='applemail',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem='지난달 Seoul Pantry 회원가입할 때 부터 하루에 두세 번씩 insurance telemarketing call이 와요.',
  trap='Korean mixed with English words; consent withdrawal is stated after the question, so wants = explanation.',
  body='''
안녕하세요,

지난달 Seoul Pantry 회원가입할 때 부터 하루에 두세 번씩 insurance telemarketing call이 와요. 전화 받으면 Seoul Pantry 제휴 고객님께 드리는 special offer라고 어쩌고 하는데, 저는 제휴 offer에 동의한 기억이 없거든요.
가입할 때 checkbox가 여러 개 있었는데 default로 다 checked 되어 있었던 것 같기도 하고요.

1. 제 phone number를 어느 company에 제공했는지
2. 언제, 어떤 consent를 근거로 제공했는지
알려주세요. 그리고 third party 제공 동의는 지금 바로 withdraw 하겠습니다.

Thanks,
Kevin Choi
''')

M(file='privacy/08-review-photo-in-ads.eml',
  lang='ja', urgent='no', wants='data_deletion',
  sender=('藤田 彩', 'aya.fujita@mirai-mail.example'),
  subject='インスタ広告に私の写真が使われています',
  date='2026-11-22 14:10 +0900', mailer='iphone',
  charset='utf-8', cte='8bit', shape='plain',
  problem='昨日、友人から「これ彩じゃない？」とスクショが送られてきて、見てみると御社のInstagram広告に私のレビュー写真がそのまま使われていました。',
  trap='fear that her home could be located ("正直とても不安です") is not an actual safety hazard -> not urgent.',
  unsure='wants: data_deletion (remove my photo from the ads) vs other; labelled data_deletion.',
  body='''
はじめまして、藤田と申します。

先月、御社のサイトにトッポッキセットのレビューを写真付きで投稿しました。写真には私の顔と、自宅のキッチンの窓が写っています。

昨日、友人から「これ彩じゃない？」とスクショが送られてきて、見てみると御社のInstagram広告に私のレビュー写真がそのまま使われていました。
レビュー投稿時に広告への使用に同意した覚えはありませんし、事前に何のご連絡もありませんでした。

窓から見える景色で住んでいる場所が分かってしまうかもしれず、正直とても不安です。
すぐに広告から写真を削除していただき、どのような同意に基づいて使用されたのかご説明ください。

藤田 彩
''')

M(file='privacy/09-smishing-leak-pipc.eml',
  lang='ko', urgent='yes', wants='explanation',
  sender=('권나래', 'narae.kwon@kmail.example'),
  subject='주문번호까지 적힌 스미싱 문자 - 개인정보 유출 아닌가요?',
  date='2026-11-25 09:30 +0900', mailer='samsung',
  charset='utf-8', cte='base64', shape='plain',
  problem='주문번호도 제 실제 주문번호가 맞고, 주문한 상품명(유기농 현미 4kg)까지 정확히 적혀 있었습니다.',
  trap='smishing text quoted inside the customer text uses delivery words (배송 주소 불일치, 보류); the threat to report to 개인정보보호위원회 makes it urgent.',
  body='''
대표님께

어제저녁에 [Seoul Pantry] 주문 SP-2611-05277 배송 주소 불일치로 보류, 주소 확인 바랍니다 (링크) 이런 문자를 받았습니다.
주문번호도 제 실제 주문번호가 맞고, 주문한 상품명(유기농 현미 4kg)까지 정확히 적혀 있었습니다. 그런데 보낸 번호는 해외 번호였고, 링크도 Seoul Pantry 주소가 아닌 이상한 주소였어요.
저는 다행히 링크를 누르지 않았지만, 저희 어머니도 같은 문자를 받으셨다고 해서 너무 걱정됩니다.

제 주문번호와 상품명을 제3자가 어떻게 알고 있는 건지, 유출이 있었던 건지 설명해 주세요.
이번 주 안에 납득할 만한 답변이 없으면 개인정보보호위원회에 신고하겠습니다.

권나래
''')

M(file='privacy/10-birthday-coupon-reply.eml',
  lang='en', urgent='no', wants='data_deletion',
  sender=('Helen Brooks', 'helen.brooks@quaymail.example'),
  subject='Re: Happy birthday, Helen! A gift from Seoul Pantry 🎂',
  date='2026-11-27 08:05 +0900', mailer='applemail',
  charset='utf-8', cte='quoted-printable', shape='plain',
  reply=('<bday.20261127.hb4471@news.seoul-pantry.example>',
         '<bday.20261127.hb4471@news.seoul-pantry.example>'),
  problem='I never gave you my date of birth.',
  trap='reply quoting a birthday marketing mail full of coupon, points and membership words; starts with "Thanks".',
  body='''
Thanks, but how do you know it's my birthday?

I never gave you my date of birth. I signed up with an e-mail address and a password, I've never filled in a profile, and I checked just now: there's no birthday field anywhere in my account settings. The only place I can think of is the identity check I did with my phone when I bought the makgeolli kit, and nobody told me that would be kept, let alone used for marketing.

Please delete my date of birth from whatever system it's in, and take me off these "special occasion" mailings. I'm fine with order and delivery e-mails.

Helen

On 27 Nov 2026, at 07:00, Seoul Pantry <hello@seoul-pantry.example> wrote:

> Happy birthday, Helen! 🎉
>
> To celebrate, we've added a 10,000 won birthday coupon and 2,000 bonus Pantry Points to your account.
> Use them on anything in the shop until 31 December.
>
> Not a member of Pantry Plus yet? Join this week and get your first month free.
>
> Unsubscribe from marketing e-mails
''')

# ------------------------------------------------------------- other

M(file='other/01-logistics-partnership-disclaimer.eml',
  lang='en', urgent='no', wants='other',
  sender=('Victoria Chen', 'victoria.chen@coldlane-logistics.example'),
  subject='Partnership: cold-chain fulfilment for your Japan shipments',
  date='2026-11-02 16:00 +0800', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem="I'd love to set up a 30-minute call in the week of 16 November to explore whether a pilot could make sense for you.",
  trap='partnership pitch talking about delivery times and "spoilage claims", with a long disclaimer ("legally privileged", "liability") -> other, not delivery, not urgent.',
  body='''
Dear CEO,

I hope this finds you well. My name is Victoria Chen and I lead partnerships at ColdLane Logistics, a cold-chain fulfilment provider with temperature-controlled hubs in Incheon, Osaka and Fukuoka.

We noticed that Seoul Pantry recently began shipping chilled and frozen products to Japan. Many of our clients in the Korean food sector have found that consolidating their Japan-bound frozen orders through a bonded hub in Osaka cuts transit times by one to two days and lowers spoilage claims significantly.

I'd love to set up a 30-minute call in the week of 16 November to explore whether a pilot could make sense for you. I've deliberately attached nothing to this e-mail; I'm happy to send our rate card and case studies if there's interest.

Warm regards,

Victoria Chen
Head of Partnerships, North Asia
ColdLane Logistics Pte. Ltd.
Singapore | Incheon | Osaka | Fukuoka
M: 010-0000-0000
www.coldlane-logistics.example

ColdLane Logistics Pte. Ltd. is registered in Singapore. This e-mail (including any attachments) is confidential and may be legally privileged. It is intended solely for the use of the individual or entity to which it is addressed. If you are not the intended recipient, please notify the sender by reply e-mail and permanently delete this message; you must not copy, distribute or rely on it. E-mail transmission cannot be guaranteed to be secure or error-free. ColdLane does not accept liability for any loss or damage arising from the use of this e-mail. Please consider the environment before printing this e-mail.
''')

M(file='other/02-job-application-resume.eml',
  lang='ko', urgent='no', wants='other',
  sender=('이하은', 'haeun.lee@kmail.example'),
  subject='[지원] 식품 MD 경력직 지원합니다 - 이하은',
  date='2026-11-04 09:00 +0900', mailer='outlook',
  charset='utf-8', cte='base64', shape='mixed',
  attach=('이하은_이력서_포트폴리오.pdf', 'application/pdf', 'pdf'),
  problem='채용 공고가 따로 올라와 있지는 않지만, Seoul Pantry의 식품 MD 직무에 관심이 있어 실례를 무릅쓰고 대표 메일로 이력서를 보내 드립니다.',
  trap='job application with an attachment whose filename is non-ASCII (RFC 2231).',
  body='''
안녕하십니까, 대표님.

채용 공고가 따로 올라와 있지는 않지만, Seoul Pantry의 식품 MD 직무에 관심이 있어 실례를 무릅쓰고 대표 메일로 이력서를 보내 드립니다.

저는 대형마트 식품 바이어로 4년, 온라인 식품몰 MD로 3년 일했습니다. 특히 지역 농가, 소규모로 장을 담그는 집들과 직접 거래처를 만들어 자체 브랜드 상품으로 출시한 경험이 있고, 그중 청국장 분말은 출시 첫해 매출 6억 원을 기록했습니다.

최근 일본 배송을 시작하신 것을 보고, 일본 고객분들이 좋아할 만한 지역 특산품을 발굴하는 일을 꼭 해 보고 싶다는 생각이 들었습니다. 일본어는 업무 메일과 거래처 통화가 가능한 수준입니다.

이력서와 포트폴리오를 첨부합니다. 짧게라도 이야기 나눌 기회를 주시면 감사하겠습니다.

이하은 드림
010-0000-0000
''')

M(file='other/03-press-feature-enquiry.eml',
  lang='en', urgent='no', wants='other',
  sender=('Naomi Fisher', 'naomi.fisher@tablewire.example'),
  subject='Press enquiry: feature on Korean grocery e-commerce',
  date='2026-11-06 11:20 +0900', mailer='outlook',
  charset='utf-8', cte='quoted-printable', shape='alt',
  problem='Would you, or someone on your team, be available for a 20-minute interview in the next two weeks?',
  trap='a journalist and the word "press" in the subject, but no complaint and no threat ("This is not an investigation or a complaint piece") -> not urgent.',
  body='''
Hello,

I'm a reporter with Tablewire, an English-language food and drink magazine, and I'm working on a feature about how Korean online grocers are winning customers abroad, particularly in Japan and among English-speaking residents in Seoul. Seoul Pantry came up in almost every conversation I had with readers, so I'd love to include you.

Would you, or someone on your team, be available for a 20-minute interview in the next two weeks? I'm especially interested in:

- why you started shipping to Japan, and what surprised you
- which products sell differently to foreign customers than to Korean ones
- how you handle customer service in three languages

This is not an investigation or a complaint piece, just a feature, and I'm happy to send questions in advance. The piece is scheduled for our January issue.

Best,
Naomi Fisher
Senior Writer, Tablewire
''')

M(file='other/04-compliment-shinuhodo.eml',
  lang='ja', urgent='no', wants='other',
  sender=('岡田 美穂', 'miho.okada@sakura-net.example'),
  subject='お礼が言いたくて',
  date='2026-11-08 20:30 +0900', mailer='iphone',
  charset='utf-8', cte='8bit', shape='plain',
  problem='先週届いたヤンニョムチキンのたれと、おばあちゃんの手作り風コチュジャン、死ぬほど美味しかったです…！',
  trap='alarm words in a compliment (死ぬほど美味しかった, ちょっと泣きました).',
  body='''
こんばんは！岡田です。

先週届いたヤンニョムチキンのたれと、おばあちゃんの手作り風コチュジャン、死ぬほど美味しかったです…！
大学生のときに留学していたソウルの下宿で、おばさんが作ってくれた味にそっくりで、一口食べた瞬間ちょっと泣きました😭

大阪のスーパーだとなかなか本場の味のものがないので、日本に送ってくださるようになって本当に嬉しいです。
箱の中に入っていた手書きのメッセージカードもかわいくて、冷蔵庫に貼っています。

これからも応援しています！スタッフのみなさんによろしくお伝えください🙏

岡田 美穂
''')

M(file='other/05-suggestion-allergen-vegan-labels.eml',
  lang='ko', urgent='no', wants='other',
  sender=('서민재', 'minjae.seo@bitmail.example'),
  subject='상품 페이지 개선 제안 (비건/할랄 표시)',
  date='2026-11-12 10:40 +0900', mailer='thunderbird',
  charset='utf-8', cte='quoted-printable', shape='plain',
  problem='상품 페이지에서 비건인지, 할랄 인증이 있는지, 주요 알레르기 성분이 뭔지를 한눈에 볼 수 있는 아이콘이나 필터가 있으면 좋겠습니다.',
  trap='suggestion that mentions allergens and a near miss (pork broth noticed before anyone ate it) -> other, not product, not urgent.',
  body='''
대표님 안녕하세요.

외국인 친구들이 많아서 선물이나 모임 음식을 Seoul Pantry에서 자주 주문하는 서민재입니다. 늘 잘 이용하고 있어서, 작은 제안 하나 드리고 싶어 메일 씁니다.

상품 페이지에서 비건인지, 할랄 인증이 있는지, 주요 알레르기 성분이 뭔지를 한눈에 볼 수 있는 아이콘이나 필터가 있으면 좋겠습니다.
지금은 원재료 표 사진을 확대해서 하나하나 읽어야 하는데, 한국어를 못 읽는 친구들은 아예 확인할 방법이 없어요.
지난번에는 채식하는 친구 생일 파티용으로 만두를 주문했다가 뒤늦게 돼지고기 육수가 들어간 걸 알고 부랴부랴 다른 걸 샀습니다. (다행히 먹기 전에 알았어요.)

일본 배송도 시작하셨으니 일본어, 영어 원재료 표기도 같이 있으면 더 좋을 것 같아요.
검토해 주시면 감사하겠습니다!

서민재 드림
''')

M(file='other/06-spam-mailbox-full.eml',
  lang='en', urgent='no', wants='other',
  sender=('Mail Administrator', 'admin@seoul-pantry-mailserver.example'),
  subject='[Action Required] Your mailbox ceo@seoul-pantry.example is 98% full',
  date='2026-11-15 04:12 +0000', mailer='phpmailer',
  charset='utf-8', cte='quoted-printable', shape='html',
  problem='Your mailbox storage has reached 98% of its quota (4.91 GB / 5.00 GB).',
  trap='phishing spam (HTML only) imitating an account warning with "verify your account", "account suspension" and "loss of data" -> other, not account, not urgent.',
  body='''
Dear ceo,

Your mailbox storage has reached 98% of its quota (4.91 GB / 5.00 GB).

Incoming messages will be held and permanently deleted after 24 hours unless you verify your account and upgrade your storage for free.

VERIFY ACCOUNT NOW: http://seoul-pantry-mailserver.example/verify?u=ceo

Failure to verify will result in account suspension and loss of data.

Mail Administrator
seoul-pantry.example IT Service Desk
''')

M(file='other/07-wrong-recipient-wedding-banmal-euckr.eml',
  lang='ko', urgent='no', wants='other',
  sender=('정다은', 'daeun.jung@kmail.example'),
  subject='민수야 답례품 리스트 보낸다',
  date='2026-11-18 22:15 +0900', mailer='kmailweb',
  charset='euc-kr', cte='base64', shape='plain',
  problem='아까 말한 결혼식 답례품 리스트 보낼게.',
  trap='mail meant for a friend who works at another shop; reads like a bulk order with a delivery deadline.',
  body='''
민수야 나 다은이

아까 말한 결혼식 답례품 리스트 보낼게. 너 옛날 메일 말고 새 메일 주소 이거 맞지? 아니면 말해줘 ㅋㅋ

1. 참기름 + 들기름 세트 120개
2. 포장은 한지 보자기로
3. 스티커에 다은 & 준혁 감사합니다 들어가게
4. 12월 12일 토요일까지 신부대기실로 받을 수 있게

가격 좀 빼달라고 너네 사장님한테 잘 말해줘~ 친구 찬스 ㅎㅎ
견적 나오면 카톡으로 알려줘!!
''')

M(file='other/08-investor-letter.eml',
  lang='en', urgent='no', wants='other',
  sender=('Jonathan Reyes', 'j.reyes@harborlight-ventures.example'),
  subject='Introduction - Harborlight Ventures',
  date='2026-11-20 09:30 -0500', mailer='outlook',
  charset='utf-8', cte='base64', shape='alt',
  problem='But if you are planning a Series A in 2027, or are simply open to an informal conversation about how other grocery founders in the region have structured their growth, I would be glad to find time.',
  body='''
Dear Founder,

I'm a partner at Harborlight Ventures, a New York-based fund that invests in cross-border consumer brands in Asia. Over the past year we've followed Seoul Pantry's growth with great interest, especially your expansion into Japan and the loyalty you seem to have built with expat customers in Seoul.

We are not reaching out with a term sheet, and I realise that unsolicited investor e-mails are not always welcome. But if you are planning a Series A in 2027, or are simply open to an informal conversation about how other grocery founders in the region have structured their growth, I would be glad to find time. I will be in Seoul from 7 to 11 December.

With best wishes for the busy season,

Jonathan Reyes
Partner, Harborlight Ventures
New York | Singapore
''')

M(file='other/09-restaurant-wholesale-inquiry.eml',
  lang='ja', urgent='no', wants='other',
  sender=('石川 大輔', 'daisuke.ishikawa@tsuruhashi-kitchen.example'),
  subject='業務用卸のご相談（大阪・韓国料理店）',
  date='2026-11-24 15:00 +0900', mailer='outlook',
  charset='utf-8', cte='base64', shape='plain',
  problem='つきましては、飲食店向けの業務用サイズでの卸売や、定期的なまとめ配送にご対応いただけるか、お伺いしたくご連絡いたしました。',
  trap='business customer with a long Japanese signature block; asks about delivery and prices but is a sales enquiry, not a billing or delivery problem.',
  body='''
Seoul Pantry 代表者様

突然のご連絡失礼いたします。
大阪・鶴橋で韓国家庭料理店「ハルモニ食堂」を営んでおります、石川と申します。

これまで個人として御社の通販を利用しておりましたが、コチュカル、テンジャン、エゴマ油の品質が大変良く、店でも使用したいと考えております。
つきましては、飲食店向けの業務用サイズでの卸売や、定期的なまとめ配送にご対応いただけるか、お伺いしたくご連絡いたしました。

想定している量は、月あたりコチュカル10kg、テンジャン15kg、エゴマ油6L程度です。
条件や価格表などございましたら、ご教示いただけますと幸いです。

何卒よろしくお願い申し上げます。

――――――――――――――――――
韓国家庭料理 ハルモニ食堂
代表　石川 大輔
〒544-0000 大阪府大阪市生野区鶴橋0-0-0
TEL：010-0000-0000
Mail：daisuke.ishikawa@tsuruhashi-kitchen.example
――――――――――――――――――
''')

M(file='other/10-thanks-driver-helped-mother.eml',
  lang='ko', urgent='no', wants='other',
  sender=('홍지영', 'jiyoung.hong@hanmir.example'),
  subject='배송기사님 칭찬합니다',
  date='2026-11-29 19:00 +0900', mailer='samsung',
  charset='utf-8', cte='8bit', shape='plain',
  problem='꼭 칭찬 전해 주시고, 회사 차원에서도 챙겨 주셨으면 좋겠습니다.',
  trap='compliment about a courier that recounts an elderly mother\'s fall (past, healed) and uses "감동해서 죽는 줄 알았어요" -> other, not delivery, not urgent.',
  body='''
대표님 안녕하세요.

꼭 전하고 싶은 이야기가 있어서 메일 드립니다.

지난달 말에 혼자 사시는 저희 어머니가 아파트 현관 앞에서 넘어지셨는데, 마침 배송 오신 Seoul Pantry 기사님이 보시고 어머니를 일으켜 드리고, 구급차 부를지 여쭤보고, 제가 도착할 때까지 20분 넘게 옆에 계셔 주셨어요.
어머니는 다행히 손목 인대가 살짝 늘어난 정도였고, 지금은 다 나으셔서 다시 동네 산책도 다니십니다.

그날 정신이 없어서 기사님 성함도 못 여쭤봤는데, 어머니가 그 총각 아니었으면 어쩔 뻔했냐고 지금도 말씀하세요. 저도 그 얘기 들을 때마다 감동해서 죽는 줄 알았어요.
10월 30일 오후, 상계동 쪽 배송 담당하셨던 기사님이에요. 꼭 칭찬 전해 주시고, 회사 차원에서도 챙겨 주셨으면 좋겠습니다.

정말 감사합니다.

홍지영 드림
''')


if __name__ == '__main__':
    main()
