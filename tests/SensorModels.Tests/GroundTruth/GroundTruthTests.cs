using SensorModels.GroundTruth;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Tests.Radar;
using SimCore.Diagnostics;
using SimCore.Entities;
using SensorModels.Runtime;
using SimCore.Simulation;

namespace SensorModels.Tests.GroundTruth;

public class GroundTruthTests
{
    private const string Traffic = "{name: car, type: car, position: {road: r, lane: -1, s: 50}, speed: 12}";
    private const string Truck = "{name: truck, type: truck, position: {road: r, lane: -1, s: 120}, speed: 20}";
    private const string Behind = "{name: ped, type: pedestrian, position: {road: r, lane: -1, s: 2}, speed: 1}";

    [Fact]
    public void BoxesEqualTheSnapshotGeometry()
    {
        SensorWorld world = RadarTestWorld.Create(10, Traffic, Truck, Behind);
        // Mounted on the roof looking left (yaw pi/2): sensor-frame values must follow that rotation.
        var gt = RadarTestWorld.Sensor<GroundTruthSensor>("ground_truth", "mount: {x: 1.5, y: 0, z: 1.6, yaw: 1.5707963267948966}");
        gt.Capture(world, new CountingSink(), world.Time, world.Time);
        EntitySnapshot ego = world.Current[world.EgoIndex];
        Assert.Equal(3, gt.LastObjects.Count);
        foreach (GroundTruthObject o in gt.LastObjects)
        {
            EntitySnapshot e = world.Current[o.Id];
            Assert.Equal(e.Kind, o.Kind);
            (double sh, double ch) = Math.SinCos(e.Heading);
            // Box centre: the reference point (rear axle) plus the centre offset along the heading, half the height up.
            Assert.Equal(e.X + ch * e.CenterOffsetX, o.Centre.X, 9);
            Assert.Equal(e.Y + sh * e.CenterOffsetX, o.Centre.Y, 9);
            Assert.Equal(e.Z + e.Height / 2, o.Centre.Z, 9);
            Assert.Equal((e.Length, e.Width, e.Height, e.Heading), (o.Length, o.Width, o.Height, o.Heading));
            Assert.Equal(e.Speed * ch, o.Velocity.X, 9);
            Assert.Equal(e.Speed * sh, o.Velocity.Y, 9);
            // Sensor frame by hand: the sensor sits at ego + R(h)(1.5, 0, 1.6) and looks along h + pi/2.
            (double se, double ce) = Math.SinCos(ego.Heading);
            double sx = ego.X + ce * 1.5, sy = ego.Y + se * 1.5, sz = ego.Z + 1.6;
            double yaw = ego.Heading + Math.PI / 2;
            (double sy2, double cy2) = Math.SinCos(yaw);
            double dx = o.Centre.X - sx, dy = o.Centre.Y - sy;
            Assert.Equal(cy2 * dx + sy2 * dy, o.SensorCentre.X, 9);
            Assert.Equal(-sy2 * dx + cy2 * dy, o.SensorCentre.Y, 9);
            Assert.Equal(o.Centre.Z - sz, o.SensorCentre.Z, 9);
            Assert.Equal(SimCore.Mathematics.Angles.WrapPi(e.Heading - yaw), o.SensorYaw, 9);
            // Relative velocity: straight road, no yaw rate: (v_e - v_ego) rotated into the sensor frame.
            double rvx = (e.Speed - ego.Speed) * ch, rvy = (e.Speed - ego.Speed) * sh;
            Assert.Equal(cy2 * rvx + sy2 * rvy, o.RelativeVelocity.X, 9);
            Assert.Equal(-sy2 * rvx + cy2 * rvy, o.RelativeVelocity.Y, 9);
            Assert.Equal(-1, o.LidarPoints);
        }
    }

    [Fact]
    public void FieldOfViewAndRangeSelectTheObjects()
    {
        SensorWorld world = RadarTestWorld.Create(10, Traffic, Truck, Behind);
        var front = RadarTestWorld.Sensor<GroundTruthSensor>("ground_truth", "mount: {x: 3.7, z: 0.5}, azimuth_fov_deg: 90, range: 80");
        front.Capture(world, new CountingSink(), world.Time, world.Time);
        // The pedestrian is behind, the truck 110 m ahead: only the car is in view.
        Assert.Equal(new[] { EntityKind.Car }, front.LastObjects.Select(o => o.Kind));
    }

