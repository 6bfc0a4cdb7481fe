"""planwatch against pandas, polars, duckdb and five expression engines, in one process.

    python bench/peers.py DIR [--rounds 5] [--peers all] [--cel-python-subset 20000]
                              [--out FILE]

DIR is a plan directory made by `planwatch-synth` (plan.json, monitoring.json,
rules-race.json), evaluated as of 2024-01-31. Run it in the benchmark's venv
(`scripts/bench.sh` makes it: pandas, polars, duckdb, pyarrow, zen-engine, cel-expr-python,
common-expression-language, rule-engine, cel-python and planwatch built with maturin).

Parsing is excluded on both sides: planwatch loads the directory with `planwatch.load`,
the peers read the same JSON files into typed DataFrames (dates parsed, ids resolved to
positions, reporter selectors resolved: what planwatch's load does) before any timing.
Then, timed interleaved (A B C D, A B C D, ... for `--rounds` rounds; medians reported):

(a)+(b) reporting completeness, timeliness, missing and late reports per reporter, and
    the overdue and blocked activities, with planwatch's definitions
    (core/src/eval/rates.rs, core/src/dataset.rs, core/src/rules/reporting/,
    core/src/rules/schedule/{overdue,blocked}.rs): planwatch (evaluate with only
    missing_report, late_report, overdue and blocked enabled, then read `ev.rates` and the
    findings table) vs pandas, polars, duckdb. Every peer's numbers are checked against
    planwatch's: per reporter (expected, actual, on time), the set of overdue activities
    with their days overdue, the set of blocked activities.
(all) planwatch with every built-in rule in process, including building the findings
    table (`ev.findings_frame()`), timed in the same rounds.
(c) the custom condition over every activity: planwatch (rules-race.json: one custom
    rule, built-ins off) vs zen-engine, cel-expr-python, common-expression-language,
    rule-engine and cel-python, each in its own idiom, on per-activity contexts prepared
    before timing; the match counts are checked equal. cel-python runs once, on the first
    `--cel-python-subset` activities only (it is very slow), and is checked on that
    subset.

Prints (or writes to --out) one JSON object with every figure; exits 1 on a mismatch.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

AS_OF_TEXT = "2024-01-31"
AS_OF = dt.date(2024, 1, 31)
CLOSED = ("done", "cancelled")
AB_RULES = ("missing_report", "late_report", "overdue", "blocked")
RACE_CONDITION = (
    "activity.progress != null && activity.progress < 50.0 && "
    "days_between(activity.deadline, as_of) < 30 && activity.status != 'done'"
)
ZEN_CONDITION = (
    "activity.progress != null and activity.progress < 50 and "
    "d(as_of).diff(d(activity.deadline), 'day') < 30 and activity.status != 'done'"
)
RULE_ENGINE_CONDITION = (
    "progress != null and progress < 50.0 and (as_of - deadline).days < 30 "
    "and status != 'done'"
)
# cel-python refuses `double != null` (no such overload): the idiom there is has() on a
# map without the key.
CEL_PYTHON_CONDITION = (
    "has(activity.progress) && activity.progress < 50.0 && "
    "days_between(activity.deadline, as_of) < 30 && activity.status != 'done'"
)

# Canonical results, compared across implementations.
# (per reporter id: (expected, actual, on_time), overdue: {id: days}, blocked: {id})
Result = Tuple[Dict[str, Tuple[int, int, int]], Dict[str, int], Set[str]]


def days_between(a: str, b: str) -> int:
    """The custom-rule function: days from date a to date b."""
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


# --- planwatch: every call to its Python API is here -----------------------------------

class Planwatch:
    """The planwatch side; the only code that calls planwatch's Python API."""

    def __init__(self, directory: Path) -> None:
        import planwatch

        self.pw = planwatch
        self.dir = directory
        self.plan = planwatch.load(directory)
        catalogue = planwatch.rule_catalogue()
        self.rule_ids = [r["id"] for r in catalogue]
        self.ab_rules = {"rules": {r: {"enabled": r in AB_RULES} for r in self.rule_ids}}
        self.race_rules = directory / "rules-race.json"  # a Path: a str would be rules text

    def ab(self) -> Any:
        """(a) and (b): the evaluation, its reporting rates and its overdue and blocked
        findings, as planwatch hands them over."""
        ev = self.plan.evaluate(AS_OF_TEXT, self.ab_rules)
        rates = ev.rates["reporting"]["by_reporter"]
        # The three columns the job reads; the messages and names are not built.
        frame = ev.findings_frame(rule=["overdue", "blocked"], columns=["rule", "subject_id", "evidence"])
        return ev, rates, frame

    @staticmethod
    def ab_result(out: Any) -> Result:
        ev, rates, frame = out
        per = {r["id"]: (r["expected"], r["actual"], r["on_time"]) for r in rates}
        overdue: Dict[str, int] = {}
        blocked: Set[str] = set()
        for rule, subject, evidence in zip(frame["rule"], frame["subject_id"], frame["evidence"]):
            if rule == "overdue":
                overdue[subject] = json.loads(evidence)["days_overdue"]
            else:
                blocked.add(subject)
        return per, overdue, blocked

    @staticmethod
    def ab_counts(out: Any) -> Dict[str, int]:
        return dict(out[0].summary["by_rule"])

    def all_rules(self) -> int:
        """Every built-in rule, then the whole findings table."""
        ev = self.plan.evaluate(AS_OF_TEXT)
        frame = ev.findings_frame()
        return len(frame)

    def all_rules_evaluate_only(self) -> int:
        return len(self.plan.evaluate(AS_OF_TEXT))

    def race(self) -> int:
        """(c): the custom rule alone; the number of matching activities."""
        return len(self.plan.evaluate(AS_OF_TEXT, self.race_rules))

    def race_ids(self) -> Set[str]:
        ev = self.plan.evaluate(AS_OF_TEXT, self.race_rules)
        return {f.subject_id for f in ev.findings}


