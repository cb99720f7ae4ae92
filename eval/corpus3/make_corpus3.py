#!/usr/bin/env python3
"""make_corpus3.py -- writes the hand-labelled evaluation set of customer mails
sent to ceo@hanbit-home.example.

EVALUATION SET. Do not use it for tuning, rule-writing or any kind of fitting.

Every body below was written individually by hand.  The code only wraps those
bodies in RFC 5322 / MIME envelopes (headers, charsets, transfer encodings,
multipart shapes, attachments).  Standard library only; output is fully
deterministic (all "random" looking values are derived from SHA-256 of the
file name).

Usage:  python3 make_corpus3.py        (writes next to this script)
"""
import base64
import datetime
import hashlib
import html
import os
import quopri
import struct
import zlib
from email.header import Header
from email.utils import formataddr, format_datetime

OUT = os.path.dirname(os.path.abspath(__file__))
TO = 'ceo@hanbit-home.example'
CATEGORIES = ['billing', 'delivery', 'product', 'account', 'service',
              'privacy', 'other']
WANTS = {'refund', 'replacement', 'repair', 'delivery', 'apology',
         'explanation', 'cancellation', 'data_deletion', 'left_alone',
         'other'}
MAILS = []


def M(**kw):
    """Register one hand-written mail."""
    MAILS.append(kw)


# --------------------------------------------------------------------------
# deterministic helpers
# --------------------------------------------------------------------------
def digest(seed):
    return hashlib.sha256(seed.encode('utf-8')).digest()


def hexd(seed, n=32):
    return hashlib.sha256(seed.encode('utf-8')).hexdigest()[:n]


def uuid_like(seed):
    x = hexd(seed, 32)
    return '%s-%s-4%s-a%s-%s' % (x[:8], x[8:12], x[13:16], x[17:20], x[20:32])


def parse_date(s):
    # 'YYYY-MM-DD HH:MM:SS +ZZZZ'
    d, t, z = s.split()
    y, mo, da = (int(v) for v in d.split('-'))
    hh, mm, ss = (int(v) for v in t.split(':'))
    sign = 1 if z[0] == '+' else -1
    off = datetime.timedelta(hours=int(z[1:3]), minutes=int(z[3:5])) * sign
    return datetime.datetime(y, mo, da, hh, mm, ss,
                             tzinfo=datetime.timezone(off))


def message_id(m):
    seed = 'mid:' + m['cat'] + '/' + m['slug']
    client = m.get('client', 'web')
    dom = m['frm'][1].split('@', 1)[1]
    dt = parse_date(m['date'])
    x = hexd(seed, 40)
    if client == 'gmail':
        b = base64.b64encode(digest(seed) + digest(seed + '2')[:8]).decode()
        b = b.replace('/', '_').replace('=', '')
        return '<CA%s@mail.gmail.example>' % b[:52]
    if client in ('iphone', 'apple'):
        return '<%s@%s>' % (uuid_like(seed).upper(), dom)
    if client == 'outlook':
        region = m.get('outlook_region', 'KORP216')
        box = {'KORP216': 'SE2P216MB', 'JPNP286': 'TYCP286MB',
               'namprd11': 'BY5PR11MB', 'eurprd04': 'AM0PR04MB'}[region]
        n = int(x[:4], 16) % 9000 + 1000
        return '<%s%d%s@%s%d.%s.PROD.OUTLOOK.example>' % (
            box, n, x[4:36].upper(), box, n, region)
    if client == 'thunderbird':
        return '<%s@%s>' % (uuid_like(seed), dom)
    if client == 'naver':
        return '<%s@cweb%03d.nm.naver.example>' % (x[:32], int(x[32:34], 16) % 40)
    if client == 'daum':
        return '<%s.%s@hanmail.example>' % (dt.strftime('%Y%m%d%H%M%S'), x[:12].upper())
    if client == 'docomo':
        return '<%s.%s@docomo.ne.example>' % (int(x[:8], 16), x[8:24])
    if client == 'yahoojp':
        return '<%d.%d.%d@mail.yahoo.example>' % (
            int(x[:6], 16), int(x[6:12], 16), int(dt.timestamp()) * 1000)
    if client == 'becky':
        return '<%s.%s.%s@%s>' % (dt.strftime('%Y%m%d%H%M%S'), x[:4].upper(),
                                   x[4:12].upper(), dom)
    if client == 'samsung':
        return '<%s.%d@email.android.example>' % (x[:20], int(x[20:30], 16))
    if client == 'phpmailer':
        return '<%s@%s>' % (x[:32], dom)
    return '<%s.%s@%s>' % (dt.strftime('%Y%m%d%H%M%S'), x[:16], dom)


MAILER = {
    'iphone': ('X-Mailer', 'iPhone Mail (22B91)'),
    'apple': ('X-Mailer', 'Apple Mail (2.3826.200.121)'),
    'outlook': ('X-Mailer', 'Microsoft Outlook 16.0'),
    'thunderbird': ('User-Agent', 'Mozilla Thunderbird'),
    'naver': ('X-Mailer', 'NAVER Mail'),
    'daum': ('X-Mailer', 'Daum Web Mailer v1.1'),
    'becky': ('X-Mailer', 'Becky! ver. 2.81.06 [ja]'),
    'yahoojp': ('X-Mailer', 'YahooMailWebService/0.8.203'),
    'phpmailer': ('X-Mailer', 'PHPMailer 6.9.1'),
    'docomo': ('X-Mailer', 'docomo mail 2.3'),
}

THUNDERBIRD_UA = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) '
                  'Gecko/20100101 Thunderbird/128.4.2')


# --------------------------------------------------------------------------
# MIME assembly (LF internally, converted to CRLF at the very end)
# --------------------------------------------------------------------------
def codec_for(charset):
    return {'utf-8': 'utf-8', 'euc-kr': 'euc_kr',
            'ks_c_5601-1987': 'euc_kr', 'iso-2022-jp': 'iso2022_jp',
            'us-ascii': 'ascii'}[charset]


def header_charset(charset):
    return charset if charset in ('iso-2022-jp', 'euc-kr',
                                  'ks_c_5601-1987') else 'utf-8'


def enc_header(value, charset, name):
    try:
        value.encode('ascii')
        return value
    except UnicodeEncodeError:
        return Header(value, charset, header_name=name).encode(linesep='\n')


def enc_addr(name, addr, charset):
    if not name:
        return addr
    try:
        name.encode('ascii')
        return formataddr((name, addr))
    except UnicodeEncodeError:
        return formataddr((name, addr), charset=charset)


def enc_body(text, charset, cte):
    text = text.strip('\n') + '\n'
    if cte == 'base64':
        raw = text.replace('\n', '\r\n').encode(codec_for(charset))
        return base64.encodebytes(raw)
    raw = text.encode(codec_for(charset))   # strict: fails loudly
    if cte in ('8bit', '7bit'):
        if cte == '7bit':
            raw.decode('ascii')
        return raw
    if cte == 'quoted-printable':
        return quopri.encodestring(raw)
    raise ValueError(cte)


def hdr_bytes(hdrs):
    out = ''
    for k, v in hdrs:
        out += '%s: %s\n' % (k, v)
    return out.encode('ascii')


def leaf(ctype, charset, cte, text, extra=()):
    hdrs = [('Content-Type', '%s; charset="%s"' % (ctype, charset)),
            ('Content-Transfer-Encoding', cte)] + list(extra)
    return hdrs, enc_body(text, charset, cte)


def multipart(subtype, parts, seed, preamble=False):
    boundary = '----=_Part_%d_%s' % (int(hexd(seed, 6), 16),
                                     hexd(seed + 'b', 18))
    if subtype == 'alternative' and int(hexd(seed, 2), 16) % 2:
        boundary = '000000000000' + hexd(seed + 'g', 16)
    body = b''
    if preamble:
        body += b'This is a multi-part message in MIME format.\n\n'
    for hdrs, b in parts:
        if not b.endswith(b'\n'):
            b += b'\n'
        body += b'--' + boundary.encode() + b'\n' + hdr_bytes(hdrs) + b'\n' + b
    body += b'--' + boundary.encode() + b'--\n'
    return [('Content-Type', 'multipart/%s;\n\tboundary="%s"' % (subtype, boundary))], body


def text_to_html(text, style):
    """Render the hand-written plain body the way the sending client would."""
    paras = text.strip('\n').split('\n\n')
    chunks = []
    for p in paras:
        lines = p.split('\n')
        if all(l.startswith('>') for l in lines):
            inner = '<br>\n'.join(html.escape(l.lstrip('> ').rstrip()) for l in lines)
            chunks.append('<blockquote style="margin:0 0 0 .8ex;border-left:1px '
                          'solid #ccc;padding-left:1ex">%s</blockquote>' % inner)
            continue
        inner = '<br>\n'.join(html.escape(l) for l in lines)
        if style == 'outlook':
            chunks.append('<p class="MsoNormal">%s<o:p></o:p></p>' % inner)
        elif style == 'naver':
            chunks.append('<p style="font-family:\'Nanum Gothic\',sans-serif;'
                          'font-size:10pt">%s</p>' % inner)
        else:
            chunks.append('<div>%s</div><div><br></div>' % inner)
    body = '\n'.join(chunks)
    if style == 'outlook':
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n'
                '<head>\n<meta http-equiv="Content-Type" content="text/html; '
                'charset=utf-8">\n<style><!--\np.MsoNormal {margin:0cm;'
                'font-size:11.0pt;font-family:"Malgun Gothic";}\n--></style>\n'
                '</head>\n<body lang="KO" link="#0563C1">\n<div class="WordSection1">\n'
                + body + '\n</div>\n</body>\n</html>\n')
    if style == 'naver':
        return ('<div class="se-contents">\n' + body +
                '\n</div>\n<table style="display:none"><tr><td>'
                '<img src="https://mail.naver.example/readReceipt/notify/?img='
                + hexd(text, 24) + '.gif" width="1" height="1"></td></tr></table>\n')
    return '<div dir="ltr">\n' + body + '\n</div>\n'


def make_png():
    """A tiny, valid 4x3 PNG 'photo' (deterministic)."""
    w, h = 4, 3
    rows = b''
    for y in range(h):
        rows += b'\x00' + bytes((200 - 10 * x, 120 + 20 * y, 90) [i]
                                for x in range(w) for i in range(3))

    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))


def make_pdf(lines):
    """A tiny one-page PDF with a few lines of ASCII text."""
    txt = 'BT /F1 11 Tf 60 780 Td 14 TL ' + ' '.join(
        '(%s) Tj T*' % l.replace('(', '[').replace(')', ']') for l in lines) + ' ET'
    objs = ['<< /Type /Catalog /Pages 2 0 R >>',
            '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] '
            '/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
            '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
            '<< /Length %d >>\nstream\n%s\nendstream' % (len(txt), txt)]
    out = '%PDF-1.4\n'
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += '%d 0 obj\n%s\nendobj\n' % (i, o)
    xref = len(out)
    out += 'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs:
        out += '%010d 00000 n \n' % o
    out += 'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return out.encode('ascii')


def attachment(att):
    fname, ctype, data = att['filename'], att['ctype'], att['data']
    try:
        fname.encode('ascii')
        fn_ct = 'name="%s"' % fname
        fn_cd = 'filename="%s"' % fname
    except UnicodeEncodeError:
        from urllib.parse import quote
        q = quote(fname.encode('utf-8'))
        fn_ct = 'name="=?UTF-8?B?%s?="' % base64.b64encode(fname.encode()).decode()
        fn_cd = "filename*=UTF-8''%s" % q
    hdrs = [('Content-Type', '%s; %s' % (ctype, fn_ct)),
            ('Content-Disposition', 'attachment; %s' % fn_cd),
            ('Content-Transfer-Encoding', 'base64')]
    return hdrs, base64.encodebytes(data)


def build_body(m):
    """Return (content headers, body bytes) for mail spec m."""
    charset = m.get('charset', 'utf-8')
    cte = m.get('cte', '8bit')
    shape = m.get('shape', 'plain')
    seed = m['cat'] + '/' + m['slug']
    if shape == 'plain':
        main = leaf('text/plain', charset, cte, m['body'])
    elif shape == 'html':
        main = leaf('text/html', charset, cte, m['body'])
    elif shape == 'alt':
        html_src = m.get('html') or text_to_html(m['body'], m.get('html_style', 'gmail'))
        hcte = m.get('html_cte', 'quoted-printable' if cte == '8bit' else cte)
        main = multipart('alternative', [
            leaf('text/plain', charset, cte, m['body']),
            leaf('text/html', charset, hcte, html_src)], seed,
            preamble=m.get('client') == 'outlook')
    elif shape == 'empty':
        main = ([('Content-Type', 'text/plain; charset="us-ascii"'),
                 ('Content-Transfer-Encoding', '7bit')], b'\n')
    else:
        raise ValueError(shape)
    extra = []
    for att in m.get('attach', []):
        extra.append(attachment(att))
    if m.get('forward'):
        inner = render(m['forward'], inner=True)
        extra.append(([('Content-Type', 'message/rfc822'),
                       ('Content-Disposition', 'inline')], inner))
    if extra:
        return multipart('mixed', [main] + extra, seed + 'mixed', preamble=True)
    return main


