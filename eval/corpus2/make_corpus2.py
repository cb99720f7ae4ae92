#!/usr/bin/env python3
"""make_corpus2.py - writes the Hanbit Home independent evaluation corpus.

Every message body below was written by hand, one at a time; this script only
wraps them in realistic MIME shapes and writes the .eml files plus labels.tsv.
Output is deterministic (no clock, no randomness).  Stdlib only.

    python3 make_corpus2.py          # writes <category>/<nn>-<slug>.eml + labels.tsv
"""
import base64
import datetime
import email.utils
import hashlib
import html as htmlmod
import os
import quopri
import struct
import zlib

OUT = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ["billing", "delivery", "product", "account", "service", "privacy", "other"]
MESSAGES = []


def M(**kw):
    MESSAGES.append(kw)


# ---------------------------------------------------------------- encoders
CODEC = {"utf-8": "utf-8", "ks_c_5601-1987": "euc_kr", "euc-kr": "euc_kr",
         "iso-2022-jp": "iso2022_jp"}


def enc_bytes(text, charset):
    return text.encode(CODEC[charset], "strict")


def enc_words(text, charset="utf-8"):
    """RFC 2047 B-encode a header value (if not ASCII), folded, each word <= 75 chars."""
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        pass
    label = charset.upper() if charset != "ks_c_5601-1987" else charset
    words, chunk = [], ""
    for ch in text:
        trial = chunk + ch
        w = "=?%s?B?%s?=" % (label, base64.b64encode(enc_bytes(trial, charset)).decode())
        if len(w) > 75 and chunk:
            words.append("=?%s?B?%s?=" % (label, base64.b64encode(enc_bytes(chunk, charset)).decode()))
            chunk = ch
        else:
            chunk = trial
    if chunk:
        words.append("=?%s?B?%s?=" % (label, base64.b64encode(enc_bytes(chunk, charset)).decode()))
    return "\r\n ".join(words)


def addr(name, mail, charset="utf-8"):
    if not name:
        return mail
    try:
        name.encode("ascii")
        if any(c in name for c in ',.()<>@;:"'):
            name = '"%s"' % name
        return "%s <%s>" % (name, mail)
    except UnicodeEncodeError:
        return "%s <%s>" % (enc_words(name, charset), mail)


def encode_body(text, charset, cte):
    """Return (cte_header, encoded_str_with_CRLF)."""
    text = text.replace("\r\n", "\n")
    if charset == "iso-2022-jp":
        lines = [enc_bytes(l, charset).decode("ascii") for l in text.split("\n")]
        return "7bit", "\r\n".join(lines)
    raw = enc_bytes(text, charset)
    if cte == "base64":
        raw = enc_bytes(text.replace("\n", "\r\n"), charset)
        return cte, base64.encodebytes(raw).decode("ascii").replace("\n", "\r\n").rstrip("\r\n")
    if cte == "quoted-printable":
        return cte, quopri.encodestring(raw).decode("ascii").replace("\n", "\r\n")
    if cte == "8bit":
        try:
            return "7bit", raw.decode("ascii").replace("\n", "\r\n")
        except UnicodeDecodeError:
            return "8bit", raw.decode("latin-1").replace("\n", "\r\n")  # bytes kept via latin-1
    raise ValueError(cte)


def text_to_html(text, charset="utf-8"):
    out, quote = [], False
    for line in text.replace("\r\n", "\n").split("\n"):
        q = line.startswith(">")
        if q and not quote:
            out.append('<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">')
        if not q and quote:
            out.append("</blockquote>")
        quote = q
        body = line.lstrip("> ") if q else line
        out.append("<div>%s</div>" % (htmlmod.escape(body, quote=False) or "<br>"))
    if quote:
        out.append("</blockquote>")
    return ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=' + charset
            + '">\n</head>\n<body>\n' + "\n".join(out) + '\n</body>\n</html>\n')


def tiny_png(seed):
    w = h = 8
    rows = b""
    for y in range(h):
        rows += b"\x00" + bytes(((x * 31 + y * 17 + seed) % 256 for x in range(w * 3)))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def tiny_pdf(line):
    stream = "BT /F1 11 Tf 40 780 Td (%s) Tj ET" % line
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offs = "%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += "%d 0 obj\n%s\nendobj\n" % (i, o)
    x = len(out)
    out += "xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += "".join("%010d 00000 n \n" % o for o in offs)
    out += "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return out.encode("latin-1")


# ====================================================================== BILLING
M(cat="billing", slug="double-charged-air-fryer", urgent="no", lang="en", wants="refund",
  frm=("Derek Holloway", "derek.holloway@fastmail-box.example"),
  subj="URGENT!!! DOUBLE CHARGED",
  body="""I bought ONE air fryer. ONE. Order HB-2611-083341.

My card statement shows two charges of 129,000 won on the same minute. Your checkout spun for ages, I pressed the button once, and now you have my money twice.

I want the second charge reversed today, not "within 7-10 business days".

Derek
""",
  problem="My card statement shows two charges of 129,000 won on the same minute.",
  mailer="apple")

M(cat="billing", slug="unknown-card-payments", urgent="yes", lang="ko", wants="refund",
  frm=("박정숙", "js.park58@hanmail-mail.example"),
  subj="제가 주문하지 않은 결제가 세 건 있습니다",
  body="""대표님께

오늘 아침 카드사에서 문자가 와서 확인해 보니 어젯밤 11시부터 새벽 1시 사이에 한빛홈에서 제 카드로 세 번 결제가 되었습니다.
금액은 389,000원, 412,000원, 275,000원입니다.
저는 어제 한빛홈 사이트에 들어간 적도 없고 아무것도 주문하지 않았습니다.

카드사에 전화했더니 가맹점에도 알리라고 해서 메일 드립니다.
제 돈 107만 원이 하룻밤 사이에 빠져나갔습니다. 연금으로 생활하는 사람이라 이 돈이 없으면 이번 달을 버틸 수가 없습니다.
배송지가 어디로 되어 있는지, 누가 주문한 건지 알려 주시고 결제를 취소해 주세요.

박정숙 드림
010-0000-4127
""",
  problem="제 돈 107만 원이 하룻밤 사이에 빠져나갔습니다.",
  cs="ks_c_5601-1987", cte="base64", shape="alt", mailer="outlook")

M(cat="billing", slug="plus-fee-after-cancel", urgent="no", lang="ja", wants="refund",
  frm=("高橋 美咲", "misaki.takahashi@kawa-net.example"),
  subj="退会後のHanbit Plus会費について",
  body="""Hanbit Home ご担当者様

お世話になっております。高橋と申します。

10月20日にアプリからHanbit Plusの解約手続きを行い、「解約が完了しました」という画面も確認いたしました。
ところが11月5日に、クレジットカードに11月分の会費9,900ウォンが請求されておりました。
解約済みにもかかわらず会費が引き落とされている理由が分かりません。

お手数ですが、11月分の会費の返金をお願いできますでしょうか。
解約完了画面のスクリーンショットも保存してありますので、必要でしたらお送りいたします。

何卒よろしくお願い申し上げます。

高橋 美咲
""",
  problem="ところが11月5日に、クレジットカードに11月分の会費9,900ウォンが請求されておりました。",
  cs="iso-2022-jp", mailer="thunderbird")

M(cat="billing", slug="tax-invoice-corporate-order", urgent="no", lang="en", wants="other",
  frm=("Annika Sorensen", "a.sorensen@nordlys-trading.example"),
  subj="Request for tax invoice - corporate order HB-2610-771902",
  body="""Dear Sir or Madam,

I am writing on behalf of Nordlys Trading Korea Ltd. regarding our order HB-2610-771902 (12 office desks, 12 task chairs and assembly service), paid by corporate card on 28 October 2026.

Our accounts team has not received an electronic tax invoice (세금계산서) for this purchase. The only document we received is a card payment receipt, which our auditors will not accept for VAT purposes.

Could you please issue the tax invoice to the following details:
  Company: Nordlys Trading Korea Ltd.
  Business registration no.: 000-00-00000
  Invoice e-mail: ap-korea@nordlys-trading.example

We would be grateful if this could be completed before our month-end close on 30 November.

Kind regards,

Annika Sorensen
Office Manager | Nordlys Trading Korea Ltd.
14F, Example Tower, Gangnam-gu, Seoul
T +82 2 0000 1150 | M +82 10 0000 7781
www.nordlys-trading.example

--
CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be legally privileged. They are intended solely for the use of the addressee. If you have received this e-mail in error, please notify the sender immediately and delete it from your system. Any unauthorised use, disclosure, copying or distribution is strictly prohibited. Nordlys Trading accepts no liability for any damage caused by any virus transmitted by this e-mail.
""",
  problem="Our accounts team has not received an electronic tax invoice (세금계산서) for this purchase.",
  shape="alt", cte="quoted-printable", mailer="outlook")

M(cat="billing", slug="coupon-not-applied", urgent="no", lang="ko", wants="refund",
  frm=("이도윤", "doyoon.lee@kakao-mail.example"),
  subj="쿠폰 적용 안된 금액 돌려주세요",
  body="""안녕하세요.
신규가입 15% 할인쿠폰 받아서 블렌더 주문했는데요
결제할 때 분명히 쿠폰 선택했는데 영수증 보니까 할인이 하나도 안 들어가 있어요.
79,000원 그대로 결제됨ㅠㅠ
쿠폰함 들어가 보니 쿠폰은 "사용완료"로 떠있구요.
쿠폰도 날아가고 할인도 못 받은 거니까 할인금액 11,850원 환불해주세요.
주문번호 HB-2611-102288 입니다
""",
  problem="결제할 때 분명히 쿠폰 선택했는데 영수증 보니까 할인이 하나도 안 들어가 있어요.",
  cte="base64", mailer="android")

M(cat="billing", slug="price-drop-after-purchase", urgent="no", lang="mixed", wants="refund",
  frm=("최유나", "yuna.choi@studio-pine.example"),
  subj="Hanbit Airfryer Pro 5.5L 가격 인하 차액 문의",
  body="""안녕하세요, 한빛플러스 회원 최유나입니다.

11월 3일에 Hanbit Airfryer Pro 5.5L (Matte Black) 를 189,000원에 샀는데,
오늘 앱 열어보니까 같은 제품이 Black Friday Week 딜로 149,000원에 올라와 있네요.
산 지 일주일도 안 됐는데 4만 원이나 차이가 나는 건 좀 속상합니다.

FAQ 보니까 "Price Protection" 정책이 14일이라고 되어 있던데
저도 해당되는 거 맞죠? 차액 40,000원 환불 부탁드립니다.
포장도 아직 안 뜯었어요 ㅎㅎ 반품하고 다시 사는 것보다는 차액 환불이 서로 편할 것 같아요.

Order no. HB-2611-030517
감사합니다!

Yuna Choi
Studio Pine | Visual Designer
""",
  problem="오늘 앱 열어보니까 같은 제품이 Black Friday Week 딜로 149,000원에 올라와 있네요.",
  mailer="gmail")

M(cat="billing", slug="grandson-says-card-used", urgent="yes", lang="en", wants="refund",
  frm=("Margaret Kim", "margaret.kim1947@seniornet.example"),
  subj="a question about my bank statement",
  body="""Dear Hanbit Home,

Please forgive me if I am writing to the wrong place. I am 79 years old and my grandson helps me with the computer, but he is away this week.

I have been a customer of yours for two years and I buy my rice and vegetables from you every week. Today the bank sent me my statement by post, and it shows a payment to Hanbit Home of 890,000 won on the 14th of November for a "3-seat fabric sofa". I have not bought a sofa. I do not need a sofa, I have a perfectly good one.

I telephoned my grandson and he says somebody must have used my card details on your website. He says I should write to you and also to the bank. The bank is closed until Monday.

That is a great deal of money for me. I would like it put back in my account, and I would be very grateful if somebody could tell me where this sofa was sent to, because it was not to my house.

With thanks and kind regards,
Mrs. Margaret Kim
(Yongsan-gu)
""",
  problem="Today the bank sent me my statement by post, and it shows a payment to Hanbit Home of 890,000 won on the 14th of November for a \"3-seat fabric sofa\".",
  cte="quoted-printable", mailer="web")

