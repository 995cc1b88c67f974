"""A small U-Net-lite BEV CNN with a CenterPoint-style head (class heatmap + box regression)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

import bev


def cbr(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class BevNet(nn.Module):
    """[1, 3, 160, 176] -> heatmap logits [1, 3, 80, 88], regression [1, 8, 80, 88] (rows y, columns x)."""

    def __init__(self, c=(24, 32, 64, 96), head=32):
        super().__init__()
        self.stem = cbr(bev.C_IN, c[0])                              # 160 x 176
        self.d1 = nn.Sequential(cbr(c[0], c[1], 2), cbr(c[1], c[1]))  # 80 x 88
        self.d2 = nn.Sequential(cbr(c[1], c[2], 2), cbr(c[2], c[2]))  # 40 x 44
        self.d3 = nn.Sequential(cbr(c[2], c[3], 2), cbr(c[3], c[3]))  # 20 x 22
        self.u2 = cbr(c[3] + c[2], c[2])                              # 40 x 44
        self.u1 = cbr(c[2] + c[1], head)                              # 80 x 88
        self.hm = nn.Sequential(nn.Conv2d(head, head, 3, 1, 1), nn.ReLU(inplace=True),
                                nn.Conv2d(head, bev.K, 1))
        self.reg = nn.Sequential(nn.Conv2d(head, head, 3, 1, 1), nn.ReLU(inplace=True),
                                 nn.Conv2d(head, bev.R, 1))
        nn.init.constant_(self.hm[-1].bias, -2.19)  # prior 0.1, CenterNet

    def forward(self, x):
        x0 = self.stem(x)
        x1 = self.d1(x0)
        x2 = self.d2(x1)
        x3 = self.d3(x2)
        y2 = self.u2(torch.cat([F.interpolate(x3, scale_factor=2.0, mode="nearest"), x2], 1))
        y1 = self.u1(torch.cat([F.interpolate(y2, scale_factor=2.0, mode="nearest"), x1], 1))
        return self.hm(y1), self.reg(y1)  # heatmap logits, regression


class Exported(nn.Module):
    """The graph that is exported: heatmap as class logits (score = sigmoid), as the C# runner's
    center_head decoder expects."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return self.net(x)
