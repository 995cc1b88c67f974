"""Trains the lidar BEV detector on a `sim generate` KITTI folder (tools/train/README.md).

    /usr/bin/python3 tools/train/train.py --data /tmp/lidar_bev/train --out /tmp/lidar_bev/run
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bev  # noqa: E402
import data  # noqa: E402
import model  # noqa: E402


def focal_loss(logits, target, mask):
    """CenterNet's penalty-reduced focal loss (alpha 2, beta 4), over cells where mask = 1,
    normalised by the number of object centres."""
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    pos = target.eq(1).float()
    neg = (1 - pos) * mask
    pos_l = torch.log(p) * (1 - p) ** 2 * pos
    neg_l = torch.log(1 - p) * p ** 2 * (1 - target) ** 4 * neg
    n = pos.sum().clamp(min=1)
    return -(pos_l.sum() + neg_l.sum()) / n


def reg_loss(pred, target, rmask):
    m = rmask.unsqueeze(1)
    return (F.l1_loss(pred * m, target * m, reduction="sum") / rmask.sum().clamp(min=1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=16)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reg-weight", type=float, default=1.0)
    ap.add_argument("--frames", help="train only on these frame ids (a file, one id a line; default: all)")
    a = ap.parse_args()

    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    os.makedirs(a.out, exist_ok=True)

    t0 = time.time()
    ids, rasters, labels, night = data.load_split(a.data)
    if a.frames:
        ids, rasters, labels, night = data.subset(a.frames, ids, rasters, labels, night)
    print(f"data: {len(ids)} frames from {a.data} in {time.time() - t0:.1f} s", flush=True)
    counts = np.zeros(bev.K, int)
    for objs in labels:
        for o in objs:
            counts[o["cls"]] += 1
    print("objects per class:", dict(zip(bev.CLASSES, counts.tolist())), flush=True)

    net = model.BevNet()
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    steps_per_epoch = (len(ids) + a.batch - 1) // a.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_per_epoch,
                                                pct_start=0.2)
    rng = np.random.default_rng(a.seed)
    log = []
    t_train = time.time()
    for ep in range(a.epochs):
        net.train()
        order = rng.permutation(len(ids))
        te = time.time()
        sums = np.zeros(3)
        for s in range(steps_per_epoch):
            idx = order[s * a.batch:(s + 1) * a.batch]
            flips = rng.random(len(idx)) < 0.5
            xs, hms, regs, rms, lms = [], [], [], [], []
            for n, fl in zip(idx, flips):
                x = rasters[n].astype(np.float32)
                if fl:
                    x = x[:, ::-1, :].copy()  # rows: y -> -y (the y range is symmetric)
                hm, reg, rm, lm = bev.targets(labels[n], flip=fl)
                xs.append(x); hms.append(hm); regs.append(reg); rms.append(rm); lms.append(lm)
            x = torch.from_numpy(np.stack(xs))
            hm = torch.from_numpy(np.stack(hms))
            reg = torch.from_numpy(np.stack(regs))
            rm = torch.from_numpy(np.stack(rms))
            lm = torch.from_numpy(np.stack(lms)).unsqueeze(1)
            ph, pr = net(x)
            lh = focal_loss(ph, hm, lm)
            lr_ = reg_loss(pr, reg, rm)
            loss = lh + a.reg_weight * lr_
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            sums += [loss.item(), lh.item(), lr_.item()]
        sums /= steps_per_epoch
        e = dict(epoch=ep + 1, loss=round(sums[0], 4), heatmap=round(sums[1], 4), regression=round(sums[2], 4),
                 seconds=round(time.time() - te, 1))
        log.append(e)
        print(json.dumps(e), flush=True)
        torch.save(net.state_dict(), os.path.join(a.out, "model.pt"))
    total = time.time() - t_train
    info = dict(args=vars(a), frames=len(ids), objects=dict(zip(bev.CLASSES, counts.tolist())),
                train_seconds=round(total, 1), epochs=log,
                parameters=sum(p.numel() for p in net.parameters()))
    with open(os.path.join(a.out, "train.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(f"trained {a.epochs} epochs in {total:.0f} s; checkpoint {a.out}/model.pt", flush=True)


if __name__ == "__main__":
    main()
