#!/usr/bin/env python3
"""Build the corpus5 evaluation set of customer e-mails to ceo@maru-market.example.

Every mail body below was written by hand, one at a time, as literal data.
This script only adds the envelope (RFC 5322 headers, MIME structure, charset
and transfer encoding, CRLF line endings) and writes labels.tsv from the
hand-assigned label fields.  Output is deterministic: the minutes/seconds of
the Date header, Message-IDs and MIME boundaries are derived from a hash of
the file name.
"""
import base64
import datetime
import hashlib
import html
import os
import quopri
import sys
from email.header import Header

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- mail clients (header name, value) ----
IPHONE = ("X-Mailer", "iPhone Mail (22B91)")
APPLE = ("X-Mailer", "Apple Mail (2.3826.200.121)")
OUTLOOK = ("X-Mailer", "Microsoft Outlook 16.0")
MACOUTLOOK = ("User-Agent", "Microsoft-MacOutlook/16.90.24110318")
TBIRD = ("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.4.2")
SAMSUNG = ("User-Agent", "SamsungEmail/6.1.90.16 (Android 14)")
OE6 = ("X-Mailer", "Microsoft Outlook Express 6.00.2900.5931")
BECKY = ("X-Mailer", "Becky! ver. 2.81.04 [ja]")
WEBMAIL = ("X-Mailer", "WebMail/3.2")
K9 = ("User-Agent", "K-9 Mail for Android")
SPAMTOOL = ("X-Mailer", "BulkSender Pro 7.1")
NONE = None

MAILS = []


def M(**kw):
    MAILS.append(kw)


# =====================================================================
# BILLING
# =====================================================================

M(file="billing/01-billed-two-times.eml", urgent="no", lang="en", wants="refund",
  problem="hey got billed two times for the same grocery order last night, pls put one back on my card",
  from_name="Dan Whitfield", from_addr="danw88@quickmail.example",
  subject="charge", when=(4, 8), mailer=IPHONE,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
hey got billed two times for the same grocery order last night, pls put one back on my card

order was the one w the frozen dumplings and the oat milk

Sent from my iPhone
""")

M(file="billing/02-shouting-coupon-not-applied.eml", urgent="no", lang="en", wants="refund",
  problem="THE CODE PLUSNOV15 WAS IN THE BOX AND THE CHECKOUT PAGE SAID APPLIED IN GREEN LETTERS AND THEN THE TOTAL DID NOT CHANGE.",
  from_name="Kayla Brennan", from_addr="kbrennan@postbox.example",
  subject="URGENT!!!!! READ THIS", when=(3, 21), mailer=TBIRD,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
TO WHOEVER READS THIS.

I HAVE BEEN A CUSTOMER FOR THREE YEARS AND I AM DONE BEING NICE ABOUT IT.

YOUR OWN BANNER ON THE HOMEPAGE SAID "FIRST ORDER OF THE MONTH 15% OFF FOR PLUS MEMBERS". I AM A PLUS MEMBER. IT WAS MY FIRST ORDER OF THE MONTH. THE CODE PLUSNOV15 WAS IN THE BOX AND THE CHECKOUT PAGE SAID APPLIED IN GREEN LETTERS AND THEN THE TOTAL DID NOT CHANGE. 64,200 WON. I PAID 64,200 WON.

I took a screenshot, I'm not making this up. Order MM-1102-77316.

Give me the 15% back. That's 9,630 won. I know it's not a fortune but it's the principle.

And fix your checkout before somebody less patient than me writes to you.

KAYLA
""")

M(file="billing/03-formal-notice-membership-fees.eml", urgent="yes", lang="en", wants="refund",
  problem="Notwithstanding that cancellation, your company has continued to debit the monthly membership fee of KRW 7,900 from our client's credit card on the 15th of each month from June to October 2026, a total of KRW 39,500.",
  from_name="Helen Cho-Martin", from_addr="h.chomartin@cho-partners-law.example",
  subject="Formal Notice: Unauthorised Maru Plus Membership Charges - Our Client Mr. Gregory Lane",
  when=(12, 10), mailer=OUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Dear Sir or Madam,

Re: Unauthorised recurring charges – Maru Plus membership – Account holder Mr. Gregory Lane (gregory.lane@lanehome.example)

We act for Mr. Gregory Lane in connection with the above matter. Please direct all further correspondence concerning it to this office.

Our client cancelled his Maru Plus membership through your mobile application on 14 May 2026 and received an on-screen confirmation, a copy of which is in our possession. Notwithstanding that cancellation, your company has continued to debit the monthly membership fee of KRW 7,900 from our client's credit card on the 15th of each month from June to October 2026, a total of KRW 39,500.

Our client raised this with your customer centre on 2 September and 30 September 2026. On each occasion he was told the matter would be "escalated". No refund has been made and the charge recurred on 15 October.

We therefore request that you, within fourteen (14) days of the date of this letter:

1. refund the sum of KRW 39,500 to the card from which it was taken;
2. confirm in writing that the membership is cancelled and that no further charges will be made; and
3. confirm that the November charge, if already initiated, will be reversed.

Should we not receive a satisfactory response within that period, we are instructed to commence proceedings against your company without further notice, and to seek our client's costs.

This letter is written without prejudice to any of our client's rights, all of which are expressly reserved.

Yours faithfully,

Helen Cho-Martin
Associate
Cho & Partners Law Office
Tel. 010-0000-0000

CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be legally privileged. If you are not the intended recipient, please notify the sender immediately and delete this e-mail. Any unauthorised use, disclosure or copying is strictly prohibited.
""")

M(file="billing/04-fwd-tax-invoice-request.eml", urgent="no", lang="en", wants="other",
  problem="Our studio bought the two desks and four chairs for the office, and our accountant says what you sent is a card slip, not a tax invoice, so we can't claim the VAT on it.",
  from_name="Priya Raman", from_addr="priya.raman@bluefern-studio.example",
  subject="Fwd: Your Maru Market order receipt (MM-1029-50218)", when=(2, 11), mailer=NONE,
  charset="utf-8", cte="base64", shape="plain",
  body="""
Hello,

Forwarding the receipt below. Our studio bought the two desks and four chairs for the office, and our accountant says what you sent is a card slip, not a tax invoice, so we can't claim the VAT on it.

Could you issue a proper electronic tax invoice (세금계산서) for this order to our company? Details:

Company: Bluefern Design Studio Co., Ltd.
Business registration no.: 000-00-00000
Representative: Priya Raman
Invoice e-mail: accounts@bluefern-studio.example

Our accountant needs it before the end of November, if at all possible.

Thanks,
Priya

Priya Raman | Studio Manager
Bluefern Design Studio
010-0000-0000

---------- Forwarded message ---------
From: Maru Market <no-reply@maru-market.example>
Date: Thu, Oct 29, 2026 at 4:12 PM
Subject: Your Maru Market order receipt (MM-1029-50218)
To: <priya.raman@bluefern-studio.example>

Thank you for shopping with Maru Market!

Order number: MM-1029-50218
Items: Oak standing desk 140cm x 2, Mesh task chair (grey) x 4
Payment: Corporate card ending 2231
Total paid: KRW 2,316,000

This is a card payment slip. Keep it for your records.

Maru Market | maru-market.example
""")

M(file="billing/05-unknown-card-charges.eml", urgent="yes", lang="ko", wants="cancellation",
  problem="그런데 오늘 아침 카드사 문자를 보니 어젯밤 11시 40분부터 12시 10분 사이에 '마루마켓'으로 세 번 결제가 되어 있었습니다.",
  from_name="이정숙", from_addr="jslee61@bomail.example",
  subject="제가 하지 않은 결제입니다", when=(6, 8), mailer=WEBMAIL,
  charset="utf-8", cte="base64", shape="plain",
  body="""
안녕하세요.

저는 마루마켓 회원이 아닙니다. 가입한 적도 없고 앱도 깔려 있지 않습니다.

그런데 오늘 아침 카드사 문자를 보니 어젯밤 11시 40분부터 12시 10분 사이에 '마루마켓'으로 세 번 결제가 되어 있었습니다. 금액은 389,000원, 412,000원, 298,000원이고 합치면 백만 원이 넘습니다.

카드는 제 지갑에 그대로 있습니다. 카드사에는 방금 정지 신청을 했고, 카드사에서 가맹점에도 연락해 보라고 해서 이렇게 메일을 드립니다.

무엇을 샀는지, 어디로 배송되는지 저는 전혀 모릅니다. 물건이 나가기 전에 막아 주시고 결제를 취소해 주세요.

카드 끝자리는 5082 입니다. 필요하시면 카드사 접수번호도 보내드리겠습니다.

이정숙 드림
010-0000-0000
""")

M(file="billing/06-plus-trial-charged.eml", urgent="no", lang="ko", wants="cancellation",
  problem="플러스 무료체험 한달이라고해서 가입했는데 오늘 7900원이 결제됬다고 문자왔어요",
  from_name="김다은", from_addr="daeun_k@kmail.example",
  subject="무료체험이라더니 돈나갔네요", when=(9, 13), mailer=SAMSUNG,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
안녕하세요

플러스 무료체험 한달이라고해서 가입했는데 오늘 7900원이 결제됬다고 문자왔어요

체험끝나기전에 알림준다고 써있었던거같은데 저는 아무알림도 못받았거든요?? 앱푸시도 꺼놓은적없어요

일단 멤버십 해지해주시고요 이번에 나간거는 돌려주세요 한번도 혜택 안썼어요 무료배송도 안썼고요

김다은

갤럭시에서 보냄
""")

M(file="billing/07-price-dropped-after-purchase.eml", urgent="no", lang="ko", wants="refund",
  problem="그런데 물건 받고 이틀 뒤에 같은 제품을 다시 검색해 보니 129,000원으로 팔고 있었습니다.",
  from_name="박성호", from_addr="shpark@oldmail.example",
  subject="에어프라이어 가격 차액 문의", when=(7, 15), mailer=OE6,
  charset="euc-kr", cte="base64", shape="plain",
  body="""
수고 많으십니다.

지난 11월 2일에 마루마켓에서 5.5리터 에어프라이어(화이트)를 159,000원에 구입했습니다. 주문번호는 MM-1102-30947 입니다.

그런데 물건 받고 이틀 뒤에 같은 제품을 다시 검색해 보니 129,000원으로 팔고 있었습니다. 쿠폰이나 카드 할인이 아니라 판매가 자체가 내려가 있었습니다. 제가 산 날로부터 불과 사흘 만에 3만 원이 떨어진 것입니다.

다른 쇼핑몰들은 일주일 이내 가격이 내리면 차액을 돌려주는 곳도 있다고 들었습니다. 마루마켓도 그런 제도가 있는지 모르겠지만, 차액 30,000원을 적립금이 아닌 카드 결제 취소로 돌려주셨으면 합니다.

반품하고 다시 사는 방법도 있겠지만 서로 번거로운 일이니 차액 환불로 처리해 주시기 바랍니다.

박성호 올림
""")

