#!/usr/bin/env bash
# Benchmarks (not tests): CPU time per action from transaction traces on a
# local nodeos, plus wasm sizes. Prints markdown tables; docs/performance.md
# records a run.
#   1. bench_token: our token next to the C++ eosio.token, RUNS runs per
#      action (default 41);
#   2. bench_suite: the suite's heaviest actions at the sizes their bounds
#      are about (metrics report, fees computefees, rewards rollover and
#      claim, RAM per row) on fresh instances, SUITE_RUNS runs per case
#      (default 9; waits for day ends and a fee-vote rate limit, a few
#      minutes in all).
#   scripts/bench.sh [RUNS [SUITE_RUNS]]
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/bench.sh [RUNS [SUITE_RUNS]]   (defaults 41 and 9)"; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac
runs="${1:-41}"
suite_runs="${2:-9}"
for n in "$runs" "$suite_runs"; do
  case "$n" in
    *[!0-9]*|"") n=0 ;;
  esac
  ((10#$n > 0)) || { echo "RUNS and SUITE_RUNS must be positive numbers (see --help)" >&2; exit 2; }
done
(($# <= 2)) || { usage >&2; exit 2; }

scripts/setup.sh >/dev/null
scripts/build.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
pool_use_chain
scripts/bootstrap.sh >/dev/null
cargo run --quiet --locked --release -p pool-onchain --bin bench_token -- "$runs"
echo
cargo run --quiet --locked --release -p pool-onchain --bin bench_suite -- "$suite_runs"
