"""Benchmark: gikdata's tokeniser against raw ``jieba.lcut`` on the same text.

The issue asks for >= 80% of raw jieba throughput. Both sides get the same normalised text of
every report under data/raw (repeated ROUNDS times), after a warm-up, so dictionary loading is
not timed (it is printed separately). "gikdata" is the tokens stage proper: section split, jieba
with the domain dictionary, counting, stopword filtering. The full per-report path (normalise,
outline, sentences as well) is printed too, for the record.

    .venv/bin/python bench/tokenise.py [--rounds N] [PATH ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import jieba

from gikdata.config import CACHE_DIR, RAW_DIR
from gikdata.read.decode import read_source
from gikdata.read.normalise import normalise
from gikdata.store.pipeline import find_inputs
from gikdata.store.tokens import count_sections, section_bounds, segmenter, tokenise_text

TARGET = 0.80


def _interleaved(repeats: int, fns: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Time each function ``repeats`` times, taking turns, so a busy moment hits all of them."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(RAW_DIR)])
    ap.add_argument("--rounds", type=int, default=3, help="passes over the corpus per timing")
    ap.add_argument("--repeats", type=int, default=9, help="timings of each; best and median are printed")
    args = ap.parse_args(argv)

    sources = [read_source(p) for p in find_inputs(args.paths)]
    norms = [normalise(s.text) for s in sources]
    prepared = [(n.text, section_bounds(n)[1]) for n in norms]
    n_chars = sum(len(t) for t, _ in prepared) * args.rounds

    jieba.setLogLevel(60)
    jieba.dt.tmp_dir = str(CACHE_DIR / "jieba")  # raw jieba's cache beside ours, not in /tmp
    t0 = time.perf_counter()
    jieba.initialize()
    t_raw_init = time.perf_counter() - t0
    t0 = time.perf_counter()
    seg = segmenter()
    t_seg_init = time.perf_counter() - t0

    def raw() -> None:
        for _ in range(args.rounds):
            for text, _starts in prepared:
                jieba.lcut(text)

    def ours() -> None:
        for _ in range(args.rounds):
            for text, starts in prepared:
                count_sections(seg, text, starts)

    def full() -> None:
        for _ in range(args.rounds):
            for s in sources:
                tokenise_text(s.report_id, s.sha256, s.text)

    raw(), ours(), full()  # warm-up: jieba's lazy HMM tables, regex caches, the filter memo
    times = _interleaved(args.repeats, {"raw": raw, "ours": ours, "full": full})
    best = {k: min(v) for k, v in times.items()}
    median = {k: statistics.median(v) for k, v in times.items()}
    ratio = best["raw"] / best["ours"]

    print(f"tokenise benchmark: {len(sources)} reports, {n_chars // args.rounds:,} chars, "
          f"x{args.rounds} rounds, {args.repeats} interleaved timings (best / median)")
    print(f"  dictionary load: raw jieba {t_raw_init:.2f} s; gikdata segmenter {t_seg_init:.2f} s")
    for key, label in (("raw", "raw jieba.lcut"), ("ours", "gikdata tokens stage"),
                       ("full", "gikdata full (normalise+sections+sentences)")):
        print(f"  {label:<44} {best[key]:7.3f} s {n_chars / best[key] / 1e3:7.1f} k chars/s"
              f"  (median {median[key]:.3f} s)")
    print(f"  tokens stage / raw jieba throughput: {ratio:.1%} best, "
          f"{median['raw'] / median['ours']:.1%} median (target >= {TARGET:.0%}): "
          f"{'PASS' if ratio >= TARGET else 'FAIL'}")
    print(f"  full path / raw jieba throughput:    {best['raw'] / best['full']:.1%} best")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
