"""Briefs: plan which notebooks to run with which parameters, validate the parameters before any
kernel starts, skip briefs whose inputs have not changed, run the rest in parallel (``runner``)
and keep the manifest and index (``brief_index``).

The HTML has no code cells and fetches nothing: plotly.js is embedded by the notebook's
renderer, and the ``brief`` template drops nbconvert's CDN scripts (require.js, MathJax, mermaid).
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from ..config import NOTEBOOKS_DIR, TEMPLATES_DIR
from ..errors import BriefError
from ..store import queries
from . import brief_index, labels
from .lookup import resolve_agency
from .review_pages import write_review_pages
from .runner import Outcome, Task, run_tasks

BRIEF_NOTEBOOK = NOTEBOOKS_DIR / "agency_brief.ipynb"
#: Notebooks that make briefs (explore.ipynb needs a live kernel for its widgets).
BRIEF_KINDS = ("agency_brief", "compare_agencies", "corpus_overview")


def briefable_agencies(db_path: str | Path) -> list[tuple[str, str | None]]:
    con = queries.connect(db_path)
    try:
        return [(r[0], r[1]) for r in queries.run(con, "briefable_agencies").fetchall()]
    finally:
        con.close()


def notebook_path(name: str | Path) -> Path:
    """A notebook from its name (``compare_agencies``, ``compare_agencies.ipynb``) or a path."""
    p = Path(name)
    if p.suffix == ".ipynb" and p.exists():
        return p.resolve()
    candidate = NOTEBOOKS_DIR / f"{p.stem}.ipynb"
    if candidate.exists():
        return candidate
    known = sorted(f.stem for f in NOTEBOOKS_DIR.glob("*.ipynb"))
    close = difflib.get_close_matches(p.stem, known, n=3, cutoff=0.3)
    raise BriefError(f"no notebook {str(name)!r}" + (f"; close matches: {', '.join(close)}" if close else "")
                     + f"; notebooks: {', '.join(known)}")


@cache
def _parameters(path: Path, mtime: float) -> dict[str, dict]:
    import papermill

    return {k: dict(v) for k, v in papermill.inspect_notebook(str(path)).items()}


def notebook_parameters(path: Path) -> dict[str, dict]:
    """The notebook's parameters cell, read by papermill (name -> default, inferred type, help)."""
    return _parameters(path, path.stat().st_mtime)


def parse_value(text: str) -> object:
    """A ``-p key value`` value: JSON when it parses (2014, null, ["a", "b"]), else the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _scalar_text(name: str, value: object) -> str | None:
    """A text parameter: text or null; a number typed on the command line (``-p agency 123``)
    is the text the user typed; a list or object is an error, raised before anything is written."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BriefError(f"parameter {name!r} takes one text value (a name, alias or id), got {json.dumps(value, ensure_ascii=False)}"
                         + ("; for several agencies use the compare_agencies notebook with -p agencies '[...]'"
                            if name == "agency" else ""))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _text_list(name: str, value: object) -> list[str] | None:
    """A list parameter (``agencies``): a JSON list of texts, one text, or null."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_scalar_text(name, v) or "" for v in value]
    return [_scalar_text(name, value) or ""]


def _check_value(name: str, value: object, declared: dict) -> object:
    """A value against its parameters-cell default's type: text stays text, a year is a number."""
    kind = declared.get("inferred_type_name", "None")
    if name in ("agencies",):
        return _text_list(name, value)
    if kind == "str" or name in ("agency", "region", "function", "measure"):
        return _scalar_text(name, value)
    if name == "base_year" and value is not None:
        if isinstance(value, str) and value.isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise BriefError(f"parameter 'base_year' takes a year (2014) or null, got {json.dumps(value, ensure_ascii=False)}")
    if isinstance(value, dict):
        raise BriefError(f"parameter {name!r} does not take an object: {json.dumps(value, ensure_ascii=False)}")
    return value


