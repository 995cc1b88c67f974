"""Exports the trained lidar BEV detector to ONNX and checks the file (tools/train/README.md).

    /usr/bin/python3 tools/train/export.py --checkpoint /tmp/lidar_bev/run/model.pt \
        --out models/lidar_bev/model.onnx --check-data /tmp/lidar_bev/val

Checks: onnx.checker; then the exported graph is run on real rasters and compared with PyTorch,
with ONNX Runtime when it is importable, otherwise with the small NumPy interpreter below (which
runs the graph's own nodes and initializers: Conv, Relu, Concat, Resize nearest, Identity).
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bev  # noqa: E402
import model  # noqa: E402

INPUT = "bev"
OUTPUTS = ["heatmap", "regression"]


def conv2d(x, w, b, strides, pads, group=1, dil=(1, 1)):
    assert group == 1 and tuple(dil) == (1, 1)
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    ho = (h + pads[0] + pads[2] - kh) // strides[0] + 1
    wo = (wd + pads[1] + pads[3] - kw) // strides[1] + 1
    cols = np.empty((n, c, kh, kw, ho, wo), np.float64)
    for a in range(kh):
        for bb in range(kw):
            cols[:, :, a, bb] = xp[:, :, a:a + strides[0] * ho:strides[0], bb:bb + strides[1] * wo:strides[1]]
    y = np.einsum("nckluv,ockl->nouv", cols, w.astype(np.float64), optimize=True)
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def run_numpy(m, x):
    """A minimal ONNX interpreter (float64) for the ops this model exports to."""
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) if numpy_helper.to_array(i).dtype.kind == "f"
           else numpy_helper.to_array(i) for i in m.graph.initializer}
    env[m.graph.input[0].name] = x.astype(np.float64)
    for nd in m.graph.node:
        at = {a.name: onnx.helper.get_attribute_value(a) for a in nd.attribute}
        ins = [env[i] if i else None for i in nd.input]
        if nd.op_type == "Constant":
            v = numpy_helper.to_array(at["value"])
            out = v.astype(np.float64) if v.dtype.kind == "f" else v
        elif nd.op_type == "Conv":
            k = ins[1].shape[2:]
            out = conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, at.get("strides", [1, 1]),
                         at.get("pads", [0, 0, 0, 0]), at.get("group", 1), at.get("dilations", [1, 1]))
            assert out.shape[2] > 0 and len(k) == 2
        elif nd.op_type == "Identity":
            out = ins[0]
        elif nd.op_type == "Relu":
            out = np.maximum(ins[0], 0)
        elif nd.op_type == "Sigmoid":
            out = 1 / (1 + np.exp(-ins[0]))
        elif nd.op_type == "Concat":
            out = np.concatenate(ins, axis=at["axis"])
        elif nd.op_type == "Resize":
            assert at.get("mode", b"nearest") in (b"nearest", "nearest")
            scales = ins[2]
            assert scales is not None and scales.size == 4 and np.all(scales[:2] == 1)
            s = scales[2:].astype(int)
            assert np.all(scales[2:] == s)
            out = ins[0].repeat(s[0], axis=2).repeat(s[1], axis=3)
        else:
            raise NotImplementedError(nd.op_type)
        env[nd.output[0]] = out
    return [env[o.name] for o in m.graph.output]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", default="models/lidar_bev/model.onnx")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--check-data", help="a KITTI folder whose first frames are compared (random input otherwise)")
    ap.add_argument("--check-frames", type=int, default=3)
    ap.add_argument("--reference", help="write the first check frame's raster sums, output sums and "
                    "detections (score >= 0.3) here as JSON: a reference for other runners")
    a = ap.parse_args()
    torch.manual_seed(0)

    net = model.BevNet()
    net.load_state_dict(torch.load(a.checkpoint, map_location="cpu"))
    exp = model.Exported(net).eval()
    dummy = torch.zeros(1, bev.C_IN, bev.H, bev.W)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.onnx.export(exp, dummy, a.out, opset_version=a.opset, input_names=[INPUT], output_names=OUTPUTS,
                      do_constant_folding=True)
    m = onnx.load(a.out)
    m.producer_name = "tools/train/export.py"
    m.doc_string = ("Lidar BEV detector (models/lidar_bev/MODEL_CARD.md): input bev [1,3,160,176], "
                    "outputs heatmap [1,3,80,88] (logits), regression [1,8,80,88]")
    onnx.save(m, a.out)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})
    print(f"wrote {a.out} ({os.path.getsize(a.out) / 1e6:.2f} MB), opset {a.opset}, ops {ops}")
    for v in list(m.graph.input) + list(m.graph.output):
        dims = [d.dim_value for d in v.type.tensor_type.shape.dim]
        print(f"  {v.name}: float32 {dims}")

    if a.check_data:
        import data
        ids, rasters, _, _ = data.load_split(a.check_data)
        xs = [rasters[i:i + 1].astype(np.float32) for i in range(min(a.check_frames, len(rasters)))]
    else:
        xs = [np.random.default_rng(0).random((1, bev.C_IN, bev.H, bev.W), dtype=np.float32)]
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(a.out, providers=["CPUExecutionProvider"])
        runner, how = (lambda x: sess.run(OUTPUTS, {INPUT: x})), "ONNX Runtime " + ort.__version__
    except ImportError:
        runner, how = (lambda x: run_numpy(m, x)), "the NumPy ONNX interpreter (onnxruntime not importable)"
    worst = 0.0
    with torch.no_grad():
        for x in xs:
            th, tr = exp(torch.from_numpy(x))
            oh, orr = runner(x)
            d = max(float(np.abs(th.numpy() - oh).max()), float(np.abs(tr.numpy() - orr).max()))
            worst = max(worst, d)
    print(f"PyTorch vs {how}: max |difference| {worst:.2e} over {len(xs)} input(s)")
    if a.reference and a.check_data:
        import json
        with torch.no_grad():
            h, r = exp(torch.from_numpy(xs[0]))
        dets = bev.decode(h[0].numpy(), r[0].numpy(), 0.3, 64)
        ref = dict(
            data=os.path.join(os.path.basename(os.path.normpath(a.check_data)), "velodyne", ids[0] + ".bin"),
            note="tools/train/specs/val.yaml frame " + ids[0] + "; velodyne file = the lidar.v1 sweep's compensated points",
            raster_channel_sums=[float(v) for v in xs[0][0].astype(np.float64).sum(axis=(1, 2))],
            raster_nonzero_cells=int((xs[0][0, 2] > 0).sum()),
            heatmap_logit_sum=float(h.double().sum()), regression_sum=float(r.double().sum()),
            detections=[{k: (round(v, 4) if isinstance(v, float) else (bev.CLASSES[v] if k == "cls" else v))
                         for k, v in d.items()} for d in dets])
        with open(a.reference, "w") as f:
            json.dump(ref, f, indent=1)
        print(f"wrote {a.reference}: {len(dets)} detections")
    if worst > 1e-3:
        sys.exit(f"mismatch {worst}")


if __name__ == "__main__":
    main()
