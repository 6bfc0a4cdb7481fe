#!/usr/bin/env bash
# Builds the npm package `planwatch` into bindings-wasm/pkg/ (gitignored), one .wasm shared
# by both entry points:
#   pkg/planwatch.js    ES module for browsers and bundlers (wasm-bindgen --target web; call
#                       the default export `init()` once before use); `exports` "default"
#   pkg/planwatch.cjs   CommonJS module for Node (wasm-bindgen --target nodejs; ready on
#                       require or import); `exports` "node"
#   pkg/planwatch_bg.wasm  the module both load (build.sh checks the two wasm-bindgen
#                       outputs are byte-identical and keeps one)
#   pkg/planwatch.d.ts, pkg/planwatch.d.cts  their TypeScript types
#   pkg/schema.json     the JSON Schema of every API type, derived from the core's Rust types
#   pkg/schema/         the JSON Schemas of plan.json, monitoring.json and rules.json (the
#                       repository's schema/ files; schema.json holds the same definitions)
#   pkg/README.md, LICENSE-MIT, LICENSE-APACHE
# Both type files end with TypeScript types generated from that schema
# (json-schema-to-typescript). The .wasm is optimised with wasm-opt from the npm `binaryen`
# package. Then the dashboard is assembled in examples/web/dist/, with its print view's
# engine: the crate built again with its `report` feature (`plan.report(asOf, period)`),
# which the npm package leaves out for its size, into examples/web/dist/pkg-report/
# (planwatch.js, wasm-bindgen --target web, and planwatch_bg.wasm, wasm-opt -Oz), which the
# dashboard imports only when a report is asked for. That build uses its own profile,
# `wasm-report` (the `wasm-release` settings, defined here with --config), so its artifacts
# live in their own directory: the two builds never overwrite each other's .wasm (a cdylib
# of a path package has no hash in its file name, whatever its features) and each stays
# cached across runs.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli 0.2.130, `npm ci` done here.
# CARGO_TARGET_DIR is honoured. Skip the dashboard (and the report build) with
# PLANWATCH_NO_WEB=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
pkg="$here/pkg"
bin="$here/node_modules/.bin"

echo "==> cargo build (wasm32, profile wasm-release)"
cargo build --locked --target wasm32-unknown-unknown --profile wasm-release -p planwatch-wasm --lib
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/planwatch_wasm.wasm"

echo "==> JSON Schema of the API types"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cargo run --locked --quiet -p planwatch-wasm --example schema > "$tmp/schema.json"

echo "==> TypeScript from the schema"
"$bin/json2ts" --input "$tmp/schema.json" --output "$tmp/types.d.ts" \
  --unreachableDefinitions --no-additionalProperties --unknownAny --bannerComment ""
# The root type only gathers the others.
node -e '
const fs = require("fs");
let t = fs.readFileSync(process.argv[1], "utf8");
t = t.replace(/export interface PlanwatchApi \{[\s\S]*?\n\}\n/, "");
fs.writeFileSync(process.argv[1], "// Types generated from the planwatch Rust types (bindings-wasm/build.sh). Do not edit.\n" + t);
' "$tmp/types.d.ts"

rm -rf "$pkg"
mkdir -p "$pkg"
cp "$tmp/schema.json" "$pkg/schema.json"
mkdir -p "$pkg/schema"
# The three documents the package reads (not the DHIS2 mapping: the import is not in the
# WebAssembly build).
for doc in plan monitoring rules; do
  cp "$root/schema/$doc.schema.json" "$pkg/schema/"
done
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals)
# wasm_opt NAME IN OUT: `wasm-opt -Oz` of IN into OUT. It takes most of a rebuild (about a
# minute per module on two cores), so its output is kept in the target directory
# (wasm-opt/NAME.wasm) with the hash of what made it (wasm-opt's version, the flags, IN)
# and reused while that hash is the same: wasm-opt is deterministic.
wasm_opt() {
  local name="$1" in="$2" out="$3" cache="$target_dir/wasm-opt" key
  local flags=(-Oz "${features[@]}" --strip-debug --strip-producers)
  key=$({ "$bin/wasm-opt" --version; echo "${flags[*]}"; cat "$in"; } | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$cache/$name.key" 2>/dev/null)" = "$key" ] && [ -f "$cache/$name.wasm" ]; then
    echo "    (unchanged input: wasm-opt's output of an earlier run)"
  else
    mkdir -p "$cache"
    rm -f "$cache/$name.key"
    "$bin/wasm-opt" "${flags[@]}" "$in" -o "$cache/$name.wasm"
    echo "$key" > "$cache/$name.key"
  fi
  cp "$cache/$name.wasm" "$out"
}
for target in web nodejs; do
  echo "==> wasm-bindgen --target $target"
  wasm-bindgen "$wasm" --target "$target" --out-dir "$tmp/$target" --out-name planwatch
  cat "$tmp/types.d.ts" >> "$tmp/$target/planwatch.d.ts"