M(file="billing/08-payment-error-but-approved.eml", urgent="no", lang="mixed", wants="explanation",
  problem="근데 바로 카드사 approval 문자가 왔고 48,700원이 승인됐다고 나와요.",
  from_name="Jason 한", from_addr="jason.han@devmail.example",
  subject="결제 error 났는데 승인 문자는 옴", when=(16, 9), mailer=APPLE,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
안녕하세요,

어제 밤에 app으로 meal kit 3개 order 하려고 했는데, 결제 page에서 Kakao Pay로 넘어갔다가 다시 돌아오는 순간 "Payment failed (code 5003)" error가 떴어요.

근데 바로 카드사 approval 문자가 왔고 48,700원이 승인됐다고 나와요. 문제는 app의 주문내역에는 아무것도 없어요. Cart에도 그대로 item들이 남아있고요.

혹시 다시 order 하면 double charge 될까 봐 아직 안 했습니다. 이번 order가 실제로 들어간 건지 아니면 그냥 pending 상태인지 check 해주실 수 있나요? 안 들어간 거면 승인된 금액 refund 부탁드려요.

Thanks,
Jason

--
Jason Han
Backend Engineer
""")

M(file="billing/09-annual-fee-charged-twice.eml", urgent="yes", lang="ja", wants="refund",
  problem="10月12日に年会費89,000ウォン（日本円で約9,800円）がクレジットカードに二回請求されております。",
  from_name="高橋 美和", from_addr="miwa.takahashi@jmail.example",
  subject="年会費の二重請求について（三度目のご連絡です）", when=(13, 20), mailer=TBIRD,
  charset="utf-8", cte="base64", shape="plain",
  body="""
マルマーケット御中

お世話になっております。高橋と申します。

Maru Plusの年会費について、これで三度目のご連絡となります。

10月12日に年会費89,000ウォン（日本円で約9,800円）がクレジットカードに二回請求されております。カード明細には同じ日付、同じ金額で「MARU MARKET」が二行並んでおります。

10月15日と10月27日にお問い合わせフォームからご連絡いたしましたが、いずれも「確認いたします」という自動返信のみで、その後何のご連絡もございません。

11月20日までに一回分のご返金、もしくは具体的な対応のご連絡をいただけない場合は、消費生活センターに相談し、あわせて韓国消費者院にも申し立てを行う所存です。

ご多忙のところ恐縮ですが、何卒よろしくお願い申し上げます。

高橋 美和
東京都世田谷区
010-0000-0000
""")

M(file="billing/10-charged-in-won-not-yen.eml", urgent="no", lang="ja", wants="explanation",
  problem="Maru Plusの月額、サイトには「月額880円」って書いてあったから円で払ったつもりだったんだけど、カードの明細見たらウォン建てで7,900ウォンになってて、海外事務手数料ってやつが別に取られてた。",
  from_name="佐藤 悠希", from_addr="yuki.sato@jmail.example",
  subject="円で払ったはずなのに", when=(18, 22), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
こんにちは〜

日本から使ってます。Maru Plusの月額、サイトには「月額880円」って書いてあったから円で払ったつもりだったんだけど、カードの明細見たらウォン建てで7,900ウォンになってて、海外事務手数料ってやつが別に取られてた。

これって最初からウォンで請求される仕組みなんですか？それなら円で表示しないでほしい…

どういう仕組みなのか教えてもらえると助かります！

さとう

iPhoneから送信
""")


# =====================================================================
# DELIVERY
# =====================================================================

M(file="delivery/01-re-shipped-not-here.eml", urgent="no", lang="en", wants="delivery",
  problem="The app says this was delivered at 2:14pm today but it is not here.",
  from_name="Marcus Bell", from_addr="marcus.bell@fastpost.example",
  subject="Re: Your order has shipped!", when=(9, 16), mailer=NONE, reply=True,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
The app says this was delivered at 2:14pm today but it is not here. Not at my door, not with the guard, not in the parcel room. I checked all three twice.

The photo in the app shows a door that isn't mine (mine is blue, that one is brown with a wreath).

Can you find out where it actually went and get it to me? It's the weekly groceries, I was counting on them for tonight.

Marcus

On Mon, Nov 9, 2026 at 8:02 AM Maru Market <no-reply@maru-market.example> wrote:
> Good news, Marcus! Your order has shipped.
>
> Order number: MM-1109-11482
> Courier: Hanul Logistics
> Tracking: HL 7720 4419 03
> Estimated delivery: today, 12:00-18:00
>
> Track your parcel in the Maru Market app.
>
> Maru Market | maru-market.example
""")

M(file="delivery/02-neighbour-standing-order.eml", urgent="yes", lang="en", wants="delivery",
  problem="This Monday nothing came.",
  from_name="Tom Reyes", from_addr="tom.reyes@homenet.example",
  subject="my neighbour's order", when=(11, 11), mailer=TBIRD,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
Hello,

I hope this reaches somebody who can do something, because I've tried the phone line twice this morning and both times I gave up after twenty minutes of music.

I live across the landing from Mrs. Grace Okafor in Building 104 of Hanbit Apartments. She's 88, she came to Korea decades ago with her late husband and never really learned to read Korean, so her son in Canada set up a Maru Market account for her and a standing order that arrives every Monday morning — rice, eggs, milk, bread, some vegetables, the soft tofu she likes, and the nutrition drinks her doctor told her to have. She doesn't go out anymore; her legs aren't good and there is no lift in our building. That Monday box is basically how she eats.

This Monday nothing came. I noticed because she knocked on my door on Tuesday evening asking if a box had been left with me by mistake. It hadn't. Today is Wednesday. I looked in her fridge with her permission and there is half a carton of milk and some kimchi. She's been eating crackers. She didn't want to "make a fuss" so she didn't call anybody.

I've brought her some food from my own kitchen for today, but I work long shifts and I can't do this every day, and her son is asleep on the other side of the world right now.

Could someone please find out what happened to this week's order and get it to her today, or at the latest tomorrow morning? The account is under her son's e-mail, daniel.okafor@mapleline.example, and the delivery address is Hanbit Apartments 104-302. He has said I can speak for her on this.

Thank you. I don't mean to be dramatic, I just don't know who else to ask.

Tom Reyes (104-301)
010-0000-0000
""")

M(file="delivery/03-crushed-box-kimchi-jar.eml", urgent="no", lang="en", wants="replacement",
  problem="Inside, the 1kg glass jar of mat-kimchi had cracked clean in half and the juice had soaked through the rice cakes and the paper bag of gochugaru.",
  from_name="Aoife Gallagher", from_addr="aoife.g@greenpost.example",
  subject="Box arrived crushed - photo attached", when=(5, 18), mailer=IPHONE,
  charset="utf-8", cte="quoted-printable", shape="mixed",
  attach=[("image/jpeg", "IMG_4471.JPG")],
  body="""
Hi there,

My order MM-1104-62270 came this afternoon and the box looked like someone had sat on it. One corner was completely caved in and the bottom was wet.

Inside, the 1kg glass jar of mat-kimchi had cracked clean in half and the juice had soaked through the rice cakes and the paper bag of gochugaru. Everything else was fine — the eggs, amazingly, survived.

No one was hurt, I opened it carefully with gloves once I saw the glass, and I've wrapped the pieces in newspaper. It's more the smell in my hallway that's the problem, honestly!

Could you send a replacement kimchi jar, rice cakes and gochugaru? I've attached a photo of the box and the jar as it came.

Thanks a lot,
Aoife

Sent from my iPhone
""")

M(file="delivery/04-late-parcel-rude-driver.eml", urgent="no", lang="en", wants="delivery",
  problem="My order from last Thursday (MM-1105-20931, a rice cooker and a set of bowls) still hasn't arrived.",
  from_name="Nadia Haddad", from_addr="nadia.haddad@inboxly.example",
  subject="several things", when=(10, 19), mailer=OUTLOOK,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Hello,

A few things, in order of how much they bother me.

1) My order from last Thursday (MM-1105-20931, a rice cooker and a set of bowls) still hasn't arrived. Tracking has said "out for delivery" since Saturday morning. It's now Tuesday. I need the rice cooker, mine died, which is why I ordered it. Please find out where it is and get it to me.

2) On Saturday a driver did come to the building with something for my neighbour and when I asked him politely if he had anything for 1207 he said "not my problem" and walked off while I was still talking. I'm not asking for anyone to be fired, but that was pretty rude.

3) If the rice cooker is lost, would I get the money back, or do you just resend it? I'd rather you resend it, but I'd like to know.

Thanks,
Nadia Haddad
""")

M(file="delivery/05-dawn-frozen-items-thawed.eml", urgent="no", lang="ko", wants="refund",
  problem="오늘 아침 6시 반에 현관문 열어보니 상자가 와 있긴 했는데, 보냉팩이 완전히 물이 돼 있었고 냉동 만두랑 냉동 삼겹살이 말랑말랑하게 다 녹아 있었어요.",
  from_name="최유진", from_addr="yujin.choi@kmail.example",
  subject="새벽배송 냉동식품 다 녹아서 왔어요", when=(13, 7), mailer=SAMSUNG,
  charset="utf-8", cte="base64", shape="plain",
  body="""
안녕하세요. 어제 주문한 새벽배송 건 때문에 연락드려요. 주문번호 MM-1112-40815입니다.

오늘 아침 6시 반에 현관문 열어보니 상자가 와 있긴 했는데, 보냉팩이 완전히 물이 돼 있었고 냉동 만두랑 냉동 삼겹살이 말랑말랑하게 다 녹아 있었어요. 상자 안에 손을 넣어보니 미지근했습니다. 앱에 찍힌 배송완료 시간은 새벽 2시 10분인데 네 시간 반 만에 이렇게 될 수는 없을 것 같고, 배송 과정에서 이미 녹은 상태로 온 것 같아요.

다시 얼려서 먹으면 안 될 것 같아서 하나도 안 먹고 사진만 찍어두고 다 버렸어요. 아이 있는 집이라 찝찝한 건 그냥 안 먹는 게 나아서요.

냉동식품 금액(34,800원)은 환불 부탁드립니다. 사진 필요하시면 답장 주세요.
""")

M(file="delivery/06-formula-not-arrived.eml", urgent="yes", lang="ko", wants="delivery",
  problem="집에 있던 분유가 오늘 아침 먹인 게 마지막이었습니다.",
  from_name="정민호", from_addr="minho.jung@kmail.example",
  subject="분유 배송", when=(18, 8), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
새벽배송으로 분유 시켰는데 아직도 안 왔습니다. 배송조회는 어제 밤 11시부터 '배송 준비중'에서 멈춰 있어요.

집에 있던 분유가 오늘 아침 먹인 게 마지막이었습니다. 아기는 이제 5개월이고 다른 분유는 안 먹어요. 이 분유는 근처 마트에는 없어서 일부러 마루마켓에서 시킨 겁니다.

오늘 오후 3시 전에는 받을 수 있게 해주세요. 안 되면 안 된다고라도 빨리 알려주세요. 다른 방법을 찾아야 하니까요.

주문번호 MM-1117-00924
정민호 010-0000-0000

iPhone에서 보냄
""")

M(file="delivery/07-old-address-on-order.eml", urgent="no", lang="ko", wants="other",
  problem="주문하고나서 보니까 주소를 예전집 주소로 해놨네요ㅠㅠ 이사온지 한달밖에 안돼서 앱에 기본배송지가 그대로였어요",
  from_name="윤서영", from_addr="sy.yoon@oldmail.example",
  subject="주소변경 부탁드려요", when=(19, 22), mailer=OE6,
  charset="euc-kr", cte="8bit", shape="plain",
  body="""
주문하고나서 보니까 주소를 예전집 주소로 해놨네요ㅠㅠ 이사온지 한달밖에 안돼서 앱에 기본배송지가 그대로였어요

주문번호 MM-1119-35507 이고 아직 출고전으로 나오는데 배송지 변경 버튼이 회색으로 안눌려요

바꿀주소는
서울시 마포구 가상로 12길 34, 201호 (마루빌라)
입니다

예전집은 세입자분이 새로 들어오셔서 거기로가면 곤란해요 꼭좀 바꿔주세요
감사합니다
""")

