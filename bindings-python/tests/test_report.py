"""The progress report (tests/fixtures/report/cases.json): ``ev.report(period).html`` is
the golden document byte for byte, and the ``Report`` object a notebook user works with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict

import pytest

import planwatch
from conftest import FIXTURES, ROOT

CASES = json.loads((FIXTURES / "report" / "cases.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["golden"] for c in CASES])
def test_report_is_the_golden_document(case: Dict[str, Any]) -> None:
    ev = planwatch.load(ROOT / case["src"]).evaluate(case["as_of"])
    report = ev.report(case["period"])
    golden = (FIXTURES / "report" / case["golden"]).read_text(encoding="utf-8")
    assert report.html == golden
    assert str(report) == golden


def test_report_object(ev: planwatch.Evaluation, tmp_path: Path) -> None:
    report = ev.report()
    assert isinstance(report, planwatch.Report)
    assert (report.period, report.previous, str(report.as_of)) == ("2021Q2", "2021Q1", "2021-06-30")
    assert repr(report) == "<Report 2021Q2 as of 2021-06-30>"
    # A notebook shows the document in a frame of its own; the evaluation keeps its summary.
    frame = report._repr_html_()
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "<style>" not in frame
    assert ev._repr_html_().startswith("<div>")
    path = tmp_path / "report.html"
    report.save(path)
    assert path.read_text(encoding="utf-8") == report.html
    assert ev.report("2021S1").previous == "2020S2"


def test_report_errors(ev: planwatch.Evaluation, tmp_path: Path) -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        ev.report("2021Q3")
    assert str(info.value) == (
        "at period: period_outside_plan: period 2021Q3 starts on 2021-07-01, "
        "after the as-of day 2021-06-30"
    )
    assert info.value.errors[0].path == "period"
    with pytest.raises(planwatch.ValidationError):
        ev.report("June")
    with pytest.raises(planwatch.PlanwatchIOError):
        ev.report().save(tmp_path / "no-such-dir" / "report.html")
