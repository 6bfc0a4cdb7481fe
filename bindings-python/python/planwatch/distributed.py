"""Beyond one machine: many plans, and one plan's partitioned reporting table, on Dask.

planwatch grows no cluster of its own: plans pickle compactly (their canonical JSON,
rebuilt into a dataset on arrival) and evaluations hand back Arrow tables, so an
engine that data teams already run does the distributing. This module does it with Dask
(``pip install planwatch[dask]``); ``docs/distributed.md`` gives the same two jobs on
Spark and says when one machine is enough.

- :func:`evaluate_many`: many plans (a ministry's provinces, a region's countries), one
  task per batch of plans; the findings of all of them in one table with a ``plan``
  column, and the rates of each plan.
- :func:`reporting_rates`: one plan whose submissions are a large partitioned table;
  each partition counts its own reporters' reports on a worker (the plan narrowed by
  :meth:`Plan.for_reporters`) and the counts are merged exactly by the engine
  (``Dataset::merge_reporting_rates``: why that is exact is written there).

Both give, row for row, what one process gives (``Plan.evaluate``), and the tests hold
them to it on a two-worker ``LocalCluster``.

>>> from dask.distributed import Client, LocalCluster        # doctest: +SKIP
>>> client = Client(LocalCluster(n_workers=2))              # doctest: +SKIP
>>> many = evaluate_many(["plans/kampot", "plans/takeo"], "2021-06-30", client=client)
... # doctest: +SKIP
>>> many.findings.groupby("plan").size()                    # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _planwatch
from ._evaluation import Names, _columns
from ._plan import Day, PathLike, Plan, Rules, _day, load

__all__ = [
    "ManyEvaluations",
    "PartitionedReporting",
    "evaluate_many",
    "merge_rates",
    "partition_rates",
    "report_rules",
    "reporting_rates",
]

#: The rules whose findings :func:`reporting_rates` gives: the missing and late reports.
REPORT_RULES = ("missing_report", "late_report")
#: The columns of a submissions table (``docs/tables.md``).
SUBMISSION_COLUMNS = ["reporter", "report_type", "period", "submitted"]
_RATE_FIELDS = ["expected", "actual", "on_time", "completeness", "timeliness", "on_time_of_actual"]

Source = Union[PathLike, Plan]


def _libs() -> Tuple[Any, Any, Any]:
    """dask, pandas and pyarrow, or an ImportError that says what to install."""
    try:
        import dask
        import pandas
        import pyarrow
    except ImportError as e:
        raise ImportError(
            f"planwatch.distributed needs dask, pandas and pyarrow ({e.name or e} is "
            "missing); install them with: pip install planwatch[dask]"
        ) from None
    return dask, pandas, pyarrow


@dataclass(frozen=True)
class ManyEvaluations:
    """What :func:`evaluate_many` gives."""

    #: The findings of every plan, with a ``plan`` column (the plan's id) before the
    #: columns of ``Evaluation.findings_frame``: plan by plan in the order of the sources,
    #: each plan's findings in the engine's order. A pandas DataFrame, or a Dask DataFrame
    #: (one partition per batch of plans, left on the workers) with ``gather=False``.
    findings: Any
    #: The overall reporting and meeting rates of every plan, one row per plan and part
    #: (``of``: ``reporting`` or ``meetings``): ``plan``, ``of``, ``expected``,
    #: ``actual``, ``on_time``, ``completeness``, ``timeliness``, ``on_time_of_actual``.
    rates: Any
    #: The whole ``Evaluation.rates`` of every plan, by plan id.
    rates_by_plan: Dict[str, Dict[str, Any]]


@dataclass(frozen=True)
class PartitionedReporting:
    """What :func:`reporting_rates` gives."""

    #: The plan's reporting rates, merged from the partitions: equal to
    #: ``plan.evaluate(as_of).rates["reporting"]`` over all the submissions.
    rates: Dict[str, Any]
    #: The breakdown asked for (``by``) as a pandas DataFrame, one row per reporter,
    #: kind, report type or period (or one ``overall`` row).
    frame: Any
    #: The missing and late reports (findings of ``missing_report`` and ``late_report``,
    #: the columns of ``Evaluation.findings_frame``), in the engine's order: the rows
    #: that one process gives for those rules.
    findings: Any


def _batches(items: Sequence[Any], n: int) -> List[List[Any]]:
    size = max(1, -(-len(items) // max(1, n)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _workers(client: Any) -> int:
    if client is not None:
        try:
            return max(1, len(client.scheduler_info()["workers"]))
        except Exception:  # pragma: no cover - a client that cannot say
            pass
    return os.cpu_count() or 1


def _portable_rules(rules: Rules) -> Rules:
    """A rule set that every worker can read: a rules file is read here, on the client."""
    if isinstance(rules, os.PathLike):
        with open(os.fspath(rules), encoding="utf-8") as f:
            return f.read()
    return rules


def _evaluate_batch(
    sources: Iterable[Source], as_of: Day, rules: Rules, columns: Optional[List[str]]
) -> Tuple[Any, List[Tuple[str, Dict[str, Any]]]]:
    """Runs on a worker: evaluates each plan; its findings as one Arrow table with a
    ``plan`` column, and each plan's rates."""
    _, _, pa = _libs()
    tables = []
    rates = []
    for source in sources:
        plan = source if isinstance(source, Plan) else load(source)
        ev = plan.evaluate(as_of, rules)
        table = pa.table(ev.findings_table(columns=columns))
        ids = pa.DictionaryArray.from_arrays(
            pa.array([0] * table.num_rows, pa.int32()), pa.array([plan.id], pa.string())
        )
        tables.append(table.add_column(0, "plan", ids))
        rates.append((plan.id, ev.rates))
    if not tables:
        return None, rates
    return pa.concat_tables(tables, promote_options="permissive"), rates


