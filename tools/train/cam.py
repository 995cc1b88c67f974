"""Shared definitions of the camera 2-D detector (models/camera_det): image pre-processing, KITTI
label_2 boxes, lighting conditions, CenterNet targets and decoding. The C# runner's `camera_image`
pre-processing and `center_box2d` decoding (docs/perception-models.md) compute the same.

Pixels: OpenCV / KITTI, the centre of pixel (i, j) at u = i, v = j. A box is (left, top, right,
bottom) in those coordinates, so it spans right - left pixels (KITTI's convention).
"""
import json
import math
import os

import numpy as np

import bev

W, H = 256, 128                     # the camera's image (tools/train/specs/camera_rig.yaml)
STRIDE = 4                          # input pixels per output cell
WO, HO = W // STRIDE, H // STRIDE   # 64 x 32 output cells
CLASSES = ["vehicle", "pedestrian", "cyclist"]
K = len(CLASSES)
R = 4                               # regression: dx, dy, log_w, log_h
KITTI_TO_CLASS = {"Car": 0, "Van": 0, "Truck": 0, "Misc": 0, "Tram": 0,
                  "Pedestrian": 1, "Person_sitting": 1, "Cyclist": 2}
# Input normalisation: value = (byte / 255 - MEAN[ch]) / STD[ch], channels R, G, B (the spec's).
MEAN = np.array([0.3, 0.3, 0.3], np.float32)
STD = np.array([0.25, 0.25, 0.25], np.float32)

# What a detector is asked to find (KITTI "moderate", heights scaled from 375 to 128 rows: 25 px
# -> 8 px): at least 8 px tall, truncated at most 0.3, occluded 0 or 1. Other labelled objects are
# "ignored": a detection on one is neither a true nor a false positive.
MIN_HEIGHT_PX = 8.0
MAX_TRUNCATION = 0.3
MAX_OCCLUSION = 1

# Training: objects smaller than this or largely occluded (level 2: often not visible at all, e.g.
# seen by the lidar behind a truck) are neither positives nor negatives.
TRAIN_MIN_HEIGHT_PX = 4.0


# ---- lighting conditions ----------------------------------------------------------------------
def sun_elevation_deg(hours, latitude_deg=48.0):
    """The renderer's sun (SensorModels.Rendering.Lighting.FromTimeOfDay): an equinox at 48 N."""
    h = (hours - 12) * math.pi / 12
    phi = math.radians(latitude_deg)
    return math.degrees(math.asin(max(-1.0, min(1.0, math.cos(phi) * math.cos(h)))))


def condition(hours):
    """day: sun at or above 10 degrees (full sunlight in the renderer, 7.0-17.0 h);
    night: below -6 degrees (end of civil twilight: sky and ambient at their night floor, before
    5.4 h and from 18.6 h); dusk: in between (dawn included). Headlights and street lamps are on
    below 3 degrees, i.e. in late dusk and at night."""
    e = sun_elevation_deg(hours)
    return "day" if e >= 10 else ("night" if e < -6 else "dusk")


CONDITIONS = ["day", "dusk", "night"]


# ---- files ------------------------------------------------------------------------------------
def read_png(path):
    from PIL import Image
    with Image.open(path) as im:
        a = np.asarray(im.convert("RGB"), np.uint8)
    if a.shape != (H, W, 3):
        raise SystemExit(f"{path}: image {a.shape[1]}x{a.shape[0]}, the detector takes {W}x{H}")
    return a


def read_labels(path):
    """label_2 lines -> list of dict(cls, box (l, t, r, b), trunc, occ, dontcare). cls -1 for
    DontCare; unknown types are skipped."""
    out = []
    with open(path) as f:
        for line in f:
            t = line.split()
            if not t:
                continue
            box = tuple(float(v) for v in t[4:8])
            if t[0] == "DontCare":
                out.append(dict(cls=-1, box=box, trunc=1.0, occ=3, dontcare=True))
            elif t[0] in KITTI_TO_CLASS:
                out.append(dict(cls=KITTI_TO_CLASS[t[0]], box=box, trunc=float(t[1]), occ=int(t[2]),
                                dontcare=False))
    return out


def required(o):
    """True for a label the evaluation demands (see MIN_HEIGHT_PX); False: ignored."""
    l, t, r, b = o["box"]
    return (not o["dontcare"]) and b - t >= MIN_HEIGHT_PX and o["trunc"] <= MAX_TRUNCATION \
        and o["occ"] <= MAX_OCCLUSION


def frame_ids(root):
    return sorted(f[:-4] for f in os.listdir(os.path.join(root, "label_2")) if f.endswith(".txt"))


def time_of_day(root, fid):
    with open(os.path.join(root, "ego", fid + ".json")) as f:
        e = json.load(f)
    return e["lineage"]["randomised"].get("time_of_day")


# ---- pre-processing ---------------------------------------------------------------------------
def normalise(img_u8):
    """[H, W, 3] uint8 RGB -> [3, H, W] float32 network input (the spec's camera_image)."""
    x = img_u8.astype(np.float32).transpose(2, 0, 1) / np.float32(255)
    return (x - MEAN[:, None, None]) / STD[:, None, None]


