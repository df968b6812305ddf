#!/usr/bin/env bash
# Runs every test of the workspace: unit, property, integration (the real hpi
# binary on real files) and documentation examples.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo test --workspace --locked