M(file="delivery/08-driver-leaves-at-ground-floor.eml", urgent="no", lang="ko", wants="other",
  problem="다름이 아니라, 저희 집은 엘리베이터가 없는 빌라 4층인데 요즘 오시는 택배기사님이 매번 물건을 1층 우편함 옆에 두고 가십니다.",
  from_name="오태식", from_addr="taesik.oh@bomail.example",
  subject="택배기사님 관련", when=(20, 10), mailer=WEBMAIL,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
안녕하세요 마루마켓 대표님께.

저는 경기도 가상시에 사는 오태식이라고 합니다. 나이가 일흔이 넘어서 인터넷 주문은 서툴지만 손주가 가르쳐 줘서 석 달째 마루마켓에서 쌀이며 생수를 시켜 먹고 있습니다.

다름이 아니라, 저희 집은 엘리베이터가 없는 빌라 4층인데 요즘 오시는 택배기사님이 매번 물건을 1층 우편함 옆에 두고 가십니다. 주문할 때 요청사항에 "4층 문 앞에 놔주세요"라고 분명히 써 놓았습니다. 생수 2리터 열두 병 묶음을 제가 4층까지 들고 올라가려니 세 번을 나눠서 쉬어 가며 올라갔습니다.

다행히 다친 데는 없고 아직은 제가 들 수 있으니 큰일은 아니지만, 예전 기사님은 늘 문 앞까지 가져다 주셨는데 왜 바뀌었는지 모르겠습니다. 기사님께 잘 좀 말씀해 주시면 고맙겠습니다.

날이 추워지는데 건강 조심하십시오.

오태식 드림
""")

M(file="delivery/09-sofa-postponed-again.eml", urgent="yes", lang="ja", wants="delivery",
  problem="前日になって「物流センターの都合により」11月10日に延期、11月9日にまた「11月17日に変更」、そして昨日また「未定」というメールが届きました。",
  from_name="中村 健太", from_addr="k.nakamura@jmail.example",
  subject="ソファの配送が何度も延期されています", when=(19, 21), mailer=APPLE,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
マルマーケット代表者様

10月24日に3人掛けソファ（ファブリック、グレー、注文番号 MM-1024-81137）を注文した中村です。

当初の配送予定日は11月3日でした。前日になって「物流センターの都合により」11月10日に延期、11月9日にまた「11月17日に変更」、そして昨日また「未定」というメールが届きました。三度とも、こちらから問い合わせるまで理由の説明はなく、電話は毎回40分以上待たされています。

古いソファはすでに粗大ごみとして処分してしまったため、家族四人が二週間以上、床に座って生活しています。

今週中に確定した配送日をご連絡いただけない場合、この経緯をまとめて、知り合いの新聞記者と、消費者問題を扱っているテレビ番組に情報提供するつもりです。脅しではなく、他の利用者のためにも知らせるべきだと考えています。

ご対応をお願いいたします。

中村 健太
""")

M(file="delivery/10-autolock-redelivery.eml", urgent="no", lang="ja", wants="delivery",
  problem="本日早朝にお届け予定だった注文（MM-1120-55031）でございますが、配達員の方がマンションのオートロックを開けられず、持ち戻りになったとの通知をいただきました。",
  from_name="森田 由紀子", from_addr="y.morita@jmail.example",
  subject="早朝配送の再配達のお願い", when=(21, 9), mailer=BECKY,
  charset="iso-2022-jp", cte="7bit", shape="plain",
  body="""
マルマーケット　ご担当者様

いつもお世話になっております。森田と申します。

本日早朝にお届け予定だった注文（MM-1120-55031）でございますが、配達員の方がマンションのオートロックを開けられず、持ち戻りになったとの通知をいただきました。

注文時の備考欄にオートロックの暗証番号を記入しておりましたが、どうやら配達員の方に伝わっていなかったようでございます。私の記入方法に不備があったのでしたら申し訳ございません。

お手数をおかけいたしますが、明日の早朝便で再配達していただくことは可能でしょうか。また、今後同じことが起きないよう、暗証番号の正しい登録方法もご教示いただけますと幸いです。

何卒よろしくお願い申し上げます。

森田 由紀子
""")


# =====================================================================
# PRODUCT
# =====================================================================

M(file="product/01-re-review-rice-cooker-e4.eml", urgent="no", lang="en", wants="repair",
  problem="Since Sunday, as soon as I press Cook it shows E4 on the little screen, beeps twice, and then the screen goes dark.",
  from_name="Ben Okonkwo-Lee", from_addr="ben.ol@quickmail.example",
  subject="Re: How are you enjoying your rice cooker? Leave a review!", when=(11, 20), mailer=APPLE, reply=True,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Hi,

Not quite ready to leave a review, sorry. Something odd is going on with it.

Since Sunday, as soon as I press Cook it shows E4 on the little screen, beeps twice, and then the screen goes dark. The lid is closed properly, the inner pot is in, I've tried a different socket and unplugging it overnight.

I couldn't find E4 in the booklet that came with it (the booklet only lists E1 to E3).

It's still under the one-year warranty, I think. What do I need to do to get it looked at?

Thanks,
Ben

On Tue, Nov 10, 2026 at 10:00 AM Maru Market <no-reply@maru-market.example> wrote:
> Hi Ben,
>
> It's been 8 weeks since your Maru 6-cup pressure rice cooker arrived.
> How are you enjoying it?
>
> Leave a review and get 500 points!
>
> [ Write a review ]
>
> Maru Market | maru-market.example
""")

M(file="product/02-kettle-base-hot-smell.eml", urgent="yes", lang="en", wants="refund",
  problem="This morning when I boiled water for my tea the plastic base became very hot to the touch, much hotter than usual, and there was a smell like burning plastic.",
  from_name="Margaret Sloane", from_addr="m.sloane@seniornet.example",
  subject="Kettle", when=(14, 15), mailer=OUTLOOK,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Good afternoon,

I bought one of your glass electric kettles (the one with the blue light) about three weeks ago.

This morning when I boiled water for my tea the plastic base became very hot to the touch, much hotter than usual, and there was a smell like burning plastic. When I unplugged it I noticed the cord had gone brown and soft just where it goes into the plug.

I have put it outside on the balcony and I am using a saucepan for now.

I would like to send it back and have my money returned. Please let me know how.

Kind regards,
Margaret Sloane
""")

M(file="product/03-sealed-box-wrong-board.eml", urgent="no", lang="en", wants="replacement",
  problem="The third box, factory-sealed with the shrink wrap intact and the same barcode label on the outside, contained a single thin white plastic board of a different brand and no bamboo boards at all.",
  from_name="Daniel Park", from_addr="daniel@sesame-kitchen.example",
  subject="Order MM-1106-73340 – incorrect contents", when=(9, 11), mailer=OUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Dear Maru Market team,

We run a small restaurant in Itaewon and order most of our smallwares from you, so I'll keep this brief.

Order MM-1106-73340 included three "Maru Pro bamboo cutting board set (3 pcs)". Two boxes were correct. The third box, factory-sealed with the shrink wrap intact and the same barcode label on the outside, contained a single thin white plastic board of a different brand and no bamboo boards at all.

Since the box was sealed I can only assume this happened at the manufacturer's packing stage rather than in your warehouse, but either way we are one set short.

Please send the correct set. We are happy to return the plastic board if you send a collection slip.

Best regards,

Daniel Park
Owner / Head Chef
Sesame Kitchen
010-0000-0000
""")

M(file="product/04-plastic-in-baby-pouch.eml", urgent="yes", lang="en", wants="explanation",
  problem="She started gagging and I pulled out of her mouth a hard, sharp piece of clear plastic about the size of my little fingernail.",
  from_name="Rachel Kim-Ford", from_addr="rachelkf@inboxly.example",
  subject="Something in my daughter's food pouch", when=(17, 22), mailer=IPHONE,
  charset="us-ascii", cte="7bit", shape="mixed",
  attach=[("image/jpeg", "pouch_pieces.jpg")],
  body="""
Hi,

I'm writing about the Maru Little organic pear & broccoli puree pouches (8-pack, best before 03/2027, batch L2610-14 printed on the back).

Tonight I was feeding my daughter, she's 14 months, straight from the pouch. She started gagging and I pulled out of her mouth a hard, sharp piece of clear plastic about the size of my little fingernail. She's breathing fine and is asleep now, but her gum was bleeding a little where it was.

I squeezed out the rest of the pouch into a bowl and found a second, smaller piece.

I have kept both pieces, the pouch, and the other 5 unopened pouches. Photo attached.

I need to know what this is, whether the rest of the batch is affected, and what I should do. I'm also taking her to the paediatrician in the morning just to be sure.

Rachel Kim-Ford
010-0000-0000
""")

M(file="product/05-bookshelf-missing-bolts.eml", urgent="no", lang="ko", wants="replacement",
  problem="주말에 조립하려고 박스 열어서 부품을 하나씩 세어봤는데 설명서 그림에 나온 것과 다르게 캠볼트(B번)가 16개여야 하는데 10개밖에 없고, 선반 받침 핀(E번)은 아예 봉투가 없습니다.",
  from_name="서준혁", from_addr="jh.seo@kmail.example",
  subject="책장 부품이 모자랍니다", when=(13, 21), mailer=NONE,
  charset="utf-8", cte="base64", shape="plain",
  body="""
안녕하세요

5단 원목 책장(월넛) 주문해서 어제 받았습니다. 주말에 조립하려고 박스 열어서 부품을 하나씩 세어봤는데 설명서 그림에 나온 것과 다르게 캠볼트(B번)가 16개여야 하는데 10개밖에 없고, 선반 받침 핀(E번)은 아예 봉투가 없습니다.

그리고 설명서가 영어랑 중국어로만 되어 있어서 순서가 좀 헷갈리네요. 한국어 설명서나 조립 영상 있으면 링크 부탁드려요.

모자란 부품만 보내주시면 될 것 같습니다. 책장 전체를 교환할 필요는 없어요.

주문번호: MM-1111-29046
서준혁 드림
""")

M(file="product/06-high-chair-leg-broke.eml", urgent="yes", lang="ko", wants="refund",
  problem="10월 말에 구입한 '마루베이비 원목 하이체어'에 10개월 된 아들을 앉혀 이유식을 먹이던 중, 의자 뒷다리 하나가 연결 부분에서 부러지면서 의자째 옆으로 넘어졌습니다.",
  from_name="강미래", from_addr="mirae.kang@kmail.example",
  subject="아기의자 다리가 부러져서 아이가 넘어졌습니다", when=(10, 19), mailer=NONE,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
마루마켓 대표님께 직접 메일 드립니다.

10월 말에 구입한 '마루베이비 원목 하이체어'에 10개월 된 아들을 앉혀 이유식을 먹이던 중, 의자 뒷다리 하나가 연결 부분에서 부러지면서 의자째 옆으로 넘어졌습니다.

아이는 식탁 모서리에 이마를 부딪혀 혹이 크게 났고, 바로 소아과에 다녀왔습니다. 다행히 검사상 큰 이상은 없다고 했지만 의사 선생님이 48시간 동안 구토나 처짐이 있는지 지켜보라고 하셨습니다.

조립은 설명서대로 했고 남편과 둘이 두 번 확인했습니다. 부러진 부분을 보니 나사가 박혀 있던 자리의 나무가 갈라져 있었습니다.

저희는 이 의자를 다시 쓸 생각이 없으니 우선 환불해 주시고, 같은 제품을 쓰는 다른 집 아이들도 위험할 수 있으니 꼭 확인해 주셨으면 합니다. 진료비 영수증도 보관하고 있습니다.

사진은 필요하시면 보내드리겠습니다.

강미래 드림
010-0000-0000
""")

