using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;
using SimCore.Entities;
using SimCore.Simulation;

namespace SensorModels.Tests.Rendering;

[Collection("vulkan")]
public sealed class RemapTests
{
    private const int W = 320, H = 200;

    private static SceneGeometry Scene(out EntitySnapshot[] es)
    {
        var m = new MeshBuilder();
        m.Quad(new F3(-200, -200, 0), new F3(200, -200, 0), new F3(200, 200, 0), new F3(-200, 200, 0), SemanticClass.Road, Material.Asphalt);
        es =
        [
            new EntitySnapshot("car", 12, 1, 0, 0.5, 0, false, null, 0, 0, 0) { Id = 4, Kind = EntityKind.Car, Length = 4.5, Width = 1.8, Height = 1.5 },
            new EntitySnapshot("box", 8, -1.5, 0, 0, 0, false, null, 0, 0, 0) { Id = 9, Kind = EntityKind.Obstacle, Length = 1, Width = 1, Height = 1 },
        ];
        return SceneGeometry.FromMesh(m.Build(), default, es);
    }

    private static CameraView Camera(RemapTable? remap = null)
        => new(new Pose3(new Vec3(0, 0, 1.5), 0, 0, 0), W, H, 250, 250, 159.5, 99.5) { Remap = remap };

    private const CameraOutputs All = CameraOutputs.Rgb | CameraOutputs.Depth | CameraOutputs.Semantic | CameraOutputs.Instance;

    [VulkanFact]
    public void Identity_remap_reproduces_the_render()
    {
        using var r = new SceneRenderer(VulkanTestDevice.Get(), Scene(out EntitySnapshot[] es));
        var xs = new float[W * H];
        var ys = new float[W * H];
        for (int i = 0; i < xs.Length; i++)
        {
            (xs[i], ys[i]) = (i % W, i / W);
        }
        var plain = CameraTargets.Allocate(W, H, All);
        var mapped = CameraTargets.Allocate(W, H, All);
        r.Render([Camera(), Camera(new RemapTable(W, H, xs, ys))], es, Lighting.Noon, [plain, mapped]);
        Assert.Equal(plain.Rgb, mapped.Rgb);
        Assert.Equal(plain.Depth, mapped.Depth);
        Assert.Equal(plain.Semantic, mapped.Semantic);
        Assert.Equal(plain.Instance, mapped.Instance);
    }

    [VulkanFact]
    public void Remap_samples_at_the_table_coordinates_and_blanks_outside()
    {
        using var r = new SceneRenderer(VulkanTestDevice.Get(), Scene(out EntitySnapshot[] es));
        // A half-size output: pixel (x, y) from render (2x + 0.5, 2y); the left column is outside (NaN), the top row negative.
        const int w = W / 2, h = H / 2;
        var xs = new float[w * h];
        var ys = new float[w * h];
        for (int i = 0; i < xs.Length; i++)
        {
            int x = i % w, y = i / w;
            xs[i] = x == 0 ? float.NaN : 2 * x + 0.5f;
            ys[i] = y == 0 ? -1 : 2 * y;
        }
        var plain = CameraTargets.Allocate(W, H, All);
        var mapped = CameraTargets.Allocate(w, h, All | CameraOutputs.Nv12);
        r.Render([Camera(), Camera(new RemapTable(w, h, xs, ys))], es, Lighting.Noon, [plain, mapped]);
        int checkedBlend = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = y * w + x;
                if (x == 0 || y == 0)
                {
                    Assert.Equal(0, mapped.Instance![o]);
                    Assert.Equal(0, mapped.Semantic![o]);
                    Assert.Equal(0f, mapped.Depth![o]);
                    Assert.Equal(0, mapped.Rgb![3 * o] + mapped.Rgb[3 * o + 1] + mapped.Rgb[3 * o + 2]);
                    continue;
                }
                int a = 2 * y * W + 2 * x, b = a + 1;
                // Nearest for ids: x + 0.5 rounds up to the right neighbour.
                Assert.Equal(plain.Instance![b], mapped.Instance![o]);
                Assert.Equal(plain.Semantic![b], mapped.Semantic![o]);
                for (int c = 0; c < 3; c++)
                {
                    double expect = (plain.Rgb![3 * a + c] + plain.Rgb[3 * b + c]) / 2.0;
                    Assert.True(Math.Abs(mapped.Rgb![3 * o + c] - expect) <= 1.0, $"colour at ({x}, {y}): {mapped.Rgb[3 * o + c]} vs {expect}");
                }
                float da = plain.Depth![a], db = plain.Depth[b], dc = plain.Depth[a + W], dd = plain.Depth[b + W];
                float lo = Math.Min(Math.Min(da, db), Math.Min(dc, dd)), hi = Math.Max(Math.Max(da, db), Math.Max(dc, dd));
                // The shader tests all four bilinear neighbours (the row below has weight 0 here).
                if (lo > 0 && hi - lo <= 0.5)
                {
                    Assert.True(Math.Abs(mapped.Depth![o] - (da + db) / 2) < 1e-3, $"depth at ({x}, {y})");
                    checkedBlend++;
                }
                else
                {
                    Assert.Equal(db, mapped.Depth![o]); // across an edge: nearest
                }
            }
        }
        Assert.True(checkedBlend > 1000);
        // NV12 of the same image: Y from the RGB by BT.709 limited range.
        for (int o = w + 1; o < w * h; o += 97)
        {
            double luma = (0.2126 * mapped.Rgb![3 * o] + 0.7152 * mapped.Rgb[3 * o + 1] + 0.0722 * mapped.Rgb[3 * o + 2]) / 255;
            Assert.True(Math.Abs(mapped.Nv12![o] - (16 + 219 * luma)) <= 1, $"Y at {o}");
        }
    }

    [VulkanFact]
    public void Nv12_of_a_grey_sky_is_the_bt709_limited_range_value()
    {
        using var r = new SceneRenderer(VulkanTestDevice.Get(), Scene(out EntitySnapshot[] es));
        // Looking straight up at a grey sky: every pixel is the clear colour.
        var cam = new CameraView(new Pose3(new Vec3(0, 0, 1.5), 0, -Math.PI / 2, 0), 64, 32, 50, 50, 31.5, 15.5);
        var t = CameraTargets.Allocate(64, 32, CameraOutputs.Rgb | CameraOutputs.Nv12);
        Lighting grey = Lighting.Noon with { Sky = (0.5f, 0.5f, 0.5f) };
        r.Render([cam], es, grey, [t]);
        int g = (int)Math.Round(255 * Math.Pow(0.5, 1 / 2.2));
        Assert.All(t.Rgb!, b => Assert.Equal(g, b));
        int y = (int)(16 + 219 * g / 255.0 + 0.5);
        Assert.All(t.Nv12!.AsSpan(0, 64 * 32).ToArray(), b => Assert.Equal(y, b));
        Assert.All(t.Nv12!.AsSpan(64 * 32).ToArray(), b => Assert.Equal(128, b));
    }
}
