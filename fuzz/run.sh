#!/usr/bin/env bash
# Runs each libFuzzer target of a fuzz build for a bounded time (`make fuzz`, `make fuzz-ci`;
# docs/fuzzing.md) and prints one line per target: executions, coverage (cov:, ft:), corpus size
# and crashes. New corpus inputs go to BUILD/corpus/<target>/ (the committed seeds in
# fuzz/corpus/<target>/ are read, never written); crash, leak, timeout and OOM inputs to
# BUILD/crashes/<target>/. Exits 1 when any target found one.
#
#   fuzz/run.sh BUILD SECONDS [TARGET...]     (no TARGET: every target, in fuzz/CMakeLists.txt order)
#
# Environment: FUZZ_ARGS, further libFuzzer options (e.g. -jobs=2 -workers=2, -dict=...);
# FUZZ_SUMMARY, the table's file (default BUILD/fuzz-summary.txt), for runs side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # The list of fuzz/CMakeLists.txt, so that both stay one.
  read -r -a targets <<<"$(sed -n '/^set(IFA026_FUZZ_TARGETS/,/)/p' fuzz/CMakeLists.txt |
    tr -d '()\n' | sed 's/^setIFA026_FUZZ_TARGETS//')"
fi

summary=${FUZZ_SUMMARY:-$build/fuzz-summary.txt}
printf '%-14s %8s %12s %10s %8s %8s %7s %s\n' target seconds executions exec/s cov ft corpus \
  crashes | tee "$summary"
failed=0
for t in "${targets[@]}"; do
  binary="$build/bin/${t}_fuzzer"
  if [ ! -x "$binary" ]; then
    echo "fuzz/run.sh: no $binary (build the fuzz folder first: make fuzz-build)" >&2
    exit 2
  fi
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  # The shipped scenarios are the scenario target's seeds where they are (read recursively).
  seeds=("fuzz/corpus/$t")
  [ "$t" = scenario ] && seeds+=(scenarios)
  log="$build/crashes/$t.log"
  start=$SECONDS
  # -timeout: one input may take this long (a hang otherwise); -rss_limit_mb: memory bound;
  # -max_len: large enough for the shipped scenarios and multi-request HTTP inputs.
  status=0
  # shellcheck disable=SC2086
  "$binary" "$build/corpus/$t" "${seeds[@]}" -max_total_time="$seconds" -timeout=20 \
    -rss_limit_mb=2048 -max_len=20000 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$t/" "${dict[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  elapsed=$((SECONDS - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  crashes=$(find "$build/crashes/$t" -type f | wc -l)
  printf '%-14s %8s %12s %10s %8s %8s %7s %s\n' "$t" "$elapsed" "${runs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$crashes" | tee -a "$summary"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=1
    echo "fuzz/run.sh: $t stopped with status $status; its log: $log" >&2
    grep -E '^==[0-9]+==ERROR|^SUMMARY|fuzz target|Test unit written' "$log" >&2 || true
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz/run.sh: reproduce with BUILD/bin/<target>_fuzzer <input>; a fixed input goes to" \
    "tests/fuzz_regressions/<target>/ (docs/fuzzing.md)" >&2
fi
exit "$failed"
