"""Stage 5a: the three tables of the standard template (2019 on), read by their headers.

The 2019 layout (国办公开办函〔2019〕60号) and its 2021 revision differ in the rows and columns of
section 二 (Article 20 items); sections 三 (the request matrix) and 四 (review and litigation)
keep their shape. Both layouts are declared below as data; the parser finds a table's header,
reads which of the declared columns it prints and in which order, and maps each data row onto
them.

Scraped tables arrive flattened: tab-separated with empty leading cells, cells split over
lines, digits run together (``行政处罚0312``). A row whose cell count does not match its header
is repaired only when the table's own arithmetic (applicant columns sum to 总计; in section 四,
each group's outcomes sum to its 总计) leaves exactly one reading; otherwise its cells stay null
and the table is flagged ``template_table_unparsed``. A wrong number is worse than a missing one.

Labels are the printed ones (normalised, whitespace removed); a sub-row of the request matrix
is keyed ``(三)不予公开/1.属于国家秘密`` so that the eight ``1.`` rows stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import chain

from ..model import Fact, Flag
from ..read.normalise import NormText
from .sections import Heading, outline

# ---------------------------------------------------------------------------------------------
# The layouts, as data.

#: Section 二: column labels of both layouts (regex over the header with whitespace removed).
ARTICLE20_COLUMNS: dict[str, str] = {
    # 2021 revision
    "本年制发件数": r"本年制发件数",
    "本年废止件数": r"本年废止件数",
    "现行有效件数": r"现行有效件数",
    "本年处理决定数量": r"本年处理决定数量",
    "本年收费金额(单位:万元)": r"本年收费金额(?:\(单位:万元\))?",
    # 2019 layout
    "本年新制作数量": r"本年新制作数量",
    "本年新公开数量": r"本年新公开数量",
    "对外公开总数量": r"对外公开总数量",
    "上一年项目数量": r"上一年项目数量",
    "本年增/减": r"本年增/?减",
    "处理决定数量": r"(?<!本年)处理决定数量",
    "采购项目数量": r"采购项目数量",
    "采购总金额": r"采购总金额(?:\(单位:万元\))?",
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
#: Section 三: the rows (2021 splits (六)其他处理 into three sub-rows; 2019 does not).
REQUEST_MAIN_ROWS: tuple[str, ...] = ("一、本年新收", "二、上年结转", "四、结转下年度")
REQUEST_GROUPS: tuple[str, ...] = ("(一)", "(二)", "(三)", "(四)", "(五)", "(六)", "(七)")
#: Section 四: three groups of five cells; the column labels as the template prints them.
REVIEW_GROUPS: tuple[str, ...] = ("行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉")
REVIEW_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

TABLE_NAMES: tuple[str, ...] = ("article20", "requests", "review_litigation")
MEASURES = {"article20": "template_article20", "requests": "template_requests",
            "review_litigation": "template_review_litigation"}

_NUM = re.compile(r"^\d+(?:\.\d+)?$")
#: 本年增/减 (2019) is a change, printed with a sign when it is a decrease.
_SIGNED = re.compile(r"^[-+−]?\d+(?:\.\d+)?$")
_WS = re.compile(r"\s+")
_ROW_MARK = re.compile(r"^(?:[一二三四]、|\([一二三四五六七]\)|\d{1,2}\.(?!\d))")
#: Most candidate readings a repair may weigh before it gives up (a long digit run).
_MAX_CANDIDATES = 20000


# ---------------------------------------------------------------------------------------------
# Results.

@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell: its text and its span in the normalised text."""

    text: str
    start: int
    end: int


@dataclass
class Row:
    """A data row: its label (key), its numeric cells, and the row's span (normalised)."""

    key: str
    cells: list[Cell]
    start: int
    end: int


@dataclass
class Tables:
    """The three tables of one report: facts (one per readable cell), findings, and values."""

    facts: list[Fact] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    values: dict[str, dict[str, dict[str, float | None]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, dict[str, float | None]]]:
        """Counts as ints, amounts (万元) as printed floats, unreadable cells as None."""
        return {k: {r: {c: _plain(c, v) for c, v in cells.items()} for r, cells in rows.items()}
                for k, rows in self.values.items()}


