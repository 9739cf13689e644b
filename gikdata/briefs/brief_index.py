"""The briefs folder's memory: ``manifest.json`` (what each brief was made from, when, and how it
went) and ``index.html`` (every brief, when it was made, and the failures with their error).

The manifest is what lets a scheduled ``gik briefs`` skip a brief whose inputs have not changed.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

MANIFEST = "manifest.json"
INDEX = "index.html"
KIND_WORDS = {"agency_brief": "机关简报 agency", "compare_agencies": "比较 comparison",
              "corpus_overview": "概览 overview"}


def read_manifest(out_dir: Path) -> dict[str, dict]:
    """output file name -> entry; empty when there is none (or it is unreadable: rebuild all)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return dict(data.get("briefs", {}))
    except (OSError, ValueError):
        return {}


def write_manifest(out_dir: Path, entries: dict[str, dict]) -> Path:
    path = out_dir / MANIFEST
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps({"version": 1, "briefs": dict(sorted(entries.items()))}, ensure_ascii=False, indent=1),
                   encoding="utf-8")
    tmp.replace(path)
    return path


def _row(name: str, e: dict) -> str:
    link = f'<a href="{html.escape(name)}">{html.escape(e.get("label") or name)}</a>'
    kind = KIND_WORDS.get(e.get("kind", ""), e.get("kind", ""))
    secs = f"{e['seconds']:.1f} s" if e.get("seconds") is not None else ""
    return (f"<tr><td>{link}</td><td>{html.escape(kind)}</td><td>{html.escape(e.get('made', ''))}</td>"
            f"<td class=\"num\">{html.escape(secs)}</td></tr>")


def write_index(out_dir: Path, entries: dict[str, dict]) -> Path:
    """index.html from the manifest: briefs that exist, then failures with their error."""
    ok = {n: e for n, e in entries.items() if e.get("status") == "ok" and (out_dir / n).exists()}
    failed = {n: e for n, e in entries.items() if e.get("status") != "ok"}
    order = sorted(ok, key=lambda n: (list(KIND_WORDS).index(ok[n].get("kind")) if ok[n].get("kind") in KIND_WORDS
                                      else 9, ok[n].get("label") or n))
    rows = "".join(_row(n, ok[n]) for n in order)
    fails = "".join(f"<li><b>{html.escape(e.get('label') or n)}</b> ({html.escape(e.get('made', ''))}): "
                    f"<code>{html.escape(e.get('error') or '')}</code></li>" for n, e in sorted(failed.items()))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>gikdata 简报索引 · briefs</title>
<style>body{{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}td.num{{text-align:right}}
.gik-failures li{{color:#b00020;margin:.3em 0}}@media print{{a{{color:inherit;text-decoration:none}}}}</style></head>
<body><h1>政府信息公开年报简报 · gikdata briefs</h1>
<p>{len(ok)} briefs{f", {len(failed)} failed" if failed else ""}.</p>
<table><thead><tr><th>简报 Brief</th><th>类型 Kind</th><th>生成时间 Made (UTC)</th><th>用时 Time</th></tr></thead>
<tbody>{rows}</tbody></table>
{f'<h2>失败 Failures</h2><ul class="gik-failures">{fails}</ul>' if fails else ''}
</body></html>
"""
    path = out_dir / INDEX
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
