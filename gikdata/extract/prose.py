"""Stage 5b: the numbers free-form reports state in prose beyond proactive disclosure.

Requests by channel (通过互联网申请5件，占总数的33.3%) and by body (其中区政府及工作部门14件),
their outcomes (予以公开, 部分公开, 不予公开, 信息不存在 …), review and litigation counts, fees
with their unit (元 or 万元, as printed), organisation (专职/兼职 staff, hotline calls,
consultations, normative documents issued) and proactive items per unit (局机关, 局属各单位)
or per list of channels (在…等公开信息4856条).

Every rule fires only on a phrasing that says the number plainly, in one clause; where a
sentence names another body before the number (区卫生局…), the fact is that body's
(``subject``). Measures (units): requests_by_channel (件), requests_by_channel_share (%),
requests_by_body (件), requests_outcome (件), review_cases (件), litigation_cases (件),
fees_collected (元|万元), staff (人), hotline_calls (次), consultations (次),
disclosure_points (个: 受理点, 查阅点), normative_documents (件), proactive_by_unit (条), proactive_by_unit_share (%).
"""

from __future__ import annotations

import bisect
import re

from ..model import Fact
from .cues import NOT_IN_RUN
from .facts import Doc, SpanSet, _number, _pct, _value_span, _zero, prose_matches
from .numbers import NUMBER, Number, parse_number
from .subjects import whose

_CJK = r"\u4e00-\u9fff"
_PCT = r"(?:,|,?占(?:申请)?(?:总数|总量|总件数|全部申请)?的?)(?P<pct>\d+(?:\.\d+)?)%"

