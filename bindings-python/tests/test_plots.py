"""Pictures: the figures exist and are not empty; the clear error without matplotlib."""

from __future__ import annotations

import io
import sys

import pytest

import planwatch
from conftest import AS_OF, MINI_PLAN

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")


def _png_size(fig: object) -> int:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")  # type: ignore[attr-defined]
    return len(buf.getvalue())


def test_plot_completeness(ev: planwatch.Evaluation) -> None:
    fig = ev.plot_completeness()
    ax = fig.axes[0]
    assert ax.images and ax.images[0].get_array().shape == (36, 60)
    assert "monthly reports as of 2021-06-30" == ax.get_title()
    assert _png_size(fig) > 10_000
    q = ev.plot_completeness("quarterly")
    assert q.axes[0].images[0].get_array().shape[1] == 20


def test_plot_completeness_without_reports() -> None:
    ev = planwatch.Plan.from_dict(MINI_PLAN).evaluate(AS_OF)
    fig = ev.plot_completeness("annual")
    assert fig.axes[0].texts and _png_size(fig) > 1_000


def test_plot_schedule(ev: planwatch.Evaluation) -> None:
    fig = ev.plot_schedule()
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 40 and "least slack" in ax.get_title()
    assert _png_size(fig) > 10_000
    few = ev.plot_schedule(activities=["1.1.1", "2.7.11"])
    labels = [t.get_text() for t in few.axes[0].get_yticklabels()]
    assert labels[0].startswith("1.1.1") and labels[1].startswith("2.7.11")
    with pytest.raises(KeyError):
        ev.plot_schedule(activities=["nope"])


def test_plot_into_given_axes(ev: planwatch.Evaluation) -> None:
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2)
    assert ev.plot_completeness(ax=a) is fig
    assert ev.plot_schedule(activities=["1.1.1"], ax=b) is fig


def test_missing_matplotlib_names_the_extra(ev: planwatch.Evaluation, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install planwatch\[plot\]"):
        ev.plot_completeness()
    with pytest.raises(ImportError, match=r"pip install planwatch\[plot\]"):
        ev.plot_schedule()
