#!/usr/bin/env bash
# The GPU figures of docs/PERFORMANCE.md ("Lidar and radar on the GPU"), in one device run.
#
# Here (a developer machine with the .NET SDK, gcc, libembree-dev, glslc, apt):
#   tools/gpu/device-check.sh prepare
#     publishes Sim.Benchmarks self-contained as one file (no .NET on the device), writes the shared
#     reference scene (../shared/bench/embree_lidar.c --make-scene, xz-compressed) and fetches the
#     Vulkan loader .debs the device image lacks, into .gpu/ and .gl/ (both git-ignored). Checks that
#     the working tree plus these stay under the device tool's 64 MiB.
# On the device (one call, about 3-4 minutes of device time):
#   run(command="bash tools/gpu/device-check.sh run", carry=[".gpu", ".gl"], timeout_s=480)
#     prints, and writes to $OUT/gpu-figures.txt:
#       1. the device (nvidia-smi, the Vulkan device the caster picks);
#       2. rays/s on the reference scene: our CPU path (16 threads there), the Vulkan compute
#          caster (wall per cast with copies, and device time of the dispatch), hit rate and mean
#          range (must equal Embree's 0.611 / 7.904 m: the same work);
#       3. scenarios/rigs/lidar4_radar5.yaml (four 128 x 2048 lidars at 10 Hz + five radars) on
#          dense traffic: GPU time of the one dispatch per sweep, the cast with copies, the whole sensing
#          stage, next to the CPU backend on the same machine;
#       4. ONNX Runtime: models/lidar_bev p50/p99 on the CPU provider and, when it loads, CUDA.
# The CUDA provider needs the Gpu package's natives (Microsoft.ML.OnnxRuntime.Gpu.Linux, built for
# CUDA 12 and cuDNN 9) and those CUDA libraries on the device: with ORT_GPU=1, prepare publishes with
# -p:OnnxRuntimeGpu=true, which only fits the 64 MiB carry if the provider library does (it is
# several hundred MB: expect "not run" with the reason, and measure ORT CUDA where the package can be installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-}

prepare() {
  mkdir -p .gpu
  if [ "${REUSE:-0}" != 1 ] || [ ! -x .gpu/bench/Sim.Benchmarks ]; then
    rm -rf .gpu/bench
    local gpu_flag=()
    [ "${ORT_GPU:-0}" = 1 ] && gpu_flag=(-p:OnnxRuntimeGpu=true)
    # Single-file publishing warns (IL3000) about code the console modes do not run.
    dotnet publish benchmarks/Sim.Benchmarks -c Release -r linux-x64 --self-contained -p:ConsoleModesOnly=true \
      -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:TreatWarningsAsErrors=false \
      "${gpu_flag[@]}" -o .gpu/bench
    # Only the single file travels (and what it reads beside it).
    find .gpu/bench -maxdepth 1 -type f ! -name Sim.Benchmarks ! -name '*.json' -delete
    rm -rf .gpu/bench/amd64
  fi
  # ../shared beside the repository, found upwards as the tests find it.
  local src="" d
  d=$(pwd)
  while [ "$d" != / ]; do
    if [ -f "$d/shared/bench/embree_lidar.c" ]; then src="$d/shared/bench/embree_lidar.c"; break; fi
    d=$(dirname "$d")
  done
  [ -n "$src" ] || { echo "prepare: shared/bench/embree_lidar.c not found above $(pwd)"; exit 2; }
  gcc -O3 -march=native -fopenmp "$src" -o .gpu/embree_lidar -lembree3 -lm
  .gpu/embree_lidar --make-scene .gpu/scene.tri
  # Embree here, same scene, for the ratio (the device has no Embree).
  OMP_NUM_THREADS=2 .gpu/embree_lidar .gpu/scene.tri 10 | tee .gpu/embree-here.txt
  xz -T2 -6 -f .gpu/scene.tri
  rm -f .gpu/embree_lidar
  # Vulkan loader for the device image (docs of the device tool): .gl/*.deb (git-ignored), unpacked there.
  mkdir -p .gl /tmp/amd64/partial
  local o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  # shellcheck disable=SC2086
  apt-get $o update >/dev/null
  # shellcheck disable=SC2086
  (cd .gl && apt-get $o download libvulkan1)
  local tree carried
  tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
  carried=$(du -cb .gpu .gl | tail -1 | cut -f1)
  echo "working tree $((tree / 1048576)) MiB + carried $((carried / 1048576)) MiB (limit 64 MiB)"
  [ $((tree + carried)) -lt $((64 * 1048576)) ] || { echo "prepare: over the device tool's 64 MiB"; exit 2; }
}

run() {
  # SWEEPS=2 FRAMES=20 make a quick smoke run on any machine with a Vulkan driver.
  local out=${OUT:-/tmp/gpu-out} sweeps=${SWEEPS:-40} frames=${FRAMES:-1000}
  mkdir -p "$out"
  exec > >(tee "$out/gpu-figures.txt") 2>&1
  for f in .gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
  # The NVIDIA Vulkan driver's manifest on the device image.
  if [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  fi
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv || true
  echo "CPU threads: $(nproc); load: $(cat /proc/loadavg)"
  xz -dkf .gpu/scene.tri.xz
  local bench=.gpu/bench/Sim.Benchmarks
  chmod +x "$bench"
  echo "== Embree on the development machine (2 cores), same scene:"; cat .gpu/embree-here.txt
  echo "== Reference scene: CPU path and the Vulkan compute caster (4 sweeps per cast = the 4-lidar rig's batch)"
  timeout 150 "$bench" lidar-vs-embree .gpu/scene.tri "$sweeps" --gpu --sweeps-per-cast 4 --threads "$(nproc)" || echo "lidar-vs-embree failed: $?"
  timeout 60 "$bench" lidar-vs-embree .gpu/scene.tri "$sweeps" --gpu --sweeps-per-cast 16 --threads 1 || echo "lidar-vs-embree (16 sweeps per cast) failed: $?"
  echo "== Four 128 x 2048 lidars at 10 Hz + five radars on dense traffic, GPU then CPU backend"
  timeout 150 "$bench" gpu-rig "$((sweeps / 2))" --backends gpu,cpu || echo "gpu-rig failed: $?"
  echo "== ONNX Runtime, models/lidar_bev"
  timeout 90 "$bench" onnx-shipped "$frames" --providers cpu,cuda || echo "onnx-shipped failed: $?"
}

case "$mode" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: $0 prepare|run"; exit 2 ;;
esac
