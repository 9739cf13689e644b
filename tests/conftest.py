"""Shared fixtures: the seed corpus, and a database built from it once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from gikdata.store.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SEEDS = sorted(p for p in RAW.glob("*.txt"))
GOLDEN = Path(__file__).parent / "golden"


def seed(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "gik.duckdb"
    result = ingest([RAW], db)
    assert not result.errors, result.errors
    return db