def render(m, inner=False):
    charset = m.get('charset', 'utf-8')
    hcs = header_charset(charset)
    dt = parse_date(m['date'])
    hdrs = []
    if m.get('received', True) and not inner:
        hdrs.append(('Return-Path', '<%s>' % m['frm'][1]))
    hdrs.append(('From', enc_addr(m['frm'][0], m['frm'][1], hcs)))
    hdrs.append(('To', m.get('to', TO)))
    if m.get('cc'):
        hdrs.append(('Cc', m['cc']))
    hdrs.append(('Subject', enc_header(m['subject'], hcs, 'Subject')))
    hdrs.append(('Date', format_datetime(dt)))
    hdrs.append(('Message-ID', m.get('message_id') or message_id(m)))
    if m.get('reply'):
        parent = '<%s.%s@mailer.hanbit-home.example>' % (
            (dt - datetime.timedelta(days=2)).strftime('%Y%m%d%H%M'),
            hexd('parent:' + m['slug'], 20))
        hdrs.append(('In-Reply-To', parent))
        refs = parent
        if m['reply'] == 2:
            gp = '<%s@crm.hanbit-home.example>' % hexd('gp:' + m['slug'], 24)
            refs = gp + '\n\t' + parent
        hdrs.append(('References', refs))
    hdrs.append(('MIME-Version', '1.0'))
    client = m.get('client', 'web')
    if client in MAILER:
        k, v = MAILER[client]
        if client == 'thunderbird':
            v = THUNDERBIRD_UA
        hdrs.append((k, v))
    for k, v in m.get('extra_headers', []):
        hdrs.append((k, v))
    chdrs, body = build_body(m)
    hdrs.extend(chdrs)
    data = hdr_bytes(hdrs) + b'\n' + body
    for line in data.split(b'\n'):
        if len(line) > 990:
            raise ValueError('line too long in %s/%s' % (m['cat'], m['slug']))
    return data


def crlf(data):
    data = data.replace(b'\r\n', b'\n')
    return data.replace(b'\n', b'\r\n')


def build():
    seen = set()
    rows = []
    counters = {c: 0 for c in CATEGORIES}
    for m in MAILS:
        assert m['cat'] in CATEGORIES, m['cat']
        assert m['wants'] in WANTS, (m['slug'], m['wants'])
        assert m['urgent'] in ('yes', 'no')
        assert m['lang'] in ('en', 'ko', 'ja', 'mixed')
        assert '\t' not in m['problem'] and '\n' not in m['problem']
        counters[m['cat']] += 1
        n = counters[m['cat']]
        fname = '%s/%02d-%s.eml' % (m['cat'], n, m['slug'])
        assert fname not in seen
        seen.add(fname)
        os.makedirs(os.path.join(OUT, m['cat']), exist_ok=True)
        with open(os.path.join(OUT, fname), 'wb') as fh:
            fh.write(crlf(render(m)))
        rows.append('\t'.join([fname, m['cat'], m['urgent'], m['lang'],
                               m['wants'], m['problem']]))
    with open(os.path.join(OUT, 'labels.tsv'), 'w', encoding='utf-8', newline='\n') as fh:
        fh.write('file\tcategory\turgent\tlanguage\twants\tproblem\n')
        fh.write('\n'.join(rows) + '\n')
    print('wrote %d mails' % len(rows))


# ==========================================================================
# THE MAILS (hand-written)
# ==========================================================================
# --------------------------------------------------------------------------
# BILLING
# --------------------------------------------------------------------------
M(cat='billing', slug='caps-subject-coupon', lang='en', urgent='no', wants='refund',
  frm=('Dana Whitfield', 'dana.whitfield@icloud.example'), client='iphone',
  subject='URGENT!!!', date='2026-11-02 07:14:09 +0900',
  extra_headers=[('X-Priority', '1 (Highest)'), ('Importance', 'high')],
  problem="The WELCOME10 code said applied but the total didn't change, so I paid full price.",
  body="""
hi

The WELCOME10 code said applied but the total didn't change, so I paid full price. order HB2611-48213. thats like 3,000 won i want back lol. not the end of the world but still

Sent from my iPhone
""")

M(cat='billing', slug='airfryer-double-charge', lang='ko', urgent='no', wants='refund',
  frm=('최은정', 'ej.choi77@hanmail.example'), client='daum',
  charset='euc-kr', cte='8bit',
  subject='에어프라이어 결제가 두 번 되었습니다', date='2026-11-03 10:22:41 +0900',
  problem='카드 명세서를 확인해 보니 같은 금액 89,000원이 두 번 결제되어 있습니다.',
  body="""
안녕하세요.
지난 11월 1일에 한빛홈 앱에서 에어프라이어(HF-550, 5.5L) 한 대를 주문한 고객입니다.

카드 명세서를 확인해 보니 같은 금액 89,000원이 두 번 결제되어 있습니다.
주문 내역에는 한 건만 있는데 카드사 문자도 두 번 왔고, 승인번호도 서로 다릅니다.
(승인번호 30118842 / 30118907)
결제 버튼을 누를 때 화면이 한 번 멈췄었는데 그것 때문인지 모르겠습니다.

중복으로 결제된 한 건은 취소해 주시기 바랍니다.
카드사에 문의했더니 가맹점에서 취소해야 한다고 하네요.

확인 부탁드립니다.
최은정 드림
""")

M(cat='billing', slug='three-unknown-card-charges', lang='en', urgent='yes', wants='refund',
  frm=('Tom Albrecht', 'tom.albrecht@gmail.example'), client='gmail',
  shape='alt', cte='8bit',
  subject='charges on my card I did NOT make', date='2026-11-06 21:26:03 +0900',
  problem="Somebody has charged my card three times on your site and it wasn't me.",
  body="""
Hello,

Somebody has charged my card three times on your site and it wasn't me.

I just got three text alerts from my bank in the space of ten minutes, all "HANBIT HOME SEOUL KR": 149,000 KRW, 149,000 KRW and 62,500 KRW. I'm sitting in my flat in Busan with the card in my hand. I haven't ordered anything from you since August.

I checked the app and none of these are in my order history, so somebody is using my card details somewhere on your site, maybe as a guest checkout?

I've called my bank and they've frozen the card, but they say the merchant needs to confirm and reverse these. Please refund these three payments and tell me what address they were being shipped to so I can give it to the police.

Card ends 4471. Times were 21:02, 21:05 and 21:11 tonight (6 Nov).

Thanks,
Tom Albrecht
""")

M(cat='billing', slug='plus-fee-after-cancel', lang='ja', urgent='no', wants='refund',
  frm=('佐々木 美穂', 'm-sasaki@nifty.example'), client='becky',
  charset='iso-2022-jp', cte='7bit',
  subject='ハンビットプラス年会費の引き落としについて', date='2026-11-07 09:41:18 +0900',
  problem='退会済みにもかかわらず年会費が引き落とされております。',
  body="""
株式会社ハンビットホーム
代表取締役 様

突然のご連絡失礼いたします。
東京都在住の佐々木と申します。

10月20日にアプリからハンビットプラスの退会手続きを行い、
「退会手続きが完了しました」という画面も確認しております。
しかしながら、11月5日付でクレジットカードに年会費4,900円の請求が計上されておりました。

退会済みにもかかわらず年会費が引き落とされております。
お手数ですが、ご確認のうえ返金していただけますでしょうか。
なお、退会完了画面のスクリーンショットは保存しておりますので、
必要でしたらお送りいたします。

何卒よろしくお願い申し上げます。

佐々木 美穂
""")

M(cat='billing', slug='refund-3-weeks-consumer-agency', lang='ko', urgent='yes', wants='refund',
  frm=('김현우', 'hyunwoo.k@naver.example'), client='naver',
  cte='quoted-printable',
  subject='환불 언제 해줄거에요?? 3주째입니다', date='2026-11-09 13:05:55 +0900',
  problem='근데 환불이 아직도 안 들어왔어요.',
  body="""
반품 회수 10월 16일에 해갔어요. 기사님이 가져가는 거 제 눈으로 봤고 앱에도 '회수완료' 떠 있어요.
근데 환불이 아직도 안 들어왔어요. 오늘이 11월 9일이에요. 3주 넘었어요.
고객센터 전화하면 "처리중입니다" 채팅하면 "영업일 기준 3~5일" 이 소리만 벌써 네 번째 듣습니다.
128,000원이 작은 돈이에요?

이번 주 금요일까지 입금 안 되면 한국소비자원에 피해구제 신청할 거고 캡처도 다 해놨습니다.

주문번호 HB2610-77120
""")

M(cat='billing', slug='corporate-tax-invoice', lang='en', urgent='no', wants='other',
  frm=('Hyejin Park', 'hyejin.park@lindqvistpark.example'), client='outlook',
  outlook_region='KORP216', shape='alt', cte='quoted-printable', html_style='outlook',
  subject='Request for tax invoice - PO 2026-1187 (Hanbit Home order HB2611-90344)',
  date='2026-11-04 16:48:30 +0900',
  extra_headers=[('Content-Language', 'en-US')],
  attach=[{'filename': 'PO-2026-1187.pdf', 'ctype': 'application/pdf',
           'data': make_pdf(['LINDQVIST & PARK ARCHITECTS LTD.', 'PURCHASE ORDER PO-2026-1187',
                             'Supplier: Hanbit Home Co., Ltd.', '12 x Ergonomic office chair',
                             '3 x Meeting table 180cm', 'Total KRW 4,860,000 (VAT incl.)'])}],
  problem='Our finance department is unable to close the month because no tax invoice (세금계산서) has been issued for this purchase.',
  body="""
Dear Sir or Madam,

We are writing on behalf of Lindqvist & Park Architects Ltd. regarding our corporate purchase of 12 (twelve) ergonomic office chairs and 3 (three) meeting tables, order reference HB2611-90344, paid by corporate card on 3 November 2026 in the amount of KRW 4,860,000.

Our finance department is unable to close the month because no tax invoice (세금계산서) has been issued for this purchase. The order confirmation we received is a consumer receipt only and does not show our business registration number.

Could you please issue an electronic tax invoice to the details below, and confirm by return e-mail once done:

- Company: Lindqvist & Park Architects Ltd.
- Business registration no.: see attached purchase order
- Invoice e-mail: ap@lindqvistpark.example

For the avoidance of doubt, the goods themselves arrived in good condition and we have no complaint about them.

Kind regards,

Hyejin Park
Office Manager | Lindqvist & Park Architects Ltd.
12F, 33 Teheran-ro, Gangnam-gu, Seoul
T +82 2 000 0000 | lindqvistpark.example

CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may contain personal data or legally privileged information. If you are not the intended recipient, please notify the sender immediately, delete this e-mail from your system and do not copy, disclose or use its contents. Lindqvist & Park processes personal data in accordance with applicable data protection laws, including the Personal Information Protection Act and, where applicable, the GDPR. E-mail transmission cannot be guaranteed to be secure or error-free; the sender does not accept liability for any errors or omissions which arise as a result of e-mail transmission.
""")

M(cat='billing', slug='refund-to-dead-card', lang='en', urgent='no', wants='explanation',
  frm=('Gareth Llewellyn', 'gareth.llewellyn@btinternet.example'), client='thunderbird',
  subject='where did my refund go', date='2026-11-05 22:17:09 +0900',
  problem='So the refund was processed but the money never showed up anywhere I can find it.',
  body="""
Hi there,

Bit of a long one, sorry. Back in September I ordered the big 10-person rice cooker for my mum's 70th (the party was lovely, thanks for asking). The cooker never got used because my brother bought her the exact same one, so I cancelled my order before it shipped, and you sent me an e-mail saying the refund of 219,000 won had been "processed to your original payment method" on 14 October.

The thing is, that card doesn't exist any more. My bank replaced it in early October after the chip stopped working, new number and everything. The bank says they can't see any incoming refund to the old card or the new one, and they told me to ask the merchant for the transaction reference.

So the refund was processed but the money never showed up anywhere I can find it.

I'm not threatening to sue or anything dramatic like that, I just want somebody to tell me where the 219,000 won actually went and whether it bounced back to you. If it did, I'm happy to give you my bank account details for a transfer instead.

Order number is HB2609-11873 I think (could be 11837, the e-mail is on my old laptop).

Cheers,
Gareth
""")

