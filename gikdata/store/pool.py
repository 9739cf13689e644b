"""Worker processes for the per-file work, with a time budget per file.

The loader is one process; the per-file work (read, extract, tokenise) runs in ``workers``
processes, fed chunks of files and sending back one result per file as soon as it is done, so
results stream into the database while the workers go on. A regular expression cannot be
interrupted inside a process, so a worker that spends longer than ``budget`` seconds on one
file is killed and replaced: that file becomes an error row naming it and the reason, and the
rest of its chunk goes to the new worker. A worker that dies (a crash in a C library, the
kernel's OOM killer) is treated the same way.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import socket
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .work import FileResult, FileTask, prepare, process_file, process_file_pickled

#: Seconds one file may take before its worker is killed (``gik ingest --budget``).
FILE_BUDGET = 30.0
#: Files sent to a worker at a time: large enough to keep it busy, small enough to share out.
CHUNK = 8


@dataclass
class _Worker:
    proc: mp.process.BaseProcess
    conn: Connection
    queue: deque[FileTask] = field(default_factory=deque)
    started: float = 0.0  # when the file at the head of the queue began


def run_serial(tasks: Iterable[FileTask], cache_dir: Path | None) -> Iterator[FileResult]:
    """The same work in this process, one file after another (no time budget)."""
    for task in tasks:
        yield process_file(task, cache_dir)


def run_pool(tasks: Sequence[FileTask], workers: int, cache_dir: Path | None,
             budget: float = FILE_BUDGET, chunk: int = CHUNK) -> Iterator[FileResult]:
    """Results of ``tasks`` in the order they finish, from ``workers`` processes."""
    pending = deque(tasks[i:i + chunk] for i in range(0, len(tasks), chunk))
    forking = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if forking else "spawn")
    if forking and pending:
        prepare()
    pool = [_start(ctx, cache_dir) for _ in range(min(workers, len(pending)))]
    try:
        for w in pool:
            _feed(w, pending)
        while any(w.queue for w in pool):
            busy = [w for w in pool if w.queue]
            timeout = max(0.0, min(w.started + budget for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy], timeout=timeout))
            for i, w in enumerate(pool):
                if not w.queue:
                    continue
                if w.conn in ready:
                    result = _receive(w)
                    if result is None:  # the worker died on its current file
                        yield _failed(w.queue.popleft(), "WorkerDied",
                                      f"the worker process died (exit code {w.proc.exitcode})")
                        pool[i] = w = _restart(ctx, cache_dir, w)
                    else:
                        result.path = w.queue.popleft().path  # a cached result may name another
                        yield result
                    w.started = time.monotonic()
                elif time.monotonic() - w.started > budget:
                    yield _failed(w.queue.popleft(), "FileTimeout",
                                  f"gave up after {budget:g} s (the per-file time budget)")
                    pool[i] = w = _restart(ctx, cache_dir, w)
                _feed(w, pending)
    finally:
        for w in pool:
            _stop(w)


#: Bytes a worker's results may wait in its connection while the loader inserts a batch: the
#: default (~200 KB) holds one or two results, so workers stood blocked on a full socket.
CONNECTION_BUFFER = 4 * 1024 * 1024


def _widen(conn: Connection) -> None:
    """Give a worker's connection (a socketpair) room for many results, so a worker goes on
    while the loader is busy. The kernel caps the size (net.core.wmem_max); a smaller buffer
    costs only speed."""
    with contextlib.suppress(OSError), socket.socket(fileno=os.dup(conn.fileno())) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CONNECTION_BUFFER)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, CONNECTION_BUFFER)


def _start(ctx, cache_dir: Path | None, queue: deque[FileTask] | None = None) -> _Worker:
    parent, child = ctx.Pipe()
    _widen(parent)
    _widen(child)
    proc = ctx.Process(target=_serve, args=(child, cache_dir), daemon=True)
    proc.start()
    child.close()
    w = _Worker(proc, parent, deque())
    if queue:
        w.queue.extend(queue)
        parent.send(list(queue))
    w.started = time.monotonic()
    return w


def _restart(ctx, cache_dir: Path | None, w: _Worker) -> _Worker:
    """Kill ``w`` and start a new worker on the rest of its queue."""
    w.proc.kill()
    w.proc.join()
    w.conn.close()
    return _start(ctx, cache_dir, w.queue)


def _feed(w: _Worker, pending: deque[list[FileTask]]) -> None:
    """Send the next chunk while the worker still has one to work on, so it never waits for us
    (the loader may be inserting a batch when the worker finishes its last file)."""
    if len(w.queue) <= CHUNK and pending:
        if not w.queue:
            w.started = time.monotonic()
        chunk = pending.popleft()
        w.queue.extend(chunk)
        w.conn.send(chunk)


def _receive(w: _Worker) -> FileResult | None:
    try:
        message = w.conn.recv()
    except (EOFError, OSError):
        return None
    if isinstance(message, BaseException):
        raise message
    return message


def _failed(task: FileTask, kind: str, reason: str) -> FileResult:
    return FileResult(task.path, task.file, task.key, error=(task.path, kind, f"{task.path}: {reason}"))


def _stop(w: _Worker) -> None:
    if w.proc.is_alive():
        with contextlib.suppress(OSError):
            w.conn.send(None)
        w.proc.join(timeout=2)
        if w.proc.is_alive():
            w.proc.kill()
            w.proc.join()
    w.conn.close()


def _serve(conn: Connection, cache_dir: Path | None) -> None:
    """A worker: chunks of tasks in, one result per file out, until None.

    A forked worker inherits the loader's objects, among them DuckDB connections whose C++
    side is not usable in the child; the garbage collector must never finalise them here, so
    everything inherited is frozen first (it is never touched, and the worker ends by _exit).
    """
    gc.freeze()
    while (chunk := conn.recv()) is not None:
        for task in chunk:
            try:
                conn.send_bytes(process_file_pickled(task, cache_dir))  # pickled once, in the worker
            except BaseException as exc:  # noqa: BLE001 - the loader decides (a ManifestError stops the run)
                conn.send(exc)
