#!/usr/bin/env bash
# What aggregating RSAI to groups costs (docs/performance.md, "Aggregating to states, counties
# and the nation"): alternating runs of `hpi bench` (10M sales, six weights) without and with
# --aggregate, each line a run's total and stages in seconds, then the medians.
#
#   bash scripts/bench-aggregate.sh [PAIRS (default 5)] [GROUPS (default state,nation)]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hpi-studio/target}"
pairs="${1:-5}"
groups="${2:-state,nation}"
cargo build --release --locked -q -p hpi-cli
hpi="$CARGO_TARGET_DIR/release/hpi"
results=$(mktemp)
for _ in $(seq "$pairs"); do
  for with in without with; do
    if [ "$with" = with ]; then flags=(--aggregate "$groups"); else flags=(); fi
    "$hpi" bench --json "${flags[@]}" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
stages = " ".join(f"{k}={v:.3f}" for k, v in d["stages"])
total = d["total_seconds"]
print(sys.argv[1], f"{total:.3f}", stages, flush=True)' "$with" | tee -a "$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for side in ("without", "with"):
    totals = [float(r[1]) for r in rows if r[0] == side]
    print(f"{side:8} median {statistics.median(totals):.3f} s over {len(totals)} runs")
PY
rm -f "$results"
