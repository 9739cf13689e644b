"""Escaped HTML tables for briefs: text from reports is data, never markup."""

from __future__ import annotations

import html

import pandas as pd

NUM_CLASS = ' class="num"'


def _cell_text(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    return f"{v:g}" if isinstance(v, float) else str(v)


def html_table(df: pd.DataFrame, numeric: tuple[str, ...] = (), row_ids: list[str] | None = None) -> str:
    """An escaped HTML table: report text is data, never markup. ``row_ids`` become anchor ids."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for i, (_, row) in enumerate(df.iterrows()):
        cells = "".join(f"<td{NUM_CLASS if c in numeric else ''}>{html.escape(_cell_text(row[c]))}</td>"
                        for c in df.columns)
        rid = f' id="{html.escape(row_ids[i])}"' if row_ids else ""
        rows.append(f"<tr{rid}>{cells}</tr>")
    return f'<table class="gik-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