M(cat="billing", slug="payment-fails-reply-to-notice", urgent="no", lang="ko", wants="explanation",
  frm=("정민호", "minho.jung@dreamline.example"),
  subj="Re: [한빛홈] 결제 실패 안내 (주문번호 HB-2611-220913)",
  body="""카드는 정상이고 한도도 충분합니다. 다른 쇼핑몰에서는 같은 카드로 어제도 결제했어요.
벌써 네 번째 결제 실패 메일을 받고 있는데 왜 한빛홈에서만 계속 실패하는지 설명 좀 해주세요.
같은 카드를 3년 넘게 등록해서 썼는데 이번 달부터 갑자기 이럽니다.

-----Original Message-----
From: 한빛홈 <noreply@hanbit-home.example>
Sent: Wednesday, November 18, 2026 6:02 AM
To: minho.jung@dreamline.example
Subject: [한빛홈] 결제 실패 안내 (주문번호 HB-2611-220913)

고객님, 주문하신 상품의 결제가 승인되지 않았습니다.

- 주문번호: HB-2611-220913
- 상품: 새벽배송 한우 불고기 500g 외 4건
- 결제수단: 신한카드 (****-1182)
- 실패 사유: 카드사 승인 거절

24시간 이내에 결제수단을 변경하지 않으시면 주문이 자동 취소되며,
예정된 새벽배송(11월 19일 07시 이전 도착)도 진행되지 않습니다.
아이스팩 회수 서비스 신청은 마이페이지에서 가능합니다.

본 메일은 발신 전용입니다.
""",
  problem="벌써 네 번째 결제 실패 메일을 받고 있는데 왜 한빛홈에서만 계속 실패하는지 설명 좀 해주세요.",
  cs="euc-kr", cte="8bit", mailer="outlook",
  hdrs=[("In-Reply-To", "<20261118060211.pay-fail.220913@hanbit-home.example>"),
        ("References", "<20261118060211.pay-fail.220913@hanbit-home.example>")])

M(cat="billing", slug="sofa-return-refund-missing", urgent="no", lang="en", wants="refund",
  frm=("Tom Brennan", "tbrennan@brennan-family.example"),
  subj="Still waiting. Shocking, I know.",
  body="",
  html="""<html><body style="font-family:Georgia,serif;font-size:14px">
<p>Hello again, Hanbit Home,</p>
<p>Let me tell you a story. Once upon a time (October 21st) your men came and collected a sofa I was returning, a perfectly wrapped, unused, grey corner sofa. Everybody smiled. A nice lady on your phone line told me the refund of 1,290,000 won would reach my card <i>"within five business days"</i>.</p>
<p>That was 24 business days ago and I have not seen a single won of it.</p>
<p>I have since been told it is "being processed", that it is "with the finance team", and, my personal favourite, that "the system shows it as completed". The system may think so. My bank does not.</p>
<p>I am not going to call a lawyer over a sofa, but I would like my money back, and I would like someone to send me the actual transaction reference so my bank can trace it.</p>
<p>Return no. RT-2610-00917<br>Original order HB-2610-455120</p>
<p>Warmly (ish),<br>Tom Brennan</p>
</body></html>
""",
  problem="That was 24 business days ago and I have not seen a single won of it.",
  shape="html", cte="quoted-printable", mailer="apple")

M(cat="billing", slug="unrecognised-charges-plus", urgent="yes", lang="ja", wants="refund",
  frm=("中村 健太", "k.nakamura@sakura-isp.example"),
  subj="身に覚えのない請求が5件あります",
  body="""Hanbit Home 御中

突然のご連絡失礼いたします。東京在住の中村と申します。

本日カード会社の利用明細を確認したところ、11月21日から22日にかけて、貴社名義の請求が5件、合計で約48万円相当ありました。
私はこの2日間、貴社のサイトで一切購入しておりません。
明細の内容は家電が中心で、配送先も私の住所ではないと思われます。

カード会社にはすでに連絡し、カードは止めてもらいました。
貴社側でも該当の注文を取り消し、代金を返していただくようお願いいたします。
また、どの住所に発送されたのか、調査結果をお知らせください。

中村 健太
""",
  problem="本日カード会社の利用明細を確認したところ、11月21日から22日にかけて、貴社名義の請求が5件、合計で約48万円相当ありました。",
  cs="iso-2022-jp", mailer="web")

M(cat="billing", slug="receipt-for-expense", urgent="no", lang="en", wants="other",
  frm=("Rahul Mehta", "rahul.m@techwave-solutions.example"),
  subj="reciept",
  body="""hi, pls send me reciept for order HB-2611-118830 my company need it for expense claim, the app only shows order not receipt. thx
""",
  problem="hi, pls send me reciept for order HB-2611-118830 my company need it for expense claim, the app only shows order not receipt.",
  mailer="android")

M(cat="billing", slug="stop-membership-autopay", urgent="no", lang="ko", wants="cancellation",
  frm=("윤영자", "youngja.yoon@hanmail-mail.example"),
  subj="멤버십 자동결제를 그만두고 싶습니다",
  body="""안녕하십니까, 대표님.
저는 경기도 일산에 사는 윤영자라고 합니다. 올해 일흔둘입니다.

작년 겨울에 딸이 제 휴대폰으로 한빛홈 물건을 시켜 주면서 무슨 플러스 회원이라는 것을 들어 주었다고 합니다.
그때는 배달비가 안 든다고 해서 좋은 줄만 알았는데, 딸이 지난달 부산으로 이사를 가고 나서는 제가 혼자 물건을 시킬 줄을 몰라서 반년 넘게 아무것도 사지 않았습니다.

그런데 통장을 정리해 보니 매달 9,900원씩 한빛홈으로 돈이 나가고 있었습니다.
큰돈은 아니지만 쓰지도 않는 것에 돈이 나가는 것이 마음에 걸립니다.

휴대폰으로 해지를 해 보려고 했는데 글씨가 작아서 어디를 눌러야 하는지 모르겠습니다.
번거로우시겠지만 이 회원을 그만두게 해 주시면 고맙겠습니다.
지난 몇 달 치를 돌려 달라는 것은 아닙니다. 앞으로만 안 나가게 해 주세요.

날씨가 추워지는데 대표님도 직원분들도 감기 조심하십시오.

윤영자 올림
""",
  problem="그런데 통장을 정리해 보니 매달 9,900원씩 한빛홈으로 돈이 나가고 있었습니다.",
  shape="alt", cte="quoted-printable", mailer="naver")


# ===================================================================== DELIVERY
M(cat="delivery", slug="marked-delivered-not-here", urgent="no", lang="en", wants="delivery",
  frm=("Kelly Avery", "kelly.avery@northmail.example"),
  subj="Where is my package??",
  body="""Tracking says "delivered 6:41am, left at door". There is nothing at my door. I checked with the guard, the neighbours, the stairwell, the bike room. Nothing.

Order HB-2611-190045 (kettle + 2 bags of coffee beans). Please find it or send it again.

Kelly
Sent from my iPhone
""",
  problem="There is nothing at my door.",
  mailer="apple")

M(cat="delivery", slug="mother-alone-no-groceries", urgent="yes", lang="ko", wants="delivery",
  frm=("한지은", "jieun.han@coralbay.example"),
  subj="어머니 새벽배송이 이틀째 안 왔습니다",
  body="""안녕하세요. 저는 한빛홈 회원 한지은이고, 이 메일은 저희 어머니 주문 건 때문에 드립니다.

어머니(82세)는 대구에서 혼자 사시는데 작년에 고관절 수술을 받으신 뒤로 바깥출입을 거의 못 하십니다.
그래서 제가 서울에서 매주 화요일과 금요일에 어머니 댁으로 새벽배송을 주문해 드리고 있습니다.

그런데 이번 주 화요일 배송도, 오늘 금요일 배송도 오지 않았습니다.
앱에는 두 건 모두 "배송 준비 중"으로만 나오고, 고객센터는 전화 연결이 안 됩니다.
어머니 댁 냉장고에는 지금 김치랑 물 말고는 드실 게 없다고 하십니다. 제가 당장 내려갈 수 있는 상황도 아닙니다.

오늘 중으로 어머니 댁에 음식이 도착할 수 있게 해 주세요. 다른 방법으로라도 보내 주시면 비용은 제가 내겠습니다.

주문번호: HB-2611-240118, HB-2611-270302
받는 분: 한O순 / 대구광역시 수성구 (주소는 주문서에 있습니다)

한지은 드림
010-0000-3391
""",
  problem="어머니 댁 냉장고에는 지금 김치랑 물 말고는 드실 게 없다고 하십니다.",
  shape="alt", mailer="gmail")

M(cat="delivery", slug="ice-packs-melted-meat-warm", urgent="no", lang="ko", wants="refund",
  frm=("오세훈", "sehoon.oh@bluepost.example"),
  subj="새벽배송 받았는데 아이스팩이 다 녹아 있었어요",
  body="""대표님 안녕하세요.

오늘 아침 6시 반에 문 앞에서 박스를 들였는데 아이스팩이 전부 물이 되어 있었습니다.
돼지고기 목살이랑 냉동 만두가 미지근했고, 만두는 서로 다 붙어 있었습니다.
박스 옆면에 보니 스티커가 "11/25 14:10 출고"로 찍혀 있던데, 전날 오후에 출고된 게 밤새 어디에 있다가 온 건지 궁금합니다.

아무도 안 먹었고 배탈 난 사람도 없습니다. 그래도 이런 건 먹기가 찜찜해서 그냥 버렸습니다.
고기와 만두 값(합계 31,400원)은 환불 부탁드립니다.

주문번호 HB-2611-250777
오세훈
""",
  problem="돼지고기 목살이랑 냉동 만두가 미지근했고, 만두는 서로 다 붙어 있었습니다.",
  cs="ks_c_5601-1987", cte="base64", mailer="outlook")

M(cat="delivery", slug="change-delivery-slot", urgent="no", lang="ja", wants="delivery",
  frm=("佐藤 由紀子", "yukiko.sato@hinode-mail.example"),
  subj="配達時間の変更をお願いします",
  body="""いつもお世話になっております。大阪の佐藤です。

11月30日（月）午前中の配達で家具（本棚2台）を注文しておりますが、
当日は急な仕事で午前中に家を空けることになってしまいました。

アプリでは変更ボタンが押せない状態になっておりますので、
同じ日の18時から21時の時間帯に変更していただけないでしょうか。
難しい場合は12月2日以降でも構いません。

注文番号：HB-2611-201654

よろしくお願いいたします。
佐藤 由紀子
""",
  problem="当日は急な仕事で午前中に家を空けることになってしまいました。",
  cs="iso-2022-jp", mailer="web")

M(cat="delivery", slug="sofa-crushed-in-transit", urgent="no", lang="en", wants="replacement",
  frm=("Priya Raman", "priya.raman@lotusbridge.example"),
  subj="Sofa arrived damaged - photo attached",
  body="""Hello,

Our new 3-seat sofa (order HB-2611-088213) was delivered yesterday afternoon. The outer carton had a huge dent on one corner and a tyre mark across the top, as if it had been dropped off the lorry and driven over, or at least stood on.

When we unpacked it, the front left leg had snapped off and the fabric on that arm is torn about 10 cm. Nobody was hurt and the delivery men were polite enough, but they left before we opened it and said "any problem, email the company".

Photo attached. I would like a replacement sofa, please, and for the damaged one to be collected. We can be at home any weekday after 4pm.

Thank you,
Priya Raman
""",
  problem="When we unpacked it, the front left leg had snapped off and the fabric on that arm is torn about 10 cm.",
  shape="alt", attach=[("IMG_4471.png", "image/png", tiny_png(41))], mailer="gmail")

M(cat="delivery", slug="courier-threw-box", urgent="no", lang="mixed", wants="apology",
  frm=("강태민", "taemin.kang@mintbox.example"),
  subj="Hanbit Express 기사님 태도 문제",
  body="""안녕하세요.
어제 저녁 7시쯤 Hanbit Express 기사님이 배송 오셨는데, 제가 문 열기도 전에 박스를 현관 앞에 던지듯이 내려놓고 가셨어요.
CCTV (Ring Doorbell) 영상 보니까 진짜 던졌습니다. 안에 Glass Kettle 1.7L 들어 있었는데 다행히 안 깨졌고요.
제가 "저기요" 하고 불렀더니 뒤돌아보면서 "바빠요" 하고 그냥 가버리셨어요.

물건은 멀쩡하니 환불이나 교환은 필요 없습니다. 기사님 교육 좀 해주시고 사과 한마디는 받고 싶네요.
""",
  problem="어제 저녁 7시쯤 Hanbit Express 기사님이 배송 오셨는데, 제가 문 열기도 전에 박스를 현관 앞에 던지듯이 내려놓고 가셨어요.",
  mailer="apple")

