"""The golden fixtures shared by every binding, with the Rust runners' assertions
(tests/tests/invalid_plans.rs and tests/tests/rule_tables.rs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import planwatch
from conftest import FIXTURES

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_there_are_invalid_fixtures() -> None:
    assert len(INVALID) >= 20


def _records(errors: List[planwatch.ErrorRecord]) -> List[Dict[str, Any]]:
    out = []
    for e in errors:
        r: Dict[str, Any] = {
            "kind": e.kind,
            "file": Path(e.file).name if e.file else None,
            "path": e.path,
        }
        if e.subject is not None:
            r["subject"] = e.subject
        out.append(r)
    return out


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())["errors"]
    records = planwatch.validate(case)
    assert _records(records) == expected
    for e in records:
        assert e.line is not None and e.column is not None, str(e)
        m = e.message
        assert m and not m.endswith(".") and not m[0].isupper(), m
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.load(case)
    assert info.value.errors == records


def test_cycle_message_prints_the_whole_cycle() -> None:
    errors = planwatch.validate(FIXTURES / "invalid" / "dependency_cycle")
    assert errors[0].message == "dependency cycle: 1.1.1 -> 1.1.2 -> 1.1.3 -> 1.1.1"


def _cases() -> List[Tuple[str, Dict[str, Any], Dict[str, Any]]]:
    out = []
    for path in sorted((FIXTURES / "rules").glob("*.json")):
        table = json.loads(path.read_text())
        for case in table["cases"]:
            out.append((f"{table['rule']}: {case['name']}", table, case))
    return out


CASES = _cases()


def test_there_are_rule_tables() -> None:
    assert len({t["rule"] for _, t, _ in CASES}) >= 10


def _same(have: Any, want: Any) -> bool:
    numbers = (int, float)
    if isinstance(have, numbers) and isinstance(want, numbers) and not isinstance(
        have, bool
    ) and not isinstance(want, bool):
        return float(have) == float(want)
    return bool(have == want)


@pytest.mark.parametrize("name,table,case", CASES, ids=[c[0] for c in CASES])
def test_rule_table(name: str, table: Dict[str, Any], case: Dict[str, Any]) -> None:
    rule = table["rule"]
    plan = dict(table["plan"])
    plan.update(case.get("plan_patch") or {})
    monitoring = case.get("monitoring", {})
    p = planwatch.Plan.from_json(json.dumps(plan), json.dumps(monitoring))
    ev = p.evaluate(case["as_of"], rules=case.get("rules"))
    got = ev.filter(rule=rule)
    assert [f.id for f in got] == [e["id"] for e in case["expect"]], name
    assert got == [f for f in ev if f.rule == rule]
    for f, e in zip(got, case["expect"]):
        d = f.to_dict()
        for key in ("severity", "period"):
            if key in e:
                assert d.get(key) == e[key], f"{name}: {f.id} {key}"
        for k, want in (e.get("evidence") or {}).items():
            assert _same(f.evidence.get(k), want), f"{name}: {f.id} evidence {k}"


def test_whole_evaluation_is_the_shared_golden_evaluation() -> None:
    # tests/fixtures/evaluation: the same bytes from the CLI, Rust, Python and JavaScript.
    from conftest import NSP

    plan = planwatch.load(NSP)
    ev = plan.evaluate("2021-06-30", NSP / "rules.json")
    golden = (FIXTURES / "evaluation" / "nsp-2021-06-30.json").read_text()
    assert ev.to_json(indent=True) + "\n" == golden
    assert ev.to_dict() == json.loads(golden)
