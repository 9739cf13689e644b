"""Stage 5a: the three tables of the standard template (2019 on), read by their headers.

The 2019 layout (国办公开办函〔2019〕60号) and its 2021 revision (国办公开办函〔2021〕30号) differ in
the rows and columns of section 二 (Article 20 items); sections 三 (the request matrix) and 四
(review and litigation) keep their shape, but for 2021's three sub-rows of (六)其他处理. Both
layouts are declared below as data: row labels, the words that find them, and the column labels.

Real copies rarely keep a table's cells. A crawler saves the whole page on one line
(``规章000行政规范性文件1024第二十条第(五)项…``), row numbers stick to the values before them
(``…00000002.其他法律…``), some rows are space-separated and some are not. So the tables are
read as a stream, not as lines: each declared row label is found in print order, and the text
between it and the next label is that row's numbers. Tabs, spaces and line breaks are real
cell boundaries; inside a run of digits, :mod:`.splits` weighs every split the template allows
(cell count, no ``03``-style cells, each group's total equal to the sum of its parts) and a
cell is read only when every admissible split gives it the same value. Anything else stays
null, and a finding names the row. A wrong number is worse than a missing one.

The template version is read from section 二's header (本年制发件数… is 2021, 本年新制作数量… is
2019), never from the year. Keys are the template's labels (normalised, whitespace removed): a
2021 report that prints 规范性文件 still fills ``行政规范性文件``; a sub-row of the request matrix
is keyed ``(三)不予公开/1.属于国家秘密`` so that the eight ``1.`` rows stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Fact, Flag
from ..read.normalise import NormText
from .splits import Piece, Reading, agreed, readings

# ---------------------------------------------------------------------------------------------
# The layouts, as data.

#: Section 二: column labels of both layouts (regex over the header with whitespace removed).
#: Each pattern is the label's distinctive core, so that a printed typo (先行有效件数, 本年废止件)
#: still names its column.
ARTICLE20_COLUMNS: dict[str, str] = {
    # 2021 revision
    "本年制发件数": r"制发件",
    "本年废止件数": r"废止件",
    "现行有效件数": r"行有效件",
    "本年处理决定数量": r"本年处理决定",
    "本年收费金额（单位：万元）": r"收费金额",
    # 2019 layout
    "本年新制作数量": r"新制作",
    "本年新公开数量": r"新公开",
    "对外公开总数量": r"公开总数",
    "上一年项目数量": r"上一年项目",
    "本年增/减": r"增/?减",
    "处理决定数量": r"(?<!本年)处理决定",
    "采购项目数量": r"采购项目",
    "采购总金额": r"采购总金额",
}
#: The column sets a 第二十条 item's header may print (2021: (一), (五)/(六), (八); 2019: (一),
#: (五)/(六), (八), (九)). A header that reads as none of them is not trusted.
ARTICLE20_HEADERS: tuple[tuple[str, ...], ...] = (
    ("本年制发件数", "本年废止件数", "现行有效件数"), ("本年处理决定数量",), ("本年收费金额（单位：万元）",),
    ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("上一年项目数量", "本年增/减", "处理决定数量"),
    ("上一年项目数量", "本年增/减"), ("采购项目数量", "采购总金额"),
)
#: The columns only one layout prints: they tell the version.
VERSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量"),
}
#: Section 二: the rows each layout prints (2019: 规范性文件 ... 政府集中采购; 2021: 行政规范性文件).
ARTICLE20_ROWS: dict[str, tuple[str, ...]] = {
    "2019": ("规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
             "行政事业性收费", "政府集中采购"),
    "2021": ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"),
}
#: Section 三: the applicant columns, in the order both layouts print them; the last is 总计.
REQUEST_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                                    "其他", "总计")
#: Section 四: three groups of five cells; the column labels as the template prints them.
REVIEW_GROUPS: tuple[str, ...] = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
REVIEW_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

TABLE_NAMES: tuple[str, ...] = ("article20", "requests", "review_litigation")
MEASURES = {"article20": "template_article20", "requests": "template_requests",
            "review_litigation": "template_review_litigation"}
#: Longest cell a digit run may be split into (a count of 10 million is beyond any report).
MAX_DIGITS = 7
#: Prose restating a cell of the 规范性文件 row (section 二 (一)): the verb that names the column,
#: then the documents and a count; a count with 余/多/近/约 is no restatement. Used only to
#: choose among the splits a digit run admits, never to fill a cell the table does not print.
RESTATED_COLUMNS: dict[str, str] = {
    "本年制发件数": r"(?:制发|制定|出台|印发|发布)",
    "本年废止件数": r"废止",
    "现行有效件数": r"现行有效",
}
_RESTATEMENT = r"{verb}[^，。；,;\d]{{0,6}}?(?:行政)?规范性文件(?:共|计)?(?P<n>\d+)(?:件|份|个)(?![余多])"
#: Farthest a request-matrix row label may stand from the previous one found (characters).
_ROW_WINDOW = 3000


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A printed row of the request matrix: its key, the words that find it, the number printed
    before it, and whether it holds cells (三、 and (三)(四)(五) only head their sub-rows).
    ``needs_marker``: the words alone are too common (3.其他, (七)总计)."""

    key: str
    cue: str
    marker: str
    cells: bool = True
    needs_marker: bool = False


