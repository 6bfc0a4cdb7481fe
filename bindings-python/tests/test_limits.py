"""Resource limits: the work a plan implies is bounded before it is done, and a caller can
lower the bounds (a web service should) or raise them."""

from __future__ import annotations

import copy
import json

import pytest

import planwatch
from conftest import AS_OF, MINI_PLAN, NSP


def _plan(**changes: object) -> str:
    plan = copy.deepcopy(MINI_PLAN)
    plan.update(changes)
    return json.dumps(plan)


def test_the_defaults_carry_the_nsp_data_set() -> None:
    assert planwatch.load(NSP).evaluate(AS_OF).summary["total"] > 0
    assert planwatch.load(NSP, limits={}).evaluate(AS_OF).summary["total"] > 0


def test_a_lower_limit_on_expected_reports_refuses_the_plan_before_evaluating() -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.load(NSP, limits={"max_expected_reports": 1000})
    (e,) = info.value.errors
    assert e.kind == "limit_exceeded"
    assert e.path == "reporting_obligations"
    assert e.file and e.file.endswith("plan.json") and e.line
    assert "more than the limit of 1000 (max_expected_reports)" in e.message


def test_a_plan_spanning_millennia_is_refused_at_its_end_date() -> None:
    text = _plan(start="0001-01-01", end="9999-12-31")
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.Plan.from_json(text)
    (e,) = info.value.errors
    assert (e.kind, e.path, e.line) == ("limit_exceeded", "end", 1)
    assert "longer than the limit of 100 years (max_plan_years)" in e.message


def test_a_caller_can_raise_a_limit() -> None:
    text = _plan(start="1900-01-01", end="2021-12-31")
    with pytest.raises(planwatch.ValidationError):
        planwatch.Plan.from_json(text)
    plan = planwatch.Plan.from_json(text, limits={"max_plan_years": 200})
    assert plan.start.year == 1900


def test_limits_are_checked_like_any_input() -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.load(NSP, limits={"max_plan_yrs": 5})
    assert info.value.errors[0].kind == "unknown_field"
    assert info.value.errors[0].path.startswith("limits")
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.load(NSP, limits={"max_plan_years": -1})
    assert info.value.errors[0].kind in ("invalid_value", "wrong_type")
    assert info.value.errors[0].path == "limits.max_plan_years"
    with pytest.raises(TypeError):
        planwatch.load(NSP, limits=[("max_plan_years", 5)])  # type: ignore[arg-type]


def test_a_pickled_plan_keeps_the_limits_it_was_read_within() -> None:
    import pickle

    text = _plan(start="1900-01-01", end="2021-12-31")
    plan = planwatch.Plan.from_json(text, limits={"max_plan_years": 200})
    back = pickle.loads(pickle.dumps(plan))
    assert back.start == plan.start
    assert back.evaluate(AS_OF).summary == plan.evaluate(AS_OF).summary
