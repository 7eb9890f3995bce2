#!/usr/bin/env bash
# Set-up time: `git clone` of this repository, `make .venv/.installed-run` (what `make demo`
# installs), then `allyhub demo`, timed until the console answers and until the scenario
# has been played. Prints one line; asserts nothing.
#   bench/setup_time.sh [warm|cold] [PORT_OFFSET]     (cold: an empty pip cache)
set -u
mode=${1:-warm}; offset=${2:-3000}
source=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
dir=$(mktemp -d)/allyhub
if [ "$mode" = cold ]; then PIP_CACHE_DIR=$(mktemp -d); export PIP_CACHE_DIR; fi
t0=$(date +%s.%N)
git clone -q "$source" "$dir" && cd "$dir"
make .venv/.installed-run >/dev/null 2>&1 || { echo "install failed"; exit 1; }
t1=$(date +%s.%N)
.venv/bin/allyhub demo --port-offset "$offset" > demo.log 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$((8601 + offset))/login"; do sleep 0.2; done
t2=$(date +%s.%N)
until grep -q "Logins" demo.log; do sleep 0.2; done
t3=$(date +%s.%N)
children=$(pgrep -P $pid); kill $pid $children; wait $pid 2>/dev/null
printf "%s pip cache: install %.1fs, console answers at %.1fs, scenario played at %.1fs\n" \
  "$mode" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t0" | bc)" "$(echo "$t3 - $t0" | bc)"