def _subrows(group: str, labels: tuple[tuple[str, str], ...]) -> tuple[RowSpec, ...]:
    return tuple(RowSpec(f"{group}/{i}.{label}", cue, f"{i}.", needs_marker=cue == "其他")
                 for i, (label, cue) in enumerate(labels, 1))


#: Section 三 in print order (2019 and 2021; 2021 adds the sub-rows of (六)).
REQUEST_ROWS: tuple[RowSpec, ...] = (
    RowSpec("一、本年新收政府信息公开申请数量", "本年新收", "一、"),
    RowSpec("二、上年结转政府信息公开申请数量", "上年结转", "二、"),
    RowSpec("三、本年度办理结果", "本年度办理结果", "三、", cells=False),
    RowSpec("(一)予以公开", "予以公开", "(一)"),
    RowSpec("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开", "(二)"),
    RowSpec("(三)不予公开", "不予公开", "(三)", cells=False),
    *_subrows("(三)不予公开", (("属于国家秘密", "属于国家秘密"), ("其他法律行政法规禁止公开", "其他法律"),
                           ("危及“三安全一稳定”", "危及"), ("保护第三方合法权益", "保护第三方"),
                           ("属于三类内部事务信息", "属于三类内部事务"), ("属于四类过程性信息", "属于四类过程性"),
                           ("属于行政执法案卷", "属于行政执法案"), ("属于行政查询事项", "属于行政查询"))),
    RowSpec("(四)无法提供", "无法提供", "(四)", cells=False),
    *_subrows("(四)无法提供", (("本机关不掌握相关政府信息", "本机关不掌握"), ("没有现成信息需要另行制作", "没有现成信息"),
                           ("补正后申请内容仍不明确", "补正后申请内容"))),
    RowSpec("(五)不予处理", "不予处理", "(五)", cells=False),
    *_subrows("(五)不予处理", (("信访举报投诉类申请", "信访举报投诉"), ("重复申请", "重复申请"),
                           ("要求提供公开出版物", "要求提供公开出版物"), ("无正当理由大量反复申请", "无正当理由大量反复"),
                           ("要求行政机关确认或重新出具已获取信息", "要求行政机关确认"))),
    RowSpec("(六)其他处理", "其他处理", "(六)"),
    *_subrows("(六)其他处理", (("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "申请人无正当理由逾期"),
                           ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "申请人逾期未按收费"),
                           ("其他", "其他"))),
    RowSpec("(七)总计", "总计", "(七)", needs_marker=True),
    RowSpec("四、结转下年度继续办理", "结转下年度", "四、"),
)

#: A printed number: a sign or 增/减 (2019's 本年增/减), digits, and a unit a cell may carry
#: (2019's 采购总金额 is often 元; 2笔).
_TOKEN = re.compile(r"[ \t\n]*(?P<sign>[-+−减增])?(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|元|笔|件|个|项|条)?")
#: A page number printed between table rows by a PDF (-3-).
_PAGE_NO = re.compile(r"(?m)^[ \t]*-[ \t]*\d{1,3}[ \t]*-[ \t]*$")
_WS = re.compile(r"\s+")
#: Labels that head rows and hold no cells; a copy of one printed again between two rows is no
#: text mixed into the row (三、本年度办理结果 repeated before (四)).
_HEADINGS_IN_TABLE = re.compile(r"(?:三[\s三]*[、.]?\s*)?本\s*年\s*度\s*办\s*理\s*结\s*果")


def _spaced(words: str) -> str:
    """A regex for ``words`` that allows whitespace between any two characters."""
    return r"\s*".join(re.escape(c) for c in words)


def _marker_re(marker: str) -> str:
    """一、 / (一) / 1. as printed: 、 and . are interchangeable, spaces allowed."""
    if marker.endswith("、") or marker.endswith("."):
        return re.escape(marker[:-1]) + r"\s*[、.]"
    return _spaced(marker)