# --- the data, read into tables before timing --------------------------------------------

def period_table(start_year: int, end_year: int) -> List[Tuple[str, str, dt.date, dt.date]]:
    """Every period (type, id, start, end) of a calendar-year plan."""
    def month_end(y: int, m: int) -> dt.date:
        return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))

    rows = []
    for y in range(start_year - 1, end_year + 1):
        for m in range(1, 13):
            rows.append(("monthly", f"{y}-{m:02d}", dt.date(y, m, 1), month_end(y, m)))
        for q in range(1, 5):
            rows.append(("quarterly", f"{y}Q{q}", dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q)))
        for s in range(1, 3):
            rows.append(("semi_annual", f"{y}S{s}", dt.date(y, 6 * s - 5, 1), month_end(y, 6 * s)))
        rows.append(("ten_month", f"{y}T10", dt.date(y, 1, 1), dt.date(y, 10, 31)))
        rows.append(("annual", f"{y}", dt.date(y, 1, 1), dt.date(y, 12, 31)))
    return rows


class Tables:
    """The plan and monitoring data as columns (plain Python lists), from the JSON files."""

    def __init__(self, directory: Path) -> None:
        plan = json.loads((directory / "plan.json").read_text())
        mon = json.loads((directory / "monitoring.json").read_text())
        if plan.get("fiscal_year_start_month", 1) != 1:
            raise SystemExit("peers.py handles calendar fiscal years only")
        d = dt.date.fromisoformat
        self.plan_start = d(plan["start"])
        self.plan_end = d(plan["end"])
        acts = plan["activities"]
        self.act_ids = [a["id"] for a in acts]
        pos = {a: i for i, a in enumerate(self.act_ids)}
        self.act = {
            "idx": list(range(len(acts))),
            "id": self.act_ids,
            "planned_start": [d(a["planned_start"]) for a in acts],
            "deadline": [d(a["deadline"]) for a in acts],
        }
        succ, pred, typ = [], [], []
        for i, a in enumerate(acts):
            for dep in a.get("depends_on", ()):
                succ.append(i)
                pred.append(pos[dep["activity"]])
                typ.append(dep.get("type", "FS"))
        self.dep = {"succ": succ, "pred": pred, "type": typ}
        ups = mon.get("status_updates", [])
        self.upd = {
            "act": [pos[u["activity"]] for u in ups],
            "seq": list(range(len(ups))),
            "date": [d(u["date"]) for u in ups],
            "status": [u["status"] for u in ups],
            "progress": [u.get("progress") for u in ups],
        }
        orgs = plan["organisations"]
        opos = {o["id"]: i for i, o in enumerate(orgs)}
        self.org_ids = [o["id"] for o in orgs]
        self.org = {
            "oidx": list(range(len(orgs))),
            "id": self.org_ids,
            "kind": [o["kind"] for o in orgs],
            "active_from": [d(o["active_from"]) if o.get("active_from") else None for o in orgs],
            "active_until": [d(o["active_until"]) if o.get("active_until") else None for o in orgs],
        }
        obl: Dict[str, list] = {"obl": [], "report_type": [], "grace": [], "win_from": [], "win_until": []}
        bound: Dict[str, list] = {"obl": [], "reporter": []}
        for k, o in enumerate(plan.get("reporting_obligations", [])):
            obl["obl"].append(k)
            obl["report_type"].append(o["report_type"])
            obl["grace"].append(o.get("grace_days", 0))
            f = max(d(o["from"]) if o.get("from") else self.plan_start, self.plan_start)
            u = min(d(o["until"]) if o.get("until") else self.plan_end, self.plan_end)
            obl["win_from"].append(f)
            obl["win_until"].append(u)
            sel = o["reporters"]
            chosen = {opos[i] for i in sel.get("ids", [])}
            kinds = set(sel.get("kinds", []))
            chosen |= {i for i, org in enumerate(orgs) if org["kind"] in kinds}
            for r in sorted(chosen):
                bound["obl"].append(k)
                bound["reporter"].append(r)
        self.obl = obl
        self.bound = bound
        types = obl["report_type"]
        pairs = {(t, r) for t, r in zip((types[k] for k in bound["obl"]), bound["reporter"])}
        # Two obligations of one report type binding one reporter: planwatch counts their
        # common reports once (the later due day). The synthetic plans have none.
        self.overlapping = len(pairs) != len(bound["reporter"])
        per = period_table(self.plan_start.year, self.plan_end.year)
        self.periods = {
            "report_type": [p[0] for p in per],
            "period": [p[1] for p in per],
            "start": [p[2] for p in per],
            "end": [p[3] for p in per],
        }
        subs = mon.get("submissions", [])
        self.sub = {
            "reporter": [opos[s["reporter"]] for s in subs],
            "report_type": [s["report_type"] for s in subs],
            "period": [s["period"] for s in subs],
            "submitted": [d(s["submitted"]) for s in subs],
        }
        del plan, mon

    def activity_states(self) -> Tuple[List[str], List[Optional[float]]]:
        """Status and progress of every activity as of the day (planwatch's ActivityState:
        the latest update's status, the latest progress given)."""
        n = len(self.act_ids)
        status = ["not_started"] * n
        progress: List[Optional[float]] = [None] * n
        last: List[Optional[dt.date]] = [None] * n
        order = sorted(range(len(self.upd["act"])), key=lambda i: (self.upd["act"][i], self.upd["date"][i], i))
        for i in order:
            a, day = self.upd["act"][i], self.upd["date"][i]
            if day > AS_OF:
                continue
            status[a] = self.upd["status"][i]
            if self.upd["progress"][i] is not None:
                progress[a] = self.upd["progress"][i]
            last[a] = day
        return status, progress


