#!/usr/bin/env bash
# The long fuzz run (docs/fuzzing.md): the whole pool on the native test
# chain, every action of every contract fed random and adversarial data
# mixed with the users' everyday traffic, every invariant checked after
# every step. The seeded quick run is part of scripts/test.sh (cargo test
# -p pool-fuzz --test quick); this is the long one.
#   scripts/fuzz.sh [STEPS] [SEED] [--trace STEP]
# STEPS defaults to 200000; SEED to a random one (printed first, so that
# the run can be replayed: the same STEPS and SEED do exactly the same).
# --trace STEP prints every step from STEP on (replaying a finding: the
# finding's message gives the command). Exits 1 if anything was found.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/fuzz.sh [STEPS (default 200000)] [SEED (default: random)] [--trace STEP]"
}
case "${1:-}" in
    -h | --help) usage; exit 0 ;;
esac
positional=0
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    a=${args[i]}
    if [[ $a == --trace ]]; then
        i=$((i + 1))
        a=${args[i]:-}
    else
        positional=$((positional + 1))
    fi
    [[ $a =~ ^[0-9]+$ ]] || { usage >&2; exit 2; }
done
((positional <= 2)) || { usage >&2; exit 2; }

# The workspace's release profile aborts on panic (what the contracts'
# wasm needs). On the native test chain a contract's failure is a panic
# that the chain catches, so the fuzzer gets its own profile: release
# optimizations and overflow checks, but unwinding, and without the
# link-time optimization that only shrinks wasm. Its output goes to
# target/fuzz/, leaving target/release/ alone.
profile=(
    --config 'profile.fuzz.inherits="release"'
    --config 'profile.fuzz.panic="unwind"'
    --config 'profile.fuzz.opt-level=3'
    --config 'profile.fuzz.lto=false'
    --config 'profile.fuzz.codegen-units=16'
    --config 'profile.fuzz.overflow-checks=true'
)
cargo build --quiet --locked --profile fuzz -p pool-fuzz --bin pool-fuzz "${profile[@]}"
exec target/fuzz/pool-fuzz "$@"
