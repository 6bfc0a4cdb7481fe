#!/usr/bin/env bash
# The WebAssembly tests, from a fresh clone: installs what is missing (the wasm32 target,
# wasm-bindgen-cli at the version the crate pins, Debian's chromium and chromium-driver,
# the npm tools of bindings-wasm from its package-lock.json), builds the npm package and
# the dashboard (bindings-wasm/build.sh), then runs
#   1. wasm-bindgen-test in Node,  2. the same in headless Chromium,
#   3. node --test on the built package (API + the shared golden fixtures),
#   4. the package as a user gets it (bindings-wasm/npm/): `npm pack`, installed into a
#      fresh project, the README's example, a Vite build of a page run in Chromium, and
#      the package's gzipped size against its ceiling (npm/size.test.mjs),
#   5. the Playwright end-to-end test of the dashboard.
# Prints "wasm: N passed, M failed" at the end. Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
step() { printf '\n==> %s\n' "$*"; }
WASM_BINDGEN_VERSION=0.2.130

step "toolchain"
if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "chromium and chromedriver are required" >&2; exit 1
  fi
fi
command -v node >/dev/null || { echo "node (>= 18) is required" >&2; exit 1; }
if [ ! -d bindings-wasm/node_modules ] || [ bindings-wasm/package-lock.json -nt bindings-wasm/node_modules/.package-lock.json ]; then
  (cd bindings-wasm && npm ci --no-audit --no-fund)
fi

step "build the package and the dashboard"
bash bindings-wasm/build.sh

log="$(mktemp)"
trap 'rm -rf "$log"' EXIT
passed=0
failed=0
count() { # adds the counts of a cargo/wasm-bindgen-test log or a node --test log
  local p f
  p=$(grep -Eo '(test result: (ok|FAILED)\. [0-9]+ passed|^# pass [0-9]+)' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '([0-9]+ failed;|^# fail [0-9]+)' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

step "wasm-bindgen-test in Node"
cargo test --locked --target wasm32-unknown-unknown -p planwatch-wasm 2>&1 | tee "$log"
count

step "wasm-bindgen-test in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
  WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
  cargo test --locked --target wasm32-unknown-unknown -p planwatch-wasm --test wasm 2>&1 | tee "$log"
count

step "node --test on the built package (API, golden fixtures)"
(cd bindings-wasm && node --test test/*.test.mjs) 2>&1 | tee "$log" | grep -E '^(not ok|# (tests|pass|fail))' || true
grep -q '^# fail 0' "$log" || { grep -A20 '^not ok' "$log" >&2; count; echo "wasm: $passed passed, $failed failed"; exit 1; }
count

step "the npm package: npm pack, installed, the README's example, Vite + Chromium, size"
(cd bindings-wasm && CHROMIUM="${CHROMIUM:-$(command -v chromium)}" node --test npm/*.test.mjs) 2>&1 | tee "$log"
count

step "end-to-end: the dashboard in Chromium (Playwright)"
(cd bindings-wasm && CHROMIUM="${CHROMIUM:-$(command -v chromium)}" node --test e2e/) 2>&1 | tee "$log"
count

echo
echo "wasm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
