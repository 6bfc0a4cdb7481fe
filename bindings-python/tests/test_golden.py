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


SURFACES = json.loads((FIXTURES / "evaluation" / "surfaces.json").read_text())["cases"]


@pytest.mark.parametrize("case", SURFACES, ids=[c["dir"] for c in SURFACES])
def test_directory_gives_the_golden_evaluation_without_naming_its_rules(
    case: Dict[str, Any],
) -> None:
    # tests/fixtures/evaluation/surfaces.json: load(dir) keeps the directory's rules.json
    # as the default rule set, so evaluate(day) is `planwatch check dir`, byte for byte.
    from conftest import ROOT

    d = ROOT / case["dir"]
    plan = planwatch.load(d)
    if case["rules"]:
        assert plan.rules_file is not None and Path(plan.rules_file) == d / "rules.json"
    else:
        assert plan.rules_file is None
    ev = plan.evaluate(case["as_of"])
    assert len(ev) == case["findings"]
    golden = (FIXTURES / "evaluation" / case["golden"]).read_text()
    assert ev.to_json(indent=True) + "\n" == golden


def test_an_explicit_rule_set_still_wins() -> None:
    from conftest import NSP

    plan = planwatch.load(NSP)
    with_dir_rules = plan.evaluate("2021-06-30")
    defaults = plan.evaluate("2021-06-30", {})
    from_json = planwatch.Plan.from_json(
        (NSP / "plan.json").read_text(), (NSP / "monitoring.json").read_text()
    )
    assert from_json.rules_file is None
    assert len(defaults) == len(from_json.evaluate("2021-06-30")) < len(with_dir_rules)
    strict = plan.evaluate("2021-06-30", {"rules": {"missing_report": {"enabled": False}}})
    assert not [f for f in strict.findings if f.rule == "missing_report"]
    assert not [f for f in strict.findings if f.rule == "child_protection_late"]


def test_an_invalid_rules_json_is_a_rule_error(tmp_path: Path) -> None:
    import shutil

    d = tmp_path / "plan"
    shutil.copytree(FIXTURES / "valid-mini", d)
    (d / "rules.json").write_text('{"rules": {"overdew": {}}}')
    with pytest.raises(planwatch.RuleError) as info:
        planwatch.load(d)
    assert info.value.errors[0].kind == "unknown_rule"
    assert Path(info.value.errors[0].file or "").name == "rules.json"
    assert [e.kind for e in planwatch.validate(d)] == ["unknown_rule"]
