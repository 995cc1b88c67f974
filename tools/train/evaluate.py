"""Evaluates the lidar BEV detector on a `sim generate` KITTI folder (tools/train/README.md).

Matching (nuScenes-style, BEV centre distance): per class, detections sorted by score are matched
greedily to the nearest unmatched ground-truth centre within --dist m (2 m). Ground truth and
detections count only when their centre lies in the raster range and in the virtual camera's
horizontal field of view (labels exist only there; docs/datagen.md). AP: area under the
precision/recall curve with precision made monotone and sampled at 101 recall points (0..1).
Precision/recall are also given at the operating threshold --score (the model spec's).
Night: time of day < 6 h or >= 20 h (the simulator's definition).

    /usr/bin/python3 tools/train/evaluate.py --data /tmp/lidar_bev/val --checkpoint /tmp/lidar_bev/run/model.pt
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bev  # noqa: E402
import data  # noqa: E402
import model  # noqa: E402


def keep(x, y):
    return bool(bev.in_range(x, y) and bev.in_fov(x, y))


def ap101(tp_flags, scores, n_gt):
    if n_gt == 0:
        return float("nan")
    if len(scores) == 0:
        return 0.0
    o = np.argsort(-np.asarray(scores), kind="stable")
    tp = np.asarray(tp_flags, float)[o]
    ctp, cfp = np.cumsum(tp), np.cumsum(1 - tp)
    rec = ctp / n_gt
    prec = ctp / np.maximum(ctp + cfp, 1e-9)
    prec = np.maximum.accumulate(prec[::-1])[::-1]
    ap = 0.0
    for r in np.linspace(0, 1, 101):
        idx = np.searchsorted(rec, r, side="left")
        ap += prec[idx] if idx < len(prec) else 0.0
    return ap / 101


def angle_diff(a, b):
    d = (a - b + math.pi) % (2 * math.pi) - math.pi
    return abs(d)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--dist", type=float, default=2.0)
    ap.add_argument("--score", type=float, default=0.3, help="operating threshold for precision/recall")
    ap.add_argument("--min-score", type=float, default=0.05, help="lowest score kept for AP")
    ap.add_argument("--max-objects", type=int, default=100)
    ap.add_argument("--out", help="write the metrics as JSON here")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    ids, rasters, labels, night = data.load_split(a.data)
    net = model.BevNet()
    net.load_state_dict(torch.load(a.checkpoint, map_location="cpu"))
    exp = model.Exported(net).eval()

    # per (condition, class): list of (score, tp, dist, yaw error) and gt count
    groups = {c: {k: dict(dets=[], n_gt=0) for k in range(bev.K)} for c in ("all", "day", "night")}
    with torch.no_grad():
        for n in range(len(ids)):
            h, r = exp(torch.from_numpy(rasters[n:n + 1].astype(np.float32)))
            dets = bev.decode(h[0].numpy(), r[0].numpy(), a.min_score, a.max_objects)
            gts = [o for o in labels[n] if keep(o["x"], o["y"])]
            dets = [d for d in dets if keep(d["x"], d["y"])]
            for k in range(bev.K):
                g = [o for o in gts if o["cls"] == k]
                used = [False] * len(g)
                res = []
                for d in sorted((d for d in dets if d["cls"] == k), key=lambda d: -d["score"]):
                    best, bd = -1, a.dist
                    for gi, o in enumerate(g):
                        if used[gi]:
                            continue
                        dd = math.hypot(d["x"] - o["x"], d["y"] - o["y"])
                        if dd <= bd:
                            best, bd = gi, dd
                    if best >= 0:
                        used[best] = True
                        res.append((d["score"], 1, bd, angle_diff(d["yaw"], g[best]["yaw"])))
                    else:
                        res.append((d["score"], 0, None, None))
                for c in ("all", "night" if night[n] else "day"):
                    groups[c][k]["dets"].extend(res)
                    groups[c][k]["n_gt"] += len(g)

    out = dict(data=a.data, checkpoint=a.checkpoint, frames=len(ids), night_frames=int(night.sum()),
               dist_m=a.dist, score_threshold=a.score, metrics={})
    print(f"{len(ids)} frames ({int(night.sum())} night), centre distance {a.dist} m, "
          f"precision/recall at score >= {a.score}")
    print(f"{'cond':6} {'class':11} {'n_gt':>5} {'AP':>6} {'prec':>6} {'rec':>6} {'ATE m':>6} {'AOE rad':>7}")
    for c in ("all", "day", "night"):
        out["metrics"][c] = {}
        for k in range(bev.K):
            gr = groups[c][k]
            dets = gr["dets"]
            n_gt = gr["n_gt"]
            apv = ap101([t for _, t, _, _ in dets], [s for s, _, _, _ in dets], n_gt)
            op = [d for d in dets if d[0] >= a.score]
            tp = sum(d[1] for d in op)
            prec = tp / len(op) if op else float("nan")
            rec = tp / n_gt if n_gt else float("nan")
            tps = [d for d in op if d[1]]
            ate = float(np.mean([d[2] for d in tps])) if tps else float("nan")
            aoe = float(np.mean([d[3] for d in tps])) if tps else float("nan")
            m = dict(n_gt=n_gt, n_det=len(op), tp=tp, ap=round(apv, 4), precision=round(prec, 4),
                     recall=round(rec, 4), ate_m=round(ate, 3), aoe_rad=round(aoe, 3))
            out["metrics"][c][bev.CLASSES[k]] = m
            print(f"{c:6} {bev.CLASSES[k]:11} {n_gt:5d} {apv:6.3f} {prec:6.3f} {rec:6.3f} {ate:6.2f} {aoe:7.2f}")
        aps = [out["metrics"][c][bev.CLASSES[k]]["ap"] for k in range(bev.K)]
        aps = [x for x in aps if not math.isnan(x)]
        out["metrics"][c]["mAP"] = round(float(np.mean(aps)), 4) if aps else float("nan")
        print(f"{c:6} {'mAP':11} {'':5} {out['metrics'][c]['mAP']:6.3f}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
