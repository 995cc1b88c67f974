"""Trains the camera 2-D detector (models/camera_det) on a `sim generate` KITTI folder.

    /usr/bin/python3 tools/train/cam_train.py --data /tmp/al/train --frames base.txt --out /tmp/al/m/base_s0 --seed 0

A fixed number of optimisation steps (not epochs), so that models trained on more frames do not
also get more updates: the active-learning arms differ in their data only.
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cam  # noqa: E402
import cam_data  # noqa: E402
import cam_model  # noqa: E402
from train import focal_loss, reg_loss  # noqa: E402  (the lidar detector's losses: the same CenterNet losses)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--frames", help="train only on these frame ids (a file, one id a line; default: all)")
    ap.add_argument("--steps", type=int, default=1200)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--init", help="start from this checkpoint (fine-tuning) instead of a seeded initialisation")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1: on a loaded machine two threads wait on each other; run two trainings instead)")
    a = ap.parse_args()

    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    os.makedirs(a.out, exist_ok=True)

    ids, images, labels, conds = cam_data.load_split(a.data)
    if a.frames:
        ids, images, labels, conds = cam_data.subset(a.frames, ids, images, labels, conds)
    images = np.ascontiguousarray(images)
    counts = np.zeros(cam.K, int)
    for objs in labels:
        for o in objs:
            if not o["dontcare"] and o["occ"] < 2:
                counts[o["cls"]] += 1
    print(f"data: {len(ids)} frames, conditions {dict(zip(*np.unique(conds, return_counts=True)))}, "
          f"objects (occluded < 2) {dict(zip(cam.CLASSES, counts.tolist()))}", flush=True)

    net = cam_model.CamNet()
    if a.init:
        net.load_state_dict(torch.load(a.init, map_location="cpu"))
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.steps, pct_start=0.15)
    rng = np.random.default_rng(a.seed)
    order, at = rng.permutation(len(ids)), 0
    log, sums, t0 = [], np.zeros(3), time.time()
    net.train()
    for step in range(1, a.steps + 1):
        if at + a.batch > len(order):
            order, at = rng.permutation(len(ids)), 0
        idx = order[at:at + a.batch]
        at += a.batch
        flips = rng.random(len(idx)) < 0.5
        xs, hms, regs, rms, lms = [], [], [], [], []
        for n, fl in zip(idx, flips):
            img = images[n][:, ::-1] if fl else images[n]
            hm, reg, rm, lm = cam.targets(labels[n], flip=fl)
            xs.append(cam.normalise(img)); hms.append(hm); regs.append(reg); rms.append(rm); lms.append(lm)
        ph, pr = net(torch.from_numpy(np.stack(xs)))
        lh = focal_loss(ph, torch.from_numpy(np.stack(hms)), torch.from_numpy(np.stack(lms)).unsqueeze(1))
        lr_ = reg_loss(pr, torch.from_numpy(np.stack(regs)), torch.from_numpy(np.stack(rms)))
        loss = lh + lr_
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        sums += [loss.item(), lh.item(), lr_.item()]
        if step % 100 == 0 or step == a.steps:
            n = 100 if step % 100 == 0 else step % 100
            e = dict(step=step, loss=round(sums[0] / n, 4), heatmap=round(sums[1] / n, 4),
                     regression=round(sums[2] / n, 4), seconds=round(time.time() - t0, 1))
            log.append(e)
            print(json.dumps(e), flush=True)
            sums[:] = 0
    torch.save(net.state_dict(), os.path.join(a.out, "model.pt"))
    info = dict(args=vars(a), frames=len(ids), objects=dict(zip(cam.CLASSES, counts.tolist())),
                train_seconds=round(time.time() - t0, 1), log=log,
                parameters=sum(p.numel() for p in net.parameters()))
    with open(os.path.join(a.out, "train.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"trained {a.steps} steps in {time.time() - t0:.0f} s; checkpoint {a.out}/model.pt", flush=True)


if __name__ == "__main__":
    main()
