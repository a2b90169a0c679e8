#!/usr/bin/env bash
# npm run mutation: StrykerJS over src/reference, src/engine, src/gradcheck and src/conformance, one folder at a
# time (each writes reports/mutation/<folder>.json, so a long run yields results as it goes), then
# the score per folder. Name passes to run only those: npm run mutation -- engine. src/conformance runs
# as two passes, conformance and conformance-loops (its floating-point loops; see stryker.config.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(reference engine gradcheck conformance conformance-loops)
for f in "${folders[@]}"; do MUTATE_FOLDER="$f" npx stryker run; done
node scripts/mutation-summary.mjs reports/mutation/*.json
