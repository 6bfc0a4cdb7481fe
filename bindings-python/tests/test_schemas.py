"""The JSON Schemas shipped in schema/ (generated from the Rust types; see
tests/tests/schemas.rs) against every plan, monitoring and rule set file of the
repository: the valid ones pass, and the invalid fixtures are rejected where a schema can
tell and accepted where only the engine's validation can (tests/fixtures/schema-cases.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import jsonschema
import pytest

import planwatch
from conftest import FIXTURES, ROOT

DOCUMENTS = ("plan", "monitoring", "rules")
SCHEMAS: Dict[str, Dict[str, Any]] = {
    name: json.loads((ROOT / "schema" / f"{name}.schema.json").read_text())
    for name in DOCUMENTS
}
CASES = json.loads((FIXTURES / "schema-cases.json").read_text())
INVALID = FIXTURES / "invalid"


def _validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        SCHEMAS[name], format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def _errors(name: str, instance: Any) -> List[jsonschema.ValidationError]:
    return sorted(_validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))


def _pointer(error: jsonschema.ValidationError) -> str:
    return "".join(f"/{p}" for p in error.absolute_path)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_schemas_are_valid_draft_07(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMAS[name])
    assert SCHEMAS[name]["$schema"] == "http://json-schema.org/draft-07/schema#"


def _valid_files() -> List[Path]:
    """Every plan.json, monitoring.json and rules.json of examples/ and tests/fixtures/,
    except the invalid fixtures."""
    files = [
        p
        for base in (ROOT / "examples", FIXTURES)
        for p in base.rglob("*.json")
        if p.stem in DOCUMENTS and INVALID not in p.parents and "node_modules" not in p.parts
    ]
    return sorted(files)


VALID = _valid_files()


def test_there_are_valid_files() -> None:
    names = {p.name for p in VALID}
    assert {"plan.json", "monitoring.json", "rules.json"} <= names
    assert ROOT / "examples" / "nsp-2019-2023" / "rules.json" in VALID


@pytest.mark.parametrize("path", VALID, ids=[str(p.relative_to(ROOT)) for p in VALID])
def test_valid_file_passes_its_schema(path: Path) -> None:
    errors = _errors(path.stem, json.loads(path.read_text()))
    assert not errors, [f"{_pointer(e)}: {e.message}" for e in errors]


def _embedded() -> List[Tuple[str, str, Any]]:
    """The documents inside the rule tables (tests/fixtures/rules): each table's plan,
    each case's monitoring data and rule set."""
    out = []
    for path in sorted((FIXTURES / "rules").glob("*.json")):
        table = json.loads(path.read_text())
        out.append((f"{path.name}: plan", "plan", table["plan"]))
        for case in table["cases"]:
            plan = {**table["plan"], **case.get("plan_patch", {})}
            out.append((f"{path.name}: {case['name']}: plan", "plan", plan))
            if "monitoring" in case:
                out.append((f"{path.name}: {case['name']}: monitoring", "monitoring", case["monitoring"]))
            if case.get("rules") is not None:
                out.append((f"{path.name}: {case['name']}: rules", "rules", case["rules"]))
    return out


EMBEDDED = _embedded()


@pytest.mark.parametrize("what,name,document", EMBEDDED, ids=[e[0] for e in EMBEDDED])
def test_rule_table_documents_pass_their_schemas(what: str, name: str, document: Any) -> None:
    errors = _errors(name, document)
    assert not errors, [f"{_pointer(e)}: {e.message}" for e in errors]


def test_every_invalid_fixture_is_classified() -> None:
    dirs = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
    assert dirs == sorted(CASES["invalid"]), "add the new fixture to tests/fixtures/schema-cases.json"


@pytest.mark.parametrize("name", sorted(CASES["invalid"]))
def test_invalid_fixture_against_the_schemas(name: str) -> None:
    case = CASES["invalid"][name]
    d = INVALID / name
    expected = json.loads((d / "expected.json").read_text())["errors"]
    # The engine refuses every invalid fixture, whatever the schema says.
    assert planwatch.validate(d), name
    if case["schema"] == "not_json":
        with pytest.raises(json.JSONDecodeError):
            json.loads((d / case["file"]).read_text())
        assert [e["kind"] for e in expected] == ["syntax"]
        return
    found: Dict[str, List[jsonschema.ValidationError]] = {}
    for doc in ("plan", "monitoring"):
        path = d / f"{doc}.json"
        if path.exists():
            found[f"{doc}.json"] = _errors(doc, json.loads(path.read_text()))
    if case["schema"] == "accept":
        # Only the engine's validation can tell: the files fit the schemas.
        assert all(not errors for errors in found.values()), {
            f: [e.message for e in errs] for f, errs in found.items() if errs
        }
        return
    assert case["schema"] == "reject"
    others = {f: errs for f, errs in found.items() if f != case["file"] and errs}
    assert not others, others
    errors = found[case["file"]]
    assert [(_pointer(e), e.validator) for e in errors] == [(case["pointer"], case["validator"])], [
        f"{_pointer(e)}: {e.message}" for e in errors
    ]
    # The engine points at the same place (or, for a field it cannot find, inside it).
    assert expected[0]["file"] == case["file"]
    engine = "/" + expected[0]["path"].replace("[", ".").replace("]", "").replace(".", "/")
    assert engine.replace("//", "/").startswith(case["pointer"]), (engine, case["pointer"])


RULE_CASES = CASES["rules"]


@pytest.mark.parametrize("case", RULE_CASES, ids=[c["name"] for c in RULE_CASES])
def test_rule_set_documents_against_the_schema(case: Dict[str, Any]) -> None:
    errors = _errors("rules", case["document"])
    engine = planwatch.validate_rules(case["document"])
    assert engine, "the engine refuses every case"
    if case["schema"] == "accept":
        assert not errors, [e.message for e in errors]
        assert engine[0].kind == case["engine"]
    else:
        assert [(_pointer(e), e.validator) for e in errors] == [
            (case["pointer"], case["validator"])
        ], [f"{_pointer(e)}: {e.message}" for e in errors]
