"""Plans that travel, and planwatch.distributed on a two-worker Dask LocalCluster: the
same findings, plan by plan, and the same reporting rates as one process."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any, Iterator

import pytest

import planwatch
from planwatch import distributed

from conftest import AS_OF, FIXTURES, MINI_PLAN, NSP

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
dist = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = dist.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    c = dist.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def _records(df: Any) -> list[dict[str, Any]]:
    """Rows as plain values (categories and missing cells compared as text)."""
    return json.loads(df.astype(object).where(df.notna(), None).astype(str).to_json(orient="records"))


# plans that travel ------------------------------------------------------------------


def test_plan_pickles_to_an_equal_plan_with_its_directory_rules(nsp: planwatch.Plan) -> None:
    back = pickle.loads(pickle.dumps(nsp))
    assert back.to_dict() == nsp.to_dict()
    assert back.rules_file == nsp.rules_file
    # The directory's rules.json (custom rules included) travels with it.
    assert back.evaluate(AS_OF).to_json() == nsp.evaluate(AS_OF).to_json()


def test_pickled_plan_is_its_compact_json_not_its_source_files(nsp: planwatch.Plan) -> None:
    size = len(pickle.dumps(nsp))
    files = sum(p.stat().st_size for p in NSP.glob("*.json"))
    assert size < files  # compact JSON: no indentation


def test_plan_from_dicts_pickles_without_rules() -> None:
    plan = planwatch.Plan.from_dict(MINI_PLAN)
    back = pickle.loads(pickle.dumps(plan))
    assert back.rules_file is None
    assert back.evaluate("2021-06-30").to_json() == plan.evaluate("2021-06-30").to_json()


def test_with_monitoring_replaces_the_monitoring_data(nsp: planwatch.Plan) -> None:
    subs = pd.DataFrame(nsp.monitoring["submissions"])
    one = nsp.with_monitoring({"submissions": subs})
    assert one.monitoring["submissions"] == nsp.monitoring["submissions"]
    assert one.monitoring["status_updates"] == []
    assert nsp.with_monitoring({}).monitoring["submissions"] == []
    bad = subs.assign(reporter="nobody")
    with pytest.raises(planwatch.ValidationError, match="nobody"):
        nsp.with_monitoring({"submissions": bad.head(1)})


# evaluate_many ------------------------------------------------------------------------


def _sources() -> list[Any]:
    # A path (loaded on a worker), a plan loaded here with its directory's rules.json and
    # one built from dicts (both pickled to the workers).
    mini = planwatch.Plan.from_dict({**MINI_PLAN, "id": "mini-dict"})
    return [NSP, planwatch.load(FIXTURES / "mini-rules"), mini]


@pytest.mark.parametrize("gather", [True, False])
def test_evaluate_many_gives_plan_by_plan_the_findings_of_evaluate(
    client: Any, gather: bool
) -> None:
    sources = _sources()
    many = distributed.evaluate_many(sources, AS_OF, client=client, gather=gather)
    findings = many.findings if gather else many.findings.compute()
    assert list(findings.columns)[0] == "plan"
    plans = [s if isinstance(s, planwatch.Plan) else planwatch.load(s) for s in sources]
    assert list(dict.fromkeys(findings["plan"].astype(str))) == [
        p.id for p in plans if len(p.evaluate(AS_OF))
    ]
    for plan in plans:
        ev = plan.evaluate(AS_OF)
        mine = findings[findings["plan"].astype(str) == plan.id].drop(columns="plan")
        assert _records(mine.reset_index(drop=True)) == _records(ev.findings_frame())
        assert many.rates_by_plan[plan.id] == ev.rates
        row = many.rates[(many.rates["plan"] == plan.id) & (many.rates["of"] == "reporting")]
        assert int(row["expected"].iloc[0]) == ev.rates["reporting"]["overall"]["expected"]
    assert str(findings["severity"].dtype) == "category"


def test_evaluate_many_with_one_rule_set_and_a_bag(client: Any, tmp_path: Path) -> None:
    import dask.bag as db

    rules = {"rules": {"overdue": {"severity": "critical"}, "no_indicator": {"enabled": False}}}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules))
    sources = [str(NSP), str(FIXTURES / "valid-mini")]
    bag = db.from_sequence(sources, npartitions=2)
    many = distributed.evaluate_many(bag, AS_OF, rules=path, client=client, columns=["id", "rule"])
    assert list(many.findings.columns) == ["plan", "id", "rule"]
    for source in sources:
        plan = planwatch.load(source)
        ev = plan.evaluate(AS_OF, rules)
        mine = many.findings[many.findings["plan"].astype(str) == plan.id]
        assert mine["id"].tolist() == ev.findings_frame(columns="id")["id"].tolist()
    assert "no_indicator" not in set(many.findings["rule"].astype(str))


def test_evaluate_many_bad_rules_raise_the_rule_error(client: Any) -> None:
    with pytest.raises(planwatch.RuleError):
        distributed.evaluate_many([NSP], AS_OF, rules={"rules": {"nope": {}}}, client=client)


def test_evaluate_many_refuses_two_plans_of_one_id(client: Any) -> None:
    with pytest.raises(ValueError, match="mini"):
        distributed.evaluate_many(
            [FIXTURES / "valid-mini", FIXTURES / "mini-rules"], AS_OF, client=client
        )


# reporting_rates ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def submissions(nsp: planwatch.Plan) -> Any:
    return pd.DataFrame(nsp.monitoring["submissions"])


def _single(nsp: planwatch.Plan, subs: Any) -> planwatch.Evaluation:
    return nsp.with_monitoring({"submissions": subs}).evaluate(AS_OF)


def _check(result: distributed.PartitionedReporting, ev: planwatch.Evaluation) -> None:
    assert result.rates == ev.rates["reporting"]
    want = ev.findings_frame(rule=list(distributed.REPORT_RULES))
    assert len(want) > 0
    assert _records(result.findings) == _records(want)


def test_reporting_rates_by_reporter_partitions_equal_one_process(
    client: Any, nsp: planwatch.Plan, submissions: Any
) -> None:
    # Partitioned by reporter (sorted, five partitions): no shuffle needed.
    ordered = submissions.sort_values("reporter", kind="stable").set_index("reporter", drop=False)
    parts = dd.from_pandas(ordered, npartitions=5, sort=True)
    result = distributed.reporting_rates(nsp, parts, AS_OF, by="kind", client=client)
    ev = _single(nsp, submissions)
    _check(result, ev)
    assert result.frame["kind"].tolist() == list(ev.rates["reporting"]["by_kind"])
    assert result.frame["expected"].tolist() == [
        r["expected"] for r in ev.rates["reporting"]["by_kind"].values()
    ]


def test_reporting_rates_shuffle_when_a_reporter_spans_partitions(
    client: Any, nsp: planwatch.Plan, submissions: Any
) -> None:
    # Split by submission date: every reporter spans partitions, so counting each part
    # and adding would count a report twice; the function shuffles by reporter first.
    by_day = dd.from_pandas(submissions.sort_values("submitted"), npartitions=4, sort=False)
    result = distributed.reporting_rates(nsp, by_day, AS_OF, client=client)
    _check(result, _single(nsp, submissions))
    assert len(result.frame) == len(_single(nsp, submissions).rates["reporting"]["by_reporter"])


def test_reporting_rates_from_a_parquet_dataset(
    client: Any, nsp: planwatch.Plan, submissions: Any, tmp_path: Path
) -> None:
    # Only some reporters submitted: the others' missing reports come from no partition.
    some = submissions[submissions["reporter"].isin(sorted(set(submissions["reporter"]))[:10])]
    for i, (reporter, rows) in enumerate(some.groupby("reporter")):
        rows.to_parquet(tmp_path / f"part-{i:03}.parquet", index=False)
    result = distributed.reporting_rates(
        nsp, str(tmp_path), AS_OF, by="overall", client=client
    )
    ev = _single(nsp, some.reset_index(drop=True))
    _check(result, ev)
    assert result.frame.to_dict("records")[0]["actual"] == ev.rates["reporting"]["overall"]["actual"]


def test_merge_refuses_overlapping_or_foreign_parts(nsp: planwatch.Plan, submissions: Any) -> None:
    native = nsp.with_monitoring({"submissions": submissions})._native
    whole = native.reporting_rates_json(AS_OF)
    with pytest.raises(planwatch.ValidationError, match="overlap"):
        planwatch._planwatch.merge_reporting_rates([whole, whole])
    other = native.reporting_rates_json("2022-06-30")
    with pytest.raises(planwatch.ValidationError, match="not of the same plan"):
        planwatch._planwatch.merge_reporting_rates([whole, other])
    with pytest.raises(planwatch.ValidationError, match="no reporting rates"):
        planwatch._planwatch.merge_reporting_rates([])


def test_partitions_counted_apart_merge_to_the_whole_plan(
    nsp: planwatch.Plan, submissions: Any
) -> None:
    # Two provinces' partitions, each narrowed to its own reporters; the merge counts the
    # reporters that no partition holds with the plan itself.
    rows = [submissions[submissions["reporter"] == r] for r in ("pcct-kampot", "pcct-kep")]
    parts = [distributed.partition_rates(nsp, r, AS_OF) for r in rows]
    kept = pd.concat(rows).reset_index(drop=True)
    whole = _single(nsp, kept).rates["reporting"]
    assert distributed.merge_rates(parts, nsp.with_monitoring({})) == whole
    # Without the plan: the two reporters' rates alone.
    two = distributed.merge_rates(parts)
    counted = [r for r in whole["by_reporter"] if r["id"] in ("pcct-kampot", "pcct-kep")]
    assert two["overall"]["expected"] == sum(r["expected"] for r in counted)
    assert two["overall"]["actual"] == sum(r["actual"] for r in counted)


def test_for_reporters_expects_only_their_reports(nsp: planwatch.Plan) -> None:
    one = nsp.for_reporters("pcct-kampot")
    rates = one.evaluate(AS_OF).rates["reporting"]
    row = {r["id"]: r for r in nsp.evaluate(AS_OF).rates["reporting"]["by_reporter"]}
    assert rates["overall"]["expected"] == row["pcct-kampot"]["expected"] > 0
    missing = one.evaluate(AS_OF).findings_frame(rule="missing_report")
    assert set(missing["subject_id"]) == {"pcct-kampot"}
    with pytest.raises(planwatch.ValidationError, match="`nobody` is no organisation") as e:
        nsp.for_reporters(["pcct-kampot", "nobody"])
    assert e.value.errors[0].path == "reporters[1]"
