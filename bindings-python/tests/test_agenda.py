"""Who must act next (tests/fixtures/agenda/cases.json): ``plan.agenda`` and
``plan.reminders`` give the golden JSON, CSV and iCalendar byte for byte, and records
and frames a user can work with."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Dict

import pytest

import planwatch
from conftest import FIXTURES, ROOT

CASES = json.loads((FIXTURES / "agenda" / "cases.json").read_text())["cases"]
NSP = ROOT / "examples" / "nsp-2019-2023"


def _golden(case: Dict[str, Any], key: str) -> str:
    # newline="": the iCalendar's CRLF line ends are compared as they are.
    with open(FIXTURES / "agenda" / case[key], newline="", encoding="utf-8") as f:
        return f.read()


@pytest.mark.parametrize("case", CASES, ids=[c["golden"] for c in CASES])
def test_agenda_and_reminders_give_the_golden_files(case: Dict[str, Any]) -> None:
    plan = planwatch.load(ROOT / case["src"])
    if case.get("reminders"):
        rules = ROOT / case["rules"] if "rules" in case else None
        r = plan.reminders(case["as_of"], owner=case.get("owner"), rules=rules)
        assert r.to_json(indent=True) + "\n" == _golden(case, "golden")
        if "csv" in case:
            assert r.to_csv() == _golden(case, "csv")
    else:
        a = plan.agenda(case["as_of"], days=case.get("days", 30), owner=case.get("owner"))
        assert a.to_json(indent=True) + "\n" == _golden(case, "golden")
        if "csv" in case:
            assert a.to_csv() == _golden(case, "csv")
        if "ics" in case:
            assert a.to_ics() == _golden(case, "ics")


def test_records_follow_the_json_owner_by_owner() -> None:
    a = planwatch.load(NSP).agenda(dt.date(2021, 6, 30))
    golden = json.loads((FIXTURES / "agenda" / "nsp-2021-06-30.json").read_text())
    records = a.to_records()
    assert len(records) == len(a) == golden["summary"]["upcoming"] + golden["summary"]["overdue"]
    assert a.summary == golden["summary"]
    assert a.until == dt.date(2021, 7, 30) and a.days == 30
    ids = [i["id"] for o in golden["owners"] for s in ("upcoming", "overdue") for i in o[s]]
    assert [r["id"] for r in records] == ids
    late = next(r for r in records if r["id"] == "deadline:2.7.11")
    assert late["section"] == "overdue" and late["days_late"] == 792
    assert late["days_left"] is None and late["due"] == dt.date(2019, 4, 30)
    assert list(records[0]) == list(planwatch._agenda.AGENDA_COLUMNS)


def test_frames_hold_one_row_per_item() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    plan = planwatch.load(NSP)
    a = plan.agenda("2021-06-30", owner="pcct-kampot", days=60)
    df = a.frame
    assert list(df.columns) == list(planwatch._agenda.AGENDA_COLUMNS)
    assert list(df["id"]) == [r["id"] for r in a.to_records()]
    assert set(df["owner"]) == {"pcct-kampot"}
    r = plan.reminders("2021-06-30")
    assert list(r.frame["reminder"]) == [x["reminder"] for x in r.to_records()]
    assert len(r.frame) == r.total == len(r)


def test_the_directory_cadence_and_an_explicit_one() -> None:
    plan = planwatch.load(ROOT / "tests" / "fixtures" / "valid-mini")
    assert plan.reminders("2020-07-06").cadence == {"before": [30, 7, 1], "after": [1, 7], "repeat_after": 30}
    custom = plan.reminders("2020-07-06", rules={"reminders": {"after": [3], "repeat_after": 7}})
    assert custom.cadence["after"] == [3]
    assert all(r["reminder_kind"] == "late" and (r["days"] - 3) % 7 == 0 for r in custom.to_records())
    assert custom.text().startswith("mini reminders on 2020-07-06 (due soon 30, 7 and 1 days before; late 3 days after, then every 7 days)")


def test_errors_are_typed() -> None:
    plan = planwatch.load(NSP)
    with pytest.raises(planwatch.ValidationError, match="3660 days"):
        plan.agenda("2021-06-30", days=3661)
    with pytest.raises(planwatch.ValidationError, match="unknown organisation nobody"):
        plan.agenda("2021-06-30", owner="nobody")
    with pytest.raises(planwatch.ValidationError, match="unknown organisation nobody"):
        plan.reminders("2021-06-30", owner="nobody")
    with pytest.raises(planwatch.RuleError, match=r"reminders\.before\[1\]"):
        plan.reminders("2021-06-30", rules={"reminders": {"before": [7, 7]}})
    with pytest.raises(planwatch.ValidationError):
        plan.agenda("June")
    with pytest.raises(OverflowError):
        plan.agenda("2021-06-30", days=-1)


def test_daily_runs_over_a_month_send_each_reminder_once() -> None:
    plan = planwatch.load(NSP)
    seen: Dict[str, dt.date] = {}
    for n in range(31):
        day = dt.date(2021, 7, 1) + dt.timedelta(days=n)
        for r in plan.reminders(day).to_records():
            assert r["reminder"] not in seen, r["reminder"]
            seen[r["reminder"]] = day
            offset = (day - r["due"]).days
            assert offset == (r["days"] if r["reminder_kind"] == "late" else -r["days"])
    assert seen


def test_the_ics_parses_as_one_event_per_item() -> None:
    icalendar = pytest.importorskip("icalendar")
    a = planwatch.load(NSP).agenda("2021-06-30", owner="pcct-kampot", days=60)
    cal = icalendar.Calendar.from_ical(a.to_ics())
    events = list(cal.walk("VEVENT"))
    records = a.to_records()
    assert len(events) == len(records) > 0
    assert [e.decoded("DTSTART") for e in events] == [r["due"] for r in records]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert str(cal["X-WR-CALNAME"]).startswith("nsp-2019-2023 agenda: Kampot")