def validate_parameters(notebook: Path, params: dict, db_path: str | Path) -> dict:
    """Check names and types against the parameters cell and agencies against the database, before
    a kernel starts or a file is written; return the parameters to inject (``db_path`` made
    absolute, agencies as ids)."""
    known = notebook_parameters(notebook)
    for name in params:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.4)
            raise BriefError(f"{notebook.name} has no parameter {name!r}"
                             + (f"; close matches: {', '.join(close)}" if close else "")
                             + f"; parameters: {', '.join(known)}")
    out = {k: _check_value(k, v, known[k]) for k, v in params.items()}
    if out.get("measure") is not None and out["measure"] not in labels.measure_table():
        close = difflib.get_close_matches(out["measure"], list(labels.measure_table()), n=3, cutoff=0.4)
        raise BriefError(f"no measure {out['measure']!r}" + (f"; close matches: {', '.join(close)}" if close else "")
                         + " (measures: gikdata/data/measures.csv)")
    if isinstance(out.get("agency"), str):
        out["agency"] = resolve_agency(db_path, out["agency"])
    if isinstance(out.get("agencies"), list):
        out["agencies"] = [resolve_agency(db_path, a) for a in out["agencies"]]
    if "db_path" in known:
        out["db_path"] = str(Path(db_path).resolve())
    return out


@dataclass(frozen=True)
class BriefSpec:
    """One brief: a notebook, its parameters, the HTML file it becomes, and its label in the index."""

    notebook: Path
    params: dict
    output: str
    label: str
    agency_id: str | None = None  # the agency whose data it shows (None: the whole database)

    @property
    def kind(self) -> str:
        return self.notebook.stem


def spec_for(notebook: Path, params: dict, db_path: str | Path) -> BriefSpec:
    """A validated spec from a notebook and user parameters (``gik brief``)."""
    if notebook.stem not in BRIEF_KINDS:
        raise BriefError(f"{notebook.name} is not a brief (its widgets need a live kernel); "
                         f"briefs: {', '.join(BRIEF_KINDS)}")
    params = validate_parameters(notebook, params, db_path)
    shown = {k: v for k, v in params.items() if k != "db_path"}
    if notebook.stem == "agency_brief" and "agency" in params:
        return BriefSpec(notebook, params, f"{params['agency']}.html", _agency_label(db_path, params["agency"]),
                         params["agency"])
    if not shown:
        return BriefSpec(notebook, params, f"{notebook.stem}.html", notebook.stem)
    digest = hashlib.sha1(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]
    label = f"{notebook.stem}: " + ", ".join(f"{k}={v}" for k, v in shown.items() if v is not None)
    return BriefSpec(notebook, params, f"{notebook.stem}-{digest}.html", label)


def _agency_label(db_path: str | Path, agency_id: str) -> str:
    names = dict(briefable_agencies(db_path))
    return names.get(agency_id) or agency_id


def plan(db_path: str | Path, all_kinds: bool = False) -> list[BriefSpec]:
    """One agency brief per agency with a dated report; with ``all_kinds`` also the corpus overview
    and one comparison per function that at least two agencies share."""
    db = str(Path(db_path).resolve())
    agencies = briefable_agencies(db_path)
    specs = [BriefSpec(BRIEF_NOTEBOOK, {"agency": a, "db_path": db}, f"{a}.html", n or a, a) for a, n in agencies]
    if not all_kinds:
        return specs
    specs.append(BriefSpec(NOTEBOOKS_DIR / "corpus_overview.ipynb", {"db_path": db}, "corpus_overview.html",
                           "数据库概览"))
    con = queries.connect(db_path)
    try:
        groups = queries.run(con, "compare_candidates", region=None, function=None).df()
    finally:
        con.close()
    for function, n in groups.groupby("function").size().items():
        if n >= 2:
            specs.append(BriefSpec(NOTEBOOKS_DIR / "compare_agencies.ipynb",
                                   {"agencies": None, "region": None, "function": function,
                                    "measure": "proactive_total", "base_year": None, "db_path": db},
                                   f"compare-{function}.html",
                                   f"比较各地{labels.function_label(function)}（{n}个机关）· {labels.label('proactive_total')}"))
    return specs


