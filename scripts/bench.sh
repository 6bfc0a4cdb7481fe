#!/usr/bin/env bash
# The benchmark suite of issue 9; writes BENCHMARKS.md.
#
#   scripts/bench.sh           full run: 10k, 100k and 1M activities (about 15-25 minutes
#                              on 2 cores), peers at 1M; writes BENCHMARKS.md
#   scripts/bench.sh --quick   smoke run: 10k activities, one round, every code path once,
#                              built in the dev profile (its figures mean nothing; it
#                              only keeps the benchmark code working); writes $CARGO_TARGET_DIR/bench-quick/BENCHMARKS.md
#                              and never touches BENCHMARKS.md
#
# Steps: release build (planwatch-bench, the CLI); synthetic data sets generated once
# into $CARGO_TARGET_DIR/bench-data (keyed by size, seed and generator version); the
# benchmark venv ($BENCH_VENV, default $CARGO_TARGET_DIR/bench-venv) with pandas, polars,
# duckdb, pyarrow and the expression engines, and planwatch built into it with maturin
# (release); the divan benches; planwatch-measure per size (load, evaluate, per family,
# output, RSS); the NSP evaluation; the CLI's peak RSS (/usr/bin/time -v, else
# getrusage); bench/peers.py; bindings-wasm/measure.sh when the wasm package is built
# (bindings-wasm/build.sh); then bench/report.py writes the markdown (with the fitted cost
# exponent). Installs nothing system-wide. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--quick]" >&2; exit 2 ;;
esac

