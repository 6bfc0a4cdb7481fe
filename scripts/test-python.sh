#!/usr/bin/env bash
# Tests the Python bindings from a fresh clone: creates .venv (if absent) in the repository
# root, installs maturin and the test dependencies from PyPI, builds and installs the
# package (maturin develop, debug) and the CLI, runs pytest (API, errors, the shared golden
# fixtures, the JSON Schemas of schema/, tables, pictures, stubs, the notebook, the CLI's
# exports parsed back, the progress report printed to PDF by headless Chromium), mypy
# stubtest, and executes the notebook headless. Installs Debian's chromium and
# fonts-khmeros when missing (apt-get), for the report's PDF test.
# Works with CI=true; needs only PyPI, crates.io and (for what is missing) Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n==> %s\n' "$*"; }

py=${PYTHON:-python3}
if ! command -v "$py" >/dev/null; then
  echo "python3 is required" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  step "creating .venv"
  "$py" -m venv .venv
fi
venv_py="$root/.venv/bin/python"
export VIRTUAL_ENV="$root/.venv"
export PATH="$root/.venv/bin:$PATH"

step "installing maturin and the test dependencies"
"$venv_py" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv_py" -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-test.txt
# pyspark runs the Spark recipe of docs/distributed.md (tests/test_spark.py) on a JVM.
if ! command -v java >/dev/null; then
  if command -v apt-get >/dev/null; then
    step "installing a Java runtime for pyspark"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  else
    echo "java (17 or later) is required for pyspark" >&2; exit 1
  fi
fi

# tests/test_report_pdf.py prints the progress report with headless Chromium and checks
# that Khmer names are set in a Khmer OS font: Debian's chromium and fonts-khmeros.
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi "khmer os" || need+=(fonts-khmeros)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    step "installing ${need[*]} for the report's PDF test"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "chromium and fonts-khmeros are required (tests/test_report_pdf.py)" >&2; exit 1
  fi
fi

step "building and installing planwatch (maturin develop)"
(cd bindings-python && maturin develop --quiet)

# tests/test_exports.py parses the CLI's exports back: $PLANWATCH_BIN when set (the test
# command sets it to the binary its cargo test built), else built here.
if [ -z "${PLANWATCH_BIN:-}" ]; then
  step "building the planwatch CLI (tests/test_exports.py parses its exports back)"
  cargo build --locked -q -p planwatch-cli
fi

step "pytest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set +e
(cd bindings-python && "$venv_py" -m pytest -q -p no:cacheprovider tests) 2>&1 | tee "$tmp/pytest.log"
code=${PIPESTATUS[0]}
set -e
if [ "$code" -ne 0 ]; then
  # exit 5 (no tests collected) is a failure too
  echo "pytest failed with exit code $code" >&2
  exit 1
fi
passed=$(grep -Eo '[0-9]+ passed' "$tmp/pytest.log" | tail -1 | awk '{print $1}')

step "mypy stubtest"
(cd bindings-python && "$venv_py" -m mypy.stubtest planwatch._planwatch)

step "API reference (pdoc, from the docstrings and the stub)"
docs_out=${PLANWATCH_PYDOC_DIR:-$tmp/pydoc}
"$venv_py" -m pdoc planwatch -o "$docs_out" 2>&1 | tee "$tmp/pdoc.log"
# The error classes are made at import time (src/errors.py), so pdoc cannot name their
# source file: that note is expected; any other warning fails.
if grep -i "warn" "$tmp/pdoc.log" | grep -qv "Cannot determine where planwatch\.[A-Za-z]*\.[a-z_]* is taken from"; then
  echo "pdoc warned: fix the docstrings" >&2
  exit 1
fi
[ -s "$docs_out/planwatch.html" ] || { echo "pdoc wrote no planwatch.html" >&2; exit 1; }

step "notebook (headless)"
mkdir -p "$tmp/figures"
(cd examples && PLANWATCH_FIGURES="$tmp/figures" MPLBACKEND=Agg \
  "$venv_py" -m jupyter execute nsp-2019-2023.ipynb --output="$tmp/executed.ipynb")
for f in completeness.png schedule.png; do
  [ -s "$tmp/figures/$f" ] || { echo "notebook did not draw $f" >&2; exit 1; }
done

echo
echo "python: ${passed:-0} tests passed; stubtest and notebook passed"
echo "tests: ${passed:-0} passed, 0 failed"
