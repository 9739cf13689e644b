"""Benchmark: the segmenter gikdata uses (rjieba, jieba's Rust build) against jieba itself.

Both get the domain dictionary and the same normalised text of every report under the given
paths (default: data/raw and, when present, the real corpus in ../shared/corpus/real/raw); the
punctuated dictionary entries are matched first for both, as gikdata does. Prints the time each
takes, how many reports come out with the identical token list, and how the counts of indexed
terms differ. jieba is a test/bench extra (`pip install -e ".[bench]"`).

    .venv/bin/python bench/tokenise.py [PATH ...]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter

from gikdata.config import RAW_DIR
from gikdata.read.decode import read_source
from gikdata.read.normalise import normalise
from gikdata.store.pipeline import find_inputs
from gikdata.store.tokens import dictionary_entries, segmenter

REAL = next((p / "shared/corpus/real/raw" for p in RAW_DIR.parents if (p / "shared/corpus/real/raw").exists()), None)


def jieba_cut(texts: list[str], cache: str) -> tuple[list[list[str]], float, float]:
    import jieba
    jieba.setLogLevel(logging.WARNING)
    t0 = time.perf_counter()
    tk = jieba.Tokenizer()
    tk.tmp_dir = cache
    tk.initialize()
    for word in dictionary_entries():
        tk.add_word(word)
    init = time.perf_counter() - t0
    phrases = segmenter()._phrases

    def cut(text: str) -> list[str]:
        out, pos = [], 0
        for m in phrases.finditer(text) if phrases else ():
            out += [*tk.cut(text[pos:m.start()]), m.group()]
            pos = m.end()
        return out + list(tk.cut(text[pos:]))

    t0 = time.perf_counter()
    cuts = [cut(t) for t in texts]
    return cuts, init, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(RAW_DIR), *([str(REAL)] if REAL else [])])
    args = ap.parse_args(argv)
    texts = [normalise(read_source(p).text).text for p in find_inputs(args.paths)]
    t0 = time.perf_counter()
    seg = segmenter()
    init = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = [seg.cut(t) for t in texts]
    t_ours = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as cache:
        ref, ref_init, t_ref = jieba_cut(texts, cache)
    count = lambda cuts: Counter(w for c in cuts for w in c if seg.indexable(w))  # noqa: E731
    a, b = count(ref), count(ours)
    diff = sum(abs(a[k] - b[k]) for k in a.keys() | b.keys())
    same = sum(x == y for x, y in zip(ref, ours, strict=True))
    n_chars = sum(map(len, texts))
    print(f"segmenters on {len(texts)} reports ({n_chars:,} characters), domain dictionary loaded:")
    print(f"  jieba  {jieba_version()}: {t_ref:6.2f} s ({n_chars / t_ref / 1e3:7.0f} k chars/s), dictionary {ref_init:.2f} s")
    print(f"  rjieba {rjieba_version()}: {t_ours:6.2f} s ({n_chars / t_ours / 1e3:7.0f} k chars/s), dictionary {init:.2f} s"
          f"  -> {t_ref / t_ours:.1f}x")
    print(f"  identical token lists: {same}/{len(texts)} reports; indexed term counts differing: "
          f"{diff} of {sum(a.values()):,}")
    return 0 if same == len(texts) else 1


def jieba_version() -> str:
    from importlib.metadata import version
    return version("jieba")


def rjieba_version() -> str:
    from importlib.metadata import version
    return version("rjieba")


if __name__ == "__main__":
    sys.exit(main())
