"""Every `planwatch export` file parsed back by an independent parser: the calendar by
icalendar, the DOT graph by pydot (and rendered by Graphviz's `dot` when it is on PATH),
the workbook by openpyxl, the CSV by Python's csv module.

The tests run the CLI binary: $PLANWATCH_BIN, else $CARGO_TARGET_DIR/debug/planwatch,
else target/debug/planwatch; when none exists they build it with cargo (and fail, saying
why, only when there is no cargo either).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSP = ROOT / "examples" / "nsp-2019-2023"
AS_OF = "2021-06-30"


def _candidates() -> list[Path]:
    found = []
    if os.environ.get("PLANWATCH_BIN"):
        found.append(Path(os.environ["PLANWATCH_BIN"]))
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    found.append(target / "debug" / "planwatch")
    found.append(ROOT / "target" / "debug" / "planwatch")
    return found


@pytest.fixture(scope="module")
def cli() -> Path:
    for path in _candidates():
        if path.is_file():
            return path
    if shutil.which("cargo") is None:
        pytest.fail("no planwatch binary (set PLANWATCH_BIN) and no cargo to build one")
    subprocess.run(["cargo", "build", "-q", "-p", "planwatch-cli"], cwd=ROOT, check=True)
    for path in _candidates():
        if path.is_file():
            return path
    pytest.fail("cargo built no planwatch binary where expected")


def export(cli: Path, out: Path, *extra: str) -> Path:
    subprocess.run(
        [str(cli), "export", str(NSP), "--as-of", AS_OF, "--output", str(out), *extra],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def evaluation(cli: Path) -> dict:
    done = subprocess.run(
        [str(cli), "check", str(NSP), "--as-of", AS_OF, "--format", "json"],
        check=True,
        capture_output=True,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def plan() -> dict:
    return json.loads((NSP / "plan.json").read_text(encoding="utf-8"))


def test_csv_rows_are_the_findings(cli: Path, evaluation: dict, plan: dict, tmp_path: Path) -> None:
    path = export(cli, tmp_path / "findings.csv")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    findings = evaluation["findings"]
    assert len(rows) == len(findings)
    assert [r["id"] for r in rows] == [f["id"] for f in findings]
    assert [r["message"] for r in rows] == [f["message"] for f in findings]
    assert json.loads(rows[0]["evidence"]) == findings[0]["evidence"]
    names = {o["id"]: o["name"] for o in plan["organisations"]}
    for r in rows:
        if r["owner"]:
            assert r["owner_name"] == names[r["owner"]]
    # check --format csv prints the same table
    done = subprocess.run(
        [str(cli), "check", str(NSP), "--as-of", AS_OF, "--format", "csv"],
        check=True,
        capture_output=True,
    )
    assert done.stdout == path.read_bytes()
    assert len(list(csv.reader(io.StringIO(done.stdout.decode())))) == len(findings) + 1


def test_ics_parses_with_icalendar(cli: Path, plan: dict, tmp_path: Path) -> None:
    import icalendar
    data = export(cli, tmp_path / "nsp.ics").read_bytes()
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    by_uid = {str(e["UID"]): e for e in events}
    first = plan["activities"][0]
    deadline = by_uid[f"deadline-{first['id']}@planwatch"]
    assert deadline.decoded("DTSTART") == dt.date.fromisoformat(first["deadline"])
    assert deadline.decoded("DTEND") == dt.date.fromisoformat(first["deadline"]) + dt.timedelta(days=1)
    assert str(deadline["SUMMARY"]) == f"Deadline {first['id']}: {first['title']}"
    assert deadline.decoded("DTSTAMP") == dt.datetime(2021, 6, 30, tzinfo=dt.timezone.utc)
    reports = [e for e in events if str(e["UID"]).startswith("report-")]
    meetings = [e for e in events if str(e["UID"]).startswith("meeting-")]
    assert len(reports) == 3600
    assert len(meetings) > 0
    assert len(events) == len(plan["activities"]) + len(reports) + len(meetings)
    # an owner's calendar
    mine = icalendar.Calendar.from_ical(
        export(cli, tmp_path / "kampot.ics", "--owner", "pcct-kampot").read_bytes()
    )
    own = list(mine.walk("VEVENT"))
    assert 0 < len(own) < len(events)
    assert all("-pcct-kampot-" in str(e["UID"]) for e in own if not str(e["UID"]).startswith("deadline-"))


def test_dot_parses_with_pydot(cli: Path, evaluation: dict, plan: dict, tmp_path: Path) -> None:
    import pydot
    path = export(cli, tmp_path / "nsp.dot")
    (graph,) = pydot.graph_from_dot_file(str(path), encoding="utf-8")
    nodes = {}
    for sub in graph.get_subgraphs():
        for n in sub.get_nodes():
            nodes[n.get_name().strip('"')] = n
    for n in graph.get_nodes():
        nodes.setdefault(n.get_name().strip('"'), n)
    nodes = {k: v for k, v in nodes.items() if k not in ("node", "edge", "graph")}
    assert set(nodes) == {a["id"] for a in plan["activities"]}
    links = sum(len(a.get("depends_on", [])) for a in plan["activities"])
    assert len(graph.get_edges()) == links
    critical = evaluation["forecast"]["critical_path"]
    assert critical, "the NSP has a critical path as of 2021-06-30"
    for a in critical:
        assert nodes[a].get("color") == "red"
    first = plan["activities"][0]
    assert nodes[first["id"]].get("label").strip('"').startswith(first["id"] + "\\n")
    dot = shutil.which("dot")
    if dot:
        svg = subprocess.run([dot, "-Tsvg", str(path)], check=True, capture_output=True).stdout
        assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg


def test_mermaid_is_a_flowchart(cli: Path, plan: dict, tmp_path: Path) -> None:
    text = export(cli, tmp_path / "nsp.mmd").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(1 for l in lines if "-->" in l) == sum(len(a.get("depends_on", [])) for a in plan["activities"])
    assert any(l.strip().startswith("class ") and l.endswith(" critical") for l in lines)


def test_xlsx_parses_with_openpyxl(cli: Path, evaluation: dict, plan: dict, tmp_path: Path) -> None:
    import openpyxl
    path = export(cli, tmp_path / "nsp.xlsx")
    assert export(cli, tmp_path / "again.xlsx").read_bytes() == path.read_bytes()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["findings", "rates", "forecast", "indicators"]
    sheets = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    assert len(sheets["findings"]) == len(evaluation["findings"]) + 1
    header = sheets["forecast"][0]
    assert header[:5] == ("activity", "activity_title", "group", "owner", "owner_name")
    first = sheets["forecast"][1]
    a = plan["activities"][0]
    assert first[0] == a["id"] and first[1] == a["title"]
    deadline = first[header.index("deadline")]
    assert isinstance(deadline, dt.datetime)
    assert deadline.date() == dt.date.fromisoformat(a["deadline"])
    assert isinstance(first[header.index("slack_days")], (int, float))
    assert isinstance(first[header.index("critical")], bool)
    names = {o["id"]: o["name"] for o in plan["organisations"]}
    rates = sheets["rates"]
    rh = rates[0]
    for row in rates[1:]:
        org = row[rh.index("organisation")]
        if org:
            assert row[rh.index("organisation_name")] == names[org]
        assert isinstance(row[rh.index("expected")], (int, float))
    ind = sheets["indicators"]
    ih = ind[0]
    indicator_names = {x["id"]: x["name"] for x in plan.get("indicators", [])}
    assert len(ind) == len(indicator_names) + 1
    for row in ind[1:]:
        assert row[ih.index("indicator_name")] == indicator_names[row[ih.index("indicator")]]


# The same exports from Python: the binding forwards to the engine. -------------------


@pytest.fixture(scope="module")
def py_ev():  # type: ignore[no-untyped-def]
    import planwatch
    return planwatch.load(NSP).evaluate(AS_OF, rules=NSP / "rules.json")


def test_python_csv_and_excel_are_the_cli_files(cli: Path, py_ev, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = py_ev.to_csv()
    assert text == export(cli, tmp_path / "cli.csv").read_text(encoding="utf-8")
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(py_ev)
    py_ev.to_csv(tmp_path / "py.csv")
    assert (tmp_path / "py.csv").read_text(encoding="utf-8") == text
    py_ev.to_excel(tmp_path / "py.xlsx")
    assert (tmp_path / "py.xlsx").read_bytes() == export(cli, tmp_path / "cli.xlsx").read_bytes()
    mine = py_ev.to_csv(owner="pcct-kampot")
    rows = list(csv.DictReader(io.StringIO(mine)))
    assert rows and all(r["owner"] == "pcct-kampot" for r in rows)
    rates = list(csv.DictReader(io.StringIO(py_ev.to_csv(table="rates"))))
    assert rates[0]["measure"] == "reporting" and rates[0]["organisation_name"]
    assert py_ev.to_csv(table="indicators") == export(
        cli, tmp_path / "ind.csv", "--table", "indicators"
    ).read_text(encoding="utf-8")
    assert py_ev.export(tmp_path / "g.mmd") == "mmd"
    assert (tmp_path / "g.mmd").read_text(encoding="utf-8").startswith("flowchart LR\n")


def test_python_export_errors(py_ev, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import planwatch

    with pytest.raises(planwatch.ValidationError, match="unknown export extension .pdf"):
        py_ev.export(tmp_path / "x.pdf")
    with pytest.raises(planwatch.ValidationError) as info:
        py_ev.to_csv(owner="nobody")
    assert info.value.errors[0].kind == "unknown_reference"
    assert not list(tmp_path.iterdir())


def test_python_calendar_and_graphs(cli: Path, tmp_path: Path) -> None:
    import planwatch
    plan = planwatch.load(NSP)
    ics = plan.calendar_ics(AS_OF, owner="pcct-kampot")
    cli_ics = export(cli, tmp_path / "k.ics", "--owner", "pcct-kampot").read_text(encoding="utf-8")
    # read_text turns CRLF into LF; compare the bytes' text the same way
    assert ics.replace("\r\n", "\n") == cli_ics
    assert plan.graph_dot(dt.date(2021, 6, 30)) == export(cli, tmp_path / "g.dot").read_text(encoding="utf-8")
    assert plan.graph_mermaid(AS_OF).startswith("flowchart LR\n")


# Filters and rates by province: Python and `planwatch check` / `rates` give one answer. ----


FILTERS = [
    # (CLI options, the same filter as Python keywords)
    (["--rule", "overdue"], {"rule": "overdue"}),
    (["--min-severity", "error", "--owner", "moj"], {"min_severity": "error", "owner": "moj"}),
    (["--severity", "info,critical"], {"severity": ["info", "critical"]}),
    (["--province", "pcct-kampot"], {"province": "pcct-kampot"}),
    (["--strategy", "2", "--rule", "late_start,overdue"], {"strategy": "2", "rule": ["late_start", "overdue"]}),
]


@pytest.mark.parametrize("options,keywords", FILTERS)
def test_python_filter_is_the_cli_check_filter(cli: Path, py_ev, options, keywords) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [str(cli), "check", str(NSP), "--as-of", AS_OF, "--format", "json", *options],
        check=True,
        capture_output=True,
    )
    shown = json.loads(done.stdout)
    mine = py_ev.filter(**keywords)
    assert mine and shown["summary"]["total"] == len(mine)
    assert [f["id"] for f in shown["findings"]] == [f.id for f in mine]
    assert [f["message"] for f in shown["findings"]] == [f.message for f in mine]


def test_an_unknown_filter_value_is_refused_alike(cli: Path, py_ev) -> None:  # type: ignore[no-untyped-def]
    import planwatch

    done = subprocess.run(
        [str(cli), "check", str(NSP), "--as-of", AS_OF, "--rule", "overdu"],
        capture_output=True,
    )
    assert done.returncode == 64
    with pytest.raises(planwatch.ValidationError) as e:
        py_ev.filter(rule="overdu")
    message = e.value.errors[0].message
    assert done.stderr.decode() == f"error: --rule: {message}\n"


def test_python_rates_by_province_are_the_cli_rates(cli: Path, py_ev) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [str(cli), "rates", str(NSP), "--as-of", AS_OF, "--by", "province", "--format", "json"],
        check=True,
        capture_output=True,
    )
    by_province = json.loads(done.stdout)["by_province"]
    for of in ("reporting", "meetings"):
        frame = py_ev.rates_frame(by="province", of=of)
        got = [
            (None if r["province"] is None or r["province"] != r["province"] else r["province"],
             int(r["reporters"]), int(r["expected"]), int(r["actual"]), int(r["on_time"]))
            for r in frame.to_dict("records")
        ]
        want = [
            (r["province"], r["reporters"], r["expected"], r["actual"], r["on_time"])
            for r in by_province[of]
        ]
        assert got == want and want