# --- (a)+(b) in pandas ----------------------------------------------------------------------

class Pandas:
    def __init__(self, t: Tables) -> None:
        import pandas as pd

        self.pd = pd
        ts = lambda xs: pd.to_datetime(pd.Series(xs, dtype="object"))  # noqa: E731
        self.act = pd.DataFrame({"idx": t.act["idx"], "id": t.act["id"]})
        self.act["planned_start"] = ts(t.act["planned_start"])
        self.act["deadline"] = ts(t.act["deadline"])
        self.dep = pd.DataFrame(t.dep)
        self.upd = pd.DataFrame({k: v for k, v in t.upd.items() if k != "date"})
        self.upd["date"] = ts(t.upd["date"])
        self.upd["progress"] = self.upd["progress"].astype("float64")
        self.org = pd.DataFrame({k: t.org[k] for k in ("oidx", "id", "kind")})
        self.org["active_from"] = ts(t.org["active_from"])
        self.org["active_until"] = ts(t.org["active_until"])
        self.obl = pd.DataFrame({k: t.obl[k] for k in ("obl", "report_type", "grace")})
        self.obl["win_from"] = ts(t.obl["win_from"])
        self.obl["win_until"] = ts(t.obl["win_until"])
        self.bound = pd.DataFrame(t.bound)
        self.periods = pd.DataFrame({k: t.periods[k] for k in ("report_type", "period")})
        self.periods["end"] = ts(t.periods["end"])
        self.sub = pd.DataFrame({k: t.sub[k] for k in ("reporter", "report_type", "period")})
        self.sub["submitted"] = ts(t.sub["submitted"])
        self.plan_start = pd.Timestamp(t.plan_start)
        self.overlapping = t.overlapping

    def run(self) -> Any:
        pd = self.pd
        as_of = pd.Timestamp(AS_OF)
        # (a) expected reports: bound reporters x periods ending in the obligation's window,
        # on which the reporter is active, due in the window and before the as-of day.
        per = self.periods.merge(self.obl, on="report_type")
        per = per[(per["end"] >= per["win_from"]) & (per["end"] <= per["win_until"])]
        per = per.assign(due=per["end"] + pd.to_timedelta(per["grace"], unit="D"))
        per = per[(per["due"] >= self.plan_start) & (per["due"] < as_of)]
        exp = self.bound.merge(per[["obl", "report_type", "period", "end", "due"]], on="obl")
        exp = exp.merge(self.org[["oidx", "active_from", "active_until"]], left_on="reporter", right_on="oidx")
        active = (exp["active_from"].isna() | (exp["active_from"] <= exp["end"])) & (
            exp["active_until"].isna() | (exp["end"] <= exp["active_until"])
        )
        exp = exp[active]
        if self.overlapping:
            exp = exp.sort_values("due").drop_duplicates(["reporter", "report_type", "period"], keep="last")
        first = self.sub.groupby(["reporter", "report_type", "period"], as_index=False)["submitted"].min()
        exp = exp.merge(first, on=["reporter", "report_type", "period"], how="left")
        actual = exp["submitted"] <= as_of
        on_time = actual & (exp["submitted"] <= exp["due"])
        counts = (
            exp.assign(actual=actual, on_time=on_time)
            .groupby("reporter")
            .agg(expected=("actual", "size"), actual=("actual", "sum"), on_time=("on_time", "sum"))
        )
        reporters = self.org.loc[self.org["oidx"].isin(self.bound["reporter"]), ["oidx", "id"]]
        rates = reporters.merge(counts, left_on="oidx", right_index=True, how="left").fillna(
            {"expected": 0, "actual": 0, "on_time": 0}
        )
        rates = rates.assign(
            missing=rates["expected"] - rates["actual"],
            late=rates["actual"] - rates["on_time"],
            completeness=rates["actual"] / rates["expected"],
            timeliness=rates["on_time"] / rates["expected"],
        )
        # (b) the status as of the day: the latest update on or before it (file order
        # within a day); not started without one.
        upd = self.upd[self.upd["date"] <= as_of].sort_values(["act", "date", "seq"])
        latest = upd.groupby("act")["status"].last()
        status = latest.reindex(self.act["idx"], fill_value="not_started").to_numpy()
        days = (as_of - self.act["deadline"]).dt.days
        open_ = ~pd.Series(status).isin(CLOSED).to_numpy()
        overdue = self.act.loc[open_ & (days > 0).to_numpy(), ["id"]].assign(days_overdue=days)
        pred_status = status[self.dep["pred"].to_numpy()]
        fs = (self.dep["type"] == "FS").to_numpy() & ~pd.Series(pred_status).isin(CLOSED).to_numpy()
        ss = (self.dep["type"] == "SS").to_numpy() & (pred_status == "not_started")
        held = self.dep.loc[fs | ss, "succ"].unique()
        cand = (self.act["planned_start"] < as_of).to_numpy() & (status == "not_started")
        blocked = self.act.loc[cand & self.act["idx"].isin(held).to_numpy(), "id"]
        return rates, overdue, blocked

    @staticmethod
    def result(out: Any) -> Result:
        rates, overdue, blocked = out
        per = {
            r: (int(e), int(a), int(o))
            for r, e, a, o in zip(rates["id"], rates["expected"], rates["actual"], rates["on_time"])
        }
        return per, dict(zip(overdue["id"], (int(x) for x in overdue["days_overdue"]))), set(blocked)


