#!/usr/bin/env bash
# Faults mid-write, at scale: SIGKILL at random moments during imports, runs'
# saves, migrations and exports (HPI_FAULT_TRIALS, default 100, spread evenly),
# and a full disk during an import and a save; then many more generated inputs
# through every method and output, looking for NaN or infinity
# (HPI_FINITE_CASES, default 2000). CI runs a few of each in the test suite;
# the figures of a full run go in docs/robustness.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hpi-studio/target}"
export HPI_FAULT_TRIALS="${HPI_FAULT_TRIALS:-100}" HPI_FINITE_CASES="${HPI_FINITE_CASES:-2000}"
echo "== $HPI_FAULT_TRIALS kill trials and the full-disk trials"
cargo test --locked -p hpi-cli --test faults -- --nocapture --test-threads 1 2>&1 | grep -E "trials passed|skipped|^test |panicked|test result"
echo "== $HPI_FINITE_CASES generated inputs through every method and output"
started=$(date +%s)
cargo test --locked -p hpi-usecases --test finite 2>&1 | grep -E "^test |panicked|test result"
echo "finite: $HPI_FINITE_CASES cases in $(( $(date +%s) - started )) s"