#: Printed channel words to the channel they name (dimension of requests_by_channel).
CHANNELS: dict[str, str] = {
    "互联网": "网上", "网上": "网上", "网络": "网上", "网站": "网上", "在线": "网上",
    "信函": "信函", "邮寄": "信函", "来信": "信函", "书面": "信函",
    "当面": "当面", "现场": "当面", "来访": "当面",
    "传真": "传真", "电子邮件": "电子邮件", "电子邮箱": "电子邮件", "邮件": "电子邮件",
    "电话": "电话",
}
P_CHANNEL_REQ = re.compile(
    rf"(?:通过|以|采用|经)?(?P<ch>{'|'.join(sorted(CHANNELS, key=len, reverse=True))})(?:形式|方式|渠道)?"
    rf"(?:提出|提交|递交|受理)?(?:的)?申请(?:的)?(?:有|为|共)?{NUMBER}件(?:{_PCT})?"
)
#: Outcomes of requests, printed word to canonical (dimension of requests_outcome).
OUTCOMES: dict[str, str] = {
    "予以公开": "公开", "同意公开": "公开", "全部公开": "公开",
    "部分公开": "部分公开", "不予公开": "不予公开",
    "信息不存在": "信息不存在", "政府信息不存在": "信息不存在",
    "非本机关掌握": "非本机关掌握", "不属于本机关": "非本机关掌握", "本机关不掌握": "非本机关掌握",
    "申请内容不明确": "申请内容不明确", "不予受理": "不予处理", "不予处理": "不予处理",
}
P_OUTCOME = re.compile(
    rf"(?P<o>{'|'.join(sorted(OUTCOMES, key=len, reverse=True))})[{_CJK}]{{0,8}}?(?:的)?(?:有|为|共)?{NUMBER}件"
)
P_REVIEW = re.compile(rf"(?<![、和及与])行政复议(?:申请|案件)?(?:共计?|有|为)?{NUMBER}(?:件|起|条)")
#: 行政复议、行政诉讼各1件: one count stated for both.
P_BOTH = re.compile(rf"行政复议(?:案件)?[、和及与]行政诉讼(?:案件)?(?:(?:均为|各|分别为?)?各?{NUMBER}(?:件|起)|均为(?P<zero_each>0|零)(?![\d.]))")
P_LITIGATION = re.compile(rf"(?<![、和及与])行政诉讼(?:案件)?(?:共计?|有|为)?{NUMBER}(?:件|起)")
P_FEES = re.compile(
    rf"(?:收取|收费)(?:了)?(?:信息)?(?:检索|复制|邮寄|处理|成本)?[{_CJK}、]{{0,10}}?(?:费用?|金额)?(?:共计?|为|合计)?"
    rf"{NUMBER}(?P<unit>万元|元)"
)
P_STAFF = re.compile(
    rf"(?:{NOT_IN_RUN}{NUMBER}名(?P<k1>专职|兼职|专兼职)(?:的)?(?:工作)?人员)"
    rf"|(?:(?P<k2>专职|兼职|专兼职)(?:工作)?人员(?:共)?(?P<n2>\d+|[一二两三四五六七八九十]+)(?:名|人))"
)
P_HOTLINE = re.compile(
    rf"(?:(?:电话|热线)(?:共)?接听(?:了)?|接听(?:了)?(?:咨询)?(?:热线)?(?:电话)?(?:共)?){NUMBER}(?P<u>人次|次|个|通)"
)
P_CONSULT = re.compile(
    rf"(?:接待|受理|解答|答复)?(?:[{_CJK}]{{0,6}}?)咨询(?:电话)?(?:共)?(?:有|为)?{NUMBER}(?P<u>人次|次|个|条|件)"
)
P_NORMATIVE = (
    re.compile(rf"(?:发布|印发|制发|出台|制定)(?:了)?(?:[{_CJK}]{{0,4}}?)规范性文件(?:共计?)?{NUMBER}(?P<u>个|件|份|部)"),
    re.compile(rf"(?:发布|印发|制发|出台|制定)(?:了)?{NUMBER}(?P<u>个|件|份|部)(?:[{_CJK}]{{0,4}}?)规范性文件"),
)
P_BY_BODY = re.compile(
    rf"(?P<body>[{_CJK}()]{{1,16}}?(?:政府|部门|单位|办事处|街道|局|委|办|镇|乡)(?:\([{_CJK}]{{2,8}}\))?)"
    rf"(?:收到|受理)?(?:申请)?{NUMBER}件"
)
P_POINTS = re.compile(
    rf"设(?:立|置)(?:了)?{NUMBER}(?:个|处)(?:专门的)?(?:政府)?信息(?:公开)?(?:申请)?(?P<kind>受理点|查阅点|查阅场所|受理窗口|查阅室)"
)
P_UNIT = re.compile(
    rf"(?P<unit>局机关|委机关|机关本级|本级|局属各单位|局属单位|所属各单位|所属单位|直属单位|下属单位)"
    rf"(?:各类|公开)?信息{NUMBER}条(?:,占(?:信息总量|总数|总量)?的?(?P<pct>\d+(?:\.\d+)?)%)?"
)
P_CHANNEL_LIST = re.compile(
    rf"(?:还)?在(?P<ch>[^。;\n]{{4,80}}?)等(?:媒体|平台|渠道|载体)?(?:上)?(?:公开|发布)(?:了)?(?:各类)?(?:政府)?信息{NUMBER}条"
)


P_ELECTRONIC = re.compile(r"全文电子化率(?:达到|达|为)?(?P<pct>\d+(?:\.\d+)?)%")
_REQ_WORDS = r"(?:各类|有关)?(?:政府)?信息公开(?:的)?申请"
P_REQUESTS = re.compile(
    rf"(?:申请总数为|受理申请的数量为|(?:共)?(?:收到|受理|接到|接收)(?:并答复)?[^,;。\d]{{0,12}}?{_REQ_WORDS}(?:共计?)?"
    rf"|(?:共)?(?:收到|受理|接到|接收)(?:并答复)?依申请公开(?:政府)?(?:事项|申请|信息)?(?:共计?)?"
    rf"|收到申请公开政府信息(?:的要求|的申请)?|(?<![、和及与])依申请公开政府信息){NUMBER}(?:件|条|项|份)"
)
#: 收到1条信息公开申请 / 收到1项有关政府信息公开的申请: the count before the words.
P_REQUESTS_BEFORE = re.compile(
    rf"(?:收到|受理|接到|接收)(?:了)?{NUMBER}(?:件|条|项|个|份)(?:{_REQ_WORDS}|依申请公开(?:的)?(?:申请|事项))")