_ROW_PATTERNS = {s.key: re.compile((f"(?:{_marker_re(s.marker)})" + ("" if s.needs_marker else "?"))
                                   + r"\s*" + _spaced(s.cue)) for s in REQUEST_ROWS}


# ---------------------------------------------------------------------------------------------
# Results.

@dataclass
class Tables:
    """The three tables of one report: facts (one per readable cell), findings, and values."""

    facts: list[Fact] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    values: dict[str, dict[str, dict[str, float | None]]] = field(default_factory=dict)
    version: str | None = None

    def as_dict(self) -> dict[str, dict[str, dict[str, float | None]]]:
        """Counts as ints, amounts (万元) as printed floats, unreadable cells as None."""
        return {k: {r: {c: _plain(c, v) for c, v in cells.items()} for r, cells in rows.items()}
                for k, rows in self.values.items()}


def _plain(column: str, v: float | None) -> float | None:
    if v is None or "金额" in column or "万元" in column or not float(v).is_integer():
        return v
    return int(v)


@dataclass(frozen=True, slots=True)
class Token:
    """One printed number: its text as a cell reads it (减12 -> -12), span, printed unit."""

    text: str
    start: int
    end: int
    unit: str | None = None


@dataclass
class Row:
    """A data row: its key, the label's span, and the numbers printed after it."""

    table: str
    key: str
    start: int
    end: int
    tokens: list[Token]
    clean: bool = True


def template_version(columns: list[str]) -> str | None:
    """2021 or 2019, from the column labels a section-二 header prints."""
    for version, cols in VERSION_COLUMNS.items():
        if any(c in cols for c in columns):
            return version
    return None


# ---------------------------------------------------------------------------------------------
# Entry point.

def parse_tables(norm: NormText) -> Tables:
    """Read whichever of the three template tables the text holds."""
    out = Tables()
    text = norm.text
    req_start = _requests_start(text)
    a20 = text.find("第二十条")
    if a20 >= 0:
        a20_end = _first(text, r"(?:三\s*[、.]\s*)?收\s*到\s*和\s*处\s*理", a20)
        a20_end = min(x for x in (a20_end, req_start, len(text)) if x is not None and x >= a20)
        _article20(norm, a20, a20_end, out, restatements(text[:a20] + "\n" + text[a20_end:]))
    review_from = 0
    if req_start is not None:
        review_from = _requests(norm, req_start, out)
    _review(norm, review_from, out)
    out.facts += _headline_facts(out.facts)
    out.flags = _merge_flags(out.flags)
    return out


def restatements(prose: str) -> dict[str, set[float]]:
    """Counts the prose gives for the 规范性文件 row's columns (``我局制定规范性文件5件``)."""
    out: dict[str, set[float]] = {}
    for col, verb in RESTATED_COLUMNS.items():
        for m in re.finditer(_RESTATEMENT.format(verb=verb), prose):
            out.setdefault(col, set()).add(float(m.group("n")))
    return out


def _first(text: str, pattern: str, start: int, end: int | None = None) -> int | None:
    m = re.compile(pattern).search(text, start, len(text) if end is None else end)
    return m.start() if m else None


def _requests_start(text: str) -> int | None:
    """Where the request matrix's rows begin: the first 本年新收 that follows the applicant
    header (自然人 … 总计) within a few hundred characters."""
    for m in re.finditer(r"自\s*然\s*人", text):
        window = text[m.start(): m.start() + 400]
        if "总计" in _WS.sub("", window) and re.search(_spaced("本年新收"), window):
            return m.start()
    return None


def _headline_facts(cells: list[Fact]) -> list[Fact]:
    """requests_received (本年新收, 总计), review_cases (行政复议 总计), litigation_cases (both
    litigation 总计 summed): the same cells under the measures prose reports use, so that a
    prose statement of the same figure is compared with the table, never overwritten. A total
    whose own row or group does not add up is marked ``_unbalanced``: the summary then
    prefers what the prose says (both stay, the checks report the contradiction)."""
    by_dim = {f.dimension: f for f in cells}
    out = []
    new = by_dim.get(f"{REQUEST_ROWS[0].key}|总计")
    if new:
        ok = _balanced(by_dim, REQUEST_ROWS[0].key, REQUEST_COLUMNS)
        out.append(replace(new, measure="requests_received", dimension=None,
                           rule="template_requests_received" + ("" if ok else "_unbalanced")))
    review = by_dim.get("行政复议|总计")
    if review:
        ok = _balanced(by_dim, "行政复议", REVIEW_COLUMNS)
        out.append(replace(review, measure="review_cases", dimension=None,
                           rule="template_review_total" + ("" if ok else "_unbalanced")))
    a, b = by_dim.get("行政诉讼/未经复议直接起诉|总计"), by_dim.get("行政诉讼/复议后起诉|总计")
    if a and b:
        ok = all(_balanced(by_dim, g, REVIEW_COLUMNS) for g in REVIEW_GROUPS[1:])
        first, last = sorted((a, b), key=lambda f: f.value_start)
        # both cells stand in the one 15-cell row, so the evidence is that row
        out.append(replace(first, measure="litigation_cases", dimension=None, value=a.value + b.value,
                           rule="template_litigation_total" + ("" if ok else "_unbalanced"),
                           value_end=last.value_end))
    return out