# --- (a)+(b) in polars ----------------------------------------------------------------------

class Polars:
    def __init__(self, t: Tables) -> None:
        import polars as pl

        self.pl = pl
        self.act = pl.DataFrame(t.act, schema={"idx": pl.Int64, "id": pl.Utf8, "planned_start": pl.Date, "deadline": pl.Date})
        self.dep = pl.DataFrame(t.dep, schema={"succ": pl.Int64, "pred": pl.Int64, "type": pl.Utf8})
        self.upd = pl.DataFrame(
            t.upd,
            schema={"act": pl.Int64, "seq": pl.Int64, "date": pl.Date, "status": pl.Utf8, "progress": pl.Float64},
        )
        self.org = pl.DataFrame(
            t.org,
            schema={"oidx": pl.Int64, "id": pl.Utf8, "kind": pl.Utf8, "active_from": pl.Date, "active_until": pl.Date},
        )
        self.obl = pl.DataFrame(
            t.obl,
            schema={"obl": pl.Int64, "report_type": pl.Utf8, "grace": pl.Int64, "win_from": pl.Date, "win_until": pl.Date},
        )
        self.bound = pl.DataFrame(t.bound, schema={"obl": pl.Int64, "reporter": pl.Int64})
        self.periods = pl.DataFrame(
            {k: t.periods[k] for k in ("report_type", "period", "end")},
            schema={"report_type": pl.Utf8, "period": pl.Utf8, "end": pl.Date},
        )
        self.sub = pl.DataFrame(
            t.sub, schema={"reporter": pl.Int64, "report_type": pl.Utf8, "period": pl.Utf8, "submitted": pl.Date}
        )
        self.plan_start = t.plan_start
        self.overlapping = t.overlapping

    def run(self) -> Any:
        pl = self.pl
        as_of = pl.lit(AS_OF)
        key = ["reporter", "report_type", "period"]
        exp = (
            self.periods.lazy()
            .join(self.obl.lazy(), on="report_type")
            .filter(pl.col("end").is_between(pl.col("win_from"), pl.col("win_until")))
            .with_columns(due=pl.col("end") + pl.duration(days=pl.col("grace")))
            .filter((pl.col("due") >= pl.lit(self.plan_start)) & (pl.col("due") < as_of))
            .join(self.bound.lazy(), on="obl")
            .join(self.org.lazy().select("oidx", "active_from", "active_until"), left_on="reporter", right_on="oidx")
            .filter(
                (pl.col("active_from").is_null() | (pl.col("active_from") <= pl.col("end")))
                & (pl.col("active_until").is_null() | (pl.col("end") <= pl.col("active_until")))
            )
        )
        if self.overlapping:
            exp = exp.sort("due").unique(subset=key, keep="last")
        first = self.sub.lazy().group_by(key).agg(pl.col("submitted").min())
        counts = (
            exp.join(first, on=key, how="left")
            .with_columns(actual=(pl.col("submitted") <= as_of).fill_null(False))
            .with_columns(on_time=pl.col("actual") & (pl.col("submitted") <= pl.col("due")).fill_null(False))
            .group_by("reporter")
            .agg(
                expected=pl.len().cast(pl.Int64),
                actual=pl.col("actual").sum().cast(pl.Int64),
                on_time=pl.col("on_time").sum().cast(pl.Int64),
            )
        )
        rates = (
            self.org.lazy()
            .join(self.bound.lazy().select("reporter").unique(), left_on="oidx", right_on="reporter", how="semi")
            .select("oidx", "id")
            .join(counts, left_on="oidx", right_on="reporter", how="left")
            .with_columns(pl.col("expected", "actual", "on_time").fill_null(0))
            .with_columns(
                missing=pl.col("expected") - pl.col("actual"),
                late=pl.col("actual") - pl.col("on_time"),
                completeness=pl.col("actual") / pl.col("expected"),
                timeliness=pl.col("on_time") / pl.col("expected"),
            )
        )
        status = (
            self.upd.lazy()
            .filter(pl.col("date") <= as_of)
            .sort("act", "date", "seq")
            .group_by("act")
            .agg(pl.col("status").last())
        )
        acts = (
            self.act.lazy()
            .join(status, left_on="idx", right_on="act", how="left")
            .with_columns(pl.col("status").fill_null("not_started"))
        )
        overdue = (
            acts.with_columns(days_overdue=(as_of - pl.col("deadline")).dt.total_days())
            .filter(~pl.col("status").is_in(CLOSED) & (pl.col("days_overdue") > 0))
            .select("id", "days_overdue")
        )
        held = (
            self.dep.lazy()
            .join(acts.select(pred="idx", pred_status="status"), on="pred")
            .filter(
                ((pl.col("type") == "FS") & ~pl.col("pred_status").is_in(CLOSED))
                | ((pl.col("type") == "SS") & (pl.col("pred_status") == "not_started"))
            )
            .select("succ")
            .unique()
        )
        blocked = (
            acts.filter((pl.col("planned_start") < as_of) & (pl.col("status") == "not_started"))
            .join(held, left_on="idx", right_on="succ", how="semi")
            .select("id")
        )
        return pl.collect_all([rates, overdue, blocked])

    @staticmethod
    def result(out: Any) -> Result:
        rates, overdue, blocked = out
        per = {
            r: (e, a, o)
            for r, e, a, o in zip(rates["id"], rates["expected"], rates["actual"], rates["on_time"])
        }
        return per, dict(zip(overdue["id"], overdue["days_overdue"])), set(blocked["id"])


