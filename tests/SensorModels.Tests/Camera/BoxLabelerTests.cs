using SensorModels.Camera;
using SensorModels.Mathematics;
using SimCore.Entities;
using SimCore.Simulation;

namespace SensorModels.Tests.Camera;

/// <summary>
/// 2-D boxes from instance masks. The masks here are ray-cast by the test itself against the
/// entities' boxes (obstacles are boxes), independently of the labeler's projection.
/// </summary>
public class BoxLabelerTests
{
    private static readonly Pose3 SensorPose = new(new Vec3(0, 0, 1.5), 0, 0, 0);

    internal static EntitySnapshot Box(int id, double x, double y, double length, double width, double height, double heading = 0)
        => new("e" + id, x, y, 0, heading, 0, false, null, 0, 0, 0) { Id = id, Kind = EntityKind.Obstacle, Length = length, Width = width, Height = height };

    /// <summary>Instance mask by casting each pixel's ray at every box (slabs in the box's frame); nearest wins.</summary>
    internal static int[] Mask(CameraModel cam, Pose3 sensorPose, params EntitySnapshot[] boxes)
    {
        Pose3 optical = CameraModel.OpticalPose(sensorPose);
        var mask = new int[cam.Width * cam.Height];
        for (int j = 0; j < cam.Height; j++)
        {
            for (int i = 0; i < cam.Width; i++)
            {
                if (!cam.TryUnproject(i, j, out double a, out double b))
                {
                    continue;
                }
                Vec3 d = optical.Rotate(new Vec3(a, b, 1));
                double best = double.MaxValue;
                foreach (EntitySnapshot e in boxes)
                {
                    var pose = new Pose3(new Vec3(e.X, e.Y, e.Z), 0, 0, e.Heading);
                    Vec3 o = pose.InverseTransformPoint(optical.Position), dl = pose.InverseRotate(d);
                    double t0 = 0, t1 = double.MaxValue;
                    Slab(o.X, dl.X, -e.Length / 2, e.Length / 2, ref t0, ref t1);
                    Slab(o.Y, dl.Y, -e.Width / 2, e.Width / 2, ref t0, ref t1);
                    Slab(o.Z, dl.Z, 0, e.Height, ref t0, ref t1);
                    if (t0 <= t1 && t0 < best)
                    {
                        best = t0;
                        mask[j * cam.Width + i] = e.Id + 1;
                    }
                }
            }
        }
        return mask;
    }

    private static void Slab(double o, double d, double lo, double hi, ref double t0, ref double t1)
    {
        if (Math.Abs(d) < 1e-15)
        {
            if (o < lo || o > hi)
            {
                t0 = double.MaxValue;
                t1 = double.MinValue;
            }
            return;
        }
        double a = (lo - o) / d, b = (hi - o) / d;
        t0 = Math.Max(t0, Math.Min(a, b));
        t1 = Math.Min(t1, Math.Max(a, b));
    }

    /// <summary>Bounding box of the 8 projected corners (continuous pixel coordinates).</summary>
    private static (double U0, double V0, double U1, double V1) CornerBox(CameraModel cam, EntitySnapshot e)
    {
        double u0 = double.MaxValue, v0 = double.MaxValue, u1 = double.MinValue, v1 = double.MinValue;
        foreach (double dx in new[] { -0.5, 0.5 })
        {
            foreach (double dy in new[] { -0.5, 0.5 })
            {
                foreach (double z in new[] { 0.0, e.Height })
                {
                    var corner = new Pose3(new Vec3(e.X, e.Y, e.Z), 0, 0, e.Heading).TransformPoint(new Vec3(dx * e.Length, dy * e.Width, z));
                    Assert.True(cam.TryProject(SensorPose.InverseTransformPoint(corner), out double u, out double v));
                    (u0, v0, u1, v1) = (Math.Min(u0, u), Math.Min(v0, v), Math.Max(u1, u), Math.Max(v1, v));
                }
            }
        }
        return (u0, v0, u1, v1);
    }

    public static TheoryData<string> Lenses => new() { "pinhole", "opencv" };

    private static CameraModel Camera(string lens) => new(new CameraIntrinsics(480, 320, 400, 400, 239.5, 159.5),
        lens == "opencv" ? new LensDistortion(LensModel.OpenCv, k1: -0.1, k2: 0.01, p1: 0.0005) : null);

