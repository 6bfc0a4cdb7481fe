"""Shared fixtures: the repository's paths, the NSP data set and one evaluation of it."""

from __future__ import annotations

from pathlib import Path

import pytest

import planwatch

ROOT = Path(__file__).resolve().parents[2]
NSP = ROOT / "examples" / "nsp-2019-2023"
FIXTURES = ROOT / "tests" / "fixtures"
AS_OF = "2021-06-30"


@pytest.fixture(scope="session")
def nsp() -> planwatch.Plan:
    return planwatch.load(NSP)


@pytest.fixture(scope="session")
def ev(nsp: planwatch.Plan) -> planwatch.Evaluation:
    return nsp.evaluate(AS_OF)


MINI_PLAN = {
    "id": "mini",
    "title": "mini <plan> & co",
    "start": "2021-01-01",
    "end": "2021-12-31",
    "organisations": [
        {"id": "moi", "name": "Ministry", "kind": "ministry"},
        {"id": "pcct-a", "name": "Province A", "kind": "provincial_committee"},
    ],
    "strategies": [{"id": "1", "title": "s"}],
    "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
    "activities": [
        {"id": "a", "group": "1.1", "title": "first", "lead": "moi",
         "planned_start": "2021-01-01", "deadline": "2021-01-31"},
        {"id": "b", "group": "1.1", "title": "second", "lead": "pcct-a",
         "planned_start": "2021-02-01", "deadline": "2021-03-31",
         "depends_on": [{"activity": "a", "type": "FS", "lag_days": 0}]},
    ],
    "reporting_obligations": [
        {"id": "r", "report_type": "monthly", "reporters": {"kinds": ["provincial_committee"]},
         "grace_days": 5},
    ],
}