done
# The package is built without the report (see bindings-wasm/README.md, "Size").
! grep -q '^    report(asOf, period, rules) {' "$tmp/web/planwatch.js" \
  || { echo "the npm package's build has plan.report: it must be built without the report feature" >&2; exit 1; }
# Both glues load planwatch_bg.wasm beside them and wasm-bindgen gives both the same module:
# ship it once. If a wasm-bindgen version ever made them differ, stop rather than ship two.
cmp "$tmp/web/planwatch_bg.wasm" "$tmp/nodejs/planwatch_bg.wasm" \
  || { echo "wasm-bindgen's web and nodejs .wasm differ: they can no longer share one file" >&2; exit 1; }
grep -q '`${__dirname}/planwatch_bg.wasm`' "$tmp/nodejs/planwatch.js" \
  || { echo "the nodejs glue no longer loads planwatch_bg.wasm beside it" >&2; exit 1; }
echo "==> wasm-opt -Oz"
wasm_opt package "$tmp/web/planwatch_bg.wasm" "$pkg/planwatch_bg.wasm"
cp "$tmp/web/planwatch.js" "$pkg/planwatch.js"
cp "$tmp/web/planwatch.d.ts" "$pkg/planwatch.d.ts"
cp "$tmp/nodejs/planwatch.js" "$pkg/planwatch.cjs"
cp "$tmp/nodejs/planwatch.d.ts" "$pkg/planwatch.d.cts"
cp "$here/README.md" "$pkg/README.md"
cp "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$pkg/"
node "$here/scripts/package-json.mjs" "$root/Cargo.toml" > "$pkg/package.json"

raw=$(wc -c < "$pkg/planwatch_bg.wasm")
gz=$(gzip -9 -c "$pkg/planwatch_bg.wasm" | wc -c)
js=$(gzip -9 -c "$pkg/planwatch.js" | wc -c)
echo "==> pkg/planwatch_bg.wasm: $raw bytes raw, $gz bytes gzipped (+ $js bytes gzipped JS glue)"

if [ "${PLANWATCH_NO_WEB:-}" != 1 ]; then
  echo "==> cargo build --features report (wasm32, profile wasm-report: the dashboard's print view)"
  cargo build --locked --target wasm32-unknown-unknown \
    --config 'profile.wasm-report.inherits="wasm-release"' --profile wasm-report \
    -p planwatch-wasm --lib --features report
  report_wasm="$target_dir/wasm32-unknown-unknown/wasm-report/planwatch_wasm.wasm"
  echo "==> wasm-bindgen --target web (the report engine)"
  wasm-bindgen "$report_wasm" --target web --out-dir "$tmp/report" --out-name planwatch
  grep -q '^    report(asOf, period, rules) {' "$tmp/report/planwatch.js" \
    || { echo "the report engine's build has no plan.report" >&2; exit 1; }

  echo "==> dashboard: examples/web/dist"
  web="$root/examples/web"
  rm -rf "$web/dist"
  mkdir -p "$web/dist/pkg" "$web/dist/pkg-report" "$web/dist/data"
  cp "$web"/src/* "$web/dist/"
  cp "$pkg/planwatch.js" "$pkg/planwatch_bg.wasm" "$web/dist/pkg/"
  echo "==> wasm-opt -Oz (the report engine)"
  wasm_opt report "$tmp/report/planwatch_bg.wasm" "$web/dist/pkg-report/planwatch_bg.wasm"
  cp "$tmp/report/planwatch.js" "$web/dist/pkg-report/planwatch.js"
  raw=$(wc -c < "$web/dist/pkg-report/planwatch_bg.wasm")
  gz=$(gzip -9 -c "$web/dist/pkg-report/planwatch_bg.wasm" | wc -c)
  js=$(gzip -9 -c "$web/dist/pkg-report/planwatch.js" | wc -c)
  echo "==> dist/pkg-report/planwatch_bg.wasm: $raw bytes raw, $gz bytes gzipped (+ $js bytes gzipped JS glue)"
  # The whole plan directory, rules.json included: the dashboard applies it as the CLI does.
  for f in plan.json monitoring.json rules.json; do
    cp "$root/examples/nsp-2019-2023/$f" "$web/dist/data/"
  done
fi
