"""Stage 6b: report text to term counts per section and to sentences, for keywords and search.

Chinese has no spaces, so terms come from jieba with a domain dictionary (``data/text_terms.csv``:
disclosure, work-safety and emergency terms; plus the agency layer's names in
``data/agency_terms.csv``) and a stopword list (``data/stopwords.txt``). Without the dictionary
jieba splits 政府信息公开 and 危化品 into pieces, and a search for them would find nothing.

Tokenising is the slow part of ingest, so each report is tokenised once: the result is cached
under the project cache folder, keyed by the file's SHA-256 and the dictionary version. An
unchanged report is never tokenised again; a changed dictionary invalidates every entry.
jieba's own dictionary cache lives in the same folder (never the system temp), built under a
file lock so that processes starting at once do not all build it.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba

from ..config import CACHE_DIR, PACKAGE_DATA_DIR
from ..extract.agencies import terms as agency_terms
from ..extract.sections import outline
from ..model import Report
from ..read.normalise import NormText, normalise, sentence_spans

#: Bump when this module's output changes for the same text and dictionary (invalidates caches).
TOKENS_FORMAT = 1
#: Single characters (局, 年, 的) are never indexed: too ambiguous to mean anything alone.
MIN_TERM_CHARS = 2
TERMS_FILE = PACKAGE_DATA_DIR / "text_terms.csv"
STOPWORDS_FILE = PACKAGE_DATA_DIR / "stopwords.txt"
#: Characters jieba keeps inside one block; an entry with any other character (、《》) never
#: reaches jieba whole, so such entries are matched before jieba sees the text.
_JIEBA_BLOCK = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
_HAN = re.compile(r"[\u4E00-\u9FFF]")

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the normalised text; ``start``/``end`` index the original text."""

    sentence_no: int
    section_no: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ReportTokens:
    """One report's terms: (section_no, term, count) rows, its sections and its sentences."""

    report_id: str
    sha256: str
    dictionary: str
    sections: tuple[str, ...]  # title of each top-level section; 0 is the text before the first
    counts: tuple[tuple[int, str, int], ...]
    sentences: tuple[Sentence, ...]

    @property
    def n_tokens(self) -> int:
        return sum(c for _, _, c in self.counts)


def dictionary_entries() -> list[str]:
    """The domain dictionary: text_terms.csv and the agency layer's names, normalised."""
    with TERMS_FILE.open(encoding="utf-8", newline="") as fh:
        words = [row["term"].strip() for row in csv.DictReader(fh)]
    words += [t.term for t in agency_terms()]
    # the text is normalised before tokenising (（ -> ( ...), so entries must be too
    return list(dict.fromkeys(normalise(w).text for w in words if w.strip()))


def stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def dictionary_version() -> str:
    """Changes whenever segmentation could: the data files, jieba's version, this module's format."""
    h = hashlib.sha256()
    for part in (TERMS_FILE.read_bytes(), STOPWORDS_FILE.read_bytes(),
                 "\n".join(t.term for t in agency_terms()).encode(),
                 jieba.__version__.encode(), str((TOKENS_FORMAT, MIN_TERM_CHARS)).encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:12]


class Segmenter:
    """jieba with the domain dictionary and stopwords; build one per process (``segmenter()``)."""

    def __init__(self, cache_dir: Path = CACHE_DIR) -> None:
        self.tokenizer = jieba.Tokenizer()
        jieba_dir = Path(cache_dir) / "jieba"
        jieba_dir.mkdir(parents=True, exist_ok=True)
        self.tokenizer.tmp_dir = str(jieba_dir)
        with _file_lock(jieba_dir / ".lock"):
            self.tokenizer.initialize()
        entries = dictionary_entries()
        for word in entries:
            self.tokenizer.add_word(word)  # jieba suggests a frequency that keeps the word whole
        phrases = sorted((w for w in entries if not _JIEBA_BLOCK.match(w)), key=len, reverse=True)
        self._phrases = re.compile("|".join(map(re.escape, phrases))) if phrases else None
        self.stopwords = stopwords()
        self._indexable: dict[str, bool] = {}  # word -> indexable(word), memoised

    def cut(self, text: str) -> Iterator[str]:
        """Every token, as jieba (HMM on) gives them, with the punctuated entries kept whole."""
        if self._phrases is None:
            yield from self.tokenizer.cut(text)
            return
        pos = 0
        for m in self._phrases.finditer(text):
            yield from self.tokenizer.cut(text[pos:m.start()])
            yield m.group()
            pos = m.end()
        yield from self.tokenizer.cut(text[pos:])

    def count(self, text: str) -> Counter[str]:
        """Indexable terms and their counts: distinct words are filtered once, not every token."""
        memo = self._indexable
        out: Counter[str] = Counter()
        for word, n in Counter(self.cut(text)).items():
            keep = memo.get(word)
            if keep is None:
                keep = memo[word] = self.indexable(word)
            if keep:
                out[word] = n
        return out

    def indexable(self, word: str) -> bool:
        """A term of two or more characters with a Han character (or a Latin word), no stopword."""
        return (len(word) >= MIN_TERM_CHARS and word not in self.stopwords
                and (bool(_HAN.search(word)) or (word.isascii() and word.isalpha())))

    def query_terms(self, query: str) -> list[str]:
        """A search query's terms, segmented like the reports were, in order, without repeats."""
        words = (w for part in normalise(query).text.split() for w in self.cut(part))
        return list(dict.fromkeys(w for w in words if self.indexable(w)))