# --- (a)+(b) in duckdb ----------------------------------------------------------------------

DUCKDB_AB = {
    "rates": """
WITH per AS (
  SELECT o.obl, p.report_type, p.period, p."end", p."end" + o.grace::INTEGER AS due
  FROM periods p JOIN obl o USING (report_type)
  WHERE p."end" BETWEEN o.win_from AND o.win_until
), exp AS (
  SELECT b.reporter, per.report_type, per.period, per.due
  FROM bound b JOIN per USING (obl) JOIN org ON org.oidx = b.reporter
  WHERE per.due >= $plan_start AND per.due < $as_of
    AND (org.active_from IS NULL OR org.active_from <= per."end")
    AND (org.active_until IS NULL OR per."end" <= org.active_until)
  {dedupe}
), first AS (
  SELECT reporter, report_type, period, min(submitted) AS submitted
  FROM sub GROUP BY ALL
), counts AS (
  SELECT e.reporter, count(*) AS expected,
         count(*) FILTER (f.submitted <= $as_of) AS actual,
         count(*) FILTER (f.submitted <= $as_of AND f.submitted <= e.due) AS on_time
  FROM exp e LEFT JOIN first f USING (reporter, report_type, period)
  GROUP BY e.reporter
)
SELECT org.id, coalesce(expected, 0) AS expected, coalesce(actual, 0) AS actual,
       coalesce(on_time, 0) AS on_time,
       coalesce(expected, 0) - coalesce(actual, 0) AS missing,
       coalesce(actual, 0) - coalesce(on_time, 0) AS late,
       actual / expected AS completeness, on_time / expected AS timeliness
FROM org LEFT JOIN counts ON counts.reporter = org.oidx
WHERE org.oidx IN (SELECT reporter FROM bound)
""",
    "status": """
CREATE OR REPLACE TEMP TABLE state AS
SELECT a.idx, a.id, a.planned_start, a.deadline, coalesce(s.status, 'not_started') AS status
FROM act a LEFT JOIN (
  SELECT act, arg_max(status, (date, seq)) AS status FROM upd WHERE date <= $as_of GROUP BY act
) s ON s.act = a.idx
""",
    "overdue": """
SELECT id, ($as_of - deadline) AS days_overdue FROM state
WHERE status NOT IN ('done', 'cancelled') AND $as_of - deadline > 0
""",
    "blocked": """
SELECT s.id FROM state s
WHERE s.planned_start < $as_of AND s.status = 'not_started' AND EXISTS (
  SELECT 1 FROM dep d JOIN state p ON p.idx = d.pred
  WHERE d.succ = s.idx AND (
    (d.type = 'FS' AND p.status NOT IN ('done', 'cancelled'))
    OR (d.type = 'SS' AND p.status = 'not_started')))
""",
}


