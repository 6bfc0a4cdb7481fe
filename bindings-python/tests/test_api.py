"""The public API: loading, reading, evaluating, findings and filters, display."""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading

import pytest

import planwatch
from conftest import AS_OF, MINI_PLAN, NSP


def test_load_directory_and_file(nsp: planwatch.Plan) -> None:
    assert nsp.id == "nsp-2019-2023"
    assert (nsp.start, nsp.end) == (dt.date(2019, 1, 1), dt.date(2023, 12, 31))
    assert nsp.title.startswith("National Strategic Plan")
    # A path to plan.json is read as its directory, as the command line reads it.
    as_dir = planwatch.load(NSP / "plan.json")
    assert as_dir.evaluate("2021-06-30").to_json() == nsp.evaluate("2021-06-30").to_json()
    with_mon = planwatch.Plan.load(str(NSP / "plan.json"), NSP / "monitoring.json")
    assert len(with_mon.monitoring["status_updates"]) == len(nsp.monitoring["status_updates"])
    assert with_mon.stats() == nsp.stats()


def test_read_only_collections(nsp: planwatch.Plan) -> None:
    acts = nsp.activities
    assert len(acts) == 235 and acts[0]["id"] == "1.1.1"
    acts[0]["id"] = "changed"
    assert nsp.activities[0]["id"] == "1.1.1"
    assert len(nsp.organisations) == 84
    assert len(nsp.strategies) == 4 and len(nsp.groups) == 21
    assert len(nsp.indicators) == 11
    assert nsp.obligations["reporting"] == nsp.reporting_obligations
    assert len(nsp.meeting_obligations) == 6
    with pytest.raises(AttributeError):
        nsp.id = "x"  # type: ignore[misc]


def test_stats(nsp: planwatch.Plan) -> None:
    s = nsp.stats()
    assert s["activities"] == 235
    assert s["expected_reports"] == 3600
    assert s["organisations_by_kind"]["provincial_committee"] == 25


def test_from_json_and_from_dict_round_trip(nsp: planwatch.Plan) -> None:
    d = nsp.to_dict()
    again = planwatch.Plan.from_dict(d["plan"], d["monitoring"])
    assert again.stats() == nsp.stats()
    text = planwatch.Plan.from_json(json.dumps(d["plan"]), json.dumps(d["monitoring"]))
    # From text there is no directory, so no rules.json: the defaults ({}), unless given.
    assert text.evaluate(AS_OF).to_json() == nsp.evaluate(AS_OF, {}).to_json()
    assert text.evaluate(AS_OF, NSP / "rules.json").to_json() == nsp.evaluate(AS_OF).to_json()
    plan = copy.deepcopy(MINI_PLAN)
    plan["start"] = dt.date(2021, 1, 1)  # dates are accepted in dicts
    assert planwatch.Plan.from_dict(plan).start == dt.date(2021, 1, 1)
    assert planwatch.Plan.from_json(json.dumps(MINI_PLAN)).id == "mini"


def test_plan_constructor_is_private() -> None:
    with pytest.raises(TypeError):
        planwatch.Plan("nope")  # type: ignore[arg-type]


def test_evaluate_dates(nsp: planwatch.Plan, ev: planwatch.Evaluation) -> None:
    assert ev.as_of == dt.date(2021, 6, 30)
    same = [nsp.evaluate(d) for d in (dt.date(2021, 6, 30), dt.datetime(2021, 6, 30, 12), AS_OF)]
    assert all(s.to_json() == ev.to_json() for s in same)
    with pytest.raises(planwatch.ValidationError) as e:
        nsp.evaluate("30/06/2021")
    assert e.value.errors[0].path == "as_of"
    with pytest.raises(TypeError):
        nsp.evaluate(20210630)  # type: ignore[arg-type]


