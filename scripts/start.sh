#!/usr/bin/env bash
# Builds hpi and prints the RSAI indices (all six weights) of the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo run -q --locked -p hpi-cli --bin hpi -- calculate \
  --transactions sample/transactions.csv --tracts sample/tracts.csv --attributes sample/attributes.csv \
  --method rsai --start 2000 --end 2021 --output - --format table