# ---- targets ----------------------------------------------------------------------------------
def gaussian_radius(h, w, min_overlap=0.7):
    """CenterNet's radius (cells) for an h x w box (cells): the lidar detector's formula
    (bev.gaussian_radius) at CenterNet's image overlap 0.7."""
    return bev.gaussian_radius(h, w, min_overlap)


def flip_box(box):
    l, t, r, b = box
    return (W - 1 - r, t, W - 1 - l, b)


def centre_cell(box):
    """The output cell of a box's centre and the centre in output cells. The centre (u, v) in
    pixel-centre coordinates is ((l + r) / 2, (t + b) / 2); in output cells it is
    ((u + 0.5) / STRIDE, (v + 0.5) / STRIDE): cell c covers pixels [c*STRIDE, (c+1)*STRIDE)."""
    l, t, r, b = box
    cu, cv = ((l + r) / 2 + 0.5) / STRIDE, ((t + b) / 2 + 0.5) / STRIDE
    return int(math.floor(cu)), int(math.floor(cv)), cu, cv


def targets(objs, flip=False):
    """heatmap [K, HO, WO], regression [R, HO, WO], regression mask [HO, WO], loss mask [HO, WO]
    (0 over ignored objects' boxes: neither positive nor negative there)."""
    hm = np.zeros((K, HO, WO), np.float32)
    reg = np.zeros((R, HO, WO), np.float32)
    rmask = np.zeros((HO, WO), np.float32)
    lmask = np.ones((HO, WO), np.float32)
    rr, cc = np.meshgrid(np.arange(HO), np.arange(WO), indexing="ij")
    positives = []
    for o in objs:
        box = flip_box(o["box"]) if flip else o["box"]
        l, t, r, b = box
        if o["dontcare"] or o["occ"] >= 2 or b - t < TRAIN_MIN_HEIGHT_PX:
            c0, c1 = int(math.floor((l + 0.5) / STRIDE)), int(math.floor((r + 0.5) / STRIDE))
            r0, r1 = int(math.floor((t + 0.5) / STRIDE)), int(math.floor((b + 0.5) / STRIDE))
            lmask[max(0, r0):min(HO, r1 + 1), max(0, c0):min(WO, c1 + 1)] = 0
            continue
        positives.append((o, box))
    for o, box in positives:
        l, t, r, b = box
        c, rw, cu, cv = centre_cell(box)
        if not (0 <= rw < HO and 0 <= c < WO):
            continue
        w, h = max(r - l, 1.0), max(b - t, 1.0)
        rad = max(0, int(gaussian_radius(h / STRIDE, w / STRIDE)))
        sigma = (2 * rad + 1) / 6.0
        g = np.exp(-((rr - rw) ** 2 + (cc - c) ** 2) / (2 * sigma * sigma))
        g[(np.abs(rr - rw) > rad) | (np.abs(cc - c) > rad)] = 0
        g[rw, c] = 1.0
        hm[o["cls"]] = np.maximum(hm[o["cls"]], g)
        lmask[max(0, rw - rad):rw + rad + 1, max(0, c - rad):c + rad + 1] = 1.0
        reg[:, rw, c] = [cu - c, cv - rw, math.log(w), math.log(h)]
        rmask[rw, c] = 1.0
    return hm, reg, rmask, lmask


# ---- decoding (post-processing) ---------------------------------------------------------------
def decode(heatmap, regression, score_threshold=0.3, max_objects=50):
    """heatmap [K, HO, WO] (logits), regression [R, HO, WO] -> detections dict(cls, score, box).
    A cell is a peak when its logit is the maximum of its 3 x 3 neighbourhood (same class; ties
    are all peaks) and sigmoid(logit) >= score_threshold; the max_objects highest over all classes
    (ties: class, row, column) are decoded: u = (c + dx) * STRIDE - 0.5, v = (r + dy) * STRIDE - 0.5,
    w = exp(log_w), h = exp(log_h) pixels; box (u - w/2, v - h/2, u + w/2, v + h/2)."""
    lg = np.asarray(heatmap, np.float32)
    pad = np.pad(lg, ((0, 0), (1, 1), (1, 1)), constant_values=-np.inf)
    mx = np.max(np.stack([pad[:, a:a + HO, b:b + WO] for a in range(3) for b in range(3)]), axis=0)
    thr = math.log(score_threshold / (1 - score_threshold))
    peak = (lg == mx) & (lg >= thr)
    k, i, j = np.nonzero(peak)
    v = lg[k, i, j]
    order = np.lexsort((j, i, k, -v))[:max_objects]
    dets = []
    for n in order:
        kk, ii, jj = int(k[n]), int(i[n]), int(j[n])
        dx, dy, lw, lh = (float(x) for x in regression[:, ii, jj])
        u, vv = (jj + dx) * STRIDE - 0.5, (ii + dy) * STRIDE - 0.5
        w, h = math.exp(lw), math.exp(lh)
        dets.append(dict(cls=kk, score=float(1 / (1 + math.exp(-float(v[n])))),
                         box=(u - w / 2, vv - h / 2, u + w / 2, vv + h / 2)))
    return dets


def iou(a, b):
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)