#: 无信息公开申请 (0 requests), but not 没有因政府信息公开申请而提起的行政复议 (that is about review).
P_NO_REQUESTS = re.compile(
    r"(?P<neg>无|没有|未)(?:接到|收到|受理)?(?:(?!因)[^。;,\n\t]){0,12}?"
    r"(?:信息公开(?:的)?申请|依申请公开|申请公开政府信息)"
    r"(?![^。;,\n\t]{0,8}?(?:复议|诉讼))"
)
#: "none" phrasings; a count right after the word (行政诉讼1件) is a count, not a none.
_NOT_A_COUNT = r"(?!(?:申请|案件)?(?:共计?|有|为)?(?:\d|[一二两三四五六七八九十]+(?:件|起)))"
P_NO_REVIEW = re.compile(rf"(?P<neg>无|没有|未)[^。;\n\t]{{0,40}}?行政复议{_NOT_A_COUNT}")
P_NO_LITIGATION = re.compile(rf"(?P<neg>无|没有|未)[^。;\n\t]{{0,40}}?行政诉讼{_NOT_A_COUNT}")
P_NO_FEES = re.compile(r"(?P<neg>无|没有|未|不(?=[^。;,\n\t]{0,6}?(?:收取|收费)))(?:收取)?[^。;,\n\t]{0,16}?(?:收费|处理费|费用)")


def prose_facts(doc: Doc) -> list[Fact]:
    """Every prose rule over one document."""
    facts: list[Fact] = []
    for rule in PROSE_RULES:
        facts += rule(doc)
    return facts


def _count(doc: Doc, m: re.Match[str], measure: str, dim: str | None, unit: str, rule: str,
           subject: str | None = None) -> Fact | None:
    n = _number(m)
    if n is None:
        return None
    return doc.fact(measure, dim, n, unit, _value_span(m), rule, subject)


def _share(doc: Doc, m: re.Match[str], measure: str, dim: str | None, rule: str,
           subject: str | None) -> Fact | None:
    if not m.groupdict().get("pct"):
        return None
    return doc.fact(measure, dim, Number(float(m.group("pct")), False), "%",
                    (m.start("pct"), m.end("pct") + 1), rule, subject)


def _in_sentence(doc: Doc, pos: int, *words: str) -> bool:
    s, e = doc.sentence_at(pos)
    return any(w in doc.text[s:e] for w in words)


def _in_clause(doc: Doc, m: re.Match[str], *words: str) -> bool:
    """Whether the clause of a match (between , ; 。 and line ends) holds one of ``words``."""
    bounds = doc.clause_bounds  # found once: a find per match and mark was quadratic
    i = bisect.bisect_left(bounds, m.start())
    start = bounds[i - 1] + 1 if i else 0
    j = bisect.bisect_left(bounds, m.end())
    clause = doc.text[start: bounds[j] if j < len(bounds) else len(doc.text)]
    return any(w in clause for w in words)


def request_channels(doc: Doc) -> list[Fact]:
    """通过互联网申请5件，占总数的33.3%；以信函形式申请10件."""
    facts = []
    for m in prose_matches(doc, P_CHANNEL_REQ):
        ch = CHANNELS[m.group("ch")]
        subj = whose(doc, m.start(), paragraph=False)
        for f in (_count(doc, m, "requests_by_channel", ch, "件", "requests_by_channel", subj),
                  _share(doc, m, "requests_by_channel_share", ch, "requests_by_channel_share", subj)):
            if f:
                facts.append(f)
    return facts


def request_bodies(doc: Doc) -> list[Fact]:
    """其中区政府及工作部门14件，镇政府（街道办事处）1件: after 其中 in a sentence that states the
    number of requests, each body with its count."""
    facts = []
    for m in re.finditer(r"申请(?:总数|总量|总件数)?(?:为|共计?)?\d+件[^。\n]*?其中:?", doc.text):
        _, end = doc.sentence_at(m.start())
        pos = m.end()
        while (b := P_BY_BODY.match(doc.text, pos)) and b.end() <= end:
            body = b.group("body")
            if (f := _count(doc, b, "requests_by_body", body, "件", "requests_by_body")) is not None:
                facts.append(f)
            pos = b.end()
            sep = re.match(r"[,、;]", doc.text[pos:pos + 1])
            if not sep:
                break
            pos += 1
    return facts