step() { printf '\n==> %s\n' "$*" >&2; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
target="$CARGO_TARGET_DIR"
export PLANWATCH_BENCH_DATA="${PLANWATCH_BENCH_DATA:-$target/bench-data}"
venv="${BENCH_VENV:-$target/bench-venv}"
if [ "$quick" = 1 ]; then
  sizes=(10000)
  rounds=1
  peer_args=(--rounds 1 --race-rounds 1 --cel-python-subset 1000)
  divan_sizes=10000
  divan_args=(--sample-count 1 --sample-size 1)
  run="$target/bench-quick"
  out_md="$run/BENCHMARKS.md"
  nsp_rounds=20
else
  sizes=(10000 100000 1000000)
  rounds=5
  peer_args=(--rounds 3 --race-rounds 3 --cel-python-subset 20000)
  divan_sizes=10000,100000
  divan_args=()
  run="$target/bench-run"
  out_md="$root/BENCHMARKS.md"
  nsp_rounds=500
fi
rm -rf "$run"
mkdir -p "$run"
commands=()
record() { commands+=("$*"); }

# The smoke run builds in the dev profile: it checks that every benchmark path works, not how
# fast it is, and it shares the test command's debug artifacts instead of three release builds
# (the binaries, the Python module and the divan benches).
if [ "$quick" = 1 ]; then
  profile_args=()
  bin="$target/debug"
  step "debug build (smoke run)"
else
  profile_args=(--release)
  bin="$target/release"
  step "release build"
fi
cargo build --locked "${profile_args[@]}" -p planwatch-bench -p planwatch-cli --bins
record "cargo build --locked ${profile_args[*]} -p planwatch-bench -p planwatch-cli --bins"

step "synthetic data sets (cached in $PLANWATCH_BENCH_DATA)"
declare -A dirs
for n in "${sizes[@]}"; do
  dirs[$n]=$("$bin/planwatch-synth" --activities "$n" --seed 1 --cache)
  echo "$n activities: ${dirs[$n]}" >&2
done
record "planwatch-synth --activities N --seed 1 --cache   # N in ${sizes[*]}"

step "benchmark venv ($venv)"
py=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
fi
vpy="$venv/bin/python"
"$vpy" -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
(
  export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"
  cd bindings-python && maturin develop "${profile_args[@]}" --quiet
) >&2
record "$vpy -m pip install -r bench/requirements.txt   # maturin, pandas, polars, duckdb, pyarrow, zen-engine and the CEL engines"
record "(cd bindings-python && maturin develop ${profile_args[*]})   # in that venv"

step "divan benches (sizes $divan_sizes)"
if [ "$quick" = 1 ]; then
  # `cargo test --benches` runs every divan bench once, in the dev profile.
  PLANWATCH_BENCH_SIZES=$divan_sizes cargo test --locked -p planwatch-bench --bench planwatch \
    2>&1 | tee "$run/divan.txt" >&2
  record "PLANWATCH_BENCH_SIZES=$divan_sizes cargo test -p planwatch-bench --bench planwatch"
else
  PLANWATCH_BENCH_SIZES=$divan_sizes cargo bench --locked -p planwatch-bench --bench planwatch -- "${divan_args[@]}" \
    2>&1 | tee "$run/divan.txt" >&2
  record "PLANWATCH_BENCH_SIZES=$divan_sizes cargo bench -p planwatch-bench --bench planwatch -- ${divan_args[*]}"
fi

step "in-process measurements (planwatch-measure)"
for n in "${sizes[@]}"; do
  r=$rounds
  [ "$n" -ge 1000000 ] && [ "$quick" = 0 ] && r=3
  "$bin/planwatch-measure" --activities "$n" --rounds "$r" > "$run/measure-$n.json"
  cat "$run/measure-$n.json" >&2
  record "planwatch-measure --activities $n --rounds $r"
done
"$bin/planwatch-measure" --nsp --rounds "$nsp_rounds" > "$run/nsp.json"
cat "$run/nsp.json" >&2
record "planwatch-measure --nsp --rounds $nsp_rounds"

step "CLI peak RSS"
for n in "${sizes[@]}"; do
  dir=${dirs[$n]}
  if [ -x /usr/bin/time ]; then
    set +e
    /usr/bin/time -v "$bin/planwatch" check "$dir" --as-of 2024-01-31 --format json > /dev/null 2> "$run/time-$n.txt"
    code=$?
    set -e
    "$py" - "$run/time-$n.txt" "$code" > "$run/rss-$n.json" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
def field(name):
    for line in text.splitlines():
        if line.strip().startswith(name):
            return line.split(": ", 1)[1].strip()
    return None
wall = field("Elapsed (wall clock) time")
secs = 0.0
for part in (wall or "0").split(":"):
    secs = secs * 60 + float(part)
print(json.dumps({"tool": "/usr/bin/time -v", "max_rss_kb": int(field("Maximum resident set size") or 0),
                  "wall_s": secs, "exit": int(sys.argv[2])}))
PY
    record "/usr/bin/time -v planwatch check DIR --as-of 2024-01-31 --format json > /dev/null   # DIR of $n activities"
  else
    "$py" - "$bin/planwatch" "$dir" > "$run/rss-$n.json" <<'PY'
import json, resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.call([sys.argv[1], "check", sys.argv[2], "--as-of", "2024-01-31", "--format", "json"],
                       stdout=subprocess.DEVNULL)
wall = time.perf_counter() - t
print(json.dumps({"tool": "getrusage(RUSAGE_CHILDREN)", "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "wall_s": wall, "exit": code}))
PY
    record "python getrusage(RUSAGE_CHILDREN) of: planwatch check DIR --as-of 2024-01-31 --format json > /dev/null   # $n activities"
  fi
  cat "$run/rss-$n.json" >&2
done

step "Python: planwatch vs pandas, polars, duckdb and the expression engines"
big=${sizes[${#sizes[@]}-1]}
set +e
"$vpy" bench/peers.py "${dirs[$big]}" "${peer_args[@]}" --out "$run/peers.json"
peers_code=$?
set -e
record "$vpy bench/peers.py DIR ${peer_args[*]}   # DIR of $big activities"

step "WebAssembly (bindings-wasm/measure.sh)"
if [ -f bindings-wasm/pkg/planwatch.cjs ] && [ -d bindings-wasm/node_modules ]; then
  if bash bindings-wasm/measure.sh > "$run/wasm.txt" 2>&1; then
    record "bash bindings-wasm/measure.sh"
  else
    mv "$run/wasm.txt" "$run/wasm-failed.txt"
    echo "bindings-wasm/measure.sh failed (see $run/wasm-failed.txt)" > "$run/wasm-skipped.txt"
  fi
else
  echo "the package is not built here (bindings-wasm/build.sh after npm ci there; scripts/test-wasm.sh installs what it needs)." > "$run/wasm-skipped.txt"
fi
cat "$run/wasm.txt" "$run/wasm-skipped.txt" 2>/dev/null >&2 || true

step "report"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi
mode=$([ "$quick" = 1 ] && echo "scripts/bench.sh --quick" || echo "scripts/bench.sh")
printf '%s\n' "${commands[@]}" | "$py" -c '
import json, sys, subprocess, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
kb = int(mem.split()[0]) if mem != "?" else 0
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
print(json.dumps({"cpu": cpu, "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
                  "memory": f"{kb / 1024 / 1024:.1f} GiB", "rustc": rustc, "commit": sys.argv[1],
                  "command": sys.argv[2], "date": datetime.date.today().isoformat(),
                  "commands": [l for l in sys.stdin.read().splitlines() if l]}))
' "$commit" "$mode" > "$run/machine.json"
"$py" bench/report.py "$run" "$out_md"
echo "wrote $out_md" >&2
if [ "$peers_code" -ne 0 ]; then
  echo "bench/peers.py failed or found a mismatch (exit $peers_code): see $run/peers.json and the log above" >&2
  exit 1
fi