def _frame(table: Any) -> Any:
    """An Arrow findings table as the DataFrame ``findings_frame`` gives."""
    _, pd, _ = _libs()
    df = table.to_pandas()
    if "severity" in df.columns:
        df["severity"] = df["severity"].astype(
            pd.CategoricalDtype(list(_planwatch.SEVERITIES), ordered=True)
        )
    return df


def _batch_frame(result: Tuple[Any, Any]) -> Any:
    return _frame(result[0])


def _rate_rows(rates: Sequence[Tuple[str, Dict[str, Any]]]) -> List[Dict[str, Any]]:
    rows = []
    for plan_id, parts in rates:
        for of in ("reporting", "meetings"):
            if of in parts:
                overall = parts[of]["overall"]
                rows.append({"plan": plan_id, "of": of, **{k: overall[k] for k in _RATE_FIELDS}})
    return rows


def evaluate_many(
    sources: Any,
    as_of: Day,
    rules: Rules = None,
    client: Any = None,
    *,
    columns: Names = None,
    gather: bool = True,
    npartitions: Optional[int] = None,
) -> ManyEvaluations:
    """Evaluates many plans on a Dask cluster as of a day.

    ``sources`` is a sequence of plan sources (paths that every worker can read, as for
    :func:`planwatch.load`, or :class:`~planwatch.Plan` objects, which travel pickled in
    their compact form) or a ``dask.bag.Bag`` of them. ``rules`` is one rule set for all
    (as for :meth:`Plan.evaluate`; a rules file is read once, here); ``None`` gives each
    plan its directory's ``rules.json``, else the defaults. ``client`` is a
    ``dask.distributed.Client``; ``None`` uses Dask's default scheduler (the active
    client, if any). Plans are evaluated in ``npartitions`` batches (default: four per
    worker, at most one per plan); ``columns`` keeps only the findings' columns named.

    Returns a :class:`ManyEvaluations`: ``findings`` (gathered into one pandas
    DataFrame, or left on the cluster as a Dask DataFrame with ``gather=False``, for
    results too large for the client), ``rates`` (one row per plan and part) and
    ``rates_by_plan``. Plan by plan, the rows are those of ``plan.evaluate(as_of,
    rules).findings_frame()``. Plans are told apart by their id: two sources of one plan
    id raise ``ValueError``.
    """
    dask, pd, _ = _libs()
    day = _day(as_of)
    rules = _portable_rules(rules)
    cols = _columns(columns)
    scheduler = {} if client is None else {"scheduler": client}
    if hasattr(sources, "map_partitions") and hasattr(sources, "to_delayed"):
        # A dask bag: each of its partitions is a batch.
        parts = [
            dask.delayed(_evaluate_batch, pure=True)(p, day, rules, cols)
            for p in sources.to_delayed()
        ]
    else:
        items = list(sources)
        n = npartitions or min(len(items), 4 * _workers(client))
        parts = [
            dask.delayed(_evaluate_batch, pure=True)(batch, day, rules, cols)
            for batch in _batches(items, n)
        ]
    if gather:
        results = dask.compute(*parts, **scheduler)
        tables = [t for t, _ in results if t is not None]
        findings = _concat_frames(tables, cols)
        rates = [r for _, rs in results for r in rs]
    else:
        import dask.dataframe as dd

        parts = [p for p in dask.persist(*parts, **scheduler)]
        heads = dask.compute(*[dask.delayed(_rates_of)(p) for p in parts], **scheduler)
        rates = [r for rs in heads for r in rs]
        meta_source = next((p for p, rs in zip(parts, heads) if rs), None)
        if meta_source is None:
            findings = dd.from_pandas(  # type: ignore[no-untyped-call]
                _concat_frames([], cols), npartitions=1
            )
        else:
            meta = dask.compute(dask.delayed(_batch_frame)(meta_source), **scheduler)[0].iloc[:0]
            findings = dd.from_delayed(
                [dask.delayed(_batch_frame)(p) for p, rs in zip(parts, heads) if rs],
                meta=meta,
                verify_meta=False,
            )
    ids = [plan_id for plan_id, _ in rates]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ValueError(
            f"two sources have the plan id {', '.join(map(repr, twice))}: the plan column "
            "could not tell their findings apart"
        )
    return ManyEvaluations(
        findings=findings,
        rates=pd.DataFrame(_rate_rows(rates), columns=["plan", "of", *_RATE_FIELDS]),
        rates_by_plan=dict(rates),
    )


