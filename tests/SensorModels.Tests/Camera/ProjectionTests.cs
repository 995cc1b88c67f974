using SensorModels.Camera;
using SensorModels.Mathematics;

namespace SensorModels.Tests.Camera;

/// <summary>Forward projection against hand-computed values; inverse against the forward map.</summary>
public class ProjectionTests
{
    private static readonly CameraIntrinsics K = new(1920, 1208, 1000, 1000, 959.5, 603.5);

    [Fact]
    public void PinholeProjectsSensorFramePoints()
    {
        var cam = new CameraModel(K);
        // Sensor frame: 10 m ahead, 1 m to the right (y = -1), 0.5 m below: optical (1, 0.5, 10).
        Assert.True(cam.TryProject(new Vec3(10, -1, -0.5), out double u, out double v));
        Assert.Equal(1059.5, u, 12);
        Assert.Equal(653.5, v, 12);
        Assert.False(cam.TryProject(new Vec3(-10, 0, 0), out _, out _));
    }

    [Fact]
    public void FovGivesTheFocalLength()
    {
        CameraIntrinsics k = CameraIntrinsics.FromHorizontalFov(1920, 1208, Math.PI / 2);
        Assert.Equal(960, k.Fx, 9);
        Assert.Equal(960, k.Fy, 9);
        Assert.Equal(959.5, k.Cx);
        Assert.Equal(603.5, k.Cy);
        // A point at 45 degrees to the right lands on the right edge of the image.
        var cam = new CameraModel(k);
        Assert.True(cam.TryProject(new Vec3(1, -1, 0), out double u, out _));
        Assert.Equal(1919.5, u, 9);
    }

    [Fact]
    public void OpenCvDistortionMatchesHandComputedValues()
    {
        var cam = new CameraModel(K, new LensDistortion(LensModel.OpenCv, k1: -0.3, k2: 0.1, k3: -0.01, p1: 0.001, p2: -0.002));
        // a = 0.1, b = 0.05: r2 = 0.0125, radial = 1 - 0.3 r2 + 0.1 r2^2 - 0.01 r2^3 = 0.99626560546875;
        // xd = a radial + 2 p1 a b + p2 (r2 + 2 a^2), yd = b radial + p1 (r2 + 2 b^2) + 2 p2 a b.
        Assert.True(cam.TryProjectOptical(new Vec3(1, 0.5, 10), out double u, out double v));
        Assert.Equal(1059.071560546875, u, 9);
        Assert.Equal(653.3107802734376, v, 9);
    }

    [Fact]
    public void FisheyeMatchesHandComputedValues()
    {
        var k = new CameraIntrinsics(1280, 960, 500, 500, 639.5, 479.5);
        var cam = new CameraModel(k, new LensDistortion(LensModel.Fisheye, k1: 0.05, k2: -0.01, k3: 0.002, k4: -0.0005));
        // Optical (0.6, 0.8, 1): 45 degrees off axis; theta_d = theta (1 + k1 t^2 + k2 t^4 + k3 t^6 + k4 t^8) = 0.8069451753629986.
        Assert.True(cam.TryProjectOptical(new Vec3(0.6, 0.8, 1), out double u, out double v));
        Assert.Equal(881.5835526088996, u, 9);
        Assert.Equal(802.2780701451995, v, 9);
        // 100 degrees off axis: beyond the 85-degree limit of one pinhole render.
        Assert.False(cam.TryProjectOptical(new Vec3(Math.Sin(100 * Math.PI / 180), 0, Math.Cos(100 * Math.PI / 180)), out _, out _));
    }

    public static TheoryData<string> Lenses => new() { "opencv", "opencv-strong", "fisheye" };

    private static LensDistortion Lens(string name) => name switch
    {
        "opencv" => new LensDistortion(LensModel.OpenCv, k1: -0.3, k2: 0.1, k3: -0.01, p1: 0.001, p2: -0.002),
        "opencv-strong" => new LensDistortion(LensModel.OpenCv, k1: 0.25, k2: -0.05, k3: 0.004, p1: -0.003, p2: 0.002),
        _ => new LensDistortion(LensModel.Fisheye, k1: 0.05, k2: -0.01, k3: 0.002, k4: -0.0005),
    };

    [Theory]
    [MemberData(nameof(Lenses))]
    public void UndistortInvertsDistortWithin1e9(string name)
    {
        LensDistortion lens = Lens(name);
        var rng = new Random(5);
        double worst = 0;
        for (int i = 0; i < 20000; i++)
        {
            // Directions up to 95 % of the lens's largest angle, all around the axis.
            double theta = rng.NextDouble() * lens.MaxTheta * 0.95, phi = rng.NextDouble() * 2 * Math.PI;
            double a = Math.Tan(theta) * Math.Cos(phi), b = Math.Tan(theta) * Math.Sin(phi);
            Assert.True(lens.TryDistortRay(a, b, 1, out double xd, out double yd));
            Assert.True(lens.TryUndistort(xd, yd, out double a2, out double b2), $"{name}: no inverse at theta {theta}");
            // Relative to the radius: far off axis tan(theta) is large.
            worst = Math.Max(worst, Math.Max(Math.Abs(a2 - a), Math.Abs(b2 - b)) / Math.Max(1, Math.Tan(theta)));
        }
        Assert.True(worst < 1e-9, $"{name}: worst round-trip error {worst}");
    }