M(cat='billing', slug='points-not-restored-after-cancel', lang='ko', urgent='no', wants='refund',
  frm=('박상훈', 'sh.park@daemyung-logis.example'), client='outlook',
  outlook_region='KORP216', charset='ks_c_5601-1987', cte='base64', reply=1,
  subject='RE: [한빛홈] 주문취소가 완료되었습니다', date='2026-11-05 09:12:37 +0900',
  problem='아래 메일 받고 확인해 보니 카드 결제분 32,400원은 환불됐는데, 같이 사용했던 적립금 15,000원은 돌아오지 않았습니다.',
  body="""
담당자님께,

아래 메일 받고 확인해 보니 카드 결제분 32,400원은 환불됐는데, 같이 사용했던 적립금 15,000원은 돌아오지 않았습니다.
취소 전에 적립금 잔액이 15,200원이었고 지금은 200원입니다.
적립금 사용분도 복원해 주셔야 하는 거 아닌가요?
적립금 유효기간이 이번 달 말까지라 빨리 처리해 주셨으면 합니다.

감사합니다.

박상훈 과장
(주)대명물류 경영지원팀
Tel. 02-000-0000 | Mobile. 010-0000-0000

-----Original Message-----
보낸 사람: Hanbit Home <noreply@hanbit-home.example>
보낸 날짜: 2026년 11월 3일 화요일 오후 2:11
받는 사람: 박상훈 <sh.park@daemyung-logis.example>
제목: [한빛홈] 주문취소가 완료되었습니다

안녕하세요, 박상훈 고객님.
요청하신 주문의 취소가 완료되었습니다.

■ 주문번호: HB2610-55291
■ 취소 상품: 한우 불고기 밀키트 2인분 x 2
■ 환불 금액: 32,400원 (신용카드)
■ 환불 예정일: 영업일 기준 3~5일

카드사 사정에 따라 환불 확인까지 시일이 소요될 수 있습니다.
본 메일은 발신전용입니다.
""")

M(cat='billing', slug='price-changed-at-checkout', lang='ja', urgent='no', wants='refund',
  frm=('', 'yuka.m-0214@docomo.ne.example'), client='docomo',
  cte='base64',
  subject='値段ちがう', date='2026-11-08 23:51:02 +0900',
  problem='アプリで2,980円って出てたのに決済したら3,480円になってた',
  body="""
アプリで2,980円って出てたのに決済したら3,480円になってた
クーポン適用済みって表示もあったのに…
差額500円返してほしいです
注文番号 HB2611-30652
""")

M(cat='billing', slug='installment-charged-lump-sum', lang='ko', urgent='no', wants='other',
  frm=('서지은', 'jieun_seo@hanmail.example'), client='daum',
  subject='할부 결제 문의드려요', date='2026-11-10 11:33:48 +0900',
  problem='그런데 카드 앱 보니까 일시불로 결제가 됐더라구요.',
  body="""
안녕하세요 사장님 ㅎㅎ 사장님 메일로 보내도 되는지 모르겠는데 고객센터가 계속 통화중이라서요..

이번에 원목 식탁 세트(4인) 주문하면서 결제할 때 분명히 3개월 무이자 할부 선택했거든요?
그런데 카드 앱 보니까 일시불로 결제가 됐더라구요. 금액이 680,000원이라 한 번에 나가면 이번 달 좀 힘들어요 ㅠㅠ
할부로 바꿔주실 수 있는지, 아니면 취소하고 다시 결제해야 되는지 알려주세요.
식탁은 아직 배송 전이에요.

주문번호는 HB2611-21708 이에요
감사합니다!
""")
# --------------------------------------------------------------------------
# DELIVERY
# --------------------------------------------------------------------------
M(cat='delivery', slug='mother-box-never-came', lang='en', urgent='yes', wants='delivery',
  frm=('Sophie Kang', 'sophie.kang.mel@gmail.example'), client='gmail',
  shape='alt', cte='8bit',
  subject="Mum's weekly box - order HB2611-40027", date='2026-11-04 23:40:12 +1100',
  problem="This week's box never came.",
  body="""
Hello,

I'm writing from Melbourne, so please forgive the odd hour. My mother, Mrs Kang Okja, is 88 and lives on her own in Suwon. I set up a weekly grocery order for her on your site so she doesn't have to go to the market in the cold, and it normally arrives on Monday before 7am.

This week's box never came. The app says "delivered" at 05:48 on Monday but there is nothing at her door, and her neighbour checked the lobby and the parcel room for me.

I rang her this evening and she told me she has been eating rice with soy sauce since Monday and finished the last of the rice today. She has diabetes and is meant to eat proper regular meals with her medication. She won't go out alone after dark and I can't get there.

Please can someone get food to her address tomorrow morning? I will pay again if I have to, I don't care about that right now. Her address is on the order, and her phone number is 010-0000-0000 (she is hard of hearing so please let it ring for a long time).

Thank you,
Sophie Kang
""")

M(cat='delivery', slug='dawn-box-at-neighbours-door', lang='ko', urgent='no', wants='delivery',
  frm=('', 'dlwlsgh1203@gmail.example'), client='samsung',
  subject='새벽배송 옆집에 두고감', date='2026-11-05 07:58:20 +0900',
  problem='아니 새벽배송 또 옆집 앞에 놓고 갔네',
  body="""
아니 새벽배송 또 옆집 앞에 놓고 갔네
1203호인데 1204호 앞에 있었음 배송완료 사진에도 1204호 문 찍혀있고
옆집 할머니가 아침에 갖다주셨는데 벌써 두번째임
그 기사님 주소 좀 제대로 보라고 해요
다음주 배송 제대로 오는지 볼거임
""")

M(cat='delivery', slug='salmon-warm-photo-only', lang='en', urgent='no', wants='refund',
  frm=('Ben Archer', 'ben.archer@icloud.example'), client='iphone',
  shape='empty',
  attach=[{'filename': 'IMG_4821.png', 'ctype': 'image/png', 'data': make_png()}],
  subject='salmon arrived warm, ice packs all melted. refund pls', date='2026-11-06 06:31:44 +0900',
  problem='salmon arrived warm, ice packs all melted. refund pls',
  body='')

M(cat='delivery', slug='bookshelf-cracked-in-transit', lang='ja', urgent='no', wants='replacement',
  frm=('中村 聡子', 'satoko.nakamura@ocn.example'), client='outlook', outlook_region='JPNP286',
  charset='iso-2022-jp', cte='7bit',
  subject='本棚（注文番号HB2611-62210）の破損について', date='2026-11-07 18:20:05 +0900',
  problem='その場で開封していただいたところ、側板の一枚に縦に約15cmの割れが入っておりました。',
  body="""
ハンビットホーム　ご担当者様

いつもお世話になっております。
11月7日に配送・組立サービスで本棚（ウォールナット、幅120cm）を受け取りました、大阪市の中村と申します。

配送員の方が到着された時点で、外箱の角が大きく潰れておりました。
その場で開封していただいたところ、側板の一枚に縦に約15cmの割れが入っておりました。
配送員の方も「輸送中にぶつけたのだと思います」とおっしゃっており、組立は中止となりました。

つきましては、破損した本棚の交換をお願いできますでしょうか。
配送員の方が撮影された写真が社内で共有されているかと存じますが、
必要であればこちらで撮影したものもお送りいたします。

なお、次回の配送は土日ですと大変助かります。

よろしくお願いいたします。

中村 聡子
""")

M(cat='delivery', slug='sent-to-old-address', lang='ko', urgent='no', wants='delivery',
  frm=('이미정', 'mijung.lee@korea.example'), client='web',
  charset='euc-kr', cte='8bit',
  subject='개인정보 변경했는데 예전 주소로 배송됐습니다', date='2026-11-06 20:03:27 +0900',
  problem='그리고 11월 4일에 전기포트랑 세제를 주문했는데, 오늘 배송완료 문자를 받고 보니 예전 집 주소로 배송이 됐네요.',
  body="""
안녕하세요.
지난주에 이사를 해서 11월 2일에 앱에서 회원정보(주소)를 새 주소로 변경했습니다.
그리고 11월 4일에 전기포트랑 세제를 주문했는데, 오늘 배송완료 문자를 받고 보니 예전 집 주소로 배송이 됐네요.

주문할 때 배송지가 자동으로 예전 주소로 선택되어 있었던 것 같습니다.
제가 꼼꼼히 확인 못한 것도 있지만, 회원정보를 바꿨는데 왜 배송지는 그대로인지 모르겠습니다.
예전 집에는 이미 다른 분이 이사 오셨고 연락처도 모릅니다.

물건을 회수해서 새 주소로 다시 보내주실 수 있을까요?

새 주소: 경기도 성남시 분당구 ○○로 00, 000동 000호
이미정 드림
""")

M(cat='delivery', slug='van-knocked-over-planter', lang='en', urgent='no', wants='apology',
  frm=('Fiona Cho', 'fiona.cho@me.example'), client='apple',
  subject='your driver and my front garden', date='2026-11-09 14:12:50 +0900',
  problem='At about 10.30 this morning your delivery van (the white one with the blue rice-bowl logo) reversed up my drive, clipped the big glazed planter by the gate and knocked it clean over.',
  body="""
Good afternoon,

At about 10.30 this morning your delivery van (the white one with the blue rice-bowl logo) reversed up my drive, clipped the big glazed planter by the gate and knocked it clean over. It's in about six pieces. Nobody was hurt, the kids were at school and I was inside, but my neighbour saw the whole thing and said the driver looked at it, put my parcel on the step and drove off without a word.

No note, no knock, nothing. If my neighbour hadn't been watering her roses I'd never have known what happened.

The parcel (two bags of rice and a frying pan) is fine, by the way.

I would like an apology from the driver or his company, and frankly I'd prefer he didn't reverse up my drive again, there's a sign on the gate saying not to. The planter was about 60,000 won and I'm not going to make a huge fuss about it.

Regards,
Fiona Cho
""")

M(cat='delivery', slug='formula-stuck-at-hub', lang='mixed', urgent='yes', wants='delivery',
  frm=('윤소라', 'sora.yoon.mom@gmail.example'), client='samsung',
  cte='base64',
  subject='분유 배송 tracking 3일째 update 없음 ㅠㅠ', date='2026-11-08 16:44:09 +0900',
  problem='11월 5일에 order한 분유 (800g x 3캔) 아직도 안 왔어요.',
  body="""
안녕하세요
11월 5일에 order한 분유 (800g x 3캔) 아직도 안 왔어요.
tracking 보면 3일째 "hub 도착" status에서 update가 안 돼요.
고객센터 chat으로 물어봤는데 "곧 배송됩니다" 이 message만 계속 나오고요.

문제는 저희 아기가 이 분유만 먹는데 (특수분유라 마트에 없어요) 지금 집에 남은 게 오늘 밤 먹일 양밖에 없어요.
내일 아침부터는 먹일 게 없어요. 제발 오늘 안에 delivery 가능한지 아니면 어느 hub에 있는지 알려주세요. 직접 가지러 갈게요.

order no. HB2611-50914
010-0000-0000 으로 call 주세요

Galaxy에서 보냄
""")

M(cat='delivery', slug='warm-pork-family-sick', lang='en', urgent='yes', wants='explanation',
  frm=('Rachel Okonkwo-Lee', 'rachel.okl@gmail.example'), client='gmail',
  subject='Pork from Saturday delivery - whole family sick', date='2026-11-08 10:05:31 +0900',
  problem='The box arrived warm and the pork in it made my whole family sick.',
  body="""
To whoever reads this,

The box arrived warm and the pork in it made my whole family sick.

We had the dawn delivery on Saturday 7th. When I brought the box in at about 8am it was not cold at all. Both ice packs were basically water and the pork belly pack felt room temperature. I stupidly thought it would be fine because it's November, and I cooked it that evening, cooked it properly too.

By midnight my husband, me and our 9-year-old were all being sick. Our son was so dehydrated this morning that we took him to the emergency room and he's on a drip now. The doctor asked what we ate and said it looks like food poisoning.

I need to know which batch that pork was from and how long the box was sitting in a warm van, because the doctor asked and I couldn't answer. I also want to know whether other customers got the same batch.

Order HB2611-70431, delivered to Mapo-gu.

Rachel Okonkwo-Lee
""")

M(cat='delivery', slug='tracking-stuck-4-days', lang='ja', urgent='no', wants='delivery',
  frm=('', 'kotaro_s@yahoo.example'), client='yahoojp',
  subject='まだ届かないんだけど', date='2026-11-07 21:09:14 +0900',
  problem='11/3に頼んだ炊飯器、まだ来ません。',
  body="""
11/3に頼んだ炊飯器、まだ来ません。
追跡番号で見ても「集荷済み」のまま4日止まってる。
いつ届くの？週末に使いたいんだけど。

HB2611-31188
""")

