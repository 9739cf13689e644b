"""Stage 6b: report text to term counts per section and to sentences, for keywords and search.

Chinese has no spaces, so terms come from jieba's segmenter (its Rust build, ``rjieba``: the same
dictionary, the same HMM, 10x faster; bench/tokenise.py compares them) with a domain dictionary (``data/text_terms.csv``:
disclosure, work-safety and emergency terms; plus the agency layer's names in
``data/agency_terms.csv``) and a stopword list (``data/stopwords.txt``). Without the dictionary
jieba splits 政府信息公开 and 危化品 into pieces, and a search for them would find nothing.

A report is tokenised once: its tokens are part of the file's cached result (``work.py``), whose
key includes the dictionary version, so a changed dictionary invalidates every entry. rjieba
carries jieba's dictionary inside its wheel: nothing is built or written at start.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from ..config import CACHE_DIR, PACKAGE_DATA_DIR
from ..extract.agencies import terms as agency_terms
from ..extract.sections import outline
from ..read.normalise import NormText, normalise, sentence_spans

#: Bump when this module's output changes for the same text and dictionary (invalidates caches).
#: 2: rjieba instead of jieba (Han terms identical on the real corpus; ASCII runs split as jieba does)
TOKENS_FORMAT = 2
#: Single characters (局, 年, 的) are never indexed: too ambiguous to mean anything alone.
MIN_TERM_CHARS = 2
TERMS_FILE = PACKAGE_DATA_DIR / "text_terms.csv"
STOPWORDS_FILE = PACKAGE_DATA_DIR / "stopwords.txt"
#: Characters jieba keeps inside one block; an entry with any other character (、《》) never
#: reaches jieba whole, so such entries are matched before jieba sees the text.
_JIEBA_BLOCK = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
_HAN = re.compile(r"[\u4E00-\u9FFF]")
#: jieba's own split of a run of Latin letters and digits it cannot look up (finalseg's re_skip):
#: rjieba keeps ``126.com`` or ``0517-87222589`` whole where jieba gives ``126`` ``.`` ``com``.
_ASCII_SPLIT = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
#: a Latin letter or digit beside ASCII punctuation: only then can rjieba have joined a run
_ASCII_JOINED = re.compile(r"[A-Za-z0-9][!-/:-@\[-`{-~]|[!-/:-@\[-`{-~][A-Za-z0-9]")


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
                 version("rjieba").encode(), str((TOKENS_FORMAT, MIN_TERM_CHARS)).encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:12]


class Segmenter:
    """jieba (rjieba) with the domain dictionary and stopwords; one per process (``segmenter()``).

    ``cache_dir`` is kept for callers of the jieba version; rjieba needs no cache.
    """

    def __init__(self, cache_dir: Path = CACHE_DIR) -> None:
        import rjieba  # here, not at the top: importing it loads jieba's dictionary

        # the module's own instance: a second Jieba() would load the same dictionary again
        self.tokenizer = rjieba._DEFAULT_JIEBA
        entries = dictionary_entries()
        for word in entries:
            self.tokenizer.add_word(word, None, None)  # a suggested frequency keeps the word whole
        phrases = sorted((w for w in entries if not _JIEBA_BLOCK.match(w)), key=len, reverse=True)
        self._phrases = re.compile("|".join(map(re.escape, phrases))) if phrases else None
        self.stopwords = stopwords()
        self._indexable: dict[str, bool] = {}  # word -> indexable(word), memoised

    def cut(self, text: str) -> list[str]:
        """Every token, as jieba (HMM on) gives them, with the punctuated entries kept whole."""
        if self._phrases is None:
            return self._cut(text)
        out: list[str] = []
        pos = 0
        for m in self._phrases.finditer(text):
            out += self._cut(text[pos:m.start()])
            out.append(m.group())
            pos = m.end()
        out += self._cut(text[pos:])
        return out

    def _cut(self, text: str) -> list[str]:
        """rjieba's tokens, with joined Latin runs split the way jieba splits them (lists, not
        generators: this runs for every token of every report)."""
        words = self.tokenizer.cut(text, True)
        if not _ASCII_JOINED.search(text):
            return words
        out: list[str] = []
        for word in words:
            if len(word) > 1 and word.isascii() and not word.isalnum():
                out += [p for p in _ASCII_SPLIT.split(word) if p]
            else:
                out.append(word)
        return out

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
    """Tokenise one report's original text (no cache): normalise, split sections, count.

    Right after extraction ``normalise`` returns the extractor's result (it remembers its last
    text), so a report is normalised once.
    """
    norm = normalise(text)
    titles, starts = section_bounds(norm)
    counts = count_sections(segmenter(), norm.text, starts)
    return ReportTokens(report_id, sha256, dictionary_version(), tuple(titles), tuple(counts),
                        tuple(sentences(norm, starts)))