def _balanced(by_dim: dict[str | None, Fact], row: str, columns: tuple[str, ...]) -> bool:
    """Every cell of the row was read and the parts add up to its 总计."""
    cells = [by_dim.get(f"{row}|{c}") for c in columns]
    if any(f is None for f in cells):
        return False
    return sum(f.value for f in cells[:-1]) == cells[-1].value  # type: ignore[union-attr]


def _merge_flags(flags: list[Flag]) -> list[Flag]:
    """One finding per table and kind, listing its rows: 25 identical lines help nobody."""
    groups: dict[tuple[str, str], list[Flag]] = {}
    for f in flags:
        groups.setdefault((f.code, f.message.split(" ", 1)[0]), []).append(f)
    out = []
    for (code, table), fs in groups.items():
        if len(fs) == 1:
            out.append(fs[0])
            continue
        rows = "; ".join(f.message.split(": ", 1)[0].split(" row ", 1)[-1] for f in fs)
        why = fs[0].message.split("; ", 1)[-1]
        out.append(Flag(fs[0].level, code, f"{table}: {len(fs)} rows ({rows}): {why}",
                        min(f.start or 0 for f in fs), max(f.end or 0 for f in fs)))
    return out


# ---------------------------------------------------------------------------------------------
# A row's numbers.

def _row_start(text: str, label: int, boundary: int) -> int:
    """Where a row's evidence starts: its line (with the group label printed before it), but
    never before the previous row's numbers (a crawler's page is one line)."""
    return max(text.rfind("\n", 0, label) + 1, boundary)


def _numbers(text: str, start: int, end: int, last: bool) -> tuple[list[Token], bool]:
    """The numbers printed between a row label's end and the next label. Label words left
    over before the first digit (…政府信息公开申请数量, a wrapped label) are skipped. The row is
    clean when nothing but numbers follows them; the last row of a table may be followed by
    prose. Linear: one left-to-right scan, each match consumes what it reads."""
    segment = _PAGE_NO.sub(lambda m: " " * len(m.group(0)), text[start:end])
    first = re.search(r"[-+−减增]?\d", segment)
    if first is None:
        return [], True
    tokens: list[Token] = []
    pos = first.start()
    while True:
        m = _TOKEN.match(segment, pos)
        if m is None or m.end() == pos:
            break
        sign = m.group("sign") or ""
        value = ("-" if sign in "-−减" and sign else "+" if sign else "") + m.group("num")
        tokens.append(Token(value, start + m.start("num") - len(sign), start + m.end("num"), m.group("unit")))
        pos = m.end()
    rest = segment[pos:].strip()
    if rest.startswith("年") and tokens and not last:
        return tokens, False
    if rest.startswith("年") and tokens:
        tokens = _drop_year(tokens)
    rest = _HEADINGS_IN_TABLE.sub("", rest).strip(" \t\n一二三四五六七、.()")  # stray row numbering
    return tokens, not rest or (last and not rest[0].isdigit())


def _drop_year(tokens: list[Token]) -> list[Token]:
    """The last row of a table is followed by prose, and a crawler glues them: 行政事业性收费0
    then 2025年… reads 02025年. A template cell carries no 年, so the year's four digits are
    the prose's, not the row's."""
    last = tokens[-1]
    if not (last.text.isdigit() and re.fullmatch(r"(?:19|20)\d\d", last.text[-4:])):
        return tokens
    if len(last.text) == 4:
        return tokens[:-1]
    return [*tokens[:-1], replace(last, text=last.text[:-4], end=last.end - 4)]


# ---------------------------------------------------------------------------------------------
# Cells from tokens, and facts from cells.

