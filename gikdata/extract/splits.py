"""Reading printed numbers as table cells when a crawler ran adjacent cells together.

A flattened template row arrives as tokens: whitespace-separated runs of digits
(``行政许可396442278`` gives one token for three cells; ``160 02 0 018`` gives five tokens for
seven). A whitespace break is a real cell boundary; inside a run, any boundary is possible.
A *reading* splits every run into one or more cells so that the row has exactly ``n`` cells,
no cell of two or more digits starts with 0 (no template prints ``03``), no cell is longer
than ``max_digits``, and, when the row states its own arithmetic (``groups``: each group's
last cell is the sum of the others), every group adds up.

The caller keeps only what every reading agrees on (:func:`agreed`): ``7700`` for three cells
reads 7|70|0 or 77|0|0, so the last cell is 0 whatever the split, and the first two are
unknown. Nothing here guesses: a row with no reading, or too many to weigh, has none.

Linear time: a row longer than ``n * max_digits`` digits is refused before any search, and the
search counts its steps and gives up at ``MAX_STEPS`` (a 60 KB digit run costs one length test).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Most search steps a row may cost before it is declared unreadable.
MAX_STEPS = 4000


@dataclass(frozen=True, slots=True)
class Piece:
    """One cell of a reading: its value and where its digits sit (token index, char offsets
    inside that token). A cell filled from its group's arithmetic has ``token`` -1."""

    value: float
    token: int
    start: int
    end: int


Reading = tuple[Piece, ...]


class TooMany(Exception):
    """The search would exceed its step budget: the row has too many readings to weigh."""


def is_run(token: str) -> bool:
    """A token that may hold several cells: digits, perhaps after a sign (``88-720`` is 88 then
    a run whose first cell is negative: -72|0 or -7|20). A decimal point makes a token one
    cell (an amount in 万元 is never followed by another cell in the same run)."""
    body = token[1:] if token[:1] in "-+" else token
    return bool(body) and body.isdigit() and body.isascii()


def _signs(token: str) -> int:
    return 1 if token[:1] in "-+" else 0


def readings(tokens: Sequence[str], n: int, groups: tuple[int, ...] = (), max_digits: int = 7,
             signed: frozenset[int] = frozenset(), only: int | None = None) -> list[Reading] | None:
    """Every reading of ``tokens`` as ``n`` cells (``_readings``), remembered: the same printed
    row (a request row of zeros, ``0000000``) recurs in most reports, and its search is the
    costliest step of reading a table. Readings are immutable, so a remembered one is safe."""
    found = _readings(tuple(tokens), n, groups, max_digits, signed, only)
    return None if found is None else list(found)


@lru_cache(maxsize=4096)
def _readings(tokens: tuple[str, ...], n: int, groups: tuple[int, ...], max_digits: int,
              signed: frozenset[int], only: int | None) -> tuple[Reading, ...] | None:
    """Every reading of ``tokens`` as ``n`` cells (see the module docstring); None when the row
    is too long or has too many readings to weigh. ``signed``: cell indexes that may be
    negative (2019's 本年增/减). When fewer cells are printed than the row has and ``groups``
    is given, at most one cell per group may be missing, filled from its group's total.
    ``only``: hold just that group to its arithmetic (the others to the shape alone), for a
    row whose groups cannot all add up."""
    if n <= 0 or not tokens or any(not _is_number(t) for t in tokens):
        return []
    if groups and sum(groups) != n:
        raise ValueError("groups must cover the row")
    capacity = sum(len(t) - _signs(t) if is_run(t) else 1 for t in tokens)
    if capacity > n * max_digits or len(tokens) > n:
        return None if capacity > n * max_digits else []
    try:
        if capacity >= n:
            found = list(_split(tokens, n, groups, max_digits, signed, only))
        elif groups:  # a run of zeros can only be read one 0 per cell (00 is no cell)
            cells = [(z, ti, k, k + 1) if set(t) == {"0"} else (t, ti, 0, len(t))
                     for ti, t in enumerate(tokens) for k, z in enumerate(t if set(t) == {"0"} else [t])]
            found = list(_fill_missing(cells, n, groups, signed)) if len(cells) <= n else []
        else:
            found = []
    except TooMany:
        return None
    return tuple(found)


def agreed(found: Sequence[Reading], n: int) -> list[Piece | None]:
    """Per cell, the piece every reading gives it (value and place), a piece with ``token``
    -2 when readings agree on the value only, or None when they disagree."""
    if not found:
        return [None] * n
    out: list[Piece | None] = []
    for i in range(n):
        cells = {r[i] for r in found}
        values = {c.value for c in cells}
        if len(values) != 1:
            out.append(None)
        elif len(cells) == 1:
            out.append(next(iter(cells)))
        else:
            out.append(Piece(values.pop(), -2, 0, 0))
    return out


def _is_number(token: str) -> bool:
    t = token[1:] if token[:1] in "-+" else token
    head, _, tail = t.partition(".")
    return head.isdigit() and head.isascii() and (not tail or (tail.isdigit() and tail.isascii()))


def _value(token: str) -> float:
    return float(token)