def _plain(column: str, v: float | None) -> float | None:
    if v is None or "金额" in column or "万元" in column or not float(v).is_integer():
        return v
    return int(v)


# ---------------------------------------------------------------------------------------------
# Entry point.

def parse_tables(norm: NormText) -> Tables:
    """Read whichever of the three template tables the text holds."""
    out = Tables()
    # a flattened row (一、本年新收…\t0\t0) looks like a heading: tab-separated lines are not
    heads = [h for h in outline(norm.text).headings if h.level == 1 and not _is_table_row(norm.text, h)]
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(norm.text)
        if "主动公开" in h.title:
            _article20(norm, h, end, out)
        elif "申请" in h.title and "复议" not in h.title:
            _requests(norm, h, end, out)
        elif "复议" in h.title or "诉讼" in h.title:
            _review(norm, h, end, out)
    out.facts += _headline_facts(out.facts)
    out.flags = _merge_flags(out.flags)
    return out


def _is_table_row(text: str, h: Heading) -> bool:
    """一、本年新收… and 四、结转下年度… are rows of the request matrix, not sections."""
    line_end = text.find("\n", h.start)
    line = text[h.start: line_end if line_end >= 0 else len(text)]
    return "\t" in line or any(w in h.title for w in ("本年新收", "上年结转", "本年度办理结果", "结转下年度"))


def _headline_facts(cells: list[Fact]) -> list[Fact]:
    """requests_received (本年新收, 总计), review_cases (行政复议 总计), litigation_cases (both
    litigation 总计 summed): the same cells under the measures prose reports use, so that a
    prose statement of the same figure is compared with the table, never overwritten."""
    by_dim = {f.dimension: f for f in cells}
    out = []
    new = next((f for d, f in by_dim.items() if d and d.startswith("一、本年新收") and d.endswith("|总计")), None)
    if new:
        out.append(replace(new, measure="requests_received", dimension=None, rule="template_requests_received"))
    review = by_dim.get("行政复议|总计")
    if review:
        out.append(replace(review, measure="review_cases", dimension=None, rule="template_review_total"))
    a, b = by_dim.get("行政诉讼/未经复议直接起诉|总计"), by_dim.get("行政诉讼/复议后起诉|总计")
    if a and b:
        first, last = sorted((a, b), key=lambda f: f.value_start)
        # both cells stand in the one 15-cell row, so the evidence is that row
        out.append(replace(first, measure="litigation_cases", dimension=None, value=a.value + b.value,
                           rule="template_litigation_total", value_end=last.value_end))
    return out


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
# Lines and cells.

