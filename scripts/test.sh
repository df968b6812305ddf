#!/usr/bin/env bash
# Runs every test: the workspace's unit, property, integration (the real hpi
# binary on real files) and documentation tests, the UI's type check, lint,
# formatting and unit tests (Vitest), the Python package against the CLI
# and on a local Spark cluster (pytest), the
# end-to-end scenarios in a real WebKit window (and that the guide's screenshots
# are the ones they took), the Linux packages installed
# and started, the installed app updating itself on loopback, and the checks
# of the release scripts and installer configuration, and the documentation
# (the book with its links, the API docs without warnings); then prints the totals.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --locked 2>&1 | tee "$log" || status=$?
NO_COLOR=1 npm run --silent check 2>&1 | tee -a "$log" || status=$?
python3 -m unittest discover -s .github/scripts -p 'test_*.py' 2>&1 | tee -a "$log" || status=$?
python3 -m unittest discover -s installer -p 'test_*.py' 2>&1 | tee -a "$log" || status=$?
/usr/bin/python3 -m unittest discover -s scripts -p 'test_*.py' 2>&1 | tee -a "$log" || status=$?
bash scripts/python-test.sh 2>&1 | tee -a "$log" || status=$?
bash scripts/e2e.sh 2>&1 | tee -a "$log" || status=$?
/usr/bin/python3 scripts/check-screenshots.py 2>&1 | tee -a "$log" || status=$?
bash scripts/package-test.sh 2>&1 | tee -a "$log" || status=$?
bash scripts/update-test.sh 2>&1 | tee -a "$log" || status=$?
bash scripts/docs.sh 2>&1 | tee -a "$log" || status=$?
awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed;/) p += $(i-1); if ($i ~ /^failed;/) f += $(i-1) } }
     /^Ran [0-9]+ tests? in/ { ran = $2 } /^OK/ { p += ran; ran = 0 } /^FAILED \(/ { f += ran; ran = 0 }
     /^ℹ pass / { p += $3 } /^ℹ fail / { f += $3 }
     /^=* *[0-9]+ (passed|failed).* in [0-9.]+s/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     /^ +Tests +[0-9]/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
