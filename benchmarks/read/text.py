"""Input and output text: chat messages of a few hundred characters, some in non-Latin scripts.

Text is drawn from small vocabularies, so it compresses and costs little to make, yet reads like
support-bot traffic and gives a content search real words to index. RARE_WORDS never occur in
the vocabularies: the generator plants each in exactly the stated number of generation inputs,
which gives content search a known answer.
"""

ENGLISH = (
    "the a my your our this that order invoice refund account password shipping delivery "
    "payment card subscription plan upgrade cancel update address email phone number "
    "support agent customer product price discount coupon warranty return policy days "
    "week month tracking package status delayed arrived damaged missing please help "
    "thanks hello can could would you I we need want how when where why what is are "
    "was were not still again today yesterday error message login app website settings "
    "report data export billing charge twice receipt confirm check issue problem fixed"
).split()

# Language code -> (words, joiner). Japanese and Chinese are written without spaces.
OTHER_SCRIPTS = {
    "ru": ("заказ счёт возврат пароль доставка оплата карта подписка помощь клиент товар "
           "цена скидка статус посылка ошибка сообщение вход приложение сегодня вчера "
           "спасибо здравствуйте пожалуйста нужно хочу как когда где почему".split(), " "),
    "ja": ("注文 請求書 返金 パスワード 配送 支払い カード 定期購入 サポート お客様 商品 "
           "価格 割引 状況 荷物 エラー ログイン アプリ 今日 昨日 ありがとう お願いします "
           "確認 問題 解決 です ます".split(), ""),
    "zh": ("订单 发票 退款 密码 配送 付款 银行卡 订阅 客服 客户 商品 价格 折扣 状态 包裹 "
           "错误 登录 应用 今天 昨天 谢谢 请 帮助 确认 问题 已经 解决 我的 需要".split(), ""),
    "ar": ("طلب فاتورة استرداد كلمة المرور التوصيل الدفع بطاقة اشتراك مساعدة عميل منتج "
           "سعر خصم حالة طرد خطأ رسالة تسجيل الدخول تطبيق اليوم أمس شكرا من فضلك".split(), " "),
    "hi": ("ऑर्डर चालान रिफंड पासवर्ड डिलीवरी भुगतान कार्ड सदस्यता सहायता ग्राहक उत्पाद "
           "कीमत छूट स्थिति पैकेज त्रुटि लॉगिन ऐप आज कल धन्यवाद कृपया मदद समस्या".split(), " "),
    "ko": ("주문 청구서 환불 비밀번호 배송 결제 카드 구독 지원 고객 상품 가격 할인 상태 "
           "소포 오류 로그인 앱 오늘 어제 감사합니다 부탁합니다 확인 문제".split(), " "),
}
# Share of traces whose user writes in each language (the rest: English).
LANGUAGES = {"en": 88, "ru": 3, "ja": 2, "zh": 2, "ar": 2, "hi": 2, "ko": 1}

# Word -> number of generation inputs that contain it (at every scale).
RARE_WORDS = {"sesquipedalian": 1, "quetzalcoatlus": 3, "zymurgy": 7, "сыроежка": 5}

SYSTEM_PROMPTS = {
    "chat-completion": "You are a helpful support assistant for an online shop. Answer briefly, "
                       "politely and only from the order data you are given.",
    "rag-answer": "Answer the customer's question using only the retrieved passages. Cite the "
                  "passage ids you used. If the passages do not contain the answer, say so.",
    "summarize-document": "Summarize the document for a support agent in at most five bullet "
                          "points. Keep order numbers, dates and amounts exact.",
    "classify-ticket": "Classify the ticket into one of: billing, shipping, account, product, "
                       "other. Reply with JSON {\"category\": ..., \"confidence\": ...}.",
    "agent-run": "You are an agent that resolves support tickets step by step. Think about which "
                 "tool to call next, call it, and stop when the ticket is resolved.",
}


def prose(rng, language: str, length: int) -> str:
    """About `length` characters of text in `language`."""
    if language == "en":
        words, joiner, mean = ENGLISH, " ", 6
    else:
        words, joiner = OTHER_SCRIPTS[language]
        mean = 3 if joiner == "" else 6
    text = joiner.join(rng.choices(words, k=max(3, length // mean)))
    return text[0].upper() + text[1:] + "." if language == "en" else text


def question(rng, language: str) -> str:
    """A user's message."""
    return prose(rng, language, rng.randint(60, 240))


def plant(message: str, word: str) -> str:
    """`message` with `word` inserted in its middle, as a word of its own."""
    middle = message.find(" ", len(message) // 2)
    middle = len(message) // 2 if middle < 0 else middle
    return f"{message[:middle]} {word} {message[middle:].lstrip()}"


def answer(rng, language: str) -> str:
    """An assistant's reply."""
    return prose(rng, language, rng.randint(100, 400))
