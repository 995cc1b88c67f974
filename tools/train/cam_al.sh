#!/bin/sh
# The camera active-learning experiment of docs/active-learning.md (issue 18), end to end, from the
# repository root. Models, lists and results go to $D, never into the repository. Every step is
# seeded; the sizes are variables so that the reduced run and the planned run are one script.
#
#   TRAIN=/tmp/al/train TEST=/tmp/al/test D=/tmp/al/x SEEDS="0 1 2 3 4" STEPS=400 BATCH=8 K=60 BASE_VARIANTS=30 \
#       JOBS=2 ARM_STEPS=120 ARM_LR=1e-3 sh tools/train/cam_al.sh          (the reduced run)
#
# The data: `sim generate tools/train/specs/camera_train.yaml --out $TRAIN` (and camera_test.yaml into
# $TEST); the reduced run used `--shard 0/4` of each (docs/active-learning.md says why).
set -e
TRAIN=${TRAIN:-/tmp/al/train}
TEST=${TEST:-/tmp/al/test}
D=${D:-/tmp/al/x}
SEEDS=${SEEDS:-0 1 2 3 4}
STEPS=${STEPS:-1200}
BATCH=${BATCH:-16}
K=${K:-200}
BASE_VARIANTS=${BASE_VARIANTS:-80}
JOBS=${JOBS:-2}                      # trainings at once, one torch thread each
# ARM_STEPS > 0: every arm fine-tunes the base model of its seed for ARM_STEPS steps at ARM_LR on base +
# selection (the reduced run); 0: every arm is trained from scratch for STEPS like the base (the plan).
ARM_STEPS=${ARM_STEPS:-0}
ARM_LR=${ARM_LR:-1e-3}
PY="nice -n 10 /usr/bin/python3"
SIM=${SIM:-"nice -n 10 dotnet src/Sim.Cli/bin/Release/net10.0/sim.dll"}
AL="$PY tools/train/cam_al.py"
mkdir -p $D/m $D/eval $D/log

# Trains model NAME on the frames of LIST with SEED (skipped when its checkpoint exists: the run
# resumes). With INIT it fine-tunes that checkpoint for ARM_STEPS at ARM_LR instead. The list a model
# was trained on is kept beside it (frames.txt): when the list has changed since (the mi selection
# does when seeds are added, the ensemble being every base model), the model and its evaluation are
# made again. A checkpoint without frames.txt (made before it was kept) is taken as it is.
train() {  # NAME LIST SEED [INIT]
    if [ -n "$4" ]; then how="--init $4 --steps $ARM_STEPS --lr $ARM_LR"; else how="--steps $STEPS"; fi
    if [ -f $D/m/$1/frames.txt ] && ! cmp -s $2 $D/m/$1/frames.txt; then rm -rf $D/m/$1 $D/eval/$1.json; fi
    if [ ! -f $D/m/$1/model.pt ]; then
        $PY tools/train/cam_train.py --data $TRAIN --frames $2 --out $D/m/$1 --seed $3 --batch $BATCH $how \
            > $D/log/$1.log 2>&1
        cp $2 $D/m/$1/frames.txt
    fi
    # The test set may still be generating: its manifest is written last.
    until ls $TEST/manifest*.json > /dev/null 2>&1; do sleep 10; done
    [ -f $D/eval/$1.json ] || $PY tools/train/cam_eval.py --data $TEST --checkpoint $D/m/$1/model.pt \
        --out $D/eval/$1.json > $D/log/$1.eval.log 2>&1
}

# Runs the lines of a file of "NAME LIST SEED", $JOBS at a time.
train_all() {  # FILE
    n=0
    while read -r name list seed init; do
        train $name $list $seed $init &
        n=$((n + 1))
        if [ $n -ge $JOBS ]; then wait; n=0; fi
    done < $1
    wait
}

# 1. base set = every frame of BASE_VARIANTS variants, pool = the rest (pool/: manifest + image symlinks)
$AL split --data $TRAIN --out $D --base-variants $BASE_VARIANTS --seed 7

# 2. the base models, one per seed: the ensemble, and each arm's baseline
: > $D/jobs_base.txt
for s in $SEEDS; do echo "base_s$s $D/base.txt $s" >> $D/jobs_base.txt; done
train_all $D/jobs_base.txt

# 3. export them; spec copies beside each (threshold 0.1 for the single-model entropy arm, as in issue 9)
specs=""
for s in $SEEDS; do
    [ -f $D/m/base_s$s/model.onnx ] || $PY tools/train/cam_export.py --checkpoint $D/m/base_s$s/model.pt \
        --out $D/m/base_s$s/model.onnx --check-data $TEST > $D/log/export_s$s.log
    cp models/camera_det/model.yaml $D/m/base_s$s/model.yaml
    specs="$specs${specs:+,}$D/m/base_s$s/model.yaml"
done
first=$(echo $SEEDS | cut -d' ' -f1)
sed 's#score_threshold: 0.3#score_threshold: 0.1#' models/camera_det/model.yaml > $D/m/base_s$first/model_t01.yaml

# 4. the arms' selections, K frames each
$SIM mine $D/pool --ensemble $specs --by mi-max --top $K --out $D/mi
$SIM mine $D/pool --model $D/m/base_s$first/model_t01.yaml --by entropy --top $K --out $D/entropy
$AL manual --data $TRAIN --out $D --n $K
for s in $SEEDS; do $AL random --out $D --n $K --seed $s; done

# 5. every arm trained with every seed on base + its selection (random: its own draw per seed), from
#    scratch or (ARM_STEPS > 0) fine-tuned from the base model of the same seed
: > $D/jobs_arms.txt
for s in $SEEDS; do
    for arm in mi entropy manual random; do
        sel=$D/$arm.txt; [ $arm = random ] && sel=$D/random_$s.txt
        sort $D/base.txt $sel > $D/train_${arm}_s$s.txt
        init=""; [ $ARM_STEPS -gt 0 ] && init=$D/m/base_s$s/model.pt
        echo "${arm}_s$s $D/train_${arm}_s$s.txt $s $init" >> $D/jobs_arms.txt
    done
done
train_all $D/jobs_arms.txt

# 6. what each selection holds, and the tables (AP per class and condition, 95 % t-intervals over seeds)
$AL stats --data $TRAIN --out $D $D/base.txt $D/mi.txt $D/entropy.txt $D/manual.txt $D/random_$first.txt
$AL summary --out $D --arms base,mi,entropy,manual,random --seeds "$(echo $SEEDS | tr ' ' ',')"
