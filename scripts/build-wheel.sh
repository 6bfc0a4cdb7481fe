#!/usr/bin/env bash
# Builds the Python package for distribution: a manylinux2014 abi3 wheel (one wheel for
# CPython 3.9 and later on x86_64 Linux) and an sdist, into $WHEEL_DIR (default dist/).
#
# maturin links with zig (PyPI's `ziglang`) against glibc 2.17, so the wheel carries the
# `manylinux2014` tag that package indexes accept and installs on any Linux of the last
# decade without Rust. Needs Rust (this build) and PyPI; creates .venv-build if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${WHEEL_DIR:-$root/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)

py=${PYTHON:-python3}
if [ ! -x .venv-build/bin/python ]; then
  "$py" -m venv .venv-build
fi
build_py="$root/.venv-build/bin/python"
# maturin finds zig as `python3 -m ziglang` on PATH: the build venv's python goes first.
export PATH="$root/.venv-build/bin:$PATH"
"$build_py" -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-build.txt

rm -f "$out"/planwatch-*.whl "$out"/planwatch-*.tar.gz
cd bindings-python
"$build_py" -m maturin build --release --strip --zig --compatibility manylinux2014 \
  --interpreter "$build_py" --out "$out" --quiet
"$build_py" -m maturin sdist --out "$out" >/dev/null
ls "$out"
