"""planwatch.import_dhis2: the NSP example DHIS2 export (examples/dhis2) gives the golden
summary shared with the CLI and Rust (tests/fixtures/dhis2/summary.json), and the imported
data evaluate as the same data entered natively; errors are ValidationErrors naming the
file, the place and the id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Dict

import pytest

import planwatch
from conftest import FIXTURES, NSP, ROOT

DHIS2 = ROOT / "examples" / "dhis2"
EXPORTS = [DHIS2 / "data-values.json", DHIS2 / "data-values.csv", DHIS2 / "registrations.json"]


def _plan_dir(path: Path, monitoring: Dict[str, Any]) -> Path:
    path.mkdir()
    for name in ("plan.json", "rules.json"):
        shutil.copy(NSP / name, path / name)
    (path / "monitoring.json").write_text(json.dumps(monitoring))
    return path


def test_imported_data_evaluate_as_the_native_data(tmp_path: Path) -> None:
    native = json.loads((NSP / "monitoring.json").read_text())
    # DHIS2 keeps one registration per data set, period and organisation unit: the NSP's
    # duplicate report is the one submission it cannot hold.
    seen = set()
    kept = []
    for s in native["submissions"]:
        key = (s["reporter"], s["report_type"], s["period"])
        if key not in seen:
            seen.add(key)
            kept.append(s)
    assert len(kept) == len(native["submissions"]) - 1
    reference = _plan_dir(tmp_path / "native", {**native, "submissions": kept})
    into = _plan_dir(
        tmp_path / "dhis2", {**native, "submissions": [], "indicator_actuals": []}
    )

    summary = planwatch.import_dhis2(EXPORTS, DHIS2 / "mapping.json", into)

    assert summary == json.loads((FIXTURES / "dhis2" / "summary.json").read_text())
    for day in ("2020-04-15", "2021-06-30", "2024-01-31"):
        want = planwatch.load(reference).evaluate(day).to_json(indent=True)
        got = planwatch.load(into).evaluate(day).to_json(indent=True)
        assert got == want, day
    # a dry run writes nothing and says the same
    before = (into / "monitoring.json").read_bytes()
    again = planwatch.import_dhis2(EXPORTS, DHIS2 / "mapping.json", into, write=False)
    assert again["replaced"] == {"submissions": 3354, "indicator_values": 243}
    assert (into / "monitoring.json").read_bytes() == before


def test_errors_name_the_file_the_place_and_the_id(tmp_path: Path) -> None:
    into = _plan_dir(tmp_path / "plan", {})
    mapping = json.loads((DHIS2 / "mapping.json").read_text())
    del mapping["org_units"]["harmsFnxDwb"]  # pcct-kampot
    (tmp_path / "mapping.json").write_text(json.dumps(mapping))
    with pytest.raises(planwatch.ValidationError) as caught:
        planwatch.import_dhis2(DHIS2 / "registrations.json", tmp_path / "mapping.json", into)
    first = caught.value.errors[0]
    assert first.kind == "unknown_reference"
    assert first.subject == "harmsFnxDwb"
    assert first.file is not None and first.file.endswith("registrations.json")
    assert first.path.startswith("completeDataSetRegistrations[")
    assert first.message == "organisation unit `harmsFnxDwb` is not in the mapping"
    assert json.loads((into / "monitoring.json").read_text()) == {}
    with pytest.raises(planwatch.PlanwatchIOError):
        planwatch.import_dhis2(tmp_path / "nowhere.json", DHIS2 / "mapping.json", into)


def test_the_example_mapping_fits_its_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema" / "dhis2-mapping.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    mapping = json.loads((DHIS2 / "mapping.json").read_text())
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(mapping))
    assert list(jsonschema.Draft7Validator(schema).iter_errors({**mapping, "orgunits": {}}))
