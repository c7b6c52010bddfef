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

section "tiers 1 and 2: domain logic, SDK, contracts on the native test chain, security matrix, quick fuzz run"
# The on-chain tests are #[ignore]d here (they need nodeos; tier 3 runs
# them); pool-onchain's own unit tests (transaction packing, statistics)
# run with the rest. The security matrix (docs/security.md) is the
# contracts' tests/security*.rs; the seeded quick fuzz run is
# crates/fuzz/tests (the long run is scripts/fuzz.sh, docs/fuzzing.md).
cargo test --workspace --locked

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

  section "tier 3: the full pool scenario (the demo), on its own fresh chain"
  # The demo's steps each assert their outcome (exact messages for the
  # refusals), and it ends with the rewards audit and the token
  # conservation check; it exits non-zero on any failure. It runs on a
  # separate chain with short days, stopped afterwards.
  (
    export POOL_CHAIN_DIR="$PWD/.chain-scenario" POOL_HTTP_PORT=$((POOL_HTTP_PORT + 2)) POOL_P2P_PORT=$((POOL_P2P_PORT + 2))
    export POOL_DAY_SEC=60 POOL_WINDOW_SEC=10 POOL_CLAIM_WINDOW_SEC=600
    # shellcheck source=scripts/env.sh
    source scripts/env.sh
    cargo build --quiet --locked --release -p pool-emitter -p pool-onchain
    scripts/chain.sh reset
    pool_use_chain
    scripts/bootstrap.sh >/dev/null
    target/release/demo
  )
fi

section "all tiers passed"
