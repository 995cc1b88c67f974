using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Simulation;

namespace SensorModels.Tests.Radar;

public class RadarTests
{
    // Noise-free, always-detecting front radar at the front bumper (x = 3.7 m, z = 0.5 m).
    private const string Exact = "mount: {x: 3.7, y: 0, z: 0.5}, range_resolution: 0, range_accuracy: 0, azimuth_resolution_deg: 0, azimuth_accuracy_deg: 0, "
        + "elevation_resolution_deg: 0, elevation_accuracy_deg: 0, velocity_resolution: 0, velocity_accuracy: 0, reference_snr_db: 80, false_alarms_per_cycle: 0";

    private static readonly Pose3 ExactMount = new(new Vec3(3.7, 0, 0.5), 0, 0, 0);

    private static RadarDetection RearCentre(RadarSensor radar, SensorWorld world, int id)
    {
        radar.Capture(world, new CountingSink(), world.Time, world.Time);
        RadarDetection[] own = radar.LastDetections.ToArray().Where(d => d.EntityId == id).ToArray();
        Assert.NotEmpty(own);
        // The rear centre is dead ahead: the detection of smallest |azimuth|.
        return own.OrderBy(d => Math.Abs(d.Azimuth)).First();
    }

    [Theory]
    [InlineData(5.0, -5.0)]   // a slower car ahead: range shrinks at 5 m/s, approaching, negative
    [InlineData(15.0, 5.0)]   // a faster car ahead: receding at 5 m/s, positive
    [InlineData(0.0, -10.0)]  // a stopped car ahead: closing at the ego's 10 m/s
    public void RadialVelocityOfACarAheadHasTheRightSignAndValue(double targetSpeed, double closing)
    {
        SensorWorld world = RadarTestWorld.Create(10, $"{{name: target, type: car, position: {{road: r, lane: -1, s: 60}}, speed: {targetSpeed}}}");
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", Exact);
        EntitySnapshot t = RadarTestWorld.Entity(world, "target");
        RadarDetection d = RearCentre(radar, world, t.Id);
        // Hand computation: sensor at (x_ego + 3.7, y, 0.5); rear centre at (x_t + cx - L/2, y, zc) with
        // zc = 0.35 H clamped to [0.3, 1.2]; line of sight along +x tilted by the height difference:
        // v_r = (v_t - v_ego) * dx / sqrt(dx^2 + dz^2).
        Vec3 s = RadarTestWorld.SensorPosition(world, ExactMount);
        double dx = t.X + t.CenterOffsetX - t.Length / 2 - s.X;
        double dz = Math.Clamp(0.35 * t.Height, 0.3, 1.2) - 0.5;
        double range = Math.Sqrt(dx * dx + dz * dz);
        Assert.Equal(closing * dx / range, d.RadialVelocity, 5);   // float32 payload precision
        Assert.Equal(range, d.Range, 9);
        Assert.Equal(0, d.Azimuth, 9);
        Assert.Equal(Math.Atan2(dz, dx), d.Elevation, 9);
        Assert.Equal(Math.Sign(closing), Math.Sign(d.RadialVelocity));
    }

    [Fact]
    public void ACornerSeesTheClosingSpeedAlongItsLineOfSight()
    {
        SensorWorld world = RadarTestWorld.Create(10, "{name: target, type: car, position: {road: r, lane: -1, s: 40}, speed: 4}");
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", Exact);
        radar.Capture(world, new CountingSink(), world.Time, world.Time);
        EntitySnapshot t = RadarTestWorld.Entity(world, "target");
        Vec3 s = RadarTestWorld.SensorPosition(world, ExactMount);
        // The rear-left corner: (x_t + cx - L/2, y + W/2, zc); v_r = -6 m/s times the x component of the unit line of sight.
        Vec3 corner = new(t.X + t.CenterOffsetX - t.Length / 2, t.Y + t.Width / 2, Math.Clamp(0.35 * t.Height, 0.3, 1.2));
        Vec3 los = corner - s;
        RadarDetection d = radar.LastDetections.ToArray().Single(x => x.EntityId == t.Id && Math.Abs(x.Azimuth - Math.Atan2(los.Y, los.X)) < 1e-9);
        Assert.Equal(-6 * los.X / los.Length, d.RadialVelocity, 5);
        Assert.Equal(los.Length, d.Range, 9);
    }

