#!/usr/bin/env bash
# The performance report in one command: installs what it needs, builds
# the contracts and the no-op floor contract (bench/noop), starts a FRESH
# local chain on its own ports (never the developer's chain), bootstraps
# it, measures everything in one run and writes
#   docs/performance.md       tables, plots, explanations (whole file)
#   docs/perf/*.png            scaling curves
#   docs/perf/data.json        every sample of every case
# then stops the chain. The driver is tests/src/bin/perf.rs with
# tests/src/perf/.
#   scripts/perf.sh [RUNS]     RUNS per case, 3 to 30 (default 9)
# Environment: POOL_PERF_HTTP_PORT (18910), POOL_PERF_P2P_PORT (19910),
# POOL_PERF_CHAIN_DIR (<repo>/.chain-perf).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/perf.sh [RUNS]   (runs per case, 3 to 30; default 9)"; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac
(($# <= 1)) || { usage >&2; exit 2; }
runs="${1:-9}"
if [[ ! $runs =~ ^[0-9]+$ ]] || ((10#$runs < 3 || 10#$runs > 30)); then
  usage >&2
  exit 2
fi
runs=$((10#$runs))

POOL_PERF_STARTED=$(date +%s)
export POOL_PERF_STARTED
# Its own chain: the variables a developer may have set for theirs are
# not used.
export POOL_HTTP_PORT="${POOL_PERF_HTTP_PORT:-18910}"
export POOL_P2P_PORT="${POOL_PERF_P2P_PORT:-19910}"
export POOL_CHAIN_DIR="${POOL_PERF_CHAIN_DIR:-$PWD/.chain-perf}"
# nodeos' own limit on a pushed transaction is 30 ms by default; the
# chain's is 150 ms. The worst cases are measured up to the chain's.
export POOL_NODEOS_ARGS="--max-transaction-time 150"

scripts/setup.sh >/dev/null
scripts/build.sh
scripts/build.sh bench/noop
cargo build --quiet --locked --release -p pool-onchain --bin perf
scripts/chain.sh reset >/dev/null
scripts/chain.sh up
trap 'scripts/chain.sh down >/dev/null' EXIT
scripts/bootstrap.sh >/dev/null
target/release/perf "$runs" --out docs
echo "scripts/perf.sh $runs: docs/performance.md written in $(($(date +%s) - POOL_PERF_STARTED)) s"
