"""Run notebooks fast: warm kernels reused across briefs, a pool of worker processes, HTML
exported in-process.

The loop a user would script (``papermill`` then ``jupyter nbconvert``, per brief) pays for a
Python start, a kernel start, importing pandas/plotly/duckdb and loading nbconvert's templates
on every brief. Here each worker process starts one kernel, imports the libraries once, and
keeps one HTML exporter; between briefs only the kernel's namespace is reset (``%reset -f``:
user variables go, imported modules stay).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import TEMPLATES_DIR, project_dir
from ..errors import BriefError

KERNEL = "python3"
CELL_TIMEOUT = 600
#: Run once per kernel so the first brief does not pay for these imports.
WARM_UP = ("import duckdb, pandas, plotly.graph_objects, plotly.io, IPython.display\n"
           "import gikdata.briefs.agency_view, gikdata.briefs.compare_view, gikdata.briefs.overview_view, gikdata.briefs.charts\n"
           "gikdata.briefs.charts.init_notebook()")
RESET = "%reset -f"


@dataclass(frozen=True)
class Task:
    """One notebook to run with parameters, written as HTML to ``target``."""

    key: str
    notebook: Path
    parameters: dict
    target: Path
    title: str


@dataclass(frozen=True)
class Outcome:
    key: str
    ok: bool
    error: str | None
    seconds: float


class KernelRunner:
    """One warm kernel that runs notebook after notebook (nbclient, kernel kept between runs)."""

    def __init__(self, kernel_name: str = KERNEL, cwd: Path | None = None) -> None:
        self.kernel_name = kernel_name
        # the project folder, not the notebooks' (inside site-packages when installed): the
        # kernel resolves the project's paths from its own folder, as config.project does here
        self.cwd = cwd or project_dir()
        self._client = None
        self._exporter = None

    def _run(self, nb):
        from nbclient import NotebookClient

        if self._client is None:
            self._client = NotebookClient(nb, kernel_name=self.kernel_name, timeout=CELL_TIMEOUT,
                                          resources={"metadata": {"path": str(self.cwd)}})
        self._client.nb = nb
        # the kernel's own log (e.g. "running over TCP without encryption") is not the user's business
        self._client.execute(cleanup_kc=False, stderr=subprocess.DEVNULL)
        return nb

    def warm(self) -> None:
        """Start the kernel and import what every brief needs."""
        import nbformat

        self._run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(WARM_UP)]))
        self.exporter()

    def execute(self, notebook: Path, parameters: dict):
        """Run ``notebook`` with ``parameters`` injected (papermill's parameter cell); BriefError on
        any cell error."""
        import nbformat
        from nbclient.exceptions import CellExecutionError
        from papermill.parameterize import parameterize_notebook

        nb = nbformat.read(notebook, as_version=4)
        nb.metadata.setdefault("papermill", {})  # papermill's loader prepares these two
        for cell in nb.cells:
            cell.metadata.setdefault("tags", [])
        nb = parameterize_notebook(nb, parameters, kernel_name=self.kernel_name, language="python")
        nb.cells.insert(0, nbformat.v4.new_code_cell(RESET))
        try:
            self._run(nb)
        except CellExecutionError as exc:
            raise BriefError(f"{notebook.name}: {exc.ename}: {exc.evalue}") from None
        finally:
            del nb.cells[0]
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    raise BriefError(f"{notebook.name}: {output.get('ename')}: {output.get('evalue')}")
        return nb

    def exporter(self):
        """nbconvert's HTML exporter with the offline ``brief`` template, built once."""
        if self._exporter is None:
            from nbconvert import HTMLExporter

            self._exporter = HTMLExporter(template_name="brief", extra_template_basedirs=[str(TEMPLATES_DIR)],
                                          language_code="zh", exclude_input=True, exclude_input_prompt=True,
                                          exclude_output_prompt=True)
        return self._exporter

    def render(self, task: Task) -> Outcome:
        """Run and export one task; errors become a failed Outcome, never an exception."""
        start = time.perf_counter()
        try:
            nb = self.execute(task.notebook, task.parameters)
            nb.metadata["title"] = task.title
            body, _ = self.exporter().from_notebook_node(nb)
            write_atomic(task.target, body)
            return Outcome(task.key, True, None, time.perf_counter() - start)
        except BriefError as exc:
            return Outcome(task.key, False, str(exc), time.perf_counter() - start)
        except Exception as exc:  # a kernel that died, a template error: report it, keep going
            return Outcome(task.key, False, f"{type(exc).__name__}: {exc}", time.perf_counter() - start)

    def close(self) -> None:
        if self._client is not None and self._client.km is not None:
            self._client._cleanup_kernel()
            self._client = None


def write_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


def _worker(tasks, results) -> None:
    """A worker process: one warm kernel, tasks until the ``None`` sentinel."""
    runner = KernelRunner()
    try:
        runner.warm()
        while (task := tasks.get()) is not None:
            results.put(runner.render(task))
    finally:
        runner.close()


def run_tasks(tasks: Iterable[Task], jobs: int = 2,
              on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Render every task with ``jobs`` worker processes (1: in this process); outcomes in finish order.

    A worker that dies (its kernel crashed) leaves its tasks as failures rather than a hang.
    """
    tasks = list(tasks)
    if not tasks:
        return []
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        return _run_here(tasks, on_done)
    ctx = mp.get_context("spawn")
    todo, done = ctx.Queue(), ctx.Queue()
    for t in tasks:
        todo.put(t)
    for _ in range(jobs):
        todo.put(None)
    procs = [ctx.Process(target=_worker, args=(todo, done), daemon=True) for _ in range(jobs)]
    for p in procs:
        p.start()
    outcomes: list[Outcome] = []
    while len(outcomes) < len(tasks):
        try:
            out = done.get(timeout=2)
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                break
            continue
        outcomes.append(out)
        if on_done:
            on_done(out)
    for p in procs:
        p.join(timeout=30)
    finished = {o.key for o in outcomes}
    for t in tasks:
        if t.key not in finished:
            lost = Outcome(t.key, False, "the worker process running it died", 0.0)
            outcomes.append(lost)
            if on_done:
                on_done(lost)
    return outcomes


def _run_here(tasks: list[Task], on_done: Callable[[Outcome], None] | None) -> list[Outcome]:
    runner = KernelRunner()
    outcomes = []
    try:
        for t in tasks:
            outcomes.append(runner.render(t))
            if on_done:
                on_done(outcomes[-1])
    finally:
        runner.close()
    return outcomes
