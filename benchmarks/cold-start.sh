#!/usr/bin/env bash
# Cold whole-process wall time of `sim run` (native AOT and JIT) against esmini, interleaved so
# that load from other processes hits every tool alike; prints the median and range of N runs'
# wall times (ms) and their median CPU time (perf stat's task-clock).
#   dotnet build src/Sim.Cli -c Release
#   dotnet publish src/Sim.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot
#   benchmarks/cold-start.sh [N]            (default 10; needs shared/ beside or above the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
AOT=${AOT:-artifacts/aot/sim}
JIT=${JIT:-src/Sim.Cli/bin/Release/net10.0/sim.dll}
# The shared data: the nearest shared/ above the repository (as the tests find it).
SHARED=${SHARED:-$(d=$PWD; while [ "$d" != / ] && [ ! -d "$d/shared" ]; do d=$(dirname "$d"); done; echo "$d/shared")}
ESMINI=${ESMINI:-$SHARED/bench/esmini/esmini}
X=$SHARED/conformance/esmini/xosc
[ -x "$ESMINI" ] && [ -d "$X" ] || { echo "no esmini or conformance data under $SHARED" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# label|command (run from the repository root, output discarded). Every tool writes its
# trajectories (esmini's --csv_logger as the conformance references were made; sim's trajectories.csv).
cases=(
  "cut-in.xosc esmini|$ESMINI --headless --fixed_timestep 0.01 --osc $X/cut-in.xosc --csv_logger $TMP/e.csv --collision --disable_stdout --disable_log"
  "cut-in.xosc sim AOT|$AOT run $X/cut-in.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "cut-in.xosc sim JIT|dotnet $JIT run $X/cut-in.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "straight_500m.xosc esmini|$ESMINI --headless --fixed_timestep 0.01 --osc $X/straight_500m.xosc --csv_logger $TMP/e.csv --collision --disable_stdout --disable_log"
  "straight_500m.xosc sim AOT|$AOT run $X/straight_500m.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "straight_500m.xosc sim JIT|dotnet $JIT run $X/straight_500m.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "euroncap/ccrs.yaml sim AOT|$AOT run scenarios/euroncap/ccrs.yaml --out $TMP/o --quiet"
  "euroncap/ccrs.yaml sim JIT|dotnet $JIT run scenarios/euroncap/ccrs.yaml --out $TMP/o --quiet"
)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < N; i++)); do
  for k in "${!cases[@]}"; do
    cmd=${cases[$k]#*|}
    # Wall time of the bare process (under perf stat it would include perf's own start, about
    # 15 ms here, the same for every tool: it shrank the ratios towards 1).
    t0=$(date +%s%N)
    eval "$cmd" >/dev/null 2>&1 || true # exit 1: a failed criterion (esmini's cut-in collides too)
    t1=$(date +%s%N)
    # CPU time (perf's task-clock, all threads), from a second run: what other processes' load disturbs least.
    eval "perf stat -x, -e task-clock -o $TMP/cpu $cmd" >/dev/null 2>&1 || true
    cpu=$(awk -F, '/task-clock/ {printf "%d", $1 * 1000}' "$TMP/cpu")
    echo "$k $(((t1 - t0) / 1000)) $cpu" >>"$TMP/times"
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %12s %10s %10s %14s\n' case "wall median" "min" "max" "CPU median ms"
for k in "${!cases[@]}"; do
  mapfile -t t < <(awk -v k="$k" '$1 == k {print $2}' "$TMP/times" | sort -n)
  mapfile -t c < <(awk -v k="$k" '$1 == k {print $3}' "$TMP/times" | sort -n)
  n=${#t[@]}
  awk -v c="${cases[$k]%%|*}" -v m="$(((t[(n - 1) / 2] + t[n / 2]) / 2))" -v lo="${t[0]}" -v hi="${t[n - 1]}" -v cm="$(((c[(n - 1) / 2] + c[n / 2]) / 2))" \
    'BEGIN {printf "%-28s %12.1f %10.1f %10.1f %14.1f\n", c, m / 1000, lo / 1000, hi / 1000, cm / 1000}'
done
