"""Shared definitions of the lidar BEV detector: raster (pre-processing), KITTI labels, training
targets and decoding (post-processing). models/lidar_bev/MODEL_CARD.md states the same formulas;
keep the two in step.

Frames: velodyne = the lidar's sensor frame (x forward, y left, z up), as written by `sim generate`
(docs/datagen.md). Tensor layout [C, rows, columns]: a row r runs along +y (r = 0 at Y_MIN), a column
c along +x (c = 0 at X_MIN); the layout of the C# runner's lidar_bev pre-processing (src/Perception).
"""
import math
import os

import numpy as np

# ---- raster (pre-processing) -------------------------------------------------------------------
X_RANGE = (0.0, 70.4)    # m, velodyne x; a point is kept when X_MIN <= x < X_MAX
Y_RANGE = (-32.0, 32.0)  # m, velodyne y
Z_RANGE = (-3.0, 2.0)    # m, velodyne z (the lidar is 1.95 m above the ground: ground at z ~ -1.95)
CELL = 0.4               # m, input cell
H = int(round((Y_RANGE[1] - Y_RANGE[0]) / CELL))  # 160 rows (y)
W = int(round((X_RANGE[1] - X_RANGE[0]) / CELL))  # 176 columns (x)
C_IN = 3
COUNT_NORM = math.log(64.0)  # log point count channel: min(1, ln(1 + n) / ln(64))

# ---- head (post-processing) --------------------------------------------------------------------
STRIDE = 2
OUT_CELL = CELL * STRIDE  # 0.8 m
HO, WO = H // STRIDE, W // STRIDE  # 80 rows (y) x 88 columns (x)
CLASSES = ["vehicle", "pedestrian", "cyclist"]
K = len(CLASSES)
KITTI_TO_CLASS = {"Car": 0, "Van": 0, "Truck": 0, "Misc": 0, "Tram": 0,
                  "Pedestrian": 1, "Person_sitting": 1, "Cyclist": 2}
REG_NAMES = ["dx", "dy", "z", "log_l", "log_w", "log_h", "sin_yaw", "cos_yaw"]
R = len(REG_NAMES)

# The virtual camera of `sim generate` without a camera in the rig (KITTI image-2 intrinsics,
# 1242 x 375): labels exist only for objects whose box projects into it, so the loss and the
# evaluation are restricted to its horizontal field of view.
IMG_W = 1242
FX, CX = 721.5377, 609.5593


def raster(points):
    """points: float32 [N, 4] (x, y, z, intensity). Returns float32 [C_IN, H, W]:
    0: max_height      max(z) - Z_MIN over the cell's points (m), 0 when empty
    1: mean_intensity  mean intensity of the cell's points, 0 when empty
    2: density         min(1, ln(1 + n) / ln(64)), n = number of points in the cell (0 when empty)
    Points outside X_RANGE x Y_RANGE x Z_RANGE (half-open [min, max)) are dropped; a point goes to
    row r = min(floor((y - Y_MIN) / CELL), H - 1), column c = min(floor((x - X_MIN) / CELL), W - 1)."""
    p = points
    x, y, z, it = p[:, 0], p[:, 1], p[:, 2], p[:, 3]
    keep = ((x >= X_RANGE[0]) & (x < X_RANGE[1]) & (y >= Y_RANGE[0]) & (y < Y_RANGE[1])
            & (z >= Z_RANGE[0]) & (z < Z_RANGE[1]))
    x, y, z, it = x[keep], y[keep], z[keep], it[keep]
    c = np.minimum(np.floor((x - X_RANGE[0]) / CELL).astype(np.int64), W - 1)
    r = np.minimum(np.floor((y - Y_RANGE[0]) / CELL).astype(np.int64), H - 1)
    flat = r * W + c
    n = np.bincount(flat, minlength=H * W).astype(np.float32)
    isum = np.bincount(flat, weights=it, minlength=H * W).astype(np.float32)
    zn = z - Z_RANGE[0]
    zmax = np.zeros(H * W, np.float32)
    np.maximum.at(zmax, flat, zn.astype(np.float32))
    out = np.zeros((C_IN, H * W), np.float32)
    out[0] = zmax
    nz = n > 0
    out[1, nz] = isum[nz] / n[nz]
    out[2] = np.minimum(1.0, np.log1p(n) / COUNT_NORM)
    return out.reshape(C_IN, H, W)