M(cat="delivery", slug="groceries-to-old-address-wheelchair", urgent="yes", lang="en", wants="delivery",
  frm=("Daniel Fischer", "d.fischer@alpenrose.example"),
  subj="Groceries sent to my OLD address",
  body="""Hello,

I updated my address in the app on 20 November (I moved from Mapo-gu to Seongdong-gu). The app shows the new address as default. Yet this morning's dawn delivery, my whole weekly shop, went to the old flat. The new tenant sent me a photo of the boxes outside his door.

I use a wheelchair and I do not drive. I planned my week around this delivery, and I have basically nothing in the flat to eat until it arrives. The old address is 40 minutes away by taxi and I can't carry three cold boxes on my lap.

Please get the order picked up and brought to the right address today, or send a new one today. Order HB-2611-260091.

Daniel Fischer
""",
  problem="Yet this morning's dawn delivery, my whole weekly shop, went to the old flat.",
  cte="quoted-printable", mailer="thunderbird")

M(cat="delivery", slug="wrong-address-before-shipping", urgent="no", lang="ko", wants="delivery",
  frm=("서민지", "minji.seo@sunny-mail.example"),
  subj="배송지 수정 요청 드립니다",
  body="""안녕하세요. 방금 주문했는데 배송지를 예전 회사 주소로 잘못 넣었어요.
아직 출고 전이라고 나오는데 앱에서는 수정이 안 되네요.

주문번호: HB-2611-291140
바른 주소: 서울시 송파구 (상세주소 주문자 정보와 동일, 회사 아니고 집입니다)

출고 전에 꼭 바꿔 주세요. 감사합니다.
""",
  problem="방금 주문했는데 배송지를 예전 회사 주소로 잘못 넣었어요.",
  cs="euc-kr", cte="8bit", mailer="naver")

M(cat="delivery", slug="fwd-tracking-stuck", urgent="no", lang="en", wants="explanation",
  frm=("Marcus Lee", "marcus.lee@kiwi-consult.example"),
  subj="Fwd: Your Hanbit Home order has shipped",
  body="""Hi - forwarding your own email back to you. The desk "shipped" on 10 Nov and the tracking link has said "In transit - Icheon hub" for nine days now. Nobody at the courier picks up. Can someone explain where it actually is?

Marcus

---------- Forwarded message ---------
From: Hanbit Home <orders@hanbit-home.example>
Date: Tue, Nov 10, 2026 at 4:12 PM
Subject: Your Hanbit Home order has shipped
To: <marcus.lee@kiwi-consult.example>


Good news, Marcus! Your order is on its way.

Order: HB-2611-095530
Item: Oak Standing Desk 140cm (assembly service included)
Carrier: Hanbit Express Furniture
Estimated delivery: Nov 12 - Nov 13

Tip: Hanbit Plus members get free dawn delivery on groceries. Join today and get a 5,000 won coupon!

Track your order: https://track.hanbit-home.example/HB-2611-095530
""",
  problem="The desk \"shipped\" on 10 Nov and the tracking link has said \"In transit - Icheon hub\" for nine days now.",
  shape="alt", mailer="gmail")

M(cat="delivery", slug="left-at-neighbours-door", urgent="no", lang="ja", wants="delivery",
  frm=("山本 拓也", "takuya.yamamoto@minato-web.example"),
  subj="置き配の荷物が届いていません",
  body="""ご担当者様

注文番号 HB-2611-133309 の件でご連絡します。

配送完了の写真が送られてきましたが、写っているドアは私の部屋（502号室）ではなく、隣の503号室のものでした。
隣の方は留守がちで、荷物を受け取ってもらえるか分かりません。
冷蔵品（豆腐・牛乳・卵）が入っているので、このまま放置されるのが心配です。

配送業者の方に回収していただくか、再配達をお願いできますでしょうか。

山本
""",
  problem="配送完了の写真が送られてきましたが、写っているドアは私の部屋（502号室）ではなく、隣の503号室のものでした。",
  mailer="android")

M(cat="delivery", slug="van-nearly-hit-child", urgent="yes", lang="en", wants="explanation",
  frm=("Sophie Laurent", "sophie.laurent@rivegauche.example"),
  subj="Your delivery van in our apartment complex this morning",
  body="""To whoever runs Hanbit Home,

At around 7:50 this morning one of your branded vans (the green ones with the rice cooker on the side) reversed out of the loading area of Example Park Apartments, Building 104, at speed and without anyone guiding it. It missed my six-year-old son by less than a metre. He was walking to the school bus with me, on the footpath, where he should be.

The driver did not stop. He wound down the window, shouted something at us in Korean and drove away. I have the time and part of the plate number, and the building's security office has CCTV.

I want to know what you are going to do about this driver and what your drivers are told about reversing in residential complexes full of children. I am also giving the CCTV footage to the management office today.

Sophie Laurent
Building 104
""",
  problem="It missed my six-year-old son by less than a metre.",
  mailer="web")

M(cat="delivery", slug="desk-three-weeks-subject-only", urgent="no", lang="ko", wants="delivery",
  frm=("임준호", "junho.lim@gmail-like.example"),
  subj="주문한 책상 3주째 배송 안옴 HB-2611-041002",
  body="""
iPhone에서 보냄
""",
  problem="주문한 책상 3주째 배송 안옴 HB-2611-041002",
  mailer="apple")


# ====================================================================== PRODUCT
M(cat="product", slug="kettle-base-sparked", urgent="yes", lang="en", wants="refund",
  frm=("Hannah Okafor", "hannah.okafor@greenleaf-mail.example"),
  subj="Kettle base - sparks and smoke",
  body="""Hi,

I bought the Hanbit Glass Kettle 1.7L three weeks ago (order HB-2611-012274). This morning I put it on the base, switched it on, and there was a loud crack, a blue spark from under the kettle, and grey smoke coming out of the base. The kitchen circuit breaker tripped. There is a black scorch mark on the wooden worktop where the base sits.

I have unplugged it and put it outside on the balcony. I'm honestly shaken, my flatmate had her hand on it a second before.

I want my money back and I think you should check whether other kettles from the same batch do this. The serial on the base is HK17-2609-00418. I am keeping it in case you want it examined.

Hannah
""",
  problem="This morning I put it on the base, switched it on, and there was a loud crack, a blue spark from under the kettle, and grey smoke coming out of the base.",
  mailer="gmail")

M(cat="product", slug="child-hives-after-tofu", urgent="yes", lang="ko", wants="explanation",
  frm=("문서연", "seoyeon.moon@happytree.example"),
  subj="땅콩 없다고 표시된 제품 먹고 아이가 응급실에 갔습니다",
  body="""한빛홈 대표님께

저희 아이는 만 5세이고 땅콩 알레르기가 있어서 식품 살 때마다 성분표를 꼭 확인합니다.
어제 저녁 한빛홈에서 산 "한빛 키즈 두부 너겟"을 먹였습니다. 상세페이지와 포장 어디에도 땅콩 관련 표시가 없었습니다.

먹고 20분쯤 지나서 입 주변이 붓고 온몸에 두드러기가 올라와서 밤 10시에 응급실에 갔습니다.
다행히 주사 맞고 지금은 가라앉았지만, 의사 선생님이 땅콩 반응이 확실해 보인다고 하셨습니다.

같은 공장에서 땅콩 제품을 만드는지, 원재료에 땅콩이 들어가는지 정확히 알려 주세요.
다른 아이들도 먹을 수 있는 제품이라 판매를 계속하고 계신지도 궁금합니다.
남은 제품과 포장, 응급실 진료 기록은 보관하고 있습니다.

문서연 드림
제품 로트번호: KT-261102-B
""",
  problem="먹고 20분쯤 지나서 입 주변이 붓고 온몸에 두드러기가 올라와서 밤 10시에 응급실에 갔습니다.",
  shape="alt", cte="quoted-printable", mailer="naver")

M(cat="product", slug="rice-cooker-display-dead", urgent="no", lang="ja", wants="replacement",
  frm=("小林 直子", "naoko.kobayashi@tsubaki-net.example"),
  subj="炊飯器の表示が点きません",
  body="""Hanbit Home ご担当者様

いつもお世話になっております。福岡の小林と申します。

先月購入いたしました「Hanbit マイコン炊飯器 5合」についてご相談です。
昨日から電源を入れても表示パネルが真っ暗のままで、ボタンを押しても何の反応もありません。
焦げた臭いや発熱などはなく、危ないことは何も起きておりませんのでご安心ください。
コンセントを替えても、一晩抜いておいても同じでした。

購入からまだ3週間ほどですので、できれば新しいものと交換していただけないでしょうか。

注文番号：HB-2610-887120

小林 直子
""",
  problem="昨日から電源を入れても表示パネルが真っ暗のままで、ボタンを押しても何の反応もありません。",
  cs="iso-2022-jp", mailer="thunderbird")

M(cat="product", slug="desk-missing-screw-bag", urgent="no", lang="en", wants="replacement",
  frm=("Nguyen Van Long", "long.nguyen@saigonstar.example"),
  subj="missing parts in desk box",
  body="""Dear Hanbit Home,

I am buy the standing desk (white, 120cm) and do assembly myself because I want to save the assembly fee. In the box is no bag "C" screws. Manual say bag C have 8 screws M6 for the legs, but I have only bag A, B and D. I check all the foam and the box two times.

Now the desk is half build in my living room and I cannot use. Please can you send me the bag C quickly? Or if easier, send the whole hardware pack.

Order number HB-2611-150981

Thank you very much
Long
""",
  problem="In the box is no bag \"C\" screws.",
  mailer="android")

M(cat="product", slug="strawberries-mouldy", urgent="no", lang="ko", wants="refund",
  frm=("배수진", "sujin.bae@ocean-mail.example"),
  subj="딸기 곰팡이",
  body="""오늘 새벽배송으로 받은 설향 딸기 500g 한 팩 열어보니 절반 이상에 하얀 곰팡이가 피어 있네요.
아래쪽에 깔린 건 물러서 즙이 다 나와 있고요.
배송 상태는 멀쩡했고 박스도 차가웠어요. 그냥 처음부터 상한 걸 담은 것 같습니다.
사진 필요하시면 보내드릴게요. 환불해 주세요.

주문번호 HB-2611-280415
""",
  problem="오늘 새벽배송으로 받은 설향 딸기 500g 한 팩 열어보니 절반 이상에 하얀 곰팡이가 피어 있네요.",
  cs="ks_c_5601-1987", cte="base64", mailer="outlook")

M(cat="product", slug="metal-in-dumplings-tooth", urgent="yes", lang="en", wants="refund",
  frm=("James O'Connell", "james.oconnell@harbourview.example"),
  subj="Your frozen dumplings",
  body="",
  html="""<html>
<head><meta charset="utf-8"></head>
<body>
<div dir="ltr">
<div>Hello,</div>
<div><br></div>
<div>Last night I cooked the Hanbit Kitchen pork &amp; chive dumplings (1kg bag, best before 14.05.2027, bought in your app on 19 November).</div>
<div><br></div>
<div>On the third dumpling I bit down on something hard. It was a piece of thin grey metal, about 8 mm long, a bit like a piece of wire from a scrubbing pad.</div>
<div><br></div>
<div>It cracked one of my back teeth. I saw a dentist this morning and I need a crown, which will cost around 700,000 won. I have the piece of metal, the rest of the bag in my freezer, and the dentist's note.</div>
<div><br></div>
<div>I would like a refund for the dumplings and for Hanbit to cover the dental cost, and I think you should pull that batch before it happens to a child.</div>
<div><br></div>
<div>James O'Connell</div>
<div>+82 10 0000 2290</div>
</div>
</body>
</html>
""",
  problem="It cracked one of my back teeth.",
  shape="html", cte="quoted-printable", mailer="gmail")

