#!/usr/bin/env bash
# A short smoke run of every cargo-fuzz target in fuzz/ (needs nightly and cargo-fuzz:
# `cargo install cargo-fuzz`). Not part of the test command. Usage:
#   scripts/fuzz.sh [seconds per target, default 30] [target ...]
# Longer runs: cd fuzz && cargo +nightly fuzz run <target> -- -max_total_time=600
# Crashes land in fuzz/artifacts/<target>/; minimise one with `cargo +nightly fuzz tmin`,
# then keep it in tests/fixtures/fuzz-regressions/<target>/ (run by
# tests/tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(load_json load_tables evaluate_arbitrary period custom_rule)
fi
regressions=../tests/fixtures/fuzz-regressions
for t in "${targets[@]}"; do
  printf '\n==> %s (%ss)\n' "$t" "$seconds"
  mkdir -p "corpus/$t"
  # Seeds: the kept regression inputs of the target.
  if [ -d "$regressions/$t" ]; then cp -n "$regressions/$t"/* "corpus/$t/" 2>/dev/null || true; fi
  # A workbook seed is ~16 KB: the xlsx form needs room to mutate one.
  max_len=8192
  [ "$t" = load_tables ] && max_len=65536
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" -max_len="$max_len" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done)' || true
  if compgen -G "artifacts/$t/*" >/dev/null; then
    echo "$t: crashes in fuzz/artifacts/$t" >&2
    exit 1
  fi
done
