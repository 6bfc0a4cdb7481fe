#!/usr/bin/env bash
# Runs every planwatch test from a fresh clone: formatting, clippy (-D warnings), the Rust
# unit, integration and doc tests, the data set generator, the CLI on the shipped NSP data
# (byte-identical output across runs), the Python bindings (scripts/test-python.sh: pytest,
# stubtest, the notebook) and the WebAssembly bindings (scripts/test-wasm.sh: Node and
# headless Chromium, the golden fixtures, the dashboard end to end) and the benchmark
# smoke run (scripts/bench.sh --quick: writes only under the target directory), the API
# docs and `cargo package`, and the manylinux wheel (scripts/test-wheel.sh). It
# installs what it needs itself (a venv, wasm-bindgen-cli, Chromium, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says when it starts (minutes since the start), so a slow step shows in the log.
step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is required (https://rustup.rs)" >&2
  exit 1
fi
if command -v rustup >/dev/null; then
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
fi

tmp=$(mktemp -d)
trap 'kill "${prefetch_pid:-}" 2>/dev/null || true; rm -rf "$tmp"' EXIT

# Downloads (venvs, Python and npm packages) run in the background while Rust compiles;
# the steps that need them wait for it below.
step "prefetching the Python and npm packages in the background (scripts/prefetch.sh)"
bash scripts/prefetch.sh > "$tmp/prefetch.log" 2>&1 &
prefetch_pid=$!
prefetched() {
  if ! wait "$prefetch_pid"; then
    cat "$tmp/prefetch.log" >&2
    echo "scripts/prefetch.sh failed" >&2
    exit 1
  fi
  cat "$tmp/prefetch.log"
}

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust tests"
cargo test --workspace --locked 2>&1 | tee "$tmp/cargo-test.log"
rust_passed=$(grep -o 'test result: ok\. [0-9]* passed' "$tmp/cargo-test.log" | awk '{s += $4} END {print s + 0}')

step "NSP data set: generator is deterministic and matches the shipped files"
cp examples/nsp-2019-2023/generate.py "$tmp/"
python3 "$tmp/generate.py" >/dev/null
cmp "$tmp/plan.json" examples/nsp-2019-2023/plan.json
cmp "$tmp/monitoring.json" examples/nsp-2019-2023/monitoring.json

step "README carries the custom-rule variable table verbatim"
python3 - <<'PY'
import sys
readme = open("README.md").read()
table = open("core/src/custom/variables.md").read()
if table not in readme:
    sys.exit("README.md's custom-rule variables differ from core/src/custom/variables.md: copy it over")
PY

step "CLI on the NSP data set"
# The binary and the examples `cargo test --workspace` built (the CLI's integration tests
# need it): `cargo build -p planwatch-cli` or `cargo run -p planwatch --example ...` would
# compile the core again for their own feature sets.
target_dir=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
bin="$target_dir/debug/planwatch"
[ -x "$bin" ] && [ -x "$target_dir/debug/examples/service" ] \
  || { echo "cargo test --workspace did not leave $bin and the service example" >&2; exit 1; }
export PLANWATCH_BIN="$bin"
$bin validate examples/nsp-2019-2023
$bin stats examples/nsp-2019-2023 --format json > "$tmp/stats.json"
$bin check examples/nsp-2019-2023 --as-of 2021-06-30 --format json > "$tmp/a.json"
$bin check examples/nsp-2019-2023 --as-of 2021-06-30 --format json > "$tmp/b.json"
cmp "$tmp/a.json" "$tmp/b.json"
set +e
$bin validate tests/fixtures/invalid/dependency_cycle 2> "$tmp/err.txt"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "expected exit 2 on an invalid plan, got $code" >&2; exit 1; }
grep -q "dependency cycle: 1.1.1 -> 1.1.2 -> 1.1.3 -> 1.1.1" "$tmp/err.txt"

step "the service example: two runs a quarter apart report what changed"
"$target_dir/debug/examples/service" examples/nsp-2019-2023 \
  --as-of 2021-03-31 --step-days 91 --every 0 --runs 2 > "$tmp/service.txt"
grep -q "^nsp-2019-2023 from 2021-03-31 to 2021-06-30: 72 new, 50 resolved, 274 changed (4 escalated)$" "$tmp/service.txt"

step "API docs build without warnings; the crate packages"
RUSTDOCFLAGS="-D warnings" cargo doc -q -p planwatch --no-deps --all-features --locked
cargo package -q -p planwatch --locked --allow-dirty

step "waiting for the prefetch"
prefetched

step "benchmark smoke run (scripts/bench.sh --quick: 10k activities, every code path once)"
# In the test venv, whose planwatch module test-python.sh then finds built.
BENCH_VENV="$PWD/.venv" bash scripts/bench.sh --quick

step "Python bindings"
bash scripts/test-python.sh 2>&1 | tee "$tmp/python.log"
py_passed=$(grep -Eo '^tests: [0-9]+ passed' "$tmp/python.log" | tail -1 | grep -Eo '[0-9]+')

step "Python wheel: manylinux abi3, installed and run with no Rust on PATH"
bash scripts/test-wheel.sh

step "WebAssembly bindings"
bash scripts/test-wasm.sh 2>&1 | tee "$tmp/wasm.log"
wasm_passed=$(grep -Eo '^wasm: [0-9]+ passed' "$tmp/wasm.log" | tail -1 | grep -Eo '[0-9]+')

step "done"
total=$((rust_passed + ${py_passed:-0} + ${wasm_passed:-0}))
echo
echo "rust: $rust_passed, python: ${py_passed:-0}, wasm: ${wasm_passed:-0} tests passed; data set and CLI checks passed"
echo "tests: $total passed, 0 failed"
