"""What a brief says about one agency: its data from named queries, and the words for it.

Notebooks call these functions and show the results; all logic and all HTML escaping live here.
Every number a brief prints links to the row of the evidence table that holds its sentence
(``#fact-<fact_id>``), so a reader can check it against the report's own words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_DB
from ..errors import GikError
from ..store import queries
from . import charts, labels
from .html_tables import evidence_link, html_table, review_link, year_cells
from .lookup import resolve_agency

FORMAT_WORDS = {"freeform": "自由格式", "template": "标准模板"}
#: The brief's sections, in order, with their headings; measures.csv says which measure is where.
SECTION_TITLES = {"proactive": "主动公开", "organisation": "机构与人员", "requests": "依申请公开",
                  "review": "行政复议和行政诉讼"}
#: The measures the summary paragraph speaks of (the rest is said in their sections).
HEADLINE = ("proactive_total", "requests_received", "review_cases", "litigation_cases")
TEMPLATE_PREFIX = "template_"
#: The template's three tables, by the section of the report that prints them.
TEMPLATE_TABLES = {"template_article20": "表二 主动公开政府信息情况（第二十条）",
                   "template_requests": "表三 收到和处理政府信息公开申请情况",
                   "template_review_litigation": "表四 政府信息公开行政复议、行政诉讼情况"}


@dataclass(frozen=True)
class AgencyView:
    agency: dict
    series: pd.DataFrame     # the panel rows, one per year
    measures: pd.DataFrame   # own figures long: year, format, measure, dimension, value, approx, fact_id
    categories: pd.DataFrame
    facts: pd.DataFrame
    flags: pd.DataFrame

    @property
    def title(self) -> str:
        return self.agency.get("name") or self.agency.get("short_name") or self.agency["agency_id"]

    @property
    def breaks(self) -> list[tuple[int, int, str, str]]:
        """Where the report format changes between consecutive years (charts draw a line there)."""
        return format_breaks(self.series)

    def totals(self) -> pd.DataFrame:
        """Own totals (no dimension) per year and measure: the series a brief draws."""
        return self.measures[self.measures["dimension"].isna()].reset_index(drop=True)

    def reported_measures(self) -> list[str]:
        """Every measure the agency states a total for (template cells aside), in measures.csv's order."""
        found = [m for m in dict.fromkeys(self.totals()["measure"]) if not m.startswith(TEMPLATE_PREFIX)]
        return sorted(found, key=labels.order_key)


def load_view(agency_id: str, db_path: str | Path | None = None) -> AgencyView:
    """Everything a brief shows about ``agency_id`` (``db_path`` None: the project database)."""
    db_path = db_path or DEFAULT_DB
    agency_id = resolve_agency(db_path, agency_id)  # a name or alias: plain papermill passes what was typed
    con = queries.connect(db_path)
    try:
        agency = queries.run(con, "agency", agency_id=agency_id).df()
        if agency.empty:
            raise GikError(f"no agency {agency_id!r} in {db_path}")
        return AgencyView(agency=agency.iloc[0].to_dict(),
                          series=queries.run(con, "agency_series", agency_id=agency_id).df(),
                          measures=queries.run(con, "agency_measures", agency_id=agency_id).df(),
                          categories=queries.run(con, "agency_categories", agency_id=agency_id).df(),
                          facts=queries.run(con, "agency_facts", agency_id=agency_id).df(),
                          flags=queries.run(con, "agency_flags", agency_id=agency_id).df())
    finally:
        con.close()


def own_rows(view: AgencyView, section: str | None = None) -> pd.DataFrame:
    """The agency's own figures outside the template tables, of one section (None: all)."""
    m = view.measures
    keep = ~m["measure"].str.startswith(TEMPLATE_PREFIX) & m["value"].notna()
    if section:
        keep &= m["measure"].map(lambda x: labels.info(x).section == section)
    return m[keep].reset_index(drop=True)