M(file="product/07-strawberries-mould-underneath.eml", urgent="no", lang="ko", wants="refund",
  problem="어제받은 설향딸기 500g 두팩중에 한팩 밑에쪽이 다 곰팡이에요 위에서는 안보이게 담아놨네요;;",
  from_name="임하늘", from_addr="sky.lim@kmail.example",
  subject="딸기", when=(15, 10), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
어제받은 설향딸기 500g 두팩중에 한팩 밑에쪽이 다 곰팡이에요 위에서는 안보이게 담아놨네요;;
사진첨부하려는데 용량때문에 안올라가요
환불해주세요

iPhone에서 보냄
""")

M(file="product/08-bread-maker-manual-japanese.eml", urgent="no", lang="ja", wants="other",
  problem="ただ、同梱の取扱説明書が韓国語と英語のみで、パンの種類ごとのメニュー番号やタイマーの設定方法がよく分かりません。",
  from_name="小林 直子", from_addr="n.kobayashi@jmail.example",
  subject="ホームベーカリーの日本語説明書について", when=(12, 14), mailer=TBIRD,
  charset="iso-2022-jp", cte="7bit", shape="plain",
  body="""
ご担当者様

はじめてご連絡いたします。大阪在住の小林と申します。

先日、貴社サイトで「マルキッチン　ホームベーカリー MB-200」を購入いたしました。商品は無事に届き、大変気に入っております。

ただ、同梱の取扱説明書が韓国語と英語のみで、パンの種類ごとのメニュー番号やタイマーの設定方法がよく分かりません。英語は多少読めますが、細かい注意事項まで理解できているか不安です。

日本語の説明書、もしくはPDFなどがございましたら、お送りいただけないでしょうか。

お忙しいところ恐れ入りますが、よろしくお願いいたします。

小林 直子
""")

M(file="product/09-metal-piece-in-kimchi.eml", urgent="yes", lang="ja", wants="explanation",
  problem="先週届いた白菜キムチ（1kg、パウチ、賞味期限2026年12月5日）を食べていたら、ガリッとして、口から長さ1センチくらいの細い金属片が出てきました。",
  from_name="石田 翔", from_addr="sho.ishida@jmail.example",
  subject="キムチに金属片が入っていて歯が欠けました", when=(23, 13), mailer=NONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
マルマーケットさん

先週届いた白菜キムチ（1kg、パウチ、賞味期限2026年12月5日）を食べていたら、ガリッとして、口から長さ1センチくらいの細い金属片が出てきました。ホチキスの針のような形をしています。

その時に右下の奥歯が欠けてしまい、昨日歯医者で治療を受けました。治療はまだ続く予定です。

金属片と残りのキムチは袋ごと冷蔵庫に保管してあります。

なぜこんなものが入ったのか、製造工程で何があったのか、きちんと調べて説明してください。同じロットの商品を食べている人がいるなら、その人たちにも知らせるべきだと思います。

治療費についても相談させてください。

石田 翔
010-0000-0000
""")

M(file="product/10-blender-speed-two.eml", urgent="no", lang="mixed", wants="replacement",
  problem="처음 며칠은 괜찮았는데 이번 주부터 speed 2 button을 누르면 motor가 돌다가 2~3초 후에 그냥 멈춰요.",
  from_name="Chris 윤", from_addr="chrisyoon@mailbox.example",
  subject="Blender 교환 요청 - speed 2 not working", when=(25, 12), mailer=OUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
안녕하세요,

지난주에 구매한 Maru Blend Pro (model MB-900) 관련해서 문의드립니다.

처음 며칠은 괜찮았는데 이번 주부터 speed 2 button을 누르면 motor가 돌다가 2~3초 후에 그냥 멈춰요. Speed 1이랑 3는 normal하게 작동하는데 2만 그러네요. 그리고 전체적으로 motor noise가 처음보다 훨씬 커졌어요. 뭔가 갈리는 듯한 grinding sound가 납니다.

Smoothie 만들 때 주로 2단을 쓰는데 불편하네요. 구매한 지 10일밖에 안 돼서 repair보다는 새 제품으로 exchange 원합니다. Pickup 일정 알려주세요.

감사합니다.
Chris
""")


# =====================================================================
# ACCOUNT
# =====================================================================

M(file="account/01-reset-email-never-arrives.eml", urgent="no", lang="en", wants="other",
  problem="I've pressed the forgot password button about six times since yesterday and the reset email never arrives.",
  from_name="Lucy Marsh", from_addr="lucy.marsh@postbox.example",
  subject="can't get in", when=(6, 12), mailer=K9,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Hi,

I've pressed the forgot password button about six times since yesterday and the reset email never arrives. Not in spam, not in promotions, nowhere. My email on the account is this one. I have a basket with 14 things in it that I'd like to actually buy at some point. Can you send me a link manually or reset it from your end?

Lucy
""")

M(file="account/02-email-changed-overnight.eml", urgent="yes", lang="en", wants="other",
  problem="At 3:52 this morning I got an email from you saying my email address had been changed.",
  from_name="Owen Fitzgerald", from_addr="owen.fitz@homenet.example",
  subject="Someone is in my account", when=(16, 6), mailer=OUTLOOK,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
This is Owen Fitzgerald, I've had an account with you since 2023 under owen.fitz@homenet.example.

At 3:52 this morning I got an email from you saying my email address had been changed. Then nothing, because obviously the rest went to the new address. I can't log in, my password doesn't work, and when I try to reset it the link goes to an address that isn't mine.

My wife still has the app logged in on her phone under our shared account and we can see that the phone number has been changed too, the saved Visa card is still there, and there is a new order placed at 4:07 for two tablets and a robot vacuum, 2,180,000 won, going to an address in Incheon we have never heard of.

Please freeze the account and stop that order before it goes anywhere. I am calling my card company as well.

Owen Fitzgerald
010-0000-0000
""")

M(file="account/03-re-whats-new-cart-crash.eml", urgent="no", lang="en", wants="explanation",
  problem="Since the update on Friday (version 5.12.0 I think) the Android app closes itself every single time I tap the cart icon.",
  from_name="Jake Morrow", from_addr="jakem@fastpost.example",
  subject="Re: What's new in Maru Market 5.12", when=(15, 13), mailer=NONE, reply=True,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
faster simpler cart, sure.

Since the update on Friday (version 5.12.0 I think) the Android app closes itself every single time I tap the cart icon. Not a freeze, it just vanishes back to the home screen. Pixel 8, Android 15. Cleared the cache, uninstalled/reinstalled, same thing. Website on my laptop works fine so it's not my account.

Honestly this app is killing me this week, I do all my shopping on my phone on the bus. Is a fix coming?

- Jake

On Fri, Nov 13, 2026, 11:30 Maru Market <news@maru-market.example> wrote:
> What's new in version 5.12
>
> - A faster, simpler cart
> - The dawn-delivery slot picker now shows remaining capacity
> - Bug fixes and performance improvements
>
> Update now from your app store.
""")

M(file="account/04-two-accounts-merge.eml", urgent="no", lang="en", wants="other",
  problem="Every time I order I have to remember which one I'm in, and my points are stuck in the one without free delivery.",
  from_name="Hannah Lindqvist", from_addr="hannah.lindqvist@northmail.example",
  subject="Two accounts - can they become one?", when=(22, 16), mailer=MACOUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Hello Maru Market,

A slightly boring one, sorry. When I first moved to Seoul I signed up with my Google login. Later, on a new phone, I didn't realise and signed up again with my email and password. So now I have:

- Account A (Google): two years of order history, my saved addresses, about 23,000 won of points
- Account B (email): where I bought Maru Plus in August, so that's where the membership is

Every time I order I have to remember which one I'm in, and my points are stuck in the one without free delivery.

Is it possible to merge them into one, keeping the membership, the points and the history? I'd prefer to keep the email login in the end.

Many thanks,
Hannah
""")

M(file="account/05-verification-texts-points-gone.eml", urgent="yes", lang="ko", wants="other",
  problem="아침에 앱에 들어가보니 로그인이 풀려 있어서 다시 로그인했는데, 모아놨던 적립금 52,000원이 0원이 되어 있고 사용내역에 제가 모르는 상품권 구매가 두 건 있습니다.",
  from_name="배지훈", from_addr="jh.bae@kmail.example",
  subject="제 계정 좀 확인해주세요", when=(24, 8), mailer=NONE,
  charset="utf-8", cte="base64", shape="plain",
  body="""
새벽 3시쯤부터 마루마켓 인증번호 문자가 다섯 번이나 왔습니다. 저는 자고 있었고 요청한 적이 없습니다.

아침에 앱에 들어가보니 로그인이 풀려 있어서 다시 로그인했는데, 모아놨던 적립금 52,000원이 0원이 되어 있고 사용내역에 제가 모르는 상품권 구매가 두 건 있습니다. 배송지 목록에도 처음 보는 주소가 하나 추가되어 있었습니다.

비밀번호는 바로 바꿨는데 이걸로 충분한지 모르겠습니다. 일단 계정을 잠가주시고, 누가 어디서 접속했는지 확인해 주세요.

배지훈
010-0000-0000
""")

M(file="account/06-plus-shows-regular-member.eml", urgent="no", lang="ko", wants="explanation",
  problem="그런데 앱 마이페이지에는 아직도 '일반회원'으로 나오고, 어제 주문할 때 배송비 3,000원이 그대로 붙었습니다.",
  from_name="노수빈", from_addr="subin.noh@kmail.example",
  subject="플러스 회원인데 일반회원으로 나와요", when=(10, 12), mailer=APPLE,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
안녕하세요.

지난 11월 3일에 마루플러스 연간회원(89,000원)으로 가입했고 결제도 정상적으로 됐습니다. 카드 결제 문자도 받았고 이메일로 가입 완료 안내도 왔어요.

그런데 앱 마이페이지에는 아직도 '일반회원'으로 나오고, 어제 주문할 때 배송비 3,000원이 그대로 붙었습니다. 로그아웃했다가 다시 로그인해도 똑같고, 웹사이트에서 봐도 일반회원이에요.

제 회원 등급이 왜 안 바뀌었는지, 언제 반영되는지 알려주세요. 어제 낸 배송비도 나중에 같이 처리해 주시면 좋겠습니다.

노수빈 드림
""")

M(file="account/07-mother-new-phone-number.eml", urgent="no", lang="ko", wants="explanation",
  problem="그 뒤로 비밀번호가 기억나지 않으셔서 찾으려고 하니 예전 번호로만 본인인증 문자가 가서 진행이 안 됩니다.",
  from_name="황지성", from_addr="jisung.hwang@kmail.example",
  subject="어머니 계정 로그인 문제로 문의드립니다", when=(14, 17), mailer=NONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
안녕하세요. 어머니 대신 메일 드립니다.

어머니(성함 황순자, 아이디 soonja0412)께서 1년 넘게 마루마켓을 쓰고 계셨는데, 최근 휴대폰을 새로 바꾸시면서 번호도 바뀌었습니다. 그 뒤로 비밀번호가 기억나지 않으셔서 찾으려고 하니 예전 번호로만 본인인증 문자가 가서 진행이 안 됩니다.

이메일로 찾기도 해봤는데 가입할 때 적은 이메일이 지금은 없어진 주소라고 하시네요.

어머니께서 매주 반찬 정기배송을 받고 계셔서 계정을 새로 만들기보다는 기존 계정을 그대로 쓰고 싶어하십니다. 휴대폰 번호 변경이나 본인 확인을 어떤 방법으로 하면 되는지 알려주시면 제가 옆에서 도와드리겠습니다.

황지성 드림
010-0000-0000
""")

M(file="account/08-two-step-phone-lost.eml", urgent="no", lang="ja", wants="explanation",
  problem="先週スマートフォンを紛失し、新しい端末に替えたのですが、二段階認証のアプリが旧端末にしか入っていなかったため、ログイン時の認証コードを入力できず、アカウントに入れなくなってしまいました。",
  from_name="山本 拓也", from_addr="takuya.yamamoto@jmail.example",
  subject="二段階認証ができずログインできません", when=(17, 10), mailer=OUTLOOK,
  charset="utf-8", cte="base64", shape="alt",
  body="""
マルマーケット カスタマーサポート御中

いつも利用させていただいております。山本と申します。

先週スマートフォンを紛失し、新しい端末に替えたのですが、二段階認証のアプリが旧端末にしか入っていなかったため、ログイン時の認証コードを入力できず、アカウントに入れなくなってしまいました。

バックアップコードも控えておりませんでした。私の不注意で大変お恥ずかしいのですが、二段階認証をリセットしていただくには、どのような手続きが必要でしょうか。本人確認書類が必要であれば提出いたします。

アカウントのメールアドレスはこの送信元と同じです。

どうぞよろしくお願いいたします。

山本 拓也
""")

M(file="account/09-unknown-order-new-address.eml", urgent="yes", lang="ja", wants="cancellation",
  problem="さっきアプリを開いたら、配送先住所が知らない大阪の住所に変わってて、私が注文してない「ロボット掃除機」と「空気清浄機」の注文が今日の朝9時台に入ってました。",
  from_name="藤井 あかり", from_addr="akari.fujii@jmail.example",
  subject="身に覚えのない注文があります！", when=(19, 10), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
すみません、急ぎで見てください。

さっきアプリを開いたら、配送先住所が知らない大阪の住所に変わってて、私が注文してない「ロボット掃除機」と「空気清浄機」の注文が今日の朝9時台に入ってました。合計で約95万ウォン、登録してあるクレジットカードで決済されてます。

パスワードは誰にも教えてないし、最近ほかのサイトから「パスワード変更のお知らせ」が来てたのでそれ関係かもしれません。

まだ「発送準備中」になってるので、まず注文をキャンセルしてください！パスワードはさっき変えました。

藤井 あかり
""")

