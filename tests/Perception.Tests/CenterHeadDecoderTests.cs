using Perception.Decoding;
using Perception.Spec;

namespace Perception.Tests;

public class CenterHeadDecoderTests
{
    private const int W = 8, H = 8, Plane = W * H;

    private static void SetRegression(float[] reg, int cell, float dx, float dy, float z, float l, float w, float h, float sin, float cos)
    {
        float[] v = { dx, dy, z, MathF.Log(l), MathF.Log(w), MathF.Log(h), sin, cos };
        for (int ch = 0; ch < v.Length; ch++)
        {
            reg[ch * Plane + cell] = v[ch];
        }
    }

    [Fact]
    public void PeakDecodesToTheHandComputedBox()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("bev_toy"));
        var decoder = new CenterHeadDecoder(spec);
        var heat = new float[2 * Plane];
        Array.Fill(heat, -8f);
        var reg = new float[8 * Plane];
        // Pedestrian (class 1) peak at row 2, col 5 with logit 2; its neighbours score too
        // (logit 1, sigmoid 0.73 above the 0.3 threshold) but are not 3x3 maxima.
        for (int r = 1; r <= 3; r++)
        {
            for (int c = 4; c <= 6; c++)
            {
                heat[Plane + r * W + c] = 1f;
            }
        }
        heat[Plane + 2 * W + 5] = 2f;
        SetRegression(reg, 2 * W + 5, 0.3f, 0.6f, 0.9f, 0.8f, 0.6f, 1.7f, -0.6f, -0.8f);
        var found = new List<Detection>();
        Assert.True(decoder.Decode(heat, reg, found));

        Detection d = Assert.Single(found);
        Assert.Equal(1, d.ClassId);
        Assert.Equal("pedestrian", d.ClassName);
        Assert.Equal(1 / (1 + Math.Exp(-2)), d.Score, 5);
        // x = x_min + (col + dx) cell = 0 + 5.3; y = y_min + (row + dy) cell = -4 + 2.6.
        Assert.Equal(5.3f, d.X, 5);
        Assert.Equal(-1.4f, d.Y, 5);
        Assert.Equal(0.9f, d.Z, 6);
        Assert.Equal(0.8f, d.Length, 5);
        Assert.Equal(0.6f, d.Width, 5);
        Assert.Equal(1.7f, d.Height, 5);
        Assert.Equal(Math.Atan2(-0.6, -0.8), d.Yaw, 5);
        Assert.False(d.HasVelocity);
    }

    [Fact]
    public void ThresholdMaxObjectsOrderAndStride()
    {
        // Stride 2 on a 8 x 8 raster: a 4 x 4 head whose cells are 2 m; velocity regressed.
        string text = SpecText.Toy
            .Replace("stride: 1", "stride: 2")
            .Replace("max_objects: 16", "max_objects: 2")
            .Replace("regression_channels: [dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw]", "regression_channels: [vx, vy, dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw]")
            .Replace("{name: heatmap, type: float32, shape: [1, 2, H, W]}", "{name: heatmap, type: float32, shape: [1, 2, Ho, Wo]}")
            .Replace("{name: regression, type: float32, shape: [1, 8, H, W]}", "{name: regression, type: float32, shape: [1, 10, Ho, Wo]}");
        ModelSpec spec = ModelSpecReader.Parse("inline.yaml", text);
        var decoder = new CenterHeadDecoder(spec);
        const int w = 4, plane = 16;
        var heat = new float[2 * plane];
        Array.Fill(heat, -8f);
        var reg = new float[10 * plane];
        // Three separated peaks: logit 3 at (0, 0), 1 at (3, 3), 0.5 at (0, 3) class 1; and -0.9
        // (score 0.289, under 0.3) at (3, 0). max_objects 2 keeps the best two.
        heat[0] = 3f;
        heat[3 * w + 3] = 1f;
        heat[plane + 0 * w + 3] = 0.5f;
        heat[3 * w + 0] = -0.9f;
        int cell = 3 * w + 3;
        float[] v = { 1.5f, -0.5f, 0.5f, 0.25f, 0.1f, 0f, 0f, 0f, 0f, 1f };
        for (int ch = 0; ch < v.Length; ch++)
        {
            reg[ch * plane + cell] = v[ch];
        }
        var found = new List<Detection>();
        Assert.True(decoder.Decode(heat, reg, found));
        Assert.Equal(2, found.Count);
        Assert.Equal(1 / (1 + Math.Exp(-3)), found[0].Score, 5);
        Assert.Equal(1 / (1 + Math.Exp(-1)), found[1].Score, 5);
        // Second: col 3 + dx 0.5 = 3.5 output cells of 2 m -> x 7; row 3 + 0.25 -> y = -4 + 6.5.
        Assert.Equal(7f, found[1].X, 5);
        Assert.Equal(2.5f, found[1].Y, 5);
        Assert.True(found[1].HasVelocity);
        Assert.Equal(1.5f, found[1].Vx);
        Assert.Equal(-0.5f, found[1].Vy);
        Assert.Equal(0f, found[1].Yaw, 6);
        Assert.Equal(1f, found[1].Length, 6); // exp(0)
    }

    [Fact]
    public void NonFiniteOutputsYieldNoDetections()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("bev_toy"));
        var decoder = new CenterHeadDecoder(spec);
        var heat = new float[2 * Plane];
        heat[10] = 5f;
        var reg = new float[8 * Plane];
        reg[7 * Plane + 40] = float.PositiveInfinity;
        var found = new List<Detection> { default };
        Assert.False(decoder.Decode(heat, reg, found));
        Assert.Empty(found);
        reg[7 * Plane + 40] = 0;
        heat[3] = float.NaN;
        Assert.False(decoder.Decode(heat, reg, found));
    }
}