def section_measures(view: AgencyView, section: str) -> list[str]:
    """The measures a brief section shows, totals or parts, in measures.csv's order."""
    return sorted(dict.fromkeys(own_rows(view, section)["measure"]), key=labels.order_key)


def format_breaks(frame: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """(year before, year after, format before, format after) wherever the report format changes.

    A series that crosses 2019 crosses a change of definitions (free form to the template):
    charts draw a line there and the words say so.
    """
    years = frame.dropna(subset=["year"]).drop_duplicates("year").sort_values("year")
    out = []
    prev = None
    for y, f in zip(years["year"], years["format"], strict=True):
        if prev is not None and f != prev[1]:
            out.append((int(prev[0]), int(y), str(prev[1]), str(f)))
        prev = (y, f)
    return out


def _fmt(v: float, approx: bool = False) -> str:
    """'31', '9800余' (a lower bound, in the report's own word)."""
    return f"{v:g}{'余' if approx else ''}"


def _measure_points(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """A measure's yearly values (totals only); falls back to the panel's columns."""
    if "measure" in frame:
        df = frame[(frame["measure"] == measure) & frame["dimension"].isna()].dropna(subset=["value"])
        return df[["year", "format", "value", "approx", "fact_id"]].sort_values("year")
    df = frame.dropna(subset=[measure]).sort_values("year")
    approx = df.get(f"{measure}_approx", False)
    return pd.DataFrame({"year": df["year"], "format": df["format"], "value": df[measure],
                         "approx": approx, "fact_id": None})


def _linked(text: str, fact_id: object, links: bool) -> str:
    return evidence_link(html.escape(text), fact_id) if links else text


def describe_change(series: pd.DataFrame, measure: str = "proactive_total", links: bool = False) -> str:
    """One sentence on how a measure's total moved: '2014年31条，2017年26条，减少5条（-16%）。'

    ``series`` is either the panel rows or the long ``measures`` frame; with ``links`` the result is
    HTML (escaped) whose numbers link to their evidence rows. Empty when there is no total.
    """
    info = labels.info(measure)
    label, unit = info.label_zh, info.unit
    df = _measure_points(series, measure)
    esc = html.escape if links else str
    if df.empty:
        return ""
    approx = df["approx"].fillna(False).astype(bool)
    points = "，".join(f"{int(y)}年" + _linked(_fmt(v, a) + unit, fid, links)
                       for y, v, a, fid in zip(df["year"], df["value"], approx, df["fact_id"], strict=True))
    if len(df) == 1:
        return f"{esc(label)}：{points}{esc('。')}"
    first, last = df.iloc[0], df.iloc[-1]
    if charts.all_zero(df["value"]):
        return f"{esc(label)}：{points}{esc('，各年均为0。')}"
    delta = last["value"] - first["value"]
    verb = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
    pct = f"（{delta / first['value']:+.0%}）" if first["value"] else ""
    change = f"，{verb}{abs(delta):g}{unit}{pct}" if delta else "，前后持平"
    caveat = "；含约数，变化为下限之差" if approx.any() else ""
    breaks = "；期间报告格式改变（自由格式/标准模板），口径不完全可比" if df["format"].nunique() > 1 else ""
    return f"{esc(label)}：{points}{esc(change + caveat + breaks + '。')}"


def describe_change_en(series: pd.DataFrame, measure: str = "proactive_total") -> str:
    """The same in English: '31 -> 26 items, -16%'."""
    df = _measure_points(series, measure)
    if len(df) < 2:
        return ""
    a, b = df.iloc[0], df.iloc[-1]
    pct = f", {(b['value'] - a['value']) / a['value']:+.0%}" if a["value"] else ""
    return f"{int(a['year'])}: {a['value']:g} -> {int(b['year'])}: {b['value']:g} items{pct}"


def dimension_words(dim: str, siblings: set[str]) -> str:
    """'政府门户网站/政府信息公开栏目' -> '其中政府信息公开栏目' when its parent is listed beside it
    (the report said 其中: a part, not a parallel item), else the path joined with '·'."""
    parent, _, leaf = dim.rpartition("/")
    if parent and parent in siblings:
        return f"其中{leaf}"
    return dim.replace("/", "·")


def _parts_sentence(rows: pd.DataFrame, measure: str, links: bool) -> str:
    """'2014年政府门户网站9800余条，其中政府信息公开栏目1500余条': a measure's parts, year by year,
    parents before their parts, as the table below shows them."""
    unit = labels.info(measure).unit
    out = []
    for year, part in rows.sort_values(["year", "fact_id"]).groupby("year"):  # as the report lists them
        dims = set(part["dimension"])
        items = [html.escape(dimension_words(r.dimension, dims)) if links else dimension_words(r.dimension, dims)
                 for r in part.itertuples()]
        out.append(f"{int(year)}年" + "，".join(
            f"{d}{_linked(_fmt(r.value, bool(r.approx)) + (r.unit or unit), r.fact_id, links)}"
            for d, r in zip(items, part.itertuples(), strict=True)))
    return "；".join(out)


def measure_sentence(rows: pd.DataFrame, measure: str, links: bool = True) -> str:
    """What the report says about one measure, from the same rows the section's table shows:
    its total and how it moved, else its parts (and that the report gives no total)."""
    esc = html.escape if links else str
    mine = rows[rows["measure"] == measure]
    totals, parts = mine[mine["dimension"].isna()], mine[mine["dimension"].notna()]
    text = describe_change(mine, measure, links) if not totals.empty else ""
    if parts.empty:
        return text
    label = labels.info(measure).label_zh
    if text:
        return text[:-1] + esc("；分项：") + _parts_sentence(parts, measure, links) + esc("。")
    lead = "报告未给出总数，只列出分项：" if measure in HEADLINE else ""
    return f"{esc(label)}：{esc(lead)}{_parts_sentence(parts, measure, links)}{esc('。')}"


def summary_html(view: AgencyView) -> str:
    """The paragraph in words: what the agency reported and what changed, numbers linked to
    evidence; every sentence is made from the rows the section tables show."""
    years = sorted({int(y) for y in view.series["year"].dropna()})
    if not years:
        return "<p>该机关没有标明年份的报告。</p>"
    formats = "、".join(FORMAT_WORDS.get(f, f) for f in dict.fromkeys(view.series.sort_values("year")["format"]))
    lead = (f"{view.title}共有{len(years)}份标明年份的年报（{years[0]}–{years[-1]}年，{formats}）。"
            if len(years) > 1 else f"{view.title}只有{years[0]}年一份标明年份的年报（{formats}）。")
    parts = [html.escape(lead)]
    rows = own_rows(view)
    parts += [measure_sentence(rows, m) for m in HEADLINE if m in set(rows["measure"])]
    for before, after, f0, f1 in format_breaks(view.series):
        parts.append(html.escape(f"{before}年至{after}年间报告由{FORMAT_WORDS.get(f0, f0)}改为"
                                 f"{FORMAT_WORDS.get(f1, f1)}，图中竖线标出此处，前后数字口径不完全可比。"))
    n_warn = int((view.flags["level"].isin(["warning", "error"])).sum()) if not view.flags.empty else 0
    if n_warn:
        parts.append(html.escape(f"检查发现{n_warn}个需要注意的问题，见“检查结果”。"))
    return '<p class="gik-summary">' + "".join(parts) + "</p>"


def change_html(view: AgencyView, measure: str = "proactive_total") -> str:
    return f'<p class="gik-change">{measure_sentence(own_rows(view), measure)}</p>'


def key_figures_html(view: AgencyView, section: str) -> str:
    """A section's figures, year by column, each linked to its evidence: each total, then its
    parts (a part of a part marked 其中), shares in their own rows with their % unit."""
    rows_df = own_rows(view, section)
    if rows_df.empty:
        return ""
    first = rows_df.assign(dim=rows_df["dimension"].fillna("")).groupby(["measure", "dim"])["fact_id"].min()
    keys = sorted(first.index, key=lambda k: (labels.order_key(k[0]), k[1] != "", first[k]))  # as printed
    years = sorted(int(y) for y in rows_df["year"].unique())
    head = "<th>指标（单位）</th>" + "".join(f"<th>{y}</th>" for y in years)
    body = []
    for measure, dim in keys:
        part = rows_df[(rows_df["measure"] == measure) & (rows_df["dimension"].fillna("") == dim)]
        siblings = {d for m, d in keys if m == measure}
        cells = year_cells(part, years, lambda r: _fmt(r["value"], bool(r["approx"])))
        name = labels.label(measure, str(part["unit"].iloc[0] or "") or None)
        name = f"{name} · {dimension_words(dim, siblings)}" if dim else name
        body.append(f"<tr><td>{html.escape(name)}</td>{cells}</tr>")
    return f'<table class="gik-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def section_html(view: AgencyView, section: str) -> str:
    """A section in words and tables: one sentence per measure, the figures table, then the
    template's tables that belong here, each as printed (rows x columns)."""
    rows = own_rows(view, section)
    sentences = [measure_sentence(rows, m) for m in section_measures(view, section)]
    text = f'<p class="gik-summary">{"".join(s for s in sentences if s)}</p>' if sentences else ""
    tables = "".join(template_table_html(view, t) for t, sec in _template_sections().items() if sec == section)
    tables += category_note_html(view) if section == "proactive" else ""
    if not text and not tables:
        return "<p>报告中没有这一部分的数字。</p>"
    return text + key_figures_html(view, section) + tables


def _template_sections() -> dict[str, str]:
    return {t: labels.info(t).section for t in TEMPLATE_TABLES}


def template_table_html(view: AgencyView, table: str) -> str:
    """One template table per year, rows x columns in the order printed; a sentence says when
    every cell is 0, and the caption links to the report's review page."""
    cells = view.measures[view.measures["measure"] == table].dropna(subset=["dimension"]).sort_values("fact_id")
    out = []
    where = view.facts.set_index("fact_id")["report_id"].to_dict() if not view.facts.empty else {}
    for year, part in cells.groupby("year"):
        split = part["dimension"].str.split("|", n=1, expand=True)
        grid = pd.DataFrame({"row": split[0], "col": split[1], "value": part["value"].to_numpy(),
                             "approx": part["approx"].to_numpy()})
        rows, cols = list(dict.fromkeys(grid["row"])), list(dict.fromkeys(grid["col"]))
        lookup = {(r.row, r.col): _fmt(r.value, bool(r.approx)) for r in grid.itertuples()}
        head = "<th></th>" + "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join(f"<tr><td>{html.escape(r)}</td>" + "".join(
            f'<td class="num">{html.escape(lookup.get((r, c), ""))}</td>' for c in cols) + "</tr>" for r in rows)
        report = where.get(int(part["fact_id"].iloc[0]))
        title = f"{int(year)}年 {TEMPLATE_TABLES[table]}"
        caption = review_link(title, report) if report else html.escape(title)
        zero = (f'<p class="gik-note">{html.escape(f"{int(year)}年此表{len(grid)}个数字全部为0。")}</p>'
                if charts.all_zero(grid["value"]) else "")
        out.append(f'{zero}<table class="gik-table gik-template"><caption>{caption}</caption><thead><tr>{head}</tr>'
                   f"</thead><tbody>{body}</tbody></table>")
    return "".join(out)