M(cat='delivery', slug='coupon-subject-late-desk', lang='ko', urgent='no', wants='delivery',
  frm=('정하윤', 'hayoon.jung@naver.example'), client='naver',
  shape='html', cte='quoted-printable',
  subject='쿠폰 문의', date='2026-11-09 09:27:40 +0900',
  problem='10월 28일에 주문한 어린이 책상 의자 세트가 아직도 안 왔습니다.',
  body="""
<div style="font-family:'Nanum Gothic',sans-serif;font-size:10pt">
<p>안녕하세요. 제목은 쿠폰 문의라고 썼는데 사실 더 급한 게 있어서요.</p>
<p>10월 28일에 주문한 어린이 책상 의자 세트가 아직도 안 왔습니다.<br>
배송 예정일이 11월 2일이었는데 벌써 일주일이 지났고, 조회하면 계속 &quot;배송 준비중&quot;으로만 나와요.<br>
아이 생일 선물이라 이번 주말 전에는 꼭 받아야 합니다.</p>
<p>그리고 주문할 때 적용한 10% 쿠폰이 결제 금액에 반영 안 된 것 같은데 이건 나중에 확인해 주셔도 됩니다.</p>
<p>주문번호: HB2610-88412<br>
감사합니다.</p>
<p>--<br>
정하윤 드림</p>
</div>
""")
# --------------------------------------------------------------------------
# PRODUCT
# --------------------------------------------------------------------------
M(cat='product', slug='kettle-base-black', lang='en', urgent='yes', wants='refund',
  frm=('Mei Lin Tan', 'meilin.tan@icloud.example'), client='iphone',
  cte='quoted-printable',
  subject='kettle', date='2026-11-03 08:02:19 +0900',
  problem="Went to make my daughter's porridge and the kettle base had gone black around the middle where the kettle sits, and the whole kitchen smelled like burning plastic.",
  body="""
Hi,
Used the glass kettle I bought from you last month (the one with the blue light) this morning as usual. Went to make my daughter's porridge and the kettle base had gone black around the middle where the kettle sits, and the whole kitchen smelled like burning plastic. The switch wouldn't click off either, I had to pull the plug out of the wall and it was hot to touch.

I've put it outside on the balcony, I don't want it back in the house. I want my money back, and can someone tell me how to get rid of it safely?

The plug looks a bit melted around the pins too.

Mei Lin

Sent from my iPhone
""")

M(cat='product', slug='glass-in-kimchi', lang='ko', urgent='yes', wants='explanation',
  frm=('윤지혜', 'jihye.yoon@gmail.example'), client='gmail',
  shape='alt', cte='8bit',
  subject='김치에서 유리 조각이 나왔습니다', date='2026-11-07 20:48:33 +0900',
  problem="11월 6일 새벽배송으로 받은 '한빛 포기김치 3kg'을 오늘 저녁에 썰다가 칼끝에 뭔가 딱딱한 게 걸려서 보니 유리 조각이었습니다.",
  body="""
한빛홈 대표님께

11월 6일 새벽배송으로 받은 '한빛 포기김치 3kg'을 오늘 저녁에 썰다가 칼끝에 뭔가 딱딱한 게 걸려서 보니 유리 조각이었습니다.
손톱만 한 크기의 투명한 유리입니다. 처음엔 제 그릇이 깨진 줄 알았는데 저희 집에 깨진 그릇은 없습니다.

이미 어제 저녁에 같은 김치를 식구들이 먹었습니다. 지금까지 아픈 사람은 없지만, 혹시 다른 조각을 삼켰을지도 모른다는 생각에 잠이 안 옵니다.
중학생 아이가 둘 있습니다.

환불이 문제가 아니라 어떻게 이런 게 들어갔는지 설명해 주셨으면 합니다.
같은 날 생산된 제품을 다른 집에서도 드시고 계실 텐데 그것도 확인해 주셔야 할 것 같습니다.
유리 조각과 김치 통은 그대로 보관하고 있습니다. 사진 필요하시면 보내드리겠습니다.

서울 노원구
윤지혜 드림
""")

M(cat='product', slug='high-chair-buckle-came-open', lang='ja', urgent='yes', wants='replacement',
  frm=('藤田 彩', 'aya.fujita@yahoo.example'), client='yahoojp',
  charset='iso-2022-jp', cte='7bit',
  subject='ベビーチェアのベルトについて', date='2026-11-10 14:35:26 +0900',
  problem='昨日の夕食中、1歳の息子が椅子の上で立ち上がろうとしたときに、腰ベルトのバックルが外れてしまい、息子が前のめりに落ちそうになりました。',
  body="""
ハンビットホーム様

お忙しいところ失礼します。急ぎではないのですが、念のためご連絡します。

9月に購入したベビーチェア（木製、グレー）のことです。
昨日の夕食中、1歳の息子が椅子の上で立ち上がろうとしたときに、腰ベルトのバックルが外れてしまい、息子が前のめりに落ちそうになりました。
私がすぐ横にいたので抱きとめられましたが、あと少し遅れていたら床に頭から落ちていたと思います。
見てみると、バックルの爪の部分が片方割れていて、カチッと留まったように見えても引っ張ると簡単に外れます。

今はこの椅子は使わずに、床で食べさせています。
交換用のベルトかバックルを送っていただくことは可能でしょうか。
同じ製品をお使いのご家庭も多いと思うので、ほかにも同じような報告がないか気になります。

よろしくお願いいたします。
藤田 彩
""")

M(cat='product', slug='high-chair-missing-bolts', lang='en', urgent='no', wants='replacement',
  frm=('Priya Raman', 'priya.raman@outlook.example'), client='gmail',
  subject='high chair - missing bolts', date='2026-11-04 19:10:02 +0900',
  problem='The high chair (order HB2611-14560) came today but the bag of bolts only has 4 of the 6 long ones (part C in the manual).',
  body="""
Hi,

The high chair (order HB2611-14560) came today but the bag of bolts only has 4 of the 6 long ones (part C in the manual). Haven't put it together yet obviously. Can you post the two missing bolts? Don't need a whole new chair.

Thanks
Priya
""")

M(cat='product', slug='airfryer-coating-peeling', lang='ko', urgent='no', wants='replacement',
  frm=('한승민', 'seungmin.han@naver.example'), client='naver',
  shape='alt', cte='base64', html_style='naver',
  subject='에어프라이어 바스켓 코팅 문의', date='2026-11-11 12:19:45 +0900',
  problem='두 달 조금 넘게 썼는데 바스켓 바닥 코팅이 동전만 하게 벗겨졌습니다.',
  body="""
안녕하세요.
8월 말에 구매한 에어프라이어(HF-550) 사용 중인 고객입니다.

두 달 조금 넘게 썼는데 바스켓 바닥 코팅이 동전만 하게 벗겨졌습니다.
설거지할 때 부드러운 스펀지만 썼고 철수세미나 금속 집게는 한 번도 안 썼어요.
전에 쓰던 다른 회사 제품은 3년을 써도 멀쩡했는데 좀 실망스럽네요.

바스켓만 따로 교환이 가능한지 궁금합니다. 안 되면 제품 교환이라도 부탁드립니다.
구매 내역 캡처 필요하시면 말씀해 주세요.

한승민 드림
""")

M(cat='product', slug='rice-cooker-220v-in-japan', lang='en', urgent='no', wants='replacement',
  frm=('Daniel Moreau', 'd.moreau@fastmail.example'), client='web',
  shape='html', cte='quoted-printable',
  subject='Wrong voltage rice cooker (JP order)', date='2026-11-05 11:56:08 +0900',
  problem='Unfortunately the box and the label on the back of the cooker both say 220V ~ 60Hz and it has the round two-pin Korean plug.',
  body="""
<html><body style="font-family:Helvetica,Arial,sans-serif;font-size:14px">
<p>Hello Hanbit team,</p>
<p>I live in Fukuoka and ordered the 6-cup induction rice cooker from your Japanese site on 1 November. It arrived yesterday, nicely packed.</p>
<p>Unfortunately the box and the label on the back of the cooker both say <b>220V ~ 60Hz</b> and it has the round two-pin Korean plug. Japan is 100V. The product page on the JP site clearly said 100V, which is why I bought it.</p>
<p>I haven&#39;t plugged it in (I&#39;ve read enough horror stories about cheap transformers). Could you swap it for the proper Japanese 100V version? I&#39;ll keep the box.</p>
<p>Best,<br>
Daniel Moreau<br>
Fukuoka</p>
</body></html>
""")

M(cat='product', slug='dining-chair-wobble', lang='mixed', urgent='no', wants='replacement',
  frm=('오하린', 'harin.oh@icloud.example'), client='iphone',
  subject='식탁 chair wobble 문제', date='2026-11-12 21:40:57 +0900',
  problem='chair 4개 중에 1개가 wobble이 너무 심해요.',
  body="""
안녕하세요~ 지난주에 받은 oak 식탁 set 관련인데요
chair 4개 중에 1개가 wobble이 너무 심해요. 다리 length가 하나만 짧은 것 같아요 (거의 5mm?)
조립은 설치 기사님이 해주셨고 floor 문제인가 해서 다른 방으로 옮겨봐도 똑같아요
나머지 3개는 perfect해요
chair 1개만 exchange 가능할까요?

iPhone에서 보냄
""")

M(cat='product', slug='mould-in-tofu-meal-kit', lang='en', urgent='yes', wants='explanation',
  frm=('Hannah Bergström', 'hannah.bergstrom@gmail.example'), client='gmail',
  shape='alt', cte='quoted-printable',
  subject='Mouldy tofu in the meal kit - my son already ate some', date='2026-11-10 20:22:14 +0900',
  problem="I didn't look closely at the soft tofu tube before I squeezed it in, and only when I was washing up did I see the inside of the tube had grey-green fuzzy spots all along the seam.",
  body="""
Hi,

Tonight I made the "Sundubu jjigae for 2" meal kit that came this morning (use-by date on the sticker says 12 Nov). I didn't look closely at the soft tofu tube before I squeezed it in, and only when I was washing up did I see the inside of the tube had grey-green fuzzy spots all along the seam. That's mould, there's no question.

My son (6) had already had about half a bowl. He says his tummy feels "funny" but he's running around, so I don't know if that's just him being dramatic. I've called the out-of-hours clinic and they told me to watch him.

I want to know what to look out for, whether anyone else has reported this batch, and please don't send me another one of these kits until you know.

The tube is in a freezer bag in my fridge if your quality team wants it.

Hannah Bergström
""")

M(cat='product', slug='banchan-too-salty', lang='ko', urgent='no', wants='refund',
  frm=('', 'gomgom_92@hanmail.example'), client='daum',
  subject='반찬 정기구독 솔직 후기', date='2026-11-13 22:51:30 +0900',
  problem='멸치볶음은 양이 반으로 줄었고 장조림은 너무 짜서 밥 두 공기로도 못 먹겠음',
  body="""
사장님 이메일이 여기 맞나
반찬 정기구독 3개월째인데 이번 주 거 진짜 너무하다
멸치볶음은 양이 반으로 줄었고 장조림은 너무 짜서 밥 두 공기로도 못 먹겠음
진미채는 딱딱해서 씹히지도 않음. 예전엔 이러지 않았잖아
이번 주 꺼는 환불해줘 그리고 다음 주 것도 이러면 구독 끊을 거야
""")

M(cat='product', slug='pressure-cooker-korean-manual', lang='ja', urgent='no', wants='other',
  frm=('松本 りな', 'rina.matsumoto@gmail.example'), client='gmail',
  cte='quoted-printable',
  subject='説明書、日本語のやつありますか', date='2026-11-11 10:14:39 +0900',
  problem='届いたのはいいんだけど、説明書が韓国語しか入ってなかったです。',
  body="""
こんにちは。
先週ハンビットホームの日本サイトで電気圧力鍋（HP-300）を買いました。
届いたのはいいんだけど、説明書が韓国語しか入ってなかったです。
ボタンも韓国語表記なので、どれが圧力調理なのか正直よくわからない…
翻訳アプリで頑張ってみたけど、安全弁のところとか間違えたら怖いのでまだ使えてません。
日本語の説明書（PDFでもいいです）送ってもらえませんか？
よろしくお願いします！

りな
""")
# --------------------------------------------------------------------------
# ACCOUNT
# --------------------------------------------------------------------------
M(cat='account', slug='email-changed-by-someone', lang='en', urgent='yes', wants='other',
  frm=('Joseph Oyelaran', 'joseph.oyelaran@proton.example'), client='web',
  subject='someone is in my account - please lock it NOW', date='2026-11-03 03:02:44 +0900',
  problem='Someone has taken over my account.',
  body="""
I can't log in to my Hanbit Home account anymore. Someone has taken over my account.

At 2:14 this morning I got an e-mail from you saying "your e-mail address has been changed" to an address I've never seen (something like k.r4nd0m88@...). Then a password change e-mail. Then nothing, because obviously the e-mails now go to them.

My partner's phone still has the app logged in, and from there I can see two orders placed tonight, a "smart fridge camera" and 40 bags of rice (??) to an address in Incheon, paid with my saved card.

Please freeze the account right now so they can't order anything else, and cancel those two orders before they ship. My bank is already involved.

The account was registered as j.oyelaran@outlook.example, member since 2023. Writing from my other address for obvious reasons.

Joseph Oyelaran
""")

