#!/usr/bin/env bash
# Load test of `hpi serve`, on loopback only and bounded in time: a project of
# about a million synthetic sales; CLIENTS clients (default 50) read its
# results for SECONDS seconds (default 20) while one import and one run are in
# flight; then the server is killed with -9 in the middle of a run and the
# restarted server must finish that job. Prints the figures docs/performance.md
# records. Needs nothing but this repository (and curl).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
clients=${CLIENTS:-50}
seconds=${SECONDS_OF_LOAD:-20}
cargo build --release --locked -p hpi-cli
cargo build --release --locked -p hpi-server --example load
hpi=$CARGO_TARGET_DIR/release/hpi
load=$CARGO_TARGET_DIR/release/examples/load
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }

echo "== a project of about a million sales"
"$hpi" generate --out "$work/files" --properties 530000 --cbsas 6 --seed 1 >&2
"$hpi" generate --out "$work/more" --properties 530000 --cbsas 6 --seed 2 >&2
project="$work/data/projects/big.hpiproj"
mkdir -p "$work/data/projects"
"$hpi" project new "$project" >/dev/null
for kind in transactions tracts attributes; do
  "$hpi" import --project "$project" --kind "$kind" "$work/files/$kind.csv" >/dev/null
done
token=$("$hpi" serve token create --data-dir "$work/data" --name load 2>/dev/null | tail -n 1)
auth="Authorization: Bearer $token"

start_server() {
  "$hpi" serve --bind 127.0.0.1:0 --data-dir "$work/data" --workers 2 >"$work/out" 2>>"$work/server.log" &
  pid=$!
  for _ in $(seq 100); do
    grep -q listening "$work/out" 2>/dev/null && break
    sleep 0.1
  done
  addr=$(sed -n 's|^listening on http://\([^ ]*\) .*|\1|p' "$work/out" | head -n 1)
  url="http://$addr"
}
wait_job() { # job id, then the status it must end in
  local status
  for _ in $(seq 6000); do
    status=$(curl -sf -H "$auth" "$url/v1/jobs/$1" | json '["status"]')
    case $status in queued | running) sleep 0.1 ;; *) break ;; esac
  done
  [ "$status" = "$2" ] || { echo "job $1 ended $status, not $2" >&2; exit 1; }
}
submit() {
  curl -sf -H "$auth" -H 'Content-Type: application/json' -d "$1" "$url/v1/projects/big/runs" | json '["job"]'
}
rsai='{"method": "rsai", "period": "annual", "start": 2000, "end": 2021}'
long='{"method": "wrs", "period": "monthly", "start": 2000, "end": 2021, "estimator": "robust"}'

start_server
echo "== server on $url; a run to read"
job=$(submit "$rsai")
wait_job "$job" succeeded
run=$(curl -sf -H "$auth" "$url/v1/jobs/$job" | json '["run"]')
sales=$(curl -sf "$url/metrics" | sed -n 's/^hpi_sales_processed_total //p')
echo "run $run read $sales sales"

echo "== $clients clients for $seconds s, with an import and a run in flight"
curl -sf -o "$work/import.json" -w '%{http_code}\n' -H "$auth" -H 'Content-Type: text/csv' \
  --data-binary "@$work/more/transactions.csv" \
  "$url/v1/projects/big/imports?kind=transactions&filename=more.csv" >"$work/import.status" &
import=$!
busy=$(submit "$long")
"$load" "$addr" "$token" big "$run" "$clients" "$seconds"
wait "$import"
echo "import during the load: HTTP $(cat "$work/import.status"), $(json '["accepted"]' <"$work/import.json") rows"
wait_job "$busy" succeeded
echo "run during the load: job $busy succeeded"

echo "== kill -9 in the middle of a run"
job=$(submit "$long")
for _ in $(seq 600); do
  [ "$(curl -sf -H "$auth" "$url/v1/jobs/$job" | json '["status"]')" = running ] && break
  sleep 0.1
done
sleep 1
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
start_server
wait_job "$job" succeeded
echo "after the restart, job $job succeeded ($(curl -sf -H "$auth" "$url/v1/jobs/$job" | json '["interruptions"]') interruption)"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