def test_findings(ev: planwatch.Evaluation) -> None:
    fs = ev.findings
    assert len(fs) == len(ev) == ev.summary["total"] > 0
    assert list(ev) == fs and ev[0] == fs[0] and ev[:2] == fs[:2]
    f = fs[0]
    assert f.severity == "critical" and f.rule == "overdue"
    assert f.id == f"overdue:{f.subject_id}" and f.subject_kind == "activity"
    assert isinstance(f.evidence, dict) and f.evidence["days_overdue"] > 0
    assert f.to_dict()["subject"] == {"kind": "activity", "id": f.subject_id}
    assert f.owner and f.strategy and f.message
    assert f.period is None and f.province is None
    assert hash(f) == hash(ev[0]) and f != fs[1] and f != "x"
    assert "Finding(critical overdue" in repr(f) and str(f).startswith("[critical] ")
    order = planwatch._planwatch.SEVERITIES
    ranks = [order.index(x.severity) for x in fs]
    assert ranks == sorted(ranks, reverse=True)
    reports = [x for x in fs if x.rule == "missing_report"]
    assert reports and all(r.period and r.id.endswith("@" + r.period) for r in reports)


def test_filter_forwards_to_core(ev: planwatch.Evaluation) -> None:
    fs = ev.findings
    assert ev.filter() == fs
    errors = ev.filter(min_severity="error")
    assert errors == [f for f in fs if f.severity in ("error", "critical")]
    assert ev.filter(severity="warning") == [f for f in fs if f.severity == "warning"]
    assert ev.filter(severity=["info", "critical"]) == [
        f for f in fs if f.severity in ("info", "critical")
    ]
    assert ev.filter(rule="overdue", owner="moj") == [
        f for f in fs if f.rule == "overdue" and f.owner == "moj"
    ]
    assert ev.filter(strategy="2") == [f for f in fs if f.strategy == "2"]
    prov = ev.filter(province="pcct-mondulkiri")
    assert prov and all(f.province == "pcct-mondulkiri" for f in prov)
    assert ev.filter(subject_kind="indicator", subject="convictions") == [
        f for f in fs if f.subject_kind == "indicator" and f.subject_id == "convictions"
    ]
    with pytest.raises(planwatch.ValidationError):
        ev.filter(min_severity="bad")
    with pytest.raises(planwatch.ValidationError):
        ev.filter(subject_kind="planet")


def test_filter_refuses_what_the_evaluation_cannot_have(ev: planwatch.Evaluation) -> None:
    # The same core check as the command line's `check --rule overdu`.
    with pytest.raises(planwatch.ValidationError, match="did you mean `overdue`") as e:
        ev.filter(rule="overdu")
    (record,) = e.value.errors
    assert record.kind == "unknown_rule" and record.path == "filter.rules[0]"
    assert record.subject == "overdu"
    with pytest.raises(planwatch.ValidationError) as e:
        ev.findings_table(owner="mojj", province=["pcct-kampot", "kampot"])
    assert [r.path for r in e.value.errors] == ["filter.owners[0]", "filter.provinces[1]"]
    assert "did you mean `pcct-kampot`" in str(e.value)
    # A built-in rule is known even when it finds nothing; subjects are not checked.
    assert ev.filter(rule="no_owner") == []
    assert ev.filter(subject="no-such-subject") == []


def test_other_parts(ev: planwatch.Evaluation) -> None:
    parts = ev.parts()
    for p in ("plan", "as_of", "summary", "rollups", "indicators", "forecast"):
        assert p in parts
    assert "findings" not in parts
    assert list(ev.summary) == ["total", "by_severity", "by_rule"]
    assert ev.rollups["by_province"]
    assert len(ev.indicators) == 11
    assert len(ev.forecast["activities"]) == 235
    assert ev.as_of.isoformat() == ev.to_dict()["as_of"]
    whole = ev.to_dict()
    for name in parts:  # new parts of core's Evaluation flow through as attributes
        assert ev._native.field(name) == whole[name]
        if name not in ("plan", "as_of"):  # typed: the Plan object, a datetime.date
            assert getattr(ev, name) == whole[name]
    assert set(ev.rates) <= {"reporting", "meetings"}
    assert set(ev.rates) == {"reporting", "meetings"} & set(parts)
    with pytest.raises(AttributeError):
        ev.no_such_part
    assert "summary" in dir(ev)


def test_to_dict_and_json(ev: planwatch.Evaluation) -> None:
    d = ev.to_dict()
    assert [f["id"] for f in d["findings"]] == [f.id for f in ev]
    assert json.loads(ev.to_json()) == json.loads(ev.to_json(indent=True)) == d
    assert "\n" in ev.to_json(indent=True) and "\n" not in ev.to_json()


