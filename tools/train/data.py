"""Loads a `sim generate` KITTI folder into BEV rasters and labels, cached next to it."""
import os
import pickle

import numpy as np

import bev


def load_split(root, cache=True):
    """Returns (ids, rasters float16 [N, C, H, W], labels list of lists, night bool [N])."""
    path = os.path.join(root, "bev_cache_v1.pkl")
    ids = bev.frame_ids(root)
    if cache and os.path.exists(path):
        with open(path, "rb") as f:
            c = pickle.load(f)
        if c["ids"] == ids:
            return c["ids"], c["rasters"], c["labels"], c["night"]
    rasters = np.zeros((len(ids), bev.C_IN, bev.H, bev.W), np.float16)
    labels, night = [], np.zeros(len(ids), bool)
    for n, fid in enumerate(ids):
        rasters[n] = bev.raster(bev.read_points(os.path.join(root, "velodyne", fid + ".bin")))
        labels.append(bev.read_labels(os.path.join(root, "label_2", fid + ".txt"),
                                      os.path.join(root, "calib", fid + ".txt")))
        night[n] = bev.is_night(root, fid)
    if cache:
        with open(path, "wb") as f:
            pickle.dump(dict(ids=ids, rasters=rasters, labels=labels, night=night), f, protocol=4)
    return ids, rasters, labels, night


def subset(path, ids, rasters, labels, night):
    """Keeps the frames whose ids are listed in the file at path (one a line), in the split's order."""
    with open(path) as f:
        want = {line.strip() for line in f if line.strip()}
    missing = want - set(ids)
    if missing:
        raise SystemExit(f"{path}: {len(missing)} ids not in the split, e.g. {sorted(missing)[0]}")
    keep = [n for n, fid in enumerate(ids) if fid in want]
    return [ids[n] for n in keep], rasters[keep], [labels[n] for n in keep], night[keep]