M(file="account/10-session-expired-loop.eml", urgent="no", lang="mixed", wants="other",
  problem="iPhone app에서 login만 하면 3초 정도 있다가 Session expired popup이 뜨고 다시 login 화면으로 돌아가요.",
  from_name="이수아", from_addr="sua.lee@mailbox.example",
  subject="앱 login 안됨 (session expired)", when=(26, 21), mailer=NONE,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
안녕하세요~

iPhone app에서 login만 하면 3초 정도 있다가 Session expired popup이 뜨고 다시 login 화면으로 돌아가요. 이게 계속 loop 돌아요.

App 삭제하고 reinstall도 했고, iOS도 최신 version이고, Wi-Fi랑 LTE 둘 다 해봤어요. PC web에서는 login 잘 되고 주문내역도 다 정상이에요. 혹시 hacking 당한 건가 잠깐 쫄았는데 password 바꿔도 똑같은 거 보면 그냥 app bug 같아요 ㅋㅋ

Fix 될 때까지 web으로 쓰면 되긴 하는데, 앱 쿠폰이 있어서요. 확인 부탁드려요!

수아 드림
""")


# =====================================================================
# SERVICE
# =====================================================================

M(file="service/01-telephone-staff-hung-up.eml", urgent="no", lang="en", wants="apology",
  problem="Yesterday one of your telephone staff was rude to me and then put the phone down on me.",
  from_name="Patricia Nolan", from_addr="pnolan@seniornet.example",
  subject="Your telephone staff", when=(5, 10), mailer=OUTLOOK,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
To the CEO,

Yesterday one of your telephone staff was rude to me and then put the phone down on me.

I rang your customer line at about half past three with a simple question, whether I could change the delivery day of my standing vegetable box. I was put through to a young man who, when I asked him to repeat something because I am a little hard of hearing, sighed loudly and said "I already told you, ma'am" in a tone I would not use with a dog. When I asked him to please speak up, he said "you can check the app" and the line went dead.

I am 71. I do not use the app. That is why I telephone.

I have been a customer for four years and I have recommended you to everyone in my church group. I would like an apology, and I would like whoever trains your staff to know about this.

Patricia Nolan
""")

M(file="service/02-chat-bot-sends-faq.eml", urgent="no", lang="en", wants="other",
  problem="Your chat bot has sent me to the same FAQ page about return windows four times now.",
  from_name="Sam Whitaker", from_addr="samw@quickmail.example",
  subject="your chat bot", when=(21, 23), mailer=IPHONE,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Your chat bot has sent me to the same FAQ page about return windows four times now. I don't have a return question. Every time I type "talk to a person" it gives me the FAQ again. How do I actually reach a human being?

Sam
""")

M(file="service/03-three-callbacks-reporter.eml", urgent="yes", lang="en", wants="other",
  problem="I'm writing to you directly because your customer service team has now promised me a call back three times and not once has anyone called.",
  from_name="Martin Adebayo", from_addr="martin.adebayo@northmail.example",
  subject="Third broken promise - final email before I go public", when=(16, 9), mailer=MACOUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Mr./Ms. CEO,

I'm writing to you directly because your customer service team has now promised me a call back three times and not once has anyone called.

The short version: on 27 October I reported that the dining table I bought had arrived with a split top (order MM-1019-66120). On 28 October an agent named Jisoo told me a supervisor would call within 48 hours to arrange a collection. Nobody called. On 3 November a second agent apologised and promised a call "by end of day". Nobody called. On 10 November a third agent gave me a case number, 4471-B, and promised a call within 24 hours. Today is the 16th.

I am not writing about the table any more. I'm writing about being lied to three times.

I have already been in touch with a consumer affairs reporter at a national newspaper who is collecting stories about delivery platforms, and I have sent her my notes and screenshots. If I don't hear from a senior person at Maru Market by Friday, I will tell her to go ahead and use my story with my name.

Martin Adebayo
010-0000-0000
""")

M(file="service/04-how-last-complaint-was-handled.eml", urgent="no", lang="en", wants="apology",
  problem="It was the first agent I spoke to, who told me that opening packages carefully was the customer's responsibility and offered me a 2,000 won coupon.",
  from_name="Claire Dubois-Han", from_addr="claire.dh@greenpost.example",
  subject="Feedback on how my complaint was handled last month", when=(3, 20), mailer=APPLE,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Dear Maru Market,

This is not an urgent matter and everything has been sorted out, but I think you should hear it.

Last month (order MM-1008-14502) a glass jar of honey arrived broken inside the box and my son, who is nine, cut his finger quite badly on it while helping me unpack. There was a lot of blood and we spent an evening at the clinic getting three stitches. He is completely fine now and has been showing the scar off at school.

What upset me was not the jar; accidents happen in transit. It was the first agent I spoke to, who told me that opening packages carefully was the customer's responsibility and offered me a 2,000 won coupon. It was only after I wrote a second time that a different colleague, Ms. Yoon, phoned me, apologised properly, refunded the order and sent a handwritten card to my son, which was lovely.

So: thank you to Ms. Yoon. But I would like an apology for that first response, and I'd like to know that agents are told not to answer an injured child with a coupon.

Best wishes,
Claire Dubois-Han
""")

M(file="service/05-call-centre-forty-minutes.eml", urgent="no", lang="ko", wants="other",
  problem="오늘 오전 10시부터 고객센터에 전화를 걸었는데 대기만 40분 하다가 상담 가능 시간이 종료되었다는 안내가 나오고 끊겼습니다!!!",
  from_name="조현우", from_addr="hw.jo@oldmail.example",
  subject="고객센터 전화 연결 도대체 언제 됩니까", when=(4, 17), mailer=OE6,
  charset="euc-kr", cte="base64", shape="plain",
  body="""
대표님 메일로 보냅니다. 고객센터로는 도저히 연락이 안 되니까요.

오늘 오전 10시부터 고객센터에 전화를 걸었는데 대기만 40분 하다가 상담 가능 시간이 종료되었다는 안내가 나오고 끊겼습니다!!! 오전 10시에 걸었는데 무슨 상담 시간이 종료됩니까??

오후에 다시 걸었더니 대기 인원 87명이랍니다. 87명이요.

1:1 문의도 남겼는데 사흘째 "답변 대기중"입니다.

문의하려던 건 별것도 아닙니다. 반품 접수한 게 제대로 됐는지 확인하려던 것뿐인데 그걸 확인하는 데 하루를 다 썼습니다. 상담원 좀 늘리시든지 전화 좀 받게 해 주세요. 오늘 안에 연락 주십시오.

조현우
""")

M(file="service/06-three-promises-small-claims.eml", urgent="yes", lang="ko", wants="explanation",
  problem="세 명의 상담원이 세 번 회수 날짜를 약속했지만 한 번도 지켜지지 않았습니다.",
  from_name="신동훈", from_addr="dh.shin@kmail.example",
  subject="[내용증명 발송 예정] 교환 약속 불이행 건", when=(12, 10), mailer=NONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
마루마켓 대표이사 귀하

저는 10월 16일 귀사에서 구입한 전기그릴(주문번호 MM-1016-52218)의 불량으로 교환을 요청한 고객입니다. 세 명의 상담원이 세 번 회수 날짜를 약속했지만 한 번도 지켜지지 않았습니다.

10월 21일 상담원이 "23일에 회수 기사가 방문하고 새 제품은 바로 출고된다"고 안내했으나 아무도 오지 않았습니다. 10월 28일 다시 문의하자 다른 상담원이 "전산 오류였다, 30일에 반드시 방문한다"고 했고, 역시 오지 않았습니다. 11월 6일 세 번째 상담원은 "이번에는 팀장 확인까지 마쳤다"며 11월 9일 방문을 약속했습니다. 오늘은 11월 12일이고, 여전히 아무 연락이 없습니다.

세 차례 모두 상담 녹취가 남아 있을 것이니 확인하시기 바랍니다.

11월 19일까지 왜 세 번이나 약속이 지켜지지 않았는지 서면으로 설명해 주시고 교환을 완료해 주시기 바랍니다. 그때까지 해결되지 않으면 내용증명을 발송하고 소액사건심판을 청구하겠습니다.

신동훈
010-0000-0000
""")

M(file="service/07-chat-agent-mocking-tone.eml", urgent="no", lang="ko", wants="apology",
  problem="그런데 지난 화요일 채팅 상담에서 상담원이 저를 놀리는 듯한 말투로 대답을 했어요.",
  from_name="유영숙", from_addr="ys.yoo@kmail.example",
  subject="상담원 태도 때문에 너무 속상해서 글 남깁니다", when=(20, 14), mailer=NONE,
  charset="utf-8", cte="base64", shape="plain",
  body="""
대표님 안녕하세요. 바쁘신 분께 이런 글을 써도 되나 한참 고민하다가 씁니다.

저는 쉰여덟 살 주부이고 마루마켓은 작년 봄에 딸이 깔아줘서 처음 써 봤어요. 처음에는 새벽에 문 앞에 장 본 게 와 있는 게 신기하기도 하고 편하기도 해서 주변 친구들한테도 많이 알려줬습니다. 친구들이 저보고 마루마켓 직원이냐고 놀릴 정도였어요.

그런데 지난 화요일 채팅 상담에서 상담원이 저를 놀리는 듯한 말투로 대답을 했어요. 밀키트 구성품 하나가 빠져서 문의했는데, 보상으로 받은 쿠폰을 어디서 쓰는지 몰라서 몇 번 되물었더니 "고객님 아까 말씀드렸잖아요ㅎㅎ" "그것도 모르시면 따님께 물어보세요^^" 이렇게 답을 하더라고요.

글자로 보니까 웃는 표시가 더 비웃는 것 같아서 그날 저녁에 밥도 제대로 못 먹었어요. 제가 나이가 있어서 잘 모르는 건 맞지만 그렇다고 그런 말을 들어야 하나 싶고요.

빠진 구성품은 다음 날 잘 받았습니다. 그건 감사해요. 다만 그 상담원 분께 주의를 주시고, 저한테 사과 한마디는 해주셨으면 좋겠어요.

유영숙 올림
""")