def section_figures(view: AgencyView, section: str) -> list:
    """The charts a section needs, none for numbers that are all 0 (the words say so): a total
    over years; the category mix (parts of one total, one unit); each breakdown of requests on
    its own (two breakdowns of one total are never stacked together; shares never drawn as parts)."""
    totals, figs = view.totals(), []
    nonzero = [m for m in section_measures(view, section) if m in set(totals["measure"])
               and not charts.all_zero(totals.loc[totals["measure"] == m, "value"])]
    if section == "proactive" and "proactive_total" in nonzero and overview_figure(view) is None:
        figs.append(charts.totals_figure(totals, ["proactive_total"], labels.label("proactive_total"), view.breaks))
    stackable, _ = category_years(view)
    if section == "proactive" and not stackable.empty:
        figs.append(charts.category_mix_figure(stackable, breaks=view.breaks))
    if section in ("requests", "review") and nonzero:
        same_unit = [m for m in nonzero if labels.info(m).unit == labels.info(nonzero[0]).unit]
        figs.append(charts.totals_figure(totals, same_unit, SECTION_TITLES[section], view.breaks))
    if section == "requests":
        rows = own_rows(view, section)
        for m in dict.fromkeys(rows.loc[rows["dimension"].notna(), "measure"]):
            part = rows[(rows["measure"] == m) & rows["dimension"].notna()]
            if labels.is_additive(m) and not charts.all_zero(part["value"]):
                figs.append(charts.breakdown_figure(part, m, breaks=view.breaks))
    return figs