M(cat="product", slug="wrong-blender-sealed-box", urgent="no", lang="ko", wants="replacement",
  frm=("남궁현우", "hyunwoo.ng@cloudnine.example"),
  subj="블렌더 다른 모델이 들어 있습니다",
  body="""안녕하세요.

한빛 진공 블렌더 VB-700 화이트를 주문했는데,
박스 테이프도 안 뜯긴 새 상자를 열어 보니 안에는 VB-300 그레이가 들어 있었습니다.
겉박스 라벨은 VB-700이 맞는데 속 제품만 다릅니다.

제가 주문한 VB-700 화이트로 교환 부탁드립니다.
잘못 온 제품은 박스 그대로 보관하고 있으니 회수해 가세요.

주문번호: HB-2611-173026
남궁현우 드림
""",
  problem="박스 테이프도 안 뜯긴 새 상자를 열어 보니 안에는 VB-300 그레이가 들어 있었습니다.",
  cs="euc-kr", cte="8bit", mailer="naver")

M(cat="product", slug="english-manual-rice-cooker", urgent="no", lang="en", wants="other",
  frm=("Laura Bianchi", "laura.bianchi@vialattea.example"),
  subj="Manual in English?",
  body="""Hi there, the rice cooker I got (IH Pressure 6-cup) only came with a Korean manual and the buttons are in Korean too. Is there an English manual, even a PDF? I have no idea which button is for brown rice. Thanks! Laura
""",
  problem="Hi there, the rice cooker I got (IH Pressure 6-cup) only came with a Korean manual and the buttons are in Korean too.",
  shape="alt", mailer="apple")

M(cat="product", slug="smartblend-motor-stops", urgent="no", lang="mixed", wants="repair",
  frm=("조현석", "hyunseok.jo@pinetree-corp.example"),
  subj="Hanbit SmartBlend 900 A/S 접수 문의",
  body="""안녕하세요.

작년 12월에 구매한 Hanbit SmartBlend 900 (Model: HSB-900K) 관련 문의입니다.
요즘 Ice Crush 모드로 돌리면 10초쯤 지나서 motor가 그냥 멈춰 버립니다.
Smoothie 모드나 Pulse는 괜찮은데 얼음만 넣으면 이래요. 에러코드 E4가 깜빡입니다.

아직 warranty 1년 안이니까 무상 수리 가능한 걸로 알고 있는데,
택배로 보내야 하는지 방문 수리가 되는지 알려주세요.

조현석
Pinetree Corp. | Product Manager
Mobile 010-0000-5520
""",
  problem="요즘 Ice Crush 모드로 돌리면 10초쯤 지나서 motor가 그냥 멈춰 버립니다.",
  cte="quoted-printable", mailer="outlook")

M(cat="product", slug="air-fryer-handle-burn", urgent="yes", lang="ko", wants="refund",
  frm=("황보미래", "mirae.hb@starlight-home.example"),
  subj="에어프라이어 손잡이",
  body="""대표님 이 메일 꼭 직접 읽어주세요.

어제 저녁 에어프라이어(한빛 에어프라이어 4.2L)로 감자를 굽고 바스켓을 빼는데 손잡이가 바스켓에서 그냥 쑥 빠졌습니다.
200도짜리 바스켓이 바닥으로 떨어지면서 옆에 서 있던 일곱 살 딸 발등에 닿았어요.
아이 발등에 500원짜리 동전만 한 물집이 잡혔고 밤에 화상 전문 병원에 다녀왔습니다.

손잡이 고정하는 플라스틱 걸쇠가 두 동강 나 있습니다. 산 지 두 달밖에 안 됐고 식기세척기에 넣은 적도 없습니다.

제품값 환불은 당연하고 병원비도 책임져 주셨으면 합니다.
그리고 같은 제품 쓰는 집이 많을 텐데 이대로 팔아도 되는 건지 꼭 확인해 주세요.

황보미래
""",
  problem="200도짜리 바스켓이 바닥으로 떨어지면서 옆에 서 있던 일곱 살 딸 발등에 닿았어요.",
  mailer="android")

M(cat="product", slug="sofa-seam-split", urgent="no", lang="en", wants="replacement",
  frm=("Robert Chen", "robert.chen@meridian-advisory.example"),
  subj="Seam split on 2-week-old sofa (Order HB-2611-007719)",
  body="""Dear Hanbit Home team,

I am writing about the Linden 3-seat sofa in sage green, which was delivered and assembled by your team on 9 November. Let me say first that the assembly crew were excellent - on time, careful, and they took all the packaging away.

Unfortunately, after only two weeks of ordinary use (two adults, no pets, no children) the seam along the front edge of the middle seat cushion has split open over roughly 15 cm. The stitching appears to have simply come undone rather than torn, and the foam is now visible. Nobody was hurt, of course, and there is nothing dangerous about it - it just looks terrible and will clearly get worse.

I have attached a photo. I looked at the care instructions and we have followed them: no machine washing of the covers, no direct sunlight, vacuuming once a week.

I would prefer a replacement cushion (or a replacement cover, if the cushion core is fine) rather than a refund, since we are otherwise very happy with the sofa. Please let me know whether a technician will need to visit.

With best regards,

Robert Chen
Senior Consultant
Meridian Advisory Group
Seoul Office | 22F, Example Finance Center, Jung-gu
Direct: +82 2 0000 3340 | Mobile: +82 10 0000 6612

This message contains information that may be privileged or confidential and is the property of Meridian Advisory Group. It is intended only for the person to whom it is addressed. If you are not the intended recipient, you are not authorised to read, print, retain, copy, disseminate, distribute, or use this message or any part thereof. If you receive this message in error, please notify the sender immediately and delete all copies of this message.

Please consider the environment before printing this e-mail.
""",
  problem="Unfortunately, after only two weeks of ordinary use (two adults, no pets, no children) the seam along the front edge of the middle seat cushion has split open over roughly 15 cm.",
  shape="alt", cte="quoted-printable", attach=[("sofa_seam.png", "image/png", tiny_png(97))],
  mailer="outlook")

M(cat="product", slug="vegetable-set-spoiled", urgent="no", lang="ja", wants="refund",
  frm=("伊藤 恵", "megumi.ito@kaede-mail.example"),
  subj="野菜セットの品質について",
  body="""お世話になっております。ソウル在住の伊藤です。

本日届いた「旬の野菜おまかせセット」ですが、ほうれん草の半分が黒く溶けたようになっていて、きゅうりも柔らかく傷んでいました。
箱や保冷剤は問題なく、冷えた状態で届いております。
食べてはいないので体調は大丈夫です。

傷んでいた分だけで結構ですので、返金をお願いできますか。
写真が必要でしたらお知らせください。

注文番号 HB-2611-300218
伊藤 恵
""",
  problem="本日届いた「旬の野菜おまかせセット」ですが、ほうれん草の半分が黒く溶けたようになっていて、きゅうりも柔らかく傷んでいました。",
  cte="base64", mailer="apple")


# ====================================================================== ACCOUNT
M(cat="account", slug="takeover-email-changed-orders", urgent="yes", lang="en", wants="other",
  frm=("Olivia Grant", "olivia.grant@maplecrest.example"),
  subj="Someone has taken over my Hanbit account",
  body="""Hi,

At 02:14 last night I got a text with a Hanbit login code I never asked for. This morning my password doesn't work, the "forgot password" link goes to an email address that isn't mine (o.grant77@...), and I can see from my card app that two orders were placed at 02:30 - an air fryer and a blender - to an address in Incheon I have never heard of.

Please lock the account right now, cancel those two orders before they ship, and tell me how I get back in. My card is saved on that account.

Olivia Grant
registered phone: +82 10 0000 8841
""",
  problem="This morning my password doesn't work, the \"forgot password\" link goes to an email address that isn't mine (o.grant77@...), and I can see from my card app that two orders were placed at 02:30 - an air fryer and a blender - to an address in Incheon I have never heard of.",
  mailer="gmail")

M(cat="account", slug="password-reset-mail-missing", urgent="no", lang="ko", wants="other",
  frm=("신예린", "yerin.shin@purple-mail.example"),
  subj="비밀번호 재설정 메일이 안 와요",
  body="""비밀번호를 잊어버려서 재설정 눌렀는데 한 시간째 메일이 안 옵니다. 스팸함도 봤어요.
벌써 다섯 번 눌렀어요. 로그인을 못 하니까 장바구니에 담아둔 것도 못 사고 있어요.
가입 이메일은 이 주소 맞습니다.
""",
  problem="비밀번호를 잊어버려서 재설정 눌렀는데 한 시간째 메일이 안 옵니다.",
  cte="base64", mailer="android")

M(cat="account", slug="2fa-sms-new-phone", urgent="no", lang="ja", wants="other",
  frm=("渡辺 翔", "sho.watanabe@aozora-net.example"),
  subj="二段階認証のコードが届きません",
  body="""Hanbit Home サポート御中

お世話になっております。渡辺と申します。

先週スマートフォンを買い替え、電話番号も日本の番号から韓国の番号に変わりました。
ログインしようとすると二段階認証のコードが古い日本の番号に送られてしまい、受け取ることができません。
アカウント設定の変更画面にはログインしないと入れないため、困っております。

本人確認に必要な書類があればお送りしますので、電話番号の変更方法をお教えいただけますでしょうか。

渡辺 翔
""",
  problem="ログインしようとすると二段階認証のコードが古い日本の番号に送られてしまい、受け取ることができません。",
  cs="iso-2022-jp", mailer="thunderbird")

M(cat="account", slug="ios-app-crash-checkout", urgent="no", lang="en", wants="other",
  frm=("Ben Carter", "ben.carter@pixelforge.example"),
  subj="iOS app crashes at checkout since 5.12.0",
  body="""Hey,

Software dev here, so I'll keep this useful:

- App: Hanbit Home 5.12.0 (iOS), updated 24 Nov
- Device: iPhone 14, iOS 18.1
- Steps: add anything to cart -> Checkout -> tap "Apply Hanbit Plus discount" -> app closes instantly
- Reproducible every time, also after reinstall
- Without tapping the discount toggle it gets to the payment screen fine

Since the update, the app crashes every time I try to check out with the member discount. Web checkout works, so it's not my account itself, but I'd like the discount applied in the app like it used to be.

Cheers,
Ben
""",
  problem="Since the update, the app crashes every time I try to check out with the member discount.",
  shape="alt", mailer="apple")

M(cat="account", slug="someone-logged-in-points-gone", urgent="yes", lang="ko", wants="other",
  frm=("장미숙", "misook.jang@daisy-mail.example"),
  subj="제가 하지 않은 로그인 알림이 왔습니다",
  body="""대표님께,

오늘 새벽 3시 20분에 "새로운 기기에서 로그인되었습니다"라는 알림이 왔습니다. 저는 그 시간에 자고 있었습니다.
아침에 앱을 열어 보니 모아 둔 적립금 62,000원이 전부 사용되어 있고, 기본 배송지가 모르는 경기도 주소로 바뀌어 있었습니다.
주문 내역에는 제가 하지 않은 상품권 주문이 두 건 있습니다.

비밀번호는 방금 바꿨는데, 그 사람이 또 들어올까 봐 무섭습니다.
제 계정에 누가 들어왔는지 확인해 주시고, 상품권 주문은 막아 주세요. 적립금도 돌려주셨으면 합니다.

장미숙 올림
""",
  problem="아침에 앱을 열어 보니 모아 둔 적립금 62,000원이 전부 사용되어 있고, 기본 배송지가 모르는 경기도 주소로 바뀌어 있었습니다.",
  cs="ks_c_5601-1987", cte="base64", shape="alt", mailer="outlook")

M(cat="account", slug="merge-kakao-and-email", urgent="no", lang="en", wants="other",
  frm=("Chris Thompson", "c.thompson@bluegum.example"),
  subj="Two accounts - can you merge them?",
  body="""Hi,

Somehow I've ended up with two Hanbit Home accounts: one I made with my email address in 2024, and one that got created when I tapped "Continue with Kakao" on my new phone. My order history and my Hanbit Plus membership are on the email one, but my new orders and 8,000 points are on the Kakao one.

Could you merge them into the email account? I'd rather not lose the points or the order history, since I need old receipts for warranty.

Thanks,
Chris Thompson
""",
  problem="Somehow I've ended up with two Hanbit Home accounts: one I made with my email address in 2024, and one that got created when I tapped \"Continue with Kakao\" on my new phone.",
  cte="quoted-printable", mailer="web")

