"""The real corpus (tests/real/): every file extracts, and accuracy on the coded reports never
falls below the ratchet recorded in docs/accuracy.md (raised on purpose by bench/accuracy.py
--ratchet). Not timed: speed is measured by bench/accuracy.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from real_truth import RAW, by_family, figures, load_truth, score

from gikdata.extract.report import extract_file, to_json

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "accuracy.md"


def _ratchet() -> dict:
    m = re.search(r"<!-- accuracy:ratchet -->\n```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)
    assert m, "docs/accuracy.md has no ratchet block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict]:
    return {p.name: to_json(extract_file(p)) for p in sorted(RAW.iterdir())}


def test_every_real_file_extracts(outputs):
    assert len(outputs) == 220


def test_precision_and_recall_hold_the_ratchet(outputs):
    truth = load_truth()
    checks = score(truth, [outputs[t["file"]] for t in truth])
    ratchet = _ratchet()
    now = {"overall": figures(checks), **by_family(checks)}
    floors = {"overall": ratchet["overall"], **ratchet["families"]}
    low = [f"{name} {k} {getattr(now[name], k):.3f} < {floor[k]}"
           for name, floor in floors.items() for k in ("precision", "recall")
           if getattr(now[name], k) < floor[k]]
    assert low == [], "accuracy fell below docs/accuracy.md's ratchet: " + "; ".join(low)


def test_scorer_semantics_on_known_cases():
    """The outcomes the acceptance scorer gives: null vs 0, [] vs null, alternatives."""
    from real_truth import compare
    assert compare("num", 0, None) == "miss"
    assert compare("num", None, None) == "ok-null"
    assert compare("num", None, 3) == "wrong"
    assert compare("cats", [], None) == "ok-null"
    assert compare("cats", None, []) == "ok-null"
    assert compare("cats", [{"name": "机构职能类信息", "count": 3}], [{"name": "机构职能", "count": 3}]) == "ok"
    entry = {"file": "x.txt", "proactive_total": 13, "acceptable_alternatives": {"proactive_total": [16]}}
    out = {"file": "raw/x.txt", "summary": {"proactive_total": 16}}
    assert [c.outcome for c in score([entry], [out])] == ["ok"]
    assert [c.outcome for c in score([entry], [])] == ["miss"]




#: ../shared/tools/score.py beside the checkout (or beside the worktrees' folder)
SHARED_SCORER = next((p for p in (ROOT.parent / "shared" / "tools" / "score.py",
                                  ROOT.parent.parent / "shared" / "tools" / "score.py") if p.exists()),
                     ROOT.parent / "shared" / "tools" / "score.py")


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared acceptance scorer is outside this checkout")
def test_same_figure_as_the_acceptance_scorer(outputs):
    """bench/accuracy.py's semantics are the acceptance scorer's: same counts on the same output."""
    import subprocess
    import sys

    truth = load_truth()
    lines = "\n".join(json.dumps(outputs[t["file"]], ensure_ascii=False) for t in truth)
    done = subprocess.run([sys.executable, str(SHARED_SCORER), str(RAW.parent / "truth.json")],
                          input=lines, capture_output=True, text=True, check=False)
    f = figures(score(truth, [outputs[t["file"]] for t in truth]))
    assert done.stdout.strip().splitlines()[-1] == (
        f"fields={f.checked} ok={f.ok + f.ok_null} miss={f.miss} wrong={f.wrong} "
        f"precision={f.precision:.3f} recall={f.recall:.3f}")