def _nonzero_totals(view: AgencyView) -> list[str]:
    totals = view.totals()
    return [m for m in view.reported_measures() if not charts.all_zero(totals.loc[totals["measure"] == m, "value"])]


def category_years(view: AgencyView) -> tuple[pd.DataFrame, list[int]]:
    """The category counts a stacked chart may show, and the years it may not: one report a year
    (the one the panel keeps), and only where the parts do not add up to more than the report's
    total: a stack taller than the total it divides would draw a number no report states."""
    cats = view.categories
    if cats.empty:
        return cats, []
    kept = set(view.series["report_id"]) if "report_id" in view.series else set(cats["report_id"])
    cats = cats[cats["report_id"].isin(kept)]
    sums = cats.groupby("year").agg(parts=("count", "sum"), total=("total", "max"))
    over = sorted(int(y) for y, r in sums.iterrows() if pd.notna(r["total"]) and r["parts"] > r["total"])
    return cats[~cats["year"].isin(over)].reset_index(drop=True), over


def category_note_html(view: AgencyView) -> str:
    """Which years the category chart leaves out, and why (their parts exceed the total)."""
    _, over = category_years(view)
    if not over:
        return ""
    years = "、".join(f"{y}年" for y in over)
    return f'<p class="gik-note">{html.escape(f"{years}的分类数字之和超过报告的总数（见检查结果），分类构成图不画这些年份。")}</p>'


