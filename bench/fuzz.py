"""Fuzz: mutated reports through read and extract. Nothing may raise, hang, emit invalid JSON or a
span that does not slice its evidence out of the text.

Seeds are the five reports in data/raw and the test corpus (tests/corpus_cases.py). Each trial
takes one seed and applies one to three mutations: byte flips, a splice of another seed, a long
run of digits or Chinese numerals (up to 60 KB on one line), random Unicode (any plane, control
characters included), a line repeated, a chunk deleted, a number turned into 310 digits. One in
five goes through the HTML reader instead of the plain-text one.

A file the reader refuses with a reason (empty, binary, undecodable) is counted as refused: that
is the intended outcome. Anything else that raises is an exception, and the target is none.
Each file runs under a 30 s alarm, so a pathological regex shows up as ``Timeout`` instead of
hanging the bench. Time per file is CPU time of the worker (the machine is shared with other
jobs, so wall time also counts waiting for a core; it is printed beside it).

Run: .venv/bin/python bench/fuzz.py [--n 10000] [--jobs 2] [--seed 0]
Targets: 0 exceptions, slowest file < 1 s (CPU), 0 invalid JSON, 0 span violations.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import random
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus_cases import CASES  # noqa: E402

from gikdata.errors import InputError  # noqa: E402
from gikdata.extract.report import extract_source, to_json  # noqa: E402
from gikdata.read.decode import SourceText, read_html, read_plain  # noqa: E402

SLOW_S = 1.0
#: The most one mutation inserts: 60,000 characters, the line of digits the issue timed (161 s).
#: Reports are a few hundred KB at most; the bench is about time per character, not size.
MAX_INSERT = 60_000
ALARM_S = 30

SEEDS: list[bytes] = [p.read_bytes() for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
SEEDS += [c.text.encode("utf-8") for c in CASES]
_CN = "零〇一二两三四五六七八九十百千万亿"
_WORDS = ["主动公开政府信息", "条", "件", "名专职人员", "次", "%", "万元", "\t", "\n", "区卫生局",
          "行政复议", "收取费用", "一、本年新收", "总计", "约", "余", "。", "，"]


class Timeout(Exception):
    pass


def _alarm(_signum, _frame):  # noqa: ANN001
    raise Timeout(f"over {ALARM_S} s")


def _random_unicode(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        plane = rng.random()
        if plane < 0.5:
            cp = rng.randint(0x4E00, 0x9FFF)
        elif plane < 0.7:
            cp = rng.randint(0x20, 0x7E)
        elif plane < 0.72:
            cp = rng.randint(0, 0x9F)
        elif plane < 0.95:
            cp = rng.randint(0xA0, 0xFFFF)
        else:
            cp = rng.randint(0x10000, 0x10FFFF)
        if 0xD800 <= cp <= 0xDFFF:
            cp = 0xFFFD
        out.append(chr(cp))
    return "".join(out)


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One to three mutations of ``data``; returns the bytes and a label of what was done.

    Edits work on characters (a cut inside a UTF-8 sequence would only make the file
    undecodable, which the reader then refuses: a short trial); byte flips work on the bytes."""
    text = data.decode("utf-8")
    labels, flips = [], 0
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["flip", "splice", "digits", "numerals", "unicode", "repeat", "delete",
                           "bignum", "words"])
        labels.append(kind)
        pos = rng.randint(0, len(text))
        insert = ""
        if kind == "flip":
            flips += rng.randint(1, 20)
        elif kind == "splice":
            other = rng.choice(SEEDS).decode("utf-8")
            a = rng.randint(0, len(other))
            insert = other[a:a + rng.randint(1, 2000)]
        elif kind == "digits":
            insert = rng.choice(["", "配备", "接听", "公开信息", "\t", "共"]) + \
                rng.choice("0123456789") * rng.choice([300, 3000, 20000, 60000])
        elif kind == "numerals":
            insert = "".join(rng.choice(_CN) for _ in range(rng.choice([310, 5000, 20000]))) + \
                rng.choice(["名专职人员", "条", "件", "次", ""])
        elif kind == "unicode":
            insert = _random_unicode(rng, rng.randint(1, 2000))
        elif kind == "repeat":
            start = text.rfind("\n", 0, pos) + 1
            end = text.find("\n", pos)
            line = text[start:end if end >= 0 else len(text)][:MAX_INSERT]
            insert = line * min(rng.randint(2, 400), MAX_INSERT // max(len(line), 1))
        elif kind == "delete":
            text = text[:pos] + text[pos + rng.randint(1, 2000):]
        elif kind == "bignum":
            insert = "3" * rng.choice([310, 400]) + rng.choice(["次", "条", "%", "万元", "件"])
        elif kind == "words":
            insert = "".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 400)))
        text = text[:pos] + insert + text[pos:]
    b = bytearray(text.encode("utf-8"))
    high = rng.random() < 0.15  # mostly flips that keep ASCII bytes ASCII (still UTF-8)
    for _ in range(flips):
        j = rng.randrange(len(b)) if b else 0
        if b and (high or b[j] < 0x80):
            b[j] ^= 1 << rng.randrange(8 if high else 7)
    return bytes(b), "+".join(labels)


