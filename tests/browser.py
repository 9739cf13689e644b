"""Headless Chromium for the end-to-end tests, with the network blocked."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--proxy-server=127.0.0.1:9", "--virtual-time-budget=10000"]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        raise RuntimeError("chromium is not installed: run `make sysdeps` (make test does)")
    return exe


def run(page: Path, *args: str) -> str:
    with tempfile.TemporaryDirectory(prefix="gik-chromium-") as profile:
        out = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
                             capture_output=True, text=True, timeout=120)
    return out.stdout


def dump_dom(page: Path) -> str:
    """The page's DOM after its scripts ran (plotly draws its SVG then)."""
    return run(page, "--dump-dom")


def screenshot(page: Path, png: Path, size: str = "1200,1600") -> Path:
    run(page, f"--screenshot={png}", f"--window-size={size}")
    return png
