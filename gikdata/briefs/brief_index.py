"""The briefs folder's memory: ``manifest.json`` (what each brief was made from, when, and how it
went) and ``index.html`` (every brief, when it was made, and the failures with their error).

The manifest is what lets a scheduled ``gik briefs`` skip a brief whose inputs have not changed.
"""

from __future__ import annotations

import contextlib
import html
import json
from pathlib import Path

MANIFEST = "manifest.json"
INDEX = "index.html"
KIND_WORDS = {"agency_brief": "机关简报", "compare_agencies": "机关比较", "corpus_overview": "数据库概览"}


def read_manifest(out_dir: Path) -> dict[str, dict]:
    """output file name -> entry; empty when there is none. A damaged manifest (not JSON, or not
    the shape written here) is set aside as ``manifest.json.damaged`` and rebuilt: every brief is
    made again, which is slower but never wrong."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        data = None
    briefs = data.get("briefs") if isinstance(data, dict) else None
    if not isinstance(briefs, dict):
        _set_aside(path)
        return {}
    return {str(k): v for k, v in briefs.items() if isinstance(v, dict)}


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.replace(path.with_name(f"{MANIFEST}.damaged"))


def write_manifest(out_dir: Path, entries: dict[str, dict]) -> Path:
    path = out_dir / MANIFEST
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps({"version": 1, "briefs": dict(sorted(entries.items()))}, ensure_ascii=False, indent=1),
                   encoding="utf-8")
    tmp.replace(path)
    return path


def _text(v: object) -> str:
    return "" if v is None else str(v)


def _row(name: str, e: dict, gone: bool = False) -> str:
    link = f'<a href="{html.escape(name)}">{html.escape(_text(e.get("label")) or name)}</a>'
    kind = KIND_WORDS.get(_text(e.get("kind")), _text(e.get("kind")))
    secs = e.get("seconds")
    secs = f"{secs:.1f} s" if isinstance(secs, int | float) else ""
    note = ' <span class="gik-gone">（该机关已不在数据库中，简报为旧数据）</span>' if gone else ""
    cls = ' class="gone"' if gone else ""
    return (f"<tr{cls}><td>{link}{note}</td><td>{html.escape(kind)}</td>"
            f'<td>{html.escape(_text(e.get("made")))}</td><td class="num">{html.escape(secs)}</td></tr>')


def _order(entries: dict[str, dict]) -> list[str]:
    kinds = list(KIND_WORDS)
    return sorted(entries, key=lambda n: (kinds.index(entries[n].get("kind")) if entries[n].get("kind") in kinds
                                          else 9, _text(entries[n].get("label")) or n))


def _is_gone(e: dict, current: set[str] | None) -> bool:
    """An agency brief whose agency the database no longer has (merged, renamed, removed)."""
    agency = (e.get("params") or {}).get("agency") if isinstance(e.get("params"), dict) else None
    return current is not None and e.get("kind") == "agency_brief" and agency not in current


def write_index(out_dir: Path, entries: dict[str, dict], current: set[str] | None = None) -> Path:
    """index.html from the manifest: briefs that exist, then agency briefs whose agency is no
    longer in the database (``current``: the agencies that are), then failures with their error."""
    ok = {n: e for n, e in entries.items() if e.get("status") == "ok" and (out_dir / n).exists()}
    gone = {n: e for n, e in ok.items() if _is_gone(e, current)}
    live = {n: e for n, e in ok.items() if n not in gone}
    failed = {n: e for n, e in entries.items() if e.get("status") != "ok"}
    rows = "".join(_row(n, live[n]) for n in _order(live))
    old = "".join(_row(n, gone[n], gone=True) for n in _order(gone))
    fails = "".join(f"<li><b>{html.escape(_text(e.get('label')) or n)}</b> ({html.escape(_text(e.get('made')))}): "
                    f"<code>{html.escape(_text(e.get('error')))}</code></li>" for n, e in sorted(failed.items()))
    head = "<thead><tr><th>简报</th><th>类型</th><th>生成时间（UTC）</th><th>用时</th></tr></thead>"
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>gikdata 简报索引</title>
<style>body{{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}td.num{{text-align:right}}
tr.gone a{{color:#777}}.gik-gone{{color:#a15c00;font-size:.9em}}
.gik-failures li{{color:#b00020;margin:.3em 0}}@media print{{a{{color:inherit;text-decoration:none}}}}</style></head>
<body><h1>政府信息公开年报简报</h1>
<p>{len(live)}份简报{f"，{len(gone)}份属于已不在数据库中的机关" if gone else ""}{f"，{len(failed)}份失败" if failed else ""}。</p>
<table>{head}<tbody>{rows}</tbody></table>
{f'<h2>已不在数据库中的机关</h2><p>这些机关在最近一次导入后已不存在（合并、改名或报告被移除），简报保留旧数据，仅供参考。</p><table>{head}<tbody>{old}</tbody></table>' if old else ''}
{f'<h2>失败</h2><ul class="gik-failures">{fails}</ul>' if fails else ''}
</body></html>
"""
    path = out_dir / INDEX
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