class DuckDB:
    def __init__(self, t: Tables, polars_tables: Polars) -> None:
        import duckdb

        self.con = duckdb.connect()
        p = polars_tables
        for name in ("act", "dep", "upd", "org", "obl", "bound", "periods", "sub"):
            # Materialised in duckdb's own storage before timing (its idiom: load, then query).
            self.con.register(f"{name}_src", getattr(p, name).to_arrow())
            self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_src")
            self.con.unregister(f"{name}_src")
        dedupe = (
            "QUALIFY row_number() OVER (PARTITION BY b.reporter, per.report_type, per.period ORDER BY per.due DESC) = 1"
            if t.overlapping
            else ""
        )
        self.sql = dict(DUCKDB_AB)
        self.sql["rates"] = self.sql["rates"].replace("{dedupe}", dedupe)
        self.params = {"as_of": AS_OF, "plan_start": t.plan_start}

    def run(self) -> Any:
        c = self.con
        rates = c.execute(self.sql["rates"], self.params).fetchnumpy()
        c.execute(self.sql["status"], {"as_of": AS_OF})
        overdue = c.execute(self.sql["overdue"], {"as_of": AS_OF}).fetchnumpy()
        blocked = c.execute(self.sql["blocked"], {"as_of": AS_OF}).fetchnumpy()
        return rates, overdue, blocked

    @staticmethod
    def result(out: Any) -> Result:
        rates, overdue, blocked = out
        per = {
            str(r): (int(e), int(a), int(o))
            for r, e, a, o in zip(rates["id"], rates["expected"], rates["actual"], rates["on_time"])
        }
        days = dict(zip((str(x) for x in overdue["id"]), (int(x) for x in overdue["days_overdue"])))
        return per, days, {str(x) for x in blocked["id"]}


# --- (c) the custom-condition race ------------------------------------------------------------

class Race:
    """Per-activity contexts (what each engine takes), built before timing."""

    def __init__(self, t: Tables, cel_python_subset: int) -> None:
        status, progress = t.activity_states()
        deadlines = [d.isoformat() for d in t.act["deadline"]]
        self.n = len(status)
        self.contexts = [
            {"activity": {"progress": p, "deadline": dl, "status": s}, "as_of": AS_OF_TEXT}
            for p, dl, s in zip(progress, deadlines, status)
        ]
        as_of_dt = dt.datetime(AS_OF.year, AS_OF.month, AS_OF.day)
        self.things = [
            {"progress": p, "deadline": dt.datetime(d.year, d.month, d.day), "status": s, "as_of": as_of_dt}
            for p, d, s in zip(progress, t.act["deadline"], status)
        ]
        self.subset = min(cel_python_subset, self.n)
        # Without the key when progress is null (cel-python's idiom, see CEL_PYTHON_CONDITION).
        self.sparse = [
            {"activity": {k: v for k, v in c["activity"].items() if v is not None}, "as_of": AS_OF_TEXT}
            for c in self.contexts[: self.subset]
        ]
        # The reference answer, in plain Python.
        self.expected = [
            p is not None and p < 50.0 and days_between(dl, AS_OF_TEXT) < 30 and s != "done"
            for p, dl, s in zip(progress, deadlines, status)
        ]

    def zen(self) -> Callable[[], int]:
        import zen

        expr = zen.compile_expression(ZEN_CONDITION)
        contexts = self.contexts
        return lambda: sum(1 for c in contexts if expr.evaluate(c))

    def cel_expr_python(self) -> Callable[[], int]:
        from cel_expr_python import cel as gcel

        T = gcel.Type
        decl = gcel.FunctionDecl(
            "days_between",
            [gcel.Overload("days_between_string_string", T.INT, [T.STRING, T.STRING], impl=days_between)],
        )
        env = gcel.NewEnv(variables={"activity": T.Map(T.STRING, T.DYN), "as_of": T.STRING}, functions=[decl])
        expr = env.compile(RACE_CONDITION)
        contexts = self.contexts
        return lambda: sum(1 for c in contexts if expr.eval(data=c).value())

    def common_expression_language(self) -> Callable[[], int]:
        import cel

        program = cel.compile(RACE_CONDITION)
        ctx = cel.Context()
        ctx.add_function("days_between", days_between)
        contexts = self.contexts

        def run() -> int:
            n = 0
            for c in contexts:
                ctx.update(c)
                n += bool(program.execute(ctx))
            return n

        return run

    def rule_engine(self) -> Callable[[], int]:
        import rule_engine

        rule = rule_engine.Rule(RULE_ENGINE_CONDITION, context=rule_engine.Context(default_value=None))
        things = self.things
        return lambda: sum(1 for _ in rule.filter(things))

    def cel_python(self) -> Callable[[], int]:
        import celpy

        env = celpy.Environment()
        ast = env.compile(CEL_PYTHON_CONDITION)

        def db(a: Any, b: Any) -> Any:
            return celpy.celtypes.IntType(days_between(str(a), str(b)))

        program = env.program(ast, functions={"days_between": db})
        activations = [celpy.json_to_cel(c) for c in self.sparse]
        return lambda: sum(1 for a in activations if bool(program.evaluate(a)))


