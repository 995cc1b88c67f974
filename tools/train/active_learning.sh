#!/bin/sh
# The active-learning experiment of docs/active-learning.md, end to end (from the repository root).
# Needs the training and validation data of tools/train/README.md in /tmp/lidar_bev/{train,val}.
# About 20 min on 2 cores (8 epochs per arm). Models and lists go to $D, never into the repository.
set -e
D=${D:-/tmp/lidar_bev/al}
PY=/usr/bin/python3
AL="$PY tools/train/active_learning.py"
SIM="dotnet src/Sim.Cli/bin/Release/net10.0/sim.dll"
EP=8
dotnet build src/Sim.Cli -c Release

# 1. split the manifest's frames: base 250 (seed 7), pool = the other 820 (pool/ = manifest + lidar symlinks)
$AL split --data /tmp/lidar_bev/train --out $D --base 250 --seed 7
$PY tools/train/train.py --data /tmp/lidar_bev/train --frames $D/base.txt --out $D/base --epochs $EP --seed 0

# 2. mine the pool with the base model: spec copy with model base.onnx and score_threshold 0.1,
#    entropy of the pedestrian and of the cyclist detections, summed per frame, top 150
$PY tools/train/export.py --checkpoint $D/base/model.pt --out $D/base.onnx --check-data /tmp/lidar_bev/val
sed -e 's#^model: model.onnx#model: base.onnx#' -e 's#score_threshold: 0.3#score_threshold: 0.1#' \
    models/lidar_bev/model.yaml > $D/base_t01.yaml
$SIM mine $D/pool --model $D/base_t01.yaml --top 820 --out $D/mine_ped --class pedestrian
$SIM mine $D/pool --model $D/base_t01.yaml --top 820 --out $D/mine_cyc --class cyclist
$SIM mine $D/pool --model $D/base_t01.yaml --top 820 --out $D/mine_all      # for comparison only
$AL unc --out $D --n 150 $D/mine_ped.json $D/mine_cyc.json                  # -> uncertain.txt

# 3. random 150 from the pool, two draws (seeds 1, 2)
$AL random --out $D --n 150 --seed 1
$AL random --out $D --n 150 --seed 2

# 4. retrain from scratch (same epochs; training seed 0, then seeds 1 and 2 for every arm)
#    and evaluate on the validation split
for arm in uncertain random_1 random_2; do sort $D/base.txt $D/$arm.txt > $D/train_$arm.txt; done
for arm in uncertain random_1 random_2; do
  $PY tools/train/train.py --data /tmp/lidar_bev/train --frames $D/train_$arm.txt --out $D/$arm --epochs $EP --seed 0
done
for arm in base uncertain random_1 random_2; do
  $PY tools/train/evaluate.py --data /tmp/lidar_bev/val --checkpoint $D/$arm/model.pt --out $D/${arm}_val.json
done
for s in 1 2; do
  for arm in base uncertain random_1 random_2; do
    L=$D/train_$arm.txt; [ $arm = base ] && L=$D/base.txt
    $PY tools/train/train.py --data /tmp/lidar_bev/train --frames $L --out $D/s${s}_$arm --epochs $EP --seed $s
    $PY tools/train/evaluate.py --data /tmp/lidar_bev/val --checkpoint $D/s${s}_$arm/model.pt --out $D/s${s}_${arm}_val.json
  done
done

# 5. what was selected, and the tables
$AL stats --data /tmp/lidar_bev/train --out $D
$AL table --out $D
$AL table --out $D --prefix s1_
$AL table --out $D --prefix s2_
$AL summary --out $D
