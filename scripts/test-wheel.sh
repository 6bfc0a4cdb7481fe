#!/usr/bin/env bash
# Builds the wheel (scripts/build-wheel.sh), checks its tags, installs it into a fresh venv
# with no Rust on PATH and evaluates the NSP data set with it: the answer must be the
# shared golden evaluation, byte for byte. Also checks the sdist's contents.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step() { printf '\n==> %s\n' "$*"; }

step "building the wheel and the sdist"
WHEEL_DIR="$tmp/dist" bash scripts/build-wheel.sh
wheel=$(ls "$tmp"/dist/planwatch-*.whl)
sdist=$(ls "$tmp"/dist/planwatch-*.tar.gz)
case "$(basename "$wheel")" in
  *-cp39-abi3-manylinux*2014_x86_64*.whl | *-cp39-abi3-manylinux_2_17_x86_64*.whl) ;;
  *) echo "wheel is not a manylinux2014 abi3 wheel: $(basename "$wheel")" >&2; exit 1 ;;
esac
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
tar -tzf "$sdist" > "$tmp/sdist.txt"
grep -q '/pyproject.toml$' "$tmp/sdist.txt" || { echo "sdist lacks pyproject.toml" >&2; exit 1; }
grep -q '/core/src/lib.rs$' "$tmp/sdist.txt" || { echo "sdist lacks the core crate" >&2; exit 1; }

step "installing it into a fresh venv, no Rust on PATH"
py=${PYTHON:-python3}
"$py" -m venv "$tmp/venv"
# Only the venv and the system directories: no cargo, rustc or rustup.
clean_path="$tmp/venv/bin:/usr/local/bin:/usr/bin:/bin"
env -i HOME="$HOME" PATH="$clean_path" sh -c '! command -v cargo && ! command -v rustc' >/dev/null \
  || { echo "cargo or rustc is still on the clean PATH" >&2; exit 1; }
env -i HOME="$HOME" PATH="$clean_path" "$tmp/venv/bin/python" -m pip install --quiet \
  --disable-pip-version-check --no-index "$wheel"

step "smoke test of the installed wheel"
cd "$tmp"
env -i HOME="$HOME" PATH="$clean_path" "$tmp/venv/bin/python" - "$root" <<'PY'
import sys
from pathlib import Path

import planwatch

root = Path(sys.argv[1])
nsp = root / "examples" / "nsp-2019-2023"
assert Path(planwatch.__file__).is_relative_to(Path(sys.prefix)), planwatch.__file__
ev = planwatch.load(nsp).evaluate("2021-06-30", nsp / "rules.json")
golden = (root / "tests" / "fixtures" / "evaluation" / "nsp-2021-06-30.json").read_text()
assert ev.to_json(indent=True) + "\n" == golden, "the wheel's evaluation differs from the golden file"
print(f"installed wheel: {len(ev)} findings, the golden evaluation byte for byte")
PY
