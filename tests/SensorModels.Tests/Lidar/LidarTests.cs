using System.Buffers.Binary;
using SensorModels.Geometry;
using SensorModels.Lidar;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Entities;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Tests.Lidar;

public class LidarTests
{
    internal sealed class RecordingSink : ISensorSink
    {
        public List<(SensorFrame Frame, byte[] Payload)> Outputs { get; } = new();

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Outputs.Add((frame, payload.ToArray()));
    }

    internal readonly record struct Point(float X, float Y, float Z, float Range, float Intensity, float Time, int Entity, int Ring, int Column, SemanticClass Class, Vec3 Compensated);

    internal static List<Point> Parse(byte[] payload)
    {
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(4));
        bool comp = (BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(6)) & 1) != 0;
        Assert.Equal(LidarSensor.HeaderBytes + n * stride, payload.Length);
        var list = new List<Point>();
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<byte> q = payload.AsSpan(LidarSensor.HeaderBytes + k * stride, stride);
            float F(int o) => BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(LidarSensor.HeaderBytes + k * stride + o));
            list.Add(new Point(F(0), F(4), F(8), F(12), F(16), F(20), BinaryPrimitives.ReadInt32LittleEndian(q[24..]),
                BinaryPrimitives.ReadUInt16LittleEndian(q[28..]), BinaryPrimitives.ReadUInt16LittleEndian(q[30..]), (SemanticClass)q[32],
                comp ? new Vec3(F(36), F(40), F(44)) : default));
        }
        return list;
    }

    private static readonly Material WallMaterial = new(0.5f, RadarClass.Medium);

    /// <summary>A square wall facing -x at x = <paramref name="x"/>, 400 m wide and high.</summary>
    internal static TriangleMesh Wall(double x)
    {
        var m = new MeshBuilder();
        float fx = (float)x;
        m.Quad(new F3(fx, -200, -200), new F3(fx, 200, -200), new F3(fx, 200, 200), new F3(fx, -200, 200), SemanticClass.Barrier, WallMaterial);
        return m.Build();
    }

    private static readonly RoadNetwork NoRoads = new([]);

    private static LidarSensor Lidar(LidarConfig c, Pose3? mount = null, string name = "lidar", double rate = 10)
        => new(new SensorDefinition(name, "lidar", mount ?? Pose3.Identity, rate, 0, default), c);

    private static List<Point> Sweep(LidarSensor lidar, SensorWorld world, long endNs = 100_000_000)
    {
        var sink = new RecordingSink();
        lidar.Capture(world, sink, new SimTime(endNs - (long)Math.Round(lidar.AcquisitionSeconds * 1e9)), new SimTime(endNs));
        return Parse(Assert.Single(sink.Outputs).Payload);
    }

    private static int HalfWallCount(LidarConfig c, double d)
    {
        int n = 0;
        foreach (double el in c.Elevations)
        {
            foreach (double az in c.Azimuths)
            {
                double k = Math.Cos(el) * Math.Cos(az);
                if (k > 0 && d / k <= c.MaxRange)
                {
                    n++;
                }
            }
        }
        return n;
    }

    [Fact]
    public void AWallAtKnownDistanceIsMeasuredExactlyWithoutNoise()
    {
        var c = new LidarConfig { Elevations = LidarConfig.Uniform(16, 15, 15), Azimuths = LidarConfig.Turn(360), RangeNoise = 0, IntensityThreshold = 0 };
        LidarSensor lidar = Lidar(c);
        lidar.Scene = SceneGeometry.FromMesh(Wall(10), default, default);
        List<Point> pts = Sweep(lidar, new SensorWorld(NoRoads, 0, 1));
        Assert.Equal(HalfWallCount(c, 10), pts.Count);
        foreach (Point p in pts)
        {
            Vec3 d = lidar.RayDirection(p.Column, p.Ring);
            double expected = 10 / d.X;
            Assert.Equal(expected, p.Range, 1e-4); // float traversal: 1e-5 relative
            Assert.Equal(10, p.X, 1e-4);
            Assert.Equal(-1, p.Entity);
            Assert.Equal(SemanticClass.Barrier, p.Class);
            Assert.Equal(lidar.RayTime(p.Column, p.Ring), p.Time, 6);
        }
    }

    [Fact]
    public void RangeNoiseHasTheConfiguredSigma()
    {
        var c = new LidarConfig { Elevations = LidarConfig.Uniform(32, 10, 10), Azimuths = LidarConfig.Turn(720), RangeNoise = 0.05, IntensityThreshold = 0 };
        LidarSensor lidar = Lidar(c);
        lidar.Scene = SceneGeometry.FromMesh(Wall(10), default, default);
        List<Point> pts = Sweep(lidar, new SensorWorld(NoRoads, 0, 1));
        double[] err = pts.Select(p => p.Range - 10 / lidar.RayDirection(p.Column, p.Ring).X).ToArray();
        double mean = err.Average(), sd = Math.Sqrt(err.Select(e => (e - mean) * (e - mean)).Average());
        Assert.True(err.Length > 5000);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(sd, 0.045, 0.055);
        Assert.All(err, e => Assert.InRange(e, -0.3, 0.3)); // 6 sigma
    }

    [Fact]
    public void ABoxOfKnownSizeGetsTheRaysThatGeometricallyHitIt()
    {
        // A 2 x 2 x 2 m obstacle centred at x = 10 on the ground; the lidar 1 m up at the origin.
        // Its front face (x = 9, |y| <= 1, 0 <= z <= 2) is hit by rays with |9 tan az| <= 1 and
        // 0 <= 1 + 9 tan el / cos az <= 2: azimuths -6..6 deg (13 columns of 1 deg) and elevations
        // -5, -3, -1, 1, 3, 5 deg (6 of the 16 channels 2 deg apart from -15): 78 rays.
        var box = new EntitySnapshot("box", 10, 0, 0, 0, 0, false, null, 0, 0, 0) { Id = 3, Kind = EntityKind.Obstacle, Length = 2, Width = 2, Height = 2 };
        var c = new LidarConfig { Elevations = LidarConfig.Uniform(16, 15, 15), Azimuths = LidarConfig.Turn(360), RangeNoise = 0, IntensityThreshold = 0 };
        LidarSensor lidar = Lidar(c, new Pose3(new Vec3(0, 0, 1), 0, 0, 0));
        lidar.Scene = SceneGeometry.FromMesh(new MeshBuilder().Build(), default, [box]);
        List<Point> pts = Sweep(lidar, new SensorWorld(NoRoads, 0, 1));
        Assert.Equal(78, pts.Count);
        var columns = pts.Select(p => p.Column).Distinct().OrderBy(a => a).ToArray();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 354, 355, 356, 357, 358, 359], columns);
        var rings = pts.Select(p => p.Ring).Distinct().OrderBy(r => r).ToArray();
        Assert.Equal([5, 6, 7, 8, 9, 10], rings);
        foreach (Point p in pts)
        {
            Assert.Equal(3, p.Entity);
            Assert.Equal(SemanticClass.Obstacle, p.Class);
            Assert.Equal(9, p.X, 1e-4);
            double az = p.Column * Math.PI / 180;
            Assert.Equal(9 * Math.Tan(az), p.Y, 1e-4);
        }
    }

    [Fact]
    public void IntensityFollowsReflectivityIncidenceRangeAndAttenuation()
    {
        const double alpha = 0.004, r0 = 10;
        var c = new LidarConfig { Elevations = [0.0], Azimuths = LidarConfig.Turn(360), RangeNoise = 0, IntensityThreshold = 0, Attenuation = alpha, ReferenceRange = r0 };
        foreach (double d in new[] { 5.0, 20.0, 60.0 })
        {
            LidarSensor lidar = Lidar(c);
            lidar.Scene = SceneGeometry.FromMesh(Wall(d), default, default);
            List<Point> pts = Sweep(lidar, new SensorWorld(NoRoads, 0, 1));
            foreach (Point p in pts)
            {
                double az = p.Column * Math.PI / 180, r = d / Math.Cos(az);
                double expected = 0.5 * Math.Cos(az) * Math.Min(1, r0 * r0 / (r * r)) * Math.Exp(-2 * alpha * r);
                Assert.Equal(expected, p.Intensity, 1e-6 + 1e-4 * expected);
            }
            // Head-on at 20 m: 0.5 * 1 * (10/20)^2 * exp(-0.16) = 0.10653.
            if (d == 20)
            {
                Assert.Equal(0.5 * 0.25 * Math.Exp(-0.16), pts.Single(p => p.Column == 0).Intensity, 5);
            }
        }
    }

    [Fact]
    public void DropoutRisesAsIntensityFalls()
    {
        // Head-on wall at 10 m: I = 0.5 for every ray at azimuth 0; with I_half = 0.5 half are lost,
        // with I_half = 0.25 about 1/17.
        var baseConfig = new LidarConfig { Elevations = LidarConfig.Uniform(2000, 0.5, 0.5), Azimuths = [0.0], RangeNoise = 0 };
        double Kept(double half)
        {
            var c = new LidarConfig { Elevations = baseConfig.Elevations, Azimuths = baseConfig.Azimuths, RangeNoise = 0, IntensityThreshold = half };
            LidarSensor lidar = Lidar(c);
            lidar.Scene = SceneGeometry.FromMesh(Wall(10), default, default);
            return Sweep(lidar, new SensorWorld(NoRoads, 0, 1)).Count / 2000.0;
        }
        Assert.InRange(Kept(0.5), 0.46, 0.54);
        Assert.InRange(Kept(0.25), 1 - 1 / 17.0 - 0.02, 1 - 1 / 17.0 + 0.02);
        Assert.Equal(1.0, Kept(0.0));
    }

    private const string MovingEgo = """
        name: moving
        duration: 2
        step: 0.01
        road: {id: r, geometry: [line: 500], lanes: {right: [{width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 0}, speed: 10, driver: reference, model: kinematic}
        """;

    [Fact]
    public void AMovingLidarSeesMotionDistortionAndCompensatesIt()
    {
        Scenario s = ScenarioLoader.Parse("moving.yaml", MovingEgo);
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, 1);
        world.Update(sim);
        for (int i = 0; i < 50; i++)
        {
            sim.Advance();
            world.Update(sim);
        }
        EntitySnapshot prev = world.Previous[world.EgoIndex], cur = world.Current[world.EgoIndex];
        double v = (cur.X - prev.X) / 0.01;
        Assert.InRange(v, 9, 11);
        Assert.Equal(0, cur.Y - prev.Y, 9);
        var c = new LidarConfig { Elevations = [0.0], Azimuths = LidarConfig.Turn(360), RangeNoise = 0, IntensityThreshold = 0, MotionCompensated = true };
        LidarSensor lidar = Lidar(c, new Pose3(new Vec3(1.5, 0, 1.8), 0, 0, 0));
        double wallX = cur.X + 30;
        lidar.Scene = SceneGeometry.FromMesh(Wall(wallX), default, world.Current);
        List<Point> pts = Sweep(lidar, world, world.Time.Nanoseconds);
        Assert.True(pts.Count > 150);
        double sensorEndX = cur.X + 1.5;
        foreach (Point p in pts)
        {
            double dt = 0.1 - p.Time; // from the firing to the sweep's end
            // Raw: relative to the sensor where it fired, v dt behind its end position.
            Assert.Equal(wallX - (sensorEndX - v * dt), p.X, 3);
            // Compensated: relative to the sensor at the end of the sweep.
            Assert.Equal(wallX - sensorEndX, p.Compensated.X, 3);
            Assert.Equal(v * dt, p.X - p.Compensated.X, 3);
            Assert.Equal(p.Y, p.Compensated.Y, 3);
            Assert.Equal(-1, p.Entity); // the ego's own body is not seen
        }
        // Columns just after the start and just before the end straddle the forward direction: the
        // distortion is the largest step in the point cloud, v * (sweep - slot) ~ 1 m.
        Assert.InRange(pts.Max(p => p.X - p.Compensated.X) - pts.Min(p => p.X - p.Compensated.X), 0.95 * v * 0.1 * 359 / 360 - 0.2, v * 0.1);
    }

    /// <summary>A moving ego among a car, a truck and a pedestrian on a 4-lane road with a shoulder.</summary>
    internal static string Traffic(double duration, double step) => $$$"""
        name: traffic
        duration: {{{duration.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
        step: {{{step.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
        road: {id: r, geometry: [line: 500], lanes: {left: [{width: 3.5}], right: [{width: 3.5}, {width: 3.5}, {width: 2.5, type: shoulder}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 20, driver: reference, model: kinematic}
          - {name: a, type: car, position: {road: r, lane: -1, s: 70}, speed: 15}
          - {name: b, type: truck, position: {road: r, lane: -2, s: 40}, speed: 22}
          - {name: c, type: pedestrian, position: {road: r, lane: 1, s: 60}, speed: 1}
        """;

    [Fact]
    public void OutputBytesAreIdenticalForOneAndTwoThreadsAndPacketsSplitTheSweep()
    {
        Scenario s = ScenarioLoader.Parse("traffic.yaml", Traffic(2, 0.01));
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, 7);
        world.Update(sim);
        for (int i = 0; i < 30; i++)
        {
            sim.Advance();
            world.Update(sim);
        }
        byte[] Run(int threads, int packets, out List<(SensorFrame, byte[])> outs)
        {
            var c = new LidarConfig { Elevations = LidarConfig.Uniform(64, 25, 15), Azimuths = LidarConfig.Turn(1024), Dropout = 0.05, MotionCompensated = true, Packets = packets, Firing = FiringOrder.Sequential };
            LidarSensor lidar = Lidar(c, new Pose3(new Vec3(1.5, 0, 1.9), 0, 0, 0));
            lidar.Threads = threads;
            var sink = new RecordingSink();
            lidar.Capture(world, sink, new SimTime(world.Time.Nanoseconds - 100_000_000), world.Time);
            outs = sink.Outputs.Select(o => (o.Frame, o.Payload)).ToList();
            return sink.Outputs.SelectMany(o => o.Payload).ToArray();
        }
        byte[] one = Run(1, 1, out var o1), two = Run(2, 1, out _);
        Assert.Equal(one, two);
        List<Point> pts = Parse(one);
        Assert.Contains(pts, p => p.Class == SemanticClass.Vehicle && p.Entity >= 1);
        Assert.Contains(pts, p => p.Class == SemanticClass.Road);
        Assert.Contains(pts, p => p.Class == SemanticClass.LaneMarking);
        Assert.Contains(pts, p => p.Class == SemanticClass.Barrier);
        Assert.DoesNotContain(pts, p => p.Entity == 0); // the ego
        // 8 packets: the same points in the same order, frames tiling the sweep.
        Run(2, 8, out var o8);
        Assert.Equal(8, o8.Count);
        Assert.Equal(pts, o8.SelectMany(o => Parse(o.Item2)));
        Assert.Equal(o1[0].Item1.StartNanoseconds, o8[0].Item1.StartNanoseconds);
        Assert.Equal(o1[0].Item1.EndNanoseconds, o8[^1].Item1.EndNanoseconds);
        for (int k = 1; k < 8; k++)
        {
            Assert.Equal(o8[k - 1].Item1.EndNanoseconds, o8[k].Item1.StartNanoseconds);
        }
    }

    [Fact]
    public void RigFilesConfigureLidarsAndReportBadKeys()
    {
        SensorRig rig = RigLoader.Parse("rig.yaml", """
            sensors:
              - {name: top, type: lidar, mount: {x: 1.5, z: 1.9}, rate: 10, channels: 128, fov_up_deg: 15, fov_down_deg: 25, azimuth_steps: 2048, range_noise: 0.02, motion_compensated: true, packets: 4}
              - {name: front, type: lidar, mount: {x: 3.7, z: 0.6}, rate: 20, pattern: solid_state, horizontal_fov_deg: 120, vertical_fov_deg: 30, horizontal_resolution_deg: 0.5, vertical_resolution_deg: 0.5}
              - {name: custom, type: lidar, mount: {z: 2}, rate: 10, elevations_deg: [-15, -5, 0, 5], horizontal_resolution_deg: 0.4, firing: sequential}
            """);
        var top = (LidarSensor)rig.Sensors[0];
        Assert.Equal(128 * 2048, top.RaysPerSweep);
        Assert.Equal(0.1, top.AcquisitionSeconds, 12);
        Assert.Equal(-25 * Math.PI / 180, top.Config.Elevations[0], 12);
        Assert.Equal(15 * Math.PI / 180, top.Config.Elevations[127], 12);
        Assert.Equal(4, top.Config.Packets);
        var front = (LidarSensor)rig.Sensors[1];
        Assert.Equal(LidarPattern.SolidState, front.Config.Pattern);
        Assert.Equal(241 * 61, front.RaysPerSweep);
        Assert.Equal(60 * Math.PI / 180, front.Config.Azimuths[0], 12);
        var custom = (LidarSensor)rig.Sensors[2];
        Assert.Equal(900, custom.Config.Columns);
        Assert.Equal(0.1 / 900 / 4 * 3, custom.RayTime(0, 3), 9);
        var ex = Assert.Throws<SimCore.Diagnostics.InputException>(() => RigLoader.Parse("bad.yaml", """
            sensors:
              - {name: top, type: lidar, mount: {z: 2}, rate: 10, chanels: 32, pattern: spinny}
            """));
        Assert.Contains("chanels", ex.Message);
        Assert.Contains("spinny", ex.Message);
    }
}