def _read_row(tokens: list[Token], n: int, groups: tuple[int, ...] = (),
              signed: frozenset[int] = frozenset(), known: dict[int, float] | None = None,
              ) -> tuple[list[Piece | None], bool]:
    """The cells every admissible reading agrees on, and whether the row was printed one
    number per cell (no split, no gap).

    When no reading lets every group add up, the report contradicts itself somewhere: the
    cells the shape alone fixes are read as printed (``3000000`` for seven cells is 3|0|…|0,
    whatever its 总计 says), and each group is also read on its own arithmetic, the others
    held to the shape alone; the checks then report the sums that fail."""
    texts = [t.text for t in tokens]
    if len(texts) == n and not any(t.startswith("-") and i not in signed for i, t in enumerate(texts)):
        return [Piece(float(t), i, 0, len(t)) for i, t in enumerate(texts)], True
    found = readings(texts, n, groups, MAX_DIGITS, signed)
    if found and known:  # a restatement in the prose keeps the splits that agree with it
        found = [r for r in found if all(r[i].value == v for i, v in known.items())] or found
    if found or not groups or found is None:
        return (agreed(found, n) if found else [None] * n), False
    cells = agreed(readings(texts, n, (), MAX_DIGITS, signed) or [], n)
    pos = 0
    for gi, size in enumerate(groups):
        alone = readings(texts, n, groups, MAX_DIGITS, signed, only=gi) if len(groups) > 1 else None
        if alone:
            cells[pos:pos + size] = [c or a for c, a in zip(cells[pos:pos + size], agreed(alone, n)[pos:pos + size],
                                                           strict=True)]
        pos += size
    return cells, False


def _emit(norm: NormText, out: Tables, row: Row, columns: list[str], cells: list[Piece | None],
          direct: bool, units: dict[str, str] | None = None) -> None:
    """One fact per read cell; its value span is its printed digits when the reading places
    them, else the row's numbers. Unread cells are None in the table and flagged."""
    block = out.values.setdefault(row.table, {}).setdefault(row.key, {})
    s, e = norm.orig_span(row.start, row.tokens[-1].end if row.tokens else row.end)
    run_s, run_e = (row.tokens[0].start, row.tokens[-1].end) if row.tokens else (row.start, row.end)
    for col, piece in zip(columns, cells, strict=True):
        block[col] = None if piece is None else piece.value
        if piece is None:
            continue
        if piece.token >= 0:  # a token's text maps one to one onto its printed characters
            tok = row.tokens[piece.token]
            vs, ve = norm.orig_span(tok.start + piece.start, tok.start + piece.end)
        else:
            vs, ve = norm.orig_span(run_s, run_e)
        unit = (units or {}).get(col, "件")
        out.facts.append(Fact(measure=MEASURES[row.table], dimension=f"{row.key}|{col}", value=piece.value,
                              unit=unit, approx=False, start=s, end=e, evidence=norm.original[s:e],
                              rule=f"{MEASURES[row.table]}{'' if direct else '_repaired'}",
                              value_start=vs, value_end=ve))
    _flag_row(norm, out, row, columns, cells, direct)


def _flag_row(norm: NormText, out: Tables, row: Row, columns: list[str], cells: list[Piece | None],
              direct: bool) -> None:
    s, e = norm.orig_span(row.start, row.tokens[-1].end if row.tokens else row.end)
    printed = " ".join(t.text for t in row.tokens)
    unread = [c for c, p in zip(columns, cells, strict=True) if p is None]
    if not row.tokens:
        why = "the row prints no numbers; cells left null"
    elif not row.clean:
        why = "the row's numbers are mixed with other text; cells left null"
    elif unread and len(unread) == len(columns):
        why = "no reading is proved by the table's shape or arithmetic, cells left null"
    elif unread:
        why = f"the admissible readings disagree on {'、'.join(unread)}, left null; the other cells agree in all"
    elif not direct:
        out.flags.append(Flag("info", "template_cells_repaired",
                              f"{row.table} row {row.key}: printed as [{printed}] for {len(columns)} columns; "
                              "the row's own arithmetic leaves one reading, used", s, e))
        return
    else:
        return
    out.flags.append(Flag("warning", "template_table_unparsed",
                          f"{row.table} row {row.key}: printed as [{printed}] for {len(columns)} columns; {why}", s, e))


# ---------------------------------------------------------------------------------------------
# Section 二: Article 20 items.

_A20_CUE = re.compile("|".join(
    [r"(?P<block>第\s*二\s*十\s*条\s*第?\s*\(?\s*[一二三四五六七八九十]+\s*\)?\s*项)", r"(?P<header>信\s*息\s*内\s*容)"]
    + [f"(?P<r{i}>{_spaced(r)})" for i, r in enumerate(
        ("行政规范性文件", "规范性文件", "规章", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
         "行政事业性收费", "政府集中采购"))]))