def test_report_matrix(nsp: planwatch.Plan, ev: planwatch.Evaluation) -> None:
    m = ev.report_matrix("monthly")
    assert (len(m["reporters"]), len(m["periods"])) == (36, 60)
    assert m["cells"][0][59] == "pending"
    assert nsp.report_matrix("monthly", AS_OF) == m
    with pytest.raises(planwatch.ValidationError):
        ev.report_matrix("weekly")


def test_rules_argument_forms(nsp: planwatch.Plan, tmp_path: object) -> None:
    rules = {"rules": {"overdue": {"severity": "error", "params": {"grace_days": 30}}}}
    a = nsp.evaluate(AS_OF, rules=rules)
    b = nsp.evaluate(AS_OF, rules=json.dumps(rules))
    from pathlib import Path

    path = Path(str(tmp_path)) / "rules.json"
    path.write_text(json.dumps(rules))
    c = nsp.evaluate(AS_OF, rules=path)
    assert a.to_json() == b.to_json() == c.to_json()
    # A str is rules text, never a path to read: its error says what the text is not.
    with pytest.raises(planwatch.RuleError) as info:
        nsp.evaluate(AS_OF, rules=str(path))
    assert info.value.errors[0].kind == "syntax"
    overdue = a.filter(rule="overdue")
    assert overdue and {f.severity for f in overdue} <= {"error", "critical"}  # escalates
    assert len(overdue) < len(nsp.evaluate(AS_OF).filter(rule="overdue"))
    off = nsp.evaluate(AS_OF, rules={"rules": {"overdue": {"enabled": False}}})
    assert not off.filter(rule="overdue")
    with pytest.raises(TypeError):
        nsp.evaluate(AS_OF, rules=42)  # type: ignore[arg-type]


def test_validate_functions(nsp: planwatch.Plan) -> None:
    assert planwatch.validate(NSP) == []
    assert planwatch.validate(NSP / "plan.json", NSP / "monitoring.json") == []
    assert planwatch.validate(MINI_PLAN) == []
    assert planwatch.validate(json.dumps(MINI_PLAN), "{}") == []
    bad = dict(MINI_PLAN, activities=[dict(MINI_PLAN["activities"][0], lead="nobody")])  # type: ignore[arg-type]
    recs = planwatch.validate(bad, {})
    assert [(r.kind, r.path, r.subject) for r in recs] == [
        ("unknown_reference", "activities[0].lead", "a")
    ]
    missing = planwatch.validate("/nonexistent/plan")
    assert missing[0].kind == "io" and missing[0].file
    assert nsp.validate() == []
    assert nsp.validate({"rules": {"overdue": {"params": {"grace_days": 3}}}}) == []
    recs = nsp.validate({"rules": {"overdew": {}}})
    assert [r.kind for r in recs] == ["unknown_rule"] and recs[0].subject == "overdew"
    assert planwatch.validate_rules(None) == []
    assert planwatch.validate_rules('{"rules": {"overdue": {"params": {"nope": 1}}}}')[0].kind == (
        "invalid_rule_parameter"
    )
    with pytest.raises(TypeError):
        planwatch.validate(MINI_PLAN, NSP / "monitoring.json")


def test_rule_catalogue() -> None:
    rules = planwatch.rule_catalogue()
    ids = [r["id"] for r in rules]
    assert "overdue" in ids and "missing_report" in ids
    assert all(r["default_severity"] in planwatch._planwatch.SEVERITIES for r in rules)


def test_html_and_repr(nsp: planwatch.Plan, ev: planwatch.Evaluation) -> None:
    assert nsp._repr_html_().startswith("<div>") and "235" in nsp._repr_html_()
    h = ev._repr_html_()
    assert h.startswith("<div>") and "worst 10" in h and ev[0].message in h
    escaped = planwatch.Plan.from_dict(MINI_PLAN)._repr_html_()
    assert "mini &lt;plan&gt; &amp; co" in escaped and "<plan>" not in escaped
    assert repr(nsp).startswith("<Plan nsp-2019-2023 (2019-01-01 to 2023-12-31)")
    assert repr(ev).startswith("<Evaluation nsp-2019-2023 as of 2021-06-30: ")
    assert repr(nsp._native).startswith("<Dataset nsp-2019-2023")
    assert repr(ev._native).startswith("<RawEvaluation nsp-2019-2023")


def test_threads_give_identical_results(nsp: planwatch.Plan, ev: planwatch.Evaluation) -> None:
    want = ev.to_json()
    got: list = []

    def run() -> None:
        got.append(nsp.evaluate(AS_OF).to_json())

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [want] * 4


