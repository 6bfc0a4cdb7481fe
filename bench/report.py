"""Writes BENCHMARKS.md from the JSON figures scripts/bench.sh collected (stdlib only).

    python3 bench/report.py RUN_DIR OUT.md

RUN_DIR holds machine.json, measure-N.json (planwatch-measure per size), nsp.json,
rss-N.json (the CLI's peak RSS), peers.json (bench/peers.py), divan.txt and, when measured,
wasm.txt.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple


def load(p: Path) -> Optional[Any]:
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def fit_exponent(points: Sequence[Tuple[float, float]]) -> Optional[float]:
    """Least-squares slope of log(time) against log(size)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n > 0 and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def ms(x: Optional[float]) -> str:
    if x is None:
        return "n/a"
    if x >= 1000:
        return f"{x / 1000:.2f} s"
    if x >= 10:
        return f"{x:.0f} ms"
    return f"{x:.2f} ms"


def s(x: Optional[float]) -> str:
    return "n/a" if x is None else ms(x * 1000)


def ratio(x: Optional[float]) -> str:
    return "n/a" if x is None else f"{x:.2f}x"


def amdahl(t1: float, t2: float) -> Tuple[float, float]:
    """(serial, parallel) seconds of T(n) = serial + parallel / n fitted to n = 1, 2."""
    parallel = max(0.0, 2 * (t1 - t2))
    return max(0.0, t1 - parallel), parallel


def cluster_section(c: Any) -> List[str]:
    """The section of bench/cluster.py's figures (bench/cluster.json, committed by hand:
    scripts/bench.sh does not run it)."""
    a, d, one = c["args"], c["data"], c["one_process"]
    runs = {r["workers"]: r for r in c["runs"]}
    out = ["## Beyond one machine (`bench/cluster.py`, Dask)", ""]
    out.append(
        f"Run by hand (not by scripts/bench.sh): `{c.get('command', 'python bench/cluster.py')}`,"
        " planwatch built in release, a Dask `LocalCluster` of worker processes (one thread"
        " each) on this machine; one run, wall times. Every run checks its results against"
        " one process's (the same findings count, the same reporting rates)."
    )
    out.append("")
    out.append(
        f"Data: {d['plans']:,} synthetic provincial plans ({a['plan_activities']} activities, "
        f"{a['plan_reporters']} reporting districts each, {d['plan_files_mb']} MB of JSON"
        f" in all), and one national plan of {d['reporters']:,} commune reporters over"
        f" {a['years']} years ({d['expected_reports']:,} expected reports) with a table of"
        f" {d['submissions']:,} submissions as Parquet, one file per province (25)."
    )
    out.append("")
    out.append("| job | one process | 1 worker | 2 workers | speed-up 2 vs 1 |")
    out.append("|---|---:|---:|---:|---:|")
    jobs = [
        ("evaluate_many_s", f"evaluate {d['plans']:,} plans", one["evaluate_many_s"]),
        ("reporting_rates_s", f"reporting rates of {d['submissions']:,} submissions",
         one["reporting_read_and_load_s"] + one["reporting_rates_s"]),
    ]
    for key, name, single in jobs:
        r1, r2 = runs.get(1, {}).get(key), runs.get(2, {}).get(key)
        speed = f"{r1 / r2:.2f}x" if r1 and r2 else "-"
        out.append(f"| {name} | {s(single)} | {s(r1)} | {s(r2)} | {speed} |")
    out.append("")
    out.append(
        "One process: a loop of `planwatch.load(d).evaluate(day)`; for the reporting table,"
        " reading the Parquet files with pandas and `Plan.with_monitoring` (load) plus the"
        " rates."
    )
    out.append("")
    for p in c.get("pickling", []):
        out.append(
            f"- pickled plan, {p['plan']} ({p['activities']:,} activities): "
            f"{p['pickled_bytes'] / 1e6:.2f} MB, unpickled (rebuilt and validated) in"
            f" {s(p['unpickle_s'])}" + (f"; `planwatch.load` of its files {s(p['load_s'])}" if "load_s" in p else "")
        )
    out.append("")
    if c.get("caveats"):
        out.append(f"**Caveats**: {c['caveats']}")
        out.append("")
    if 1 in runs and 2 in runs:
        out.append(
            "**Projection, not a measurement**: a 16-node cluster of machines like this one"
            " (2 cores each: 32 workers), from T(n) = serial + parallel / n fitted to the 1-"
            "and 2-worker times above (Amdahl; network and scheduler costs beyond those"
            " measured here are not modelled, and the serial part is an upper bound of what"
            " two workers show):"
        )
        out.append("")
        for key, name, _ in jobs:
            serial, parallel = amdahl(runs[1][key], runs[2][key])
            out.append(
                f"- {name}: serial {s(serial)} + parallel {s(parallel)} / 32 = "
                f"**{s(serial + parallel / 32)}**"
            )
        out.append("")
    return out