_PROSE = re.compile(r"[。；;!?！？，,]")
_A20_ROW_NAMES = ("行政规范性文件", "规范性文件", "规章", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制",
                  "行政事业性收费", "政府集中采购")


def _article20_header(flat: str) -> list[str]:
    """The declared columns a header prints, in the order it prints them."""
    found = []
    for label, pattern in ARTICLE20_COLUMNS.items():
        m = re.search(pattern, flat)
        if m:
            found.append((m.start(), label))
    return [label for _, label in sorted(found)]


def _article20(norm: NormText, start: int, end: int, out: Tables,
               restated: dict[str, set[float]] | None = None) -> None:
    """Section 二: per 第二十条 item, a header naming the columns, then its rows, found in
    print order; each row's numbers run to the next label."""
    text = norm.text
    cues = list(_A20_CUE.finditer(text, start, end))
    columns: list[str] = []
    for i, m in enumerate(cues):
        nxt = cues[i + 1].start() if i + 1 < len(cues) else end
        if m.lastgroup == "block":
            columns = []
        elif m.lastgroup == "header":
            columns = _article20_header(_WS.sub("", text[m.end(): nxt]))
            if tuple(sorted(columns)) not in {tuple(sorted(h)) for h in ARTICLE20_HEADERS}:
                columns = []  # a header that names no known column set: its rows stay unread
            out.version = out.version or template_version(columns)
        elif columns and m.lastgroup:
            printed = _A20_ROW_NAMES[int(m.lastgroup[1:])]
            # prose after a row ends the item's table: its 规章、规范性文件 are words, not rows
            prose = bool(_PROSE.search(text, m.end(), nxt)) or nxt - m.end() > 80
            tokens, clean = _numbers(text, m.end(), nxt, last=i + 1 == len(cues) or prose)
            row = Row("article20", _article20_key(printed, columns),
                      _row_start(text, m.start(), cues[i - 1].end() if i else start), m.end(), tokens, clean)
            _article20_row(norm, out, row, columns,
                           restated if row.key in ("规范性文件", "行政规范性文件") else None)
            if prose:
                columns = []


def _article20_key(printed: str, columns: list[str]) -> str:
    """The template's own label: 规范性文件 under 2021's columns is 行政规范性文件, and back."""
    version = template_version(columns)
    if printed in ("规范性文件", "行政规范性文件") and version:
        return "行政规范性文件" if version == "2021" else "规范性文件"
    return printed


def _article20_row(norm: NormText, out: Tables, row: Row, columns: list[str],
                   restated: dict[str, set[float]] | None = None) -> None:
    """No arithmetic binds these cells: a digit run is read only where every split the shape
    allows gives the cell one value (规章000 is 0|0|0; 行政许可7700 leaves only 处理决定数量 = 0)."""
    units = {c: ("万元" if "万元" in c else "unstated") for c in columns if "万元" in c or "金额" in c}
    for col in units:
        if col in columns and units[col] == "unstated":
            i = columns.index(col)
            printed = row.tokens[i].unit if len(row.tokens) == len(columns) else None
            units[col] = printed if printed in ("元", "万元") else "unstated"
    signed = frozenset(i for i, c in enumerate(columns) if c == "本年增/减")
    if not row.tokens or not row.clean:
        cells: list[Piece | None] = [None] * len(columns)
        direct = False
    else:
        known = {i: next(iter(restated[c])) for i, c in enumerate(columns)
                 if restated and len(restated.get(c, ())) == 1}
        cells, direct = _read_row(row.tokens, len(columns), (), signed, known)
        _flag_negative(norm, out, row, columns, signed)
        if known and not direct:
            _note_restated(norm, out, row, columns, known, cells)
    _emit(norm, out, row, columns, cells, direct, units)


def _flag_negative(norm: NormText, out: Tables, row: Row, columns: list[str], signed: frozenset[int]) -> None:
    """A negative number printed where the template has no signed column (only 本年增/减 is):
    the cell is not read (no reading allows it) and the row is named in a finding."""
    bad = [t for i, t in enumerate(row.tokens) if t.text.startswith("-") and i not in signed]
    if bad:
        s, e = norm.orig_span(bad[0].start, bad[-1].end)
        out.flags.append(Flag("warning", "template_negative_cell",
                              f"{row.table} row {row.key}: {' '.join(t.text for t in bad)} printed where the "
                              f"template's columns ({'、'.join(columns)}) cannot be negative", s, e))


