using SensorModels.Camera;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;
using SensorModels.Tests.Rendering;
using SimCore.Entities;
using SimCore.Simulation;

namespace SensorModels.Tests.Camera;

/// <summary>
/// The renderer's remap pass with our lenses: a small bright cube lands where the calibration
/// predicts. The prediction is the centroid of the cube's mask ray-cast on the CPU through the
/// lens model (each pixel's ray from the Newton inverse, intersected with the cube's faces).
/// </summary>
[Collection("vulkan")]
public sealed class LensRenderingTests
{
    private const int W = 640, H = 400;
    private static readonly Pose3 SensorPose = new(new Vec3(0, 0, 1.5), 0, 0, 0);

    private static SceneGeometry Ground(ReadOnlySpan<EntitySnapshot> entities)
    {
        var m = new MeshBuilder();
        m.Quad(new F3(-200, -200, 0), new F3(200, -200, 0), new F3(200, 200, 0), new F3(-200, 200, 0), SemanticClass.Road, Material.Asphalt);
        return SceneGeometry.FromMesh(m.Build(), default, entities);
    }

    private static (double U, double V, int N) Centroid(int[] mask, int id1)
    {
        double su = 0, sv = 0;
        int n = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] == id1)
            {
                su += i % W;
                sv += i / W;
                n++;
            }
        }
        return (su / n, sv / n, n);
    }

    public static TheoryData<string, double, double> Cases => new()
    {
        { "opencv", 10, 2.5 },
        { "opencv", 8, -3.2 },
        { "fisheye", 6, 4.5 },
        { "fisheye", 5, -1.0 },
    };

    [VulkanTheory]
    [MemberData(nameof(Cases))]
    public void CubeLandsAtThePredictedPixel(string lens, double x, double y)
    {
        CameraModel cam = lens == "opencv"
            ? new CameraModel(new CameraIntrinsics(W, H, 420, 420, 319.5, 199.5), new LensDistortion(LensModel.OpenCv, k1: -0.25, k2: 0.06, p1: 0.001, p2: -0.0015))
            : new CameraModel(CameraIntrinsics.FromHorizontalFovEquidistant(W, H, 150 * Math.PI / 180), new LensDistortion(LensModel.Fisheye, k1: 0.02, k2: -0.004, k3: 0.0005));
        LensRemap remap = LensRemap.Build(cam);
        EntitySnapshot cube = BoxLabelerTests.Box(4, x, y, 0.4, 0.4, 0.4) with { Z = 1.3 };
        EntitySnapshot[] entities = [cube];
        using var renderer = new SceneRenderer(VulkanTestDevice.Get(), Ground(entities));
        CameraIntrinsics r = remap.Render;
        var view = new CameraView(SensorPose, r.Width, r.Height, r.Fx, r.Fy, r.Cx, r.Cy) { Remap = new RemapTable(W, H, remap.SourceX, remap.SourceY) };
        var targets = CameraTargets.Allocate(W, H, CameraOutputs.Instance | CameraOutputs.Rgb);
        renderer.Render([view], entities, Lighting.Noon, [targets]);
        (double u, double v, int n) = Centroid(targets.Instance!, 5);
        (double eu, double ev, int en) = Centroid(BoxLabelerTests.Mask(cam, SensorPose, cube), 5);
        Assert.True(n > 20, $"cube covers {n} pixels");
        Assert.True(Math.Abs(u - eu) <= 0.5 && Math.Abs(v - ev) <= 0.5, $"{lens}: rendered centroid ({u:F2}, {v:F2}) vs predicted ({eu:F2}, {ev:F2}), {n} vs {en} px");
        // And near the cube centre's projection (a small cube: its mask centroid is close to it).
        Assert.True(cam.TryProject(SensorPose.InverseTransformPoint(new Vec3(x, y, 1.5)), out double pu, out double pv));
        Assert.InRange(Math.Abs(u - pu), 0, 3);
        Assert.InRange(Math.Abs(v - pv), 0, 3);
    }
}

/// <summary>A theory that needs a Vulkan device: skipped with the reason without one, failing under SIM_REQUIRE_ALL=1.</summary>
public sealed class VulkanTheoryAttribute : TheoryAttribute
{
    public VulkanTheoryAttribute()
    {
        if (!VulkanTestDevice.Required && !VulkanTestDevice.Available)
        {
            Skip = "no Vulkan device: " + VulkanTestDevice.Why + " (set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}
