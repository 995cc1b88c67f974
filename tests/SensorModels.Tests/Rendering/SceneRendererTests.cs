using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;
using SimCore.Entities;
using SimCore.Simulation;

namespace SensorModels.Tests.Rendering;

[Collection("vulkan")]
public sealed class SceneRendererTests
{
    private const int W = 640, H = 400;
    private const double F = 800, Cx = 319.5, Cy = 199.5;
    private const int CubeId = 7;

    private static EntitySnapshot Entity(int id, EntityKind kind, double x, double y, double z, double l, double w, double h, double heading = 0)
        => new EntitySnapshot("e" + id, x, y, z, heading, 0, false, null, 0, 0, 0) { Id = id, Kind = kind, Length = l, Width = w, Height = h };

    /// <summary>A flat ground square (road) at z = 0 around the origin.</summary>
    private static SceneGeometry Ground(ReadOnlySpan<EntitySnapshot> entities)
    {
        var m = new MeshBuilder();
        m.Quad(new F3(-200, -200, 0), new F3(200, -200, 0), new F3(200, 200, 0), new F3(-200, 200, 0), SemanticClass.Road, Material.Asphalt);
        return SceneGeometry.FromMesh(m.Build(), default, entities);
    }

    private static CameraView Camera(double x = 0, double y = 0, double z = 1.5, double yaw = 0)
        => new(new Pose3(new Vec3(x, y, z), 0, 0, yaw), W, H, F, F, Cx, Cy);

    private static (double U, double V) Project(in CameraView cam, Vec3 world)
    {
        Vec3 p = cam.Pose.InverseTransformPoint(world);
        return (cam.Cx + cam.Fx * (-p.Y / p.X), cam.Cy + cam.Fy * (-p.Z / p.X));
    }