M(cat='account', slug='reset-mail-never-arrives', lang='ko', urgent='no', wants='other',
  frm=('김도윤', 'doyoon.kim@naver.example'), client='naver',
  cte='quoted-printable',
  subject='비밀번호 재설정 메일이 오지 않습니다', date='2026-11-04 12:30:18 +0900',
  problem="어제부터 앱에서 로그인이 안 돼서 '비밀번호 찾기'를 눌렀는데 재설정 메일이 오지 않습니다.",
  body="""
안녕하세요, 한빛홈 회원 김도윤입니다.

어제부터 앱에서 로그인이 안 돼서 '비밀번호 찾기'를 눌렀는데 재설정 메일이 오지 않습니다.
스팸함, 프로모션함 다 확인했고 10번 넘게 다시 요청해 봤습니다.
가입한 이메일 주소는 지금 이 메일 주소(doyoon.kim@naver.example)가 맞습니다.
휴대폰 번호로 인증하는 방법도 있다고 들었는데 앱에는 이메일 방법만 보입니다.

Plus 멤버십 쿠폰이 이번 주에 만료되는데 로그인을 못 해서 쓰지도 못하고 있어요.
확인 부탁드립니다.
""")

M(cat='account', slug='points-balance-zero', lang='ja', urgent='no', wants='explanation',
  frm=('岡田 健一', 'k.okada@gmail.example'), client='gmail',
  shape='alt', cte='base64',
  subject='ポイントが消えています', date='2026-11-06 08:47:51 +0900',
  problem='昨日アプリを開いたところ、貯めていたポイント31,250ポイントが0ポイントになっておりました。',
  body="""
ハンビットホーム御中

いつも利用させていただいております。会員番号HJ-0041187の岡田と申します。

昨日アプリを開いたところ、貯めていたポイント31,250ポイントが0ポイントになっておりました。
ポイント履歴を見ても「使用」や「失効」の記録はなく、残高だけが0になっています。
有効期限も来年の3月までと以前は表示されていたはずです。

パスワードは先月変更したばかりで、不審なログインの通知なども届いておりません。
システムの不具合でしょうか。原因を教えていただけますでしょうか。

お手数をおかけしますが、よろしくお願いいたします。
岡田 健一
""")

M(cat='account', slug='plus-status-expired-old-burn', lang='en', urgent='no', wants='explanation',
  frm=('Eleanor Voss', 'eleanor.voss@posteo.example'), client='outlook', outlook_region='eurprd04',
  subject='Hanbit Plus - still showing "expired"??', date='2026-11-04 17:25:36 +0900',
  problem='But when I log in the account page still says "Membership: Expired" and I\'m not getting free dawn delivery or the 5% points at checkout.',
  body="""
Hello again,

Some of you might remember me, I'm the one whose rice cooker lid burned my hand last year. That all got sorted out very nicely at the time (thank you to Ms Seo in customer care, my hand is completely fine), so this is NOT about that.

This is about my Plus membership. I renewed it on 1 November, the 39,000 won annual fee came off my card the same day and I got the "Welcome back to Hanbit Plus" mail. But when I log in the account page still says "Membership: Expired" and I'm not getting free dawn delivery or the 5% points at checkout. Yesterday I paid 3,000 won delivery on an order that should have been free.

Can you explain what's going on with the status and fix it?

Many thanks,
Eleanor Voss
""")

M(cat='account', slug='unknown-device-points-used', lang='ko', urgent='yes', wants='other',
  frm=('', 'minji.0430@icloud.example'), client='iphone',
  subject='제 계정 해킹당한 것 같아요', date='2026-11-07 01:18:09 +0900',
  problem='방금 앱에서 "새로운 기기에서 로그인되었습니다" 알림이 왔는데 저는 로그인한 적이 없어요',
  body="""
방금 앱에서 "새로운 기기에서 로그인되었습니다" 알림이 왔는데 저는 로그인한 적이 없어요
기기 이름이 Windows PC 라고 나오는데 저는 집에 컴퓨터도 없습니다
들어가 보니까 적립금 47,000원이 전부 사용됐고 제가 모르는 주소로 상품권이 주문돼 있어요
비밀번호 바꾸려고 했는데 바꾸는 중에 또 로그아웃됐어요
계정부터 막아주세요 제발요
010-0000-0000

iPhone에서 보냄
""")

M(cat='account', slug='verification-to-old-work-email', lang='en', urgent='no', wants='other',
  frm=('Lukas Brenner', 'lukas.brenner@gmx.example'), client='apple',
  subject="Can't log in after changing my email", date='2026-11-09 19:03:22 +0900',
  problem="Now when I log in on a new phone it says it's sending a verification code to the old work e-mail, which I can no longer access.",
  body="""
Hi,
Last week I changed the e-mail on my account from my work address (I've left that job) to this one. It seemed to work. Now when I log in on a new phone it says it's sending a verification code to the old work e-mail, which I can no longer access. So I'm stuck.
Could you switch the verification to this address or to my phone number? Happy to prove who I am.
Thanks, Lukas Brenner
""")

M(cat='account', slug='app-login-loop', lang='ko', urgent='no', wants='explanation',
  frm=('', 'jjh_0825@gmail.example'), client='samsung',
  cte='base64',
  subject='앱 또 튕김', date='2026-11-10 18:55:03 +0900',
  problem='업데이트하고 나서 로그인하면 바로 튕겨',
  body="""
업데이트하고 나서 로그인하면 바로 튕겨
로그인 → 홈화면 1초 → 다시 로그인 화면 무한반복
지우고 다시 깔아도 똑같음 갤럭시 S24임
장바구니에 담아둔 거 오늘 할인 끝나는데 이거 언제 고쳐지는지 알려줘
""")

M(cat='account', slug='father-locked-out-no-food', lang='en', urgent='yes', wants='other',
  frm=('Daniel Choi', 'daniel.choi.sg@gmail.example'), client='gmail',
  shape='alt', cte='8bit',
  subject="Father's account locked", date='2026-11-11 07:36:40 +0800',
  problem='On Saturday he typed his password wrong a few times and the app has locked his account.',
  body="""
Dear Hanbit Home,

My father, Mr Choi Byungho (83), lives alone in Daegu and orders all of his food from your app because he can no longer walk to the shops after his hip operation. He is diabetic and I set up the app with a list of things he can eat.

On Saturday he typed his password wrong a few times and the app has locked his account. It tells him to verify by e-mail, but the e-mail is mine, and the link I receive says "expired" every time I click it. He then tried to create a new account and was told his phone number is already registered.

He has now been without a delivery since last Wednesday. A neighbour brought him some bread and bananas yesterday, which is exactly what he shouldn't be eating.

Please unlock his account, or take an order for him by phone today. I am in Singapore for work and can't get there until the end of the month.

Best regards,
Daniel Choi
""")

M(cat='account', slug='plus-rank-still-general', lang='ja', urgent='no', wants='explanation',
  frm=('山下 純一', 'j.yamashita@yahoo.example'), client='yahoojp',
  shape='alt', cte='quoted-printable', reply=1,
  subject='Re: 【Hanbit Home】ハンビットプラス年会費のお支払いが完了しました',
  date='2026-11-09 12:04:29 +0900',
  problem='下のメールの通り、年会費はちゃんと払ってるんですけど、マイページの会員ランクがまだ「一般会員」のままです。',
  body="""
お世話になります。
下のメールの通り、年会費はちゃんと払ってるんですけど、マイページの会員ランクがまだ「一般会員」のままです。
もう3日たちました。
プラス会員のクーポンが使えないので、どうなってるのか確認してもらえますか？

山下

2026年11月6日(金) 10:02 Hanbit Home <noreply@hanbit-home.example>:
> 山下 純一 様
>
> いつもHanbit Homeをご利用いただきありがとうございます。
> ハンビットプラス年会費のお支払いが完了しました。
>
> ご請求金額：4,900円（税込）
> 会員期間：2026年11月6日〜2027年11月5日
>
> プラス会員特典は、お支払い完了後すぐにご利用いただけます。
> ※本メールは送信専用です。
""")

M(cat='account', slug='cannot-cancel-plus-button', lang='ko', urgent='no', wants='cancellation',
  frm=('이수진', 'sujin.lee0312@korea.example'), client='web',
  charset='euc-kr', cte='8bit',
  subject='멤버십 해지 부탁드립니다', date='2026-11-12 15:16:51 +0900',
  problem='한빛플러스 멤버십을 해지하려고 앱에서 [마이페이지 > 멤버십 관리 > 해지하기]를 누르는데 버튼이 회색으로 되어 있고 눌리지 않습니다.',
  body="""
한빛플러스 멤버십을 해지하려고 앱에서 [마이페이지 > 멤버십 관리 > 해지하기]를 누르는데 버튼이 회색으로 되어 있고 눌리지 않습니다.
웹사이트에서도 똑같습니다.
다음 결제일이 11월 20일이라 그 전에 꼭 해지하고 싶습니다.
회원 탈퇴까지 할 생각은 없고 멤버십만 해지해 주세요.

회원 아이디: sjlee0312
이수진
""")
# --------------------------------------------------------------------------
# SERVICE
# --------------------------------------------------------------------------
M(cat='service', slug='boiler-tech-no-show-father-84', lang='ko', urgent='yes', wants='repair',
  frm=('오세진', 'sejin.oh@naver.example'), client='naver',
  subject='수리기사 방문 약속 두 번이나 펑크났습니다', date='2026-11-13 07:22:15 +0900',
  problem='지난주 목요일부터 보일러가 안 돌아가서 서비스 접수를 했고, 11월 10일 오전에 기사님이 오시기로 했는데 안 오셨습니다.',
  body="""
안녕하세요. 급한 일이라 대표님 메일로 직접 보냅니다.

저희 아버지(84세)가 혼자 사시는 강원도 홍천 집에 작년에 한빛홈에서 전기보일러를 설치했습니다.
지난주 목요일부터 보일러가 안 돌아가서 서비스 접수를 했고, 11월 10일 오전에 기사님이 오시기로 했는데 안 오셨습니다.
다시 접수해서 어제(12일) 오후로 잡았는데 또 안 오셨고, 연락도 없었습니다.
콜센터에서는 "기사님 일정이 밀렸다"는 말만 합니다.

홍천은 요즘 아침 기온이 영하 5도까지 떨어집니다.
아버지는 전기장판 하나로 버티고 계시고 씻지도 못하고 계십니다. 어제 통화할 때 기침을 많이 하셔서 너무 걱정됩니다.

오늘 중으로 기사님이 꼭 방문할 수 있게 해주세요.

접수번호: AS-2611-03318
아들 오세진 010-0000-0000
""")

M(cat='service', slug='call-centre-hung-up-caps', lang='en', urgent='no', wants='apology',
  frm=('B. Hargreaves', 'bhargreaves1961@aol.example'), client='samsung',
  subject='YOUR CALL CENTRE IS A JOKE', date='2026-11-05 15:58:44 +0900',
  problem='I RANG TODAY ABOUT A MISSING LID FOR MY STOCK POT (NOT A BIG DEAL!!) AND THE MAN ON THE PHONE SIGHED AT ME, SAID "I ALREADY EXPLAINED THIS" AND THEN HUNG UP ON ME.',
  body="""
I HAVE BEEN A CUSTOMER FOR 4 YEARS AND I HAVE NEVER BEEN SPOKEN TO LIKE THAT.
I RANG TODAY ABOUT A MISSING LID FOR MY STOCK POT (NOT A BIG DEAL!!) AND THE MAN ON THE PHONE SIGHED AT ME, SAID "I ALREADY EXPLAINED THIS" AND THEN HUNG UP ON ME.
WHEN I RANG BACK I WAITED 40 MINUTES AND GAVE UP.
I WANT AN APOLOGY FROM SOMEBODY. THE LID I CAN LIVE WITHOUT.
CALL WAS AROUND 3:20PM TODAY FROM 010-0000-0000
B HARGREAVES
""")

