#!/usr/bin/env bash
# Builds the desktop app as shipped (UI embedded, no dev server) with its
# Linux packages, and drives it end to end in a real WebKit window under Xvfb.
# Screenshots of every scenario (and the text each screen showed) land in
# $CARGO_TARGET_DIR/e2e-screenshots, emptied first so that it holds this run's only;
# scripts/package-test.sh then installs the .deb built here.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked --version 2.1.0
cargo build --locked -q -p hpi-cli
rm -rf "$CARGO_TARGET_DIR/e2e-screenshots"
npx tauri build --debug --bundles deb,rpm
xvfb-run --auto-servernum --server-args="$xvfb_args" \
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/app.test.mjs tests/e2e/policy.test.mjs
