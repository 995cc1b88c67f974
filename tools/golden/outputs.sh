#!/usr/bin/env bash
# Golden outputs: runs `sim` over the scenario library the way users do (run, with and without a
# rig, --record-sensors, --record, HIL lockstep with `sim target`, a model in the loop, batch,
# generate, replay, log, mine) and writes one line per output file: "case/file sha256". Two trees
# whose lists are equal produce the same bytes, except the fields that measure wall-clock time,
# which hash_outputs.py blanks (its header lists them).
#
#   tools/golden/outputs.sh [--tree DIR] [--out FILE] [--only REGEX]
#
# --tree: the source tree to build and run (default: this one), e.g. an export of main:
#   git archive main | tar -x -C /tmp/main && tools/golden/outputs.sh --tree /tmp/main --out main.txt
#   tools/golden/outputs.sh --out mine.txt && diff main.txt mine.txt
# The tree is built in Release with the informational version pinned (no git commit in it), because
# recordings carry the simulator's version. Everything runs with the tree as working directory and
# relative paths, so paths written into outputs do not depend on where the tree is.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TREE="$(cd "$HERE/../.." && pwd)"
OUT=""
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) TREE="$(cd "$2" && pwd)"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "usage: $0 [--tree DIR] [--out FILE] [--only REGEX]" >&2; exit 2 ;;
  esac
done
[ -n "$OUT" ] || OUT="$TREE/out/golden/hashes.txt"
OUT="$(cd "$(dirname "$OUT")" 2>/dev/null && pwd || { mkdir -p "$(dirname "$OUT")"; cd "$(dirname "$OUT")" && pwd; })/$(basename "$OUT")"
PY=/usr/bin/python3
HASH="$PY $HERE/hash_outputs.py"