def overview_figure(view: AgencyView):
    """Every measure with a non-zero total, one at a time (a dropdown); None when fewer than two
    (a single measure is drawn in its own section, not twice)."""
    measures = _nonzero_totals(view)
    return charts.measures_figure(view.totals(), measures, breaks=view.breaks) if len(measures) > 1 else None


def zero_measures_html(view: AgencyView) -> str:
    """What the overview chart leaves out, in words: the one measure drawn below, and the
    measures whose totals are 0 in every year (not drawn: an empty chart says nothing)."""
    nonzero = _nonzero_totals(view)
    zero = [m for m in view.reported_measures() if m not in nonzero]
    words = []
    if len(nonzero) == 1:
        words.append(f"只有一项指标不为0：{labels.label(nonzero[0])}，图见下文。")
    elif not nonzero:
        words.append("报告的各项总数均为0或没有总数，不作图。")
    if zero:
        words.append("各年均为0的指标（不作图）：" + "、".join(labels.label(m) for m in zero) + "。")
    return f'<p class="gik-note">{html.escape("".join(words))}</p>' if words else ""


#: Totals read from a template table: their "sentence" is a row of digits (000000000000000).
_TEMPLATE_RULES = {"template_requests_received": "template_requests", "template_review_total":
                   "template_review_litigation", "template_litigation_total": "template_review_litigation"}


