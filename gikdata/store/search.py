"""Full-text search and term trends over the tokens table, for the CLI and the notebooks.

Ranking is BM25 in DuckDB SQL (``sql/search.sql``): DuckDB's fts extension cannot be installed
offline and drops Chinese characters. Query text is segmented with the same dictionary as the
reports, so 危化品 in a query meets 危化品 in the tokens table.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from ..config import CACHE_DIR
from ..errors import QueryError
from .queries import find_agencies, run
from .tokens import segmenter

#: ``limit=None``: every report that matches
ALL = 2**62


def query_terms(query: str) -> list[str]:
    """The indexable terms of a query, segmented like the reports."""
    return segmenter(CACHE_DIR).query_terms(query)


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int | None = 10) -> pd.DataFrame:
    """Reports ranked by BM25 for ``query``, best first, with their best matching sentence."""
    terms = query_terms(query)
    if not terms:
        raise QueryError(f"{query!r} holds no searchable term (single characters and stopwords are not indexed)")
    try:
        rel = run(con, "search", terms=terms, n=limit or ALL)
    except duckdb.CatalogException as exc:  # a database built before the text tables existed
        raise QueryError(f"this database has no text tables ({exc}); run `gik ingest` again") from None
    return rel.df()


def resolve_agencies(con: duckdb.DuckDBPyConnection, agencies: Sequence[str]) -> list[str]:
    """Agency ids for ids, names or aliases; an unknown one is an error naming it."""
    ids: list[str] = []
    for a in agencies:
        found = find_agencies(con, a)
        if not found:
            raise QueryError(f"no agency matches {a!r}")
        ids += [agency_id for agency_id, _ in found]
    return list(dict.fromkeys(ids))


def year_trends(con: duckdb.DuckDBPyConnection, terms: Sequence[str]) -> pd.DataFrame:
    """Per year and term: the share of that year's reports that mention the term."""
    return run(con, "term_share_by_year", terms=list(terms)).df()


def agency_trends(con: duckdb.DuckDBPyConnection, terms: Sequence[str],
                  agencies: Sequence[str] = ()) -> pd.DataFrame:
    """Per agency, year and term: the share of the agency's reports that mention the term.

    ``agencies`` are ids, names or aliases; empty means every agency.
    """
    ids = resolve_agencies(con, agencies) if agencies else None
    return run(con, "term_share_by_agency", terms=list(terms), agency_ids=ids).df()


def agency_keywords(con: duckdb.DuckDBPyConnection, agencies: Sequence[str] = (),
                    top: int = 10) -> pd.DataFrame:
    """The ``top`` TF-IDF keywords of each agency and year."""
    ids = resolve_agencies(con, agencies) if agencies else None
    return run(con, "top_keywords", agency_ids=ids, top=top).df()
