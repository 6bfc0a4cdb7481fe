"""pandas tables built through Arrow; the clear error when the extra is missing."""

from __future__ import annotations

import json
import sys

import pytest

import planwatch
from conftest import NSP

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")


def test_findings_frame(ev: planwatch.Evaluation) -> None:
    df = ev.findings_frame()
    assert list(df.columns) == [
        "id", "rule", "severity", "subject_kind", "subject_id", "subject_name", "period",
        "message", "owner", "owner_name", "strategy", "province", "province_name", "evidence",
    ]
    # Names beside ids: a per-ministry summary needs no join.
    names = {o["id"]: o["name"] for o in planwatch.load(NSP).organisations}
    owned = df[df["owner"].notna()]
    assert list(owned["owner_name"].astype(str)) == [names[o] for o in owned["owner"]]
    assert df.loc[0, "subject_id"] == "2.7.11"
    assert df.loc[0, "subject_name"].startswith("Major activity 2.7.11")
    assert list(df["id"]) == [f.id for f in ev]
    assert df["severity"].cat.ordered
    assert list(df["severity"].cat.categories) == ["info", "warning", "error", "critical"]
    assert (df["severity"] >= "error").sum() == len(ev.filter(min_severity="error"))
    assert json.loads(df["evidence"][0]) == ev[0].evidence
    sub = ev.findings_frame(province="pcct-mondulkiri", min_severity="warning")
    assert list(sub["id"]) == [f.id for f in ev.filter(province="pcct-mondulkiri", min_severity="warning")]
    assert len(ev.findings_frame(rule="no_owner")) == 0
    with pytest.raises(planwatch.ValidationError, match="unknown rule `no_such_rule`"):
        ev.findings_frame(rule="no_such_rule")


def test_findings_frame_columns(ev: planwatch.Evaluation) -> None:
    full = ev.findings_frame(rule=["overdue", "blocked"])
    some = ev.findings_frame(rule=["overdue", "blocked"], columns=["subject_id", "rule", "evidence"])
    assert list(some.columns) == ["subject_id", "rule", "evidence"]
    for c in some.columns:
        assert list(some[c].astype(str)) == list(full[c].astype(str))
    severity = ev.findings_frame(columns="severity")
    assert list(severity.columns) == ["severity"] and severity["severity"].cat.ordered
    with pytest.raises(planwatch.PlanwatchError) as e:
        ev.findings_frame(columns=["subject_id", "colour"])
    assert "unknown findings column colour: use id, rule" in str(e.value)
    with pytest.raises(planwatch.PlanwatchError, match="no findings column asked for"):
        ev.findings_table(columns=[])


def test_findings_table_is_arrow(ev: planwatch.Evaluation) -> None:
    raw = ev._native.findings_table()
    assert hasattr(raw, "__arrow_c_stream__")
    t = pa.table(raw)
    assert t.num_rows == len(ev)
    assert pa.types.is_dictionary(t.schema.field("severity").type)


def test_public_arrow_tables(ev: planwatch.Evaluation) -> None:
    t = pa.table(ev.findings_table())
    assert t.column("id").to_pylist() == [f.id for f in ev]
    assert t.column("rule").to_pylist() == [f.rule for f in ev]
    assert t.column("owner").to_pylist() == [f.owner for f in ev]
    assert t.column("province").to_pylist() == [f.province for f in ev]
    assert t.column("message").to_pylist() == [f.message for f in ev]
    assert [json.loads(e) for e in t.column("evidence").to_pylist()] == [f.evidence for f in ev]
    sub = pa.table(ev.findings_table(rule="overdue", min_severity="error"))
    assert sub.column("id").to_pylist() == [f.id for f in ev.filter(rule="overdue", min_severity="error")]
    forecast = pa.table(ev.forecast_table())
    assert forecast.num_rows == 235


def test_forecast_frame(ev: planwatch.Evaluation, nsp: planwatch.Plan) -> None:
    df = ev.forecast_frame()
    assert len(df) == 235 and df["activity"][0] == "1.1.1"
    assert df["planned_start"][0].isoformat() == nsp.activities[0]["planned_start"]
    first = ev.forecast["activities"][0]
    assert df["early_finish"][0].isoformat() == first["early_finish"]
    assert int(df["slack_days"][0]) == first["slack_days"]
    assert df["critical"].dtype == bool
    assert set(df["critical"][df["critical"]].index) == {
        i for i, a in enumerate(ev.forecast["activities"]) if a["critical"]
    }


def test_indicators_frame(ev: planwatch.Evaluation) -> None:
    df = ev.indicators_frame()
    assert list(df["indicator"]) == [i["indicator"] for i in ev.indicators]
    assert list(df.columns)[:2] == ["indicator", "owner"]  # core's field order
    assert df["margin"].dtype == float


def test_rollups_and_generic_tables(ev: planwatch.Evaluation) -> None:
    by_prov = ev.rollups_frame("province")
    assert list(by_prov.columns) == ["province", "total", "critical", "error", "warning", "info"]
    assert int(by_prov["total"].sum()) == sum(v["total"] for v in ev.rollups["by_province"].values())
    cells = ev.rollups_frame("cells")
    assert int(cells["count"].sum()) == len(ev)
    by_rule = ev.table("summary.by_rule")  # a map of scalars is one row
    assert by_rule.shape == (1, len(ev.summary["by_rule"]))
    with pytest.raises(AttributeError):
        ev.table("no.such.part")


def test_rates_frame(ev: planwatch.Evaluation) -> None:
    if "reporting" not in ev.parts():
        with pytest.raises(AttributeError, match="reporting"):
            ev.rates_frame()
        return
    df = ev.rates_frame(by="reporter")
    assert len(df) == len(ev.rates["reporting"]["by_reporter"])
    assert "completeness" in df.columns
    assert len(ev.rates_frame(by="kind")) == len(ev.rates["reporting"]["by_kind"])
    assert len(ev.rates_frame(by="overall")) == 1


def test_rates_frame_by_province(ev: planwatch.Evaluation) -> None:
    df = ev.rates_frame(by="province")
    reporting = ev.rates["reporting"]
    # The NSP's 25 provinces, then the reporters of no province (ministries, units, groups).
    assert len(df) == 26
    assert list(df.columns[:2]) == ["province", "reporters"]
    assert df["province"].iloc[0] == "pcct-banteay-meanchey"
    assert df["province"].isna().tolist() == [False] * 25 + [True]
    assert df["reporters"].sum() == len(reporting["by_reporter"])
    assert df["expected"].sum() == reporting["overall"]["expected"]
    assert df["actual"].sum() == reporting["overall"]["actual"]
    meetings = ev.rates_frame(by="province", of="meetings")
    assert meetings["expected"].sum() == ev.rates["meetings"]["overall"]["expected"]
    with pytest.raises(planwatch.ValidationError, match="unknown rates part"):
        ev.rates_frame(by="province", of="nothing")


def test_missing_pandas_names_the_extra(ev: planwatch.Evaluation, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install planwatch\[pandas\]"):
        ev.findings_frame()
    with pytest.raises(ImportError, match=r"pip install planwatch\[pandas\]"):
        ev.indicators_frame()
