"""The stubs match the native module (mypy.stubtest) and the package type-checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1]

pytest.importorskip("mypy")


def test_stubtest() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "planwatch._planwatch"],
        capture_output=True, text=True, cwd=PKG,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_on_the_package() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(PKG / "pyproject.toml"),
         str(PKG / "python" / "planwatch")],
        capture_output=True, text=True, cwd=PKG,
    )
    assert r.returncode == 0, r.stdout + r.stderr
