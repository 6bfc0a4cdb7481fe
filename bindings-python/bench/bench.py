"""Measurements for the Python bindings (figures only, nothing asserted).

    python bindings-python/bench/bench.py [--cli PATH] [--findings 100000]

1. Load + evaluate the NSP 2019-2023 data set from Python, against the release CLI
   (`planwatch check ... --format json`, one process per run) when --cli is given.
2. Build the findings DataFrame for a synthetic plan with at least --findings findings
   (through Arrow), against building it from Finding objects row by row.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import planwatch

ROOT = Path(__file__).resolve().parents[2]
NSP = ROOT / "examples" / "nsp-2019-2023"
AS_OF = "2021-06-30"


def timed(f: Callable[[], Any], runs: int) -> float:
    """Median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def synthetic(n_activities: int) -> Dict[str, Any]:
    """A plan whose activities are all overdue, unstarted and without indicators."""
    orgs = [{"id": f"org-{i}", "name": f"Org {i}", "kind": "ministry"} for i in range(50)]
    groups = [{"id": f"1.{g}", "strategy": "1", "title": f"group {g}"} for g in range(1, 101)]
    acts: List[Dict[str, Any]] = []
    for i in range(n_activities):
        g = i % 100 + 1
        acts.append({
            "id": f"1.{g}.{i // 100 + 1}", "group": f"1.{g}", "title": f"activity {i}",
            "lead": f"org-{i % 50}",
            "planned_start": f"2019-{i % 12 + 1:02d}-01", "deadline": f"2020-{i % 12 + 1:02d}-28",
        })
    return {"id": "synthetic", "title": "synthetic", "start": "2019-01-01", "end": "2023-12-31",
            "organisations": orgs, "strategies": [{"id": "1", "title": "s"}],
            "groups": groups, "activities": acts}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", help="release planwatch binary to compare with")
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()

    print(f"planwatch {planwatch.__version__}; NSP data set as of {AS_OF}")
    load = timed(lambda: planwatch.load(NSP), args.runs)
    plan = planwatch.load(NSP)
    evaluate = timed(lambda: plan.evaluate(AS_OF), args.runs)
    both = timed(lambda: planwatch.load(NSP).evaluate(AS_OF), args.runs)
    with_json = timed(lambda: planwatch.load(NSP).evaluate(AS_OF).to_json(indent=True), args.runs)
    ev = plan.evaluate(AS_OF)
    print(f"  python load            {load:8.2f} ms")
    print(f"  python evaluate        {evaluate:8.2f} ms   ({len(ev)} findings)")
    print(f"  python load+evaluate   {both:8.2f} ms")
    print(f"  python +to_json        {with_json:8.2f} ms")
    if args.cli:
        cmd = [args.cli, "check", str(NSP), "--as-of", AS_OF, "--format", "json"]
        cli = timed(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL), args.runs)
        print(f"  rust CLI check --format json (whole process) {cli:8.2f} ms")

    n = max(1, args.findings // 4 + 1)  # 4 findings per activity
    while True:
        data = json.dumps(synthetic(n))
        t = time.perf_counter()
        big = planwatch.Plan.from_json(data)
        load_big = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        bev = big.evaluate("2023-06-30")
        eval_big = (time.perf_counter() - t) * 1000
        if len(bev) >= args.findings:
            break
        n = int(n * args.findings / max(1, len(bev))) + 100
    print(f"synthetic plan: {n} activities, {len(bev)} findings "
          f"(load {load_big:.0f} ms, evaluate {eval_big:.0f} ms)")
    import pandas as pd

    runs = max(3, args.runs // 3)
    arrow = timed(lambda: bev.findings_frame(), runs)
    objects = timed(lambda: bev._native.findings(), runs)

    def rows() -> Any:
        return pd.DataFrame([
            {"id": f.id, "rule": f.rule, "severity": f.severity, "subject_kind": f.subject_kind,
             "subject_id": f.subject_id, "period": f.period, "message": f.message,
             "owner": f.owner, "strategy": f.strategy, "province": f.province,
             "evidence": json.dumps(f.evidence)}
            for f in bev.findings
        ])

    by_rows = timed(rows, runs)
    print(f"  findings_frame() via Arrow          {arrow:8.1f} ms  ({len(bev)} rows)")
    print(f"  Finding objects (evaluation.findings)  {objects:8.1f} ms")
    print(f"  DataFrame from Finding objects row by row {by_rows:8.1f} ms  (for comparison)")


if __name__ == "__main__":
    main()