M(cat='service', slug='return-pickup-cancelled-3x', lang='ja', urgent='no', wants='other',
  frm=('小林 由紀', 'yuki.kobayashi@icloud.example'), client='apple',
  cte='quoted-printable',
  subject='返品の集荷が来ません（3回目）', date='2026-11-10 09:05:33 +0900',
  problem='集荷日を11月2日、5日、9日と3回指定しましたが、3回とも当日の朝に「集荷がキャンセルされました」というメールが届き、誰も来ませんでした。',
  body="""
ハンビットホーム カスタマーサポート御中
（代表アドレスに送ってしまい申し訳ありません。サポートに連絡してもまったく進まないため、こちらにお送りしています。）

10月末にサイズ違いで返品を申請したソファカバーの件です。
集荷日を11月2日、5日、9日と3回指定しましたが、3回とも当日の朝に「集荷がキャンセルされました」というメールが届き、誰も来ませんでした。
チャットで問い合わせるたびに「再手配しました」と言われるだけで、キャンセルの理由は教えてもらえません。

返品期限は購入から30日と書いてあるので、このままだと期限が過ぎてしまうのではと不安です。
確実に集荷に来ていただけるよう手配をお願いいたします。期限も延長していただけると助かります。

注文番号：HB2610-93377
小林 由紀
""")

M(cat='service', slug='installer-drilled-cable-sparks', lang='en', urgent='yes', wants='repair',
  frm=('Marcus Hale', 'marcus.hale@mac.example'), client='apple',
  subject='Installer yesterday - socket now sparking', date='2026-11-06 08:14:27 +0900',
  problem='This morning my wife plugged the toaster into the socket just under the cabinet he drilled into, and there was a loud crack and a spark came out of the socket, with a blue flash.',
  body="""
Hello,

Your installer came yesterday afternoon to mount the new range hood over our hob (booking IN-2611-20871). He was in and out in about 40 minutes, which I thought was impressive at the time.

This morning my wife plugged the toaster into the socket just under the cabinet he drilled into, and there was a loud crack and a spark came out of the socket, with a blue flash. The faceplate is scorched and the breaker tripped. We think he drilled through the cable that runs behind the tiles; the hole is right where it would be.

We've turned that circuit off at the fuse box and put tape over the socket. Half the kitchen now has no power, including the fridge, which we're running off an extension lead from the living room.

Please send an electrician, not an installer, as soon as possible, and please get someone to check his other jobs from yesterday.

Marcus Hale
""")

M(cat='service', slug='chatbot-no-human', lang='ko', urgent='no', wants='other',
  frm=('강민서', 'minseo.kang@hanmail.example'), client='daum',
  subject='상담원 연결 좀 해주세요', date='2026-11-11 14:09:52 +0900',
  problem="앱 1:1 상담에서 '상담원 연결'을 누르면 \"상담 가능 시간이 아닙니다\"가 뜨는데 지금 평일 오후 2시입니다.",
  body="""
챗봇 말고 사람이랑 얘기하고 싶습니다.

앱 1:1 상담에서 '상담원 연결'을 누르면 "상담 가능 시간이 아닙니다"가 뜨는데 지금 평일 오후 2시입니다.
챗봇은 제가 뭘 물어봐도 "주문 조회는 마이페이지에서 가능합니다"라는 답만 반복하네요.
전화는 30분 기다리다 끊겼습니다.

문의 내용은 간단한데(배송 받은 수납장 색상 교환 가능 여부) 이걸 물어볼 방법이 없다는 게 말이 되나요?
사람 상담원과 연결될 수 있는 방법을 알려주세요.
""")

M(cat='service', slug='dishwasher-tech-blamed-customer', lang='en', urgent='no', wants='repair',
  frm=('Peter Lindgren', 'peter.lindgren@gmail.example'), client='gmail',
  shape='alt', cte='quoted-printable',
  subject='A few thoughts from a long-time customer', date='2026-11-12 22:31:06 +0900',
  problem='He pulled the bottom panel off, looked for maybe five minutes, said the drain pump was "damaged by the customer" and so not covered by the warranty, and left.',
  body="""
Dear Mr. Founder (sorry, I don't know your name, the website just says "our founder"),

I've been meaning to write for a while. We moved to Seoul from Vancouver three years ago and your shop was honestly one of the first things that made it feel like home. Sunday dawn delivery of croissants and kimchi in the same box is a combination I never knew I needed. My wife still talks about the pear you sent as a free gift at Chuseok.

We've bought a fair amount from you over the years: the sofa, the kids' bunk beds (assembled beautifully by a very patient man called Mr. Ahn), two kettles, and the built-in dishwasher last spring, which is what I actually need to talk about.

The dishwasher started leaving standing water in the bottom a couple of weeks ago. I booked a repair visit through the app and a technician came on Tuesday. He pulled the bottom panel off, looked for maybe five minutes, said the drain pump was "damaged by the customer" and so not covered by the warranty, and left. He didn't put the panel back on; it's now leaning against our fridge. When I asked how we could have damaged a pump inside a sealed unit he just shrugged and said the office would call me. Nobody has called.

The warranty is two years, we are at eight months, and I've never been inside the thing.

Anyway, I would really like someone to come back and actually repair it under the warranty, ideally someone who will tell me what is wrong with it.

On a happier note, the new honey citron tea is excellent.

Warm regards,
Peter Lindgren
Seongbuk-gu
""")

M(cat='service', slug='assembler-late-and-rude', lang='ko', urgent='no', wants='apology',
  frm=('배수아', 'sua.bae@gmail.example'), client='gmail', reply=1,
  subject='Re: [한빛홈] 가구 조립 방문 예약이 확정되었습니다', date='2026-11-05 19:47:02 +0900',
  problem='들어오시자마자 "아 이거 왜 이렇게 큰 걸 샀어" 하시면서 처음부터 끝까지 반말하셨고, 저희 어머니께도 "할머니 저리 좀 비켜봐요" 이런 식이었습니다.',
  body="""
안녕하세요.
아래 예약 확인 메일 받고 오늘 오후 2시에 기사님 오시기로 했는데요, 4시 넘어서 오셨습니다. 연락도 없이요.
늦을 수는 있다고 생각하는데 문제는 태도였습니다.
들어오시자마자 "아 이거 왜 이렇게 큰 걸 샀어" 하시면서 처음부터 끝까지 반말하셨고, 저희 어머니께도 "할머니 저리 좀 비켜봐요" 이런 식이었습니다.
조립은 다 해주셨고 옷장 자체는 문제 없습니다.
기사님 교육 좀 부탁드리고, 사과 한마디는 들어야겠습니다.

배수아

2026년 11월 3일 (화) 오후 2:11, Hanbit Home <noreply@hanbit-home.example>님이 작성:
> 안녕하세요, 한빛홈입니다.
> 가구 조립 방문 예약이 확정되었습니다.
>
> ■ 방문 일시: 2026년 11월 5일(목) 14:00~15:00
> ■ 상품: 모던 3도어 옷장 (화이트)
> ■ 주소: 서울시 송파구 ***
>
> 방문 30분 전 기사님이 연락드립니다.
> 본 메일은 발신전용입니다.
""")

M(cat='service', slug='return-label-never-sent-press', lang='en', urgent='yes', wants='refund',
  frm=('Jonathan Reyes', 'jreyes@fastmail.example'), client='outlook', outlook_region='namprd11',
  reply=2, cc='support@hanbit-home.example',
  subject='RE: Your return request #RT-2611-00472', date='2026-11-11 10:38:19 +0900',
  problem='Nobody has sent me a return label in over two weeks.',
  body="""
Third time writing, and this time I'm copying your CEO.

Nobody has sent me a return label in over two weeks. On 28 October your chat agent "Jiwoo" told me a return label for the faulty stand mixer would be e-mailed within 24 hours. It never came. On 2 November a different agent told me the return request had been "closed as resolved" (by whom?) and I would need to start again. I started again. Below is the auto-reply I got, and that is the last I have heard from anyone.

I've now spent more time chasing this return than I spent using the mixer. I've kept every chat transcript.

If I don't have a return label or a refund of 289,000 won by Friday, I'm sending the whole thread to the TV consumer programme that does these stories, and to a reporter I know at one of the English-language dailies. I'm not bluffing, I've already drafted it.

Jonathan Reyes

-----Original Message-----
From: Hanbit Home Support <support@hanbit-home.example>
Sent: Monday, November 2, 2026 4:47 PM
To: Jonathan Reyes <jreyes@fastmail.example>
Subject: Your return request #RT-2611-00472

Dear customer,

Thank you for contacting Hanbit Home. We have received your return request and a member of our team will contact you within 1-2 business days.

Kind regards,
Hanbit Home Customer Care
""")

M(cat='service', slug='call-centre-never-answers', lang='ja', urgent='no', wants='explanation',
  frm=('', 'haruka.n@au.example'), client='docomo',
  subject='電話つながらなさすぎ', date='2026-11-12 17:40:11 +0900',
  problem='コールセンター、今日3回かけて合計1時間10分待ったけど一回もつながらなかった。',
  body="""
コールセンター、今日3回かけて合計1時間10分待ったけど一回もつながらなかった。😇
最後は「ただいま大変混み合っております」のあと勝手に切れるし。
聞きたいのは炊飯器の内釜だけ買えるかってことだけなんだけど…
なんでこんなにつながらないの？人足りてないなら問い合わせフォームちゃんと作ってほしい。
""")

M(cat='service', slug='dishwasher-install-leak', lang='ko', urgent='no', wants='repair',
  frm=('문경희', 'kyunghee.moon@naver.example'), client='naver',
  cte='quoted-printable',
  subject='식기세척기 설치 후 싱크대 밑으로 물이 샙니다', date='2026-11-08 11:51:24 +0900',
  problem='그런데 설치 다음 날부터 싱크대 하부장 바닥이 젖어 있어서 열어보니, 기사님이 연결하신 급수 호스 연결 부위에서 물이 조금씩 떨어지고 있었습니다.',
  body="""
안녕하세요.
11월 4일에 한빛홈 설치 기사님이 오셔서 12인용 식기세척기를 설치해 주셨습니다.
그런데 설치 다음 날부터 싱크대 하부장 바닥이 젖어 있어서 열어보니, 기사님이 연결하신 급수 호스 연결 부위에서 물이 조금씩 떨어지고 있었습니다.
수건을 깔아두고 있는데 하루에 수건 두 장이 흠뻑 젖을 정도입니다.
하부장 바닥 합판이 벌써 부풀어 올랐어요.

설치 기사님께 직접 전화드렸더니 "제가 한 건 문제 없다"고 하시고 끊으셨습니다.
빠른 시일 내에 다시 방문해서 제대로 고쳐주시고, 하부장 손상도 확인해 주셨으면 합니다.

문경희 드림
""")
# --------------------------------------------------------------------------
# PRIVACY
# --------------------------------------------------------------------------
M(cat='privacy', slug='re-your-order-stop-texts', lang='en', urgent='no', wants='left_alone',
  frm=('Nadia Petrova', 'nadia.petrova@gmail.example'), client='gmail', reply=1,
  subject='Re: your order', date='2026-11-10 07:05:48 +0900',
  problem='I\'m still getting 2-3 texts a week from you ("Hanbit Plus flash sale!", "Your cart misses you"), and yesterday one at 6:40 in the morning which woke the baby.',
  body="""
Not about the order, the order was fine.

I replied to this because it's the only e-mail from you I could find. I unticked every marketing box in my account settings back in September. I'm still getting 2-3 texts a week from you ("Hanbit Plus flash sale!", "Your cart misses you"), and yesterday one at 6:40 in the morning which woke the baby.

Please just stop texting me. Take me off everything that isn't an actual order update.

Nadia

On Mon, 2 Nov 2026 at 09:14, Hanbit Home <orders@hanbit-home.example> wrote:
> Hi Nadia,
>
> Thanks for your order! We're getting it ready.
>
> Order number: HB2611-02296
> Stainless steel kettle 1.7L x 1    45,000 KRW
> Delivery: Standard (2-3 days)
>
> Track your order in the Hanbit Home app.
> Questions about a refund or a late delivery? Visit our Help Centre.
""")