def _rates_of(result: Tuple[Any, Any]) -> Any:
    return result[1]


def _concat_frames(tables: List[Any], cols: Optional[List[str]]) -> Any:
    _, pd, pa = _libs()
    if not tables:
        return pd.DataFrame(columns=["plan", *(cols or [])])
    return _frame(pa.concat_tables(tables, promote_options="permissive"))


# reporting rates of one plan over a partitioned submissions table ---------------------


def _submissions_frame(submissions: Any) -> Any:
    """The submissions as a Dask DataFrame: a Dask DataFrame as it is, a Parquet
    dataset (a path, or a list of paths) read lazily, a pandas DataFrame as one
    partition."""
    dask, pd, _ = _libs()
    import dask.dataframe as dd

    if isinstance(submissions, dd.DataFrame):
        return submissions
    if isinstance(submissions, pd.DataFrame):
        return dd.from_pandas(submissions, npartitions=1)  # type: ignore[no-untyped-call]
    if isinstance(submissions, (str, os.PathLike)) or (
        isinstance(submissions, (list, tuple)) and all(isinstance(p, (str, os.PathLike)) for p in submissions)
    ):
        paths = (
            os.fspath(submissions)
            if isinstance(submissions, (str, os.PathLike))
            else [os.fspath(p) for p in submissions]
        )
        return dd.read_parquet(paths, columns=SUBMISSION_COLUMNS)
    raise TypeError(
        "submissions must be a Dask or pandas DataFrame or a Parquet dataset path, "
        f"not {type(submissions).__name__}"
    )


def _reporters(part: Any) -> List[str]:
    return sorted(set(part["reporter"].astype(str).unique()))


def _rules_document(rules: Rules) -> Dict[str, Any]:
    """The rule set as a ``rules.json`` document (``None`` is the defaults)."""
    if rules is None:
        return {}
    if isinstance(rules, str):
        return dict(json.loads(rules))
    return dict(rules)  # type: ignore[arg-type]


def report_rules(document: Dict[str, Any], reporters: List[str]) -> Dict[str, Any]:
    """The rule set (a ``rules.json`` dict) that gives the missing and late reports of
    ``reporters`` only, from ``document`` (a ``rules.json`` dict, ``{}`` for the
    defaults): the
    caller's settings of ``missing_report`` and ``late_report`` (severity, parameters,
    scope) with the scope's organisations narrowed to ``reporters``, every other rule
    off. The engine applies the scope before it makes a finding, so a partition pays
    only for its own reporters' findings."""
    settings = document.get("rules", {})
    out: Dict[str, Any] = {}
    for info in _planwatch.rule_catalogue():
        rule = info["id"]
        if rule not in REPORT_RULES:
            out[rule] = {"enabled": False}
            continue
        own = dict(settings.get(rule, {}))
        scope = dict(own.get("scope", {}))
        owners = scope.get("owners")
        scope["owners"] = [r for r in reporters if owners is None or r in set(owners)]
        own["scope"] = scope
        if not scope["owners"]:
            own["enabled"] = False
            scope.pop("owners")
        out[rule] = own
    return {"rules": out}