# --- running ------------------------------------------------------------------------------------

def timed(f: Callable[[], Any]) -> Tuple[float, Any]:
    gc.collect()
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def compare(name: str, got: Result, want: Result, problems: List[str]) -> None:
    per, overdue, blocked = got
    wper, woverdue, wblocked = want
    if per != wper:
        diff = [r for r in sorted(set(per) | set(wper)) if per.get(r) != wper.get(r)]
        problems.append(
            f"{name}: per-reporter (expected, actual, on_time) differ for {len(diff)} reporters, "
            f"e.g. {[(r, per.get(r), wper.get(r)) for r in diff[:5]]}"
        )
    if overdue != woverdue:
        diff = [a for a in sorted(set(overdue) | set(woverdue)) if overdue.get(a) != woverdue.get(a)]
        problems.append(
            f"{name}: overdue differs for {len(diff)} activities ({len(overdue)} vs planwatch "
            f"{len(woverdue)}), e.g. {[(a, overdue.get(a), woverdue.get(a)) for a in diff[:5]]}"
        )
    if blocked != wblocked:
        problems.append(
            f"{name}: blocked differs ({len(blocked)} vs planwatch {len(wblocked)}): only here "
            f"{sorted(blocked - wblocked)[:5]}, only in planwatch {sorted(wblocked - blocked)[:5]}"
        )


