"""Helpers for the active-learning experiment (docs/active-learning.md; commands in
tools/train/active_learning.sh).

    split  --data TRAIN --out DIR --base 250 --seed 7      base.txt, pool.txt, pool/ (manifest + lidar symlinks)
    random --out DIR --n 150 --seed S                      random_S.txt (N pool ids, seeded)
    unc    --out DIR --n 150 SEL.json [SEL.json ...]       uncertain.txt: top N pool frames by the summed
                                                           uncertainty of the given `sim mine` selections
    stats  --data TRAIN --out DIR                          share of night, objects per frame per list
    table  --out DIR [--prefix s1_]                        results table from the *_val.json metrics
    summary --out DIR                                      AP mean ± sample sd over training seeds 0, 1, 2
"""
import argparse
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def read_ids(p):
    with open(p) as f:
        return [l.strip() for l in f if l.strip()]


def write_ids(p, ids):
    with open(p, "w") as f:
        f.write("".join(i + "\n" for i in ids))


def manifest_frames(root):
    frames, head = [], None
    for p in sorted(glob.glob(os.path.join(root, "manifest*.json"))):
        with open(p) as f:
            m = json.load(f)
        head = head or m
        frames += m["frames"]
    return head, frames


def cmd_split(a):
    head, frames = manifest_frames(a.data)
    ids = sorted(f["id"] for f in frames if os.path.exists(os.path.join(a.data, "lidar", f["id"] + ".bin")))
    rng = np.random.default_rng(a.seed)
    base = sorted(rng.choice(ids, a.base, replace=False).tolist())
    bs = set(base)
    pool = [i for i in ids if i not in bs]
    os.makedirs(a.out, exist_ok=True)
    write_ids(os.path.join(a.out, "base.txt"), base)
    write_ids(os.path.join(a.out, "pool.txt"), pool)
    pd = os.path.join(a.out, "pool")
    os.makedirs(os.path.join(pd, "lidar"), exist_ok=True)
    ps = set(pool)
    m = dict(head)
    m["frames"] = [f for f in frames if f["id"] in ps]
    m["note"] = f"pool of the active-learning experiment: {a.data} minus base.txt (seed {a.seed})"
    with open(os.path.join(pd, "manifest.json"), "w") as f:
        json.dump(m, f, indent=1)
    for i in pool:
        dst = os.path.join(pd, "lidar", i + ".bin")
        if not os.path.lexists(dst):
            os.symlink(os.path.abspath(os.path.join(a.data, "lidar", i + ".bin")), dst)
    print(f"{len(ids)} frames in the manifest: base {len(base)}, pool {len(pool)}")


def cmd_random(a):
    pool = read_ids(os.path.join(a.out, "pool.txt"))
    rng = np.random.default_rng(a.seed)
    sel = sorted(rng.choice(pool, a.n, replace=False).tolist())
    write_ids(os.path.join(a.out, f"random_{a.seed}.txt"), sel)


def cmd_unc(a):
    pool = set(read_ids(os.path.join(a.out, "pool.txt")))
    score = {i: 0.0 for i in pool}
    for p in a.selections:
        with open(p) as f:
            s = json.load(f)
        for fr in s["frames"]:
            if fr["id"] in pool:
                score[fr["id"]] += fr["uncertainty"]
    ranked = sorted(score, key=lambda i: (-score[i], i))[:a.n]
    write_ids(os.path.join(a.out, "uncertain.txt"), sorted(ranked))
    with open(os.path.join(a.out, "uncertain_scores.json"), "w") as f:
        json.dump({i: round(score[i], 4) for i in ranked}, f, indent=1)
    print(f"top {a.n}: uncertainty {score[ranked[0]]:.2f} .. {score[ranked[-1]]:.2f}; "
          f"pool frames with 0: {sum(1 for v in score.values() if v == 0)}")