M(file="service/08-fwd-copy-paste-answer.eml", urgent="no", lang="ko", wants="explanation",
  problem="그런데 답변은 상품 반품 절차를 복사해서 붙여넣은 내용입니다.",
  from_name="남궁지혜", from_addr="jihye.ng@kmail.example",
  subject="Fwd: [마루마켓] 1:1 문의 답변이 등록되었습니다", when=(12, 9), mailer=NONE,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
대표님께.

아래가 제가 받은 답변입니다. 한번 읽어봐 주세요.

저는 분명히 "냉장고 배송 설치 기사님이 벽에 흠집을 냈는데 어떻게 보상받을 수 있느냐"고 물었습니다. 그런데 답변은 상품 반품 절차를 복사해서 붙여넣은 내용입니다. 제 질문을 읽기는 한 건지 모르겠습니다.

같은 내용으로 두 번 문의했는데 두 번 다 똑같은 답이 왔습니다. 세 번째는 포기하고 여기로 보냅니다. 제 질문에 맞는 답을 받을 수 있을까요?

---------- Forwarded message ---------
보낸사람: 마루마켓 고객센터 <help@maru-market.example>
Date: 2026년 11월 10일 (화) 오후 5:41
Subject: [마루마켓] 1:1 문의 답변이 등록되었습니다
To: <jihye.ng@kmail.example>

안녕하세요, 고객님. 마루마켓 고객센터입니다.

문의하신 내용에 대한 답변 드립니다.

상품 수령 후 7일 이내에 마이페이지 > 주문내역 > 반품신청을 통해 반품을 접수하실 수 있습니다. 단순 변심의 경우 왕복 배송비가 부과됩니다.

더 궁금하신 점은 언제든 문의해 주세요. 감사합니다.

마루마켓 고객센터 드림
""")

M(file="service/09-chat-bot-endless-loop.eml", urgent="no", lang="ja", wants="other",
  problem="アプリのチャットで「注文のキャンセル」って押すと「注文番号を入力してください」→入れる→「この注文はキャンセルできません。他にご用件は？」→「オペレーターと話す」押す→また「注文番号を入力してください」に戻る、を5回やりました。",
  from_name="松田 りな", from_addr="rina.matsuda@jmail.example",
  subject="チャットのボット、無限ループなんですけど", when=(27, 23), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
こんにちは。

アプリのチャットで「注文のキャンセル」って押すと「注文番号を入力してください」→入れる→「この注文はキャンセルできません。他にご用件は？」→「オペレーターと話す」押す→また「注文番号を入力してください」に戻る、を5回やりました。笑

キャンセルしたいわけじゃなくて、なんでキャンセルできないのかを人に聞きたかっただけなんです。

人間のオペレーターにつながる方法ってあるんですか？

りな
""")

M(file="service/10-window-staff-keigo-letter.eml", urgent="no", lang="ja", wants="apology",
  problem="さて、先日十一月五日に、届いた商品の数量について貴社の日本語窓口へ電話でお問い合わせいたしましたところ、担当の方が途中で何度も私の話を遮り、最後には「それはお客様の確認不足です」と申されました。",
  from_name="岡田 正雄", from_addr="m.okada@jmail.example",
  subject="御社お客様窓口の対応について", when=(13, 10), mailer=BECKY,
  charset="iso-2022-jp", cte="7bit", shape="plain",
  body="""
株式会社マルマーケット
代表取締役　様

拝啓　晩秋の候、貴社ますますご清栄のこととお慶び申し上げます。

突然のご連絡、失礼いたします。私は横浜市在住の岡田と申します。七十歳を過ぎ、妻と二人で貴社の食料品を定期的に購入しております。

さて、先日十一月五日に、届いた商品の数量について貴社の日本語窓口へ電話でお問い合わせいたしましたところ、担当の方が途中で何度も私の話を遮り、最後には「それはお客様の確認不足です」と申されました。後日、倉庫側の梱包の誤りであったことが分かり、商品は改めてお送りいただきましたが、あの時の対応には今もって納得がいきません。

私も長年会社勤めをしてまいりましたので、お客様窓口のご苦労は承知しております。それだけに、話を最後まで聞かずに客の落ち度と決めつける対応は残念でなりません。

つきましては、当該担当者の対応についてご確認のうえ、一言お詫びをいただければ幸いに存じます。

末筆ながら、貴社の一層のご発展をお祈り申し上げます。

敬具

岡田 正雄
""")


# =====================================================================
# PRIVACY
# =====================================================================

M(file="privacy/01-subject-access-request.eml", urgent="no", lang="en", wants="other",
  problem="I ask this because I recently received a targeted advertisement from a furniture retailer I have never dealt with, referring to the exact bookcase I bought from you.",
  from_name="Eleanor Whitcombe", from_addr="e.whitcombe@northmail.example",
  subject="Request for access to my personal data", when=(2, 9), tz="+0000", mailer=OUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Dear Data Protection Officer,

I am a customer of Maru Market (account e-mail: e.whitcombe@northmail.example) and I am writing to exercise my right of access under the Personal Information Protection Act and, insofar as it applies to me as a UK national, the UK GDPR.

Please provide me with:

1. a copy of all personal information you hold about me;
2. the purposes for which it is processed;
3. the third parties, including any overseas recipients, to whom it has been disclosed;
4. how long you intend to keep it; and
5. the source of any information not collected from me directly.

I ask this because I recently received a targeted advertisement from a furniture retailer I have never dealt with, referring to the exact bookcase I bought from you.

I would be grateful to receive this information in an electronic format within the statutory period.

Yours faithfully,

Eleanor Whitcombe
""")

M(file="privacy/02-stop.eml", urgent="no", lang="en", wants="left_alone",
  problem="I HAVE HAD ELEVEN OF YOUR DEALS OF THE DAY EMAILS THIS MONTH.",
  from_name="Greg Holt", from_addr="gholt@fastpost.example",
  subject="STOP", when=(24, 7), mailer=NONE,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
I CLICKED UNSUBSCRIBE IN SEPTEMBER. I CLICKED IT AGAIN IN OCTOBER. I HAVE HAD ELEVEN OF YOUR DEALS OF THE DAY EMAILS THIS MONTH. TAKE ME OFF EVERY LIST YOU HAVE. THAT IS ALL.
""")

M(file="privacy/03-another-customers-orders-visible.eml", urgent="yes", lang="en", wants="explanation",
  problem="This evening I opened Order History in the Maru Market app to reorder my coffee beans, and the list showed orders that aren't mine.",
  from_name="Leo Fernandes", from_addr="leo.fernandes@inboxly.example",
  subject="I can see another customer's orders and address", when=(18, 21), mailer=APPLE,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Hello,

This evening I opened Order History in the Maru Market app to reorder my coffee beans, and the list showed orders that aren't mine. Tapping one of them opens the full details: a woman's name, her home address in Bundang including the apartment and unit number, her phone number, and what she has been buying for the last six months, including pharmacy items. I logged out and back in and it's still there, mixed in with my own orders.

I haven't screenshotted her details and I won't, but I have screenshotted the fact that this is happening, with her information blurred.

I assume the reverse is also happening, meaning someone may be looking at my address right now.

I want to know today what you are doing about this. If I don't have a meaningful answer within 24 hours I will report it to the Personal Information Protection Commission.

Leo Fernandes
""")

M(file="privacy/04-close-account-leaving-korea.eml", urgent="no", lang="en", wants="data_deletion",
  problem="Before I go I'd like my account closed and my personal data deleted: name, addresses, phone number, saved card, order history, all of it, except whatever you're legally required to keep for tax purposes.",
  from_name="Ingrid Sørensen", from_addr="ingrid.sorensen@northmail.example",
  subject="Please close my account and delete my data", when=(20, 18), mailer=TBIRD,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
Hi,

I'm leaving Korea at the end of the month after five years and won't be using Maru Market anymore — thank you for the many dawn deliveries, genuinely.

Before I go I'd like my account closed and my personal data deleted: name, addresses, phone number, saved card, order history, all of it, except whatever you're legally required to keep for tax purposes. Please let me know what that is and for how long.

My Maru Plus ends on the 30th anyway, so there's nothing to refund.

Could you confirm by e-mail once it's done?

All the best,
Ingrid
""")

M(file="privacy/05-ad-texts-after-opt-out.eml", urgent="no", lang="ko", wants="left_alone",
  problem="마케팅수신 동의 다 끄고 문자로 수신거부번호로도 보냈는데 광고문자가 아직도 하루에 두세통씩와요",
  from_name="전소희", from_addr="sohee.jeon@kmail.example",
  subject="광고문자 수신거부했는데요", when=(11, 13), mailer=SAMSUNG,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
마케팅수신 동의 다 끄고 문자로 수신거부번호로도 보냈는데 광고문자가 아직도 하루에 두세통씩와요
카톡 채널도 차단했는데 알림톡으로 광고가 오네요 이게 말이되나요
앱 설정에도 마케팅 수신 꺼짐으로 돼있어요 캡쳐도 있구요

더이상 광고 보내지 말아주세요
""")

M(file="privacy/06-caller-knew-my-order.eml", urgent="yes", lang="ko", wants="explanation",
  problem="어제 오후에 모르는 번호로 전화가 왔는데, 자기가 마루마켓 고객센터라면서 제 이름, 주소, 그리고 11월 14일에 주문한 전기요 상품명과 금액까지 정확하게 말했습니다.",
  from_name="안태호", from_addr="taeho.ahn@kmail.example",
  subject="제 주문정보를 아는 사람한테 전화가 왔습니다", when=(17, 9), mailer=NONE,
  charset="utf-8", cte="base64", shape="plain",
  body="""
어제 오후에 모르는 번호로 전화가 왔는데, 자기가 마루마켓 고객센터라면서 제 이름, 주소, 그리고 11월 14일에 주문한 전기요 상품명과 금액까지 정확하게 말했습니다.

그러면서 그 상품이 리콜 대상이라 환불을 해 주겠다며 은행 계좌번호와 보안카드 번호를 불러 달라고 했습니다. 이상해서 끊고 마루마켓 앱에 나온 고객센터 번호로 다시 걸었더니 그런 전화를 한 적이 없다고 하더군요.

다행히 저는 아무것도 알려주지 않았는데, 연세 드신 저희 어머니도 마루마켓을 쓰시는데 어머니가 이런 전화를 받으셨으면 그대로 불러주셨을 것 같습니다.

제 주문정보가 어떻게 밖으로 나간 건지, 다른 고객들 정보도 나간 건지 설명해 주시기 바랍니다. 지금 당장 고객들에게 주의 안내라도 해야 하는 것 아닙니까.

안태호
""")

M(file="privacy/07-late-mothers-account.eml", urgent="no", lang="ko", wants="data_deletion",
  problem="어머니(故 이순례, 가입 이메일 soonrye.lee@bomail.example)께서 생전에 마루마켓을 자주 이용하셨는데, 아직도 어머니 앞으로 할인 안내 메일과 문자가 오고 있어서 볼 때마다 마음이 좋지 않습니다.",
  from_name="권나연", from_addr="nayeon.kwon@kmail.example",
  subject="돌아가신 어머니 계정 정리 부탁드립니다", when=(23, 11), mailer=APPLE,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
안녕하세요.

지난달 어머니께서 돌아가셨습니다. 어머니(故 이순례, 가입 이메일 soonrye.lee@bomail.example)께서 생전에 마루마켓을 자주 이용하셨는데, 아직도 어머니 앞으로 할인 안내 메일과 문자가 오고 있어서 볼 때마다 마음이 좋지 않습니다.

어머니 계정을 탈퇴 처리해 주시고, 저장된 주소와 연락처, 카드 정보 등 개인정보도 모두 삭제해 주셨으면 합니다. 남아 있는 적립금은 따로 돌려받지 않아도 괜찮습니다.

가족관계증명서나 사망진단서 사본이 필요하면 보내드리겠습니다. 어떤 서류가 필요한지 알려주세요.

권나연 드림
""")

M(file="privacy/08-cookie-banner-no-reject.eml", urgent="no", lang="ja", wants="explanation",
  problem="御社のウェブサイトを開くと画面下にCookieの同意バナーが表示されますが、「すべて同意する」ボタンしかなく、拒否する、あるいは必要なCookieだけを許可するという選択肢が見当たりません。",
  from_name="清水 大輔", from_addr="d.shimizu@jmail.example",
  subject="Cookieの設定について", when=(8, 15), mailer=TBIRD,
  charset="utf-8", cte="quoted-printable", shape="plain",
  body="""
マルマーケット御中

日本からサイトを利用している清水と申します。

御社のウェブサイトを開くと画面下にCookieの同意バナーが表示されますが、「すべて同意する」ボタンしかなく、拒否する、あるいは必要なCookieだけを許可するという選択肢が見当たりません。バナーを閉じずにいると、ページを移動するたびに同じバナーが出てきます。

広告や分析目的のCookieを拒否したい場合、どこで設定すればよいのでしょうか。また、現在どのような第三者のCookieが使われているのか、一覧があれば教えていただけますか。

（ちなみに最初、件名を見た家族にお菓子の話かと思われました。）

よろしくお願いいたします。

清水 大輔
""")