def check(text: str, report) -> list[str]:  # noqa: ANN001
    """Span invariants: each fact's evidence is text[start:end] and its value lies inside it."""
    bad = []
    n = len(text)
    for f in report.facts:
        if text[f.start:f.end] != f.evidence:
            bad.append(f"evidence {f.measure}")
        if not (0 <= f.start <= f.value_start <= f.value_end <= f.end <= n):
            bad.append(f"value span {f.measure}")
    for fl in report.flags:
        if fl.start is not None and not (0 <= fl.start <= (fl.end if fl.end is not None else fl.start) <= n):
            bad.append(f"flag span {fl.code}")
    return bad


def trial(i: int, base_seed: int) -> dict:
    rng = random.Random(base_seed * 1_000_003 + i)
    seed_no = rng.randrange(len(SEEDS))
    data, label = mutate(SEEDS[seed_no], rng)
    as_html = rng.random() < 0.2
    if as_html:
        data = b"<html><body><p>" + data.replace(b"\n", b"</p><p>") + b"</p></body></html>"
    name = f"fuzz-{i}.{'html' if as_html else 'txt'}"
    out = {"i": i, "label": f"seed {seed_no} {label}{' html' if as_html else ''}", "error": None,
           "refused": None, "json": True, "spans": [], "seconds": 0.0}
    t0, c0 = time.perf_counter(), time.process_time()
    signal.alarm(ALARM_S)
    try:
        text, enc = (read_html if as_html else read_plain)(data, name)
        src = SourceText(path=name, text=text, encoding=enc, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        report = extract_source(src)
        try:
            json.dumps(to_json(report), ensure_ascii=False, allow_nan=False)
        except ValueError:
            out["json"] = False
        out["spans"] = check(text, report)
    except InputError as exc:
        out["refused"] = type(exc).__name__
    except Exception as exc:  # the thing we count
        out["error"] = type(exc).__name__
        out["trace"] = traceback.format_exc(limit=-3)
    finally:
        signal.alarm(0)
    out["wall"] = time.perf_counter() - t0
    out["seconds"] = time.process_time() - c0  # CPU time: what the file costs, whatever else runs
    return out


def _init() -> None:
    signal.signal(signal.SIGALRM, _alarm)


def _run(args: tuple[int, int]) -> dict:
    return trial(*args)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="mutated reports (default 10000)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--profile", type=int, metavar="I", help="profile trial I alone and print the hot spots")
    a = ap.parse_args()
    if a.profile is not None:
        import cProfile
        import pstats
        _init()
        prof = cProfile.Profile()
        r = prof.runcall(trial, a.profile, a.seed)
        pstats.Stats(prof).sort_stats("tottime").print_stats(12)
        print(r["label"], f"{r['seconds']:.2f} s CPU", r["error"] or r["refused"] or "")
        return 0
    t0 = time.perf_counter()
    errors: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    invalid_json, spans, times, examples = 0, 0, [], {}
    slowest = {"seconds": 0.0}
    max_wall = 0.0
    slow: list[tuple[float, int]] = []
    with mp.get_context("fork").Pool(a.jobs, initializer=_init) as pool:
        for r in pool.imap_unordered(_run, ((i, a.seed) for i in range(a.n)), chunksize=20):
            times.append(r["seconds"])
            max_wall = max(max_wall, r["wall"])
            if r["seconds"] >= SLOW_S:
                slow.append((r["seconds"], r["i"]))
            if r["seconds"] > slowest["seconds"]:
                slowest = r
            if r["error"]:
                errors[r["error"]] += 1
                examples.setdefault(r["error"], (r["label"], r.get("trace", "")))
            if r["refused"]:
                refused[r["refused"]] += 1
            invalid_json += not r["json"]
            spans += len(r["spans"])
            if r["spans"]:
                examples.setdefault("span", (r["label"], "; ".join(r["spans"][:3])))
    times.sort()
    print(f"fuzz: {a.n} mutated reports (seeds: {len(SEEDS)}), {a.jobs} workers, "
          f"{time.perf_counter() - t0:.0f} s wall")
    print(f"  refused with a reason (intended): {dict(refused) or 0}")
    print(f"  exceptions by type:  {dict(errors) or 0}   (target 0)")
    print(f"  slowest file:        {slowest['seconds']:.3f} s CPU ({slowest.get('label', '')})   (target < {SLOW_S:g} s)")
    print(f"  slowest wall time:   {max_wall:.3f} s (the machine is shared: wall time includes waiting for a core)")
    print(f"  median / p99:        {times[len(times) // 2]:.3f} s / {times[int(len(times) * 0.99)]:.3f} s")
    print(f"  invalid JSON:        {invalid_json}   (target 0)")
    print(f"  span violations:     {spans}   (target 0)")
    if slow:
        print(f"  {len(slow)} files over {SLOW_S:g} s; slowest trials (bench/fuzz.py --profile I): "
              + ", ".join(f"{i} ({t:.1f} s)" for t, i in sorted(slow, reverse=True)[:10]))
    for kind, (label, trace) in examples.items():
        print(f"  example {kind}: {label}\n{trace}")
    ok = not errors and slowest["seconds"] < SLOW_S and not invalid_json and not spans
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
