#!/usr/bin/env bash
# The README's main command: set up, build every contract, bring up a local
# chain, deploy the whole suite, run the demo scenario and print what
# happened on chain. The chain stays up afterwards so you can explore it
# with cleos (`source scripts/env.sh; cleos get table pool.token alice
# accounts`); `scripts/chain.sh down` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  "") ;;
  -h|--help) echo "usage: scripts/demo.sh"; exit 0 ;;
  *) echo "scripts/demo.sh takes no arguments (see --help)" >&2; exit 2 ;;
esac

scripts/setup.sh
scripts/build.sh
scripts/chain.sh up
scripts/bootstrap.sh
cargo run --quiet --locked --release -p pool-onchain --bin demo
echo
echo "The chain is still running: 'scripts/chain.sh status', 'scripts/chain.sh down'."
