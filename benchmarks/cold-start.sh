#!/usr/bin/env bash
# Cold whole-process wall time of `sim run` (native AOT and JIT) against esmini, interleaved so
# that load from other processes hits every tool alike; prints the median and range of N runs.
#   dotnet build src/Sim.Cli -c Release
#   dotnet publish src/Sim.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot
#   benchmarks/cold-start.sh [N]            (default 10; needs ../shared beside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
AOT=${AOT:-artifacts/aot/sim}
JIT=${JIT:-src/Sim.Cli/bin/Release/net10.0/sim.dll}
ESMINI=${ESMINI:-../shared/bench/esmini/esmini}
X=../shared/conformance/esmini/xosc
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# label|command (run from the repository root, output discarded)
cases=(
  "cut-in.xosc esmini|$ESMINI --headless --fixed_timestep 0.01 --osc $X/cut-in.xosc --disable_stdout --disable_log"
  "cut-in.xosc sim AOT|$AOT run $X/cut-in.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "cut-in.xosc sim JIT|dotnet $JIT run $X/cut-in.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "straight_500m.xosc esmini|$ESMINI --headless --fixed_timestep 0.01 --osc $X/straight_500m.xosc --disable_stdout --disable_log"
  "straight_500m.xosc sim AOT|$AOT run $X/straight_500m.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "straight_500m.xosc sim JIT|dotnet $JIT run $X/straight_500m.xosc --ego-driver Scenario --out $TMP/o --quiet"
  "euroncap/ccrs.yaml sim AOT|$AOT run scenarios/euroncap/ccrs.yaml --out $TMP/o --quiet"
  "euroncap/ccrs.yaml sim JIT|dotnet $JIT run scenarios/euroncap/ccrs.yaml --out $TMP/o --quiet"
)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < N; i++)); do
  for k in "${!cases[@]}"; do
    cmd=${cases[$k]#*|}
    t0=$(date +%s%N)
    eval "$cmd" >/dev/null 2>&1 || true # exit 1 is a failed criterion (esmini's cut-in collides too)
    t1=$(date +%s%N)
    echo "$k $(((t1 - t0) / 1000))" >>"$TMP/times"
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %10s %10s %10s\n' case "median ms" "min ms" "max ms"
for k in "${!cases[@]}"; do
  mapfile -t t < <(awk -v k="$k" '$1 == k {print $2}' "$TMP/times" | sort -n)
  n=${#t[@]}
  median=$(((t[(n - 1) / 2] + t[n / 2]) / 2))
  awk -v c="${cases[$k]%%|*}" -v m="$median" -v lo="${t[0]}" -v hi="${t[n - 1]}" 'BEGIN {printf "%-28s %10.1f %10.1f %10.1f\n", c, m / 1000, lo / 1000, hi / 1000}'
done
