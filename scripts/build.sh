#!/usr/bin/env bash
# Builds contracts to target/wasm/<dir>.wasm: one cargo invocation per
# package (so that one contract's `entry` feature never leaks into
# another's build), wasm-opt -Oz keeping the MVP feature set, then checks
# that the chain will take it: MVP-only validation, an `apply` export,
# initialized data inside the first 64 KiB, no forbidden imports.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/build.sh [--no-opt] [-v] [contract...]

Builds contracts/<contract> (default: every directory under contracts/
with a Cargo.toml) with
  cargo build --release --target wasm32v1-none -p <package>
one package per cargo run, copies the wasm to target/wasm/<contract>.wasm,
optimizes it with wasm-opt -Oz (MVP + mutable-globals only; skipped with
--no-opt or when wasm-opt is missing), validates it as MVP wasm, rejects
forbidden imports (send_deferred, cancel_deferred, tapos_block_num,
tapos_block_prefix) and imports from modules other than env, and prints
contract, size and import count. A contract may also be given as a path
to a crate directory outside contracts/ (built with --manifest-path).
-v shows cargo's progress.
EOF
}

opt=1
verbose=0
contracts=()
while (($#)); do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --no-opt) opt=0 ;;
        -v | --verbose) verbose=1 ;;
        -*) echo "build.sh: unknown option '$1' (see scripts/build.sh --help)" >&2; exit 2 ;;
        *) contracts+=("$1") ;;
    esac
    shift
done

# shellcheck source-path=SCRIPTDIR source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

FORBIDDEN_IMPORTS=(send_deferred cancel_deferred tapos_block_num tapos_block_prefix)
# What EOS VM accepts: WebAssembly 1.0 (MVP) plus mutable globals.
WASM_VALIDATE_FLAGS=(--disable-sign-extension --disable-bulk-memory --disable-reference-types
    --disable-multi-value --disable-saturating-float-to-int)
WASM_OPT_FLAGS=(-Oz --mvp-features --enable-mutable-globals
    --strip-debug --strip-producers --strip-target-features)
# The chain's limit on initialized linear memory (wasm_config::max_linear_memory_init).
MAX_INIT_MEMORY=65536

command -v cargo >/dev/null 2>&1 || die "cargo not found: run scripts/setup.sh"
for tool in wasm-validate wasm-objdump; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool (Debian package wabt) not found: run scripts/setup.sh"
done
if ((opt)) && ! command -v wasm-opt >/dev/null 2>&1; then
    echo "build.sh: warning: wasm-opt (Debian package binaryen) not found, wasm left unoptimized: run scripts/setup.sh" >&2
    opt=0
fi

cd "$POOL_ROOT"

