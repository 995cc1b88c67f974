"""A small CenterNet-style image detector: an encoder to 1/16, a two-step decoder back to 1/4, a
heatmap head (class logits) and a box head (dx, dy, log_w, log_h)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

import cam
from model import cbr  # the lidar network's conv-BN-ReLU block


class CamNet(nn.Module):
    """[N, 3, 128, 256] -> heatmap logits [N, 3, 32, 64], regression [N, 4, 32, 64]."""

    def __init__(self, c=(16, 24, 48, 64), head=24):
        super().__init__()
        self.stem = cbr(3, c[0], 2)                                   # 1/2
        self.d1 = nn.Sequential(cbr(c[0], c[1], 2), cbr(c[1], c[1]))  # 1/4
        self.d2 = nn.Sequential(cbr(c[1], c[2], 2), cbr(c[2], c[2]))  # 1/8
        self.d3 = nn.Sequential(cbr(c[2], c[3], 2), cbr(c[3], c[3]))  # 1/16
        self.u2 = cbr(c[3] + c[2], c[2])                              # 1/8
        self.u1 = cbr(c[2] + c[1], head)                              # 1/4
        self.hm = nn.Sequential(nn.Conv2d(head, head, 3, 1, 1), nn.ReLU(inplace=True),
                                nn.Conv2d(head, cam.K, 1))
        self.reg = nn.Sequential(nn.Conv2d(head, head, 3, 1, 1), nn.ReLU(inplace=True),
                                 nn.Conv2d(head, cam.R, 1))
        nn.init.constant_(self.hm[-1].bias, -4.6)  # prior 0.01 (CenterNet's -2.19 is for 0.1)

    def forward(self, x):
        x1 = self.d1(self.stem(x))
        x2 = self.d2(x1)
        x3 = self.d3(x2)
        y2 = self.u2(torch.cat([F.interpolate(x3, scale_factor=2.0, mode="nearest"), x2], 1))
        y1 = self.u1(torch.cat([F.interpolate(y2, scale_factor=2.0, mode="nearest"), x1], 1))
        return self.hm(y1), self.reg(y1)
