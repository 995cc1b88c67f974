#!/usr/bin/python3
"""Builds the tiny ONNX models that tests/Perception.Tests runs (docs/perception-models.md).

Every weight is fixed by hand, so a test can compute a model's output from its input with pen
and paper. Needs only python3-onnx (Debian; onnx.helper, numpy), no torch. Writes into the
directory given as the first argument (default: this script's directory). The output bytes
depend only on this script: IR version, opset and producer are pinned, nothing random, no
timestamps; a test regenerates the files and compares them byte for byte.

Input "bev": float32 [1, 3, H, W], channels (max_height, mean_intensity, density) as the model
spec bev_toy.yaml orders them; H and W are symbolic. The camera model cam_toy reads "image"
float32 [1, 3, H, W] (planes r, g, b as cam_toy.yaml orders them, byte / 255).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

IR_VERSION = 8
OPSET = 13


def conv_weights():
    """The 1x1 convolutions of the toy head, as (weight, bias) of the heatmap and the regression."""
    # Heatmap logits: class 0 (vehicle) = 10 density - 5, so a cell of 7 points (density 0.5)
    # scores sigmoid(0) = 0.5 and an empty cell sigmoid(-5); class 1 (pedestrian) = -10 everywhere.
    hm_w = np.zeros((2, 3, 1, 1), dtype=np.float32)
    hm_b = np.array([-5.0, -10.0], dtype=np.float32)
    hm_w[0, 2, 0, 0] = 10.0
    # Regression channels: dx, dy, z, log l, log w, log h, sin yaw, cos yaw.
    # dx = 0.25, dy = 0.75, z = 0.5 max_height - 2, log l = ln 4, log w = ln 2, log h = ln 1.5,
    # sin = mean_intensity, cos = 0.5.
    rg_w = np.zeros((8, 3, 1, 1), dtype=np.float32)
    rg_b = np.array([0.25, 0.75, -2.0, np.log(4.0), np.log(2.0), np.log(1.5), 0.0, 0.5], dtype=np.float32)
    rg_w[2, 0, 0, 0] = 0.5
    rg_w[6, 1, 0, 0] = 1.0
    return hm_w, hm_b, rg_w, rg_b


def bev_input(channels=3):
    return helper.make_tensor_value_info("bev", TensorProto.FLOAT, [1, channels, "H", "W"])


def save(model, directory, name):
    onnx.checker.check_model(model)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(model.SerializeToString())


def make(graph):
    model = helper.make_model(graph, producer_name="sim-onnx-testmodels", producer_version="1",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    return model


def toy(directory):
    """bev_toy.onnx: the head above, outputs heatmap [1, 2, H, W] and regression [1, 8, H, W]."""
    hm_w, hm_b, rg_w, rg_b = conv_weights()
    nodes = [
        helper.make_node("Conv", ["bev", "hm_w", "hm_b"], ["heatmap"], name="heatmap_conv"),
        helper.make_node("Conv", ["bev", "rg_w", "rg_b"], ["regression"], name="regression_conv"),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in ((hm_w, "hm_w"), (hm_b, "hm_b"), (rg_w, "rg_w"), (rg_b, "rg_b"))]
    graph = helper.make_graph(nodes, "bev_toy", [bev_input()], [
        helper.make_tensor_value_info("heatmap", TensorProto.FLOAT, [1, 2, "H", "W"]),
        helper.make_tensor_value_info("regression", TensorProto.FLOAT, [1, 8, "H", "W"]),
    ], initializer=inits)
    save(make(graph), directory, "bev_toy.onnx")


def wrong_input(directory):
    """bev_wrong_input.onnx: the toy head on a 4-channel input of fixed 16 x 16 cells."""
    hm_w, hm_b, rg_w, rg_b = conv_weights()
    hm_w = np.concatenate([hm_w, np.zeros((2, 1, 1, 1), np.float32)], axis=1)
    rg_w = np.concatenate([rg_w, np.zeros((8, 1, 1, 1), np.float32)], axis=1)
    nodes = [
        helper.make_node("Conv", ["bev", "hm_w", "hm_b"], ["heatmap"]),
        helper.make_node("Conv", ["bev", "rg_w", "rg_b"], ["regression"]),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in ((hm_w, "hm_w"), (hm_b, "hm_b"), (rg_w, "rg_w"), (rg_b, "rg_b"))]
    graph = helper.make_graph(nodes, "bev_wrong_input", [
        helper.make_tensor_value_info("bev", TensorProto.FLOAT, [1, 4, 16, 16]),
    ], [
        helper.make_tensor_value_info("heatmap", TensorProto.FLOAT, [1, 2, 16, 16]),
        helper.make_tensor_value_info("regression", TensorProto.FLOAT, [1, 8, 16, 16]),
    ], initializer=inits)
    save(make(graph), directory, "bev_wrong_input.onnx")


def nan_output(directory):
    """bev_nan.onnx: the toy head, its regression plus Log(-1) = NaN in every element."""
    hm_w, hm_b, rg_w, rg_b = conv_weights()
    nodes = [
        helper.make_node("Conv", ["bev", "hm_w", "hm_b"], ["heatmap"]),
        helper.make_node("Conv", ["bev", "rg_w", "rg_b"], ["reg_raw"]),
        helper.make_node("Log", ["minus_one"], ["nan"]),
        helper.make_node("Add", ["reg_raw", "nan"], ["regression"]),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in ((hm_w, "hm_w"), (hm_b, "hm_b"), (rg_w, "rg_w"), (rg_b, "rg_b"))]
    inits.append(numpy_helper.from_array(np.array([-1.0], dtype=np.float32), "minus_one"))
    graph = helper.make_graph(nodes, "bev_nan", [bev_input()], [
        helper.make_tensor_value_info("heatmap", TensorProto.FLOAT, [1, 2, "H", "W"]),
        helper.make_tensor_value_info("regression", TensorProto.FLOAT, [1, 8, "H", "W"]),
    ], initializer=inits)
    save(make(graph), directory, "bev_nan.onnx")


def strided(directory):
    """bev_strided.onnx: declares symbolic output dims but its convolutions have stride 2, so at
    run time the outputs are half the size a stride-1 spec expects."""
    hm_w, hm_b, rg_w, rg_b = conv_weights()
    nodes = [
        helper.make_node("Conv", ["bev", "hm_w", "hm_b"], ["heatmap"], strides=[2, 2]),
        helper.make_node("Conv", ["bev", "rg_w", "rg_b"], ["regression"], strides=[2, 2]),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in ((hm_w, "hm_w"), (hm_b, "hm_b"), (rg_w, "rg_w"), (rg_b, "rg_b"))]
    graph = helper.make_graph(nodes, "bev_strided", [bev_input()], [
        helper.make_tensor_value_info("heatmap", TensorProto.FLOAT, [1, 2, "Ho", "Wo"]),
        helper.make_tensor_value_info("regression", TensorProto.FLOAT, [1, 8, "Ho", "Wo"]),
    ], initializer=inits)
    save(make(graph), directory, "bev_strided.onnx")


def cam_toy(directory, name="cam_toy", vehicle_bias=-5.0):
    """cam_toy.onnx: a 2-D box head of 1x1 convolutions with stride 2 (output cell (r, c) reads
    pixel (2r, 2c)). Heatmap logits: class 0 (vehicle) = 10 r - 5, class 1 (pedestrian) = 10 g - 5
    (r, g = byte / 255), so a pure red pixel scores sigmoid(5) and a black one sigmoid(-5).
    Regression (dx, dy, log_w, log_h) = (0.25 + 0.5 b, 0.75, ln 6, ln 4)."""
    hm_w = np.zeros((2, 3, 1, 1), dtype=np.float32)
    hm_w[0, 0, 0, 0] = 10.0
    hm_w[1, 1, 0, 0] = 10.0
    hm_b = np.array([vehicle_bias, -5.0], dtype=np.float32)
    rg_w = np.zeros((4, 3, 1, 1), dtype=np.float32)
    rg_w[0, 2, 0, 0] = 0.5
    rg_b = np.array([0.25, 0.75, np.log(6.0), np.log(4.0)], dtype=np.float32)
    nodes = [
        helper.make_node("Conv", ["image", "hm_w", "hm_b"], ["heatmap"], strides=[2, 2], name="heatmap_conv"),
        helper.make_node("Conv", ["image", "rg_w", "rg_b"], ["regression"], strides=[2, 2], name="regression_conv"),
    ]
    inits = [numpy_helper.from_array(a, n) for a, n in ((hm_w, "hm_w"), (hm_b, "hm_b"), (rg_w, "rg_w"), (rg_b, "rg_b"))]
    graph = helper.make_graph(nodes, name, [
        helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, "H", "W"]),
    ], [
        helper.make_tensor_value_info("heatmap", TensorProto.FLOAT, [1, 2, "Ho", "Wo"]),
        helper.make_tensor_value_info("regression", TensorProto.FLOAT, [1, 4, "Ho", "Wo"]),
    ], initializer=inits)
    save(make(graph), directory, name + ".onnx")


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(directory, exist_ok=True)
    toy(directory)
    wrong_input(directory)
    nan_output(directory)
    strided(directory)
    cam_toy(directory)
    # A second ensemble member: the same head with the vehicle logit 2 higher (10 r - 3), so the
    # two disagree by a known amount on every cell (the ensemble miner's test).
    cam_toy(directory, "cam_toy_b", vehicle_bias=-3.0)


if __name__ == "__main__":
    main()
