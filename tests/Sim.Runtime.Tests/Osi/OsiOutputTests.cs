using System.Globalization;
using System.Text.Json;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using Mcap;
using Sim.Runtime.Hil;

namespace Sim.Runtime.Tests.Osi;

/// <summary>
/// ASAM OSI out of a run (docs/osi.md), decoded by an independent decoder (Debian's protoc compiles
/// the same protos, python3-protobuf decodes) from UDP, MCAP and the HIL stream, and checked
/// against values worked out here by hand from the scenario and rig.
/// </summary>
public sealed class OsiOutputTests
{
    private const double Step = 0.05;
    private const int States = 21; // t = 0, 0.05, ... 1.0

    // 'parked': a car standing off the road at a world pose, its box centre 1.2 m ahead of its reference point.
    private const double ParkedX = 100, ParkedY = 20, ParkedHeading = 0.3, ParkedCentreX = 1.2;

    // 'mover': lane -1 of the straight road (centre at y = -1.75), from s = 60 at 10 m/s, box centre 1.5 m ahead.
    private const double MoverS = 60, MoverSpeed = 10, MoverLaneY = -1.75, MoverCentreX = 1.5;

    private static string Scenario(TempDir dir) => dir.Write("osi.yaml", """
        name: osi_check
        duration: 1
        step: 0.05
        seed: 1
        road: {file: ROAD}
        entities:
          - name: ego
            type: car
            position: {road: straight, lane: -2, s: 10}
            speed: 20
            driver: reference
          - name: mover
            type: car
            dimensions: {length: 4.0, width: 2.0, height: 1.6, center_x: 1.5}
            position: {road: straight, lane: -1, s: 60}
            speed: 10
          - name: parked
            type: car
            dimensions: {length: 4.4, width: 1.9, height: 1.5, center_x: 1.2}
            position: {x: 100, y: 20, heading: 0.3}
            speed: 0
        """.Replace("ROAD", Path.Combine(Repo.Scenarios, "roads", "straight_2lane.yaml")));

    private static string Rig(TempDir dir) => dir.Write("rig.yaml", """
        name: osi_rig
        sensors:
          - name: lidar_top
            type: lidar
            mount: {x: 1.0, y: 0.2, z: 1.9, yaw: 0.1}
            rate: 10
            pattern: spinning
            channels: 8
            fov_up_deg: 10
            fov_down_deg: 20
            azimuth_steps: 360
            max_range: 100
          - name: radar_front
            type: radar
            mount: {x: 3.8, y: 0, z: 0.5}
            rate: 20
            azimuth_fov_deg: 40
            elevation_fov_deg: 10
            max_range: 200
        """);

    [OsiDecoderFact]
    public void Udp_ground_truth_is_chunked_as_esmini_does_and_decodes_to_the_scenario()
    {
        using var dir = new TempDir();
        (OsiDecoder decoder, int port) = OsiDecoder.ListenUdp();
        using (decoder)
        {
            using (RunSession run = RunSession.Open(new RunRequest(Scenario(dir), dir.File("out")) { OsiUdp = $"127.0.0.1:{port}" }))
            {
                run.Run();
            }
            List<JsonElement> messages = decoder.Lines();
            Assert.Equal(States, messages.Count);
            for (int i = 0; i < States; i++)
            {
                JsonElement m = messages[i];
                int bytes = m.GetProperty("bytes").GetInt32();
                int[] counters = m.GetProperty("counters").EnumerateArray().Select(c => c.GetInt32()).ToArray();
                // 1, 2, ... n-1, -n: as many chunks as 8,192-byte pieces.
                int chunks = (bytes + 8191) / 8192;
                Assert.Equal(Enumerable.Range(1, chunks).Select(k => k == chunks ? -k : k), counters);
                Assert.Equal((long)Math.Round(i * Step * 1e9), TimeNs(m.GetProperty("msg")));
            }
            // The first message carries the road (over 8 KB on this 2 km road: several chunks), the others not.
            Assert.True(messages[0].GetProperty("counters").GetArrayLength() > 1);
            Assert.True(messages[0].GetProperty("msg").GetProperty("lane").GetArrayLength() > 0);
            Assert.False(messages[1].GetProperty("msg").TryGetProperty("lane", out _));
            CheckGroundTruth(messages[10].GetProperty("msg"), 0.5, messages[0].GetProperty("msg"));
        }
    }