M(cat='privacy', slug='data-access-request-pipa35', lang='ko', urgent='no', wants='other',
  frm=('한지원', 'jiwon.han@kakao.example'), client='thunderbird',
  cte='quoted-printable',
  subject='개인정보 열람 청구', date='2026-11-09 10:00:07 +0900',
  problem='최근 한빛홈과 거래한 적이 없는 업체로부터 제 이름과 주소가 적힌 광고 우편물을 받은 일이 있어, 제 정보가 어디까지 제공되었는지 확인하고자 합니다.',
  body="""
수신: 주식회사 한빛홈 개인정보 보호책임자
발신: 한지원 (회원 ID: jiwon_han)

「개인정보 보호법」 제35조에 따라 아래와 같이 본인의 개인정보 열람을 청구합니다.

1. 귀사가 보유하고 있는 본인의 개인정보 항목 일체
2. 개인정보의 수집·이용 목적 및 보유 기간
3. 제3자에게 제공한 내역 (제공받은 자, 제공 일자, 제공 항목)
4. 개인정보 처리 위탁 현황
5. 마케팅 수신 동의 이력

최근 한빛홈과 거래한 적이 없는 업체로부터 제 이름과 주소가 적힌 광고 우편물을 받은 일이 있어, 제 정보가 어디까지 제공되었는지 확인하고자 합니다.
법정 기한(10일) 내에 회신 부탁드립니다.
회신은 이 이메일 주소로 받겠습니다.

2026년 11월 9일
한지원
""")

M(cat='privacy', slug='withdraw-and-delete-data', lang='ja', urgent='no', wants='data_deletion',
  frm=('高橋 洋平', 'yohei.takahashi@biglobe.example'), client='becky',
  charset='iso-2022-jp', cte='7bit',
  subject='退会および個人情報削除のお願い', date='2026-11-11 21:12:45 +0900',
  problem='あわせて、私の氏名、住所、電話番号、購入履歴など、貴社が保有している個人情報をすべて削除していただきたく、お願い申し上げます。',
  body="""
ハンビットホーム
個人情報保護ご担当者様

いつもお世話になっております。
日本サイトで会員登録しております、高橋と申します。

このたび、引っ越しにともない今後の利用予定がなくなりましたので、会員を退会したいと考えております。
あわせて、私の氏名、住所、電話番号、購入履歴など、貴社が保有している個人情報をすべて削除していただきたく、お願い申し上げます。
法令上保存が必要な情報がある場合は、その項目と保存期間をお知らせいただけますと幸いです。

登録メールアドレス：本メールの送信元
会員番号：JP-0007731

お手数をおかけいたしますが、よろしくお願い申し上げます。

高橋 洋平
""")

M(cat='privacy', slug='fwd-shipping-mail-other-customer', lang='en', urgent='no', wants='explanation',
  frm=('Ines Carvalho', 'ines.carvalho@sapo.example'), client='apple',
  subject='Fwd: Your Hanbit Home order has shipped', date='2026-11-04 12:40:30 +0900',
  problem="It has someone called Kwon Minseo's name, her phone number and her full home address in Ilsan, plus what she ordered (including a pregnancy test kit, which I really feel she wouldn't want a stranger to know).",
  forward=dict(cat='privacy', slug='inner-shipping-notification',
               frm=('Hanbit Home', 'noreply@hanbit-home.example'), to='ines.carvalho@sapo.example',
               subject='Your Hanbit Home order has shipped', date='2026-11-04 09:02:11 +0900',
               message_id='<202611040902.7f3a91c2e0b54d11@mailer.hanbit-home.example>',
               received=False, cte='7bit',
               body="""
Hi Ines,

Good news - your order is on its way!

Order: HB2611-66120
Recipient: Kwon Minseo
Phone: 010-0000-0000
Address: 000, Jungang-ro, Ilsandong-gu, Goyang-si, Gyeonggi-do

Items:
- Organic prenatal vitamins (60 caps) x 1
- Early pregnancy test kit (2 pack) x 1
- Bamboo baby washcloths (5 pack) x 1

Estimated delivery: Thursday 5 November
Track your parcel in the Hanbit Home app.

Hanbit Home | hanbit-home.example
You are receiving this e-mail because you placed an order with Hanbit Home.
"""),
  body="""
Hi,

Forwarding the attached e-mail I got this morning. It's addressed to me, but the order inside isn't mine. It has someone called Kwon Minseo's name, her phone number and her full home address in Ilsan, plus what she ordered (including a pregnancy test kit, which I really feel she wouldn't want a stranger to know).

I haven't ordered anything since June. I don't know whether she got mine too, but either way something is mixed up in your system.

Could you explain how this happened, and let her know? I'll delete it once you've confirmed you've got it.

Thanks,
Ines Carvalho
""")

M(cat='privacy', slug='other-peoples-orders-in-app-pipc', lang='ko', urgent='yes', wants='explanation',
  frm=('최서연', 'seoyeon.choi@outlook.example'), client='outlook', outlook_region='KORP216',
  charset='ks_c_5601-1987', cte='base64',
  subject='앱 주문내역에 다른 사람 개인정보가 보입니다', date='2026-11-12 11:08:36 +0900',
  problem='오늘 오전 앱에서 제 주문내역을 확인하려고 들어갔더니, 제 주문이 아닌 다른 사람의 주문 5건이 보였습니다.',
  body="""
한빛홈 대표이사님께

오늘 오전 앱에서 제 주문내역을 확인하려고 들어갔더니, 제 주문이 아닌 다른 사람의 주문 5건이 보였습니다.
주문자 이름, 휴대폰 번호, 배송지 주소, 공동현관 비밀번호까지 모두 그대로 나옵니다.
새로고침할 때마다 다른 사람의 정보로 바뀌어 나오는 걸로 봐서 제 계정만의 문제가 아닌 것 같습니다.

반대로 생각하면 제 주소와 공동현관 비밀번호도 지금 누군가에게 보이고 있을 수 있다는 뜻입니다.
혼자 사는 입장에서 정말 불안합니다.

어떻게 이런 일이 생겼는지, 제 정보가 누구에게 노출되었는지 해명해 주십시오.
오늘 중으로 답변이 없으면 개인정보보호위원회에 신고하겠습니다.
화면 캡처는 모두 저장해 두었습니다.

최서연
""")

M(cat='privacy', slug='address-given-to-ex-husband', lang='en', urgent='yes', wants='explanation',
  frm=('A. Morgan', 'a.morgan.safe@proton.example'), client='web',
  subject='You gave my address to my ex-husband', date='2026-11-08 22:45:17 +0900',
  problem='He told them the woman on the phone read the address out to him after he gave my name and old phone number.',
  body="""
I need someone senior to read this today.

I left my ex-husband in August. There is a protection order against him. I moved to a new flat and I have been extremely careful about who has my new address. Your company has it because I ordered a mattress and some kitchen things in October.

On Thursday he turned up outside my building. When the police spoke to him he said he "just rang Hanbit and asked where his wife's mattress was delivered". He told them the woman on the phone read the address out to him after he gave my name and old phone number.

I am staying with a friend now and can't go home.

I need to know exactly what your call centre told him, on what date, and what he was asked to prove before they gave it out. Please make sure the call recording is not deleted.

Please don't call the phone number on file; reply only by e-mail.

A. Morgan
""")

M(cat='privacy', slug='marketing-opt-out-ignored', lang='mixed', urgent='no', wants='left_alone',
  frm=('장유리', 'yuri.jang@icloud.example'), client='iphone',
  subject='marketing 문자 수신거부 했는데 계속 와요', date='2026-11-06 22:31:59 +0900',
  problem='지난달에 app setting에서 marketing 수신 동의 전부 off 했는데요 SMS랑 카톡 광고가 계속 와요',
  body="""
안녕하세요
지난달에 app setting에서 marketing 수신 동의 전부 off 했는데요 SMS랑 카톡 광고가 계속 와요
특히 밤 10시 넘어서 오는 push 알림도 있고요
080 수신거부 번호로도 두 번 했어요
이제 진짜 그만 보내주세요. order 관련 안내만 받고 싶어요

iPhone에서 보냄
""")

M(cat='privacy', slug='call-recording-request', lang='en', urgent='no', wants='other',
  frm=('Dr. Katharina Weiss', 'k.weiss@uni-mail.example'), client='outlook', outlook_region='eurprd04',
  shape='alt', cte='quoted-printable', html_style='outlook',
  subject='Request for copy of call recording - 21 October 2026', date='2026-11-03 16:20:44 +0900',
  problem='I am writing to request a copy of the recording of a telephone call I made to your customer centre on 21 October 2026 at approximately 11:40 KST, from the number ending 2291.',
  body="""
Dear Data Protection Officer,

I am writing to request a copy of the recording of a telephone call I made to your customer centre on 21 October 2026 at approximately 11:40 KST, from the number ending 2291. Your IVR message states that calls are recorded for quality and training purposes.

During that call, the agent confirmed that I would receive a full refund for order HB2610-40108, including the return shipping fee. Your team is now telling me that no such promise was made and that the shipping fee is non-refundable.

I am not asking you to resolve the refund through this channel; I will pursue that separately with customer care. I am asking only for the recording, which is my personal data, so that both sides can refer to what was actually said.

Please also confirm how long recordings are retained, so that this one is not deleted while the request is pending.

Yours faithfully,

Dr. Katharina Weiss
""")

M(cat='privacy', slug='full-phone-number-on-label', lang='ko', urgent='no', wants='other',
  frm=('남궁현', 'hyun.namgung@naver.example'), client='naver',
  shape='alt', cte='8bit', html_style='naver',
  subject='택배 송장 개인정보 문제', date='2026-11-13 19:26:03 +0900',
  problem='한빛홈에서 주문하면 상자에 붙어 오는 송장에 제 휴대폰 번호가 가운데 자리까지 전부 그대로 찍혀 있습니다.',
  body="""
안녕하세요.
한빛홈에서 주문하면 상자에 붙어 오는 송장에 제 휴대폰 번호가 가운데 자리까지 전부 그대로 찍혀 있습니다.
다른 쇼핑몰은 다 010-****-1234 이런 식으로 가려서 나오는데 한빛홈만 그렇네요.
게다가 요즘은 배송 메모에 적은 공동현관 비밀번호까지 송장에 그대로 인쇄돼 나옵니다.

재활용 버릴 때마다 송장 떼느라 번거롭기도 하고, 아파트 분리수거장에 그대로 버려진 이웃들 상자도 다 보입니다.
송장에 개인정보 마스킹 처리 좀 해주세요.
""")

M(cat='privacy', slug='strange-sales-calls-leak', lang='ja', urgent='no', wants='explanation',
  frm=('', 'mao.k1122@docomo.ne.example'), client='docomo',
  cte='base64',
  subject='情報漏れてない？', date='2026-11-14 20:17:38 +0900',
  problem='最近、知らない不動産会社とか布団の訪問販売から電話がかかってくるようになった。',
  body="""
最近、知らない不動産会社とか布団の訪問販売から電話がかかってくるようになった。
この番号、ハンビットホームにしか登録してない番号なんだけど（仕事用とは別の2台目のスマホ）。
しかも電話で「先日キッチン家電をご購入された方に」とか言ってきたんだよね。
どこかに私の情報渡したりしてる？説明してほしい。
""")
# --------------------------------------------------------------------------
# OTHER
# --------------------------------------------------------------------------
M(cat='other', slug='ice-pack-partnership-killer-deal', lang='en', urgent='no', wants='other',
  frm=('Kyle Brennan', 'kyle@chillpak.example'), client='phpmailer',
  shape='html', cte='quoted-printable',
  subject="Hanbit x ChillPak - a killer deal on your dawn-delivery ice packs", date='2026-11-03 02:15:00 +0000',
  problem='I noticed your dawn deliveries still use the old PE gel packs.',
  body="""
<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>body{font-family:Arial,sans-serif;color:#222}.cta{background:#ff5a1f;color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px}</style></head>
<body>
<table width="600" align="center" cellpadding="0" cellspacing="0"><tr><td>
<h2>Hi Hanbit Home team &#128075;</h2>
<p>I'm Kyle from ChillPak Solutions. We make plant-based, drain-safe gel ice packs for cold-chain grocery delivery, and we already supply three of the top ten meal-kit brands in Southeast Asia.</p>
<p>I noticed your dawn deliveries still use the old PE gel packs. Customers hate throwing those away (we checked your app reviews &#128521;).</p>
<p><b>Here's the killer deal:</b> switch your first 50,000 packs to ChillPak before 31 December and we'll match your current unit price AND throw in custom printing with your logo for free.</p>
<p>Could I grab 15 minutes with you or your logistics lead next week?</p>
<p><a class="cta" href="https://chillpak.example/book?ref=hanbit">Book a call</a></p>
<p>Cheers,<br>Kyle Brennan<br>Head of Partnerships, ChillPak Solutions<br>chillpak.example</p>
<p style="font-size:11px;color:#888">You are receiving this because your company was listed as a potential partner. <a href="https://chillpak.example/unsubscribe?u=8812">Unsubscribe</a> | ChillPak Solutions Pte. Ltd., Anson Road, Singapore</p>
</td></tr></table>
</body></html>
""")

