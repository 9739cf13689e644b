"""Headless Chromium for the end-to-end tests, with the network blocked (a proxy that is not
there), and the page's console read from Chromium's own log (--enable-logging=stderr)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--proxy-server=127.0.0.1:9", "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0"]
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")


@dataclass
class Page:
    dom: str
    console: list[str]  # every console message (errors, failed loads, uncaught exceptions)


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise RuntimeError("chromium is not installed: run `make sysdeps` (make test does)")
    return exe


def run(page: Path, *args: str) -> Page:
    with tempfile.TemporaryDirectory(prefix="gik-chromium-") as profile:
        out = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
                             capture_output=True, text=True, timeout=120)
    return Page(out.stdout, _CONSOLE.findall(out.stderr))


def dump_dom(page: Path) -> str:
    """The page's DOM after its scripts ran (plotly draws its SVG then)."""
    return run(page, "--dump-dom").dom


def open_page(page: Path) -> Page:
    """The DOM after scripts ran, and what the page wrote to its console."""
    return run(page, "--dump-dom")


def screenshot(page: Path, png: Path, size: str = "1200,1600") -> Path:
    run(page, f"--screenshot={png}", f"--window-size={size}")
    return png