    [Theory]
    [MemberData(nameof(Lenses))]
    public void UnoccludedBoxMatchesTheProjectedCornersWithin1Px(string lens)
    {
        CameraModel cam = Camera(lens);
        EntitySnapshot obstacle = Box(3, 15, 1.2, 2.5, 1.8, 1.4, heading: 0.4);
        int[] mask = Mask(cam, SensorPose, obstacle);
        var labeler = new BoxLabeler(cam, lens == "opencv" ? LensRemap.Build(cam) : null);
        labeler.Label(mask, SensorPose, [obstacle]);
        Box2D box = Assert.Single(labeler.Boxes.ToArray());
        (double u0, double v0, double u1, double v1) = CornerBox(cam, obstacle);
        Assert.Equal(3, box.EntityId);
        Assert.Equal(10, box.Class); // obstacle
        Assert.InRange(box.MinX - u0, -1, 1);
        Assert.InRange(box.MaxX - u1, -1, 1);
        Assert.InRange(box.MinY - v0, -1, 1);
        Assert.InRange(box.MaxY - v1, -1, 1);
        Assert.Equal(mask.Count(m => m == 4), box.Pixels);
        Assert.Equal(0, box.Truncation, 3);
        Assert.InRange(box.Occlusion, 0, 0.03);
        Assert.Equal(Math.Sqrt(15 * 15 + 1.2 * 1.2 + 0.8 * 0.8), box.Distance, 4);
    }

    [Fact]
    public void ObjectCentredOnTheImageEdgeIsHalfTruncated()
    {
        // Principal point on the left image edge (u = -0.5): a box symmetric about the optical axis
        // projects symmetrically about that edge, exactly half outside.
        var cam = new CameraModel(new CameraIntrinsics(480, 320, 400, 400, -0.5, 159.5));
        EntitySnapshot obstacle = Box(1, 12, 0, 2, 3, 2);
        var labeler = new BoxLabeler(cam, null);
        labeler.Label(Mask(cam, SensorPose, obstacle), SensorPose, [obstacle]);
        Box2D box = Assert.Single(labeler.Boxes.ToArray());
        Assert.Equal(0.5, box.Truncation, 4);
        Assert.Equal(0, box.MinX);
        Assert.InRange(box.Occlusion, 0, 0.03);
    }

    [Fact]
    public void ThinBoardAcrossTheRightEdgeIsAboutHalfTruncated()
    {
        var cam = new CameraModel(new CameraIntrinsics(480, 320, 400, 400, 239.5, 159.5));
        // The right edge u = 479.5 is 240 px right of the axis: at 20 m that is y = -12 m.
        EntitySnapshot board = Box(1, 20, -12, 0.1, 4, 2);
        var labeler = new BoxLabeler(cam, null);
        labeler.Label(Mask(cam, SensorPose, board), SensorPose, [board]);
        Box2D box = Assert.Single(labeler.Boxes.ToArray());
        Assert.InRange(box.Truncation, 0.47, 0.53);
        Assert.Equal(479, box.MaxX);
    }

    [Fact]
    public void HalfHiddenBoxIsHalfOccluded()
    {
        var cam = new CameraModel(new CameraIntrinsics(480, 320, 400, 400, 239.5, 159.5));
        EntitySnapshot back = Box(1, 30, 0, 2, 4, 3);
        // A wall at 10 m whose right edge is on the axis hides the back box's left half.
        EntitySnapshot wall = Box(2, 10, 3, 0.2, 6, 5);
        int[] mask = Mask(cam, SensorPose, back, wall);
        int visible = mask.Count(m => m == 2), alone = Mask(cam, SensorPose, back).Count(m => m == 2);
        var labeler = new BoxLabeler(cam, null);
        labeler.Label(mask, SensorPose, [back, wall]);
        Box2D b = labeler.Boxes.ToArray().Single(x => x.EntityId == 1);
        Assert.Equal(1 - visible / (double)alone, b.Occlusion, 2);
        Assert.InRange(b.Occlusion, 0.4, 0.6);
        Assert.Equal(visible, b.Pixels);
    }

    [Fact]
    public void LabellingAgainAllocatesNothing()
    {
        var cam = new CameraModel(new CameraIntrinsics(480, 320, 400, 400, 239.5, 159.5));
        EntitySnapshot[] boxes = [Box(1, 30, 0, 2, 4, 3), Box(2, 10, 3, 0.2, 6, 5)];
        int[] mask = Mask(cam, SensorPose, boxes);
        var labeler = new BoxLabeler(cam, null);
        labeler.Label(mask, SensorPose, boxes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        labeler.Label(mask, SensorPose, boxes);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(2, labeler.Count);
    }
}