M(cat="account", slug="paid-plus-shows-regular", urgent="no", lang="ko", wants="explanation",
  frm=("권도현", "dohyun.kwon@riverstone.example"),
  subj="플러스 회원인데 일반회원으로 나와요",
  body="""안녕하세요.
11월 1일에 한빛플러스 월 회비 결제됐고 카드 문자도 받았는데 앱 마이페이지에는 계속 "일반회원"으로 나옵니다.
그래서 배송비도 붙고 회원가도 안 보여요.
결제는 된 거 맞는데 왜 회원 등급이 안 바뀌는지 알려주세요.
로그아웃했다 다시 로그인해도 똑같습니다.

권도현
""",
  problem="11월 1일에 한빛플러스 월 회비 결제됐고 카드 문자도 받았는데 앱 마이페이지에는 계속 \"일반회원\"으로 나옵니다.",
  cs="euc-kr", cte="8bit", mailer="naver")

M(cat="account", slug="forgot-password-says-no-user", urgent="no", lang="en", wants="other",
  frm=("Grace Whitmore", "grace.whitmore@quillpen.example"),
  subj="Apparently I don't exist",
  body="",
  html="""<html><body>
<p>Dear Hanbit Home,</p>
<p>Fun fact: I have placed 37 orders with you this year. Another fun fact: your Forgot Password page tells me "No user found with this email address".</p>
<p>So either I have been a ghost all year, or something is broken. The order confirmations keep arriving at this very address, so I'm going to go out on a limb and guess the second one.</p>
<p>Could someone please find me in your system and let me reset my password? Thank you.</p>
<p>Grace</p>
</body></html>
""",
  problem="Another fun fact: your Forgot Password page tells me \"No user found with this email address\".",
  shape="html", mailer="thunderbird")

M(cat="account", slug="elderly-cannot-log-in", urgent="no", lang="ko", wants="other",
  frm=("노병철", "bc.noh@silver-mail.example"),
  subj="로그인하는 방법을 여쭙니다",
  body="""안녕하십니까.
저는 수원에 사는 노병철이라고 합니다. 나이가 칠십여섯이라 인터넷이 서툽니다.

아들이 지난 추석에 한빛홈에 제 이름으로 회원가입을 해 주고 갔습니다.
그때는 아들이 옆에서 로그인을 해 주어서 쌀도 사고 반찬도 샀는데,
휴대폰을 바꾸고 나서 다시 들어가려니 아이디가 무엇인지 도무지 생각이 나지 않습니다.
아들은 외국 출장 중이라 연락이 잘 안 됩니다.

제 이름과 전화번호로 아이디를 찾을 수 있는지, 찾을 수 있다면 어떻게 하는지 천천히 알려 주시면 감사하겠습니다.
전화로 알려 주셔도 좋습니다. 010-0000-2043 입니다.

수고 많으십니다.
노병철 드림
""",
  problem="휴대폰을 바꾸고 나서 다시 들어가려니 아이디가 무엇인지 도무지 생각이 나지 않습니다.",
  mailer="web")

M(cat="account", slug="email-changed-notice-reply", urgent="yes", lang="en", wants="other",
  frm=("Michael Brandt", "m.brandt@harbor-logistics.example"),
  subj="Re: Your Hanbit Home email address was changed",
  body="""I did NOT make this change. I don't recognise that address, and now I can't log in at all. My Amex is saved on this account and it has a 2M won limit. Please freeze it and put my email back.

Michael Brandt

On Mon, Nov 23, 2026 at 11:48 PM Hanbit Home <security@hanbit-home.example> wrote:
> Hello Michael,
>
> The email address on your Hanbit Home account was changed to
> mb.shop.0923@quickmail.example on 23 Nov 2026, 23:47 (KST).
>
> If you made this change, you don't need to do anything.
> If you did not make this change, please contact us.
>
> While you're here: your Hanbit Plus renewal is on 1 Dec. Members save up
> to 20% on winter bedding this month!
>
> Hanbit Home Security Team
""",
  problem="I don't recognise that address, and now I can't log in at all.",
  mailer="gmail",
  hdrs=[("In-Reply-To", "<sec.20261123234801.77120@hanbit-home.example>"),
        ("References", "<sec.20261123234801.77120@hanbit-home.example>")])

M(cat="account", slug="rejoin-phone-already-used", urgent="no", lang="ko", wants="other",
  frm=("유하은", "haeun.yu@lemonade.example"),
  subj="탈퇴 후 재가입이 안 됩니다",
  body="""안녕하세요, 작년에 한빛홈 탈퇴했다가 이번에 다시 가입하려는 유하은입니다.

회원가입 마지막 단계에서 휴대폰 인증을 하면 "이미 가입된 휴대폰 번호입니다"라고 나오면서 더 진행이 안 됩니다.
탈퇴는 분명히 했고 탈퇴 완료 문자도 받았습니다.
아이디 찾기를 해 보면 "회원정보가 없습니다"라고 나와요.

가입을 할 수 있게 해 주세요. 감사합니다.
""",
  problem="회원가입 마지막 단계에서 휴대폰 인증을 하면 \"이미 가입된 휴대폰 번호입니다\"라고 나오면서 더 진행이 안 됩니다.",
  shape="alt", cte="quoted-printable", mailer="gmail")

M(cat="account", slug="app-error-e302", urgent="no", lang="ja", wants="other",
  frm=("松本 彩", "aya.matsumoto@hoshizora.example"),
  subj="アプリでエラーE-302が出てログインできません",
  body="""お世話になっております。松本です。

昨日からアプリでログインしようとすると「E-302 一時的なエラーが発生しました」と表示され、先に進めません。
パソコンのブラウザからは問題なくログインできますので、不正アクセスなどではないと思いますが、念のためご報告いたします。
アプリの再インストールも試しましたが、変わりませんでした。

端末：Galaxy S23／アプリのバージョン：5.12.0

ご確認をお願いいたします。
松本 彩
""",
  problem="昨日からアプリでログインしようとすると「E-302 一時的なエラーが発生しました」と表示され、先に進めません。",
  cs="iso-2022-jp", mailer="android")


# ====================================================================== SERVICE
M(cat="service", slug="call-centre-47-minutes", urgent="no", lang="en", wants="apology",
  frm=("Steve Marsh", "steve.marsh@oldmill.example"),
  subj="47 minutes on hold and then you hung up on me",
  body="""47 minutes. I timed it. Your hold music is a 20-second loop of a xylophone and I now hear it in my sleep.

At minute 47 a person finally answered, I said "Hi, I'm calling about" and the line went dead. No call back. The number I called was the one on your website, 1600-0000, option 3.

My original question was simple (whether the bed frame I ordered comes with slats). I found the answer myself on the product page in the end. But somebody should know that this is what happens when customers call you, and frankly I'd like an apology.

Steve Marsh
""",
  problem="At minute 47 a person finally answered, I said \"Hi, I'm calling about\" and the line went dead.",
  mailer="web")

M(cat="service", slug="agent-rude-banmal", urgent="no", lang="ko", wants="apology",
  frm=("표은비", "eunbi.pyo@clover-mail.example"),
  subj="상담원 응대가 너무 불쾌했습니다",
  body="""안녕하세요.

11월 17일 오후 4시경 고객센터에 교환 문의로 전화했던 표은비입니다.
상담원분이 제 설명을 중간에 계속 끊으시더니 나중에는 "그러니까 그걸 왜 지금 말해요?"라고 반말 섞인 말투로 짜증을 내셨습니다.
제가 다시 한 번만 설명해 달라고 하니까 한숨을 크게 쉬시고 "규정이 그래요"만 반복하셨어요.

교환 건은 결국 다른 상담원분이 친절하게 처리해 주셔서 해결됐습니다.
그래도 그날 상담원의 태도에 대해서는 사과를 받고 싶습니다. 같은 일이 다른 고객에게 생기지 않도록 해 주세요.

표은비 드림
""",
  problem="상담원분이 제 설명을 중간에 계속 끊으시더니 나중에는 \"그러니까 그걸 왜 지금 말해요?\"라고 반말 섞인 말투로 짜증을 내셨습니다.",
  cs="ks_c_5601-1987", cte="base64", mailer="outlook")

M(cat="service", slug="no-reply-to-inquiry", urgent="no", lang="ja", wants="explanation",
  frm=("木村 浩二", "koji.kimura@yamabiko.example"),
  subj="問い合わせへの返信がありません（3回目）",
  body="""Hanbit Home 代表取締役様

突然のメール失礼いたします。木村と申します。

11月2日と11月10日の2回、問い合わせフォームからベッドフレームの部品について質問を送りましたが、どちらにも返信がございません。
自動返信メールには「2営業日以内にご回答します」と書かれておりました。
質問の内容自体は簡単なものですが、2回とも無視されたような形になり、大変残念に思っております。

どのような理由で返信がいただけないのか、ご説明いただけますと幸いです。

木村 浩二
""",
  problem="11月2日と11月10日の2回、問い合わせフォームからベッドフレームの部品について質問を送りましたが、どちらにも返信がございません。",
  cs="iso-2022-jp", mailer="thunderbird")

M(cat="service", slug="technician-no-show-legal", urgent="yes", lang="en", wants="explanation",
  frm=("Victoria Hale", "v.hale@halecounsel.example"),
  subj="Third missed technician appointment - formal notice",
  body="""Dear Hanbit Home,

This is my fourth attempt to resolve this matter through your customer service team and my final one before I escalate it.

On 2, 9 and 16 November your agents confirmed, in writing and by phone, that a technician would visit my home between 10:00 and 13:00 to repair the reclining mechanism of the Hanbit Aria recliner sofa (order HB-2609-330187). On all three dates I took time off work. On all three dates nobody came, nobody called, and when I called afterwards the agent could find "no record of the booking".

The agent I spoke to on 16 November, who gave her name as Ms. Yoon, told me a supervisor would call me back within 24 hours. That was ten days ago.

Unless I receive a written explanation and a confirmed appointment within five working days, I will file a complaint with the Korea Consumer Agency and have instructed my solicitor to prepare a claim for the cost of the sofa and my lost working days.

Yours faithfully,
Victoria Hale
""",
  problem="On all three dates nobody came, nobody called, and when I called afterwards the agent could find \"no record of the booking\".",
  shape="alt", cte="quoted-printable", mailer="outlook")

M(cat="service", slug="chatbot-loop", urgent="no", lang="ko", wants="other",
  frm=("염지호", "jiho.yeom@wave-mail.example"),
  subj="챗봇 말고 사람이랑 얘기하고 싶어요",
  body="""챗봇에 "상담원 연결" 이라고 치면 "자주 묻는 질문을 확인해 보세요"만 나오고
"상담원"이라고 치면 다시 처음 메뉴로 돌아가요.
20분째 같은 화면만 돌고 있어요. 사람이 답해주는 창구가 있긴 한가요?
사람이랑 통화하거나 채팅할 수 있는 방법 좀 알려주세요.
""",
  problem="20분째 같은 화면만 돌고 있어요.",
  mailer="android")

M(cat="service", slug="account-manager-unreachable", urgent="no", lang="en", wants="apology",
  frm=("Hiroshi Tanaka", "h.tanaka@pacific-rim-hotels.example"),
  subj="Business account - repeated missed callbacks",
  body="""Dear Hanbit Home Management,

I am the procurement manager for Pacific Rim Hotels Korea. We have purchased kettles, rice cookers and desks from Hanbit Home for our two Seoul properties since 2025 under a business account.

Since the departure of our previous account manager, Mr. Park, in October, we have not been able to reach anybody responsible for our account. On 3, 11 and 19 November I was promised a callback from the B2B team "by the end of the day". None of these calls happened. Our quote request for 80 rice cookers has therefore been outstanding for four weeks and we have had to consider other suppliers.

I would appreciate an apology for the way this has been handled and the name and direct contact of our new account manager.

Best regards,

Hiroshi Tanaka
Procurement Manager
Pacific Rim Hotels Korea
Tel. +82 2 0000 9000 (ext. 214)

***********************************************************************
The information contained in this communication is intended solely for the use of the individual or entity to whom it is addressed and others authorized to receive it. It may contain confidential or legally privileged information. If you are not the intended recipient you are hereby notified that any disclosure, copying, distribution or taking any action in reliance on the contents of this information is strictly prohibited and may be unlawful. If you have received this communication in error, please notify us immediately by responding to this email and then delete it from your system.
***********************************************************************
""",
  problem="On 3, 11 and 19 November I was promised a callback from the B2B team \"by the end of the day\".",
  cte="quoted-printable", mailer="outlook")