    [OsiDecoderFact]
    public void The_recording_holds_osi_trace_channels_with_their_protobuf_schemas()
    {
        using var dir = new TempDir();
        string file = dir.File("run.mcap");
        using (RunSession run = RunSession.Open(new RunRequest(Scenario(dir), dir.File("out"))
        {
            Rig = Rig(dir),
            Record = new RecordingRequest(file, McapCompression.None),
        }))
        {
            run.Run();
        }
        List<JsonElement> lines = OsiDecoder.Mcap(file);
        JsonElement meta = lines.Single(l => l.GetProperty("kind").GetString() == "metadata").GetProperty("metadata").GetProperty("net.asam.osi.trace");
        Assert.Equal("3.8.0", meta.GetProperty("version").GetString());
        Assert.Equal("3.8.0", meta.GetProperty("min_osi_version").GetString());
        Assert.Equal("3.36.2", meta.GetProperty("min_protobuf_version").GetString());
        string[] protocFiles = lines.Single(l => l.GetProperty("kind").GetString() == "protoc_files").GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray();

        List<JsonElement> truth = Topic(lines, "/osi/ground_truth");
        Assert.Equal(States, truth.Count);
        Assert.All(truth, t =>
        {
            Assert.Equal("osi3.GroundTruth", t.GetProperty("schema").GetString());
            Assert.Equal(TimeNs(t.GetProperty("msg")), t.GetProperty("publish_time").GetInt64());
            Assert.Equal("3.8.0", t.GetProperty("channel_metadata").GetProperty("net.asam.osi.trace.channel.osi_version").GetString());
        });
        // protoc --include_imports of the same protos: the SensorView schema needs every file, GroundTruth's a subset.
        string[] gtFiles = truth[0].GetProperty("schema_files").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Subset(protocFiles.ToHashSet(), gtFiles.ToHashSet());
        Assert.Contains("osi_groundtruth.proto", gtFiles);
        Assert.Equal("osi_groundtruth.proto", gtFiles[^1]); // imports first
        CheckGroundTruth(truth[10].GetProperty("msg"), 0.5, truth[0].GetProperty("msg"));

        // SensorViews at each sensor's rate: the lidar at 10 Hz, the radar at 20 Hz.
        List<JsonElement> lidar = Topic(lines, "/osi/sensor_view/lidar_top");
        List<JsonElement> radar = Topic(lines, "/osi/sensor_view/radar_front");
        Assert.Equal(11, lidar.Count);
        Assert.Equal(21, radar.Count);
        Assert.Equal(protocFiles.Order(), lidar[0].GetProperty("schema_files").EnumerateArray().Select(f => f.GetString()!).Order());
        JsonElement view = lidar[5].GetProperty("msg"); // t = 0.5 s
        Assert.Equal(500_000_000, TimeNs(view));
        CheckMount(view.GetProperty("mounting_position"), 1.0, 0.2, 1.9, 0.1);
        JsonElement lidarConfig = view.GetProperty("lidar_sensor_view")[0].GetProperty("view_configuration");
        CheckMount(lidarConfig.GetProperty("mounting_position"), 1.0, 0.2, 1.9, 0.1);
        Assert.Equal(8, lidarConfig.GetProperty("number_of_rays_vertical").GetInt32());
        Assert.Equal(360, lidarConfig.GetProperty("number_of_rays_horizontal").GetInt32());
        Assert.Equal(2 * Math.PI, lidarConfig.GetProperty("field_of_view_horizontal").GetDouble(), 12);
        Assert.Equal(30 * Math.PI / 180, lidarConfig.GetProperty("field_of_view_vertical").GetDouble(), 12);
        JsonElement radarConfig = radar[10].GetProperty("msg").GetProperty("radar_sensor_view")[0].GetProperty("view_configuration");
        Assert.Equal(40 * Math.PI / 180, radarConfig.GetProperty("field_of_view_horizontal").GetDouble(), 12);
        Assert.Equal(10 * Math.PI / 180, radarConfig.GetProperty("field_of_view_vertical").GetDouble(), 12);
        Assert.Equal(0UL, U(view.GetProperty("host_vehicle_id")));

        // The view's ground truth is the run's at that time; the road only in the first view.
        CheckGroundTruth(view.GetProperty("global_ground_truth"), 0.5, truth[0].GetProperty("msg"));
        Assert.True(lidar[0].GetProperty("msg").GetProperty("global_ground_truth").GetProperty("lane").GetArrayLength() > 0);
        Assert.False(view.GetProperty("global_ground_truth").TryGetProperty("lane", out _));

        // OSI's vehicle frame: box centre + R(orientation) * bbcenter_to_rear, then the mount: the
        // lidar where trajectories.csv's ego pose puts it.
        JsonElement ego = Object(view.GetProperty("global_ground_truth"), "ego");
        double[] lidarWorld = MountInWorld(ego, 1.0, 0.2, 1.9);
        string row = File.ReadLines(Path.Combine(dir.File("out"), "trajectories.csv")).Skip(1)
            .First(l => l.Split(',')[1] == "ego" && Math.Abs(double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture) - 0.5) < 1e-9);
        string[] f = row.Split(',');
        (double x, double y, double z, double h) = (P(f[2]), P(f[3]), P(f[4]), P(f[5]));
        Assert.Equal(x + 1.0 * Math.Cos(h) - 0.2 * Math.Sin(h), lidarWorld[0], 6);
        Assert.Equal(y + 1.0 * Math.Sin(h) + 0.2 * Math.Cos(h), lidarWorld[1], 6);
        Assert.Equal(z + 1.9, lidarWorld[2], 6);
    }

    [OsiDecoderFact]
    public void A_hil_target_gets_the_osi_streams_it_asks_for()
    {
        using var dir = new TempDir();
        int port = LoopbackPorts.FreePair();
        var request = new RunRequest(Scenario(dir), dir.File("out"))
        {
            Rig = Rig(dir),
            Target = new HilTargetOptions(new HilEndpoint("127.0.0.1", port), new HilRunOptions(), TimeSpan.FromSeconds(60), null, null),
        };
        Task run = Task.Run(() =>
        {
            using RunSession session = RunSession.Open(request);
            session.Run();
        });
        Hello? hello = null;
        var truth = new List<byte[]>();
        var views = new List<byte[]>();
        using (TargetClient client = TargetClient.Connect($"tcp://127.0.0.1:{port}", $"tcp://127.0.0.1:{port + 1}", h =>
        {
            hello = h;
            return new HelloReply("osi-test", "1", ["osi.ground_truth", "osi.sensor_view.radar_front"], ActuationMode.Command, WantsVehicleState: false);
        }, TimeSpan.FromSeconds(60)))
        {
            while (client.NextTick(TimeSpan.FromSeconds(60)) is { } tick)
            {
                foreach (FrameDescriptor frame in tick.Frames)
                {
                    (frame.Frame.Format == "osi3.GroundTruth" ? truth : views).Add(client.Payload(frame).ToArray());
                }
                client.Answer(tick, 0, 0);
            }
        }
        run.Wait(TimeSpan.FromSeconds(60));
        Assert.NotNull(hello);
        SensorManifestEntry gtEntry = hello!.Sensors.Single(s => s.Name == "osi.ground_truth");
        Assert.Equal(("osi", "osi3.GroundTruth", 1 / Step), (gtEntry.Type, gtEntry.Format, gtEntry.RateHz));
        SensorManifestEntry lidarEntry = hello.Sensors.Single(s => s.Name == "osi.sensor_view.lidar_top");
        Assert.Equal(("osi3.SensorView", 10.0, 1.0, 0.2, 1.9), (lidarEntry.Format, lidarEntry.RateHz, lidarEntry.X, lidarEntry.Y, lidarEntry.Z));
        // A tick per state but the last (nothing answers it); the radar's view at 20 Hz, every state here.
        Assert.Equal(States - 1, truth.Count);
        Assert.Equal(States - 1, views.Count);
        JsonElement first = OsiDecoder.Message("GroundTruth", truth[0]);
        CheckGroundTruth(OsiDecoder.Message("GroundTruth", truth[10]), 0.5, first);
        JsonElement view = OsiDecoder.Message("SensorView", views[10]);
        Assert.Equal(500_000_000, TimeNs(view));
        CheckMount(view.GetProperty("mounting_position"), 3.8, 0, 0.5, 0);
        CheckGroundTruth(view.GetProperty("global_ground_truth"), 0.5, first);
    }

    [OsiDecoderFact(NeedsEsminiData = true)]
    public void Traffic_lights_are_one_bulb_per_lamp_whose_modes_follow_the_signal_states()
    {
        using var dir = new TempDir();
        string esmini = OsiDecoder.EsminiData ?? throw new InvalidOperationException("no shared/conformance/esmini above the test binary");
        string file = dir.File("lights.mcap");
        using (RunSession run = RunSession.Open(new RunRequest(Path.Combine(esmini, "xosc", "traffic_lights.xosc"), dir.File("out"))
        {
            Simulation = new SimCore.Simulation.SimulationOptions { Step = 0.1 },
            Record = new RecordingRequest(file, McapCompression.None),
        }))
        {
            run.Run();
        }
        List<JsonElement> truth = Topic(OsiDecoder.Mcap(file), "/osi/ground_truth");
        // fabriksgatan_traffic_lights.xodr: signal 1 a three-lamp light (zOffset 3.4 m, 0.8 m high, flat
        // road), signals 2 and 3 two-lamp pedestrian lights; the scenario starts them green and red.
        string[] Modes(JsonElement gt, string signal) => gt.GetProperty("traffic_light").EnumerateArray().Where(l => Ref(l) == signal)
            .Select(l => l.GetProperty("classification").GetProperty("color").GetString() + " " + l.GetProperty("classification").GetProperty("mode").GetString()).ToArray();
        JsonElement first = truth[0].GetProperty("msg");
        Assert.Equal(["COLOR_RED MODE_OFF", "COLOR_YELLOW MODE_OFF", "COLOR_GREEN MODE_CONSTANT"], Modes(first, "1"));
        Assert.Equal(["COLOR_RED MODE_CONSTANT", "COLOR_GREEN MODE_OFF"], Modes(first, "2"));
        double[] z = first.GetProperty("traffic_light").EnumerateArray().Where(l => Ref(l) == "1").Select(l => D(l, "base", "position", "z")).ToArray();
        Assert.Equal(3.4 + 0.8 - 0.8 / 6, z[0], 9);
        Assert.Equal(3.4 + 0.8 / 6, z[2], 9);
        // The storyboard turns light 1 yellow, then red: some state shows each, with the other lamps off.
        Assert.Contains(truth, t => Modes(t.GetProperty("msg"), "1").SequenceEqual(["COLOR_RED MODE_OFF", "COLOR_YELLOW MODE_CONSTANT", "COLOR_GREEN MODE_OFF"]));
        Assert.Contains(truth, t => Modes(t.GetProperty("msg"), "1").SequenceEqual(["COLOR_RED MODE_CONSTANT", "COLOR_YELLOW MODE_OFF", "COLOR_GREEN MODE_OFF"]));
    }

    /// <summary>
    /// The ground truth at <paramref name="t"/>, worked out by hand: positions of box centres,
    /// orientation, dimensions, velocity, the axle vector, the lane and the lane's geometry.
    /// <paramref name="first"/> is the stream's first message, which carries the road.
    /// </summary>
    private static void CheckGroundTruth(JsonElement gt, double t, JsonElement first)
    {
        Assert.Equal((long)Math.Round(t * 1e9), TimeNs(gt));
        JsonElement v = gt.GetProperty("version");
        Assert.Equal((3, 8, 0), (v.GetProperty("version_major").GetInt32(), v.GetProperty("version_minor").GetInt32(), v.GetProperty("version_patch").GetInt32()));
        Assert.Equal(0UL, U(gt.GetProperty("host_vehicle_id"))); // the ego is entity 0
        Assert.Equal(3, gt.GetProperty("moving_object").GetArrayLength());

        JsonElement parked = Object(gt, "parked");
        Assert.Equal(2UL, U(parked.GetProperty("id")));
        JsonElement b = parked.GetProperty("base");
        Vec(b.GetProperty("position"), ParkedX + ParkedCentreX * Math.Cos(ParkedHeading), ParkedY + ParkedCentreX * Math.Sin(ParkedHeading), 1.5 / 2);
        Assert.Equal(ParkedHeading, b.GetProperty("orientation").GetProperty("yaw").GetDouble(), 12);
        Assert.Equal((4.4, 1.9, 1.5), (D(b, "dimension", "length"), D(b, "dimension", "width"), D(b, "dimension", "height")));
        Vec(b.GetProperty("velocity"), 0, 0, 0);
        Vec(parked.GetProperty("vehicle_attributes").GetProperty("bbcenter_to_rear"), -ParkedCentreX, 0, -1.5 / 2);
        Assert.False(parked.TryGetProperty("assigned_lane_id", out _)); // off the road
        Assert.Equal("TYPE_VEHICLE", parked.GetProperty("type").GetString());

        JsonElement mover = Object(gt, "mover");
        b = mover.GetProperty("base");
        Vec(b.GetProperty("position"), MoverS + MoverSpeed * t + MoverCentreX, MoverLaneY, 1.6 / 2);
        Vec(b.GetProperty("velocity"), MoverSpeed, 0, 0);
        Assert.Equal(0, b.GetProperty("orientation").GetProperty("yaw").GetDouble(), 12);

        // Its lane: the one whose OpenDRIVE reference is road 'straight', section at s = 0, lane -1.
        JsonElement lane = first.GetProperty("lane").EnumerateArray().Single(l => Ref(l) == "straight/0/-1");
        Assert.Equal(U(lane.GetProperty("id")), U(mover.GetProperty("assigned_lane_id")[0]));
        JsonElement c = lane.GetProperty("classification");
        Assert.Equal("TYPE_DRIVING", c.GetProperty("type").GetString());
        Assert.True(c.GetProperty("centerline_is_driving_direction").GetBoolean());
        Assert.All(c.GetProperty("centerline").EnumerateArray(), p => Assert.Equal(MoverLaneY, p.GetProperty("y").GetDouble(), 9));
        // Left (towards +t, the centreline's left): the centre line and lane 1; right: lane -1's outer border and lane -2.
        JsonElement Boundary(JsonElement id) => first.GetProperty("lane_boundary").EnumerateArray().Single(x => U(x.GetProperty("id")) == U(id));
        JsonElement left = Boundary(c.GetProperty("left_lane_boundary_id")[0]), right = Boundary(c.GetProperty("right_lane_boundary_id")[0]);
        Assert.Equal("straight/0/0", Ref(left));
        Assert.Equal("straight/0/-1", Ref(right));
        Assert.All(left.GetProperty("boundary_line").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("position").GetProperty("y").GetDouble(), 9));
        Assert.All(right.GetProperty("boundary_line").EnumerateArray(), p => Assert.Equal(-3.5, p.GetProperty("position").GetProperty("y").GetDouble(), 9));
        Assert.Equal("TYPE_SOLID_LINE", left.GetProperty("classification").GetProperty("type").GetString());
        Assert.Equal("TYPE_DASHED_LINE", right.GetProperty("classification").GetProperty("type").GetString());
        Assert.Equal(2000, right.GetProperty("boundary_line").EnumerateArray().Last().GetProperty("position").GetProperty("x").GetDouble(), 9);
        JsonElement Lane(JsonElement id) => first.GetProperty("lane").EnumerateArray().Single(x => U(x.GetProperty("id")) == U(id));
        Assert.Equal("straight/0/1", Ref(Lane(c.GetProperty("left_adjacent_lane_id")[0])));
        Assert.Equal("straight/0/-2", Ref(Lane(c.GetProperty("right_adjacent_lane_id")[0])));
    }

    private static double[] MountInWorld(JsonElement ego, double mx, double my, double mz)
    {
        JsonElement b = ego.GetProperty("base");
        double yaw = D(b, "orientation", "yaw");
        (double s, double c) = Math.SinCos(yaw);
        JsonElement r = ego.GetProperty("vehicle_attributes").GetProperty("bbcenter_to_rear");
        double ox = D(b, "position", "x") + c * D(r, "x") - s * D(r, "y"), oy = D(b, "position", "y") + s * D(r, "x") + c * D(r, "y"), oz = D(b, "position", "z") + D(r, "z");
        return [ox + c * mx - s * my, oy + s * mx + c * my, oz + mz];
    }

    private static void CheckMount(JsonElement m, double x, double y, double z, double yaw)
    {
        Vec(m.GetProperty("position"), x, y, z);
        Assert.Equal(yaw, D(m, "orientation", "yaw"), 12);
        Assert.Equal(0, D(m, "orientation", "pitch"), 12);
    }

    private static List<JsonElement> Topic(List<JsonElement> lines, string topic)
        => lines.Where(l => l.TryGetProperty("topic", out JsonElement t) && t.GetString() == topic).ToList();

    private static JsonElement Object(JsonElement gt, string name)
        => gt.GetProperty("moving_object").EnumerateArray().Single(o => o.GetProperty("source_reference")[0].GetProperty("identifier")[0].GetString() == name);

    private static string Ref(JsonElement item) => string.Join('/', item.GetProperty("source_reference")[0].GetProperty("identifier").EnumerateArray().Select(i => i.GetString()));

    private static long TimeNs(JsonElement msg)
    {
        JsonElement ts = msg.GetProperty("timestamp");
        return long.Parse(ts.GetProperty("seconds").GetString()!, CultureInfo.InvariantCulture) * 1_000_000_000 + ts.GetProperty("nanos").GetInt64();
    }

    private static ulong U(JsonElement id) => ulong.Parse(id.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);

    private static double D(JsonElement e, params string[] path)
    {
        foreach (string p in path)
        {
            if (!e.TryGetProperty(p, out e))
            {
                return 0; // proto2: an unset field is its default
            }
        }
        return e.GetDouble();
    }

    private static void Vec(JsonElement v, double x, double y, double z)
    {
        Assert.Equal(x, D(v, "x"), 9);
        Assert.Equal(y, D(v, "y"), 9);
        Assert.Equal(z, D(v, "z"), 9);
    }

    private static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}

/// <summary>The per-state work of the OSI outputs reuses its messages and buffers.</summary>
public sealed class OsiAllocationTests
{
    [Fact]
    public void Updating_and_writing_the_messages_allocates_nothing_per_state()
    {
        using var dir = new TempDir();
        string scenario = dir.Write("cut_in.yaml", ScenarioText.CutIn());
        using RunSession run = RunSession.Open(new RunRequest(scenario, dir.File("out")));
        var world = new global::Osi.OsiWorld(run.Simulator, run.Scenario.Network, null);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        for (int i = 0; i < 50; i++)
        {
            run.Simulator.Advance();
            world.Update(run.Simulator);
            buffer.ResetWrittenCount();
            world.WriteGroundTruth(buffer, withStatic: i == 0);
        }
        long allocated = 0;
        for (int i = 0; i < 200; i++)
        {
            run.Simulator.Advance();
            long before = GC.GetAllocatedBytesForCurrentThread();
            world.Update(run.Simulator);
            buffer.ResetWrittenCount();
            world.WriteGroundTruth(buffer, withStatic: false);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, allocated);
        Assert.True(buffer.WrittenCount > 0);
    }
}
