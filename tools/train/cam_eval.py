"""Evaluates the camera 2-D detector on a `sim generate` KITTI folder: AP per class and lighting
condition (tools/train/README.md).

Matching (KITTI / PASCAL style, 2-D IoU): per frame and class, detections by score are matched
greedily to the unmatched required label of that class with the highest IoU, if it is at least
--iou (0.5). A required label is at least 8 px tall, truncated at most 0.3 and occluded 0 or 1
(cam.required: KITTI "moderate" scaled to 128 rows). A detection that is not matched but has
IoU >= --iou with an ignored label of its class (too small, truncated or largely occluded), or lies
at least half inside a DontCare region, is ignored: neither true nor false positive. AP: area under
the precision/recall curve with precision made monotone, sampled at 101 recall points.
Conditions (cam.condition, from the frame's drawn time of day): day, dusk, night.

    /usr/bin/python3 tools/train/cam_eval.py --data /tmp/al/test --checkpoint /tmp/al/m/base_s0/model.pt --out m.json
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cam  # noqa: E402
import cam_data  # noqa: E402
import cam_model  # noqa: E402
from evaluate import ap101  # noqa: E402  (the lidar evaluation's 101-point AP)


def match_frame(dets, objs, iou_min):
    """-> per class: list of (score, tp) of the counted detections, number of required labels."""
    out = {k: ([], 0) for k in range(cam.K)}
    dontcare = [o["box"] for o in objs if o["dontcare"]]
    for k in range(cam.K):
        req = [o["box"] for o in objs if o["cls"] == k and cam.required(o)]
        ign = [o["box"] for o in objs if o["cls"] == k and not o["dontcare"] and not cam.required(o)]
        used = [False] * len(req)
        rows = []
        for d in sorted((d for d in dets if d["cls"] == k), key=lambda d: -d["score"]):
            best, bi = iou_min, -1
            for i, g in enumerate(req):
                if not used[i]:
                    v = cam.iou(d["box"], g)
                    if v >= best:
                        best, bi = v, i
            if bi >= 0:
                used[bi] = True
                rows.append((d["score"], 1))
            elif any(cam.iou(d["box"], g) >= iou_min for g in ign) or any(inside(d["box"], g) >= 0.5 for g in dontcare):
                continue
            else:
                rows.append((d["score"], 0))
        out[k] = (rows, len(req))
    return out


def inside(box, region):
    """Fraction of box's area inside region."""
    iw = min(box[2], region[2]) - max(box[0], region[0])
    ih = min(box[3], region[3]) - max(box[1], region[1])
    area = max(box[2] - box[0], 1e-9) * max(box[3] - box[1], 1e-9)
    return max(iw, 0) * max(ih, 0) / area


def predict(net, images, batch=32):
    """Yields (heatmap logits [K, HO, WO], regression [R, HO, WO]) per image."""
    with torch.no_grad():
        for s in range(0, len(images), batch):
            x = torch.from_numpy(np.stack([cam.normalise(im) for im in images[s:s + batch]]))
            h, r = net(x)
            for i in range(h.shape[0]):
                yield h[i].numpy(), r[i].numpy()


def evaluate(net, images, labels, conds, iou_min=0.5, score=0.3, min_score=0.05, max_objects=50):
    groups = {c: {k: dict(rows=[], n_gt=0) for k in range(cam.K)} for c in ["all"] + cam.CONDITIONS}
    for n, (h, r) in enumerate(predict(net, images)):
        dets = cam.decode(h, r, min_score, max_objects)
        for k, (rows, n_gt) in match_frame(dets, labels[n], iou_min).items():
            for c in ("all", conds[n]):
                groups[c][k]["rows"] += rows
                groups[c][k]["n_gt"] += n_gt
    metrics = {}
    for c, per in groups.items():
        metrics[c] = {}
        for k, g in per.items():
            sc = [s for s, _ in g["rows"]]
            tp = [t for _, t in g["rows"]]
            apv = ap101(tp, sc, g["n_gt"])
            at = [t for s, t in g["rows"] if s >= score]
            prec = sum(at) / len(at) if at else float("nan")
            rec = sum(at) / g["n_gt"] if g["n_gt"] else float("nan")
            metrics[c][cam.CLASSES[k]] = dict(n_gt=g["n_gt"], ap=round(apv, 4), precision=round(prec, 4),
                                              recall=round(rec, 4))
        aps = [metrics[c][x]["ap"] for x in cam.CLASSES if not math.isnan(metrics[c][x]["ap"])]
        metrics[c]["mAP"] = round(float(np.mean(aps)), 4) if aps else float("nan")
    return metrics


def load(checkpoint):
    net = cam_model.CamNet()
    net.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    return net.eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--iou", type=float, default=0.5)
    ap.add_argument("--score", type=float, default=0.3, help="operating threshold for precision/recall")
    ap.add_argument("--out", help="write the metrics as JSON here")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    ids, images, labels, conds = cam_data.load_split(a.data)
    m = evaluate(load(a.checkpoint), images, labels, conds, a.iou, a.score)
    print(f"{'cond':6} {'class':11} {'n_gt':>5} {'AP':>6} {'P':>6} {'R':>6}")
    for c, per in m.items():
        for k in cam.CLASSES:
            x = per[k]
            print(f"{c:6} {k:11} {x['n_gt']:5d} {x['ap']:6.3f} {x['precision']:6.3f} {x['recall']:6.3f}")
        print(f"{c:6} {'mAP':11} {'':5} {per['mAP']:6.3f}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(dict(data=a.data, checkpoint=a.checkpoint, iou=a.iou, frames=len(ids), metrics=m), f, indent=1)


if __name__ == "__main__":
    main()