def _note_restated(norm: NormText, out: Tables, row: Row, columns: list[str], known: dict[int, float],
                   cells: list[Piece | None]) -> None:
    """Say so when the prose chose among a run's splits (the cells it fixed are then read)."""
    plain = agreed(readings([t.text for t in row.tokens], len(columns), (), MAX_DIGITS) or [], len(columns))
    if [c is None for c in plain] == [c is None for c in cells]:
        return
    said = "、".join(f"{columns[i]} {v:g}" for i, v in known.items())
    s, e = norm.orig_span(row.start, row.tokens[-1].end)
    out.flags.append(Flag("info", "template_cells_restated",
                          f"article20 row {row.key}: printed as [{' '.join(t.text for t in row.tokens)}]; the prose "
                          f"states {said}, which leaves one split of the run", s, e))


# ---------------------------------------------------------------------------------------------
# Section 三: the request matrix.

def _request_rows(text: str, start: int) -> tuple[list[tuple[RowSpec, re.Match[str]]], int]:
    """Each declared row label found in print order, and where the table ends (the review
    section's heading, or the end of the text)."""
    found: list[tuple[RowSpec, re.Match[str]]] = []
    pos = start
    stop = len(text)
    for spec in REQUEST_ROWS:
        # a row's label stands within a few thousand characters of the last one found: the
        # search never reaches prose far below, and costs O(window) per label, not O(text)
        m = _ROW_PATTERNS[spec.key].search(text, pos, min(stop, pos + _ROW_WINDOW))
        if m is None:
            continue
        found.append((spec, m))
        pos = m.end()
        if spec.key.startswith("四、"):
            end = _first(text, r"(?:四\s*[、.]\s*)?(?:政府信息公开)?行政复议", pos)
            return found, end if end is not None else len(text)
    return found, len(text)


@dataclass
class _Parsed:
    """A request row before its facts: the readings its own sum admits (None when it has none
    to weigh), or the cells read without them."""

    row: Row
    readings: list[Reading] | None
    cells: list[Piece | None]
    direct: bool


def _requests(norm: NormText, start: int, out: Tables) -> int:
    """Section 三; returns where the table ends (section 四 is read from there)."""
    text = norm.text
    found, end = _request_rows(text, start)
    keys = {spec.key for spec, _ in found}
    boundary = start
    n = len(REQUEST_COLUMNS)
    parsed: dict[str, _Parsed] = {}
    for i, (spec, m) in enumerate(found):
        nxt = found[i + 1][1].start() if i + 1 < len(found) else end
        if not spec.cells or (spec.key == "(六)其他处理" and any(k.startswith("(六)其他处理/") for k in keys)):
            continue
        tokens, clean = _numbers(text, m.end(), nxt, last=i + 1 == len(found))
        row = Row("requests", spec.key, _row_start(text, m.start(), boundary), m.end(), tokens, clean)
        boundary = tokens[-1].end if tokens else m.end()
        if not tokens or not clean:
            parsed[spec.key] = _Parsed(row, None, [None] * n, False)
            continue
        cells, direct = _read_row(tokens, n, (n,))
        own = None if direct else readings([t.text for t in tokens], n, (n,), MAX_DIGITS)
        parsed[spec.key] = _Parsed(row, [tuple(c for c in cells if c)] if direct else own or None, cells, direct)
    _columns_arithmetic(parsed)
    for p in parsed.values():
        cells = agreed(p.readings, n) if p.readings and not p.direct else p.cells
        _emit(norm, out, p.row, list(REQUEST_COLUMNS), cells, p.direct)
    return end if found else start


#: The leaf rows of 三、本年度办理结果 in each layout (2019 has no sub-rows under (六)).
_BASE_LEAVES = frozenset(s.key for s in REQUEST_ROWS[3:-2] if s.cells and not s.key.startswith("(六)"))
_LEAVES = {"2019": _BASE_LEAVES | {"(六)其他处理"},
           "2021": _BASE_LEAVES | {s.key for s in REQUEST_ROWS if s.key.startswith("(六)其他处理/")}}


def _columns_arithmetic(parsed: dict[str, _Parsed]) -> None:
    """The matrix's own arithmetic across rows, per column: the outcome rows sum to (七)总计,
    and 一 + 二 = (七)总计 + 四. Where a row has several readings and every other row of such
    an equation has one, only the readings that keep the equation stay. An equation that no
    reading keeps (the report contradicts itself) removes nothing; the checks report it."""
    first, second, total, carry = (REQUEST_ROWS[0].key, REQUEST_ROWS[1].key, "(七)总计", REQUEST_ROWS[-1].key)
    leaves = set(parsed) - {first, second, total, carry}
    equations = [([first, second], [total, carry])]
    if any(leaves == set(v) for v in _LEAVES.values()):
        equations.append((sorted(leaves), [total]))
    changed = True
    while changed:
        changed = False
        for plus, minus in equations:
            rows = [(k, 1) for k in plus] + [(k, -1) for k in minus]
            if any(k not in parsed or not parsed[k].readings for k, _ in rows):
                continue
            open_rows = [(k, sign) for k, sign in rows if len(parsed[k].readings or []) > 1]
            if len(open_rows) != 1:
                continue
            key, sign = open_rows[0]
            rest = [sum(sg * parsed[k].readings[0][col].value for k, sg in rows if k != key)  # type: ignore[index]
                    for col in range(len(REQUEST_COLUMNS))]
            keep = [r for r in parsed[key].readings or []
                    if all(sign * p.value + rest[col] == 0 for col, p in enumerate(r))]
            if keep and len(keep) < len(parsed[key].readings or []):
                parsed[key].readings = keep
                changed = True