def main() -> int:
    run = Path(sys.argv[1])
    out = Path(sys.argv[2])
    machine = load(run / "machine.json") or {}
    sizes = sorted(int(p.stem.split("-")[1]) for p in run.glob("measure-*.json"))
    measures = {n: load(run / f"measure-{n}.json") for n in sizes}
    rss = {n: load(run / f"rss-{n}.json") for n in sizes}
    nsp = load(run / "nsp.json")
    peers = load(run / "peers.json")
    lines: List[str] = []
    w = lines.append
    w("# Benchmarks")
    w("")
    w(f"Produced by `{machine.get('command', 'scripts/bench.sh')}` at commit `{machine.get('commit', '?')}`"
      f" ({machine.get('date', '?')}); rerun `scripts/bench.sh` to refresh the whole file. Where"
      " the time goes, and the figures before the columnar redesign, are at the end"
      " (`bench/analysis.md`, written by hand and copied in).")
    w("")
    w("## Machine")
    w("")
    w(f"- CPU: {machine.get('cpu', '?')}, {machine.get('nproc', '?')} cores (`nproc`)")
    w(f"- memory: {machine.get('memory', '?')}")
    w(f"- {machine.get('rustc', 'rustc ?')}; Python {(peers or {}).get('versions', {}).get('python', '?')}")
    w(f"- other agents may share the machine: figures are medians of interleaved rounds")
    w("")
    w("## Data")
    w("")
    w("Synthetic plans from `planwatch-synth --activities N --seed 1` (bench/src/synth.rs): about"
      " 2 dependencies per activity (FS/SS/FF/SF, lags), N/100 reporters (at least 50) with all"
      " five report types over 2019-2023 (~10% missing, ~10% of the rest late), status updates,"
      " indicators with targets and disaggregated actuals, meetings; evaluated as of 2024-01-31"
      " (every report due). The plan runs to 2024-12-31 so that some deadlines lie ahead.")
    w("")
    w("| activities | input (plan + monitoring JSON) | findings (all rules) |")
    w("|---:|---:|---:|")
    for n in sizes:
        m = measures[n] or {}
        w(f"| {n:,} | {m.get('input_bytes', 0) / 1e6:.0f} MB | {m.get('findings', 0):,} |")
    w("")
    w("## Rust, in process (`planwatch-measure`)")
    w("")
    w("Medians in one process per size; load = `Dataset::load_dir` (read, parse, validate);"
      " evaluate = `planwatch::evaluate` with `RuleSet::default()`; output = `serde_json::to_writer`"
      " of the evaluation to a byte counter; findings table = `planwatch::arrow::findings_batch` of"
      " every finding, all 14 columns (what `findings_frame()` and `findings_table()` build).")
    w("")
    fams = sorted({f for m in measures.values() if m for f in m.get("families", {})})
    head = "| activities | rounds | load | evaluate (all rules) | " + " | ".join(f"evaluate {f} only" for f in fams) + " | output JSON | JSON bytes | findings table | peak RSS after load | after evaluate |"
    w(head)
    w("|" + "---:|" * (head.count("|") - 1))
    for n in sizes:
        m = measures[n] or {}
        famc = " | ".join(ms(m.get("families", {}).get(f, {}).get("evaluate_ms")) for f in fams)
        w(f"| {n:,} | {m.get('rounds')} | {ms(m.get('load_ms'))} | {ms(m.get('evaluate_ms'))} | {famc} | "
          f"{ms(m.get('output_json_ms'))} | {m.get('output_json_bytes', 0) / 1e6:.0f} MB | "
          f"{ms(m.get('findings_table_ms'))} | "
          f"{m.get('peak_rss_mib_after_load') or 0:.0f} MiB | {m.get('peak_rss_mib_after_evaluate') or 0:.0f} MiB |")
    w("")
    ev_pts = [(n, measures[n]["evaluate_ms"]) for n in sizes if measures[n]]
    ld_pts = [(n, measures[n]["load_ms"]) for n in sizes if measures[n]]
    e_ev, e_ld = fit_exponent(ev_pts), fit_exponent(ld_pts)
    fmt = lambda e: "n/a (one size)" if e is None else f"{e:.3f}"  # noqa: E731
    w(f"Cost exponent (log-log least squares over {', '.join(f'{n:,}' for n in sizes)}):"
      f" evaluate **{fmt(e_ev)}**, load {fmt(e_ld)} (target for evaluate: <= 1.05).")
    w("")
    if measures and sizes:
        big = measures[sizes[-1]] or {}
        w(f"Findings by rule at {sizes[-1]:,} activities: " + ", ".join(
            f"{k} {v:,}" for k, v in sorted(big.get("findings_by_rule", {}).items())))
        w("")
    w("## CLI: `planwatch check DIR --as-of 2024-01-31 --format json > /dev/null`")
    w("")
    w(f"Peak RSS and wall time from {next((r.get('tool') for r in rss.values() if r), '/usr/bin/time -v')}.")
    w("")
    w("| activities | wall | peak RSS | exit |")
    w("|---:|---:|---:|---:|")
    for n in sizes:
        r = rss[n] or {}
        w(f"| {n:,} | {s(r.get('wall_s'))} | {(r.get('max_rss_kb') or 0) / 1024:.0f} MiB | {r.get('exit', '?')} |")
    w("")
    w("## NSP 2019-2023 in process (as of 2021-06-30)")
    w("")
    if nsp:
        w(f"load {ms(nsp['load_ms'])}; evaluate with the default rules {ms(nsp['evaluate_default_rules_ms'])}"
          f" ({nsp['findings_default_rules']} findings); with its rules.json"
          f" **{ms(nsp['evaluate_rules_json_ms'])}** ({nsp['findings_rules_json']} findings); medians of"
          f" {nsp['rounds']} rounds (target with rules.json: < 1 ms).")
    w("")
    wasm = run / "wasm.txt"
    w("### Node and Chromium vs native (`bindings-wasm/measure.sh`)")
    w("")
    if wasm.exists():
        w("```")
        w(wasm.read_text().rstrip())
        w("```")
    else:
        w("Not measured in this run: " + ((run / "wasm-skipped.txt").read_text().strip() if (run / "wasm-skipped.txt").exists() else "the WebAssembly package is not built."))
    w("")
    w("## Python, in one process (`bench/peers.py`)")
    w("")
    if peers:
        ab = peers["ab"]
        med = ab["median_s"]
        w(f"Data set: {peers['activities']:,} activities ({peers['dir']}); {peers['rounds']} interleaved rounds;"
          " parsing excluded on both sides (planwatch.load "
          f"{s(peers.get('planwatch_load_s'))}; json.load of the same files"
          f"{' ' + s(peers['json_load_only_s']) + ',' if peers.get('json_load_only_s') else ''} with the peers' columns built"
          f" {s(peers.get('json_load_s'))},"
          " then typed DataFrames built before timing).")
        w("")
        w("(a) completeness, timeliness, missing and late reports per reporter, and (b) overdue and"
          " blocked activities. planwatch: `plan.evaluate(as_of, rules)` with only missing_report,"
          " late_report, overdue and blocked enabled, then `ev.rates` and `ev.findings_frame(rule=[overdue,"
          " blocked], columns=[rule, subject_id, evidence])` (the columns the job reads). Numbers: " + ", ".join(f"{k} {v:,}" for k, v in ab["numbers"].items()) + ".")
        w("")
        w("| implementation | median | peer / planwatch (a)+(b) | peer / planwatch all rules + findings table |")
        w("|---|---:|---:|---:|")
        w(f"| planwatch (a)+(b) | {s(med.get('planwatch'))} | 1.00x | |")
        w(f"| planwatch, all built-in rules + `findings_frame()` | {s(med.get('planwatch_all_rules'))} | | 1.00x |")
        w(f"| planwatch, all built-in rules, evaluate only | {s(med.get('planwatch_all_rules_evaluate_only'))} | | |")
        for k, v in ab["ratios_peer_over_planwatch"].items():
            w(f"| {k} | {s(med.get(k))} | {ratio(v)} | {ratio(ab['ratios_peer_over_planwatch_all_rules'].get(k))} |")
        w("")
        w("A ratio above 1 means the peer is slower than planwatch. Every peer's numbers were checked"
          " equal to planwatch's (per reporter expected/actual/on-time, overdue activities with their"
          " days overdue, blocked activities).")
        w("")
        race = peers["race"]
        rm = race["median_s"]
        w(f"(c) the custom condition `{race['condition']}` over {race['activities']:,} activities"
          f" ({race['matches']:,} match): planwatch evaluates `rules-race.json` (one custom rule, built-ins off);"
          " each engine evaluates per-activity contexts prepared before timing, with `days_between`"
          " registered as a Python function (zen: `d(as_of).diff(d(activity.deadline), 'day')`;"
          " rule-engine: `(as_of - deadline).days` on datetimes).")
        w("")
        w("| engine | median | engine / planwatch |")
        w("|---|---:|---:|")
        w(f"| planwatch | {s(rm.get('planwatch'))} | 1.00x |")
        for k, v in race["ratios_peer_over_planwatch"].items():
            w(f"| {k} | {s(rm.get(k))} | {ratio(v)} |")
        cp = race.get("cel_python")
        if cp:
            w(f"| cel-python (first {cp['subset']:,} activities only, one run; `has(activity.progress)` since it"
              f" refuses `double != null`) | {s(cp['seconds'])} (~{s(cp['extrapolated_full_s'])} for all, extrapolated) |"
              f" {ratio(cp['extrapolated_full_s'] / rm['planwatch']) if rm.get('planwatch') else 'n/a'} (extrapolated) |")
        w("")
        if peers.get("problems"):
            w("**Mismatches:**")
            for p in peers["problems"]:
                w(f"- {p}")
        else:
            w("No mismatch: every peer and engine gave planwatch's numbers.")
        w("")
        w("Versions: " + ", ".join(f"{k} {v}" for k, v in peers.get("versions", {}).items()) + ".")
    else:
        w("Not measured (peers.py failed; see the run's log).")
    w("")
    w("## Targets of issue 9 (1M activities)")
    w("")
    big = measures.get(1_000_000) if measures else None
    if big and peers and peers.get("activities") == 1_000_000:
        ab = peers["ab"]["median_s"]
        rows = [
            ("evaluate < 0.3 s", ms(big["evaluate_ms"])),
            ("load < 1.5 s", ms(big["load_ms"])),
            ("load <= 0.12x json.load of the same files",
             f"{big['load_ms'] / 1000 / peers['json_load_only_s']:.2f}x (json.load alone {s(peers['json_load_only_s'])})"
             if peers.get("json_load_only_s") else
             f"{big['load_ms'] / 1000 / peers['json_load_s']:.2f}x of json.load plus building the peers' columns"
             f" ({s(peers['json_load_s'])}); json.load alone was not timed in this run, so against it the ratio is higher"),
            ("peak RSS of check --format json < 2 GB", f"{(rss.get(1_000_000) or {}).get('max_rss_kb', 0) / 1024:.0f} MiB"),
            ("cost exponent <= 1.05", fmt(e_ev)),
            ("NSP with rules.json < 1 ms", ms(nsp["evaluate_rules_json_ms"]) if nsp else "n/a"),
            ("all rules (Python, with findings table) faster than polars and duckdb on (a)+(b)",
             f"planwatch {s(ab.get('planwatch_all_rules'))}; polars {s(ab.get('polars'))}, duckdb {s(ab.get('duckdb'))}"),
            ("(a)+(b) in planwatch >= 10x faster than pandas", f"pandas / planwatch = {ratio(peers['ab']['ratios_peer_over_planwatch'].get('pandas'))}"),
            ("custom condition >= 3x faster than zen-engine", f"zen / planwatch = {ratio(peers['race']['ratios_peer_over_planwatch'].get('zen'))}"),
        ]
        w("| target | measured |")
        w("|---|---|")
        for a, b in rows:
            w(f"| {a} | {b} |")
    else:
        w("Not all measured at 1M in this run (a quick run measures 10k only).")
    w("")
    cluster = load(Path(__file__).resolve().parent / "cluster.json")
    if cluster:
        lines.extend(cluster_section(cluster))
    w("## Commands")
    w("")
    w("```")
    for c in machine.get("commands", []):
        w(c)
    w("```")
    w("")
    divan = run / "divan.txt"
    if divan.exists():
        w("## divan benches (`cargo bench -p planwatch-bench`)")
        w("")
        w("```")
        w(divan.read_text().rstrip())
        w("```")
        w("")
    analysis = Path(__file__).resolve().parent / "analysis.md"
    if analysis.exists():
        w(analysis.read_text().rstrip())
        w("")
    root = str(Path(__file__).resolve().parents[1]) + "/"
    out.write_text("\n".join(lines).replace(root, "") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