known_contracts() {
    local manifest names=()
    for manifest in "$POOL_CONTRACTS_DIR"/*/Cargo.toml; do
        [[ -f $manifest ]] && names+=("$(basename "$(dirname "$manifest")")")
    done
    printf '%s\n' "${names[*]}"
}

if ((${#contracts[@]} == 0)); then
    read -r -a contracts <<<"$(known_contracts)"
    ((${#contracts[@]})) || die "no contract under $POOL_CONTRACTS_DIR (each needs a Cargo.toml)"
fi

# toml_key FILE SECTION KEY: the string value of KEY in [SECTION].
toml_key() {
    awk -v section="[$2]" -v key="$3" '
        { line = $0; sub(/#.*/, "", line); gsub(/[[:space:]]/, "", line) }
        line ~ /^\[/ { in_section = (line == section); next }
        in_section && index(line, key "=\"") == 1 {
            value = substr(line, length(key) + 3); sub(/".*$/, "", value); print value; exit
        }' "$1"
}

target_dir=$(cargo metadata --format-version 1 --no-deps 2>/dev/null | jq -r .target_directory 2>/dev/null) || true
[[ -n $target_dir && $target_dir != null ]] || target_dir=$POOL_ROOT/target
mkdir -p "$POOL_WASM_DIR"

cargo_quiet=(--quiet)
((verbose)) && cargo_quiet=()

results=()
failed=0
fail() { # CONTRACT MESSAGE
    printf 'build.sh: %s: %s\n' "$1" "$2" >&2
    failed=1
}

for contract in "${contracts[@]}"; do
    if [[ $contract == */* ]]; then
        crate_dir=$(cd "$contract" 2>/dev/null && pwd) || die "no such crate directory: $contract"
        name=$(basename "$crate_dir")
    else
        crate_dir=$POOL_CONTRACTS_DIR/$contract
        name=$contract
    fi
    manifest=$crate_dir/Cargo.toml
    [[ -f $manifest ]] || die "no contract '$contract' ($manifest missing); contracts: $(known_contracts)"
    package=$(toml_key "$manifest" package name)
    [[ -n $package ]] || die "no [package] name in $manifest"
    lib=$(toml_key "$manifest" lib name)
    [[ -n $lib ]] || lib=${package//-/_}
    out=$POOL_WASM_DIR/$name.wasm
    rm -f "$out"

    if [[ $contract == */* ]]; then
        # A crate of its own (not a workspace member): its own target dir.
        cargo_args=(--manifest-path "$manifest")
        built=$(cd "$crate_dir" && cargo metadata --format-version 1 --no-deps 2>/dev/null | jq -r .target_directory)/$POOL_WASM_TARGET/release/$lib.wasm
    else
        cargo_args=(-p "$package")
        built=$target_dir/$POOL_WASM_TARGET/release/$lib.wasm
    fi
    if ! (cd "$crate_dir" && cargo build "${cargo_quiet[@]}" --release --target "$POOL_WASM_TARGET" "${cargo_args[@]}"); then
        fail "$name" "cargo build failed (above)"
        results+=("$name|$package|-|-|-|FAILED: cargo build")
        continue
    fi
    [[ -f $built ]] || {
        fail "$name" "cargo produced no $built (is crate-type cdylib?)"
        results+=("$name|$package|-|-|-|FAILED: no wasm")
        continue
    }
    raw_size=$(stat -c %s "$built")
    tmp=$(mktemp "$POOL_WASM_DIR/.$name.XXXXXX.wasm")
    if ((opt)); then
        if ! wasm-opt "${WASM_OPT_FLAGS[@]}" "$built" -o "$tmp"; then
            rm -f "$tmp"
            fail "$name" "wasm-opt failed (above)"
            results+=("$name|$package|$raw_size|-|-|FAILED: wasm-opt")
            continue
        fi
    else
        cp "$built" "$tmp"
    fi

    problems=()
    if ! msg=$(wasm-validate "${WASM_VALIDATE_FLAGS[@]}" "$tmp" 2>&1); then
        problems+=("not MVP wasm: $(head -n 1 <<<"$msg")")
    fi
    dump=$(wasm-objdump -x "$tmp")
    # Imports: " - func[0] sig=2 <env.require_auth> <- env.require_auth"
    imports=$(sed -n 's/^ - [a-z]*\[[0-9]*\].* <- \(.*\)$/\1/p' <<<"$dump")
    import_count=$(grep -c . <<<"$imports" || true)
    while IFS= read -r imp; do
        [[ -n $imp ]] || continue
        module=${imp%%.*}
        field=${imp#*.}
        if [[ $module != env ]]; then
            problems+=("import from module '$module' (only env exists on chain): $imp")
        fi
        for f in "${FORBIDDEN_IMPORTS[@]}"; do
            if [[ $field == "$f" ]]; then
                problems+=("forbidden import $imp")
            fi
        done
    done <<<"$imports"
    # Exports: ' - func[5] <apply> -> "apply"'
    grep -q '^ - func\[[0-9]*\].* -> "apply"$' <<<"$dump" \
        || problems+=("no exported apply function (is the crate's 'entry' feature on?)")
    # Data: ' - segment[0] memory=0 size=838 - init i32=16384'
    while read -r size start; do
        ((start + size <= MAX_INIT_MEMORY)) ||
            problems+=("data segment at $start+$size ends beyond $MAX_INIT_MEMORY bytes (is -zstack-size set in .cargo/config.toml?)")
    done < <(sed -n 's/^ - segment\[[0-9]*\] .*size=\([0-9]*\) - init i32=\([0-9]*\).*/\1 \2/p' <<<"$dump")

    size=$(stat -c %s "$tmp")
    if ((${#problems[@]})); then
        rm -f "$tmp"
        for p in "${problems[@]}"; do fail "$name" "$p"; done
        results+=("$name|$package|$raw_size|$size|$import_count|FAILED: ${#problems[@]} problem(s)")
        continue
    fi
    chmod 644 "$tmp"
    mv -f "$tmp" "$out"
    results+=("$name|$package|$raw_size|$size|$import_count|ok")
done

echo
printf '%-12s %-16s %10s %10s %8s  %s\n' contract package "cargo B" "wasm B" imports status
for r in "${results[@]}"; do
    IFS='|' read -r c p raw sz imp st <<<"$r"
    printf '%-12s %-16s %10s %10s %8s  %s\n' "$c" "$p" "$raw" "$sz" "$imp" "$st"
done
if ((failed)); then
    exit 1
fi
echo "wasm in ${POOL_WASM_DIR#"$POOL_ROOT"/}/ ($( ((opt)) && echo "wasm-opt ${WASM_OPT_FLAGS[*]}" || echo "not optimized"))"
