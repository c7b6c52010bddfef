#!/usr/bin/env bash
# Benchmarks (not tests): CPU time per action from transaction traces on a
# local nodeos, ours next to the C++ reference contracts, plus wasm sizes.
# Prints markdown tables; docs/performance.md records a run.
#   scripts/bench.sh [RUNS]     (default 41 runs per action)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-41}"
case "$runs" in
  -h|--help) echo "usage: scripts/bench.sh [RUNS]"; exit 0 ;;
  *[!0-9]*|"") echo "RUNS must be a positive number (see --help)" >&2; exit 2 ;;
esac

scripts/setup.sh >/dev/null
scripts/build.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
pool_use_chain
scripts/bootstrap.sh >/dev/null
cargo run --quiet --locked --release -p pool-onchain --bin bench_token -- "$runs"