def read_points(path):
    return np.fromfile(path, dtype="<f4").reshape(-1, 4)


# ---- labels ------------------------------------------------------------------------------------
def read_calib(path):
    d = {}
    with open(path) as f:
        for line in f:
            if ":" not in line:
                continue
            k, v = line.split(":", 1)
            d[k.strip()] = np.array([float(t) for t in v.split()], np.float64)
    r0 = d["R0_rect"].reshape(3, 3)
    tr = d["Tr_velo_to_cam"].reshape(3, 4)
    # rectified camera <- velodyne: X_rect = R0 (A X_velo + b)
    A = r0 @ tr[:, :3]
    b = r0 @ tr[:, 3]
    return A, b


def read_labels(label_path, calib_path):
    """KITTI label_2 lines -> list of dict(cls, x, y, z, l, w, h, yaw) in the velodyne frame
    (z: box centre, yaw: heading of the box's length axis about velodyne z, 0 along +x).
    DontCare and unknown types are skipped."""
    A, b = read_calib(calib_path)
    Ainv = np.linalg.inv(A)
    objs = []
    with open(label_path) as f:
        for line in f:
            t = line.split()
            if not t or t[0] not in KITTI_TO_CLASS:
                continue
            h, w, l = float(t[8]), float(t[9]), float(t[10])
            loc = np.array([float(t[11]), float(t[12]), float(t[13])])
            ry = float(t[14])
            bottom = Ainv @ (loc - b)
            # the box's length axis in the camera frame: R_y(ry) (1, 0, 0) = (cos ry, 0, -sin ry)
            d = Ainv @ np.array([math.cos(ry), 0.0, -math.sin(ry)])
            up = Ainv @ np.array([0.0, -1.0, 0.0])  # camera -y = up
            centre = bottom + up / np.linalg.norm(up) * (h / 2)
            objs.append(dict(cls=KITTI_TO_CLASS[t[0]], x=centre[0], y=centre[1], z=centre[2],
                             l=l, w=w, h=h, yaw=math.atan2(d[1], d[0]), kitti=t[0]))
    return objs


def in_fov(x, y, margin_px=0.0):
    """True where a velodyne point (x, y) (any z) projects horizontally into the virtual camera
    (at velodyne (0.27, 0, -0.08), looking along +x)."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    zc = x - 0.27
    with np.errstate(divide="ignore", invalid="ignore"):
        u = CX + FX * (-y) / zc
    return (zc > 0.1) & (u >= -margin_px) & (u <= IMG_W - 1 + margin_px)


def in_range(x, y):
    return (x >= X_RANGE[0]) & (x < X_RANGE[1]) & (y >= Y_RANGE[0]) & (y < Y_RANGE[1])


# output cell centres
_OX = X_RANGE[0] + (np.arange(WO) + 0.5) * OUT_CELL
_OY = Y_RANGE[0] + (np.arange(HO) + 0.5) * OUT_CELL
FOV_MASK = in_fov(_OX[None, :], _OY[:, None]).astype(np.float32)  # [HO (y), WO (x)]


# ---- targets -----------------------------------------------------------------------------------
def gaussian_radius(l, w, min_overlap=0.1):
    """CenterNet's radius (in cells) for a box of l x w cells."""
    a1, b1, c1 = 1, (l + w), w * l * (1 - min_overlap) / (1 + min_overlap)
    r1 = (b1 + math.sqrt(b1 ** 2 - 4 * a1 * c1)) / 2
    a2, b2, c2 = 4, 2 * (l + w), (1 - min_overlap) * w * l
    r2 = (b2 + math.sqrt(b2 ** 2 - 4 * a2 * c2)) / 2
    a3, b3, c3 = 4 * min_overlap, -2 * min_overlap * (l + w), (min_overlap - 1) * w * l
    r3 = (b3 + math.sqrt(b3 ** 2 - 4 * a3 * c3)) / 2
    return min(r1, r2, r3)