def request_outcomes(doc: Doc) -> list[Fact]:
    """予以公开3件, 部分公开1件, 信息不存在2件: only where the sentence is about requests."""
    facts = []
    for m in prose_matches(doc, P_OUTCOME):
        if not (doc.outline.within(m.start(), "申请") or _in_sentence(doc, m.start(), "申请", "答复")):
            continue
        dim = OUTCOMES[m.group("o")]
        if (f := _count(doc, m, "requests_outcome", dim, "件", "requests_outcome",
                        whose(doc, m.start(), paragraph=False))) is not None:
            facts.append(f)
    return facts


def review_litigation_counts(doc: Doc) -> list[Fact]:
    """行政复议2件, 行政诉讼1起: a count right after the word, not a shared 复议、诉讼N件."""
    facts = []
    for m in prose_matches(doc, P_BOTH):
        if m.group("zero_each"):  # 行政复议和行政诉讼均为0: a stated none for each
            for measure in ("review_cases", "litigation_cases"):
                facts.append(doc.fact(measure, None, Number(0.0, False), "件", m.span("zero_each"),
                                      f"{measure}_each", whose(doc, m.start(), paragraph=False)))
            continue
        each = any(w in m.group(0) for w in ("各", "均", "分别"))
        n = _number(m)
        if not each and (n is None or n.value != 0):
            continue  # 复议、诉讼2件 may be a sum of the two; a sum of 0 is 0 each
        for measure in ("review_cases", "litigation_cases"):
            if (f := _count(doc, m, measure, None, "件", f"{measure}_each",
                            whose(doc, m.start(), paragraph=False))) is not None:
                facts.append(f)
    for pattern, measure in ((P_REVIEW, "review_cases"), (P_LITIGATION, "litigation_cases")):
        for m in prose_matches(doc, pattern):
            if (f := _count(doc, m, measure, None, "件", f"{measure}_count",
                            whose(doc, m.start(), paragraph=False))) is not None:
                facts.append(f)
    return facts


def fee_amounts(doc: Doc) -> list[Fact]:
    """收取信息处理费120元 / 收费0.5万元: the unit as printed, only about disclosure fees."""
    facts = []
    for m in prose_matches(doc, P_FEES):
        if not (doc.outline.within(m.start(), "收费") or _in_sentence(doc, m.start(), "信息公开", "信息处理费")):
            continue
        n = _number(m)
        if n is None:
            continue
        unit, span = m.group("unit"), _value_span(m)
        if m.group("mult") == "万":  # 0.5万元: keep the printed figure and its unit, not 5000 元
            n, unit, span = Number(n.value / 10_000, n.approx), "万元", (span[0], m.end("unit"))
        facts.append(doc.fact("fees_collected", None, n, unit, span, "fees_amount",
                              whose(doc, m.start(), paragraph=False)))
    return facts


def staff(doc: Doc) -> list[Fact]:
    """配备了2名兼职工作人员; 专职人员3名; 指定一名专职人员."""
    facts = []
    for m in prose_matches(doc, P_STAFF):
        kind = m.group("k1") or m.group("k2")
        subj = whose(doc, m.start(), paragraph=False)
        if m.group("k1"):
            f = _count(doc, m, "staff", kind, "人", "staff", subj)
        else:
            try:
                n = parse_number(m.group("n2"))
            except ValueError:
                continue
            f = doc.fact("staff", kind, n, "人", m.span("n2"), "staff", subj)
        if f:
            facts.append(f)
    return facts


def hotline_and_consultations(doc: Doc) -> list[Fact]:
    """政务公开电话共接听4800余次; 咨询电话3600余次: only in sentences about disclosure work."""
    facts = []
    taken = SpanSet()
    for pattern, measure in ((P_HOTLINE, "hotline_calls"), (P_CONSULT, "consultations")):
        for m in prose_matches(doc, pattern):
            if not _in_clause(doc, m, "政务公开", "信息公开", "依申请"):
                continue
            span = _value_span(m)
            if taken.overlaps(span):
                continue
            if (f := _count(doc, m, measure, None, "次", measure, whose(doc, m.start(), paragraph=False))) is not None:
                facts.append(f)
                taken.append(span)
    return facts


