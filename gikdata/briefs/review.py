"""A review page: one report's text with every extracted number highlighted and linked to its
fact, and the findings beside the text, so a researcher can audit each figure against the
sentence it came from. One self-contained HTML file: no script, no CDN, every piece of report
text HTML-escaped (report text is data).
"""

from __future__ import annotations

import html
from pathlib import Path

from ..extract.report import summary
from ..model import Fact, Flag, Report
from . import labels

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{padding:12px 20px;background:#f3f4f6;border-bottom:1px solid #ddd}
h1{font-size:18px;margin:0 0 4px} .meta{font-size:13px;color:#555}
main{display:flex;gap:16px;padding:16px 20px}
#text{flex:3;white-space:pre-wrap;line-height:1.8;font-size:14px;tab-size:8}
aside{flex:2;font-size:13px;max-height:95vh;overflow:auto;position:sticky;top:0}
mark{background:#fde68a;padding:0 1px;border-radius:2px} mark a{color:inherit;text-decoration:none}
mark.multi{background:#fbbf24} .flagged{border-bottom:2px solid #dc2626}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #eee;padding:3px 4px;text-align:left;vertical-align:top}
tr:target,mark:target{outline:2px solid #2563eb} .error{color:#b91c1c}.warning{color:#b45309}.info{color:#1d4ed8}
"""


def _segments(text: str, facts: list[Fact], flags: list[Flag]) -> list[tuple[int, int, list[int], bool]]:
    """Cut the text where any value span or finding span starts or ends: (start, end, indexes
    of the facts whose number covers the piece, whether a finding covers it)."""
    cuts = {0, len(text)}
    for f in facts:
        cuts |= {f.value_start, f.value_end}
    spans = [(g.start, g.end) for g in flags if g.start is not None and g.end is not None and g.start < g.end]
    for s, e in spans:
        cuts |= {s, e}
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [i for i, f in enumerate(facts) if f.value_start <= a and b <= f.value_end]
        flagged = any(s <= a and b <= e for s, e in spans)
        out.append((a, b, covering, flagged))
    return out


def _text_html(report: Report, facts: list[Fact]) -> str:
    parts = []
    starts: dict[int, list[int]] = {}
    for i, f in enumerate(facts):
        starts.setdefault(f.value_start, []).append(i)
    flag_starts: dict[int, list[int]] = {}
    for k, g in enumerate(report.flags):
        if g.start is not None:
            flag_starts.setdefault(g.start, []).append(k)
    for a, b, covering, flagged in _segments(report.text, facts, list(report.flags)):
        # every fact's number and every finding gets an anchor where it starts
        here = starts.pop(a, [])
        # p<offset>: where a number starts, the anchor a brief's evidence table links to
        parts += [f'<span id="p{a}"></span>'] if here else []
        parts += [f'<span id="v{i}"></span>' for i in here]
        parts += [f'<span id="g{k}"></span>' for k in flag_starts.pop(a, [])]
        piece = html.escape(report.text[a:b])
        if covering:
            # the narrowest fact is the one this piece of number belongs to
            i = min(covering, key=lambda k: facts[k].value_end - facts[k].value_start)
            title = html.escape("; ".join(_label(facts[k]) for k in covering), quote=True)
            cls = "multi" if len(covering) > 1 else ""
            piece = f'<mark class="{cls}" title="{title}"><a href="#f{i}">{piece}</a></mark>'
        if flagged:
            piece = f'<span class="flagged">{piece}</span>'
        parts.append(piece)
    return "".join(parts)


def _label(f: Fact) -> str:
    who = f"[{f.subject}] " if f.subject else ""
    dim = f" {f.dimension}" if f.dimension else ""
    approx = "≥" if f.approx else ""
    return f"{who}{labels.info(f.measure).label_zh}{dim} = {approx}{f.value:g} {f.unit}"


def _facts_table(facts: list[Fact]) -> str:
    rows = []
    for i, f in enumerate(facts):
        measure = f"{labels.info(f.measure).label_zh} ({f.measure})"  # the label, and the schema's code
        cells = [f'<a href="#v{i}">{i + 1}</a>', measure, f.dimension or "", f.subject or "",
                 f"{'≥' if f.approx else ''}{f.value:g}", f.unit, f.rule]
        rows.append(f'<tr id="f{i}">' + "".join(
            f"<td>{c if k == 0 else html.escape(str(c))}</td>" for k, c in enumerate(cells)) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("#", "指标", "分项", "所属单位", "数值", "单位", "规则"))
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _flags_list(flags: tuple[Flag, ...]) -> str:
    if not flags:
        return "<p>检查未发现问题。</p>"
    items = [f'<li class="{html.escape(g.level)}"><b>{html.escape(g.level)}</b> {html.escape(g.code)}: '
             f"{html.escape(g.message)}" + (f' <a href="#g{k}">[原文]</a>' if g.start is not None else "")
             + "</li>" for k, g in enumerate(flags)]
    return "<ul>" + "".join(items) + "</ul>"


_FORMATS = {"freeform": "自由格式", "template": "标准模板"}
_SCOPES = {"own": "本机关", "whole_area": "全地区"}


def _shown(v: object) -> str:
    return "未说明" if v is None else html.escape(str(v))


def render_review(report: Report) -> str:
    """The whole page for one report."""
    facts = list(report.facts)
    meta = report.metadata
    s = summary(report)
    name = meta.agency.name or meta.agency.short_name or "?"
    head = (f"<h1>{html.escape(name)} · {meta.year or '?'}</h1>"
            f'<div class="meta">{html.escape(report.file)} · {html.escape(_FORMATS.get(meta.format, meta.format))} · '
            f"{html.escape(_SCOPES.get(meta.scope, meta.scope))} · {len(facts)}个数字 · {len(report.flags)}条检查结果 · "
            f"主动公开 {_shown(s['proactive_total'])} · 收到申请 {_shown(s['requests_received'])}</div>")
    return ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<title>审阅：{html.escape(name)}</title><style>{_CSS}</style></head><body>"
            f"<header>{head}</header><main><div id=\"text\">{_text_html(report, facts)}</div>"
            f"<aside><h2>检查结果</h2>{_flags_list(report.flags)}<h2>提取的数字</h2>{_facts_table(facts)}</aside>"
            "</main></body></html>\n")


def write_review(report: Report, out: str | Path) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_review(report), encoding="utf-8")
    return path