def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def _cells(line_start: int, line: str) -> list[Cell]:
    """Tab-separated cells, whitespace kept out of the span; empty cells kept (they align)."""
    out, pos = [], line_start
    for raw in line.split("\t"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(Cell(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw) + 1
    return out


def _squash(s: str) -> str:
    return _WS.sub("", s)


#: The number a cell ends with; the look-behind starts it only where a digit run starts, so the
#: search is linear (without it, a cell of 60 KB of digits and a letter took minutes).
_TRAILING_NUMBER = re.compile(r"(?<!\d)(\d+(?:\.\d+)?)$")


def _split_label_numbers(cells: list[Cell], signed: bool = False) -> tuple[list[Cell], list[Cell]]:
    """Label cells (text) and numeric cells; ``行政处罚0312`` splits into a label and a run."""
    labels, nums = [], []
    for c in cells:
        if not c.text:
            continue
        if (_SIGNED if signed else _NUM).match(_squash(c.text)):
            nums.append(c)
            continue
        m = _TRAILING_NUMBER.search(c.text)
        if m and not _ROW_MARK.match(c.text[m.start():]) and not nums and m.start() > 0 \
                and not re.search(r"[\d.、]$", c.text[:m.start()]):
            labels.append(Cell(c.text[:m.start()], c.start, c.start + m.start()))
            nums.append(Cell(m.group(1), c.start + m.start(), c.end))
        else:
            labels.append(c)
    return labels, nums


# ---------------------------------------------------------------------------------------------
# Repairs proved by arithmetic.

def solve(tokens: list[str], groups: tuple[int, ...]) -> tuple[list[float] | None, str]:
    """Map printed numbers onto ``sum(groups)`` cells; each group ends with its own total.

    Returns (values, status): ``ok`` when the count matches (read as printed), ``repaired`` when
    splitting digit runs and/or filling one missing cell per group gives exactly one reading
    whose every group adds up, else (None, ``unparsed``).
    """
    n = sum(groups)
    if len(tokens) == n:
        return [float(t) for t in tokens], "ok"
    if len(tokens) > n or any("." in t for t in tokens):
        return None, "unparsed"
    found: set[tuple[int, ...]] = set()
    readings = chain(_candidates(tokens, n, 0, split=True), _candidates(tokens, n, len(groups), split=False))
    try:
        for cand in readings:
            resolved = _resolve(cand, groups)
            if resolved is not None:
                found.add(tuple(resolved))
            if len(found) > 1:
                return None, "unparsed"
    except _TooMany:
        return None, "unparsed"
    if len(found) == 1:
        return [float(v) for v in found.pop()], "repaired"
    return None, "unparsed"


#: No template cell holds a count longer than this; a longer digit run is noise, not a cell, and
#: reading its prefixes as numbers is quadratic (and ``int`` refuses past 4300 digits).
_MAX_CELL_DIGITS = 15


class _TooMany(Exception):
    """Raised inside the search when a row has too many readings to weigh."""


def _candidates(tokens: list[str], n: int, max_unknown: int, split: bool) -> Iterator[list[int | None]]:
    """Readings of the tokens as ``n`` cells: digit runs split (no leading zeros) when ``split``,
    or up to ``max_unknown`` cells missing between tokens (None). One kind of repair at a time:
    both together admit readings that no table could tell apart."""
    out: list[int | None] = []
    steps = [0]

    def rec(ti: int, rest: str, unknowns: int) -> Iterator[list[int | None]]:
        steps[0] += 1
        if steps[0] > _MAX_CANDIDATES:  # a long run has too many readings to weigh: give up
            raise _TooMany
        if len(out) == n:
            if not rest and ti == len(tokens):
                yield list(out)
            return
        if not rest and unknowns < max_unknown:
            out.append(None)
            yield from rec(ti, "", unknowns + 1)
            out.pop()
        src, nti = (rest, ti) if rest else ((tokens[ti], ti + 1) if ti < len(tokens) else ("", ti))
        for k in (range(1, len(src) + 1) if split else [len(src)] if src else []):
            part = src[:k]
            if (len(part) > 1 and part[0] == "0") or k > _MAX_CELL_DIGITS:
                break
            out.append(int(part))
            yield from rec(nti, src[k:], unknowns)
            out.pop()

    yield from rec(0, "", 0)


def _resolve(cand: list[int | None], groups: tuple[int, ...]) -> list[int] | None:
    """Fill at most one missing cell per group from that group's total; all groups must add up."""
    out: list[int] = []
    pos = 0
    for size in groups:
        g = cand[pos:pos + size]
        pos += size
        missing = [i for i, v in enumerate(g) if v is None]
        if len(missing) > 1:
            return None
        parts, total = g[:-1], g[-1]
        if missing and missing[0] == size - 1:
            total = sum(v for v in parts if v is not None)
        elif missing:
            rest = total - sum(v for v in parts if v is not None)  # type: ignore[operator]
            if rest < 0:
                return None
            parts = [rest if v is None else v for v in parts]
        if sum(parts) != total:  # type: ignore[arg-type]
            return None
        out += [*parts, total]  # type: ignore[list-item]
    return out


# ---------------------------------------------------------------------------------------------
# Facts.

def _emit(norm: NormText, out: Tables, table: str, row: Row, columns: list[str],
          values: list[float] | None, status: str, unit_of: dict[str, str] | None = None) -> None:
    """One fact per cell; spans: the cell's printed number, or the row's numbers when inferred."""
    block = out.values.setdefault(table, {})
    cells = block.setdefault(row.key, {})
    if values is None:
        for col in columns:
            cells[col] = None
        return
    s, e = norm.orig_span(row.start, row.end)
    direct = status == "ok"
    for i, (col, v) in enumerate(zip(columns, values, strict=True)):
        cells[col] = v
        if direct:
            vs, ve = norm.orig_span(row.cells[i].start, row.cells[i].end)
        else:  # repaired: the number is proved by the row's arithmetic, not printed in one cell
            vs, ve = norm.orig_span(row.cells[0].start, row.cells[-1].end)
        unit = (unit_of or {}).get(col, "件")
        out.facts.append(Fact(measure=MEASURES[table], dimension=f"{row.key}|{col}", value=v, unit=unit,
                              approx=False, start=s, end=e, evidence=norm.original[s:e],
                              rule=f"{MEASURES[table]}{'' if direct else '_repaired'}",
                              value_start=vs, value_end=ve))


def _flag_row(norm: NormText, out: Tables, table: str, row: Row, status: str, n: int) -> None:
    s, e = norm.orig_span(row.start, row.end)
    printed = " ".join(c.text for c in row.cells)
    if status == "repaired":
        out.flags.append(Flag("info", "template_cells_repaired",
                              f"{table} row {row.key}: printed as [{printed}] for {n} columns; "
                              "the row's own arithmetic leaves one reading, used", s, e))
    elif status == "unparsed":
        out.flags.append(Flag("warning", "template_table_unparsed",
                              f"{table} row {row.key}: printed as [{printed}] for {n} columns; "
                              "no reading is proved by the table's arithmetic, cells left null", s, e))


# ---------------------------------------------------------------------------------------------
# Section 二: Article 20 items.

def _signed(text: str) -> float:
    return float(_squash(text).replace("−", "-"))


def _article20_header(line: str) -> list[str]:
    """The declared columns a header line prints, in the order it prints them."""
    flat = _squash(line)
    if "信息内容" not in flat:
        return []
    found = []
    for label, pattern in ARTICLE20_COLUMNS.items():
        m = re.search(pattern, flat)
        if m:
            found.append((m.start(), label))
    return [label for _, label in sorted(found)]


def _header_index(start: int, line: str, columns: list[str]) -> dict[str, int] | None:
    """The tab cell each column label sits in, when every label has a cell of its own."""
    cells = [_squash(c.text) for c in _cells(start, line)]
    index = {}
    for col in columns:
        hits = [i for i, c in enumerate(cells) if c and re.search(ARTICLE20_COLUMNS[col], c)]
        if len(hits) != 1:
            return None
        index[col] = hits[0]
    return index if len(set(index.values())) == len(columns) else None


def _article20(norm: NormText, head: Heading, end: int, out: Tables) -> None:
    """Section 二: per 第二十条 item, a header naming the columns, then its rows. A header or a
    row may be printed one cell per line; such pieces are gathered before the row is read."""
    known_rows = {r for rows in ARTICLE20_ROWS.values() for r in rows}
    columns: list[str] = []
    header = ""
    index: dict[str, int] | None = None
    held: tuple[Row, list[Cell]] | None = None
    for start, line in _lines(norm.text, head.end, end):
        cells = _cells(start, line)
        labels, nums = _split_label_numbers(cells, signed=True)
        label = _squash("".join(c.text for c in labels))
        if held and not labels and nums and len(held[0].cells) < len(columns):
            held[0].cells.extend(nums)  # the row's numbers run on, one per line
            held[0].end = nums[-1].end
            continue
        if held:
            _article20_row(norm, out, *held, columns, index)
            held = None
        if "第二十条" in line:
            columns, header, index = [], "", None
        elif "信息内容" in line or (header and not nums and label not in known_rows):
            header = (header + line) if "信息内容" not in line else line
            columns = _article20_header(header)
            index = _header_index(start, line, columns) if header == line else None
        elif columns and label in known_rows:
            header = ""
            held = (Row(label, nums, start, nums[-1].end if nums else start + len(line.rstrip())), cells)
    if held:
        _article20_row(norm, out, *held, columns, index)


def _article20_row(norm: NormText, out: Tables, row: Row, cells: list[Cell], columns: list[str],
                   index: dict[str, int] | None) -> None:
    """Read one row against its header: as many numbers as columns, or numbers that sit under
    the header's own tab cells; anything else stays null and is flagged."""
    nums = row.cells
    # 万元 only where the header prints it; 2019's 采购总金额 states no unit
    units = {c: ("万元" if "万元" in c else "unstated") for c in columns if "万元" in c or "金额" in c}
    if len(nums) == len(columns):
        _emit(norm, out, "article20", row, columns, [_signed(c.text) for c in nums], "ok", units)
    elif nums and index and _aligned(cells, nums, index):
        _emit_partial(norm, out, row, columns, cells, index, units)
    else:
        _emit(norm, out, "article20", row, columns, None, "unparsed")
        _flag_row(norm, out, "article20", row, "unparsed", len(columns))


def _aligned(cells: list[Cell], nums: list[Cell], index: dict[str, int]) -> bool:
    """Every printed number sits in a tab cell that the header gives a column: no guessing."""
    positions = {i for i, c in enumerate(cells) if c in nums}
    return len(positions) == len(nums) and positions <= set(index.values()) and all(c in nums or not c.text or i == 0
                                                    for i, c in enumerate(cells))


def _emit_partial(norm: NormText, out: Tables, row: Row, columns: list[str], cells: list[Cell],
                  index: dict[str, int], units: dict[str, str]) -> None:
    """A row that prints fewer numbers than its header has columns, each under its header."""
    block = out.values.setdefault("article20", {}).setdefault(row.key, {})
    s, e = norm.orig_span(row.start, row.end)
    for col in columns:
        c = cells[index[col]] if index[col] < len(cells) else None
        if c is None or not c.text or not _SIGNED.match(_squash(c.text)):
            block[col] = None
            continue
        value = _signed(c.text)
        block[col] = value
        vs, ve = norm.orig_span(c.start, c.end)
        out.facts.append(Fact(measure=MEASURES["article20"], dimension=f"{row.key}|{col}",
                              value=value, unit=units.get(col, "件"), approx=False, start=s, end=e,
                              evidence=norm.original[s:e], rule=MEASURES["article20"],
                              value_start=vs, value_end=ve))


# ---------------------------------------------------------------------------------------------
# Section 三: the request matrix.

def _has_request_header(text: str) -> bool:
    flat = _squash(text)
    return "自然人" in flat and "总计" in flat and ("商业" in flat or "法人" in flat)


def _request_rows(norm: NormText, start: int, end: int) -> Iterator[Row]:
    """Data rows from 一、本年新收 to 四、结转下年度: labels joined when split over lines, and a
    row's numbers joined when they run on to a line of numbers alone."""
    group = ""
    pending: list[Cell] = []
    pending_start: int | None = None
    held: Row | None = None
    started = False
    for line_start, line in _lines(norm.text, start, end):
        labels, nums = _split_label_numbers(_cells(line_start, line))
        flat = _squash("".join(c.text for c in labels))
        if not started:
            if "本年新收" not in flat:
                continue
            started = True
        if not nums:
            if pending and not _ROW_MARK.match(flat):
                pending += labels
            else:
                pending, pending_start = labels, line_start
            continue
        if not labels and not pending and held is not None and len(held.cells) < len(REQUEST_COLUMNS):
            held.cells += nums
            held.end = nums[-1].end
            continue
        if pending and (not flat or not _ROW_MARK.match(flat)):
            labels = pending + labels
            line_start = pending_start if pending_start is not None else line_start
        pending, pending_start = [], None
        key, group = _request_key(labels, group)
        if held is not None:
            yield held
            if held.key.startswith("四、"):
                return
        held = Row(key, nums, line_start, nums[-1].end) if key else None
    if held is not None:
        yield held


#: Where two label cells were printed as one ('三、本年度办理结果(一)予以公开' from a PDF).
_LABEL_SPLIT = re.compile(r"(?=\([一二三四五六七]\))|(?<=[\u4e00-\u9fff”\)])(?=\d{1,2}\.(?!\d))")


def _request_key(labels: list[Cell], group: str) -> tuple[str, str]:
    """The row key and the current (一)…(七) group, from the label cells of one row."""
    parts = [p for c in labels if _squash(c.text) for p in _LABEL_SPLIT.split(_squash(c.text)) if p]
    key = ""
    for p in parts:
        if re.match(r"^[一二四]、", p):
            return p, ""
        if p.startswith("三、"):
            group = ""
            continue
        if re.match(r"^\([一二三四五六七]\)", p):
            group, key = p, p
        elif re.match(r"^\d{1,2}\.", p):
            key = f"{group}/{p}" if group else p
        elif key:
            key += p
        else:
            key = f"{group}/{p}" if group else p
    return key, group


def _requests(norm: NormText, head: Heading, end: int, out: Tables) -> None:
    if not _has_request_header(norm.text[head.end:end]):
        return
    for row in _request_rows(norm, head.end, end):
        values, status = solve([_squash(c.text) for c in row.cells], (len(REQUEST_COLUMNS),))
        _emit(norm, out, "requests", row, list(REQUEST_COLUMNS), values, status)
        _flag_row(norm, out, "requests", row, status, len(REQUEST_COLUMNS))


# ---------------------------------------------------------------------------------------------
# Section 四: review and litigation, 15 cells.

def _review_layout(header: str) -> list[tuple[str, str]] | None:
    """(group, column) for the 15 cells, in the order the header prints them; None unless the
    header names review, both litigation kinds and all five columns."""
    flat = _squash(header)
    pos = {g: flat.find(g.split("/")[-1]) for g in REVIEW_GROUPS}
    if min(pos.values()) < 0 or "行政诉讼" not in flat:
        return None
    order = sorted(REVIEW_GROUPS, key=lambda g: pos[g])
    cut = flat.find("未经复议直接起诉")
    cols = sorted((flat.find(c, 0, cut), c) for c in REVIEW_COLUMNS)
    if any(p < 0 for p, _ in cols):
        cols = sorted((flat.find(c), c) for c in REVIEW_COLUMNS)
    if any(p < 0 for p, _ in cols):
        return None
    return [(g, c) for g in order for _, c in cols]


def _review(norm: NormText, head: Heading, end: int, out: Tables) -> None:
    header_parts: list[str] = []
    tokens: list[Cell] = []
    first_start = None
    for line_start, line in _lines(norm.text, head.end, end):
        labels, nums = _split_label_numbers(_cells(line_start, line))
        if labels and not tokens:
            header_parts.append(line)
            continue
        if labels or not nums:
            break
        first_start = line_start if first_start is None else first_start
        tokens += nums
    layout = _review_layout("".join(header_parts))
    if layout is None or not tokens or first_start is None:
        return
    row = Row("", tokens, first_start, tokens[-1].end)
    values, status = solve([_squash(c.text) for c in tokens], (5, 5, 5))
    for gi, group in enumerate(REVIEW_GROUPS):
        cols = [c for g, c in layout if g == group]
        idx = [i for i, (g, _) in enumerate(layout) if g == group]
        sub = Row(group, [tokens[i] for i in idx] if status == "ok" else tokens, row.start, row.end)
        vals = [values[i] for i in idx] if values is not None else None
        _emit(norm, out, "review_litigation", sub, cols, vals, status)
        if gi == 0:
            _flag_row(norm, out, "review_litigation", row, status, 15)