M(cat="service", slug="agent-mocked-press", urgent="yes", lang="ko", wants="explanation",
  frm=("탁상우", "sangwoo.tak@redbrick.example"),
  subj="상담원이 저를 비웃었습니다. 방송국에 제보하겠습니다.",
  body="""한빛홈 대표 앞

어제 오후 고객센터에 장애인 할인 적용 문의로 전화했습니다.
제가 말이 좀 느리다는 걸 아시고 상담원이 "네~ 천천히~ 하세요~" 하면서 옆 사람이랑 웃는 소리가 수화기 너머로 그대로 들렸습니다.
통화 녹음해 두었습니다.

저는 뇌병변 장애가 있습니다. 이런 취급을 받은 게 처음이 아니지만, 돈 내고 물건 사는 회사에서 이런 일을 당할 줄은 몰랐습니다.

이번 주 금요일까지 이 일이 어떻게 처리되는지 설명을 듣지 못하면 녹음 파일을 지역 방송국 시사 프로그램과 장애인 단체에 보낼 생각입니다.

탁상우
""",
  problem="제가 말이 좀 느리다는 걸 아시고 상담원이 \"네~ 천천히~ 하세요~\" 하면서 옆 사람이랑 웃는 소리가 수화기 너머로 그대로 들렸습니다.",
  cte="base64", mailer="gmail")

M(cat="service", slug="stop-calling-me-at-work", urgent="no", lang="en", wants="left_alone",
  frm=("Natalie Brooks", "natalie.brooks@crestview-school.example"),
  subj="Please stop phoning me at work",
  body="""Hello,

My complaint about the cracked shelf (case CS-2611-44120) was sorted out two weeks ago, and I was happy with how it ended. Since then your team has called my school office five times "to follow up", twice during lessons, and the receptionist has had to pull me out of class.

I'm not angry and I'm not threatening anything, I just want the calls to stop. If you need anything else from me, email is fine.

Thanks,
Natalie Brooks
""",
  problem="Since then your team has called my school office five times \"to follow up\", twice during lessons, and the receptionist has had to pull me out of class.",
  mailer="apple")

M(cat="service", slug="plus-chat-closed", urgent="no", lang="mixed", wants="apology",
  frm=("변승준", "seungjun.byun@mocha-mail.example"),
  subj="Live Chat 상담 도중에 채팅 종료됨",
  body="""안녕하세요. Hanbit Plus 회원 변승준입니다.

어제 밤 9시쯤 app에서 Live Chat으로 반품 문의하는데,
agent가 "확인해보겠습니다" 하고 10분 동안 아무 말 없더니 갑자기 "고객님의 응답이 없어 상담을 종료합니다" 메시지와 함께 chat이 닫혔어요.
저는 계속 기다리고 있었는데요?

다시 연결하니까 대기 32번이라고 나와서 포기했습니다.
Premium membership이라면서 이런 대우는 좀 아닌 것 같네요. 사과 바랍니다.
""",
  problem="agent가 \"확인해보겠습니다\" 하고 10분 동안 아무 말 없더니 갑자기 \"고객님의 응답이 없어 상담을 종료합니다\" 메시지와 함께 chat이 닫혔어요.",
  shape="alt", mailer="gmail")

M(cat="service", slug="phone-agent-insincere", urgent="no", lang="ja", wants="apology",
  frm=("井上 真理子", "mariko.inoue@ume-mail.example"),
  subj="電話窓口の対応について",
  body="""Hanbit Home 御中

いつも利用させていただいております、井上と申します。

先日、届いた本棚の色違いについて電話でご相談した際、担当の方から「写真を見ないと何とも言えません」「こちらのミスとは限りません」と繰り返され、最後は一方的に電話を切られてしまいました。
本棚の件は結局、メールで写真を送って交換していただけましたので、それについては感謝しております。

ただ、電話での対応はとても残念でしたので、その点についてお詫びの一言をいただければと思い、ご連絡いたしました。

井上 真理子
""",
  problem="先日、届いた本棚の色違いについて電話でご相談した際、担当の方から「写真を見ないと何とも言えません」「こちらのミスとは限りません」と繰り返され、最後は一方的に電話を切られてしまいました。",
  cte="quoted-printable", mailer="web")

M(cat="service", slug="complaint-closed-without-asking", urgent="no", lang="en", wants="explanation",
  frm=("Aaron Walsh", "aaron.walsh@tidewater.example"),
  subj="Case CS-2611-51007 marked \"resolved\"?",
  body="",
  html="""<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>p{margin:0 0 10px 0}</style></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#222">
<p>Hi,</p>
<p>I got an automated email this morning saying my case CS-2611-51007 has been <b>resolved</b> and asking me to rate my experience from 1 to 5.</p>
<p>Nothing has been resolved. Nobody contacted me, nobody asked if the problem was fixed, and the case was closed without a single reply to what I wrote.</p>
<p>I'd like to know who closed it and why, and I'd like it reopened. (For the record, my rating is 1.)</p>
<p>Aaron Walsh</p>
<div style="color:#888;font-size:11px">Sent with Spark</div>
</body></html>
""",
  problem="Nobody contacted me, nobody asked if the problem was fixed, and the case was closed without a single reply to what I wrote.",
  shape="html", cte="base64", mailer="apple")

M(cat="service", slug="fwd-second-complaint-no-answer", urgent="no", lang="ko", wants="apology",
  frm=("도경희", "kyunghee.do@maple-mail.example"),
  subj="FW: 조립 기사님 관련 불만 (두 번째 보냅니다)",
  body="""대표님, 아래 메일을 고객센터에 보낸 지 2주가 넘었는데 아무 답이 없어서 대표님께 다시 보냅니다.
답장 한 통 없는 것이 더 기분 나쁩니다.

-----Original Message-----
From: 도경희 <kyunghee.do@maple-mail.example>
To: help@hanbit-home.example
Sent: 2026-11-06 (금) 21:14
Subject: 조립 기사님 관련 불만

안녕하세요. 11월 5일 침대 조립 서비스 받은 도경희입니다.
기사님이 예정보다 세 시간 늦게 오셨는데 늦는다는 연락도 없었습니다.
조립하시는 내내 휴대폰 통화를 하셨고, 다 끝나고 나서는 포장 쓰레기를 그대로 두고 가셨어요.
침대는 문제없이 잘 쓰고 있습니다. 다만 이런 서비스에 조립비 4만 원을 따로 낸 게 아깝습니다.
""",
  problem="대표님, 아래 메일을 고객센터에 보낸 지 2주가 넘었는데 아무 답이 없어서 대표님께 다시 보냅니다.",
  cs="euc-kr", cte="8bit", mailer="outlook")


# ====================================================================== PRIVACY
M(cat="privacy", slug="gdpr-erasure-request", urgent="no", lang="en", wants="data_deletion",
  frm=("Katarzyna Nowak", "k.nowak@vistula-mail.example"),
  subj="Request for erasure of personal data",
  body="""Dear Sir or Madam,

I am writing to request the erasure of all personal data that Hanbit Home holds about me.

I was a customer from March 2025 until September 2026, when I left Korea and returned to Poland. I have closed my Hanbit Plus membership and have no outstanding orders. As an EU citizen I am making this request under Article 17 GDPR, and also under the Korean Personal Information Protection Act as far as it applies.

Please delete, in particular: my account and login data, delivery addresses, phone number, stored payment cards, order history (except what you are legally required to keep for tax purposes), and any data shared with marketing partners.

I would be grateful for written confirmation once the deletion is complete, including a note of any data you are required to retain and for how long.

Yours faithfully,
Katarzyna Nowak
Account e-mail: k.nowak@vistula-mail.example
""",
  problem="I am writing to request the erasure of all personal data that Hanbit Home holds about me.",
  cte="quoted-printable", mailer="thunderbird")

M(cat="privacy", slug="ad-sms-after-opt-out", urgent="no", lang="ko", wants="left_alone",
  frm=("육현정", "hyunjung.yuk@pebble-mail.example"),
  subj="광고문자 수신거부 했는데 왜 계속 보내세요",
  body="""10월에 앱에서 마케팅 수신 동의 다 껐고, 문자에 있는 080 수신거부 번호로도 전화했습니다.
그런데 이번 달에만 "(광고) 한빛홈 블랙위크" 문자가 일곱 통 왔어요. 밤 11시에 온 것도 있습니다.
더 이상 보내지 마세요.
""",
  problem="그런데 이번 달에만 \"(광고) 한빛홈 블랙위크\" 문자가 일곱 통 왔어요.",
  mailer="android")

M(cat="privacy", slug="newsletter-stop", urgent="no", lang="ja", wants="left_alone",
  frm=("森 大輔", "daisuke.mori@kumo-net.example"),
  subj="メルマガ配信停止のお願い",
  body="""メールマガジンの配信停止をお願いします。
配信停止のリンクを押しても「ページが見つかりません」と表示され、手続きができませんでした。

森
""",
  problem="配信停止のリンクを押しても「ページが見つかりません」と表示され、手続きができませんでした。",
  cs="iso-2022-jp", mailer="web")

M(cat="privacy", slug="stranger-order-history-pipc", urgent="yes", lang="en", wants="explanation",
  frm=("Elena Petrova", "elena.petrova@birchwood.example"),
  subj="I can see another customer's orders in my account",
  body="""Hello,

This evening I opened "My Orders" in your app and the list was not mine. I could see another woman's full name, her home address in Bundang, her mobile number, and everything she has ordered since August, including a pharmacy-category item I will not describe. I took screenshots because frankly I did not believe it.

After logging out and in again it showed my own orders, but I have no idea whether someone else is now looking at my address and phone number in the same way.

I expect an explanation of what happened and how many customers were affected. If I do not hear from you within 48 hours I will report this to the Personal Information Protection Commission (PIPC).

Elena Petrova
""",
  problem="I could see another woman's full name, her home address in Bundang, her mobile number, and everything she has ordered since August, including a pharmacy-category item I will not describe.",
  shape="alt", mailer="gmail")

M(cat="privacy", slug="what-data-do-you-hold", urgent="no", lang="ko", wants="explanation",
  frm=("소재원", "jaewon.so@northstar-mail.example"),
  subj="개인정보 열람 청구",
  body="""한빛홈 개인정보 보호책임자님께

개인정보 보호법 제35조에 따라 제 개인정보의 열람을 청구합니다.

1. 한빛홈이 보유하고 있는 제 개인정보의 항목
2. 수집 목적과 보유 기간
3. 제3자에게 제공한 내역(제공받은 자, 제공 항목, 제공 일자)
4. 처리를 위탁한 업체 목록

최근 모르는 가구 렌털 업체에서 제 이름과 주소를 알고 전화가 왔는데, 어디서 정보가 나갔는지 확인하고 싶어서 요청드립니다.
법정 기한 안에 서면(이메일)으로 회신 부탁드립니다.

소재원
""",
  problem="최근 모르는 가구 렌털 업체에서 제 이름과 주소를 알고 전화가 왔는데, 어디서 정보가 나갔는지 확인하고 싶어서 요청드립니다.",
  cs="ks_c_5601-1987", cte="base64", shape="alt", mailer="outlook")

M(cat="privacy", slug="unsubscribe-subject-only", urgent="no", lang="en", wants="left_alone",
  frm=("", "pk.wilson@lowtide.example"),
  subj="Please take me off your mailing list",
  body="",
  problem="Please take me off your mailing list",
  mailer="web")

M(cat="privacy", slug="received-strangers-confirmation", urgent="yes", lang="ko", wants="explanation",
  frm=("여태호", "taeho.yeo@hillside-mail.example"),
  subj="다른 사람 주문확인 메일이 저한테 왔습니다 (첨부)",
  body="""안녕하세요.

오늘 오후에 한빛홈에서 온 주문확인 메일을 받았는데 제 주문이 아닙니다.
받는 사람 이름, 휴대폰 번호, 집 주소, 공동현관 비밀번호까지 다른 분 정보가 그대로 들어 있습니다. 원본 메일 그대로 첨부합니다.

저는 그분을 전혀 모릅니다. 이분 공동현관 비밀번호를 제가 알게 된 것 자체가 말이 안 되는 일입니다.
반대로 제 정보도 다른 사람한테 가고 있는 건 아닌지 걱정됩니다.

어떻게 이런 일이 생겼는지 설명해 주세요.
답이 없으면 개인정보보호위원회에 정식으로 신고하겠습니다.

여태호
""",
  problem="받는 사람 이름, 휴대폰 번호, 집 주소, 공동현관 비밀번호까지 다른 분 정보가 그대로 들어 있습니다.",
  cte="quoted-printable", mailer="thunderbird",
  fwd=dict(frm=("한빛홈", "orders@hanbit-home.example"), to="taeho.yeo@hillside-mail.example",
           subj="[한빛홈] 주문이 완료되었습니다 (HB-2611-287765)", lang="ko", mailer="web",
           body="""김O영 고객님, 주문해 주셔서 감사합니다.

주문번호: HB-2611-287765
상품: 한빛 원목 수납장 3단 / 유기농 두유 24팩
결제금액: 154,800원

받는 분: 김O영
연락처: 010-0000-7315
배송지: 서울특별시 강서구 (상세주소 생략)
공동현관 출입: #1234*
배송 요청사항: 문 앞에 놓아 주세요

새벽배송 상품은 내일 오전 7시 전에 도착합니다.
""", date=(27, 14, 5, 9)))

