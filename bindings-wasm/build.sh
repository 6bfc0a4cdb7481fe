#!/usr/bin/env bash
# Builds the npm package `planwatch` into bindings-wasm/pkg/ (gitignored):
#   pkg/web/   ES module for browsers and bundlers (wasm-bindgen --target web; call the
#              default export `init()` once before use)
#   pkg/node/  CommonJS module for Node (wasm-bindgen --target nodejs; ready on require)
#   pkg/schema.json  the JSON Schema of every API type, derived from the core's Rust types
#   pkg/schema/      the JSON Schemas of plan.json, monitoring.json and rules.json (the
#                    repository's schema/ files; schema.json holds the same definitions)
# Both .d.ts files end with TypeScript types generated from that schema
# (json-schema-to-typescript). The .wasm is optimised with wasm-opt -Oz from the npm
# `binaryen` package. Then the dashboard is assembled in examples/web/dist/.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli 0.2.130, `npm ci` done here.
# CARGO_TARGET_DIR is honoured. Skip the dashboard with PLANWATCH_NO_WEB=1.
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
cp "$root"/schema/*.schema.json "$pkg/schema/"
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-reference-types --enable-multivalue --enable-mutable-globals)
for target in web nodejs; do
  dir="$pkg/${target/nodejs/node}"
  echo "==> wasm-bindgen --target $target"
  wasm-bindgen "$wasm" --target "$target" --out-dir "$dir" --out-name planwatch
  echo "==> wasm-opt -Oz ($target)"
  "$bin/wasm-opt" -Oz "${features[@]}" --strip-debug --strip-producers \
    "$dir/planwatch_bg.wasm" -o "$dir/planwatch_bg.wasm"
  cat "$tmp/types.d.ts" >> "$dir/planwatch.d.ts"
done
echo '{"type": "module"}' > "$pkg/web/package.json"
echo '{"type": "commonjs"}' > "$pkg/node/package.json"

version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)"
cat > "$pkg/package.json" <<JSON
{
  "name": "planwatch",
  "version": "$version",
  "description": "Rules engine for monitoring a national strategic plan (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "main": "./node/planwatch.js",
  "module": "./web/planwatch.js",
  "types": "./web/planwatch.d.ts",
  "exports": {
    ".": {
      "node": {"types": "./node/planwatch.d.ts", "default": "./node/planwatch.js"},
      "default": {"types": "./web/planwatch.d.ts", "default": "./web/planwatch.js"}
    },
    "./web": {"types": "./web/planwatch.d.ts", "default": "./web/planwatch.js"},
    "./node": {"types": "./node/planwatch.d.ts", "default": "./node/planwatch.js"},
    "./web/planwatch_bg.wasm": "./web/planwatch_bg.wasm",
    "./schema.json": "./schema.json",
    "./schema/*.json": "./schema/*.json"
  },
  "files": ["web/", "node/", "schema.json", "schema/", "README.md"],
  "sideEffects": ["./web/planwatch.js", "./node/planwatch.js"]
}
JSON
cp "$here/README.md" "$pkg/README.md"

raw=$(wc -c < "$pkg/web/planwatch_bg.wasm")
gz=$(gzip -9 -c "$pkg/web/planwatch_bg.wasm" | wc -c)
js=$(gzip -9 -c "$pkg/web/planwatch.js" | wc -c)
echo "==> pkg/web/planwatch_bg.wasm: $raw bytes raw, $gz bytes gzipped (+ $js bytes gzipped JS glue)"

if [ "${PLANWATCH_NO_WEB:-}" != 1 ]; then
  echo "==> dashboard: examples/web/dist"
  web="$root/examples/web"
  rm -rf "$web/dist"
  mkdir -p "$web/dist/pkg" "$web/dist/data"
  cp "$web"/src/* "$web/dist/"
  cp "$pkg/web/planwatch.js" "$pkg/web/planwatch_bg.wasm" "$web/dist/pkg/"
  # The whole plan directory, rules.json included: the dashboard applies it as the CLI does.
  for f in plan.json monitoring.json rules.json; do
    cp "$root/examples/nsp-2019-2023/$f" "$web/dist/data/"
  done
fi
