#!/usr/bin/env bash
# Fetches what the test command needs and no compiler builds, so that scripts/test-all.sh
# can run it in the background while the Rust code compiles: the test venv (.venv) with
# the packages of the Python tests and of the benchmark smoke run (test-all.sh points the
# benchmark at .venv), the wheel-build venv (.venv-build: maturin and ziglang) and the
# npm packages of the WebAssembly tests. Each later script installs the same again, which
# is then a quick no-op, so each still runs on its own. Network and disk only.
set -euo pipefail
cd "$(dirname "$0")/.."

py=${PYTHON:-python3}
pip_quiet=(--quiet --disable-pip-version-check)

[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install "${pip_quiet[@]}" --upgrade pip
.venv/bin/python -m pip install "${pip_quiet[@]}" \
  -r bindings-python/requirements-test.txt -r bench/requirements.txt
echo "prefetch: .venv ready"

[ -x .venv-build/bin/python ] || "$py" -m venv .venv-build
.venv-build/bin/python -m pip install "${pip_quiet[@]}" -r bindings-python/requirements-build.txt
echo "prefetch: .venv-build ready"

if command -v npm >/dev/null && { [ ! -d bindings-wasm/node_modules ] \
  || [ bindings-wasm/package-lock.json -nt bindings-wasm/node_modules/.package-lock.json ]; }; then
  (cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "prefetch: npm packages ready"
