"""What changed (tests/fixtures/diff/cases.json): ``ev.diff(other)`` gives the golden diff
JSON byte for byte, and frames a user can work with."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

import planwatch
from conftest import FIXTURES, ROOT

CASES = json.loads((FIXTURES / "diff" / "cases.json").read_text())["cases"]


def _diff(case: Dict[str, Any]) -> planwatch.Diff:
    old = planwatch.load(ROOT / case["old"]).evaluate(case["from"])
    new = planwatch.load(ROOT / case["new"]).evaluate(case["to"])
    return old.diff(new)


@pytest.mark.parametrize("case", CASES, ids=[c["golden"] for c in CASES])
def test_diff_gives_the_golden_json(case: Dict[str, Any]) -> None:
    d = _diff(case)
    golden = (FIXTURES / "diff" / case["golden"]).read_text()
    assert d.to_json(indent=True) + "\n" == golden
    if "csv" in case:
        assert d.to_csv() == (FIXTURES / "diff" / case["csv"]).read_text()


def test_diff_frames_hold_the_findings_before_and_after() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    d = _diff(CASES[0])
    golden = json.loads((FIXTURES / "diff" / CASES[0]["golden"]).read_text())
    new, resolved, changed = d.new, d.resolved, d.changed
    assert list(new["id"]) == [f["id"] for f in golden["new"]]
    assert list(resolved["id"]) == [f["id"] for f in golden["resolved"]]
    assert list(changed["id"]) == [c["id"] for c in golden["changed"]]
    assert list(changed["severity_before"].astype(str)) == [
        c["before"]["severity"] for c in golden["changed"]
    ]
    assert list(changed["change"]) == [c["change"] for c in golden["changed"]]
    assert str(new["severity"].dtype) == "category"
    assert len(d) == len(new) + len(resolved) + len(changed)
    by_rule = d.counts_frame("rule")
    assert list(by_rule["rule"]) == sorted(golden["summary"]["by_rule"])
    assert by_rule["new"].sum() == golden["summary"]["total"]["new"]
    assert d.summary == golden["summary"]


def test_diff_snapshot_resolves_the_finished_activity() -> None:
    d = _diff(CASES[1])
    assert d.from_day == d.to_day
    data = json.loads(d.to_json())
    assert "overdue:1.1.1" in [f["id"] for f in data["resolved"]]
    assert d.text().startswith("mini from 2020-06-30 to 2020-06-30: ")


def test_unknown_parts_are_validation_errors() -> None:
    d = _diff(CASES[1])
    with pytest.raises(planwatch.ValidationError):
        d.counts_frame("colour")


def test_diff_needs_an_evaluation() -> None:
    ev = planwatch.load(ROOT / CASES[1]["old"]).evaluate(CASES[1]["from"])
    with pytest.raises(TypeError):
        ev.diff("2020-06-30")  # type: ignore[arg-type]