def _evidence_words(evidence: str, rule: str) -> str:
    """The evidence sentence with hard-wrap whitespace folded; for a total read from a template
    table, which table it comes from instead of the row of digits the text holds."""
    if rule in _TEMPLATE_RULES:
        return f"标准模板{TEMPLATE_TABLES[_TEMPLATE_RULES[rule]]}中的总计（见上文该表；原文见审阅页）"
    return re.sub(r"\s+", "", str(evidence))


def facts_table(view: AgencyView) -> str:
    """Every number with its evidence sentence, and the report it comes from linked to that
    report's review page at the number (whitespace of hard-wrapped text folded). The template
    tables' cells are shown as tables above, not as hundreds of rows here.

    Rows carry ``id="fact-<fact_id>"``: the targets of the links from the summary and tables.
    """
    df = view.facts[~view.facts["measure"].str.startswith(TEMPLATE_PREFIX)].copy() if not view.facts.empty else view.facts
    n_template = len(view.facts) - len(df)
    note = (f'<p class="gik-note">{html.escape(f"另有标准模板表格中的{n_template}个数字，见上文各表。")}</p>'
            if n_template else "")
    if df.empty:
        return (note or "<p>没有提取到数字。</p>")
    df["evidence"] = [_evidence_words(ev, rule) for ev, rule in zip(df["evidence"], df["rule"], strict=True)]
    df["value"] = [_fmt(v, a) for v, a in zip(df["value"], df["approx"], strict=True)]
    df["measure"] = df["measure"].map(lambda m: labels.info(m).label_zh)
    df["dimension"] = df["dimension"].map(lambda d: d.replace("/", "·") if isinstance(d, str) else d)
    df["file"] = [review_link(Path(p).name, rid, vs) for p, rid, vs in
                  zip(df["file"], df["report_id"], df["value_start"], strict=True)]
    out = df[["year", "measure", "dimension", "subject", "value", "unit", "evidence", "file"]]
    out = out.rename(columns={"year": "年份", "measure": "指标", "dimension": "分项", "subject": "所属单位",
                              "value": "数值", "unit": "单位", "evidence": "原文", "file": "文件（审阅页）"})
    ids = [f"fact-{int(i)}" for i in df["fact_id"]]
    return note + html_table(out, numeric=("数值",), row_ids=ids, markup=("文件（审阅页）",))


def flags_table(view: AgencyView) -> str:
    """The checks' findings, most serious first, each with the text it points at."""
    if view.flags.empty:
        return "<p>检查未发现问题。</p>"
    items = []
    for r in view.flags.itertuples():
        year = "" if pd.isna(r.year) else f"{int(r.year)} "
        ev = getattr(r, "evidence", None)
        quote = (f'<br><span class="gik-evidence">原文：{html.escape(" ".join(str(ev).split()))}</span>'
                 if isinstance(ev, str) and ev else "")
        level = charts.LEVEL_LABELS.get(r.level, r.level)
        items.append(f'<li class="gik-level-{html.escape(r.level)}"><b>{html.escape(level)}</b> '
                     f"{year}{html.escape(r.code)}: {html.escape(r.message)}{quote}</li>")
    return f"<ul>{''.join(items)}</ul>"


def header_html(view: AgencyView) -> str:
    a = view.agency
    region = " ".join(str(a[k]) for k in ("province", "city", "county", "zone") if a.get(k) and not pd.isna(a[k]))
    years = ", ".join(str(int(y)) for y in view.series["year"])
    return (f"<h1>{html.escape(view.title)}</h1>"
            f"<p>{html.escape(region or '地区不详')} · {html.escape(str(a['agency_id']))} · 报告年份：{html.escape(years)}</p>")
