#!/usr/bin/env bash
# The README's main command: set up, build every contract, start a fresh
# local chain, deploy the whole suite, run the demo scenario and print what
# happened on chain. The demo chain has short days (POOL_DAY_SEC=60, 10 s
# metric windows, a 10-minute claim window) so that a whole reward day
# passes while you watch. The
# chain stays up afterwards so you can explore it with cleos
# (`source scripts/env.sh; cleos get table pool.member pool.member members`);
# `scripts/chain.sh down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  "") ;;
  -h|--help) echo "usage: scripts/demo.sh   (starts a fresh chain: any previous demo chain state is deleted)"; exit 0 ;;
  *) echo "scripts/demo.sh takes no arguments (see --help)" >&2; exit 2 ;;
esac

export POOL_DAY_SEC=60 POOL_WINDOW_SEC=10 POOL_CLAIM_WINDOW_SEC=600

scripts/setup.sh
scripts/build.sh
cargo build --quiet --locked --release -p pool-emitter -p pool-onchain
scripts/chain.sh reset
scripts/chain.sh up
scripts/bootstrap.sh
target/release/demo
echo
echo "The chain is still running: 'scripts/chain.sh status', 'scripts/chain.sh down'."