def cmd_stats(a):
    import data
    ids, _, labels, night = data.load_split(a.data)
    pos = {i: n for n, i in enumerate(ids)}
    rows = {}
    for name in ["base", "pool", "uncertain"] + sorted(os.path.basename(p)[:-4] for p in
                                                       glob.glob(os.path.join(a.out, "random_*.txt"))):
        p = os.path.join(a.out, name + ".txt")
        if not os.path.exists(p):
            continue
        sel = [pos[i] for i in read_ids(p)]
        cnt = np.zeros((len(sel), 3))
        for r, n in enumerate(sel):
            for o in labels[n]:
                cnt[r, o["cls"]] += 1
        nt = night[sel]
        rows[name] = dict(frames=len(sel), night_share=round(float(nt.mean()), 3),
                          veh_per_frame=round(float(cnt[:, 0].mean()), 2),
                          ped_per_frame=round(float(cnt[:, 1].mean()), 2),
                          cyc_per_frame=round(float(cnt[:, 2].mean()), 2),
                          ped_cyc_per_night_frame=round(float(cnt[nt, 1:].sum(1).mean()), 2) if nt.any() else None)
    with open(os.path.join(a.out, "stats.json"), "w") as f:
        json.dump(rows, f, indent=1)
    print("| list | frames | night share | vehicles/frame | pedestrians/frame | cyclists/frame |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for k, r in rows.items():
        print(f"| {k} | {r['frames']} | {r['night_share']:.2f} | {r['veh_per_frame']:.2f} | "
              f"{r['ped_per_frame']:.2f} | {r['cyc_per_frame']:.2f} |")


def cmd_table(a):
    arms = [a.prefix + p for p in ["base", "uncertain", "random_1", "random_2"]
            if os.path.exists(os.path.join(a.out, a.prefix + p + "_val.json"))]
    m = {p: json.load(open(os.path.join(a.out, p + "_val.json")))["metrics"] for p in arms}
    print("| arm | cond | vehicle AP | pedestrian AP | cyclist AP | mAP | ped P/R | cyc P/R |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |")
    for p in arms:
        for c in ("all", "day", "night"):
            x = m[p][c]
            print(f"| {p} | {c} | {x['vehicle']['ap']:.3f} | {x['pedestrian']['ap']:.3f} | {x['cyclist']['ap']:.3f} | "
                  f"{x['mAP']:.3f} | {x['pedestrian']['precision']:.2f}/{x['pedestrian']['recall']:.2f} | "
                  f"{x['cyclist']['precision']:.2f}/{x['cyclist']['recall']:.2f} |")
    print()
    print("gain over base (AP):")
    for p in arms[1:]:
        for c in ("all", "night"):
            print(p, c, {k: round(m[p][c][k]["ap"] - m[arms[0]][c][k]["ap"], 3) for k in ("vehicle", "pedestrian", "cyclist")},
                  "mAP", round(m[p][c]["mAP"] - m[arms[0]][c]["mAP"], 3))


def cmd_summary(a):
    """Mean and spread of AP over the training seeds found (prefixes '', s1_, s2_), per arm."""
    rows = []
    for arm in ["base", "uncertain", "random_1", "random_2"]:
        ms = []
        for pre in ["", "s1_", "s2_"]:
            p = os.path.join(a.out, pre + arm + "_val.json")
            if os.path.exists(p):
                ms.append(json.load(open(p))["metrics"])
        if not ms:
            continue
        r = [arm, str(len(ms))]
        for c, k in [("all", "vehicle"), ("all", "pedestrian"), ("all", "cyclist"), ("all", "mAP"),
                     ("night", "pedestrian"), ("night", "cyclist")]:
            v = np.array([m[c][k] if k == "mAP" else m[c][k]["ap"] for m in ms])
            r.append(f"{v.mean():.3f} ± {v.std(ddof=1):.3f}" if len(v) > 1 else f"{v[0]:.3f}")
        rows.append(r)
    print("| arm | seeds | vehicle AP | pedestrian AP | cyclist AP | mAP | night pedestrian AP | night cyclist AP |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


def main():
    ap = argparse.ArgumentParser()
    sp = ap.add_subparsers(dest="cmd", required=True)
    s = sp.add_parser("split"); s.add_argument("--data", required=True); s.add_argument("--out", required=True)
    s.add_argument("--base", type=int, default=250); s.add_argument("--seed", type=int, default=7)
    s = sp.add_parser("random"); s.add_argument("--out", required=True); s.add_argument("--n", type=int, default=150)
    s.add_argument("--seed", type=int, required=True)
    s = sp.add_parser("unc"); s.add_argument("--out", required=True); s.add_argument("--n", type=int, default=150)
    s.add_argument("selections", nargs="+")
    s = sp.add_parser("stats"); s.add_argument("--data", required=True); s.add_argument("--out", required=True)
    s = sp.add_parser("table"); s.add_argument("--out", required=True)
    s.add_argument("--prefix", default="", help="arms trained with another seed: s1_")
    s = sp.add_parser("summary"); s.add_argument("--out", required=True)
    a = ap.parse_args()
    globals()["cmd_" + a.cmd](a)


if __name__ == "__main__":
    main()