M(cat='other', slug='job-application-fresh-md', lang='ko', urgent='no', wants='other',
  frm=('박서연', 'seoyeon.park.md@gmail.example'), client='gmail',
  subject='[입사지원] 신선식품 MD 부문 지원합니다 - 박서연', date='2026-11-04 09:30:12 +0900',
  attach=[{'filename': '이력서_박서연.pdf', 'ctype': 'application/pdf',
           'data': make_pdf(['PARK SEOYEON - CURRICULUM VITAE', 'Fresh food buyer assistant, 4 years',
                             'Cold-chain packaging improvement project', 'Contact: seoyeon.park.md@gmail.example'])}],
  problem='한빛홈 신선식품 MD 직무에 지원하고 싶어 이렇게 메일을 드립니다.',
  body="""
안녕하세요, 대표님.
한빛홈 신선식품 MD 직무에 지원하고 싶어 이렇게 메일을 드립니다.

채용 공고가 올라와 있지는 않은 걸로 알고 있지만, 한빛홈의 새벽배송 밀키트를 3년째 이용하면서 "이 회사에서 일하고 싶다"는 생각을 자주 했습니다.
저는 대형마트 수산 코너에서 4년간 바이어 보조로 일했고, 산지 직거래 발굴과 콜드체인 품질 관리를 담당했습니다.
특히 여름철 배송 중 신선도 저하 문제를 줄이기 위한 포장 개선 프로젝트에 참여해 관련 클레임을 30% 가까이 줄인 경험이 있습니다.

이력서를 첨부드립니다.
짧게라도 이야기 나눌 기회를 주신다면 정말 감사하겠습니다.

박서연 드림
010-0000-0000
""")

M(cat='other', slug='magazine-interview-request', lang='ja', urgent='no', wants='other',
  frm=('西村 千尋', 'c.nishimura@kurashi-pub.example'), client='thunderbird',
  charset='iso-2022-jp', cte='7bit',
  subject='取材のお願い（月刊「くらしと台所」編集部）', date='2026-11-05 15:02:33 +0900',
  problem='日本でもサービスを展開されている貴社の取り組みについて、ぜひ代表者様にお話をうかがえないかと思い、ご連絡いたしました。',
  body="""
株式会社ハンビットホーム
代表取締役 様

突然のご連絡失礼いたします。
月刊「くらしと台所」編集部の西村と申します。

弊誌では2027年2月号にて「海を越える食卓　韓国発・早朝配送の今」と題した特集を予定しております。
日本でもサービスを展開されている貴社の取り組みについて、ぜひ代表者様にお話をうかがえないかと思い、ご連絡いたしました。

取材はオンラインで1時間程度、12月上旬を希望しております。
記事は掲載前に内容をご確認いただけます。
なお、本件は特定の苦情やトラブルに関する取材ではございませんので、ご安心ください。

ご多忙のところ恐縮ですが、ご検討のほどよろしくお願い申し上げます。

――――――――――――――――
株式会社くらし出版
月刊「くらしと台所」編集部
西村 千尋
〒000-0000 東京都千代田区○○町0-0
TEL 03-0000-0000
――――――――――――――――
""")

M(cat='other', slug='praise-technician-burning-smell', lang='ko', urgent='no', wants='other',
  frm=('정미경', 'mikyung.jung@outlook.example'), client='outlook', outlook_region='KORP216',
  charset='ks_c_5601-1987', cte='base64',
  subject='수리기사 김태호 기사님 칭찬합니다', date='2026-11-09 16:44:20 +0900',
  problem='칭찬 글을 어디에 남겨야 할지 몰라서 대표님께 직접 보냅니다.',
  body="""
대표님 안녕하세요.
칭찬 글을 어디에 남겨야 할지 몰라서 대표님께 직접 보냅니다.

지난주 토요일 저녁에 한빛홈에서 산 전기레인지에서 타는 냄새가 나고 전원이 깜빡거려서, 깜짝 놀라 바로 차단기를 내리고 서비스 접수를 했습니다.
주말이라 월요일에나 오실 줄 알았는데 김태호 기사님이 일요일 아침 9시에 와 주셨습니다.
내부 배선 연결 부위가 헐거워져 있었다고 꼼꼼하게 설명해 주시고, 부품 교체까지 30분 만에 끝내 주셨어요.
일흔 넘은 저희 어머니께도 사용법을 다시 천천히 알려주시고 가셨습니다.

지금은 아무 문제 없이 잘 쓰고 있습니다.
이런 분께 꼭 칭찬과 포상 부탁드립니다.

정미경 드림
""")

M(cat='other', slug='suggestion-ingredient-filter', lang='en', urgent='no', wants='other',
  frm=('Aisha Rahman', 'aisha.rahman@gmail.example'), client='gmail',
  shape='alt', cte='8bit', reply=1,
  subject='Re: \U0001F342 This week at Hanbit: autumn stews, 20% off Dutch ovens', date='2026-11-07 10:12:55 +0900',
  problem='It would be great if the meal kit pages let you filter out ingredients.',
  body="""
Small suggestion, since the newsletter asks for ideas at the bottom:

It would be great if the meal kit pages let you filter out ingredients. My partner can't eat shellfish (not an allergy emergency thing, he just really hates it) and I have to open every single kit and read the ingredient list to find the ones without prawns or clams. A simple "exclude: shellfish / pork / nuts" filter would save me about twenty minutes every Sunday.

Also the recipe cards are lovely, please never stop printing them.

Thanks,
Aisha

On Fri, 6 Nov 2026 at 18:00, Hanbit Home <newsletter@hanbit-home.example> wrote:
> THIS WEEK AT HANBIT
>
> Autumn stews are back: kimchi jjigae, budae jjigae and our new
> beef & radish soup kit, ready in 20 minutes.
>
> 20% off all enamel Dutch ovens until Sunday.
>
> Got an idea for us? Just reply to this e-mail - we read everything.
>
> --
> You're receiving this because you subscribed to Hanbit Home news.
> Unsubscribe | Manage preferences | Privacy policy
> Hanbit Home Co., Ltd. | hanbit-home.example
""")

M(cat='other', slug='seo-spam-traffic', lang='en', urgent='no', wants='other',
  frm=('Ronny Sharma', 'ronny.growthrank@mailbox.example'), client='phpmailer',
  cte='7bit',
  subject='URGENT: Your website is losing 73% of its traffic!!', date='2026-11-08 04:51:09 +0530',
  problem='I was checking your website and noticed it is not ranking on the first page of Google for important keywords like "buy air fryer online", "best rice cooker Korea" and "baby crib delivery".',
  body="""
Dear Website Owner of hanbit-home.example,

I was checking your website and noticed it is not ranking on the first page of Google for important keywords like "buy air fryer online", "best rice cooker Korea" and "baby crib delivery".

This means you are losing customers to your competitors EVERY DAY.

Our team of 50+ SEO experts can get you to #1 ranking in 30 days GUARANTEED. We also offer:
* Backlinks from high authority sites (DA 90+)
* Social media management
* Crypto payment gateway integration (accept BTC/ETH/USDT)
* Website redesign from $199

Reply "YES" to this email and I will send you a FREE website audit report with our price list.

Best Regards,
Ronny Sharma
Digital Marketing Consultant
GrowthRank Digital

If you don't want to receive further emails, reply with "REMOVE" in subject line.
""")

M(cat='other', slug='wrong-recipient-reunion', lang='ko', urgent='no', wants='other',
  frm=('김재훈', 'jaehoon.kim71@hanmail.example'), client='daum',
  charset='euc-kr', cte='8bit',
  subject='다음주 모임 장소 변경 건', date='2026-11-10 21:35:42 +0900',
  problem='지난번에 말씀드린 다음 주 토요일 고등학교 동기 모임 장소가 바뀌었습니다.',
  body="""
형님 안녕하세요, 재훈입니다.
지난번에 말씀드린 다음 주 토요일 고등학교 동기 모임 장소가 바뀌었습니다.
원래 가기로 한 종로 한정식집이 그날 단체 예약이 꽉 찼다고 해서, 을지로 쪽 고깃집으로 옮겼습니다.
시간은 그대로 저녁 6시 반입니다.
형님이 회비 정리해 주신다고 하셔서 참석 인원 명단 같이 보내드립니다.

- 참석: 김재훈, 이동석, 박상철, 최민규, 한승우 (5명)
- 불참: 오성택 (지방 출장)

그리고 형님 회사 선물 세트 단체로 주문하는 건 어떻게 됐는지도 알려주세요.

재훈 올림
""")

M(cat='other', slug='investor-intro-meeting', lang='en', urgent='no', wants='other',
  frm=('Caroline Ashby', 'c.ashby@meridianpacific.example'), client='outlook', outlook_region='namprd11',
  shape='alt', cte='quoted-printable', html_style='outlook',
  subject='Introduction - Meridian Pacific Growth Partners', date='2026-11-12 09:15:27 +0800',
  problem='I will be in Seoul from 23 to 27 November and would welcome the opportunity to meet you or a member of your finance team for an informal, no-commitment conversation about your plans for 2027 and any future financing.',
  body="""
Dear Founder,

I hope this note finds you well. My name is Caroline Ashby and I am a Principal at Meridian Pacific Growth Partners, a growth-stage fund focused on consumer and commerce businesses in North-East Asia.

We have followed Hanbit Home's expansion into Japan with great interest over the past eighteen months, particularly the economics of your dawn-delivery network and the retention you appear to achieve through Hanbit Plus. Several of our portfolio companies are in adjacent categories, and we believe there may be meaningful synergies.

I will be in Seoul from 23 to 27 November and would welcome the opportunity to meet you or a member of your finance team for an informal, no-commitment conversation about your plans for 2027 and any future financing.

Please let me know whether a 45-minute meeting during that week might be possible.

With kind regards,

Caroline Ashby
Principal
Meridian Pacific Growth Partners
Level 21, One Harbour Place, Hong Kong
+852 0000 0000 | c.ashby@meridianpacific.example

This message is intended solely for the addressee and may contain confidential information. It does not constitute an offer to sell or a solicitation of an offer to buy any security or investment product. If you have received this message in error, please notify the sender and delete it. Meridian Pacific Growth Partners Limited is licensed by the Securities and Futures Commission of Hong Kong. Our privacy notice is available on our website.
""")

M(cat='other', slug='suggest-box-collection', lang='ja', urgent='no', wants='other',
  frm=('まゆみ', 'mayumi.h@yahoo.example'), client='yahoojp',
  shape='html', cte='base64',
  subject='提案です！', date='2026-11-13 13:27:06 +0900',
  problem='ひとつ提案なんですが、早朝配送の発泡スチロールの箱と保冷剤、次の配達のときに回収してもらえたりしませんか？',
  body="""
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<div>ハンビットさん、いつもお世話になってます！</div>
<div><br></div>
<div>ひとつ提案なんですが、早朝配送の発泡スチロールの箱と保冷剤、次の配達のときに回収してもらえたりしませんか？</div>
<div>週2で頼んでるので、ベランダが箱だらけになっちゃってます（笑）</div>
<div>保冷剤は冷凍庫に入りきらないし、捨てるのももったいなくて…</div>
<div>韓国では回収してるって聞いたので、日本でもやってもらえたら嬉しいです！</div>
<div><br></div>
<div>これからも応援してます。</div>
<div>まゆみ</div>
</body></html>
""")

M(cat='other', slug='kimchi-is-insane-fan-mail', lang='ko', urgent='no', wants='other',
  frm=('', 'jjangu_dduk@icloud.example'), client='iphone',
  cte='base64',
  subject='사장님 김치 미쳤어요 \U0001F525\U0001F525', date='2026-11-14 23:58:31 +0900',
  problem='이번에 새로 나온 갓김치 먹어봤는데 진짜 미쳤어요ㅋㅋㅋㅋ 맛 죽여요 \U0001F62D\U0001F62D',
  body="""
사장님 안녕하세여!!
이번에 새로 나온 갓김치 먹어봤는데 진짜 미쳤어요ㅋㅋㅋㅋ 맛 죽여요 \U0001F62D\U0001F62D
울 엄마 김치보다 맛있다고 하면 엄마한테 혼나겠지만 솔직히 더 맛있음...
자취생이라 김치 맨날 사먹는데 이제 딴 데 거 못 먹을 듯
근데 500g 말고 1kg짜리도 만들어 주시면 안 돼요? 일주일이면 다 먹어요 ㅋㅋ
암튼 번창하세요!! \U0001F44D

iPhone에서 보냄
""")


if __name__ == '__main__':
    build()