M(file="privacy/09-newsletter-stop-link-404.eml", urgent="no", lang="ja", wants="left_alone",
  problem="メルマガの一番下の「配信停止はこちら」を押すと、404 Not Foundのページになります。",
  from_name="渡辺 健二", from_addr="kenji.w@jmail.example",
  subject="メルマガ止めたい", when=(28, 1), mailer=NONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
メルマガの一番下の「配信停止はこちら」を押すと、404 Not Foundのページになります。3回試したけど全部同じでした。

アカウントの設定画面にもメール配信のオンオフが見つからないので、そちらで止めてもらえますか。このアドレスです。

よろしくです。
渡辺
""")

M(file="privacy/10-withdraw-third-party-consent.eml", urgent="no", lang="mixed", wants="other",
  problem="회원가입할 때 '개인정보 제3자 제공 동의 (optional)'에 체크했던 것 같은데, 지금 생각해보니 어떤 partner 회사들한테 제 data가 넘어가는지 제대로 확인을 안 했더라고요.",
  from_name="Grace 문", from_addr="grace.moon@mailbox.example",
  subject="개인정보 3rd party 제공 동의 철회 요청", when=(19, 20), mailer=MACOUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
안녕하세요,

회원가입할 때 '개인정보 제3자 제공 동의 (optional)'에 체크했던 것 같은데, 지금 생각해보니 어떤 partner 회사들한테 제 data가 넘어가는지 제대로 확인을 안 했더라고요. 최근에 보험 회사 telemarketing call이 갑자기 많이 와서 좀 찜찜합니다.

1) 제3자 제공 동의는 지금 바로 withdraw 하고 싶어요. App setting에서는 marketing 수신 toggle만 있고 이건 안 보이네요.
2) 지금까지 제 정보가 제공된 partner list랑 제공된 항목 (이름, 전화번호 등) 알려주세요.

Account 자체는 계속 쓸 거라서 탈퇴는 원하지 않습니다.

감사합니다.
Grace Moon
""")


# =====================================================================
# OTHER
# =====================================================================

M(file="other/01-santoku-praise.eml", urgent="no", lang="en", wants="other",
  problem="Just a note to say the Maru Kitchen 17cm santoku I bought last month is ridiculous.",
  from_name="Felix Armstrong", from_addr="felix.a@postbox.example",
  subject="That santoku", when=(7, 21), mailer=NONE,
  charset="us-ascii", cte="7bit", shape="plain",
  body="""
Hello whoever reads the CEO inbox,

Just a note to say the Maru Kitchen 17cm santoku I bought last month is ridiculous. Dangerously sharp out of the box. The first evening I got cocky with a tomato and nearly took the tip of my thumb off (entirely my fault, plaster applied, all healed, lesson learned). I've been cooking for twenty years and I've owned knives that cost four times as much that weren't this good.

Also the little paper note in the box with the sharpening angle was a nice touch.

No complaint, no request. Keep selling it.

Felix
""")

M(file="other/02-jeju-citrus-partnership.eml", urgent="no", lang="en", wants="other",
  problem="I am writing to propose that Maru Market carry our citrus during the December to March season.",
  from_name="Mi-young Seo", from_addr="miyoung.seo@jejugreen-coop.example",
  subject="Partnership proposal: organic Jeju citrus for Maru Market", when=(9, 10), mailer=OUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Dear Founder,

My name is Mi-young Seo and I handle new partnerships for Jeju Green Farmers' Cooperative, a group of 42 family farms on the east side of Jeju growing certified-organic hallabong, cheonhyehyang and tangerines.

I am writing to propose that Maru Market carry our citrus during the December to March season. We currently supply two regional supermarket chains and a school-meal programme, and we have cold storage and our own packing line, so we can meet dawn-delivery lead times from Seoul warehouses.

What we can offer:
- Direct-from-farm pricing roughly 12–15% below current wholesale
- Harvest-date labelling on every box
- Ugly-fruit "juice grade" boxes at a lower price point, which we think would suit your meal-kit line

I have attached nothing to keep this short, but I'd be glad to send our certification documents and price sheet, or to visit your office in Seoul any day the week of 23 November.

Warm regards,

Mi-young Seo
Partnerships Manager
Jeju Green Farmers' Cooperative
010-0000-0000
""")

M(file="other/03-application-backend-engineer.eml", urgent="no", lang="en", wants="other",
  problem="I am applying for the Backend Engineer position on your logistics platform team that was posted on your careers page last week.",
  from_name="Arjun Mehta", from_addr="arjun.mehta@devmail.example",
  subject="Application - Backend Engineer (Logistics Platform)", when=(3, 8), mailer=TBIRD,
  charset="us-ascii", cte="7bit", shape="mixed-alt",
  attach=[("application/pdf", "Arjun_Mehta_CV.pdf")],
  body="""
Dear Hiring Team,

I am applying for the Backend Engineer position on your logistics platform team that was posted on your careers page last week. I've attached my CV.

I've spent the last four years at a food-delivery startup in Bengaluru, where I built the slot-allocation service that decides which rider gets which order, and later led the migration of our order pipeline to an event-driven design. Dawn delivery is a problem I find genuinely interesting: the time windows are tight, the routes are dense, and the cost of a mistake is a customer's breakfast.

I moved to Seoul in August with my wife, who is a researcher at a university here. I'm learning Korean (TOPIK level 2 for now) and am comfortable working in English in the meantime.

I'd be grateful for the chance to talk.

Kind regards,
Arjun Mehta
010-0000-0000
""")

M(file="other/04-reporter-dawn-delivery-feature.eml", urgent="no", lang="en", wants="other",
  problem="I'm a reporter at Seoul Business Weekly, an English-language business magazine, and I'm working on a feature about how dawn delivery has changed grocery shopping for foreign residents in Korea.",
  from_name="Sarah Lindgren", from_addr="s.lindgren@seoul-business-weekly.example",
  subject="Interview request - dawn delivery feature, Seoul Business Weekly", when=(13, 11), mailer=MACOUTLOOK,
  charset="utf-8", cte="quoted-printable", shape="alt",
  body="""
Dear Maru Market,

I'm a reporter at Seoul Business Weekly, an English-language business magazine, and I'm working on a feature about how dawn delivery has changed grocery shopping for foreign residents in Korea.

I'd like to ask the founder, or whoever you think is best placed, a few questions:

- What share of your customers order in English or Japanese?
- How has demand for dawn delivery changed in the past year?
- What has been hardest about running a cold chain that reaches the door before 7 a.m.?

This is not an investigation and there's no complaint behind it; several of our readers simply mentioned Maru Market when we asked which services they rely on.

My deadline is 4 December. A 20-minute phone or video call would be ideal, but written answers are fine too.

Best regards,
Sarah Lindgren
Reporter, Seoul Business Weekly
010-0000-0000
""")

M(file="other/05-praise-rainy-dawn-driver.eml", urgent="no", lang="ko", wants="other",
  problem="칭찬하고 싶은 분이 있어서 메일 드려요.",
  from_name="양은지", from_addr="eunji.yang@kmail.example",
  subject="새벽배송 기사님 칭찬합니다", when=(16, 8), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
대표님 안녕하세요~

칭찬하고 싶은 분이 있어서 메일 드려요.

지난주 목요일 새벽에 비가 엄청 왔잖아요. 아침에 나가보니 현관 앞에 상자가 있는데, 기사님이 상자를 비닐로 한 번 더 싸서 두고 가셨더라고요. 상자 위에 '비가 많이 와서 한 번 더 포장했어요. 좋은 하루 되세요'라고 손글씨 메모까지 붙어 있었어요.

안에 있던 계란도 빵도 하나도 안 젖었고, 무엇보다 출근 전에 그 메모 보고 기분이 너무 좋았어요. 저희 동네(송파구 가상동) 담당 기사님이신 것 같은데, 꼭 칭찬 전해주세요!

양은지 드림

iPhone에서 보냄
""")

M(file="other/06-search-ranking-ad.eml", urgent="no", lang="ko", wants="other",
  problem="저희 탑마케팅은 블로그·카페·커뮤니티 상위노출 전문 업체로 지난 10년간 3,000개 이상의 쇼핑몰 매출을 끌어올렸습니다.",
  from_name="온라인마케팅센터", from_addr="ad_center@topmarketing.example",
  subject="[광고] 대표님, 포털 검색 상위노출 100% 보장해드립니다", when=(6, 3), mailer=SPAMTOOL,
  charset="euc-kr", cte="base64", shape="alt",
  body="""
(광고) 대표님 안녕하십니까!!

★★ 쇼핑몰 매출이 안 오르는 이유, 바로 검색 노출 때문입니다 ★★

저희 탑마케팅은 블로그·카페·커뮤니티 상위노출 전문 업체로 지난 10년간 3,000개 이상의 쇼핑몰 매출을 끌어올렸습니다.

▶ 키워드 상위노출 100% 보장 (미노출 시 전액 환불)
▶ 체험단 리뷰 월 200건 진행
▶ 인스타그램 팔로워 관리까지 한 번에!

이번 달 계약 시 첫 달 50% 할인 이벤트 중입니다.
지금 바로 상담 신청하세요!! 선착순 10개 업체 한정!!

상담 문의: 010-0000-0000 (담당 김실장)

※ 본 메일은 대표님의 메일 주소를 공개된 경로로 수집하여 발송한 광고 메일입니다. 수신을 원치 않으시면 '수신거부'라고 회신해 주세요.
""")

M(file="other/07-new-year-gift-sets-bulk.eml", urgent="no", lang="ko", wants="explanation",
  problem="내년 설 명절에 임직원 약 180명에게 마루마켓의 한우 선물세트 또는 과일 선물세트를 보내드리려고 하는데, 대량 구매 관련해서 몇 가지 여쭙고자 연락드립니다.",
  from_name="오민정", from_addr="minjeong.oh@hanbit-tech.example",
  subject="설 명절 임직원 선물세트 대량 구매 문의", when=(25, 14), mailer=OUTLOOK,
  charset="utf-8", cte="base64", shape="alt",
  body="""
안녕하세요.

저는 (주)한빛테크 경영지원팀 오민정 과장입니다.

내년 설 명절에 임직원 약 180명에게 마루마켓의 한우 선물세트 또는 과일 선물세트를 보내드리려고 하는데, 대량 구매 관련해서 몇 가지 여쭙고자 연락드립니다.

1. 100세트 이상 구매 시 기업 할인이 가능한지
2. 직원 개인 집 주소로 각각 배송(개별 발송)이 가능한지, 주소 목록은 엑셀로 전달드리면 되는지
3. 세금계산서 발행 및 법인카드 결제가 가능한지
4. 선물세트에 회사 명의의 메시지 카드를 넣을 수 있는지

가능하시다면 견적서를 함께 보내주시면 내부 품의에 참고하겠습니다.

감사합니다.

오민정 과장
(주)한빛테크 경영지원팀
Tel. 010-0000-0000
minjeong.oh@hanbit-tech.example

본 메일은 업무상 비밀을 포함할 수 있으며, 수신인이 아닌 경우 즉시 삭제해 주시기 바랍니다.
""")