M(cat="privacy", slug="cookies-ad-networks", urgent="no", lang="en", wants="explanation",
  frm=("Julian Meyer", "julian.meyer@opensource-dev.example"),
  subj="Cookies on hanbit-home.example",
  body="",
  html="""<html><body>
<p>Hello,</p>
<p>Out of curiosity I opened the developer tools on your shop. Before I click anything on your cookie banner, the home page already sets 41 cookies, and at least six of them belong to advertising and tracking networks.</p>
<p>Your banner says <i>"We only use essential cookies until you agree"</i>. That does not match what the browser shows.</p>
<p>Could you explain which cookies are set before consent, what they are used for, and who receives the data? A list would be fine.</p>
<p>Regards,<br>Julian Meyer</p>
</body></html>
""",
  problem="Before I click anything on your cookie banner, the home page already sets 41 cookies, and at least six of them belong to advertising and tracking networks.",
  shape="html", mailer="thunderbird")

M(cat="privacy", slug="delete-after-plus-cancel", urgent="no", lang="mixed", wants="data_deletion",
  frm=("석민재", "minjae.seok@orbit-mail.example"),
  subj="Hanbit Plus 해지 + 회원탈퇴, 개인정보 삭제 요청",
  body="""안녕하세요.

Hanbit Plus membership 해지했고 이제 회원탈퇴까지 하려고 합니다.
탈퇴하면서 제 개인정보 (주소, 전화번호, 저장된 card 정보, Kakao 연동 정보) 전부 삭제해 주세요.
특히 "Saved Cards"에 있는 카드 두 장은 탈퇴 전에라도 먼저 지워주시면 좋겠어요. 앱에서는 삭제 버튼이 안 눌립니다.

삭제 완료되면 email로 confirmation 부탁드립니다.

석민재
""",
  problem="탈퇴하면서 제 개인정보 (주소, 전화번호, 저장된 card 정보, Kakao 연동 정보) 전부 삭제해 주세요.",
  cte="base64", mailer="gmail")

M(cat="privacy", slug="withdraw-and-delete", urgent="no", lang="ja", wants="data_deletion",
  frm=("清水 奈々", "nana.shimizu@hikari-mail.example"),
  subj="退会および個人情報削除のお願い",
  body="""Hanbit Home 個人情報担当者様

お世話になっております。清水と申します。

来月日本へ帰国することになりましたので、退会させていただきたく存じます。
あわせて、登録している住所、電話番号、外国人登録番号の下4桁、クレジットカード情報など、私に関する個人情報をすべて削除していただけますでしょうか。

削除が完了しましたら、その旨をメールでお知らせいただけますと幸いです。
これまで大変お世話になりました。

清水 奈々
""",
  problem="あわせて、登録している住所、電話番号、外国人登録番号の下4桁、クレジットカード情報など、私に関する個人情報をすべて削除していただけますでしょうか。",
  cs="iso-2022-jp", mailer="apple")

M(cat="privacy", slug="insurance-calls-partner-sharing", urgent="no", lang="en", wants="explanation",
  frm=("Samuel Adeyemi", "samuel.adeyemi@lagoon-mail.example"),
  subj="Did you sell my phone number?",
  body="""Hello,

Over the past two weeks I have received four calls from an insurance company offering me "home contents insurance for Hanbit Home customers". When I asked where they got my number, the caller said it came from "our partner Hanbit Home".

I have never ticked any box allowing you to share my details with partners. I checked the consent settings in the app: "Third-party marketing" is off, and as far as I know it always has been.

Could you tell me whether you shared my details with this company, and on what basis? And please make sure nobody else gets my number from you.

Samuel Adeyemi
""",
  problem="When I asked where they got my number, the caller said it came from \"our partner Hanbit Home\".",
  shape="alt", cte="quoted-printable", mailer="web")

M(cat="privacy", slug="kakao-ads-withdraw-consent", urgent="no", lang="ko", wants="left_alone",
  frm=("심옥희", "okhee.sim@hanmail-mail.example"),
  subj="카카오톡 광고 그만 받고 싶습니다",
  body="""안녕하세요.
저는 예순여덟 살 된 심옥희입니다.

언제부터인가 카카오톡으로 한빛홈 광고가 하루에도 몇 번씩 옵니다.
제가 광고를 받겠다고 한 기억은 없는데, 손주가 물건을 시켜 주면서 눌렀는지도 모르겠습니다.
밤늦게 알림이 울려서 잠을 깨는 일도 있어서 불편합니다.

광고는 이제 보내지 말아 주십시오. 물건은 필요하면 제가 찾아서 사겠습니다.

고맙습니다.
심옥희 드림
""",
  problem="언제부터인가 카카오톡으로 한빛홈 광고가 하루에도 몇 번씩 옵니다.",
  cs="euc-kr", cte="8bit", mailer="naver")


# ======================================================================== OTHER
M(cat="other", slug="praise-dawn-driver", urgent="no", lang="en", wants="other",
  frm=("Fiona MacLeod", "fiona.macleod@heathermail.example"),
  subj="A thank you for your dawn driver",
  body="""Hello,

I just wanted to say thank you. Last Thursday it was pouring with rain at 5am and your delivery driver (I think his name badge said Mr. Seo) not only put our boxes under the covered bit of the entrance instead of the open step, he also wrapped them in a plastic sheet and left a little note saying "비가 와서 덮어 두었어요 - rain, so I covered".

Nothing was wrong with the order at all, everything was perfect. I just thought someone should hear about it. Please pass it on to him.

Warmly,
Fiona
""",
  problem="I just wanted to say thank you.",
  shape="alt", mailer="apple")

M(cat="other", slug="praise-assembly-technician", urgent="no", lang="ko", wants="other",
  frm=("함소영", "soyoung.ham@linen-mail.example"),
  subj="조립 기사님 칭찬합니다",
  body="""대표님 안녕하세요!

지난 토요일에 아이 책상이랑 책장 조립 서비스 받았는데요, 기사님이 너무 꼼꼼하게 해 주셔서 감사 인사 드리고 싶어서 메일 씁니다.
책장이 넘어지지 않게 벽 고정까지 해 주시고, 아이한테 책상 높이 조절하는 방법도 직접 알려 주셨어요.
포장재도 다 가져가 주셨고요.

이름을 여쭤봤는데 한사코 괜찮다고 하셔서, 11월 21일 오전 성북구 방문하신 기사님이라고만 적어 둡니다.
꼭 칭찬 전해 주세요!

함소영 드림
""",
  problem="지난 토요일에 아이 책상이랑 책장 조립 서비스 받았는데요, 기사님이 너무 꼼꼼하게 해 주셔서 감사 인사 드리고 싶어서 메일 씁니다.",
  shape="alt", cte="base64", mailer="gmail")

M(cat="other", slug="jp-partnership-proposal", urgent="no", lang="ja", wants="other",
  frm=("斎藤 隆", "t.saito@fujimi-kitchen.example"),
  subj="【ご提案】日本製キッチン用品の取り扱いについて",
  body="""Hanbit Home
代表取締役 様

拝啓 時下ますますご清栄のこととお喜び申し上げます。
私、富士見キッチンウェア株式会社 海外営業部の斎藤と申します。

弊社は新潟県燕市で創業六十年の金属製キッチン用品メーカーでございます。
貴社のオンラインストアを拝見し、品質を重視した商品構成に大変感銘を受けました。
つきましては、弊社のステンレス製ケトルおよび包丁シリーズを貴社にてお取り扱いいただけないかと思い、ご連絡を差し上げました。

来月ソウルに出張の予定がございますので、ご都合がよろしければ、十五分ほどお時間を頂戴できましたら幸いです。
会社案内を別途お送りすることも可能です。

敬具

富士見キッチンウェア株式会社
海外営業部 斎藤 隆
""",
  problem="つきましては、弊社のステンレス製ケトルおよび包丁シリーズを貴社にてお取り扱いいただけないかと思い、ご連絡を差し上げました。",
  cs="iso-2022-jp", mailer="outlook")

M(cat="other", slug="seo-agency-pitch", urgent="no", lang="en", wants="other",
  frm=("Ryan from GrowthRocket", "ryan@growthrocket-seo.example"),
  subj="Quick question about hanbit-home.example",
  body="",
  html="""<html><body style="font-family:Helvetica,Arial,sans-serif">
<table width="600" cellpadding="0" cellspacing="0"><tr><td>
<p>Hi there,</p>
<p>I was browsing hanbit-home.example and noticed you're not ranking on page 1 for "air fryer Seoul" or "dawn delivery groceries".</p>
<p>We help e-commerce brands like yours 3x their organic traffic in 90 days, guaranteed. Would you be open to a free 15-minute audit call this week?</p>
<p><a href="https://growthrocket-seo.example/book">Book a slot here</a></p>
<p>Cheers,<br>Ryan Mitchell<br>Growth Lead, GrowthRocket SEO</p>
<p style="font-size:10px;color:#999">If you don't want to hear from me again, just reply "no thanks".</p>
</td></tr></table>
</body></html>
""",
  problem="We help e-commerce brands like yours 3x their organic traffic in 90 days, guaranteed.",
  shape="html", cte="quoted-printable", mailer="web")

M(cat="other", slug="job-application-logistics", urgent="no", lang="ko", wants="other",
  frm=("민다현", "dahyun.min@jobseeker-mail.example"),
  subj="물류센터 운영 관리직 지원드립니다",
  body="""안녕하십니까, 대표님.
저는 물류 분야에서 6년간 일해 온 민다현이라고 합니다.

한빛홈의 새벽배송 서비스를 3년째 이용하는 고객이기도 한데, 매번 정확한 시간에 도착하는 것을 보며 이 물류를 운영하는 팀에서 일해 보고 싶다는 생각을 해 왔습니다.
채용 공고에서 이천 물류센터 운영 관리직 모집을 보고 지원하게 되었습니다.

이전 직장에서는 냉장·냉동 상품 출고 라인을 관리하며 오배송률을 0.4%에서 0.1%로 줄인 경험이 있습니다.
이력서를 첨부하오니 검토 부탁드립니다.

감사합니다.
민다현 드림
""",
  problem="채용 공고에서 이천 물류센터 운영 관리직 모집을 보고 지원하게 되었습니다.",
  attach=[("이력서_민다현.pdf", "application/pdf", tiny_pdf("Resume - Min Dahyun - Logistics operations"))],
  mailer="gmail")

M(cat="other", slug="journalist-packaging-question", urgent="no", lang="en", wants="other",
  frm=("Isabel Torres", "i.torres@seoul-weekly-review.example"),
  subj="Press enquiry: dawn delivery packaging",
  body="""Dear Hanbit Home team,

My name is Isabel Torres and I am a reporter for the Seoul Weekly Review, an English-language magazine. I am working on a feature about the environmental side of dawn grocery delivery in Seoul, covering several companies.

I would like to ask a few questions:
1. Roughly what share of your ice packs are collected and reused?
2. Have you changed your insulated box material in the last two years?
3. Is there a plan to offer a packaging-free or reusable-crate option?

This is not a complaint and not an investigative piece; I am simply trying to give readers an accurate picture of what the industry is doing. My deadline is 10 December. A short written answer, or a 15-minute call with someone from your operations team, would be wonderful.

Many thanks,
Isabel Torres
Staff Writer, Seoul Weekly Review
""",
  problem="I am working on a feature about the environmental side of dawn grocery delivery in Seoul, covering several companies.",
  cte="quoted-printable", mailer="thunderbird")

