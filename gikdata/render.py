"""Briefs: run a parameterised notebook with papermill, export it to self-contained HTML.

The HTML has no code cells and fetches nothing: plotly.js is embedded by the notebook's
renderer, and the ``brief`` template drops nbconvert's CDN scripts (require.js, MathJax, mermaid).
"""

from __future__ import annotations

import difflib
import html
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import queries
from .config import NOTEBOOKS_DIR, TEMPLATES_DIR
from .errors import AgencyNotFound, BriefError

BRIEF_NOTEBOOK = NOTEBOOKS_DIR / "agency_brief.ipynb"


def resolve_agency(db_path: str | Path, text: str) -> str:
    """An agency id from what a user typed: its id, its name, an alias, or a unique part of one."""
    con = queries.connect(db_path)
    try:
        matches = queries.find_agencies(con, text)
        if len(matches) == 1 or (matches and (matches[0][0] == text or matches[0][1] == text)):
            return matches[0][0]
        if matches:
            listed = "; ".join(f"{i} ({n or '?'})" for i, n in matches[:8])
            raise AgencyNotFound(f"{text!r} matches several agencies: {listed}")
        names = [r[0] for r in con.execute("select alias from agency_aliases union select agency_id from agencies").fetchall()]
    finally:
        con.close()
    close = difflib.get_close_matches(text, names, n=5, cutoff=0.3)
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise AgencyNotFound(f"no agency matches {text!r} in {db_path}{hint}")


def briefable_agencies(db_path: str | Path) -> list[tuple[str, str | None]]:
    con = queries.connect(db_path)
    try:
        return [(r[0], r[1]) for r in queries.run(con, "briefable_agencies").fetchall()]
    finally:
        con.close()


def execute_notebook(notebook: Path, parameters: dict, workdir: Path):
    """Run ``notebook`` with papermill; raise BriefError on any cell error (papermill can hide some)."""
    import nbformat
    import papermill

    out = workdir / notebook.name
    try:
        nb = papermill.execute_notebook(str(notebook), str(out), parameters=parameters, kernel_name="python3",
                                        progress_bar=False, log_output=False, cwd=str(notebook.parent))
    except papermill.PapermillExecutionError as exc:
        raise BriefError(f"{notebook.name}: {exc.ename}: {exc.evalue}") from None
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise BriefError(f"{notebook.name}: {output.get('ename')}: {output.get('evalue')}")
    return nb


def to_html(nb) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="brief", extra_template_basedirs=[str(TEMPLATES_DIR)], language_code="zh",
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return body


def render_brief(agency_id: str, db_path: str | Path, out_dir: str | Path, notebook: Path = BRIEF_NOTEBOOK) -> Path:
    """Write ``out_dir/AGENCY_ID.html`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    params = {"agency": agency_id, "db_path": str(Path(db_path).resolve())}
    with tempfile.TemporaryDirectory(prefix="gik-brief-") as tmp:
        nb = execute_notebook(notebook, params, Path(tmp))
    nb.metadata["title"] = agency_id
    target = out_dir / f"{agency_id}.html"
    tmp_target = target.with_name(f".{target.name}.tmp")
    tmp_target.write_text(to_html(nb), encoding="utf-8")
    tmp_target.replace(target)
    return target


@dataclass
class BriefsResult:
    index: Path
    written: list[tuple[str, str | None, Path]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


def render_all(agencies: list[tuple[str, str | None]], db_path: str | Path, out_dir: str | Path,
               on_done: Callable[[str], None] | None = None) -> BriefsResult:
    out = Path(out_dir)
    result = BriefsResult(index=out / "index.html")
    for agency_id, name in agencies:
        try:
            result.written.append((agency_id, name, render_brief(agency_id, db_path, out)))
        except BriefError as exc:
            result.failures.append((agency_id, str(exc)))
        if on_done:
            on_done(agency_id)
    write_index(result)
    return result


def write_index(result: BriefsResult) -> Path:
    """index.html: every brief with when it was made, and the failures with their error."""
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = "".join(f'<tr><td><a href="{html.escape(p.name)}">{html.escape(name or agency_id)}</a></td>'
                   f"<td>{html.escape(agency_id)}</td><td>{made}</td></tr>" for agency_id, name, p in result.written)
    fails = "".join(f"<li><b>{html.escape(a)}</b>: {html.escape(e)}</li>" for a, e in result.failures)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>gikdata 简报索引</title>
<style>body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:900px;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px}}</style></head>
<body><h1>政府信息公开年报简报 · gikdata briefs</h1>
<table><thead><tr><th>机关 Agency</th><th>agency_id</th><th>生成时间 Made</th></tr></thead><tbody>{rows}</tbody></table>
{f'<h2>失败 Failures</h2><ul>{fails}</ul>' if fails else ''}
</body></html>
"""
    result.index.parent.mkdir(parents=True, exist_ok=True)
    result.index.write_text(page, encoding="utf-8")
    return result.index
