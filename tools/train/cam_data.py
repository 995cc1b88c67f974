"""Loads a `sim generate` KITTI folder (camera rig) into images, 2-D labels and lighting conditions,
cached next to it (cam_cache_v1.npy + cam_cache_v1.pkl)."""
import os
import pickle

import numpy as np

import cam
from active_learning import read_ids


def load_split(root, cache=True):
    """Returns (ids, images uint8 [N, H, W, 3], labels list of lists, conditions list of str)."""
    ids = cam.frame_ids(root)
    meta_path = os.path.join(root, "cam_cache_v1.pkl")
    img_path = os.path.join(root, "cam_cache_v1.npy")
    if cache and os.path.exists(meta_path) and os.path.exists(img_path):
        with open(meta_path, "rb") as f:
            c = pickle.load(f)
        if c["ids"] == ids:
            return ids, np.load(img_path, mmap_mode="r"), c["labels"], c["conditions"]
    images = np.zeros((len(ids), cam.H, cam.W, 3), np.uint8)
    labels, conditions = [], []
    for n, fid in enumerate(ids):
        images[n] = cam.read_png(os.path.join(root, "image_2", fid + ".png"))
        labels.append(cam.read_labels(os.path.join(root, "label_2", fid + ".txt")))
        tod = cam.time_of_day(root, fid)
        conditions.append(cam.condition(tod) if tod is not None else "day")
    if cache:
        np.save(img_path, images)
        with open(meta_path, "wb") as f:
            pickle.dump(dict(ids=ids, labels=labels, conditions=conditions), f, protocol=4)
    return ids, images, labels, conditions


def subset(path, ids, images, labels, conditions):
    """Keeps the frames whose ids are listed in the file at path (one a line), in the split's order."""
    want = set(read_ids(path))
    missing = want - set(ids)
    if missing:
        raise SystemExit(f"{path}: {len(missing)} ids not in the split, e.g. {sorted(missing)[0]}")
    keep = [n for n, fid in enumerate(ids) if fid in want]
    return [ids[n] for n in keep], images[keep], [labels[n] for n in keep], [conditions[n] for n in keep]