# ---------------------------------------------------------------------------------------------
# Section 四: review and litigation, 15 cells.

def _review_layout(header: str) -> list[tuple[str, str]] | None:
    """(group, column) for the 15 cells, in the order the header prints them; None unless the
    header names review, both litigation kinds and all five columns. A header whose words a
    PDF scrambled (结果结果其他尚未 / 维持纠正结果审结) still names them all: its cells are in the
    template's own order, the one both layouts fix."""
    flat = _WS.sub("", header)
    pos = {g: flat.find(g.split("/")[-1]) for g in REVIEW_GROUPS}
    if min(pos.values()) < 0 or "行政诉讼" not in flat:
        return None
    order = sorted(REVIEW_GROUPS, key=lambda g: pos[g])
    cut = flat.find("未经复议直接起诉")
    cols = sorted((flat.find(c, 0, cut), c) for c in REVIEW_COLUMNS)
    if any(p < 0 for p, _ in cols):
        cols = sorted((flat.find(c), c) for c in REVIEW_COLUMNS)
    if any(p < 0 for p, _ in cols):
        if not all(w in flat for w in ("维持", "纠正", "其他", "尚未", "审结", "总计")):
            return None
        cols = list(enumerate(REVIEW_COLUMNS))
    return [(g, c) for g in order for _, c in cols]


def _review(norm: NormText, start: int, out: Tables) -> None:
    """Section 四: the header (from its first 维持 to the first digit), then one run of numbers."""
    text = norm.text
    head = re.compile(_spaced("行政复议")).search(text, start)
    if head is None:
        return
    keep = re.compile(_spaced("维持")).search(text, head.end(), head.end() + 600)
    if keep is None:
        return
    digit = re.compile(r"\d").search(text, keep.end(), keep.end() + 400)
    if digit is None:
        return
    layout = _review_layout(text[head.start(): digit.start()])
    if layout is None:
        return
    line_end = text.find("\n\n", digit.start())
    tokens, clean = _numbers(text, digit.start(), line_end if line_end >= 0 else len(text), last=True)
    row = Row("review_litigation", "", _row_start(text, digit.start(), head.start()), digit.start(), tokens, clean)
    if tokens and clean:
        cells, direct = _read_row(tokens, 15, (5, 5, 5))
    else:
        cells, direct = [None] * 15, False
    for group in REVIEW_GROUPS:
        idx = [i for i, (g, _) in enumerate(layout) if g == group]
        sub = Row("review_litigation", group, row.start, row.end, tokens, clean)
        _emit_quiet(norm, out, sub, [layout[i][1] for i in idx], [cells[i] for i in idx], direct)
    _flag_row(norm, out, Row("review_litigation", "行政复议/行政诉讼", row.start, row.end, tokens, clean),
              [f"{g}|{c}" for g, c in layout], cells, direct)


def _emit_quiet(norm: NormText, out: Tables, row: Row, columns: list[str], cells: list[Piece | None],
                direct: bool) -> None:
    """_emit for one group of the 15-cell row; the row's one finding is raised by the caller."""
    before = len(out.flags)
    _emit(norm, out, row, columns, cells, direct)
    del out.flags[before:]


# ---------------------------------------------------------------------------------------------
# Kept for callers and tests of the earlier interface.

def solve(tokens: list[str], groups: tuple[int, ...]) -> tuple[list[float] | None, str]:
    """Map printed numbers onto ``sum(groups)`` cells: (values, ``ok``) when printed one per
    cell, (values, ``repaired``) when every admissible reading agrees on every cell, else
    (None, ``unparsed``)."""
    cells, direct = _read_row([Token(t, 0, len(t)) for t in tokens], sum(groups), groups)
    if any(c is None for c in cells):
        return None, "unparsed"
    return [c.value for c in cells if c is not None], "ok" if direct else "repaired"