def partition_rates(
    plan: Plan, submissions: Any, as_of: Day, reporters: Optional[Sequence[str]] = None
) -> str:
    """The reporting rates of the reporters of one partition: ``plan`` with
    ``submissions`` (the partition's table, a DataFrame or Arrow table of the
    ``submissions`` layout) in place of its own, narrowed to ``reporters`` (default: the
    reporters the partition's rows name) by :meth:`Plan.for_reporters`, so that only
    their expected reports are walked; as the JSON text :func:`merge_rates` merges. The
    building block of :func:`reporting_rates` and of the Spark recipe
    (docs/distributed.md). Each reporter's submissions must all be in its partition."""
    if reporters is None:
        _, _, pa = _libs()
        column = pa.table(submissions).column("reporter").to_pylist()
        names = sorted({str(r) for r in column})
    else:
        names = list(reporters)
    one = plan.with_monitoring({"submissions": submissions}).for_reporters(names)
    return one._native.reporting_rates_json(_day(as_of))


def merge_rates(parts: Sequence[str], plan: Optional[Plan] = None) -> Dict[str, Any]:
    """The reporting rates of the whole from :func:`partition_rates` of each partition
    (each reporter's submissions in one partition, so that the parts count disjoint
    reporters): the engine adds every count up and computes the ratios again. With
    ``plan`` (the plan of the parts, with no monitoring data), the reporters no part
    counts (those with no submissions at all) are counted too, so the result is the whole
    plan's rates (``Dataset::merge_reporting_rates``); without it, only the parts'
    reporters' (``ReportingRates::merge``). Raises :class:`~planwatch.ValidationError` for
    parts of different plans, days or windows, or parts that count a reporter twice."""
    native = None if plan is None else plan._native
    return dict(json.loads(_planwatch.merge_reporting_rates(list(parts), native)))


def _count_partition(
    part: Any, plan: Plan, as_of: Day, document: Dict[str, Any]
) -> Tuple[str, Any, List[str]]:
    """Runs on a worker: one partition's submissions against the plan narrowed to the
    reporters they name (only those reporters' expected reports are walked): their
    reporting rates (JSON, to be merged by the engine), their missing and late reports
    (Arrow), and the reporters."""
    _, pd, pa = _libs()
    # Fresh columns: a partition that arrived pickled can hold Arrow string buffers at
    # unaligned addresses, which the engine's Arrow import refuses (and the categories of
    # a Parquet dataset's hive partitions become plain text).
    part = pd.DataFrame(
        {
            c: part[c].astype(str).to_numpy(dtype=object) if c != "submitted" else part[c].to_numpy()
            for c in SUBMISSION_COLUMNS
        }
    )
    reporters = _reporters(part)
    one = plan.with_monitoring({"submissions": part}).for_reporters(reporters)
    rates = one._native.reporting_rates_json(_day(as_of))
    found = None
    if reporters:
        ev = one.evaluate(as_of, report_rules(document, reporters))
        found = pa.table(ev.findings_table())
    return rates, found, reporters


def _unreported(plan: Plan, as_of: Day, document: Dict[str, Any], reporters: List[str]) -> Any:
    """The missing reports of the reporters that no partition holds: the plan with no
    submissions at all, narrowed to them."""
    _, _, pa = _libs()
    ev = plan.with_monitoring({}).for_reporters(reporters).evaluate(as_of, report_rules(document, reporters))
    return pa.table(ev.findings_table())