def _file_digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()


def input_keys(specs: list[BriefSpec], db_path: str | Path) -> dict[str, str]:
    """output -> a hash of the brief's inputs: its agency's data (or the whole database's), the
    notebook, the template and the parameters. Unchanged hash, unchanged brief."""
    con = queries.connect(db_path)
    try:
        digests = dict(queries.run(con, "agency_digests").fetchall())
    finally:
        con.close()
    whole = hashlib.sha256("".join(sorted(digests.values())).encode()).hexdigest()
    # the nbconvert template, the plotly.js bundle and the measure labels: a brief shows them all
    template = _file_digest(*sorted(p for p in TEMPLATES_DIR.rglob("*") if p.is_file()), labels.MEASURES_FILE)
    keys = {}
    for s in specs:
        params = {k: v for k, v in s.params.items() if k != "db_path"}
        data = digests.get(s.agency_id, "") if s.agency_id else whole
        blob = json.dumps([_file_digest(s.notebook), template, params, data], sort_keys=True, ensure_ascii=False)
        keys[s.output] = hashlib.sha256(blob.encode()).hexdigest()
    return keys


@dataclass
class BriefsResult:
    index: Path
    written: list[tuple[str, str, Path]] = field(default_factory=list)   # (label, output, path)
    skipped: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)        # (label, error)


def render(specs: list[BriefSpec], db_path: str | Path, out_dir: str | Path, jobs: int = 2, force: bool = False,
           on_start: Callable[[int], None] | None = None,
           on_done: Callable[[Outcome], None] | None = None) -> BriefsResult:
    """Render the specs whose inputs changed (all with ``force``), update manifest and index."""
    out = Path(out_dir)
    manifest = brief_index.read_manifest(out)
    keys = input_keys(specs, db_path)
    result = BriefsResult(index=out / brief_index.INDEX)
    todo = []
    for s in specs:
        old = manifest.get(s.output, {})
        if not force and old.get("status") == "ok" and old.get("inputs") == keys[s.output] and (out / s.output).exists():
            result.skipped.append(s.output)
        else:
            todo.append(s)
    if on_start:
        on_start(len(todo))
    by_output = {s.output: s for s in todo}
    tasks = [Task(s.output, s.notebook, s.params, out / s.output, s.label) for s in todo]
    for o in run_tasks(tasks, jobs=jobs, on_done=on_done):
        s = by_output[o.key]
        manifest[s.output] = {"kind": s.kind, "label": s.label, "notebook": s.notebook.name,
                              "params": {k: v for k, v in s.params.items() if k != "db_path"},
                              "inputs": keys[s.output] if o.ok else None, "status": "ok" if o.ok else "failed",
                              "error": o.error, "made": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                              "seconds": round(o.seconds, 2)}
        if o.ok:
            result.written.append((s.label, s.output, out / s.output))
        else:
            result.failures.append((s.label, o.error or "failed"))
    if result.written:  # the review pages the written briefs link to
        done = {o for _, o, _ in result.written}
        write_review_pages(db_path, out, [s.agency_id for s in todo if s.agency_id and s.output in done],
                           every_missing=any(s.kind == "compare_agencies" and s.output in done for s in todo))
    brief_index.write_manifest(out, manifest)
    brief_index.write_index(out, manifest, current_agencies(db_path))
    return result


def current_agencies(db_path: str | Path) -> set[str]:
    """The agencies that have a brief now: an agency brief of any other is marked in the index."""
    return {a for a, _ in briefable_agencies(db_path)}


def render_brief(agency_id: str, db_path: str | Path, out_dir: str | Path, notebook: Path = BRIEF_NOTEBOOK,
                 force: bool = True) -> Path:
    """Write ``out_dir/AGENCY_ID.html`` and return its path (BriefError when it failed)."""
    spec = spec_for(notebook, {"agency": agency_id}, db_path)
    result = render([spec], db_path, out_dir, jobs=1, force=force)
    if result.failures:
        raise BriefError(result.failures[0][1])
    return Path(out_dir) / spec.output
