#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader of outside bytes with AFL++
# (cargo-afl, on the stable toolchain): the CSV, XLSX and Parquet readers
# (every kind of table), dates, prices and the other values, and the
# project-file open path, each for a fixed number of executions; then the
# two JSON readers inside the Tauri crate (the IT policy, the update
# manifest) by structure-aware mutation. Prints executions, speed, crashes and
# hangs per target, and fails on any crash or hang. Not part of CI (it takes
# about 35 minutes on two cores); the figures go in docs/robustness.md.
#
#   bash scripts/fuzz.sh                 # the recorded budget, 10.8 million executions
#   HPI_FUZZ_SCALE=0.01 bash scripts/fuzz.sh   # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${HPI_FUZZ_SCALE:-1}
out=${HPI_FUZZ_OUT:-$HOME/.cache/hpi-studio/fuzz-out}
export CARGO_TARGET_DIR=${HPI_FUZZ_TARGET:-$HOME/.cache/hpi-studio/fuzz-target}
command -v cargo-afl >/dev/null || cargo install cargo-afl --locked --version 0.18.2
cargo afl config --build >/dev/null 2>&1 || true # AFL++ and its runtime, once per toolchain
echo "== building the targets with AFL's instrumentation"
(cd fuzz && cargo afl build --release --locked)
# Executions per target; the slow readers (a workbook's zip, Parquet, SQLite) get fewer.
declare -A budget=([csv]=2500000 [values]=4500000 [xlsx]=200000 [parquet]=1000000 [project]=600000)
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_QUIET=1
run() {
  local t=$1 execs
  execs=$(python3 -c "print(max(1000, int(${budget[$t]} * $scale)))")
  rm -rf "$out/$t"
  # -m: a reader that wants more than 1 GiB for a seed-sized input is a memory blow-up;
  # -t: more than 2 s for one input is a hang.
  cargo afl fuzz -i "fuzz/seeds/$t" -o "$out/$t" -E "$execs" -m 1024 -t 2000 "$CARGO_TARGET_DIR/release/$t" >"$out/$t.log" 2>&1 || true
}
mkdir -p "$out"
echo "== fuzzing, two lanes of about equal length"
(run csv; run xlsx) & (run values; run parquet; run project) & wait
status=0
printf '%-10s %12s %10s %8s %6s %6s\n' target executions "per s" paths crashes hangs
total=0
for t in csv values xlsx parquet project; do
  stats="$out/$t/default/fuzzer_stats"
  if [[ ! -f $stats ]]; then echo "$t: no statistics (see $out/$t.log)"; status=1; continue; fi
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  printf '%-10s %12s %10s %8s %6s %6s\n' "$t" "$(get execs_done)" "$(get execs_per_sec)" "$(get corpus_count)" \
    "$(get saved_crashes)" "$(get saved_hangs)"
  total=$((total + $(get execs_done)))
  if [[ $(get saved_crashes) != 0 || $(get saved_hangs) != 0 ]]; then status=1; fi
done
echo "== the JSON readers inside the Tauri crate, by structure-aware mutation"
json=$(python3 -c "print(max(1000, int(1000000 * $scale)))")
unset CARGO_TARGET_DIR
export CARGO_TARGET_DIR=${HPI_TARGET:-$HOME/.cache/hpi-studio/target}
HPI_FUZZ_JSON_EXECS=$json cargo test --locked -p hpi-studio --lib -- any_policy_text any_manifest_text 2>&1 |
  grep -E "^test |test result" || status=1
echo "policy: $json executions; manifest: $json executions"
total=$((total + 2 * json))
echo "total: $total executions"
[[ $status == 0 ]] && echo "no crashes, no hangs" || echo "FINDINGS: see $out/*/default/crashes and hangs"
exit "$status"
