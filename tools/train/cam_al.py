"""Helpers of the camera active-learning experiment (docs/active-learning.md; the whole run is
tools/train/cam_al.sh).

    split   --data TRAIN --out D --base-variants 80 --seed 7   base.txt, pool.txt, pool/ (manifest, image_2, ego)
    random  --data TRAIN --out D --n K --seed S                random_S.txt: K pool frames at random
    manual  --data TRAIN --out D --n K --seed 11               manual.txt: the written-down metadata query
    stats   --data TRAIN --out D LIST...                       what each selection holds (from the labels)
    summary --out D --arms base,mi,... --seeds 0,1,2,3,4       AP tables with 95 % t-intervals over seeds
"""
import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cam  # noqa: E402
from active_learning import manifest_frames as manifest, read_ids, write_ids  # noqa: E402  (the lidar experiment's)

# Two-sided 95 % quantiles of Student's t, by degrees of freedom (no SciPy on Debian's python3).
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 19: 2.093, 24: 2.064, 29: 2.045}

MANUAL_RANGE_M = 40.0


def variant_key(f):
    return f["lineage"]["scenario"], f["lineage"]["variant"]


def complete_ids(root, frames):
    return [f["id"] for f in frames if os.path.exists(os.path.join(root, "label_2", f["id"] + ".txt"))
            and os.path.exists(os.path.join(root, "image_2", f["id"] + ".png"))]


def cmd_split(a):
    head, frames = manifest(a.data)
    ok = set(complete_ids(a.data, frames))
    frames = [f for f in frames if f["id"] in ok]
    variants = sorted({variant_key(f) for f in frames})
    rng = np.random.default_rng(a.seed)
    base_v = {variants[i] for i in rng.choice(len(variants), a.base_variants, replace=False)}
    base = sorted(f["id"] for f in frames if variant_key(f) in base_v)
    pool = sorted(f["id"] for f in frames if variant_key(f) not in base_v)
    os.makedirs(a.out, exist_ok=True)
    write_ids(os.path.join(a.out, "base.txt"), base)
    write_ids(os.path.join(a.out, "pool.txt"), pool)
    pd = os.path.join(a.out, "pool")
    ps = set(pool)
    m = dict(head)
    m["frames"] = [f for f in frames if f["id"] in ps]
    m["note"] = f"pool of the active-learning experiment: {a.data} minus the base variants (seed {a.seed})"
    for sub, ext in (("image_2", ".png"), ("ego", ".json")):
        os.makedirs(os.path.join(pd, sub), exist_ok=True)
        for i in pool:
            dst = os.path.join(pd, sub, i + ext)
            if not os.path.lexists(dst):
                os.symlink(os.path.abspath(os.path.join(a.data, sub, i + ext)), dst)
    with open(os.path.join(pd, "manifest.json"), "w") as f:
        json.dump(m, f, indent=1)
    print(f"{len(frames)} complete frames of {len(variants)} variants: base {len(base)} frames "
          f"({a.base_variants} variants), pool {len(pool)}")


def cmd_random(a):
    pool = read_ids(os.path.join(a.out, "pool.txt"))
    rng = np.random.default_rng(1000 + a.seed)
    write_ids(os.path.join(a.out, f"random_{a.seed}.txt"), sorted(rng.choice(pool, a.n, replace=False).tolist()))


def manual_match(a_frame, ego):
    """The manual curation query (docs/active-learning.md, written before the experiment ran):
    night, and a drawn pedestrian or cyclist on the ego's road 0..40 m ahead of the ego."""
    tod = a_frame["lineage"]["randomised"].get("time_of_day")
    if tod is None or cam.condition(tod) != "night":
        return False, False
    near = False
    for act in a_frame["lineage"]["randomised"].get("actors", []):
        if act["type"] in ("pedestrian", "cyclist") and act["road"] == ego["road"]:
            ahead = act["s"] - ego["s"]
            near |= 0 <= ahead <= MANUAL_RANGE_M
    return True, near