def targets(objs, flip=False):
    """Returns heatmap [K, HO, WO], reg [R, HO, WO], regmask [HO, WO], lossmask [HO, WO]."""
    hm = np.zeros((K, HO, WO), np.float32)
    reg = np.zeros((R, HO, WO), np.float32)
    rmask = np.zeros((HO, WO), np.float32)
    lmask = FOV_MASK.copy()
    if flip:
        lmask = lmask[::-1, :].copy()
    rr, cc = np.meshgrid(np.arange(HO), np.arange(WO), indexing="ij")
    for o in objs:
        x, y, yaw = o["x"], (-o["y"] if flip else o["y"]), (-o["yaw"] if flip else o["yaw"])
        if not in_range(x, y):
            continue
        u = (x - X_RANGE[0]) / OUT_CELL  # along columns
        v = (y - Y_RANGE[0]) / OUT_CELL  # along rows
        oc, orow = int(math.floor(u)), int(math.floor(v))
        if not (0 <= orow < HO and 0 <= oc < WO):
            continue
        rad = max(1.0, gaussian_radius(o["l"] / OUT_CELL, o["w"] / OUT_CELL))
        rad = int(rad)
        sigma = (2 * rad + 1) / 6.0
        g = np.exp(-((rr - orow) ** 2 + (cc - oc) ** 2) / (2 * sigma * sigma))
        g[(np.abs(rr - orow) > rad) | (np.abs(cc - oc) > rad)] = 0
        hm[o["cls"]] = np.maximum(hm[o["cls"]], g)
        lmask[max(0, orow - rad):orow + rad + 1, max(0, oc - rad):oc + rad + 1] = 1.0
        reg[:, orow, oc] = [u - oc, v - orow, o["z"], math.log(o["l"]), math.log(o["w"]),
                            math.log(o["h"]), math.sin(yaw), math.cos(yaw)]
        rmask[orow, oc] = 1.0
    return hm, reg, rmask, lmask


# ---- decoding (post-processing) ----------------------------------------------------------------
def decode(heatmap, regression, score_threshold=0.3, max_objects=64):
    """heatmap [K, HO, WO] (logits), regression [R, HO, WO] -> list of detections
    dict(cls, score, x, y, z, l, w, h, yaw). score = sigmoid(logit). A cell is a peak when it
    equals the maximum of its 3 x 3 neighbourhood (same class, edges padded with -inf) and its
    score >= score_threshold; the max_objects highest peaks over all classes are kept."""
    hm = 1.0 / (1.0 + np.exp(-np.asarray(heatmap, np.float64)))
    pad = np.pad(hm, ((0, 0), (1, 1), (1, 1)), constant_values=-np.inf)
    mx = np.max(np.stack([pad[:, a:a + HO, b:b + WO] for a in range(3) for b in range(3)]), axis=0)
    peak = (hm == mx) & (hm >= score_threshold)
    k, i, j = np.nonzero(peak)
    s = hm[k, i, j]
    order = np.argsort(-s, kind="stable")[:max_objects]
    dets = []
    for n in order:
        kk, ii, jj = int(k[n]), int(i[n]), int(j[n])
        r = regression[:, ii, jj]
        dets.append(dict(cls=kk, score=float(s[n]),
                         x=X_RANGE[0] + (jj + float(r[0])) * OUT_CELL,
                         y=Y_RANGE[0] + (ii + float(r[1])) * OUT_CELL,
                         z=float(r[2]), l=math.exp(float(r[3])), w=math.exp(float(r[4])),
                         h=math.exp(float(r[5])), yaw=math.atan2(float(r[6]), float(r[7]))))
    return dets


# ---- dataset index -----------------------------------------------------------------------------
def frame_ids(root):
    return sorted(f[:-4] for f in os.listdir(os.path.join(root, "label_2")) if f.endswith(".txt"))


def is_night(root, fid):
    """Night as the simulator defines it (EnvironmentSettings.IsNight): time of day < 6 h or >= 20 h."""
    import json
    with open(os.path.join(root, "ego", fid + ".json")) as f:
        e = json.load(f)
    tod = e["lineage"]["randomised"].get("time_of_day")
    return tod is not None and (tod < 6.0 or tod >= 20.0)
