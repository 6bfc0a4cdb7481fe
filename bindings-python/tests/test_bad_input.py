"""The bad-input corpus (tests/bad-input): every case gives the outcome its manifest names,
as in Rust (tests/tests/bad_input.rs) and WebAssembly (bindings-wasm/test/bad_input.test.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Union

import pytest

import planwatch

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "bad-input"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
CASES: List[Dict[str, Any]] = MANIFEST["cases"]


def test_the_corpus_has_at_least_150_cases() -> None:
    assert len(CASES) >= 150


def _first(errors: List[planwatch.ErrorRecord]) -> Dict[str, Any]:
    e = errors[0]
    return {"kind": e.kind, "file": Path(e.file).name if e.file else None, "path": e.path}


def _outcome(case_dir: Path) -> Union[str, Dict[str, Any]]:
    try:
        plan = planwatch.load(case_dir / "plan.json", case_dir / "monitoring.json"
                              if (case_dir / "monitoring.json").exists() else None)
    except planwatch.PlanwatchError as e:
        return _first(e.errors)
    rules = case_dir / "rules.json"
    try:
        evaluation = plan.evaluate(MANIFEST["as_of"], rules=rules if rules.exists() else None)
    except planwatch.PlanwatchError as e:
        return _first(e.errors)
    repr(evaluation)
    return "valid"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_case(case: Dict[str, Any]) -> None:
    assert _outcome(CORPUS / "cases" / case["name"]) == case["expect"]