def _groups_ok(cells: list[Piece], groups: tuple[int, ...], upto: int, only: int | None) -> bool:
    """The groups that end at or before cell ``upto`` add up (just group ``only`` if given)."""
    pos = 0
    for gi, size in enumerate(groups):
        if pos + size > upto:
            return True
        g = cells[pos:pos + size]
        if (only is None or gi == only) and sum(c.value for c in g[:-1]) != g[-1].value:
            return False
        pos += size
    return True


def _group_ends(groups: tuple[int, ...]) -> set[int]:
    ends, pos = set(), 0
    for size in groups:
        pos += size
        ends.add(pos)
    return ends


def _split(tokens: Sequence[str], n: int, groups: tuple[int, ...], max_digits: int,
           signed: frozenset[int], only: int | None = None) -> Iterator[Reading]:
    """Depth-first over cut points, pruned by the cells still needed and by group sums."""
    ends = _group_ends(groups)
    # min/max cells the tokens from index i on can still give
    min_left = [0] * (len(tokens) + 1)
    max_left = [0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        min_left[i] = min_left[i + 1] + 1
        max_left[i] = max_left[i + 1] + (len(tokens[i]) - _signs(tokens[i]) if is_run(tokens[i]) else 1)
    out: list[Piece] = []
    steps = [0]

    def rec(ti: int, off: int) -> Iterator[Reading]:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            raise TooMany
        if ti == len(tokens):
            if len(out) == n:
                yield tuple(out)
            return
        tok = tokens[ti]
        if not is_run(tok):
            if tok.startswith("-") and len(out) not in signed:
                return
            yield from _take(Piece(_value(tok), ti, 0, len(tok)), ti + 1, 0)
            return
        sign = _signs(tok) if off == 0 else 0  # a sign belongs to the run's first cell
        if tok.startswith("-") and sign and len(out) not in signed:
            return
        rest = len(tok) - off - sign
        for k in range(1, min(rest, max_digits) + 1):
            digits = tok[off + sign:off + sign + k]
            if k > 1 and digits[0] == "0":
                break
            end = off + sign + k
            nti, noff = (ti + 1, 0) if end == len(tok) else (ti, end)
            yield from _take(Piece(float(tok[off:end]), ti, off, end), nti, noff)

    def _take(piece: Piece, nti: int, noff: int) -> Iterator[Reading]:
        out.append(piece)
        try:
            cells = len(out)
            if noff:  # still inside token nti: its rest gives 1 to len(rest) cells
                left_min = min_left[nti + 1] + 1
                left_max = max_left[nti + 1] + len(tokens[nti]) - noff
            else:
                left_min, left_max = min_left[nti], max_left[nti]
            if cells + left_min <= n <= cells + left_max and (cells not in ends or _groups_ok(out, groups, cells, only)):
                yield from rec(nti, noff)
        finally:
            out.pop()

    yield from rec(0, 0)


def _fill_missing(cells: Sequence[tuple[str, int, int, int]], n: int, groups: tuple[int, ...],
                  signed: frozenset[int]) -> Iterator[Reading]:
    """Fewer printed cells than the row has (each given as text, token index and offsets):
    place the gaps (at most one per group) and fill each from its group's arithmetic; counts
    are never negative, and no printed cell is ``03``."""
    missing = n - len(cells)
    if missing > len(groups) or any(len(t) > 1 and t[0] == "0" and "." not in t for t, *_ in cells):
        return
    for steps, gaps in enumerate(_gap_choices(groups, missing)):
        if steps > MAX_STEPS:
            raise TooMany
        row: list[Piece | None] = []
        ci = 0
        for i in range(n):
            if i in gaps:
                row.append(None)
            else:
                text, ti, a, b = cells[ci]
                row.append(Piece(_value(text), ti, a, b))
                ci += 1
        filled = _fill(row, groups, signed)
        if filled is not None:
            yield filled


def _gap_choices(groups: tuple[int, ...], missing: int) -> Iterator[frozenset[int]]:
    """Sets of cell indexes to leave empty, at most one per group."""
    starts, pos = [], 0
    for size in groups:
        starts.append((pos, size))
        pos += size

    def rec(gi: int, left: int, chosen: tuple[int, ...]) -> Iterator[frozenset[int]]:
        if left == 0:
            yield frozenset(chosen)
            return
        if gi == len(starts) or len(starts) - gi < left:
            return
        yield from rec(gi + 1, left, chosen)
        s, size = starts[gi]
        for i in range(s, s + size):
            yield from rec(gi + 1, left - 1, (*chosen, i))

    yield from rec(0, missing, ())


def _fill(cells: list[Piece | None], groups: tuple[int, ...], signed: frozenset[int]) -> Reading | None:
    out: list[Piece] = []
    pos = 0
    for size in groups:
        g = cells[pos:pos + size]
        known = [c for c in g if c is not None]
        if len(known) < size - 1:
            return None
        if len(known) == size - 1:
            gap = g.index(None)
            parts = sum(c.value for c in g[:-1] if c is not None)
            value = parts if gap == size - 1 else g[-1].value - parts  # type: ignore[union-attr]
            if value < 0 and pos + gap not in signed:
                return None
            g = [Piece(value, -1, 0, 0) if c is None else c for c in g]
        if sum(c.value for c in g[:-1]) != g[-1].value:  # type: ignore[union-attr]
            return None
        out += g  # type: ignore[arg-type]
        pos += size
    return tuple(out)