    /// <summary>Area centroid of the convex hull of the projected box corners: the mask a convex object covers.</summary>
    private static (double U, double V) HullCentroid(in CameraView cam, in EntitySnapshot e)
    {
        var pts = new List<(double U, double V)>();
        for (int k = 0; k < 8; k++)
        {
            var c = new Vec3(e.X + ((k & 1) != 0 ? 0.5 : -0.5) * e.Length, e.Y + ((k & 2) != 0 ? 0.5 : -0.5) * e.Width, e.Z + ((k & 4) != 0 ? e.Height : 0));
            pts.Add(Project(cam, c));
        }
        pts.Sort();
        var hull = new List<(double U, double V)>();
        static double Cross((double U, double V) o, (double U, double V) a, (double U, double V) b) => (a.U - o.U) * (b.V - o.V) - (a.V - o.V) * (b.U - o.U);
        foreach (var p in pts)
        {
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], p) <= 0) hull.RemoveAt(hull.Count - 1);
            hull.Add(p);
        }
        int lower = hull.Count + 1;
        for (int i = pts.Count - 2; i >= 0; i--)
        {
            while (hull.Count >= lower && Cross(hull[^2], hull[^1], pts[i]) <= 0) hull.RemoveAt(hull.Count - 1);
            hull.Add(pts[i]);
        }
        hull.RemoveAt(hull.Count - 1);
        double a = 0, cu = 0, cv = 0;
        for (int i = 0; i < hull.Count; i++)
        {
            var p = hull[i];
            var q = hull[(i + 1) % hull.Count];
            double cr = p.U * q.V - q.U * p.V;
            a += cr;
            cu += (p.U + q.U) * cr;
            cv += (p.V + q.V) * cr;
        }
        return (cu / (3 * a), cv / (3 * a));
    }

    private static (double U, double V, int Count) MaskCentroid(int[] instance, int id1)
    {
        double su = 0, sv = 0;
        int n = 0;
        for (int i = 0; i < instance.Length; i++)
        {
            if (instance[i] == id1)
            {
                su += i % W;
                sv += i / W;
                n++;
            }
        }
        return (su / n, sv / n, n);
    }

    [VulkanFact]
    public void Cube_lands_where_the_pinhole_calibration_predicts()
    {
        VulkanDevice device = VulkanTestDevice.Get();
        // A 0.5 m cube at several positions: ahead, left and up, right and down, rotated.
        EntitySnapshot[] cases =
        [
            Entity(CubeId, EntityKind.Obstacle, 20.25, 0, 1.25, 0.5, 0.5, 0.5),
            Entity(CubeId, EntityKind.Obstacle, 15, 3.2, 2.1, 0.5, 0.5, 0.5),
            Entity(CubeId, EntityKind.Obstacle, 30, -4.5, 0.2, 0.5, 0.5, 0.5),
            Entity(CubeId, EntityKind.Obstacle, 12, -1.3, 1.0, 0.5, 0.5, 0.5),
        ];
        using var renderer = new SceneRenderer(device, Ground(cases.AsSpan(0, 1)));
        CameraView cam = Camera();
        var targets = CameraTargets.Allocate(W, H, CameraOutputs.Rgb | CameraOutputs.Depth | CameraOutputs.Semantic | CameraOutputs.Instance);
        foreach (EntitySnapshot cube in cases)
        {
            renderer.Render([cam], [cube], Lighting.Noon, [targets]);
            (double u, double v, int n) = MaskCentroid(targets.Instance!, CubeId + 1);
            (double eu, double ev) = HullCentroid(cam, cube);
            Assert.True(n > 50, $"cube covers {n} pixels");
            Assert.True(Math.Abs(u - eu) < 0.5 && Math.Abs(v - ev) < 0.5, $"mask centroid ({u:F3}, {v:F3}), predicted ({eu:F3}, {ev:F3})");
            for (int i = 0; i < targets.Instance!.Length; i++)
            {
                if (targets.Instance[i] == CubeId + 1)
                {
                    Assert.Equal((byte)SemanticClass.Obstacle, targets.Semantic![i]);
                }
                else
                {
                    Assert.True(targets.Semantic![i] is (byte)SemanticClass.Road or 0, $"pixel {i}: semantic {targets.Semantic[i]}");
                    Assert.Equal(0, targets.Instance[i]);
                }
            }
        }
    }

    [VulkanFact]
    public void Depth_at_the_cube_face_is_the_distance_along_the_axis()
    {
        VulkanDevice device = VulkanTestDevice.Get();
        EntitySnapshot cube = Entity(CubeId, EntityKind.Obstacle, 20.25, 0, 1.25, 0.5, 0.5, 0.5); // front face at x = 20
        using var renderer = new SceneRenderer(device, Ground([cube]));
        var targets = CameraTargets.Allocate(W, H, CameraOutputs.Depth | CameraOutputs.Instance);
        renderer.Render([Camera()], [cube], Lighting.Noon, [targets]);
        for (int dv = -5; dv <= 5; dv++)
        {
            for (int du = -5; du <= 5; du++)
            {
                int i = (200 + dv) * W + 320 + du;
                Assert.Equal(CubeId + 1, targets.Instance![i]);
                Assert.True(Math.Abs(targets.Depth![i] - 20.0) < 0.01, $"depth {targets.Depth[i]} at ({320 + du}, {200 + dv})");
            }
        }
        // Sky above the horizon has no surface: 0.
        Assert.Equal(0f, targets.Depth![5 * W + 320]);
        // The ground at the bottom row: camera height 1.5 m, ray at v = 399 meets z = 0 at x = 1.5 fy / (v - cy).
        int bottom = (H - 1) * W + 320;
        Assert.True(Math.Abs(targets.Depth[bottom] - 1.5 * F / (H - 1 - Cy)) < 0.01, $"ground depth {targets.Depth[bottom]}");
    }

    [VulkanFact]
    public void The_same_frame_rendered_twice_is_identical()
    {
        VulkanDevice device = VulkanTestDevice.Get();
        EntitySnapshot[] es = [Entity(1, EntityKind.Car, 15, 2, 0, 4.5, 1.8, 1.5, 0.3), Entity(2, EntityKind.Pedestrian, 10, -2, 0, 0.5, 0.6, 1.8), Entity(CubeId, EntityKind.Obstacle, 25, 0, 0, 1, 1, 1)];
        using var renderer = new SceneRenderer(device, Ground(es));
        var a = CameraTargets.Allocate(W, H, CameraOutputs.Rgb | CameraOutputs.Depth | CameraOutputs.Semantic | CameraOutputs.Instance | CameraOutputs.Nv12);
        var b = CameraTargets.Allocate(W, H, CameraOutputs.Rgb | CameraOutputs.Depth | CameraOutputs.Semantic | CameraOutputs.Instance | CameraOutputs.Nv12);
        CameraView[] cams = [Camera(), Camera(yaw: 0.4)];
        var a2 = CameraTargets.Allocate(W, H, CameraOutputs.Rgb);
        var b2 = CameraTargets.Allocate(W, H, CameraOutputs.Rgb);
        renderer.Render(cams, es, Lighting.FromTimeOfDay(16), [a, a2]);
        renderer.Render(cams, es, Lighting.FromTimeOfDay(16), [b, b2]);
        Assert.Equal(a.Rgb, b.Rgb);
        Assert.Equal(a.Depth, b.Depth);
        Assert.Equal(a.Semantic, b.Semantic);
        Assert.Equal(a.Instance, b.Instance);
        Assert.Equal(a.Nv12, b.Nv12);
        Assert.Equal(a2.Rgb, b2.Rgb);
        Assert.NotEqual(a.Rgb, a2.Rgb);
        Assert.Contains(a.Instance!, i => i == 2);
        Assert.Contains(a.Instance!, i => i == 3);
    }

    [VulkanFact]
    public void At_night_a_pedestrian_in_headlights_is_brighter_than_one_outside_them()
    {
        VulkanDevice device = VulkanTestDevice.Get();
        EntitySnapshot[] es =
        [
            Entity(1, EntityKind.Car, 0, 0, 0, 4.5, 1.8, 1.5),
            Entity(2, EntityKind.Pedestrian, 15, 0, 0, 0.5, 0.6, 1.8),     // in the beam
            Entity(3, EntityKind.Pedestrian, 15, 9, 0, 0.5, 0.6, 1.8),     // 31 degrees off the beam axis
        ];
        using var renderer = new SceneRenderer(device, Ground(es));
        var t = CameraTargets.Allocate(W, H, CameraOutputs.Rgb | CameraOutputs.Instance);
        // A camera behind the windscreen, with the car hidden; wide enough to see both pedestrians.
        var cam = new CameraView(new Pose3(new Vec3(0.5, 0, 1.3), 0, 0, 0.25), W, H, 400, 400, Cx, Cy) { HiddenEntity = 1 };
        Lighting night = Lighting.FromTimeOfDay(23);
        Assert.True(night.VehicleLights);
        renderer.Render([cam], es, night, [t]);
        double lit = MeanLuma(t, 3), dark = MeanLuma(t, 4);
        // By day both are in sunlight: the contrast at night is the headlights', not the clothing's.
        renderer.Render([cam], es, Lighting.Noon, [t]);
        double dayRatio = MeanLuma(t, 3) / MeanLuma(t, 4);
        Assert.True(lit > 3 * dayRatio * dark && lit > dark + 20, $"night: lit pedestrian {lit:F1}, unlit {dark:F1}; day ratio {dayRatio:F2}");
    }

    [VulkanFact]
    public void At_night_a_street_lamp_lights_the_pedestrian_below_it()
    {
        VulkanDevice device = VulkanTestDevice.Get();
        EntitySnapshot[] es =
        [
            Entity(2, EntityKind.Pedestrian, 15, 0, 0, 0.5, 0.6, 1.8),     // 3 m beyond the lamp
            Entity(3, EntityKind.Pedestrian, 40, 9, 0, 0.5, 0.6, 1.8),     // 84 degrees off the lamp's axis, outside its 75-degree cone
        ];
        var m = new MeshBuilder();
        m.Quad(new F3(-200, -200, 0), new F3(200, -200, 0), new F3(200, 200, 0), new F3(-200, 200, 0), SemanticClass.Road, Material.Asphalt);
        using var renderer = new SceneRenderer(device, SceneGeometry.FromMesh(m.Build(), default, es, [new F3(12, 0, 8)]));
        var t = CameraTargets.Allocate(W, H, CameraOutputs.Rgb | CameraOutputs.Instance);
        var cam = new CameraView(new Pose3(new Vec3(0.5, 0, 1.3), 0, 0, 0.25), W, H, 400, 400, Cx, Cy);
        Lighting night = Lighting.FromTimeOfDay(23);
        Assert.True(night.StreetLightIntensity > 0);
        Assert.Equal(0, Lighting.Noon.StreetLightIntensity);
        renderer.Render([cam], es, night, [t]);
        double under = MeanLuma(t, 3), away = MeanLuma(t, 4);
        renderer.Render([cam], es, night with { StreetLightIntensity = 0 }, [t]);
        double off = MeanLuma(t, 3);
        // Hand estimate (linear light on the face toward the camera): 60 * cos 0.39 / (d^2 + 1 = 59) = 0.40 from the
        // lamp against about 0.02 night ambient; the far pedestrian gets ambient only.
        Assert.True(under > 2 * off && under > off + 20, $"pedestrian under the lamp {under:F1}, lamps off {off:F1}");
        Assert.True(under > 2 * away, $"under the lamp {under:F1}, away from it {away:F1}");
    }

    private static double MeanLuma(CameraTargets t, int id1)
    {
        double s = 0;
        int n = 0;
        for (int i = 0; i < t.Instance!.Length; i++)
        {
            if (t.Instance[i] == id1)
            {
                s += 0.2126 * t.Rgb![3 * i] + 0.7152 * t.Rgb[3 * i + 1] + 0.0722 * t.Rgb[3 * i + 2];
                n++;
            }
        }
        Assert.True(n > 20, $"entity {id1 - 1} covers {n} pixels");
        return s / n;
    }
}
