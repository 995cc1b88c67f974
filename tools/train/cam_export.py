"""Exports a trained camera 2-D detector to ONNX and checks the file (tools/train/README.md).

    /usr/bin/python3 tools/train/cam_export.py --checkpoint /tmp/al/m/base_s0/model.pt \
        --out models/camera_det/model.onnx --check-data /tmp/al/test --reference models/camera_det/reference_frame.json

Checks: onnx.checker; then the exported graph is run on real images and compared with PyTorch
(ONNX Runtime when importable, otherwise export.py's NumPy interpreter). --reference writes the
first check frame's input sums, output sums and detections (score >= 0.3): the C# runner's test.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cam  # noqa: E402
import cam_eval  # noqa: E402
from export import run_numpy  # noqa: E402

INPUT = "image"
OUTPUTS = ["heatmap", "regression"]


def export(checkpoint, out, opset=13):
    net = cam_eval.load(checkpoint)
    dummy = torch.zeros(1, 3, cam.H, cam.W)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    torch.onnx.export(net, dummy, out, opset_version=opset, input_names=[INPUT], output_names=OUTPUTS,
                      do_constant_folding=True)
    m = onnx.load(out)
    m.producer_name = "tools/train/cam_export.py"
    m.doc_string = (f"Camera 2-D detector (models/camera_det/MODEL_CARD.md): input image [1,3,{cam.H},{cam.W}] "
                    f"(planes R, G, B; (byte/255 - 0.3)/0.25), outputs heatmap [1,{cam.K},{cam.HO},{cam.WO}] (logits), "
                    f"regression [1,{cam.R},{cam.HO},{cam.WO}] (dx, dy, log_w, log_h)")
    onnx.save(m, out)
    onnx.checker.check_model(m)
    return net, m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", default="models/camera_det/model.onnx")
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--check-data", help="a KITTI folder whose first frames are compared (random input otherwise)")
    ap.add_argument("--check-frames", type=int, default=3)
    ap.add_argument("--reference", help="write the first check frame's reference values here (JSON)")
    a = ap.parse_args()
    torch.manual_seed(0)
    net, m = export(a.checkpoint, a.out, a.opset)
    ops = sorted({n.op_type for n in m.graph.node})
    print(f"wrote {a.out} ({os.path.getsize(a.out) / 1e6:.2f} MB), opset {a.opset}, ops {ops}")

    if a.check_data:
        ids = cam.frame_ids(a.check_data)[:a.check_frames]
        imgs = [cam.read_png(os.path.join(a.check_data, "image_2", i + ".png")) for i in ids]
        xs = [cam.normalise(im)[None] for im in imgs]
    else:
        ids, xs = [], [np.random.default_rng(0).standard_normal((1, 3, cam.H, cam.W)).astype(np.float32)]
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(a.out, providers=["CPUExecutionProvider"])
        runner, how = (lambda x: sess.run(OUTPUTS, {INPUT: x})), "ONNX Runtime " + ort.__version__
    except ImportError:
        runner, how = (lambda x: run_numpy(m, x)), "the NumPy ONNX interpreter (onnxruntime not importable)"
    worst = 0.0
    with torch.no_grad():
        for x in xs:
            th, tr = net(torch.from_numpy(x))
            oh, orr = runner(x)
            worst = max(worst, float(np.abs(th.numpy() - oh).max()), float(np.abs(tr.numpy() - orr).max()))
    print(f"PyTorch vs {how}: max |difference| {worst:.2e} over {len(xs)} input(s)")
    if a.reference and ids:
        with torch.no_grad():
            h, r = net(torch.from_numpy(xs[0]))
        dets = cam.decode(h[0].numpy(), r[0].numpy(), 0.3, 50)
        ref = dict(
            data=os.path.join(os.path.basename(os.path.normpath(a.check_data)), "image_2", ids[0] + ".png"),
            note=f"tools/train/specs/camera_test.yaml frame {ids[0]}; PyTorch's values (float32)",
            input_plane_sums=[float(v) for v in xs[0][0].astype(np.float64).sum(axis=(1, 2))],
            heatmap_logit_sum=float(h.double().sum()), regression_sum=float(r.double().sum()),
            detections=[dict(cls=cam.CLASSES[d["cls"]], score=round(d["score"], 5),
                             box=[round(v, 3) for v in d["box"]]) for d in dets])
        with open(a.reference, "w") as f:
            json.dump(ref, f, indent=1)
        print(f"wrote {a.reference}: {len(dets)} detections")
    if worst > 1e-3:
        sys.exit(f"mismatch {worst}")


if __name__ == "__main__":
    main()