M(cat="other", slug="jeju-dawn-delivery-question", urgent="no", lang="ko", wants="other",
  frm=("고은별", "eunbyul.ko@tangerine-mail.example"),
  subj="제주도 새벽배송 되나요?",
  body="""다음 달에 제주도로 이사 가는데 제주시에서도 새벽배송 받을 수 있는지 궁금해요.
안 되면 일반 택배로라도 냉동식품 주문 가능한가요?
""",
  problem="다음 달에 제주도로 이사 가는데 제주시에서도 새벽배송 받을 수 있는지 궁금해요.",
  mailer="android")

M(cat="other", slug="rice-cooker-voltage-japan", urgent="no", lang="en", wants="other",
  frm=("Akira Long", "akira.long@twinports.example"),
  subj="voltage question",
  body="""Hi, before I buy: will the IH Pressure rice cooker work in Japan (100V)? Moving to Osaka in spring and don't want to buy twice. Thanks, Akira
""",
  problem="Hi, before I buy: will the IH Pressure rice cooker work in Japan (100V)?",
  mailer="apple")

M(cat="other", slug="suggestion-vegan-meal-kits", urgent="no", lang="ko", wants="other",
  frm=("탁지원", "jiwon.tak@greenhouse-mail.example"),
  subj="이 메일이 정말 대표님께 가나요? (제안 하나 드립니다)",
  body="""안녕하세요, 대표님.
한빛홈 공식 홈페이지 맨 아래에 대표 이메일이 있길래 반신반의하며 보내 봅니다.

저는 3년째 채식을 하고 있는 직장인입니다.
한빛홈 새벽배송을 정말 잘 쓰고 있는데, 밀키트 코너에 비건 제품이 두세 가지밖에 없어서 늘 아쉬웠습니다.
두부나 버섯을 활용한 비건 밀키트를 조금 더 늘려 주시면 저 같은 사람들이 정말 좋아할 것 같아요.

불만은 전혀 없고, 그냥 팬으로서 드리는 제안입니다. 읽어 주셔서 감사합니다!

탁지원 드림
""",
  problem="두부나 버섯을 활용한 비건 밀키트를 조금 더 늘려 주시면 저 같은 사람들이 정말 좋아할 것 같아요.",
  cs="euc-kr", cte="8bit", mailer="naver")

M(cat="other", slug="domain-expiry-spam", urgent="no", lang="en", wants="other",
  frm=("Domain Services Dept.", "notice@global-domain-registry-center.example"),
  subj="URGENT: Final Notice - hanbit-home.example domain expiration",
  body="""ATTENTION: CEO / DOMAIN OWNER

Domain Name: HANBIT-HOME.EXAMPLE

This is your FINAL NOTICE of domain name expiration. Your domain listing in our search engine submission directory will be removed within 24 hours unless payment is received.

Failure to complete your search engine optimization registration by the expiration date may result in cancellation of this offer, making it difficult for your customers to find you on the web.

Secure online payment: http://pay.global-domain-registry-center.example/?id=HB99812
Amount due: USD 89.00

This notice is not a bill. This is a solicitation. You are under no obligation to pay the amount stated above unless you accept this offer.
""",
  problem="This is your FINAL NOTICE of domain name expiration.",
  cte="8bit", mailer="web")

M(cat="other", slug="thanks-child-lock-kettle", urgent="no", lang="ja", wants="other",
  frm=("岡田 さくら", "sakura.okada@nagisa-mail.example"),
  subj="ケトルのチャイルドロック、ありがとうございます",
  body="""Hanbit Home の皆様

ソウルに住んでいる岡田と申します。今日はお礼を伝えたくてメールしました。

二歳の息子がいるので、チャイルドロック付きの電気ケトルを探して、貴社のものを選びました。
先日、息子がケトルを倒してしまったのですが、ロックのおかげでお湯が一滴もこぼれず、息子も私も何ともありませんでした。
ひやっとしましたが、本当にこの商品を選んでよかったと思っています。

特にお願いなどはございません。開発された方々によろしくお伝えください。

岡田 さくら
""",
  problem="先日、息子がケトルを倒してしまったのですが、ロックのおかげでお湯が一滴もこぼれず、息子も私も何ともありませんでした。",
  cte="base64", shape="alt", mailer="gmail")

M(cat="other", slug="student-club-talk-request", urgent="no", lang="ko", wants="other",
  frm=("남윤서", "yunseo.nam@campus-startup.example"),
  subj="[강연 요청] 대학 창업동아리 특강 가능하실까요",
  body="""안녕하세요, 대표님.
저는 OO대학교 창업동아리 '씨앗' 회장을 맡고 있는 경영학과 3학년 남윤서입니다.

동아리에서 매 학기 창업가 특강을 열고 있는데, 작은 온라인 쇼핑몰에서 시작해 새벽배송까지 키워 오신 한빛홈의 이야기를 듣고 싶다는 의견이 많았습니다.
내년 3월 중 평일 저녁에 1시간 정도 강연을 부탁드려도 될지 여쭙고 싶습니다.
소정의 강연료를 준비하고 있고, 온라인 강연도 괜찮습니다.

바쁘실 텐데 읽어 주셔서 감사합니다.

남윤서 드림
창업동아리 '씨앗' 회장
010-0000-6608
""",
  problem="내년 3월 중 평일 저녁에 1시간 정도 강연을 부탁드려도 될지 여쭙고 싶습니다.",
  shape="alt", cte="quoted-printable", mailer="web")


# ---------------------------------------------------------------- assembly
WANTS = {"refund", "replacement", "repair", "delivery", "apology", "explanation",
         "cancellation", "data_deletion", "left_alone", "other"}
TZ = {"ko": 9, "ja": 9, "mixed": 9}
MAILERS = ["gmail", "outlook", "apple", "thunderbird", "naver", "android", "web"]


def h16(s, n=16):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:n]


def text_part(text, subtype, charset, cte, flowed=False):
    cte2, payload = encode_body(text, charset, cte)
    ct = 'text/%s; charset="%s"' % (subtype, charset)
    if flowed and subtype == "plain":
        ct += "; format=flowed"
    return ["Content-Type: " + ct, "Content-Transfer-Encoding: " + cte2], payload


def multipart(subtype, parts, boundary, preamble=True):
    hdr = ['Content-Type: multipart/%s;\r\n\tboundary="%s"' % (subtype, boundary)]
    body = "This is a multi-part message in MIME format.\r\n" if preamble else ""
    for ph, pb in parts:
        body += "\r\n--%s\r\n%s\r\n\r\n%s" % (boundary, "\r\n".join(ph), pb)
    body += "\r\n--%s--\r\n" % boundary
    return hdr, body


def attach_part(fname, mtype, data):
    try:
        fname.encode("ascii")
        disp = 'attachment; filename="%s"' % fname
        ctn = '; name="%s"' % fname
    except UnicodeEncodeError:
        from urllib.parse import quote
        disp = "attachment; filename*=utf-8''%s" % quote(fname)
        ctn = '; name="%s"' % enc_words(fname)
    b = base64.encodebytes(data).decode("ascii").replace("\n", "\r\n").rstrip("\r\n")
    return ["Content-Type: %s%s" % (mtype, ctn), "Content-Transfer-Encoding: base64",
            "Content-Disposition: " + disp], b


def build(m, idx, key):
    cs = m.get("cs", "utf-8")
    cte = m.get("cte", "8bit")
    shape = m.get("shape", "plain")
    mailer = m.get("mailer") or MAILERS[idx % len(MAILERS)]
    flowed = mailer in ("apple", "thunderbird")
    body = m.get("body", "")
    if shape == "plain":
        ch, cb = text_part(body, "plain", cs, cte, flowed)
    elif shape in ("alt", "html"):
        hsrc = m.get("html") or text_to_html(body, cs)
        hp = text_part(hsrc, "html", cs, m.get("html_cte", cte))
        if shape == "html":
            ch, cb = hp
        else:
            tp = text_part(body, "plain", cs, cte, flowed)
            ch, cb = multipart("alternative", [tp, hp], "_alt_%s_" % h16(key + "alt", 24),
                               preamble=(mailer == "outlook"))
    else:
        raise ValueError(shape)
    extra = []
    for a in m.get("attach", []):
        extra.append(attach_part(*a))
    if m.get("fwd"):
        inner = build(m["fwd"], idx + 3, key + "/fwd")
        try:
            inner.encode("ascii")
            icte = "7bit"
        except UnicodeEncodeError:
            icte = "8bit"
        extra.append((["Content-Type: message/rfc822", "Content-Transfer-Encoding: " + icte,
                       "Content-Disposition: attachment"], inner))
    if extra:
        ch, cb = multipart("mixed", [(ch, cb)] + extra, "----=_Mixed_%s" % h16(key + "mix", 20))

    lang = m.get("lang", "en")
    d = m.get("date")
    if d is None:
        d = (1 + (idx * 11) % 30, (idx * 7 + 6) % 24, (idx * 13 + 4) % 60,
             TZ.get(lang, [0, -5, 1, 9, 8, 0, -8][idx % 7]))
    day, hh, mi, tz = d
    dt = datetime.datetime(2026, 11, day, hh, mi, (idx * 17) % 60,
                           tzinfo=datetime.timezone(datetime.timedelta(hours=tz)))
    name, mail = m["frm"]
    hcs = m.get("hcs", "utf-8" if cs == "utf-8" else cs)
    dom = mail.split("@")[1]
    if mailer == "gmail":
        mid = "<CA%s+%s@mail.gmail.example>" % (h16(key, 12).upper(), h16(key + "g", 10))
    elif mailer == "outlook":
        mid = "<00%s$%s$%s@%s>" % (h16(key, 10), h16(key + "a", 10), h16(key + "b", 8), dom)
    elif mailer == "apple":
        hx = h16(key + "u", 32).upper()
        mid = "<%s-%s-%s-%s-%s@%s>" % (hx[:8], hx[8:12], hx[12:16], hx[16:20], hx[20:32], dom)
    else:
        mid = "<%s.%s@%s>" % (dt.strftime("%Y%m%d%H%M%S"), h16(key, 14), dom)
    hdrs = [
        "From: " + addr(name, mail, hcs),
        "To: " + m.get("to", "ceo@hanbit-home.example"),
    ]
    if m.get("cc"):
        hdrs.append("Cc: " + m["cc"])
    hdrs += [
        "Subject: " + enc_words(m.get("subj", ""), hcs),
        "Date: " + email.utils.format_datetime(dt),
        "Message-ID: " + mid,
    ]
    for k, v in m.get("hdrs", []):
        hdrs.append("%s: %s" % (k, v))
    hdrs.append("MIME-Version: 1.0")
    xm = {"outlook": "X-Mailer: Microsoft Outlook 16.0",
          "apple": "X-Mailer: iPhone Mail (21B101)",
          "thunderbird": "User-Agent: Mozilla Thunderbird",
          "naver": "X-Mailer: Webmail 4.2",
          "android": "X-Mailer: Android Mail 9.1"}.get(mailer)
    if xm:
        hdrs.append(xm)
    if mailer == "outlook":
        hdrs.append("Content-Language: " + {"ko": "ko-KR", "ja": "ja-JP", "mixed": "ko-KR"}.get(lang, "en-US"))
    return "\r\n".join(hdrs + ch) + "\r\n\r\n" + cb + ("" if cb.endswith("\r\n") else "\r\n")


def main():
    seen, rows, counters = set(), [], {c: 0 for c in CATEGORIES}
    for i, m in enumerate(MESSAGES):
        cat = m["cat"]
        counters[cat] += 1
        rel = "%s/%02d-%s.eml" % (cat, counters[cat], m["slug"])
        assert rel not in seen, rel
        seen.add(rel)
        assert m["wants"] in WANTS, (rel, m["wants"])
        assert m["urgent"] in ("yes", "no") and m["lang"] in ("en", "ko", "ja", "mixed"), rel
        assert not (cat == "other" and m["urgent"] == "yes"), rel
        p = m["problem"]
        assert "\t" not in p and "\n" not in p, rel
        hay = m.get("body", "") + (m.get("html") or "") + m.get("subj", "")
        assert p in hay, ("problem not found", rel, p)
        raw = build(m, i, rel)
        path = os.path.join(OUT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(raw.encode("latin-1"))
        rows.append((rel, cat, m["urgent"], m["lang"], m["wants"], p))
    with open(os.path.join(OUT, "labels.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("file\tcategory\turgent\tlanguage\twants\tproblem\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("wrote %d messages" % len(rows), counters)


if __name__ == "__main__":
    main()
