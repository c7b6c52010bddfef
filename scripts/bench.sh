#!/usr/bin/env bash
# Renamed: the performance report is scripts/perf.sh.
exec "$(dirname "$0")/perf.sh" "$@"