def summary_of(result: Result) -> Dict[str, int]:
    per, overdue, blocked = result
    return {
        "reporters": len(per),
        "expected": sum(v[0] for v in per.values()),
        "actual": sum(v[1] for v in per.values()),
        "on_time": sum(v[2] for v in per.values()),
        "missing": sum(v[0] - v[1] for v in per.values()),
        "late": sum(v[1] - v[2] for v in per.values()),
        "overdue": len(overdue),
        "blocked": len(blocked),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--race-rounds", type=int, default=3)
    ap.add_argument(
        "--peers",
        default="all",
        help="comma-separated subset of pandas,polars,duckdb,zen,cel-expr-python,"
        "common-expression-language,rule-engine,cel-python (default all)",
    )
    ap.add_argument("--cel-python-subset", type=int, default=20_000)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    peers = None if args.peers == "all" else set(args.peers.split(","))
    want = lambda name: peers is None or name in peers  # noqa: E731
    log = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731

    import planwatch

    figures: Dict[str, Any] = {"dir": str(args.dir), "as_of": AS_OF_TEXT, "rounds": args.rounds}
    versions = {"python": sys.version.split()[0], "planwatch": planwatch.__version__}
    t, pw = timed(lambda: Planwatch(args.dir))
    figures["planwatch_load_s"] = t
    log(f"planwatch.load {t:.2f} s")
    t, _ = timed(lambda: [json.loads((args.dir / f).read_text()) for f in ("plan.json", "monitoring.json")])
    figures["json_load_only_s"] = t
    log(f"json.load alone {t:.2f} s")
    t, tables = timed(lambda: Tables(args.dir))
    figures["json_load_s"] = t
    log(f"json.load + columns {t:.2f} s")
    figures["activities"] = len(tables.act_ids)

    impls: Dict[str, Any] = {}
    if want("pandas"):
        import pandas

        versions["pandas"] = pandas.__version__
        impls["pandas"] = Pandas(tables)
    pol = None
    if want("polars") or want("duckdb"):
        import polars

        versions["polars"] = polars.__version__
        pol = Polars(tables)
        if want("polars"):
            impls["polars"] = pol
    if want("duckdb") and pol is not None:
        import duckdb

        versions["duckdb"] = duckdb.__version__
        impls["duckdb"] = DuckDB(tables, pol)
    log("tables ready:", ", ".join(impls))

    # (a)+(b), interleaved, with planwatch's all-rules run in the same rounds.
    times: Dict[str, List[float]] = {k: [] for k in ["planwatch", *impls, "planwatch_all_rules", "planwatch_all_rules_evaluate_only"]}
    results: Dict[str, Result] = {}
    counts: Dict[str, int] = {}
    all_findings = 0
    for r in range(args.rounds):
        t, out = timed(pw.ab)
        times["planwatch"].append(t)
        if r == 0:
            results["planwatch"] = Planwatch.ab_result(out)
            counts = Planwatch.ab_counts(out)
        del out
        for name, impl in impls.items():
            t, out = timed(impl.run)
            times[name].append(t)
            if r == 0:
                results[name] = impl.result(out)
            del out
        t, all_findings = timed(pw.all_rules)
        times["planwatch_all_rules"].append(t)
        t, _ = timed(pw.all_rules_evaluate_only)
        times["planwatch_all_rules_evaluate_only"].append(t)
        log(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in times.items()))

    problems: List[str] = []
    ref = results["planwatch"]
    for name in impls:
        compare(name, results[name], ref, problems)
    # planwatch against itself: the rates and the missing/late findings agree.
    s = summary_of(ref)
    for rule, n in (("missing_report", s["missing"]), ("late_report", s["late"]), ("overdue", s["overdue"]), ("blocked", s["blocked"])):
        if counts.get(rule) != n:
            problems.append(f"planwatch: {rule} has {counts.get(rule)} findings, the rates/frames say {n}")
    med = {k: statistics.median(v) for k, v in times.items() if v}
    figures["ab"] = {
        "what": "(a) completeness, timeliness, missing and late reports per reporter + (b) overdue and blocked activities",
        "median_s": med,
        "all_s": times,
        "numbers": s,
        "all_rules_findings": all_findings,
        "ratios_peer_over_planwatch": {k: med[k] / med["planwatch"] for k in impls},
        "ratios_peer_over_planwatch_all_rules": {k: med[k] / med["planwatch_all_rules"] for k in impls},
    }

    # (c) the race.
    race = Race(tables, args.cel_python_subset)
    engines: Dict[str, Callable[[], int]] = {"planwatch": pw.race}
    makers = {
        "zen": (race.zen, "zen-engine"),
        "cel-expr-python": (race.cel_expr_python, "cel-expr-python"),
        "common-expression-language": (race.common_expression_language, "common-expression-language"),
        "rule-engine": (race.rule_engine, "rule-engine"),
    }
    from importlib import metadata

    for name, (make, dist) in makers.items():
        if want(name):
            versions[dist] = metadata.version(dist)
            engines[name] = make()
    want_count = sum(race.expected)
    race_times: Dict[str, List[float]] = {k: [] for k in engines}
    race_counts: Dict[str, int] = {}
    for r in range(args.race_rounds):
        for name, f in engines.items():
            t, n = timed(f)
            race_times[name].append(t)
            race_counts[name] = n
        log(f"race round {r + 1}: " + ", ".join(f"{k} {v[-1]:.3f}s" for k, v in race_times.items()))
    pw_ids = pw.race_ids()
    ref_ids = {tables.act_ids[i] for i, e in enumerate(race.expected) if e}
    if pw_ids != ref_ids:
        problems.append(
            f"race: planwatch matches {len(pw_ids)} activities, the reference {len(ref_ids)}: only planwatch "
            f"{sorted(pw_ids - ref_ids)[:5]}, only the reference {sorted(ref_ids - pw_ids)[:5]}"
        )
    for name, n in race_counts.items():
        if n != want_count:
            problems.append(f"race: {name} matches {n} activities, the reference {want_count}")
    race_fig: Dict[str, Any] = {
        "condition": RACE_CONDITION,
        "matches": want_count,
        "activities": race.n,
        "median_s": {k: statistics.median(v) for k, v in race_times.items()},
        "all_s": race_times,
    }
    pw_med = race_fig["median_s"]["planwatch"]
    race_fig["ratios_peer_over_planwatch"] = {k: v / pw_med for k, v in race_fig["median_s"].items() if k != "planwatch"}
    if want("cel-python"):
        versions["cel-python"] = metadata.version("cel-python")
        f = race.cel_python()
        t, n = timed(f)
        sub_want = sum(race.expected[: race.subset])
        if n != sub_want:
            problems.append(f"race: cel-python matches {n} of the first {race.subset} activities, the reference {sub_want}")
        race_fig["cel_python"] = {
            "subset": race.subset,
            "seconds": t,
            "matches": n,
            "extrapolated_full_s": t * race.n / max(1, race.subset),
        }
        log(f"cel-python on {race.subset} activities: {t:.2f} s")
    figures["race"] = race_fig
    figures["versions"] = versions
    figures["problems"] = problems
    text = json.dumps(figures, indent=2, default=str)
    if args.out:
        args.out.write_text(text + "\n")
    else:
        print(text)
    for p in problems:
        log("MISMATCH:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
