"""Precision and recall per fact family on the test corpus (tests/corpus_cases.py).

A fact matches an expected one when measure, dimension, subject, value and approx all agree.
Duplicates (one fact stated twice) count once. Run: .venv/bin/python bench/accuracy.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_cases import CASES, Case, family  # noqa: E402

from gikdata.extract.report import extract_source  # noqa: E402
from gikdata.read.decode import SourceText  # noqa: E402


def extracted(case: Case) -> set[tuple]:
    src = SourceText(path=case.name, text=case.text, encoding="utf-8", sha256="0" * 64, size=len(case.text))
    report = extract_source(src)
    return {(f.measure, f.dimension, f.subject, float(f.value), f.approx) for f in report.facts}


def expected(case: Case) -> set[tuple]:
    return {(m, d, s, float(v), a) for m, d, s, v, a in case.expected}


def score() -> tuple[Counter, Counter, Counter, list[str]]:
    tp, n_got, n_exp = Counter(), Counter(), Counter()
    errors = []
    for case in CASES:
        got, exp = extracted(case), expected(case)
        for f in got:
            n_got[family(f[0])] += 1
        for f in exp:
            n_exp[family(f[0])] += 1
        for f in got & exp:
            tp[family(f[0])] += 1
        errors += [f"{case.name}: extra {f}" for f in sorted(got - exp, key=str)]
        errors += [f"{case.name}: missed {f}" for f in sorted(exp - got, key=str)]
    return tp, n_got, n_exp, errors


#: A wrong number is worse than a missing one: precision below this in any family fails the bench.
PRECISION_TARGET = 0.99


def main() -> int:
    tp, n_got, n_exp, errors = score()
    print(f"{len(CASES)} corpus reports")
    print(f"{'family':28} {'expected':>8} {'extracted':>9} {'correct':>7} {'precision':>9} {'recall':>7}")
    for fam in sorted(set(n_got) | set(n_exp)):
        p = tp[fam] / n_got[fam] if n_got[fam] else float("nan")
        r = tp[fam] / n_exp[fam] if n_exp[fam] else float("nan")
        print(f"{fam:28} {n_exp[fam]:>8} {n_got[fam]:>9} {tp[fam]:>7} {p:>9.3f} {r:>7.3f}")
    by_case: dict[str, list[str]] = {}
    for e in errors:
        by_case.setdefault(e.split(":", 1)[0], []).append(e)
    for lines in by_case.values():
        for e in lines[:6]:
            print(e)
        if len(lines) > 6:
            print(f"  ... and {len(lines) - 6} more")
    low = [f for f in n_got if n_got[f] and tp[f] / n_got[f] < PRECISION_TARGET]
    if low:
        print(f"precision below {PRECISION_TARGET} in: {', '.join(sorted(low))}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