def disclosure_points(doc: Doc) -> list[Fact]:
    """设立了1个专门的信息申请受理点: places where the public can apply or read."""
    facts = []
    for m in prose_matches(doc, P_POINTS):
        if (f := _count(doc, m, "disclosure_points", m.group("kind"), "个", "disclosure_points",
                        whose(doc, m.start(), paragraph=False))) is not None:
            facts.append(f)
    return facts


def normative_documents(doc: Doc) -> list[Fact]:
    """全年共发布规范性文件18个."""
    facts = []
    for m in (m for p in P_NORMATIVE for m in prose_matches(doc, p)):
        if (f := _count(doc, m, "normative_documents", None, "件", "normative_documents",
                        whose(doc, m.start(), paragraph=False))) is not None:
            facts.append(f)
    return facts


def proactive_units(doc: Doc) -> list[Fact]:
    """局机关信息4732条 / 局属各单位信息259条: a unit of the body, not a category; and
    在国家安监总局网站、…等公开信息4856条: a list of channels, its own dimension."""
    facts = []
    for m in prose_matches(doc, P_UNIT):
        if not doc.outline.within(m.start(), "主动公开", "公开政府信息"):
            continue
        unit = m.group("unit")
        for f in (_count(doc, m, "proactive_by_unit", unit, "条", "proactive_by_unit"),
                  _share(doc, m, "proactive_by_unit_share", unit, "proactive_by_unit_share", None)):
            if f:
                facts.append(f)
    for m in prose_matches(doc, P_CHANNEL_LIST):
        if not doc.outline.within(m.start(), "主动公开", "公开政府信息"):
            continue
        if (f := _count(doc, m, "proactive_total", m.group("ch"), "条", "proactive_channel_list",
                        whose(doc, m.start(), paragraph=False))) is not None:
            facts.append(f)
    return facts


def electronic_rate(doc: Doc) -> list[Fact]:
    facts = []
    for m in P_ELECTRONIC.finditer(doc.text):
        pct, span = _pct(m)
        facts.append(doc.fact("electronic_rate", None, pct, "%", span, "electronic_rate", whose(doc, m.start(), paragraph=False)))
    return facts


def requests(doc: Doc) -> list[Fact]:
    """申请总数为15件; 收到政府信息公开申请3件; 收到1条信息公开申请; 无信息公开申请 (0)."""
    facts = []
    for pattern in (P_REQUESTS, P_REQUESTS_BEFORE):
        for m in prose_matches(doc, pattern):
            if (n := _number(m)) is not None:
                facts.append(doc.fact("requests_received", None, n, "件", _value_span(m), "requests_received",
                                      whose(doc, m.start(), paragraph=False)))
    for m in prose_matches(doc, P_NO_REQUESTS):
        zero, span = _zero(m)
        facts.append(doc.fact("requests_received", None, zero, "件", span, "requests_none", whose(doc, m.start(), paragraph=False)))
    return facts


def review_litigation(doc: Doc) -> list[Fact]:
    """无…行政复议案件 / 没有…行政诉讼 (0); the template's table is read by ``tables``."""
    facts = []
    for pattern, measure in ((P_NO_REVIEW, "review_cases"), (P_NO_LITIGATION, "litigation_cases")):
        for m in prose_matches(doc, pattern):
            zero, span = _zero(m)
            facts.append(doc.fact(measure, None, zero, "件", span, f"{measure}_none", whose(doc, m.start(), paragraph=False)))
    return facts


def fees(doc: Doc) -> list[Fact]:
    """无信息公开的收费及减免情况 / 未收取信息处理费 / 无收费及减免情况 (0)."""
    facts = []
    for m in prose_matches(doc, P_NO_FEES):
        s, e = doc.sentence_at(m.start())
        sentence = doc.text[s:e]
        if "信息" not in sentence and "减免" not in sentence and not doc.outline.within(m.start(), "收费"):
            continue
        if "收费通知" in sentence:  # the request table's row 申请人逾期未按收费通知… is no "none"
            continue
        zero, span = _zero(m)
        facts.append(doc.fact("fees_collected", None, zero, "元", span, "fees_none", whose(doc, m.start(), paragraph=False)))
    return facts


PROSE_RULES = (electronic_rate, requests, review_litigation, fees, request_channels, request_bodies, request_outcomes, review_litigation_counts, fee_amounts,
               staff, hotline_and_consultations, disclosure_points, normative_documents, proactive_units)