def cmd_manual(a):
    _, frames = manifest(a.data)
    pool = set(read_ids(os.path.join(a.out, "pool.txt")))
    hits, night = [], []
    for f in frames:
        if f["id"] not in pool:
            continue
        with open(os.path.join(a.data, "ego", f["id"] + ".json")) as fh:
            ego = json.load(fh)["ego"]
        is_night, near = manual_match(f, ego)
        if near:
            hits.append(f["id"])
        elif is_night:
            night.append(f["id"])
    rng = np.random.default_rng(a.seed)
    hits, night = sorted(hits), sorted(night)
    if len(hits) >= a.n:
        sel = rng.choice(hits, a.n, replace=False).tolist()
    else:
        rest = sorted(pool - set(hits) - set(night))
        fill = rng.choice(night, min(a.n - len(hits), len(night)), replace=False).tolist()
        more = a.n - len(hits) - len(fill)
        sel = hits + fill + (rng.choice(rest, more, replace=False).tolist() if more > 0 else [])
    write_ids(os.path.join(a.out, "manual.txt"), sorted(sel))
    print(f"manual query: {len(hits)} pool frames match (night + VRU within {MANUAL_RANGE_M:.0f} m), "
          f"{len(night)} more night frames; selected {len(sel)}")


def cmd_stats(a):
    _, frames = manifest(a.data)
    by_id = {f["id"]: f for f in frames}
    rows = {}
    for p in a.lists:
        ids = read_ids(p)
        c = Counter()
        variants = set()
        for i in ids:
            f = by_id[i]
            variants.add(variant_key(f))
            cond = cam.condition(f["lineage"]["randomised"]["time_of_day"])
            c[cond] += 1
            for o in cam.read_labels(os.path.join(a.data, "label_2", i + ".txt")):
                if o["cls"] >= 0 and cam.required(o):
                    c[(cond, cam.CLASSES[o["cls"]])] += 1
                    c[cam.CLASSES[o["cls"]]] += 1
        n = len(ids)
        rows[os.path.basename(p)[:-4]] = dict(
            frames=n, variants=len(variants), night_share=round(c["night"] / n, 3), dusk_share=round(c["dusk"] / n, 3),
            **{f"{k}_per_frame": round(c[k] / n, 3) for k in cam.CLASSES},
            **{f"night_{k}": c[("night", k)] for k in cam.CLASSES})
    print("| list | frames | variants | night | dusk | vehicles/frame | pedestrians/frame | cyclists/frame | night pedestrians | night cyclists |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for k, r in rows.items():
        print(f"| {k} | {r['frames']} | {r['variants']} | {r['night_share']:.2f} | {r['dusk_share']:.2f} | "
              f"{r['vehicle_per_frame']:.2f} | {r['pedestrian_per_frame']:.2f} | {r['cyclist_per_frame']:.2f} | "
              f"{r['night_pedestrian']} | {r['night_cyclist']} |")
    with open(os.path.join(a.out, "stats.json"), "w") as f:
        json.dump(rows, f, indent=1)


def t_interval(v):
    v = np.asarray(v, float)
    n = len(v)
    if n < 2:
        return float(v.mean()), float("nan")
    t = T975.get(n - 1, 1.96)
    return float(v.mean()), t * float(v.std(ddof=1)) / math.sqrt(n)


def fmt(mh):
    m, h = mh
    return f"{m:.3f} ± {h:.3f}" if not math.isnan(h) else f"{m:.3f}"


def cmd_summary(a):
    arms = a.arms.split(",")
    seeds = [int(s) for s in a.seeds.split(",")]
    ap = defaultdict(dict)  # (arm, cond, cls) -> seed -> AP
    for arm in arms:
        for s in seeds:
            p = os.path.join(a.out, "eval", f"{arm}_s{s}.json")
            if not os.path.exists(p):
                continue
            m = json.load(open(p))["metrics"]
            for cond in ["all"] + cam.CONDITIONS:
                for k in cam.CLASSES + ["mAP"]:
                    ap[(arm, cond, k)][s] = m[cond][k] if k == "mAP" else m[cond][k]["ap"]
    classes = cam.CLASSES + ["mAP"]
    out = dict(seeds=seeds, arms=arms, ap={}, gain={}, ratio={})
    lines = ["AP on the test set, mean ± 95 % t-interval half-width over training seeds "
             f"({', '.join(map(str, seeds))}):", "",
             "| arm | condition | " + " | ".join(classes) + " |", "| --- | --- |" + " ---: |" * len(classes)]
    for arm in arms:
        for cond in ["all"] + cam.CONDITIONS:
            cells = []
            for k in classes:
                v = list(ap[(arm, cond, k)].values())
                cells.append(fmt(t_interval(v)) if v else "-")
                out["ap"][f"{arm}/{cond}/{k}"] = v
            lines.append(f"| {arm} | {cond} | " + " | ".join(cells) + " |")
    lines += ["", "Gain over base (AP), per seed paired with the base model of the same seed, mean ± 95 % t-interval:", "",
              "| arm | condition | " + " | ".join(classes) + " |", "| --- | --- |" + " ---: |" * len(classes)]
    for arm in arms[1:]:
        for cond in ["all"] + cam.CONDITIONS:
            cells = []
            for k in classes:
                d = [ap[(arm, cond, k)][s] - ap[(arms[0], cond, k)][s] for s in seeds
                     if s in ap[(arm, cond, k)] and s in ap[(arms[0], cond, k)]]
                cells.append(fmt(t_interval(d)) if d else "-")
                out["gain"][f"{arm}/{cond}/{k}"] = d
            lines.append(f"| {arm} | {cond} | " + " | ".join(cells) + " |")
    if a.manual and a.manual in arms:
        lines += ["", f"Night: gain of each arm relative to the gain of '{a.manual}' (ratio of mean gains over base), "
                  "and the difference arm - manual (paired by seed, mean ± 95 % t-interval):", "",
                  "| arm | class | gain ratio arm / manual | AP difference arm - manual |", "| --- | --- | ---: | ---: |"]
        for arm in arms[1:]:
            if arm == a.manual:
                continue
            for k in ("pedestrian", "cyclist", "mAP"):
                g = np.mean(out["gain"][f"{arm}/night/{k}"])
                gm = np.mean(out["gain"][f"{a.manual}/night/{k}"])
                ratio = g / gm if abs(gm) > 1e-9 else float("nan")
                d = [ap[(arm, "night", k)][s] - ap[(a.manual, "night", k)][s] for s in seeds
                     if s in ap[(arm, "night", k)] and s in ap[(a.manual, "night", k)]]
                out["ratio"][f"{arm}/night/{k}"] = ratio
                lines.append(f"| {arm} | {k} | {ratio:.2f} | {fmt(t_interval(d))} |")
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(a.out, "summary.md"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(out, f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    sp = ap.add_subparsers(dest="cmd", required=True)
    s = sp.add_parser("split"); s.add_argument("--data", required=True); s.add_argument("--out", required=True)
    s.add_argument("--base-variants", type=int, default=80); s.add_argument("--seed", type=int, default=7)
    s = sp.add_parser("random"); s.add_argument("--out", required=True); s.add_argument("--n", type=int, required=True)
    s.add_argument("--seed", type=int, required=True)
    s = sp.add_parser("manual"); s.add_argument("--data", required=True); s.add_argument("--out", required=True)
    s.add_argument("--n", type=int, required=True); s.add_argument("--seed", type=int, default=11)
    s = sp.add_parser("stats"); s.add_argument("--data", required=True); s.add_argument("--out", required=True)
    s.add_argument("lists", nargs="+")
    s = sp.add_parser("summary"); s.add_argument("--out", required=True); s.add_argument("--arms", required=True)
    s.add_argument("--seeds", default="0,1,2,3,4"); s.add_argument("--manual", default="manual")
    a = ap.parse_args()
    dict(split=cmd_split, random=cmd_random, manual=cmd_manual, stats=cmd_stats, summary=cmd_summary)[a.cmd](a)


if __name__ == "__main__":
    main()
