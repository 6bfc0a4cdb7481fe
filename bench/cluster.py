"""Benchmark of planwatch.distributed (issue 14): many provincial plans, and one plan's
large partitioned reporting table, on a Dask LocalCluster of 1 and of 2 worker processes,
against one process; and the size and unpickling time of pickled plans.

Not part of scripts/bench.sh (it takes minutes and needs dask); run it by hand, in a venv
with planwatch built in release (``cd bindings-python && maturin develop --release``) and
``pip install "dask[dataframe,distributed]" pandas pyarrow``::

    python bench/cluster.py --plans 1000 --submissions 10000000 --out dist.json

and ``--synth DIR`` to measure pickling on a plan written by
``planwatch-synth --activities 100000 --seed 1 --out DIR``.

The data are generated here, seeded (numpy's PCG64), the same for every run:

- provincial plans: ``--plan-activities`` activities in groups with dependencies, a
  provincial committee and ``--plan-reporters`` district committees reporting monthly
  and quarterly over 2019-2023 (about 8% of reports missing, 10% late), status updates;
  written as JSON plan directories, which the workers load (``evaluate_many`` on paths).
- the reporting table: one national plan of ``--reporters`` commune committees in 25
  provinces, reporting monthly, quarterly, semi-annually and yearly over
  ``--years`` years; ``--submissions`` rows (each expected report submitted once, about
  5% missing, some late, the rest of the rows resubmissions), as a Parquet dataset
  partitioned by province (one file per province).

Prints a JSON report (and writes it to ``--out``): the wall times, the speed-up of 2
workers over 1, and the checks that the results equal one process's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pandas as pd

import planwatch
from planwatch import distributed

AS_OF = "2024-01-31"


def _provincial_plan(i: int, activities: int, reporters: int, rng: Any) -> Dict[str, Any]:
    pid = f"prov-{i:04}"
    orgs = [{"id": f"{pid}-pcct", "name": f"Province {i} committee", "kind": "provincial_committee"}]
    orgs += [
        {"id": f"{pid}-d{k:02}", "name": f"District {k}", "kind": "district_network", "parent": f"{pid}-pcct"}
        for k in range(reporters)
    ]
    groups = [{"id": f"1.{g + 1}", "strategy": "1", "title": f"group {g + 1}"} for g in range(max(1, activities // 20))]
    acts = []
    start = dt.date(2019, 1, 1)
    for a in range(activities):
        g = a % len(groups)
        s = start + dt.timedelta(days=int(rng.integers(0, 1400)))
        d = s + dt.timedelta(days=int(rng.integers(30, 400)))
        act: Dict[str, Any] = {
            "id": f"1.{g + 1}.{a // len(groups) + 1}",
            "group": f"1.{g + 1}",
            "title": f"activity {a}",
            "lead": orgs[int(rng.integers(0, len(orgs)))]["id"],
            "planned_start": s.isoformat(),
            "deadline": min(d, dt.date(2023, 12, 31)).isoformat(),
        }
        acts.append(act)
    plan = {
        "id": pid,
        "title": f"Provincial plan {i}",
        "start": "2019-01-01",
        "end": "2023-12-31",
        "organisations": orgs,
        "strategies": [{"id": "1", "title": "strategy"}],
        "groups": groups,
        "activities": acts,
        "reporting_obligations": [
            {"id": "monthly", "report_type": "monthly", "reporters": {"kinds": ["district_network"]}, "grace_days": 10},
            {"id": "quarterly", "report_type": "quarterly", "reporters": {"kinds": ["district_network"]}, "grace_days": 20},
        ],
    }
    subs = []
    for o in orgs[1:]:
        for y in range(2019, 2024):
            for m in range(1, 13):
                _maybe_submit(subs, rng, o["id"], "monthly", f"{y}-{m:02}", _month_end(y, m), 10)
            for q in range(1, 5):
                _maybe_submit(subs, rng, o["id"], "quarterly", f"{y}Q{q}", _month_end(y, 3 * q), 20)
    updates = [
        {
            "activity": a["id"],
            "date": a["planned_start"],
            "status": ["in_progress", "done", "not_started"][int(rng.integers(0, 3))],
        }
        for a in acts
        if rng.random() < 0.7
    ]
    return {"plan": plan, "monitoring": {"submissions": subs, "status_updates": updates}}


def _month_end(y: int, m: int) -> dt.date:
    return (dt.date(y + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)


def _maybe_submit(subs: List[Any], rng: Any, reporter: str, kind: str, period: str, end: dt.date, grace: int) -> None:
    if rng.random() < 0.08:
        return
    late = rng.random() < 0.1
    day = end + dt.timedelta(days=int(rng.integers(grace + 1, grace + 60) if late else rng.integers(1, grace + 1)))
    subs.append({"reporter": reporter, "report_type": kind, "period": period, "submitted": day.isoformat()})


def write_plans(root: Path, n: int, activities: int, reporters: int) -> List[Path]:
    rng = np.random.default_rng(14)
    dirs = []
    for i in range(n):
        d = root / f"prov-{i:04}"
        d.mkdir(parents=True, exist_ok=True)
        data = _provincial_plan(i, activities, reporters, rng)
        (d / "plan.json").write_text(json.dumps(data["plan"]))
        (d / "monitoring.json").write_text(json.dumps(data["monitoring"]))
        dirs.append(d)
    return dirs


def reporting_plan(reporters: int, years: int) -> planwatch.Plan:
    start = 2024 - years
    orgs = [{"id": f"pcct-{p:02}", "name": f"Province {p}", "kind": "provincial_committee"} for p in range(25)]
    orgs += [
        {"id": f"c{k:06}", "name": f"Commune {k}", "kind": "commune_committee", "parent": f"pcct-{k % 25:02}"}
        for k in range(reporters)
    ]
    plan = {
        "id": "national-reporting",
        "title": "Commune reporting",
        "start": f"{start}-01-01",
        "end": "2023-12-31",
        "organisations": orgs,
        "strategies": [{"id": "1", "title": "s"}],
        "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
        "activities": [
            {"id": "1.1.1", "group": "1.1", "title": "report", "lead": "pcct-00",
             "planned_start": f"{start}-01-01", "deadline": "2023-12-31"}
        ],
        "reporting_obligations": [
            {"id": t, "report_type": t, "reporters": {"kinds": ["commune_committee"]}, "grace_days": 15}
            for t in ("monthly", "quarterly", "semi_annual", "annual")
        ],
    }
    return planwatch.Plan.from_dict(plan)


def write_submissions(root: Path, plan: planwatch.Plan, rows: int, years: int) -> pd.DataFrame:
    """The submissions table (as one DataFrame) and its Parquet dataset, a file per
    province."""
    rng = np.random.default_rng(1414)
    start = 2024 - years
    periods = []  # (type, period id, period end)
    for y in range(start, 2024):
        for m in range(1, 13):
            periods.append(("monthly", f"{y}-{m:02}", _month_end(y, m)))
        for q in range(1, 5):
            periods.append(("quarterly", f"{y}Q{q}", _month_end(y, 3 * q)))
        for s in (1, 2):
            periods.append(("semi_annual", f"{y}S{s}", _month_end(y, 6 * s)))
        periods.append(("annual", f"{y}", _month_end(y, 12)))
    communes = [o["id"] for o in plan.organisations if o["kind"] == "commune_committee"]
    r = np.repeat(np.arange(len(communes)), len(periods))
    p = np.tile(np.arange(len(periods)), len(communes))
    keep = rng.random(len(r)) >= 0.05
    r, p = r[keep], p[keep]
    extra = max(0, rows - len(r))
    if extra:
        pick = rng.integers(0, len(r), extra)
        r, p = np.concatenate([r, r[pick]]), np.concatenate([p, p[pick]])
    r, p = r[:rows], p[:rows]
    ends = np.array([np.datetime64(e) for _, _, e in periods])
    late = rng.random(len(r)) < 0.1
    delay = np.where(late, rng.integers(16, 90, len(r)), rng.integers(1, 16, len(r)))
    df = pd.DataFrame(
        {
            "reporter": np.array(communes, dtype=object)[r],
            "report_type": np.array([t for t, _, _ in periods], dtype=object)[p],
            "period": np.array([i for _, i, _ in periods], dtype=object)[p],
            "submitted": (ends[p] + delay.astype("timedelta64[D]")).astype("datetime64[D]"),
        }
    )
    df["submitted"] = df["submitted"].dt.strftime("%Y-%m-%d")
    province = r % 25
    for k in range(25):
        df[province == k].to_parquet(root / f"province-{k:02}.parquet", index=False)
    return df


def timed(f: Any) -> Any:
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def pickling(plan: planwatch.Plan, label: str) -> Dict[str, Any]:
    data = pickle.dumps(plan)
    t, back = timed(lambda: pickle.loads(data))
    assert back.to_dict() == plan.to_dict()
    return {"plan": label, "activities": len(plan.activities), "pickled_bytes": len(data), "unpickle_s": round(t, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--plan-activities", type=int, default=200)
    ap.add_argument("--plan-reporters", type=int, default=12)
    ap.add_argument("--submissions", type=int, default=10_000_000)
    ap.add_argument("--reporters", type=int, default=25_000)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--synth", type=Path, help="a planwatch-synth directory to measure pickling on")
    ap.add_argument("--data", type=Path, help="where to write the data (default: a temporary directory)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()

    from dask.distributed import Client, LocalCluster

    root = args.data or Path(tempfile.mkdtemp(prefix="planwatch-dist-"))
    report: Dict[str, Any] = {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "planwatch": planwatch.__version__},
    }

    nsp = planwatch.load(Path(__file__).resolve().parents[1] / "examples" / "nsp-2019-2023")
    report["pickling"] = [pickling(nsp, "NSP 2019-2023")]
    if args.synth:
        t, big = timed(lambda: planwatch.load(args.synth))
        entry = pickling(big, f"synthetic ({args.synth.name})")
        entry["load_s"] = round(t, 3)
        report["pickling"].append(entry)
    print(json.dumps(report["pickling"]), file=sys.stderr)

    t_gen, dirs = timed(lambda: write_plans(root / "plans", args.plans, args.plan_activities, args.plan_reporters))
    rplan = reporting_plan(args.reporters, args.years)
    (root / "subs").mkdir(parents=True, exist_ok=True)
    t_gen2, subs = timed(lambda: write_submissions(root / "subs", rplan, args.submissions, args.years))
    report["data"] = {
        "plans": len(dirs),
        "plan_files_mb": round(sum(f.stat().st_size for d in dirs for f in d.iterdir()) / 1e6, 1),
        "submissions": len(subs),
        "reporters": args.reporters,
        "expected_reports": rplan.stats().get("expected_reports"),
        "generate_s": round(t_gen + t_gen2, 1),
    }
    print(json.dumps(report["data"]), file=sys.stderr)

    # One process.
    def one_many() -> int:
        n = 0
        for d in dirs:
            n += len(planwatch.load(d).evaluate(AS_OF))
        return n

    t_many1, findings = timed(one_many)

    def one_reporting() -> Any:
        frame = pd.read_parquet(root / "subs")
        return rplan.with_monitoring({"submissions": frame})

    t_rep_load, whole = timed(one_reporting)
    t_rep_rates, whole_rates = timed(lambda: json.loads(whole._native.reporting_rates_json(AS_OF)))
    report["one_process"] = {
        "evaluate_many_s": round(t_many1, 2),
        "findings": findings,
        "reporting_read_and_load_s": round(t_rep_load, 2),
        "reporting_rates_s": round(t_rep_rates, 2),
    }
    del whole
    print(json.dumps(report["one_process"]), file=sys.stderr)

    runs = []
    for w in args.workers:
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
            t_many, many = timed(lambda: distributed.evaluate_many(dirs, AS_OF, client=client))
            assert len(many.findings) == findings
            t_rep, rep = timed(lambda: distributed.reporting_rates(rplan, str(root / "subs"), AS_OF, client=client))
            assert rep.rates == whole_rates, "partitioned rates differ from one process's"
            runs.append({
                "workers": w,
                "evaluate_many_s": round(t_many, 2),
                "reporting_rates_s": round(t_rep, 2),
                "missing_and_late": len(rep.findings),
            })
            print(json.dumps(runs[-1]), file=sys.stderr)
    report["runs"] = runs
    by = {r["workers"]: r for r in runs}
    if 1 in by and 2 in by:
        report["speedup_2_over_1"] = {
            k: round(by[1][k] / by[2][k], 2) for k in ("evaluate_many_s", "reporting_rates_s")
        }
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    if args.data is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