    [Fact]
    public void DistortionBeyondTheTurningPointIsOutsideTheField()
    {
        // k1 = -0.3 alone: r (1 - 0.3 r^2) turns at r = 1 / sqrt(0.9).
        var lens = new LensDistortion(LensModel.OpenCv, k1: -0.3);
        Assert.Equal(1 / Math.Sqrt(0.9), lens.MaxUndistortedRadius, 6);
        // The largest distorted radius is then r (1 - 0.3 r^2) = 0.70273: nothing of the field lands beyond it.
        Assert.False(lens.TryUndistort(0.71, 0, out _, out _));
        Assert.True(lens.TryUndistort(0.6, 0, out double a, out _));
        Assert.Equal(0.6, a * (1 - 0.3 * a * a), 12);
    }

    [Fact]
    public void OpticalPoseLooksAlongTheSensorsXAxis()
    {
        var sensor = new Pose3(new Vec3(1, 2, 3), 0, 0, Math.PI / 2); // looking north
        Pose3 optical = CameraModel.OpticalPose(sensor);
        Vec3 z = optical.Rotate(new Vec3(0, 0, 1)), x = optical.Rotate(new Vec3(1, 0, 0)), y = optical.Rotate(new Vec3(0, 1, 0));
        Assert.Equal(0, z.X, 12); Assert.Equal(1, z.Y, 12); Assert.Equal(0, z.Z, 12);   // forward = north
        Assert.Equal(1, x.X, 12); Assert.Equal(0, x.Y, 12);                               // right = east
        Assert.Equal(-1, y.Z, 12);                                                         // down
        // Consistent with SensorToOptical.
        Vec3 p = new(5, -1, 0.5);
        Vec3 world = sensor.TransformPoint(p);
        Vec3 o = optical.InverseTransformPoint(world), e = CameraModel.SensorToOptical(p);
        Assert.Equal(e.X, o.X, 12); Assert.Equal(e.Y, o.Y, 12); Assert.Equal(e.Z, o.Z, 12);
    }
}

/// <summary>Remap tables: output pixels to the undistorted render.</summary>
public class RemapTests
{
    [Fact]
    public void RadialPixelMapsToTheSolvedUndistortedRay()
    {
        // fx = 500, k1 = -0.2: the pixel 100 px right of the principal point has xd = 0.2, whose
        // undistorted a solves a - 0.2 a^3 = 0.2: a = 0.20163967572340463 (bisection, by hand).
        var k = new CameraIntrinsics(641, 481, 500, 500, 320, 240);
        var remap = LensRemap.Build(new CameraModel(k, new LensDistortion(LensModel.OpenCv, k1: -0.2)));
        CameraIntrinsics r = remap.Render;
        int p = 240 * 641 + 420;
        Assert.Equal(r.Fx * 0.20163967572340463 + r.Cx, remap.SourceX[p], 3);
        Assert.Equal(r.Cy, remap.SourceY[p], 3);
        // The principal point maps to the render's.
        Assert.Equal(r.Cx, remap.SourceX[240 * 641 + 320], 3);
        Assert.Equal(r.Cy, remap.SourceY[240 * 641 + 320], 3);
    }

    [Theory]
    [InlineData("opencv")]
    [InlineData("fisheye")]
    public void EverySourceLiesInsideTheRenderAndProjectsBack(string model)
    {
        var k = new CameraIntrinsics(320, 200, 180, 180, 159.5, 99.5);
        LensDistortion lens = model == "opencv"
            ? new LensDistortion(LensModel.OpenCv, k1: -0.28, k2: 0.07, p1: 0.001, p2: -0.001)
            : new LensDistortion(LensModel.Fisheye, k1: 0.02, k2: -0.003);
        var cam = new CameraModel(k, lens);
        var remap = LensRemap.Build(cam);
        CameraIntrinsics r = remap.Render;
        int valid = 0;
        for (int j = 0; j < k.Height; j++)
        {
            for (int i = 0; i < k.Width; i++)
            {
                float sx = remap.SourceX[j * k.Width + i], sy = remap.SourceY[j * k.Width + i];
                if (float.IsNaN(sx))
                {
                    continue;
                }
                valid++;
                // Bilinear sampling needs the neighbouring texel: strictly inside the render.
                Assert.InRange(sx, 0, r.Width - 1);
                Assert.InRange(sy, 0, r.Height - 1);
                // The render's ray through the source projects back onto the output pixel.
                Assert.True(cam.TryProjectOptical(new Vec3((sx - r.Cx) / r.Fx, (sy - r.Cy) / r.Fy, 1), out double u, out double v));
                Assert.Equal(i, u, 2);
                Assert.Equal(j, v, 2);
            }
        }
        Assert.Equal(k.Width * k.Height, valid);
        Assert.True(remap.Density >= 0.999, $"density {remap.Density}");
    }

    [Fact]
    public void WideFisheyeCornersOutsideTheFieldAreNaN()
    {
        // Equidistant f = 100 on a 400 x 400 image: the corners are 2.83 rad off axis, beyond 85 degrees.
        var k = new CameraIntrinsics(400, 400, 100, 100, 199.5, 199.5);
        var remap = LensRemap.Build(new CameraModel(k, new LensDistortion(LensModel.Fisheye)));
        Assert.True(float.IsNaN(remap.SourceX[0]));
        Assert.False(float.IsNaN(remap.SourceX[200 * 400 + 200]));
        Assert.True(remap.Render.Width <= LensRemap.DefaultMaxRenderSize);
    }
}