    [Theory]
    [InlineData(false)]   // line of sight against the entities' boxes
    [InlineData(true)]    // line of sight against the scene geometry (entity meshes and roads)
    public void ACarHiddenBehindAnotherIsNotDetected(bool scene)
    {
        const string far = "{name: far, type: car, position: {road: r, lane: -1, s: 80}, speed: 0}";
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", Exact);
        SensorWorld open = RadarTestWorld.Create(0, far);
        int farId = RadarTestWorld.Entity(open, "far").Id;
        radar.Scene = scene ? SensorModels.Geometry.SceneGeometry.Build(open.Network, open.Current) : null;
        radar.Scene?.Update(open);
        radar.Capture(open, new CountingSink(), open.Time, open.Time);
        Assert.Contains(radar.LastDetections.ToArray(), d => d.EntityId == farId);

        SensorWorld hidden = RadarTestWorld.Create(0, "{name: near, type: car, position: {road: r, lane: -1, s: 40}, speed: 0}", far);
        int nearId = RadarTestWorld.Entity(hidden, "near").Id;
        radar.Scene = scene ? SensorModels.Geometry.SceneGeometry.Build(hidden.Network, hidden.Current) : null;
        radar.Scene?.Update(hidden);
        for (int i = 0; i < 50; i++)
        {
            radar.Capture(hidden, new CountingSink(), hidden.Time, hidden.Time);
            RadarDetection[] ds = radar.LastDetections.ToArray();
            Assert.Contains(ds, d => d.EntityId == nearId);
            Assert.DoesNotContain(ds, d => d.EntityId == RadarTestWorld.Entity(hidden, "far").Id);
        }
    }

    [Theory]
    [InlineData(10.9)]   // Pd about 0.5
    [InlineData(5.0)]    // Pd about 0.1
    [InlineData(16.0)]   // Pd about 0.8
    public void DetectionProbabilityFollowsSwerling1(double snrAtReferenceDb)
    {
        // A pedestrian (one scattering centre) standing 40 m ahead of a stopped ego; RCS 0 dBsm, no
        // broadside gain, no noise figure. Mean SNR from the radar equation by hand:
        // SNR_dB = ref_snr + (0 - 0) - 40 log10(R / 40); Pd = Pfa^(1 / (1 + SNR)).
        SensorWorld world = RadarTestWorld.Create(0, "{name: ped, type: pedestrian, position: {road: r, lane: -1, s: 52}, speed: 0}");
        string body = $"mount: {{x: 3.7, z: 0.5}}, reference_snr_db: {snrAtReferenceDb}, reference_range: 40, reference_rcs_dbsm: 0, noise_figure_db: 0, "
            + "rcs: {pedestrian: 0}, side_gain_db: 0, false_alarm_probability: 1e-4, false_alarms_per_cycle: 0";
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", body);
        EntitySnapshot p = RadarTestWorld.Entity(world, "ped");
        Vec3 s = RadarTestWorld.SensorPosition(world, new Pose3(new Vec3(3.7, 0, 0.5), 0, 0, 0));
        Vec3 c = new(p.X + p.CenterOffsetX, p.Y, 0.6 * p.Height);
        double snr = Math.Pow(10, (snrAtReferenceDb - 40 * Math.Log10((c - s).Length / 40)) / 10);
        double pd = Math.Pow(1e-4, 1 / (1 + snr));
        const int n = 4000;
        int hits = 0;
        for (int i = 0; i < n; i++)
        {
            radar.Capture(world, new CountingSink(), world.Time, world.Time);
            hits += radar.LastDetections.ToArray().Count(d => d.EntityId == p.Id);
        }
        // Binomial: the fraction's standard deviation is sqrt(pd (1 - pd) / n); 4.5 sigma leaves a
        // false failure rate below 1e-5 for a correct model.
        double sigma = Math.Sqrt(pd * (1 - pd) / n);
        Assert.InRange(hits / (double)n, pd - 4.5 * sigma, pd + 4.5 * sigma);
        Assert.Equal(pd, RadarMath.DetectionProbability(snr, 1e-4), 12);
    }