def reporting_rates(
    plan: Plan,
    submissions: Any,
    as_of: Day,
    by: str = "reporter",
    rules: Rules = None,
    client: Any = None,
    *,
    npartitions: Optional[int] = None,
) -> PartitionedReporting:
    """The reporting rates and the missing and late reports of one plan whose
    submissions are a large partitioned table, computed partition by partition on a Dask
    cluster and merged exactly.

    ``submissions`` (the columns of the ``submissions`` table, ``docs/tables.md``) is a
    Dask DataFrame, a Parquet dataset (a path or a list of paths, e.g. partitioned by
    province) or a pandas DataFrame; it takes the place of the plan's own submissions.
    Each partition is counted on a worker against the plan narrowed to the reporters it
    holds (:meth:`Plan.for_reporters`: only their expected reports are walked); the
    engine then adds the counts up and counts the reporters no partition holds
    (``Dataset::merge_reporting_rates``). That is exact when each reporter's
    submissions lie in one partition (counts of distinct expected reports then add up:
    see docs/distributed.md); when they do not (a table split by date, say), the
    submissions are first shuffled by reporter, which this function detects and does
    itself. ``by`` is the breakdown of :attr:`PartitionedReporting.frame`:
    ``reporter``, ``kind``, ``type``, ``period`` or ``overall``. ``rules`` (a dict,
    JSON text or a rules file; ``None`` for the plan directory's ``rules.json``, else the
    defaults) gives the settings of ``missing_report`` and ``late_report``; no other
    rule runs. Partitions are counted where the submissions live (the plan is sent to
    every worker once); ``npartitions`` joins adjacent partitions into that many
    first (which keeps each reporter in one), for tables of many small partitions.

    Equal to the single-machine result: ``rates`` is
    ``plan.evaluate(as_of).rates["reporting"]`` and ``findings`` are its
    ``missing_report`` and ``late_report`` findings, for the plan with all the
    submissions.
    """
    if by not in ("reporter", "kind", "type", "period", "overall"):
        raise ValueError(f"by must be reporter, kind, type, period or overall, not {by!r}")
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a planwatch.Plan, not {type(plan).__name__}")
    dask, pd, pa = _libs()
    day = _day(as_of)
    if rules is None and plan.rules_file is not None:
        rules = Path(plan.rules_file)
    document = _rules_document(_portable_rules(rules))
    scheduler = {} if client is None else {"scheduler": client}
    subs = _submissions_frame(submissions)
    # Exact only when no reporter spans two partitions: check, shuffle when needed.
    held = dask.compute(
        *[dask.delayed(_reporters)(p) for p in subs[["reporter"]].to_delayed()], **scheduler
    )
    flat = [r for rs in held for r in rs]
    if len(flat) != len(set(flat)):
        subs = subs.shuffle(on="reporter")
    if npartitions is not None and subs.npartitions > npartitions:
        subs = subs.repartition(npartitions=npartitions)
    # One key in the graph: the plan is pickled once and sent to each worker that needs it.
    shared = dask.delayed(plan, pure=True)
    counted = [
        dask.delayed(_count_partition, pure=True)(p, shared, day, document)
        for p in subs.to_delayed()
    ]
    results = dask.compute(*counted, **scheduler)
    merged = merge_rates([r for r, _, _ in results], plan.with_monitoring({}))
    seen = {r for _, _, rs in results for r in rs}
    rest = [r["id"] for r in merged["by_reporter"] if r["id"] not in seen]
    tables = [t for _, t, _ in results if t is not None and t.num_rows]
    if rest:
        tables.append(
            dask.compute(dask.delayed(_unreported)(shared, day, document, rest), **scheduler)[0]
        )
    if not tables:
        tables.append(pa.table(plan.with_monitoring({}).evaluate(day, report_rules(document, [])).findings_table()))
    findings = _order(_frame(pa.concat_tables(tables, promote_options="permissive")), merged)
    return PartitionedReporting(rates=merged, frame=_rates_frame(merged, by), findings=findings)


def _order(df: Any, rates: Dict[str, Any]) -> Any:
    """The engine's order of findings (most severe first, then rule, subject kind,
    subject id in natural order, then the engine's own order within one subject): every
    finding of one rule and reporter comes from one partition, already in that order, so
    a stable sort on the first keys restores it; the natural order of the reporters is
    the engine's, from ``by_reporter``."""
    _, pd, _ = _libs()
    import numpy as np

    # Vectorised keys (a million findings sort in about a second); np.lexsort sorts by
    # the last key first and is stable, so equal keys keep the partitions' order.
    levels = pd.CategoricalDtype(list(_planwatch.SEVERITIES), ordered=True)
    sev = -df["severity"].astype(levels).cat.codes.to_numpy()
    rule = pd.factorize(df["rule"].astype(str), sort=True)[0]
    ids = [r["id"] for r in rates["by_reporter"]]
    subject = pd.Categorical(df["subject_id"].astype(str), categories=ids).codes.astype("int64")
    subject[subject < 0] = len(ids)
    order = np.lexsort((subject, rule, sev))
    return df.iloc[order].reset_index(drop=True)


def _rates_frame(rates: Dict[str, Any], by: str) -> Any:
    _, pd, _ = _libs()
    if by == "overall":
        return pd.DataFrame([rates["overall"]])
    part = rates[f"by_{by}"]
    if isinstance(part, dict):
        return pd.DataFrame([{by: k, **v} for k, v in part.items()])
    return pd.DataFrame(part)
