"""The data officer's notebook runs headless and produces its pictures."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

NOTEBOOK = ROOT / "examples" / "nsp-2019-2023.ipynb"


def test_notebook_runs_and_draws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_FIGURES", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on any failing cell
    for name in ("completeness.png", "schedule.png"):
        png = tmp_path / name
        assert png.exists() and png.stat().st_size > 10_000, name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    images = [
        base64.b64decode(out["data"]["image/png"])
        for cell in nb.cells if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if "data" in out and "image/png" in out["data"]
    ]
    assert len(images) >= 2 and all(len(i) > 10_000 for i in images)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    if os.environ.get("PLANWATCH_KEEP_NOTEBOOK"):
        nbformat.write(nb, os.environ["PLANWATCH_KEEP_NOTEBOOK"])
