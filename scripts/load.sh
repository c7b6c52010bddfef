#!/usr/bin/env bash
# The load test on a local chain of its own (docs/load.md):
#   scripts/load.sh [TXS [WORKERS [SEED]]]      (defaults 10000, 8, 1)
# Builds the contracts and the `load` binary, starts a FRESH chain on its
# own ports and directory (POOL_HTTP_PORT 18920, POOL_P2P_PORT 19920,
# POOL_CHAIN_DIR <repo>/.chain-load unless set), so a developer's chain
# (18888) is never touched, with short days (10 s days, 1 s metric
# windows, 300 s claim window), deploys the suite, then runs
# target/release/load: set-up (not counted), TXS transactions pushed by
# WORKERS threads plus one thread per emitter, results, verification.
# Stops the chain at the end (also on failure or Ctrl-C). Exits non-zero
# when the load met an unexpected rejection or a check failed.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/load.sh [TXS [WORKERS [SEED]]]   (defaults 10000, 8, 1)"; }
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
esac
(($# <= 3)) || { usage >&2; exit 2; }
for n in "$@"; do
  if [[ ! $n =~ ^[0-9]+$ ]] || ((10#$n == 0)); then
    echo "TXS, WORKERS and SEED must be positive numbers (see --help)" >&2
    exit 2
  fi
done

export POOL_HTTP_PORT=${POOL_HTTP_PORT:-18920}
export POOL_P2P_PORT=${POOL_P2P_PORT:-19920}
export POOL_CHAIN_DIR=${POOL_CHAIN_DIR:-$PWD/.chain-load}
# Short days, so that days end, are rolled over and claimed during the
# load. The claim window is the longest the rewards contract allows for
# this day (30 days), so that no allocation expires during a default run
# and the verification can match every snapshot to claims exactly.
export POOL_DAY_SEC=10 POOL_WINDOW_SEC=1 POOL_CLAIM_WINDOW_SEC=300

scripts/setup.sh >/dev/null
scripts/build.sh >/dev/null
cargo build --quiet --locked --release -p pool-onchain --bin load

# shellcheck source=scripts/env.sh
source scripts/env.sh
scripts/chain.sh reset >/dev/null
scripts/chain.sh up
trap 'scripts/chain.sh down >/dev/null' EXIT
scripts/bootstrap.sh >/dev/null
echo "chain: $POOL_URL, data in $POOL_CHAIN_DIR; nodeos $(curl -sf "$POOL_URL/v1/chain/get_info" | jq -r .server_version_string); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
target/release/load "$@"