def test_version() -> None:
    assert planwatch.__version__.count(".") == 2


def test_from_dict_takes_data_frame_records(nsp: planwatch.Plan) -> None:
    """Records straight from pandas: NaN for empty cells, numpy numbers, Timestamps and
    numpy datetime64 for dates all read as the JSON values would."""
    import numpy as np
    import pandas as pd

    d = nsp.to_dict()
    plan, mon = d["plan"], d["monitoring"]
    updates = pd.DataFrame(mon["status_updates"])
    assert updates["actual_finish"].isna().any()  # empty cells, as a sheet has them
    updates["date"] = pd.to_datetime(updates["date"])
    submissions = pd.DataFrame(mon["submissions"])
    submissions["submitted"] = submissions["submitted"].astype("datetime64[ns]").to_numpy()
    records = dict(
        mon,
        status_updates=updates.to_dict("records"),
        submissions=[
            dict(r, submitted=np.datetime64(r["submitted"]))
            for r in submissions.to_dict("records")
        ],
    )
    first = records["status_updates"][0]
    first["progress"] = np.int64(first["progress"])  # numpy scalars, as arrays give them
    again = planwatch.Plan.from_dict(plan, records)
    assert again.evaluate(AS_OF).to_json() == nsp.evaluate(AS_OF, rules={}).to_json()


def test_from_dict_errors_name_the_path_not_a_json_column(nsp: planwatch.Plan) -> None:
    import numpy as np

    d = nsp.to_dict()
    mon = d["monitoring"]
    bad = dict(mon, status_updates=[dict(mon["status_updates"][0], actual_finish="June")])
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.Plan.from_dict(d["plan"], bad)
    (e,) = info.value.errors
    assert (e.kind, e.path, e.line, e.column) == (
        "invalid_value",
        "status_updates[0].actual_finish",
        None,
        None,
    )
    assert 'invalid date "June": expected YYYY-MM-DD' in e.message
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.Plan.from_dict(dict(d["plan"], id=np.int64(3)))
    assert (info.value.errors[0].kind, info.value.errors[0].path) == ("wrong_type", "id")


def test_from_tables_takes_pandas_polars_and_arrow(nsp: planwatch.Plan) -> None:
    """The shipped CSV tables as data frames give the JSON data set's evaluation; a bad
    cell is named by table, row and column."""
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    tables_dir = NSP / "tables"
    frames = {
        p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
        for p in sorted(tables_dir.glob("*.csv"))
    }
    want = nsp.evaluate(AS_OF, rules={}).to_json()
    assert planwatch.Plan.from_tables(frames).evaluate(AS_OF).to_json() == want
    # Typed columns as pandas reads them: dates, numbers and NaN for empty cells.
    typed = dict(frames)
    updates = pd.read_csv(tables_dir / "status_updates.csv", parse_dates=["date"])
    assert updates["progress"].dtype.kind in "if"
    typed["status_updates"] = updates
    assert planwatch.Plan.from_tables(typed).evaluate(AS_OF).to_json() == want
    arrow = {name: pa.Table.from_pandas(f, preserve_index=False) for name, f in frames.items()}
    assert planwatch.Plan.from_tables(arrow).evaluate(AS_OF).to_json() == want
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        polar = {name: pl.from_pandas(f) for name, f in frames.items()}
        assert planwatch.Plan.from_tables(polar).evaluate(AS_OF).to_json() == want
    bad = dict(frames)
    acts = frames["activities"].copy()
    acts.loc[2, "deadline"] = "June"
    bad["activities"] = acts
    with pytest.raises(planwatch.ValidationError) as info:
        planwatch.Plan.from_tables(bad)
    e = info.value.errors[0]
    assert (e.kind, e.row, e.column_name) == ("invalid_value", 4, "deadline")
    with pytest.raises(TypeError):
        planwatch.Plan.from_tables({"activities": [1, 2]})


def test_read_excel_is_the_json_data_set(nsp: planwatch.Plan) -> None:
    from conftest import ROOT

    book = planwatch.read_excel(ROOT / "examples" / "nsp-2019-2023.xlsx")
    assert book.evaluate(AS_OF).to_json() == nsp.evaluate(AS_OF).to_json()
    with pytest.raises(ValueError):
        planwatch.read_excel(NSP / "plan.json")
