#!/usr/bin/env bash
# Prints measured figures, no assertions: NSP evaluation time natively (release), in Node
# and in headless Chromium, and the package size with its largest parts.
# Needs the package built (build.sh) and `npm ci` done here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
echo "==> native (cargo --release)"
cargo run --locked --quiet --release -p planwatch-wasm --example native_time
echo "==> WebAssembly"
node "$here/scripts/measure.mjs"