    [Fact]
    public void PayloadHasTheDocumentedLayout()
    {
        SensorWorld world = RadarTestWorld.Create(10, Traffic, Truck);
        var gt = RadarTestWorld.Sensor<GroundTruthSensor>("ground_truth", "mount: {x: 1.5, z: 1.6}");
        var sink = new CapturingSink();
        gt.Capture(world, sink, world.Time, world.Time);
        byte[] p = sink.Payloads.Single();
        Assert.Equal("ground_truth.v1", sink.Frames.Single().Format);
        Assert.Equal(2, BitConverter.ToInt32(p, 0));
        Assert.Equal(4 + 2 * GroundTruthPayload.RecordBytes, p.Length);
        Assert.Equal(140, GroundTruthPayload.RecordBytes);
        GroundTruthObject o = gt.LastObjects[1];
        int r = 4 + GroundTruthPayload.RecordBytes;
        Assert.Equal(o.Id, BitConverter.ToInt32(p, r));
        Assert.Equal((int)o.Kind, BitConverter.ToInt32(p, r + 4));
        Assert.Equal(-1, BitConverter.ToInt32(p, r + 8));
        Assert.Equal(o.Centre.X, BitConverter.ToDouble(p, r + 12));
        Assert.Equal(o.Length, BitConverter.ToDouble(p, r + 36));
        Assert.Equal(o.Heading, BitConverter.ToDouble(p, r + 60));
        Assert.Equal(o.SensorCentre.X, BitConverter.ToDouble(p, r + 84));
        Assert.Equal(o.RelativeVelocity.Z, BitConverter.ToDouble(p, r + 132));

        // The one codec reads back exactly what the sensor wrote (z of the world velocity is not carried).
        Assert.True(GroundTruthPayload.TryCount(p, out int n));
        Assert.Equal(gt.LastObjects, Enumerable.Range(0, n).Select(i => GroundTruthPayload.Read(p, i)));
        Assert.False(GroundTruthPayload.TryCount(p.AsSpan(0, p.Length - 1), out _));
        Assert.False(GroundTruthPayload.TryCount(p.AsSpan(0, 3), out _));
        byte[] negative = (byte[])p.Clone();
        BitConverter.TryWriteBytes(negative, -1);
        Assert.False(GroundTruthPayload.TryCount(negative, out _));
    }

    [Fact]
    public void BadFieldOfViewIsALocatedError()
    {
        var e = Assert.Throws<InputException>(() => SensorModels.Rig.RigLoader.Parse("rig.yaml",
            "sensors:\n  - name: gt\n    type: ground_truth\n    rate: 10\n    mount: {x: 0}\n    azimuth_fov_deg: 400\n"));
        Assert.Contains(e.Errors, x => x.Message.Contains("'azimuth_fov_deg'") && x.Location.Line == 6);
    }
}

public class GroundTruthLidarPointTests
{
    [Fact]
    public void LidarPointCountsPerObjectMatchTheLidarsPoints()
    {
        var scenario = SimCore.Scenarios.ScenarioLoader.Parse("t.yaml", """
            name: t
            duration: 0.3
            step: 0.01
            road: {id: r, geometry: [line: 1000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 10}, speed: 10, driver: reference, model: kinematic}
              - {name: lead, type: car, position: {road: r, lane: -1, s: 30}, speed: 10}
              - {name: side, type: truck, position: {road: r, lane: -2, s: 20}, speed: 10}
            """);
        var rig = SensorModels.Rig.RigLoader.Parse("rig.yaml", """
            sensors:
              - {name: lidar, type: lidar, mount: {x: 1.3, z: 1.9}, rate: 10, channels: 16, azimuth_steps: 360, threads: 1}
              - {name: gt, type: ground_truth, mount: {x: 1.3, z: 1.9}, rate: 10, lidar: lidar}
            """);
        var sim = new Simulator(scenario);
        var world = new SensorWorld(scenario.Network, sim.EntityCount, 5);
        var capture = new CapturingSink();
        ISensorSink sink = SensorModels.GroundTruth.LidarHitCounter.Connect(rig, capture);
        var gt = (GroundTruthSensor)rig.Sensors[1];
        var counts = new List<(int[] Lidar, Dictionary<int, int> Gt)>();
        var stages = new StepStages(sim);
        stages.Sensing += x =>
        {
            world.Update(x);
            int before = capture.Frames.Count;
            rig.Step(world, sink);
            for (int i = before; i < capture.Frames.Count; i++)
            {
                if (capture.Frames[i].Type == "lidar")
                {
                    byte[] p = capture.Payloads[i];
                    int n = BitConverter.ToInt32(p, 0);
                    counts.Add((Enumerable.Range(0, n).Select(k => BitConverter.ToInt32(p, 16 + k * 36 + 24)).ToArray(), gt.LastObjects.ToDictionary(o => o.Id, o => o.LidarPoints)));
                }
                else if (counts.Count > 0)
                {
                    // The ground truth output at the sweep's end time reports that sweep's counts.
                    var last = counts[^1];
                    counts[^1] = (last.Lidar, gt.LastObjects.ToDictionary(o => o.Id, o => o.LidarPoints));
                }
            }
        };
        stages.Run();
        Assert.NotEmpty(counts);
        foreach ((int[] lidar, Dictionary<int, int> byObject) in counts)
        {
            Assert.Equal(2, byObject.Count);
            foreach ((int id, int points) in byObject)
            {
                Assert.Equal(lidar.Count(e => e == id), points);
                Assert.True(points > 0, $"entity {id} got no lidar points");
            }
        }
    }

    [Fact]
    public void NamingANonLidarIsAnError()
    {
        var rig = SensorModels.Rig.RigLoader.Parse("rig.yaml", "sensors:\n  - {name: gt, type: ground_truth, mount: {x: 0}, rate: 10, lidar: radar}\n");
        var e = Assert.Throws<SimCore.Diagnostics.InputException>(() => SensorModels.GroundTruth.LidarHitCounter.Connect(rig, new CountingSink()));
        Assert.Contains("not a lidar of the rig", e.Errors[0].Message);
        Assert.Equal(2, e.Errors[0].Location.Line);
    }
}