    [Fact]
    public void FalseAlarmCountsArePoissonWithTheConfiguredMean()
    {
        SensorWorld world = RadarTestWorld.Create(0);
        const double lambda = 2.5;
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar",
            $"mount: {{x: 3.7, z: 0.5}}, false_alarms_per_cycle: {lambda}, min_range: 1, max_range: 120, azimuth_fov_deg: 60, elevation_fov_deg: 10, max_velocity: 50");
        const int n = 4000;
        double sum = 0, sum2 = 0;
        for (int i = 0; i < n; i++)
        {
            radar.Capture(world, new CountingSink(), world.Time, world.Time);
            RadarDetection[] ds = radar.LastDetections.ToArray();
            Assert.All(ds, d =>
            {
                Assert.Equal(-1, d.EntityId);
                Assert.InRange(d.Range, 1, 120);
                Assert.InRange(d.Azimuth, -Math.PI / 6, Math.PI / 6);
                Assert.InRange(d.Elevation, -Math.PI / 36, Math.PI / 36);
                Assert.InRange(d.RadialVelocity, -50, 50);
            });
            sum += ds.Length;
            sum2 += ds.Length * (double)ds.Length;
        }
        double mean = sum / n, variance = sum2 / n - mean * mean;
        // Poisson: the sample mean has sd sqrt(lambda / n) = 0.025; the sample variance has sd
        // sqrt((lambda + 2 lambda^2) / n) = 0.061 (fourth central moment lambda + 3 lambda^2). 4.5 sd each.
        Assert.InRange(mean, lambda - 4.5 * Math.Sqrt(lambda / n), lambda + 4.5 * Math.Sqrt(lambda / n));
        double sdVar = Math.Sqrt((lambda + 2 * lambda * lambda) / n);
        Assert.InRange(variance, lambda - 4.5 * sdVar, lambda + 4.5 * sdVar);
    }

    [Fact]
    public void TheCapKeepsTheStrongestDetections()
    {
        SensorWorld world = RadarTestWorld.Create(0, "{name: a, type: truck, position: {road: r, lane: -1, s: 40}, speed: 0}");
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", "mount: {x: 3.7, z: 0.5}, false_alarms_per_cycle: 20, max_detections: 4");
        var all = RadarTestWorld.Sensor<RadarSensor>("radar", "mount: {x: 3.7, z: 0.5}, false_alarms_per_cycle: 20, max_detections: 1000");
        for (int i = 0; i < 20; i++)
        {
            radar.Capture(world, new CountingSink(), world.Time, world.Time);
            all.Capture(world, new CountingSink(), world.Time, world.Time);
            double[] kept = radar.LastDetections.ToArray().Select(d => d.SnrDb).ToArray();
            double[] every = all.LastDetections.ToArray().Select(d => d.SnrDb).ToArray();
            Assert.True(kept.Length <= 4);
            Assert.Equal(every.OrderByDescending(x => x).Take(kept.Length), kept);
        }
    }

    [Fact]
    public void OutsideTheFieldOfViewOrRangeNothingIsDetected()
    {
        SensorWorld world = RadarTestWorld.Create(0, "{name: behind, type: car, position: {road: r, lane: -1, s: 0.5}, speed: 0}",
            "{name: far, type: car, position: {road: r, lane: -1, s: 400}, speed: 0}");
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", Exact + ", max_range: 150");
        radar.Capture(world, new CountingSink(), world.Time, world.Time);
        Assert.Empty(radar.LastDetections.ToArray());
    }

    [Fact]
    public void PayloadHasTheDocumentedLayout()
    {
        SensorWorld world = RadarTestWorld.Create(10, "{name: target, type: car, position: {road: r, lane: -1, s: 60}, speed: 5}");
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", Exact);
        var sink = new CapturingSink();
        radar.Capture(world, sink, world.Time, world.Time);
        byte[] p = sink.Payloads.Single();
        int n = BitConverter.ToInt32(p, 0);
        Assert.Equal(radar.LastDetections.Length, n);
        Assert.Equal(4 + 28 * n, p.Length);
        Assert.Equal("radar.detections.v1", sink.Frames.Single().Format);
        RadarDetection first = radar.LastDetections[0];
        Assert.Equal((float)first.Range, BitConverter.ToSingle(p, 4));
        Assert.Equal(first.EntityId, BitConverter.ToInt32(p, 4 + 24));
    }

    [Fact]
    public void TheObjectListTracksACarWithAStableId()
    {
        // A car 40 m ahead closing at 5 m/s: after the confirmation hits one object with one id,
        // its position near the car, its x velocity near -5 m/s.
        var scenario = SimCore.Scenarios.ScenarioLoader.Parse("t.yaml", """
            name: t
            duration: 3
            step: 0.01
            road: {id: r, geometry: [line: 1000], lanes: {right: [{width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 10}, speed: 10, driver: reference, model: kinematic}
              - {name: target, type: car, position: {road: r, lane: -1, s: 90}, speed: 5}
            """);
        var sim = new Simulator(scenario);
        var world = new SensorWorld(scenario.Network, sim.EntityCount, 3);
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", "mount: {x: 3.7, z: 0.5}, output: objects, false_alarms_per_cycle: 0");
        Assert.Equal("radar.objects.v1", radar.Format);
        var rig = new SensorRig("r", new[] { radar });
        var sink = new CapturingSink();
        var stages = new StepStages(sim);
        stages.Sensing += x =>
        {
            world.Update(x);
            rig.Step(world, sink);
        };
        stages.Run();
        byte[] last = sink.Payloads[^1];
        Assert.Equal(1, BitConverter.ToInt32(last, 0));
        Assert.Equal(4 + 36, last.Length);
        var ids = sink.Payloads.Where(p => BitConverter.ToInt32(p, 0) == 1).Select(p => BitConverter.ToInt32(p, 4)).Distinct().ToArray();
        Assert.Single(ids);
        float vx = BitConverter.ToSingle(last, 4 + 12 + 12);
        Assert.InRange(vx, -6.5, -3.5);
    }

    [Fact]
    public void BadParametersAreLocatedErrors()
    {
        var e = Assert.Throws<InputException>(() => SensorModels.Rig.RigLoader.Parse("rig.yaml",
            "sensors:\n  - {name: r, type: radar, rate: 20, mount: {x: 3.7}, false_alarm_probability: 2, gate: 3, ouput: objects}\n"));
        Assert.Contains(e.Errors, x => x.Message.Contains("'false_alarm_probability' must be between 0 and 1") && x.Location.Line == 2);
        Assert.Contains(e.Errors, x => x.Message.Contains("needs 'output: objects'"));
        Assert.Contains(e.Errors, x => x.Message.Contains("unknown key 'ouput'") && x.Message.Contains("output"));
    }

    [Fact]
    public void OutputsAreDeterministic()
    {
        SensorWorld world = RadarTestWorld.Create(10, "{name: target, type: car, position: {road: r, lane: -1, s: 60}, speed: 5}");
        var a = RadarTestWorld.Sensor<RadarSensor>("radar", "mount: {x: 3.7, z: 0.5}, false_alarms_per_cycle: 3");
        var b = RadarTestWorld.Sensor<RadarSensor>("radar", "mount: {x: 3.7, z: 0.5}, false_alarms_per_cycle: 3");
        var sa = new CapturingSink();
        var sb = new CapturingSink();
        for (int i = 0; i < 10; i++)
        {
            a.Capture(world, sa, world.Time, world.Time);
            b.Capture(world, sb, world.Time, world.Time);
        }
        Assert.Equal(sa.Payloads.SelectMany(x => x), sb.Payloads.SelectMany(x => x));
    }

    /// <summary>
    /// The detection count changes from cycle to cycle (Poisson false alarms, mean 30): a cycle with
    /// more detections than any before must not grow a buffer mid-run (a HIL tick allocating). The
    /// buffers are sized for max_detections when the radar is built.
    /// </summary>
    [Theory]
    [InlineData("detections")]
    [InlineData("objects")]
    public void CyclesAllocateNothingWhateverTheirDetectionCount(string output)
    {
        SensorWorld world = RadarTestWorld.Create(0, "{name: a, type: truck, position: {road: r, lane: -1, s: 40}, speed: 0}");
        var radar = RadarTestWorld.Sensor<RadarSensor>("radar", $"mount: {{x: 3.7, z: 0.5}}, false_alarms_per_cycle: 30, max_detections: 128, output: {output}");
        var sink = new NullSink();
        radar.Capture(world, sink, world.Time, world.Time);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int most = 0;
        for (int i = 0; i < 300; i++)
        {
            radar.Capture(world, sink, world.Time, world.Time);
            most = Math.Max(most, radar.LastDetections.Length);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // P(Poisson(30) > 36) is 0.12 a cycle: the run holds cycles above any first one's count.
        Assert.True(most > 36, $"at most {most} detections in a cycle");
        Assert.Equal(0, allocated);
    }

    private sealed class NullSink : ISensorSink
    {
        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
        {
        }
    }
}

/// <summary>Keeps every frame and payload.</summary>
internal sealed class CapturingSink : ISensorSink
{
    public List<SensorFrame> Frames { get; } = new();

    public List<byte[]> Payloads { get; } = new();

    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        Frames.Add(frame);
        Payloads.Add(payload.ToArray());
    }
}
