#!/usr/bin/env bash
# The pool variance study (crates/study): small producers alone vs in the
# pool, normalized by their expected revenue alone. Prints the table and
# writes docs/study/{results.md,*.png,*.csv} (docs/why-pool.md explains
# them). Deterministic for a seed; 10 to 30 s for the defaults on 2 cores.
#   scripts/study.sh [DAYS [TRIALS [SEED]]] [options]   (defaults 365 100 1)
#   scripts/study.sh --help                             (every option)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet --release --locked -p pool-study -- "$@"
