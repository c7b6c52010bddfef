#!/usr/bin/env bash
# Runs every test tier on a fresh machine (the README's test command):
#   1. pure domain logic and the SDK (plain Rust, unit + property tests)
#   2. contracts natively against the in-process test chain
#   3. the real wasm on a local nodeos, driven with cleos
# plus the ABI drift check and the wasm build checks (MVP, imports, size).
# Installs what it needs first (scripts/setup.sh). A chain it starts is
# stopped on exit; a chain that was already running is reused and left up.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/test.sh [--no-chain]   (--no-chain: skip tier 3)"; }
with_chain=1
for arg in "$@"; do
  case "$arg" in
    --no-chain) with_chain=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument '$arg': $(usage)" >&2; exit 2 ;;
  esac
done

section() { printf '\n== %s\n' "$*"; }

section "set-up"
scripts/setup.sh

section "tiers 1 and 2: domain logic, SDK, contracts on the native test chain"
cargo test --workspace --locked --exclude pool-onchain

section "ABI drift: abi/ must equal what the code generates"
cargo run --quiet --locked -p abigen -- --check

section "wasm build: MVP validation, import checks, sizes"
scripts/build.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
ours=$(stat -c %s target/wasm/token.wasm)
reference=$(stat -c %s "$POOL_REFERENCE_CONTRACTS/eosio.token/eosio.token.wasm")
if (( ours > reference )); then
  echo "token wasm is $ours bytes, larger than the C++ eosio.token ($reference bytes)" >&2
  exit 1
fi
echo "token wasm $ours bytes <= eosio.token $reference bytes"

if (( with_chain )); then
  section "tier 3: on-chain tests on a local nodeos"
  pool_use_chain
  scripts/bootstrap.sh
  cargo test --locked -p pool-onchain -- --ignored --test-threads 4
fi

section "all tiers passed"
