#!/usr/bin/env bash
# The fast loop while developing (a few minutes on a warm cache): formatting,
# lints and unit tests of the Rust workspace and of the web UI. The slow suites
# (end to end in a real window, the installed packages, the update over
# loopback, the book) run in scripts/test.sh, which runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
echo "== UI: types, lint, formatting, unit tests"
npm run --silent check