# The check's own inputs travel with it: an older tree does not have them.
if [ "$TREE/tools/golden" != "$HERE" ]; then
  mkdir -p "$TREE/tools/golden"
  cp "$HERE"/*.yaml "$TREE/tools/golden/"
fi

cd "$TREE"
WORK=out/golden/work
BIN=out/golden/bin
rm -rf "$WORK" "$BIN"
mkdir -p "$WORK"
echo "building $TREE" >&2
dotnet build src/Sim.Cli -c Release -o "$BIN" -p:IncludeSourceRevisionInInformationalVersion=false -v q -nologo >&2
SIM="dotnet $BIN/sim.dll"
: > "$OUT"

free_port_pair() {
  $PY - <<'EOF'
import socket
for _ in range(100):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    try:
        b = socket.socket(); b.bind(("127.0.0.1", p + 1)); b.close(); a.close(); print(p); break
    except OSError:
        a.close()
EOF
}

# case NAME ARGS...: runs `sim ARGS` with D=$WORK/NAME substituted for the literal "@D", then hashes
# D's files, the exit code, standard output and standard error, and removes D.
case_() {
  local name="$1"; shift
  if [ -n "$ONLY" ] && ! [[ "$name" =~ $ONLY ]]; then return 0; fi
  local d="$WORK/$name"
  mkdir -p "$d"
  local args=()
  for a in "$@"; do args+=("${a//@D/$d}"); done
  echo "case $name" >&2
  set +e
  $SIM "${args[@]}" > "$d/_stdout.txt" 2> "$d/_stderr.txt"
  echo $? > "$d/_exit.txt"
  set -e
  finish "$name"
}

finish() {
  local d="$WORK/$1"
  $HASH "$d" "$1" "$TREE" >> "$OUT"
  rm -rf "$d"
}

# target_case NAME TARGET_ARGS -- SIM_ARGS: a `sim target` in the background on a free port pair
# (@P in both argument lists), then `sim SIM_ARGS` against it; the target's exit code and output too.
target_case() {
  local name="$1"; shift
  if [ -n "$ONLY" ] && ! [[ "$name" =~ $ONLY ]]; then return 0; fi
  local d="$WORK/$name"
  mkdir -p "$d"
  local port; port="$(free_port_pair)"
  local targs=() sargs=() side=t
  for a in "$@"; do
    if [ "$a" = "--" ]; then side=s; continue; fi
    a="${a//@D/$d}"; a="${a//@P/$port}"
    if [ $side = t ]; then targs+=("$a"); else sargs+=("$a"); fi
  done
  echo "case $name (port $port)" >&2
  set +e
  $SIM "${targs[@]}" > "$d/_target_stdout.txt" 2> "$d/_target_stderr.txt" &
  local tpid=$!
  $SIM "${sargs[@]}" > "$d/_stdout.txt" 2> "$d/_stderr.txt"
  echo $? > "$d/_exit.txt"
  wait $tpid
  echo $? > "$d/_target_exit.txt"
  set -e
  # The port is chosen at run time: not part of the output.
  sed -i "s/127\.0\.0\.1:$port/127.0.0.1:PORT/g; s/127\.0\.0\.1:$((port + 1))/127.0.0.1:PORT+1/g" "$d"/_*.txt
  finish "$name"
}

# Every scenario of the library (what `sim batch scenarios` finds), by path.
mapfile -t SCENARIOS < <(find scenarios \( -name roads -o -name rigs -o -name can -o -name Catalogs -o -name datagen \) -prune -o \
  \( -name '*.yaml' -o -name '*.xosc' \) -print | LC_ALL=C sort)
RIG=tools/golden/rig.yaml
for s in "${SCENARIOS[@]}"; do
  id="$(echo "${s#scenarios/}" | sed 's/[^A-Za-z0-9._-]/_/g')"
  case_ "run/$id" run "$s" --out @D
  case_ "rig/$id" run "$s" --rig "$RIG" --record-sensors @D/sensors --record @D/run.mcap --out @D --quiet
  if [[ "$s" == *.xosc ]]; then
    case_ "run-esmini/$id" run "$s" --ego-driver Scenario --out @D
    case_ "rig-esmini/$id" run "$s" --ego-driver Scenario --rig "$RIG" --record-sensors @D/sensors --record @D/run.mcap --out @D --quiet
  fi
done

# Options of `sim run`.
case_ options/seed-step-threads run scenarios/traffic/dense_highway.yaml --seed 5 --step 0.02 --threads 2 --out @D --quiet
case_ options/param run scenarios/euroncap/ccrs.yaml --param ego_speed=8.33 --out @D --quiet
case_ options/record-zstd run scenarios/highway_cut_in.yaml --rig "$RIG" --record @D/run.mcap --record-compression zstd --out @D --quiet
case_ options/record-none run scenarios/curved_lane_change.yaml --rig scenarios/rigs/minimal.yaml --record @D/run.mcap --record-compression none --out @D --quiet
case_ options/record-no-rig run scenarios/euroncap/cbna.yaml --record @D/run.mcap --out @D --quiet
case_ options/rig-full run scenarios/euroncap/ccrs_50.yaml --rig scenarios/rigs/hil_target.yaml --record-sensors @D/sensors --out @D
sed 's/    motion_compensated: true/    motion_compensated: true\n    packets: 4/' "$RIG" > tools/golden/.rig_packets.yaml
case_ options/lidar-packets run scenarios/highway_cut_in.yaml --rig tools/golden/.rig_packets.yaml --record-sensors @D/sensors --out @D --quiet
rm -f tools/golden/.rig_packets.yaml
case_ options/cameras run scenarios/euroncap/cpna_night.yaml --rig tools/golden/cameras.yaml --record-sensors @D/sensors --record @D/run.mcap --out @D
case_ options/model-in-loop run scenarios/highway_cut_in.yaml --rig scenarios/rigs/datagen.yaml --ego-driver onnx:models/lidar_bev/model.yaml --record @D/run.mcap --out @D

# Bad input: the message and exit code.
case_ bad/missing run scenarios/no_such.yaml --out @D
case_ bad/rig-not-a-rig run scenarios/highway_cut_in.yaml --rig scenarios/can/vehicle.dbc --out @D
case_ bad/rig-without-ego run scenarios/bench/ring_1000_idm.yaml --rig "$RIG" --out @D
case_ bad/unknown-param run scenarios/euroncap/ccrs.yaml --param nope=1 --out @D
case_ bad/model-and-target run scenarios/highway_cut_in.yaml --ego-driver onnx:models/lidar_bev/model.yaml --target 5999 --out @D

# HIL lockstep with `sim target`, recorded; then that recording replayed into a target.
target_case hil/cpna target --connect tcp://127.0.0.1:@P --scenario scenarios/euroncap/cpna_night.yaml --timeout 60 -- \
  run scenarios/euroncap/cpna_night.yaml --rig scenarios/rigs/hil_target.yaml --target tcp://127.0.0.1:@P --record @D/hil.mcap --out @D --connect-timeout 60
if [ -z "$ONLY" ] || [[ "replay/cpna" =~ $ONLY ]]; then
  mkdir -p "$WORK/keep"
  set +e
  $SIM run scenarios/euroncap/ccrs_40.yaml --rig scenarios/rigs/hil_target.yaml --record "$WORK/keep/ccrs_40.mcap" --out "$WORK/keep/run" --quiet
  $SIM run scenarios/highway_cut_in.yaml --rig scenarios/rigs/datagen.yaml --record "$WORK/keep/cut_in_lidar.mcap" --out "$WORK/keep/run2" --quiet
  set -e
fi
target_case replay/ccrs_40 target --connect tcp://127.0.0.1:@P --scenario scenarios/euroncap/ccrs_40.yaml --timeout 60 -- \
  replay "$WORK/keep/ccrs_40.mcap" --target tcp://127.0.0.1:@P --out @D --connect-timeout 60
case_ replay/model replay "$WORK/keep/cut_in_lidar.mcap" --model models/lidar_bev/model.yaml --out @D
case_ log/info log info "$WORK/keep/cut_in_lidar.mcap"
case_ log/export-ego log export "$WORK/keep/cut_in_lidar.mcap" --topic /sim/ego --out @D/ego.csv
case_ log/export-sensors log export "$WORK/keep/cut_in_lidar.mcap" --topic /sim/sensor/top --out @D/sensors

# Bulk: batch with a sweep (two shards merged, and whole), generate, mine.
case_ batch/library batch scenarios/euroncap scenarios/xosc/cut_in_parameters.xosc --sweep tools/golden/sweep.yaml --jobs 2 --out @D --quiet
if [ -z "$ONLY" ] || [[ "batch/shards" =~ $ONLY ]]; then
  d="$WORK/batch/shards"; mkdir -p "$d"
  set +e
  for i in 0 1; do
    $SIM batch scenarios/euroncap scenarios/xosc/cut_in_parameters.xosc --sweep tools/golden/sweep.yaml --shard $i/2 --jobs 2 --out "$d/s$i" --quiet > "$d/_stdout_s$i.txt" 2> "$d/_stderr_s$i.txt"; echo $? > "$d/_exit_s$i.txt"
  done
  $SIM report merge "$d/s0" "$d/s1" --out "$d/merged" > "$d/_stdout.txt" 2> "$d/_stderr.txt"; echo $? > "$d/_exit.txt"
  set -e
  echo "case batch/shards" >&2
  finish batch/shards
fi
case_ generate/golden generate tools/golden/generate.yaml --out @D/data --quiet
if [ -z "$ONLY" ] || [[ "mine/golden" =~ $ONLY ]]; then
  set +e
  $SIM generate tools/golden/generate.yaml --out "$WORK/keep/data" --quiet > /dev/null 2>&1
  set -e
fi
case_ mine/golden mine "$WORK/keep/data" --model models/lidar_bev/model.yaml --top 3 --out @D/sel
rm -rf "$WORK"
echo "wrote $(wc -l < "$OUT") hashes to $OUT" >&2