M(file="other/08-doenjang-seller-inquiry.eml", urgent="no", lang="ko", wants="explanation",
  problem="손녀가 마루마켓을 알려줘서 보니 지역 특산물도 많이 파시길래 저희 된장도 팔수있을까 싶어 연락드립니다.",
  from_name="배순덕", from_addr="haetsal.farm@smallfarm.example",
  subject="입점 문의 드립니다 (전통 된장)", when=(21, 16), mailer=NONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
안녕하세요 저는 충청도에서 3대째 된장 고추장을 담그고있는 햇살농원 대표 배순덕입니다

손녀가 마루마켓을 알려줘서 보니 지역 특산물도 많이 파시길래 저희 된장도 팔수있을까 싶어 연락드립니다. 국산콩100%에 천일염만 쓰고 항아리에서 3년 숙성합니다. 식품제조가공업 허가랑 HACCP은 작년에 받았습니다

입점하려면 어떤 서류가 필요한지, 수수료는 어떻게 되는지 궁금합니다. 컴퓨터는 손녀가 도와줍니다

배순덕 올림
""")

M(file="other/09-shipping-to-fukuoka-question.eml", urgent="no", lang="ja", wants="explanation",
  problem="韓国旅行の際にマルマーケットのミールキットを友人宅でいただき、とても美味しかったので、日本からも購入できないかと思いご連絡いたしました。",
  from_name="井上 さくら", from_addr="sakura.inoue@jmail.example",
  subject="日本への配送と支払い方法について", when=(10, 22), mailer=BECKY,
  charset="iso-2022-jp", cte="7bit", shape="plain",
  body="""
はじめまして。福岡に住んでいる井上と申します。

韓国旅行の際にマルマーケットのミールキットを友人宅でいただき、とても美味しかったので、日本からも購入できないかと思いご連絡いたしました。

お伺いしたいことは次の三点です。

一、福岡への配送は可能でしょうか。可能な場合、冷凍・冷蔵のミールキットも対象になりますか。
二、日本で発行されたクレジットカードで支払いはできますか。
三、関税や送料はおおよそどのくらいかかりますか。

お手数ですが、ご教示いただけますと幸いです。

井上 さくら
""")

M(file="other/10-sundubu-kit-praise.eml", urgent="no", lang="ja", wants="other",
  problem="でもめちゃくちゃ美味しかったです。",
  from_name="岡本 悠斗", from_addr="yuto.okamoto@jmail.example",
  subject="スンドゥブのミールキット最高でした", when=(29, 22), mailer=IPHONE,
  charset="utf-8", cte="8bit", shape="plain",
  body="""
マルマーケットのみなさん、こんばんは！

先週買った「激辛スンドゥブチゲ」のミールキット、友達と食べたんですけど、辛さがやばすぎて正直死ぬかと思いました（笑）二人とも汗だくで、水2リットル飲みました。でもめちゃくちゃ美味しかったです。

あさりもぷりぷりで、豆腐もしっかりしてて、日本のスーパーで買う韓国料理キットとは全然レベルが違う。

これからも激辛シリーズ増やしてください！応援してます！

ゆうと

iPhoneから送信
""")


# =====================================================================
# ENVELOPE (mechanical; no body text is produced below this line)
# =====================================================================

CATEGORIES = ["billing", "delivery", "product", "account", "service", "privacy", "other"]
WANTS = {"refund", "replacement", "repair", "delivery", "apology", "explanation",
         "cancellation", "data_deletion", "left_alone", "other"}
LANGS = {"en", "ko", "ja", "mixed"}
CRLF = b"\r\n"


def digest(name):
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def is_ascii(s):
    try:
        s.encode("ascii")
        return True
    except UnicodeEncodeError:
        return False


def hdr_charset(body_charset):
    return body_charset if body_charset in ("euc-kr", "iso-2022-jp") else "utf-8"


def encode_text_header(s, body_charset):
    if is_ascii(s):
        return s
    return Header(s, hdr_charset(body_charset)).encode(maxlinelen=76).replace("\n", "\r\n")


def encode_address(name, addr, body_charset):
    if is_ascii(name):
        if any(c in name for c in '()<>[]:;@\\,."'):
            name = '"' + name.replace('\\', '\\\\').replace('"', '\\"') + '"'
        return "%s <%s>" % (name, addr)
    return "%s <%s>" % (Header(name, hdr_charset(body_charset)).encode(maxlinelen=76).replace("\n", "\r\n"), addr)


def to_header(mail, hx):
    k = int(hx[50:52], 16) % 4
    if k == 0:
        return "ceo@maru-market.example"
    if k == 1:
        return "<ceo@maru-market.example>"
    if mail["lang"] in ("ko", "mixed") and k == 2:
        return encode_address("마루마켓 대표님", "ceo@maru-market.example", mail["charset"])
    if mail["lang"] == "ja" and k == 2:
        return encode_address("マルマーケット代表", "ceo@maru-market.example", mail["charset"])
    return "Maru Market CEO <ceo@maru-market.example>"


def date_header(mail, hx):
    day, hour = mail["when"]
    minute = int(hx[0:2], 16) % 60
    second = int(hx[2:4], 16) % 60
    dt = datetime.datetime(2026, 11, day, hour, minute, second)
    tz = mail.get("tz", "+0900")
    return "%s, %d %s 2026 %02d:%02d:%02d %s" % (
        dt.strftime("%a"), day, dt.strftime("%b"), hour, minute, second, tz), dt


def message_id(mail, hx, dt):
    domain = mail["from_addr"].split("@", 1)[1]
    mailer = mail.get("mailer")
    stamp = dt.strftime("%Y%m%d%H%M%S")
    if mailer in (APPLE, IPHONE):
        u = hx[4:36].upper()
        return "<%s-%s-%s-%s-%s@%s>" % (u[0:8], u[8:12], u[12:16], u[16:20], u[20:32], domain)
    if mailer in (OUTLOOK, MACOUTLOOK):
        return "<SL2P216MB%s@%s>" % (hx[4:20].upper(), domain)
    return "<%s.%s@%s>" % (stamp, hx[4:20], domain)


def encode_payload(text, charset, cte):
    if cte in ("7bit", "8bit"):
        data = text.replace("\n", "\r\n").encode(charset)
        if cte == "7bit":
            assert all(b < 128 for b in data), "non-ASCII byte in 7bit part"
        for line in data.split(CRLF):
            assert len(line) <= 998, "line too long for %s" % cte
        return data
    if cte == "quoted-printable":
        return quopri.encodestring(text.encode(charset)).replace(b"\n", CRLF)
    if cte == "base64":
        return base64.encodebytes(text.replace("\n", "\r\n").encode(charset)).replace(b"\n", CRLF)
    raise ValueError(cte)


def render_html(text, charset):
    """Mechanical text -> HTML: paragraphs to <p>, line breaks to <br>, quoted blocks to <blockquote>."""
    blocks = []
    for para in text.strip("\n").split("\n\n"):
        lines = para.split("\n")
        if all(l.startswith(">") for l in lines):
            inner = "<br>\n".join(html.escape(l[1:].lstrip(), quote=False) for l in lines)
            blocks.append("<blockquote style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">" + inner + "</blockquote>")
        else:
            blocks.append("<p>" + "<br>\n".join(html.escape(l, quote=False) for l in lines) + "</p>")
    return ("<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">\n</head>\n<body>\n" % charset
            + "\n".join(blocks) + "\n</body>\n</html>\n")


def leaf_text(subtype, text, charset, cte):
    headers = ['Content-Type: text/%s; charset="%s"' % (subtype, charset.upper() if charset != "us-ascii" else "us-ascii"),
               "Content-Transfer-Encoding: %s" % cte]
    return headers, encode_payload(text, charset, cte)


def placeholder_bytes(ctype, filename):
    note = ("placeholder attachment for the corpus5 evaluation set (%s); not a real file" % filename).encode("ascii")
    if ctype == "image/jpeg":
        return b"\xff\xd8\xff\xe0" + note + b"\xff\xd9"
    if ctype == "application/pdf":
        return b"%PDF-1.4\n% " + note + b"\n%%EOF\n"
    return note


def leaf_attachment(ctype, filename):
    headers = ['Content-Type: %s; name="%s"' % (ctype, filename),
               'Content-Disposition: attachment; filename="%s"' % filename,
               "Content-Transfer-Encoding: base64"]
    return headers, base64.encodebytes(placeholder_bytes(ctype, filename)).replace(b"\n", CRLF)


def multipart(subtype, boundary, parts, preamble=False):
    headers = ['Content-Type: multipart/%s;\r\n\tboundary="%s"' % (subtype, boundary)]
    out = b""
    if preamble:
        out += b"This is a multi-part message in MIME format." + CRLF + CRLF
    for h, body in parts:
        out += b"--" + boundary.encode() + CRLF
        out += CRLF.join(x.encode("ascii") for x in h) + CRLF + CRLF
        out += body
        if not body.endswith(CRLF):
            out += CRLF
    out += b"--" + boundary.encode() + b"--" + CRLF
    return headers, out


def build(mail):
    hx = digest(mail["file"])
    text = mail["body"].strip("\n") + "\n"
    cs, cte, shape = mail["charset"], mail["cte"], mail["shape"]
    b1 = "----=_Part_%s" % hx[24:40]
    b2 = "----=_Alt_%s" % hx[40:56]
    plain = leaf_text("plain", text, cs, cte)
    if shape == "plain":
        entity = plain
    elif shape == "alt":
        entity = multipart("alternative", b1, [plain, leaf_text("html", render_html(text, cs), cs, cte)])
    elif shape == "mixed":
        entity = multipart("mixed", b1, [plain] + [leaf_attachment(t, n) for t, n in mail["attach"]], preamble=True)
    elif shape == "mixed-alt":
        alt = multipart("alternative", b2, [plain, leaf_text("html", render_html(text, cs), cs, cte)])
        entity = multipart("mixed", b1, [alt] + [leaf_attachment(t, n) for t, n in mail["attach"]], preamble=True)
    else:
        raise ValueError(shape)

    date, dt = date_header(mail, hx)
    mid = message_id(mail, hx, dt)
    hdrs = ["From: " + encode_address(mail["from_name"], mail["from_addr"], cs),
            "To: " + to_header(mail, hx),
            "Subject: " + encode_text_header(mail["subject"], cs),
            "Date: " + date,
            "Message-ID: " + mid]
    if mail.get("reply"):
        parent = "<notify.%s@maru-market.example>" % hx[12:28]
        hdrs += ["In-Reply-To: " + parent, "References: " + parent]
    hdrs.append("MIME-Version: 1.0")
    if mail.get("mailer"):
        hdrs.append("%s: %s" % mail["mailer"])
    hdrs += entity[0]
    raw = CRLF.join(h.encode("ascii") for h in hdrs) + CRLF + CRLF + entity[1]
    assert b"\n" not in raw.replace(CRLF, b""), "bare LF"
    return raw


def validate_labels(mail):
    cat = mail["file"].split("/")[0]
    assert cat in CATEGORIES, mail["file"]
    assert mail["urgent"] in ("yes", "no"), mail["file"]
    assert not (cat == "other" and mail["urgent"] == "yes"), mail["file"]
    assert mail["lang"] in LANGS, mail["file"]
    assert mail["wants"] in WANTS, mail["file"]
    for f in ("file", "problem"):
        assert "\t" not in mail[f] and "\n" not in mail[f], mail["file"]
    assert mail["problem"] in mail["body"], "problem not in body: " + mail["file"]
    return cat


def main():
    seen = set()
    per_cat = {c: [] for c in CATEGORIES}
    for mail in MAILS:
        assert mail["file"] not in seen, mail["file"]
        seen.add(mail["file"])
        per_cat[validate_labels(mail)].append(mail["file"])
    for c, files in per_cat.items():
        nums = sorted(os.path.basename(f)[:2] for f in files)
        assert nums == ["%02d" % i for i in range(1, 11)], (c, nums)

    for c in CATEGORIES:
        os.makedirs(os.path.join(HERE, c), exist_ok=True)
    for mail in MAILS:
        with open(os.path.join(HERE, mail["file"]), "wb") as fh:
            fh.write(build(mail))

    rows = ["file\tcategory\turgent\tlanguage\twants\tproblem"]
    for mail in sorted(MAILS, key=lambda m: (CATEGORIES.index(m["file"].split("/")[0]), m["file"])):
        rows.append("\t".join([mail["file"], mail["file"].split("/")[0], mail["urgent"],
                               mail["lang"], mail["wants"], mail["problem"]]))
    with open(os.path.join(HERE, "labels.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(rows) + "\n")
    print("wrote %d mails and labels.tsv" % len(MAILS))


if __name__ == "__main__":
    sys.exit(main())