@cache
def segmenter(cache_dir: Path = CACHE_DIR) -> Segmenter:
    return Segmenter(cache_dir)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (POSIX); elsewhere jieba's atomic rename must do."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def section_bounds(norm: NormText) -> tuple[list[str], list[int]]:
    """Top-level sections: titles and start offsets; section 0 is the text before the first."""
    heads = [h for h in outline(norm.text).headings if h.level == 1]
    return [""] + [h.title for h in heads], [0] + [h.start for h in heads]


def count_sections(seg: Segmenter, text: str, starts: Sequence[int]) -> list[tuple[int, str, int]]:
    """(section_no, term, count) for each section of ``text``, in section then first-seen order."""
    rows = []
    bounds = [*starts, len(text)]
    for no in range(len(starts)):
        counts = seg.count(text[bounds[no]:bounds[no + 1]])
        rows += [(no, term, n) for term, n in counts.items()]
    return rows


def sentences(norm: NormText, starts: Sequence[int]) -> list[Sentence]:
    """The sentences search shows, with spans into the original text."""
    out = []
    for start, end in sentence_spans(norm.text):
        piece = norm.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        text = piece.strip()
        if not text:
            continue
        o_start, o_end = norm.orig_span(start + lead, start + lead + len(text))
        section_no = bisect.bisect_right(starts, start + lead) - 1
        out.append(Sentence(len(out), max(section_no, 0), o_start, o_end, text))
    return out


def tokenise_text(report_id: str, sha256: str, text: str) -> ReportTokens:
    """Tokenise one report's original text (no cache): normalise, split sections, count."""
    norm = normalise(text)
    titles, starts = section_bounds(norm)
    counts = count_sections(segmenter(), norm.text, starts)
    return ReportTokens(report_id, sha256, dictionary_version(), tuple(titles), tuple(counts),
                        tuple(sentences(norm, starts)))


def tokenise_report(report: Report, cache_dir: Path | None = None) -> ReportTokens:
    """The report's tokens from the cache (``cache_dir/tokens``), or tokenised now and cached."""
    cache_dir = Path(cache_dir or CACHE_DIR)
    path = cache_dir / "tokens" / f"{report.sha256}-{dictionary_version()}.json"
    cached = _read_cache(path, report.report_id)
    if cached is not None:
        return cached
    tokens = tokenise_text(report.report_id, report.sha256, report.text)
    _write_cache(path, tokens)
    return tokens


def tokenise_reports(reports: Iterable[Report], cache_dir: Path | None = None) -> list[ReportTokens]:
    return [tokenise_report(r, cache_dir) for r in reports]


def _read_cache(path: Path, report_id: str) -> ReportTokens | None:
    """A cached result, or None when absent or unreadable (then it is simply rebuilt)."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        return ReportTokens(report_id, d["sha256"], d["dictionary"], tuple(d["sections"]),
                            tuple(tuple(c) for c in d["counts"]),
                            tuple(Sentence(*s) for s in d["sentences"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, tokens: ReportTokens) -> None:
    """Write beside the target and rename: a reader never sees half a file, two writers agree."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"sha256": tokens.sha256, "dictionary": tokens.dictionary, "sections": tokens.sections,
            "counts": tokens.counts,
            "sentences": [(s.sentence_no, s.section_no, s.start, s.end, s.text) for s in tokens.sentences]}
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
