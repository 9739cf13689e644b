"""The Dask engine: the per-file work on a Dask cluster, written as partitioned Parquet.

``gik ingest --engine dask [--scheduler ADDRESS]``: the files to read are a ``dask.bag``; each
partition runs ``work.process_file`` on every file in it and writes one Parquet file per table
(``reports``, ``facts``, ``tokens``, ``sentences``, ``token_docs`` and ``ingest_files``, whose
stubs carry the flags) into ``PARQUET/TABLE/part-N.parquet``. The loader then reads that Parquet
into DuckDB and finishes as for a local ingest, so both engines give the same database.

Without ``--scheduler`` a local cluster (one single-threaded worker process per core) is started
and stopped. With one, the workers must see the input files and the Parquet folder (made beside
the database) at the same paths: a shared filesystem. Dask is an optional extra:
``pip install "gikdata[dask]"``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import GikError
from .load import DatabaseUpdate, batch_tables
from .work import FileTask, process_file

#: Files per Dask partition (one Parquet file per table each).
PARTITION_FILES = 50


def run_dask(tasks: Sequence[FileTask], update: DatabaseUpdate, cache_dir: Path | None,
             scheduler: str | None = None, on_file: Callable[[Path], None] | None = None
             ) -> list[tuple[str, str, str]]:
    """Run ``tasks`` on Dask, load the Parquet they give into ``update``; return the errors."""
    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise GikError('the dask engine needs Dask: pip install "gikdata[dask]"') from None
    out = Path(tempfile.mkdtemp(prefix=f".{update.target.name}.parquet-", dir=update.target.parent))
    try:
        if tasks:
            cluster = None if scheduler else LocalCluster(
                n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None)
            with Client(scheduler or cluster) as client:
                bag = db.from_sequence(list(tasks), partition_size=PARTITION_FILES)
                errors = bag.map_partitions(write_partition, str(out), str(cache_dir) if cache_dir else None)
                errors = client.compute(errors).result()
            if cluster is not None:
                cluster.close()
        else:
            errors = []
        for t in tasks:
            if on_file:
                on_file(Path(t.path))
        update.add_parquet(out)
        return [tuple(e) for e in errors]
    finally:
        shutil.rmtree(out, ignore_errors=True)


def write_partition(tasks: Sequence[FileTask], out: str, cache_dir: str | None) -> list[tuple[str, str, str]]:
    """One partition's work: its rows to ``out/TABLE/part-KEY.parquet``; its errors returned."""
    import pyarrow.parquet as pq
    results = [process_file(t, Path(cache_dir) if cache_dir else None) for t in tasks]
    loaded = [r for r in results if r.error is None]
    if loaded:
        name = f"part-{loaded[0].key}.parquet"
        for table, data in batch_tables(loaded):
            if data.num_rows:
                (Path(out) / table).mkdir(parents=True, exist_ok=True)
                pq.write_table(data, Path(out) / table / name)
    return [r.error for r in results if r.error is not None]
