"""Escaped HTML tables for briefs: text from reports is data, never markup."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

NUM_CLASS = ' class="num"'
MISSING_CELL = '<td class="num">—</td>'


def evidence_link(text: str, fact_id: object) -> str:
    """``text`` (already escaped) linked to its evidence row; unlinked when there is none."""
    if fact_id is None or pd.isna(fact_id):
        return text
    return f'<a class="gik-ev" href="#fact-{int(fact_id)}">{text}</a>'


#: Review pages (``gik review``) sit in this folder beside the briefs, one per report.
REVIEW_DIR = "review"


def review_href(report_id: str, value_start: object = None) -> str:
    """The review page of a report, at the place a number stands when given."""
    anchor = "" if value_start is None or pd.isna(value_start) else f"#p{int(value_start)}"
    return f"{REVIEW_DIR}/{report_id}.html{anchor}"


def review_link(text: str, report_id: str, value_start: object = None) -> str:
    """``text`` (unescaped) linked to the review page of its report."""
    return f'<a href="{html.escape(review_href(report_id, value_start))}">{html.escape(text)}</a>'


def year_cells(part: pd.DataFrame, years: list[int], text_of: Callable[[pd.Series], str]) -> str:
    """One ``<td>`` per year: the first row of ``part`` for that year, as ``text_of`` writes it
    (unescaped), linked to its evidence row by ``fact_id``; a dash where the year has none."""
    cells = []
    for y in years:
        hit = part[part["year"] == y]
        if hit.empty:
            cells.append(MISSING_CELL)
            continue
        r = hit.iloc[0]
        cells.append(f'<td class="num">{evidence_link(html.escape(text_of(r)), r["fact_id"])}</td>')
    return "".join(cells)


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    return f"{v:g}" if isinstance(v, float) else str(v)


def html_table(df: pd.DataFrame, numeric: tuple[str, ...] = (), row_ids: list[str] | None = None,
               markup: tuple[str, ...] = ()) -> str:
    """An escaped HTML table: report text is data, never markup. ``row_ids`` become anchor ids;
    ``markup`` columns hold HTML this package wrote and escaped itself (links)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for i, (_, row) in enumerate(df.iterrows()):
        cells = "".join(f"<td{NUM_CLASS if c in numeric else ''}>"
                        f"{row[c] if c in markup else html.escape(_cell_text(row[c]))}</td>" for c in df.columns)
        rid = f' id="{html.escape(row_ids[i])}"' if row_ids else ""
        rows.append(f"<tr{rid}>{cells}</tr>")
    return f'<table class="gik-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
