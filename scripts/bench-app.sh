#!/usr/bin/env bash
# Desktop benchmarks: builds the app (UI embedded, as shipped) and the hpi
# CLI, then measures start-up, chart redraw and memory under Xvfb. Figures
# are printed, and recorded by hand in docs/performance.md.
#   bash scripts/bench-app.sh            the debug build the end-to-end tests use
#   bash scripts/bench-app.sh --release  the optimised build installers ship
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked --version 2.1.0
if [ "${1:-}" = "--release" ]; then
  cargo build --locked --release -q -p hpi-cli
  npx tauri build --no-bundle
  profile=release
else
  cargo build --locked -q -p hpi-cli
  npx tauri build --debug --no-bundle
  profile=debug
fi
HPI_STUDIO_APP="$CARGO_TARGET_DIR/$profile/hpi-studio" HPI_CLI="$CARGO_TARGET_DIR/$profile/hpi" \
  xvfb-run --auto-servernum --server-args="$xvfb_args" node tests/e2e/bench.mjs
