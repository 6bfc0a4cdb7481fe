"""Error classes: structured records, the class per origin, panics."""

from __future__ import annotations

import csv
import pickle
import threading

import pytest
from pathlib import Path

import planwatch
from conftest import AS_OF, FIXTURES, MINI_PLAN, NSP


def test_hierarchy() -> None:
    assert issubclass(planwatch.ValidationError, planwatch.PlanwatchError)
    assert issubclass(planwatch.ValidationError, ValueError)
    assert issubclass(planwatch.RuleError, planwatch.ValidationError)
    assert issubclass(planwatch.PlanwatchIOError, planwatch.PlanwatchError)
    assert issubclass(planwatch.PlanwatchIOError, OSError)
    assert issubclass(planwatch.PlanwatchError, Exception)
    for cls in (planwatch.PlanwatchError, planwatch.ValidationError, planwatch.RuleError,
                planwatch.PlanwatchIOError):
        assert cls.__module__ == "planwatch"
        e = cls("message")
        assert str(e) == "message" and e.errors == []


def test_validation_error_lists_every_problem() -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.load(FIXTURES / "invalid" / "many_errors_collected")
    e = info.value
    assert isinstance(e, ValueError)
    assert len(e.errors) == 5
    assert str(e).startswith("5 errors:\n")
    assert not str(e).lstrip().startswith(("{", "["))
    first = e.errors[0]
    assert isinstance(first, planwatch.ErrorRecord)
    assert first.kind == "duplicate_id" and first.path == "activities[2].id"
    assert first.file and first.file.endswith("plan.json")
    assert first.line and first.column and first.subject == "1.1.2"
    assert str(first) == f"{first.location}: duplicate_id: {first.message}"
    assert first.location.startswith(first.file + f":{first.line}:{first.column} at ")
    with pytest.raises(Exception):
        first.kind = "x"  # type: ignore[misc]  # frozen


def test_single_error_message_and_json_positions() -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.Plan.from_json('{"id": 1}')
    e = info.value
    assert e.errors[0].kind == "wrong_type" and e.errors[0].path == "id"
    assert e.errors[0].line == 1 and e.errors[0].file is None
    assert "wrong_type" in str(e) and "\n" not in str(e)


def test_syntax_error() -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.Plan.from_json("{", None)
    assert info.value.errors[0].kind == "syntax"


def test_io_error() -> None:
    with pytest.raises(planwatch.PlanwatchIOError) as info:
        planwatch.load("/nonexistent/planwatch")
    e = info.value
    assert isinstance(e, OSError)
    assert e.errors[0].kind == "io"
    assert e.filename == "/nonexistent/planwatch/plan.json"  # the file that cannot be read
    with pytest.raises(OSError):
        planwatch.load(NSP, "/nonexistent/monitoring.json")


def test_rule_errors(nsp: planwatch.Plan) -> None:
    with pytest.raises(planwatch.RuleError) as info:
        nsp.evaluate(AS_OF, rules={"rules": {"overdew": {}, "overdue": {"params": {"x": 1}}}})
    e = info.value
    assert isinstance(e, planwatch.ValidationError) and isinstance(e, ValueError)
    assert sorted(r.kind for r in e.errors) == ["invalid_rule_parameter", "unknown_rule"]
    assert {r.subject for r in e.errors} == {"overdew", "overdue"}
    with pytest.raises(planwatch.RuleError) as info:
        nsp.evaluate(AS_OF, rules='{"rules": {"overdue": {"severity": "fatal"}}}')
    assert info.value.errors
    with pytest.raises(planwatch.PlanwatchIOError):
        nsp.evaluate(AS_OF, rules=Path("/nonexistent/rules.json"))


def test_argument_errors(nsp: planwatch.Plan) -> None:
    with pytest.raises(planwatch.ValidationError) as info:
        nsp.evaluate("2021-02-30")
    assert info.value.errors[0].kind == "invalid_value"
    with pytest.raises(planwatch.ValidationError):
        nsp.report_matrix("fortnightly", AS_OF)


def test_panic_becomes_planwatch_error() -> None:
    with pytest.raises(planwatch.PlanwatchError) as info:
        planwatch._planwatch._panic_for_tests()
    assert type(info.value) is planwatch.PlanwatchError
    assert "internal error" in str(info.value) and "deliberate panic" in str(info.value)
    # the interpreter is still fine
    assert planwatch.Plan.from_dict(MINI_PLAN).id == "mini"


def test_records_pickle() -> None:
    r = planwatch.ErrorRecord(kind="io", message="m", file="f")
    assert pickle.loads(pickle.dumps(r)) == r


def test_deep_condition_on_a_small_thread_stack(nsp: planwatch.Plan) -> None:
    """The deepest accepted condition compiles on a thread with a 256 KB stack (the parser
    runs on a stack of its own); one level deeper is an expression_limit error."""
    deepest = "(" * 24 + "days_overdue > 1" + ")" * 24
    deeper = "(" * 25 + "days_overdue > 1" + ")" * 25
    rule = lambda condition: {  # noqa: E731
        "custom": [{"id": "deep", "subject": "activity", "condition": condition,
                    "message": "m", "severity": "info"}]
    }
    outcome: dict[str, object] = {}

    def work() -> None:
        outcome["total"] = len(nsp.evaluate(AS_OF, rules=rule(deepest)))
        try:
            nsp.evaluate(AS_OF, rules=rule(deeper))
        except planwatch.RuleError as e:
            outcome["kind"] = e.errors[0].kind

    previous = threading.stack_size(256 << 10)
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous)
    assert isinstance(outcome.get("total"), int)
    assert outcome.get("kind") == "expression_limit"


def test_workbook_and_csv_sources_load_like_json(tmp_path: Path) -> None:
    """planwatch.load reads every source the CLI reads, with the rules that go with it,
    and table errors name the file, row and column."""
    from conftest import ROOT

    json_ev = planwatch.load(NSP).evaluate(AS_OF).to_json()
    book = planwatch.load(ROOT / "examples" / "nsp-2019-2023.xlsx")
    assert book.rules_file is not None and book.rules_file.endswith("nsp-2019-2023.rules.json")
    assert book.evaluate(AS_OF).to_json() == json_ev
    tables = planwatch.load(NSP / "tables")
    assert tables.evaluate(AS_OF, rules=NSP / "rules.json").to_json() == json_ev
    # A bad cell: the error names the CSV file, the row and the column header.
    bad = tmp_path / "tables"
    bad.mkdir()
    for f in (NSP / "tables").iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    with open(bad / "activities.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[3][rows[0].index("deadline")] = "June"
    with open(bad / "activities.csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.load(bad)
    e = info.value.errors[0]
    assert (e.kind, e.row, e.column_name, e.sheet) == ("invalid_value", 4, "deadline", None)
    assert e.file is not None and e.file.endswith("activities.csv")
    assert e.location.endswith("activities.csv row 4, column deadline")
