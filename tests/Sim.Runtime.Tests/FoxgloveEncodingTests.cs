using System.Buffers.Binary;
using System.Text.Json;
using Sim.Runtime.Recording.Foxglove;
using SensorModels.Mathematics;
using SensorModels.Rig;
using SimCore.Diagnostics;

namespace Sim.Runtime.Tests;

/// <summary>
/// The Foxglove encodings of docs/foxglove.md: payloads are built byte by byte from the layouts of
/// docs/sensors/*.md, the JSON is parsed back and every value checked against a hand computation,
/// and every message is checked against its schema's properties, required lists and types.
/// </summary>
public sealed class FoxgloveEncodingTests
{
    private const double Eps = 1e-12;

    private readonly FoxgloveEncoder _encoder = new(initialCapacity: 256);

    // ---- time ------------------------------------------------------------------------------

    [Fact]
    public void Nanoseconds_split_into_seconds_and_nanoseconds()
    {
        Assert.Equal((1L, 500_000_001), FoxgloveEncoder.SplitTime(1_500_000_001));
        Assert.Equal((0L, 0), FoxgloveEncoder.SplitTime(0));
        Assert.Equal((0L, 999_999_999), FoxgloveEncoder.SplitTime(999_999_999));
        Assert.Equal((25L, 0), FoxgloveEncoder.SplitTime(25_000_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => FoxgloveEncoder.SplitTime(-1));

        using JsonDocument log = Parse(_encoder.Log(1_500_000_001, FoxgloveLogLevel.Warning, "hil", "deadline missed"), FoxgloveSchemas.Log);
        JsonElement t = log.RootElement.GetProperty("timestamp");
        Assert.Equal(1, t.GetProperty("sec").GetInt64());
        Assert.Equal(500_000_001, t.GetProperty("nsec").GetInt64());
        Assert.Equal(3, log.RootElement.GetProperty("level").GetInt32());
        Assert.Equal("deadline missed", log.RootElement.GetProperty("message").GetString());
    }

    // ---- lidar -----------------------------------------------------------------------------

    private static readonly (float X, float Y, float Z, float Range, float Intensity, float Time, int Entity, ushort Ring, ushort Column, byte Class)[] LidarPoints =
    [
        (10.5f, -2.25f, 0.125f, 10.74f, 0.35f, 0.001f, 3, 7, 12, 7),
        (-1.0f, 4.0f, -1.75f, 4.48f, 0.1f, 0.05f, -1, 0, 1023, 1),
        (0.3f, 0.0f, 2.0f, 2.02f, 0.6f, 0.0999f, -1, 127, 2047, 2),
    ];

    private static byte[] LidarPayload(bool compensated)
    {
        int stride = compensated ? 48 : 36;
        var p = new byte[16 + LidarPoints.Length * stride];
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)LidarPoints.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), (ushort)stride);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(6), (ushort)(compensated ? 1 : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(10), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(12), 128 * 2048);
        for (int i = 0; i < LidarPoints.Length; i++)
        {
            var q = LidarPoints[i];
            Span<byte> r = p.AsSpan(16 + i * stride, stride);
            BinaryPrimitives.WriteSingleLittleEndian(r, q.X);
            BinaryPrimitives.WriteSingleLittleEndian(r[4..], q.Y);
            BinaryPrimitives.WriteSingleLittleEndian(r[8..], q.Z);
            BinaryPrimitives.WriteSingleLittleEndian(r[12..], q.Range);
            BinaryPrimitives.WriteSingleLittleEndian(r[16..], q.Intensity);
            BinaryPrimitives.WriteSingleLittleEndian(r[20..], q.Time);
            BinaryPrimitives.WriteInt32LittleEndian(r[24..], q.Entity);
            BinaryPrimitives.WriteUInt16LittleEndian(r[28..], q.Ring);
            BinaryPrimitives.WriteUInt16LittleEndian(r[30..], q.Column);
            r[32] = q.Class;
            if (compensated)
            {
                BinaryPrimitives.WriteSingleLittleEndian(r[36..], q.X + 0.5f);
                BinaryPrimitives.WriteSingleLittleEndian(r[40..], q.Y - 0.25f);
                BinaryPrimitives.WriteSingleLittleEndian(r[44..], q.Z);
            }
        }
        return p;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lidar_points_decode_back_from_the_point_cloud(bool compensated)
    {
        using JsonDocument doc = Parse(_encoder.LidarPointCloud("lidar_top", 2_100_000_000, LidarPayload(compensated)), FoxgloveSchemas.PointCloud);
        JsonElement root = doc.RootElement;
        Assert.Equal("lidar_top", root.GetProperty("frame_id").GetString());
        Assert.Equal(2, root.GetProperty("timestamp").GetProperty("sec").GetInt64());
        Assert.Equal(100_000_000, root.GetProperty("timestamp").GetProperty("nsec").GetInt64());
        AssertIdentityPose(root.GetProperty("pose"));
        int stride = root.GetProperty("point_stride").GetInt32();
        Assert.Equal(20, stride); // repacked for viewing, with or without compensation

        Dictionary<string, (int Offset, int Type)> fields = Fields(root);
        // NumericType: 1 UINT8, 3 UINT16, 7 FLOAT32.
        Assert.Equal((0, 7), fields["x"]);
        Assert.Equal((4, 7), fields["y"]);
        Assert.Equal((8, 7), fields["z"]);
        Assert.Equal((12, 7), fields["intensity"]);
        Assert.Equal((16, 3), fields["ring"]);
        Assert.Equal((18, 1), fields["semantic_class"]);
        Assert.Equal(6, fields.Count);

        byte[] data = Convert.FromBase64String(root.GetProperty("data").GetString()!);
        Assert.Equal(LidarPoints.Length * stride, data.Length);
        for (int i = 0; i < LidarPoints.Length; i++)
        {
            var q = LidarPoints[i];
            ReadOnlySpan<byte> r = data.AsSpan(i * stride, stride);
            Assert.Equal(q.X, ReadField<float>(r, fields["x"]));
            Assert.Equal(q.Y, ReadField<float>(r, fields["y"]));
            Assert.Equal(q.Z, ReadField<float>(r, fields["z"]));
            Assert.Equal(q.Intensity, ReadField<float>(r, fields["intensity"]));
            Assert.Equal(q.Ring, BinaryPrimitives.ReadUInt16LittleEndian(r[fields["ring"].Offset..]));
            Assert.Equal(q.Class, r[fields["semantic_class"].Offset]);
        }
    }

    [Fact]
    public void An_empty_sweep_is_an_empty_cloud()
    {
        var p = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), 36);
        using JsonDocument doc = Parse(_encoder.LidarPointCloud("lidar_top", 0, p), FoxgloveSchemas.PointCloud);
        Assert.Equal("", doc.RootElement.GetProperty("data").GetString());
    }

    [Fact]
    public void Malformed_payloads_are_refused_with_their_format_named()
    {
        byte[] lidar = LidarPayload(false);
        Assert.Contains("lidar.v1", Assert.Throws<ArgumentException>(() => _encoder.LidarPointCloud("l", 0, lidar.AsSpan(0, lidar.Length - 1))).Message);
        Assert.Contains("lidar.v1", Assert.Throws<ArgumentException>(() => _encoder.LidarPointCloud("l", 0, lidar.AsSpan(0, 10))).Message);
        byte[] wrongStride = LidarPayload(false);
        BinaryPrimitives.WriteUInt16LittleEndian(wrongStride.AsSpan(4), 40);
        Assert.Throws<ArgumentException>(() => _encoder.LidarPointCloud("l", 0, wrongStride));
        Assert.Contains("ground_truth.v1", Assert.Throws<ArgumentException>(() => _encoder.GroundTruthSceneUpdate(0, 0, new byte[] { 1, 0, 0, 0 })).Message);
        Assert.Contains("camera.rgb8.v1", Assert.Throws<ArgumentException>(() => _encoder.RgbImage("c", 0, ImagePayload(2, 2, 3).AsSpan(1))).Message);
        Assert.Contains("gnss.v1", Assert.Throws<ArgumentException>(() => _encoder.LocationFix("g", 0, new byte[67])).Message);
        Assert.Contains("radar.detections.v1", Assert.Throws<ArgumentException>(() => _encoder.RadarPointCloud("r", 0, new byte[] { 255, 255, 255, 255 })).Message);
    }

    // ---- radar -----------------------------------------------------------------------------

    [Fact]
    public void Radar_detections_become_cartesian_points_with_range_rate_rcs_snr_and_id()
    {
        // (range, azimuth, elevation, radial velocity, RCS, SNR, id)
        (float R, float Az, float El, float Vr, float Rcs, float Snr, int Id)[] dets =
        [
            (20f, (float)(Math.PI / 6), 0f, -5f, 10f, 30f, 2),
            (50f, -0.1f, 0.05f, 3.5f, -8f, 12f, -1),
        ];
        var p = new byte[4 + 28 * dets.Length];
        BinaryPrimitives.WriteInt32LittleEndian(p, dets.Length);
        for (int i = 0; i < dets.Length; i++)
        {
            Span<byte> r = p.AsSpan(4 + 28 * i);
            BinaryPrimitives.WriteSingleLittleEndian(r, dets[i].R);
            BinaryPrimitives.WriteSingleLittleEndian(r[4..], dets[i].Az);
            BinaryPrimitives.WriteSingleLittleEndian(r[8..], dets[i].El);
            BinaryPrimitives.WriteSingleLittleEndian(r[12..], dets[i].Vr);
            BinaryPrimitives.WriteSingleLittleEndian(r[16..], dets[i].Rcs);
            BinaryPrimitives.WriteSingleLittleEndian(r[20..], dets[i].Snr);
            BinaryPrimitives.WriteInt32LittleEndian(r[24..], dets[i].Id);
        }

        using JsonDocument doc = Parse(_encoder.RadarPointCloud("radar_front", 50_000_000, p), FoxgloveSchemas.PointCloud);
        JsonElement root = doc.RootElement;
        Assert.Equal("radar_front", root.GetProperty("frame_id").GetString());
        int stride = root.GetProperty("point_stride").GetInt32();
        Dictionary<string, (int Offset, int Type)> fields = Fields(root);
        Assert.Equal(7, fields.Count);
        byte[] data = Convert.FromBase64String(root.GetProperty("data").GetString()!);
        Assert.Equal(dets.Length * stride, data.Length);

        // 20 m at 30 deg left, level: (20 cos 30, 20 sin 30, 0) = (17.3205, 10, 0).
        ReadOnlySpan<byte> first = data.AsSpan(0, stride);
        Assert.Equal(17.320508, ReadField<float>(first, fields["x"]), 5);
        Assert.Equal(10.0, ReadField<float>(first, fields["y"]), 5);
        Assert.Equal(0.0, ReadField<float>(first, fields["z"]), 6);
        for (int i = 0; i < dets.Length; i++)
        {
            ReadOnlySpan<byte> r = data.AsSpan(i * stride, stride);
            double x = ReadField<float>(r, fields["x"]), y = ReadField<float>(r, fields["y"]), z = ReadField<float>(r, fields["z"]);
            Assert.Equal(dets[i].R, Math.Sqrt(x * x + y * y + z * z), 4);
            Assert.Equal(dets[i].Az, Math.Atan2(y, x), 5);
            Assert.Equal(dets[i].El, Math.Atan2(z, Math.Sqrt(x * x + y * y)), 5);
            Assert.Equal(dets[i].Vr, ReadField<float>(r, fields["range_rate"]));
            Assert.Equal(dets[i].Rcs, ReadField<float>(r, fields["rcs"]));
            Assert.Equal(dets[i].Snr, ReadField<float>(r, fields["snr"]));
            Assert.Equal(6, fields["entity_id"].Type);
            Assert.Equal(dets[i].Id, BinaryPrimitives.ReadInt32LittleEndian(r[fields["entity_id"].Offset..]));
        }
    }

    [Fact]
    public void Radar_tracks_become_scene_entities_in_the_sensor_frame()
    {
        var p = new byte[4 + 36];
        BinaryPrimitives.WriteInt32LittleEndian(p, 1);
        Span<byte> r = p.AsSpan(4);
        BinaryPrimitives.WriteInt32LittleEndian(r, 17);
        BinaryPrimitives.WriteInt32LittleEndian(r[4..], 9);
        BinaryPrimitives.WriteInt32LittleEndian(r[8..], 3);
        BinaryPrimitives.WriteSingleLittleEndian(r[12..], 42.5f);
        BinaryPrimitives.WriteSingleLittleEndian(r[16..], -1.25f);
        BinaryPrimitives.WriteSingleLittleEndian(r[20..], 0.5f);
        BinaryPrimitives.WriteSingleLittleEndian(r[24..], -4f);
        BinaryPrimitives.WriteSingleLittleEndian(r[28..], 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(r[32..], 13f);

        using JsonDocument doc = Parse(_encoder.RadarObjectsSceneUpdate("radar_front", 100_000_000, 50_000_000, p), FoxgloveSchemas.SceneUpdate);
        JsonElement e = Assert.Single(doc.RootElement.GetProperty("entities").EnumerateArray());
        Assert.Equal("17", e.GetProperty("id").GetString());
        Assert.Equal("radar_front", e.GetProperty("frame_id").GetString());
        Assert.Equal(50_000_000, e.GetProperty("lifetime").GetProperty("nsec").GetInt64());
        JsonElement position = Assert.Single(e.GetProperty("cubes").EnumerateArray()).GetProperty("pose").GetProperty("position");
        Assert.Equal(42.5, position.GetProperty("x").GetDouble());
        Assert.Equal(-1.25, position.GetProperty("y").GetDouble());
        Assert.Equal(0.5, position.GetProperty("z").GetDouble());
        Assert.Equal("track 17", Assert.Single(e.GetProperty("texts").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal("9", Metadata(e)["age"]);
        Assert.Equal("-4", Metadata(e)["vx"]);
    }

    // ---- ground truth ----------------------------------------------------------------------

    private static byte[] GroundTruthPayload(params (int Id, int Class, int Points, double X, double Y, double Z, double L, double W, double H, double Heading, double Vx, double Vy)[] objects)
    {
        var p = new byte[4 + 140 * objects.Length];
        BinaryPrimitives.WriteInt32LittleEndian(p, objects.Length);
        for (int i = 0; i < objects.Length; i++)
        {
            var o = objects[i];
            Span<byte> r = p.AsSpan(4 + 140 * i, 140);
            BinaryPrimitives.WriteInt32LittleEndian(r, o.Id);
            BinaryPrimitives.WriteInt32LittleEndian(r[4..], o.Class);
            BinaryPrimitives.WriteInt32LittleEndian(r[8..], o.Points);
            BinaryPrimitives.WriteDoubleLittleEndian(r[12..], o.X);
            BinaryPrimitives.WriteDoubleLittleEndian(r[20..], o.Y);
            BinaryPrimitives.WriteDoubleLittleEndian(r[28..], o.Z);
            BinaryPrimitives.WriteDoubleLittleEndian(r[36..], o.L);
            BinaryPrimitives.WriteDoubleLittleEndian(r[44..], o.W);
            BinaryPrimitives.WriteDoubleLittleEndian(r[52..], o.H);
            BinaryPrimitives.WriteDoubleLittleEndian(r[60..], o.Heading);
            BinaryPrimitives.WriteDoubleLittleEndian(r[68..], o.Vx);
            BinaryPrimitives.WriteDoubleLittleEndian(r[76..], o.Vy);
            // The sensor-frame part (+84..+140) is not drawn; fill it so a wrong offset would show.
            for (int k = 84; k < 140; k += 8)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(r[k..], 999.0);
            }
        }
        return p;
    }

    [Fact]
    public void Ground_truth_boxes_are_cubes_in_the_world_turned_by_their_heading()
    {
        byte[] payload = GroundTruthPayload(
            (7, 0, 120, 105.25, -20.5, 0.75, 4.5, 1.8, 1.5, Math.PI / 2, 0.0, 12.5),
            (2, 3, -1, 30.0, 4.0, 0.9, 0.6, 0.6, 1.8, Math.PI, -1.0, 0.0));
        using JsonDocument doc = Parse(_encoder.GroundTruthSceneUpdate(3_000_000_007, 100_000_000, payload), FoxgloveSchemas.SceneUpdate);
        JsonElement[] entities = doc.RootElement.GetProperty("entities").EnumerateArray().ToArray();
        Assert.Equal(2, entities.Length);
        Assert.Empty(doc.RootElement.GetProperty("deletions").EnumerateArray());

        JsonElement car = entities[0];
        Assert.Equal("7", car.GetProperty("id").GetString());
        Assert.Equal("world", car.GetProperty("frame_id").GetString());
        Assert.Equal(3, car.GetProperty("timestamp").GetProperty("sec").GetInt64());
        Assert.Equal(7, car.GetProperty("timestamp").GetProperty("nsec").GetInt64());
        Assert.Equal(0, car.GetProperty("lifetime").GetProperty("sec").GetInt64());
        Assert.Equal(100_000_000, car.GetProperty("lifetime").GetProperty("nsec").GetInt64());
        Assert.False(car.GetProperty("frame_locked").GetBoolean());
        JsonElement cube = Assert.Single(car.GetProperty("cubes").EnumerateArray());
        JsonElement pos = cube.GetProperty("pose").GetProperty("position");
        Assert.Equal(105.25, pos.GetProperty("x").GetDouble());
        Assert.Equal(-20.5, pos.GetProperty("y").GetDouble());
        Assert.Equal(0.75, pos.GetProperty("z").GetDouble());
        // Heading 90 deg about z: (0, 0, sin 45, cos 45).
        JsonElement q = cube.GetProperty("pose").GetProperty("orientation");
        Assert.Equal(0.0, q.GetProperty("x").GetDouble(), Eps);
        Assert.Equal(0.0, q.GetProperty("y").GetDouble(), Eps);
        Assert.Equal(Math.Sqrt(0.5), q.GetProperty("z").GetDouble(), Eps);
        Assert.Equal(Math.Sqrt(0.5), q.GetProperty("w").GetDouble(), Eps);
        JsonElement size = cube.GetProperty("size");
        Assert.Equal(4.5, size.GetProperty("x").GetDouble());
        Assert.Equal(1.8, size.GetProperty("y").GetDouble());
        Assert.Equal(1.5, size.GetProperty("z").GetDouble());
        JsonElement label = Assert.Single(car.GetProperty("texts").EnumerateArray());
        Assert.Equal("car 7", label.GetProperty("text").GetString());
        Assert.True(label.GetProperty("pose").GetProperty("position").GetProperty("z").GetDouble() > 0.75 + 1.5 / 2);
        Dictionary<string, string> meta = Metadata(car);
        Assert.Equal("car", meta["class"]);
        Assert.Equal("120", meta["lidar_points"]);
        Assert.Equal("12.5", meta["vy"]);

        JsonElement pedestrian = entities[1];
        Assert.Equal("2", pedestrian.GetProperty("id").GetString());
        Assert.Equal("pedestrian 2", Assert.Single(pedestrian.GetProperty("texts").EnumerateArray()).GetProperty("text").GetString());
        // Heading 180 deg: (0, 0, 1, 0) up to the float rounding of cos(pi/2).
        JsonElement q2 = Assert.Single(pedestrian.GetProperty("cubes").EnumerateArray()).GetProperty("pose").GetProperty("orientation");
        Assert.Equal(1.0, q2.GetProperty("z").GetDouble(), Eps);
        Assert.Equal(0.0, q2.GetProperty("w").GetDouble(), Eps);
        // Classes have different colours.
        Assert.NotEqual(Color(car), Color(pedestrian));
    }

    [Fact]
    public void No_objects_is_an_empty_scene_update()
    {
        using JsonDocument doc = Parse(_encoder.GroundTruthSceneUpdate(0, 100_000_000, new byte[4]), FoxgloveSchemas.SceneUpdate);
        Assert.Empty(doc.RootElement.GetProperty("entities").EnumerateArray());
    }

    // ---- camera ----------------------------------------------------------------------------

    private static byte[] ImagePayload(int width, int height, int bytesPerPixel)
    {
        var p = new byte[8 + width * height * bytesPerPixel];
        BinaryPrimitives.WriteInt32LittleEndian(p, width);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(4), height);
        for (int i = 8; i < p.Length; i++)
        {
            p[i] = (byte)(i * 37 + 11);
        }
        return p;
    }

    [Fact]
    public void Rgb_frames_become_raw_images_with_their_pixels()
    {
        byte[] payload = ImagePayload(5, 3, 3);
        using JsonDocument doc = Parse(_encoder.RgbImage("front_optical", 33_333_333, payload), FoxgloveSchemas.RawImage);
        JsonElement root = doc.RootElement;
        Assert.Equal("front_optical", root.GetProperty("frame_id").GetString());
        Assert.Equal(5, root.GetProperty("width").GetInt32());
        Assert.Equal(3, root.GetProperty("height").GetInt32());
        Assert.Equal("rgb8", root.GetProperty("encoding").GetString());
        Assert.Equal(15, root.GetProperty("step").GetInt32());
        Assert.Equal(payload[8..], Convert.FromBase64String(root.GetProperty("data").GetString()!));
    }

    [Fact]
    public void Depth_frames_become_32fc1_raw_images()
    {
        var payload = new byte[8 + 2 * 2 * 4];
        BinaryPrimitives.WriteInt32LittleEndian(payload, 2);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), 2);
        float[] depth = [0f, 12.5f, 3.25f, 999f];
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(8 + 4 * i), depth[i]);
        }
        using JsonDocument doc = Parse(_encoder.DepthImage("front_optical", 0, payload), FoxgloveSchemas.RawImage);
        Assert.Equal("32FC1", doc.RootElement.GetProperty("encoding").GetString());
        Assert.Equal(8, doc.RootElement.GetProperty("step").GetInt32());
        byte[] data = Convert.FromBase64String(doc.RootElement.GetProperty("data").GetString()!);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(depth[i], BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * i)));
        }
    }

    // ---- transforms ------------------------------------------------------------------------

    [Theory]
    [InlineData(0.0, 0.0, Math.PI / 2)]
    [InlineData(0.3, -0.2, 1.1)]
    [InlineData(-2.5, 1.2, -2.9)]
    [InlineData(Math.PI, 0.0, 0.0)]
    public void Mount_rotation_is_Rz_yaw_Ry_pitch_Rx_roll(double roll, double pitch, double yaw)
    {
        using JsonDocument doc = Parse(_encoder.MountTransform(0, "radar_fl", 3.6, 0.8, 0.5, roll, pitch, yaw), FoxgloveSchemas.FrameTransform);
        JsonElement root = doc.RootElement;
        Assert.Equal("ego", root.GetProperty("parent_frame_id").GetString());
        Assert.Equal("radar_fl", root.GetProperty("child_frame_id").GetString());
        JsonElement t = root.GetProperty("translation");
        Assert.Equal((3.6, 0.8, 0.5), (t.GetProperty("x").GetDouble(), t.GetProperty("y").GetDouble(), t.GetProperty("z").GetDouble()));
        double[,] expected = Matrix(roll, pitch, yaw);
        AssertRotation(expected, Quaternion(root.GetProperty("rotation")));

        // The Pose3 route (the rig's mounts, the ego snapshot) gives the same rotation.
        var pose = new Pose3(new Vec3(1, 2, 3), roll, pitch, yaw);
        using JsonDocument viaPose = Parse(_encoder.FrameTransform(0, "ego", "x", pose), FoxgloveSchemas.FrameTransform);
        AssertRotation(expected, Quaternion(viaPose.RootElement.GetProperty("rotation")));
    }

    [Fact]
    public void A_yaw_of_90_degrees_is_the_quarter_turn_quaternion()
    {
        using JsonDocument doc = Parse(_encoder.EgoTransform(1_000_000_000, 100, 200, 1.5, 0, 0, Math.PI / 2), FoxgloveSchemas.FrameTransform);
        Assert.Equal("world", doc.RootElement.GetProperty("parent_frame_id").GetString());
        Assert.Equal("ego", doc.RootElement.GetProperty("child_frame_id").GetString());
        (double x, double y, double z, double w) = Quaternion(doc.RootElement.GetProperty("rotation"));
        Assert.Equal(0, x, Eps);
        Assert.Equal(0, y, Eps);
        Assert.Equal(Math.Sin(Math.PI / 4), z, Eps);
        Assert.Equal(Math.Cos(Math.PI / 4), w, Eps);
    }

    [Fact]
    public void The_ego_snapshot_pitch_nose_up_is_a_negative_iso_pitch()
    {
        // EntitySnapshot.Pitch is nose up positive; the ISO 8855 pitch of the vehicle frame is nose down positive.
        var ego = new SimCore.Simulation.EntitySnapshot("ego", 10, 20, 1, 0.5, 0, false, null, 0, 0, 0) { Pitch = 0.1 };
        using JsonDocument doc = Parse(_encoder.EgoTransform(0, ego), FoxgloveSchemas.FrameTransform);
        AssertRotation(Matrix(0, -0.1, 0.5), Quaternion(doc.RootElement.GetProperty("rotation")));
        Assert.Equal(10, doc.RootElement.GetProperty("translation").GetProperty("x").GetDouble());
    }

    [Fact]
    public void All_mounts_go_into_one_frame_transforms_message()
    {
        var where = new SourceLocation("rig.yaml", 1, 1);
        SensorDefinition[] sensors =
        [
            new("lidar_top", "lidar", new Pose3(new Vec3(1.3, 0, 1.95), 0, 0, 0), 10, 0, where),
            new("radar_rl", "radar", new Pose3(new Vec3(-0.8, 0.8, 0.5), 0, 0.05, 2.356), 20, 0, where),
        ];
        using JsonDocument doc = Parse(_encoder.MountTransforms(0, sensors), FoxgloveSchemas.FrameTransforms);
        JsonElement[] transforms = doc.RootElement.GetProperty("transforms").EnumerateArray().ToArray();
        Assert.Equal(2, transforms.Length);
        Assert.Equal("lidar_top", transforms[0].GetProperty("child_frame_id").GetString());
        Assert.Equal(1.95, transforms[0].GetProperty("translation").GetProperty("z").GetDouble());
        Assert.Equal("radar_rl", transforms[1].GetProperty("child_frame_id").GetString());
        Assert.Equal("ego", transforms[1].GetProperty("parent_frame_id").GetString());
        AssertRotation(Matrix(0, 0.05, 2.356), Quaternion(transforms[1].GetProperty("rotation")));
    }

    [Fact]
    public void The_optical_frame_looks_along_the_camera_x_axis_with_y_down()
    {
        using JsonDocument doc = Parse(_encoder.CameraOpticalTransform(0, "front", "front_optical"), FoxgloveSchemas.FrameTransform);
        (double, double, double, double) q = Quaternion(doc.RootElement.GetProperty("rotation"));
        // Optical z (forward) is the camera's x, optical x (right) its -y, optical y (down) its -z.
        AssertVector((1, 0, 0), Rotate(q, (0, 0, 1)));
        AssertVector((0, -1, 0), Rotate(q, (1, 0, 0)));
        AssertVector((0, 0, -1), Rotate(q, (0, 1, 0)));
    }

    // ---- gnss ------------------------------------------------------------------------------

    [Fact]
    public void Gnss_fixes_become_location_fixes_with_a_diagonal_covariance()
    {
        var p = new byte[68];
        double[] values = [48.1234567, 11.5, 520.25, 1, 2, 0, 1.5, 3.0];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(p.AsSpan(8 * i), values[i]);
        }
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(64), 3);
        using JsonDocument doc = Parse(_encoder.LocationFix("gnss", 100_000_000, p), FoxgloveSchemas.LocationFix);
        JsonElement root = doc.RootElement;
        Assert.Equal(48.1234567, root.GetProperty("latitude").GetDouble());
        Assert.Equal(11.5, root.GetProperty("longitude").GetDouble());
        Assert.Equal(520.25, root.GetProperty("altitude").GetDouble());
        double[] cov = root.GetProperty("position_covariance").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal([2.25, 0, 0, 0, 2.25, 0, 0, 0, 9.0], cov);
        Assert.Equal(2, root.GetProperty("position_covariance_type").GetInt32());

        // No fix (no ego: NaN, fix type 0): nothing to record.
        var none = new byte[68];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(none.AsSpan(8 * i), double.NaN);
        }
        Assert.True(_encoder.LocationFix("gnss", 0, none).IsEmpty);
    }

    // ---- schemas and the buffer ------------------------------------------------------------

    [Fact]
    public void Every_schema_is_json_titled_with_its_name_and_requires_only_what_it_defines()
    {
        Assert.Equal(7, FoxgloveSchemas.All.Count);
        foreach ((string name, string text) in FoxgloveSchemas.All)
        {
            using JsonDocument schema = JsonDocument.Parse(text);
            Assert.Equal(name, schema.RootElement.GetProperty("title").GetString());
            Assert.Equal("object", schema.RootElement.GetProperty("type").GetString());
            AssertRequiredAreDefined(schema.RootElement, name);
        }
        Assert.Throws<KeyNotFoundException>(() => FoxgloveSchemas.Text("foxglove.Imu"));
    }

    [Fact]
    public void The_checker_catches_a_missing_property_and_a_wrong_type()
    {
        using JsonDocument schema = JsonDocument.Parse(FoxgloveSchemas.Text(FoxgloveSchemas.FrameTransform));
        using JsonDocument missing = JsonDocument.Parse("""{"timestamp":{"sec":0,"nsec":0},"parent_frame_id":"a","child_frame_id":"b","translation":{"x":0,"y":0,"z":0}}""");
        Assert.Contains(Validate(schema.RootElement, missing.RootElement), e => e.Contains("rotation", StringComparison.Ordinal));
        using JsonDocument wrong = JsonDocument.Parse("""{"timestamp":{"sec":0.5,"nsec":0},"parent_frame_id":1,"child_frame_id":"b","translation":{"x":0,"y":0,"z":0},"rotation":{"x":0,"y":0,"z":0,"w":"1"}}""");
        List<string> errors = Validate(schema.RootElement, wrong.RootElement);
        Assert.Contains(errors, e => e.Contains("timestamp.sec", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("parent_frame_id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("rotation.w", StringComparison.Ordinal));
    }

    [Fact]
    public void Encoding_again_reuses_the_buffer_without_allocating()
    {
        byte[] lidar = LidarPayload(true);
        byte[] truth = GroundTruthPayload((7, 0, 120, 105.25, -20.5, 0.75, 4.5, 1.8, 1.5, 1.0, 0.0, 12.5));
        byte[] image = ImagePayload(64, 48, 3);
        void EncodeAll()
        {
            _encoder.LidarPointCloud("lidar_top", 1, lidar);
            _encoder.GroundTruthSceneUpdate(1, 100_000_000, truth);
            _encoder.RgbImage("front", 1, image);
            _encoder.EgoTransform(1, 1, 2, 3, 0.1, 0.2, 0.3);
        }
        EncodeAll();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            EncodeAll();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // The returned memory is the message just written, not a stale one.
        string log = System.Text.Encoding.UTF8.GetString(_encoder.Log(0, FoxgloveLogLevel.Info, "sim", "x").Span);
        Assert.StartsWith("{\"timestamp\"", log, StringComparison.Ordinal);
        Assert.EndsWith("}", log, StringComparison.Ordinal);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>Parses a message and checks it against its schema.</summary>
    private static JsonDocument Parse(ReadOnlyMemory<byte> message, string schemaName)
    {
        JsonDocument doc = JsonDocument.Parse(message);
        using JsonDocument schema = JsonDocument.Parse(FoxgloveSchemas.Text(schemaName));
        List<string> errors = Validate(schema.RootElement, doc.RootElement);
        Assert.True(errors.Count == 0, $"{schemaName}: {string.Join("; ", errors)}");
        return doc;
    }

    /// <summary>
    /// A small JSON Schema checker for the subset the schemas use: type, properties (no property
    /// outside them), required, items, minItems/maxItems, oneOf of consts, minimum/maximum and
    /// base64 content.
    /// </summary>
    private static List<string> Validate(JsonElement schema, JsonElement value, string path = "$", List<string>? errors = null)
    {
        errors ??= [];
        if (schema.TryGetProperty("type", out JsonElement type))
        {
            string t = type.GetString()!;
            bool ok = t switch
            {
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                "string" => value.ValueKind == JsonValueKind.String,
                "number" => value.ValueKind == JsonValueKind.Number,
                "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                _ => false,
            };
            if (!ok)
            {
                errors.Add($"{path}: expected {t}, got {value.ValueKind} {value.GetRawText()}");
                return errors;
            }
        }
        if (schema.TryGetProperty("oneOf", out JsonElement oneOf)
            && !(value.ValueKind == JsonValueKind.Number && oneOf.EnumerateArray().Any(c => c.GetProperty("const").GetDouble() == value.GetDouble())))
        {
            errors.Add($"{path}: {value.GetRawText()} is none of the enum's values");
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out JsonElement min) && value.GetDouble() < min.GetDouble())
            {
                errors.Add($"{path}: {value.GetRawText()} below {min.GetRawText()}");
            }
            if (schema.TryGetProperty("maximum", out JsonElement max) && value.GetDouble() > max.GetDouble())
            {
                errors.Add($"{path}: {value.GetRawText()} above {max.GetRawText()}");
            }
        }
        if (schema.TryGetProperty("contentEncoding", out JsonElement enc) && enc.GetString() == "base64"
            && !Convert.TryFromBase64String(value.GetString()!, new byte[value.GetString()!.Length], out _))
        {
            errors.Add($"{path}: not base64");
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out JsonElement required))
            {
                foreach (JsonElement r in required.EnumerateArray())
                {
                    if (!value.TryGetProperty(r.GetString()!, out _))
                    {
                        errors.Add($"{path}: missing required '{r.GetString()}'");
                    }
                }
            }
            if (schema.TryGetProperty("properties", out JsonElement properties))
            {
                foreach (JsonProperty p in value.EnumerateObject())
                {
                    if (properties.TryGetProperty(p.Name, out JsonElement sub))
                    {
                        Validate(sub, p.Value, $"{path}.{p.Name}", errors);
                    }
                    else
                    {
                        errors.Add($"{path}: '{p.Name}' is not a property of the schema");
                    }
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            int n = value.GetArrayLength();
            if (schema.TryGetProperty("minItems", out JsonElement minItems) && n < minItems.GetInt32()
                || schema.TryGetProperty("maxItems", out JsonElement maxItems) && n > maxItems.GetInt32())
            {
                errors.Add($"{path}: {n} items");
            }
            if (schema.TryGetProperty("items", out JsonElement items))
            {
                int i = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Validate(items, item, $"{path}[{i++}]", errors);
                }
            }
        }
        return errors;
    }

    private static void AssertRequiredAreDefined(JsonElement schema, string path)
    {
        if (schema.TryGetProperty("required", out JsonElement required))
        {
            JsonElement properties = schema.GetProperty("properties");
            foreach (JsonElement r in required.EnumerateArray())
            {
                Assert.True(properties.TryGetProperty(r.GetString()!, out _), $"{path} requires undefined '{r.GetString()}'");
            }
        }
        if (schema.TryGetProperty("properties", out JsonElement props))
        {
            foreach (JsonProperty p in props.EnumerateObject())
            {
                AssertRequiredAreDefined(p.Value, $"{path}.{p.Name}");
            }
        }
        if (schema.TryGetProperty("items", out JsonElement items))
        {
            AssertRequiredAreDefined(items, path + "[]");
        }
    }

    private static Dictionary<string, (int Offset, int Type)> Fields(JsonElement cloud)
        => cloud.GetProperty("fields").EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!, f => (f.GetProperty("offset").GetInt32(), f.GetProperty("type").GetInt32()));

    private static float ReadField<T>(ReadOnlySpan<byte> record, (int Offset, int Type) field)
    {
        Assert.Equal(7, field.Type);
        return BinaryPrimitives.ReadSingleLittleEndian(record[field.Offset..]);
    }

    private static Dictionary<string, string> Metadata(JsonElement entity)
        => entity.GetProperty("metadata").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetString()!);

    private static string Color(JsonElement entity)
        => Assert.Single(entity.GetProperty("cubes").EnumerateArray()).GetProperty("color").GetRawText();

    private static void AssertIdentityPose(JsonElement pose)
    {
        Assert.Equal((0.0, 0.0, 0.0, 1.0), Quaternion(pose.GetProperty("orientation")));
        JsonElement p = pose.GetProperty("position");
        Assert.Equal((0.0, 0.0, 0.0), (p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble(), p.GetProperty("z").GetDouble()));
    }

    private static (double X, double Y, double Z, double W) Quaternion(JsonElement q)
        => (q.GetProperty("x").GetDouble(), q.GetProperty("y").GetDouble(), q.GetProperty("z").GetDouble(), q.GetProperty("w").GetDouble());

    /// <summary>R = Rz(yaw) Ry(pitch) Rx(roll), multiplied out from the three elementary rotations.</summary>
    private static double[,] Matrix(double roll, double pitch, double yaw)
    {
        double[,] rx = { { 1, 0, 0 }, { 0, Math.Cos(roll), -Math.Sin(roll) }, { 0, Math.Sin(roll), Math.Cos(roll) } };
        double[,] ry = { { Math.Cos(pitch), 0, Math.Sin(pitch) }, { 0, 1, 0 }, { -Math.Sin(pitch), 0, Math.Cos(pitch) } };
        double[,] rz = { { Math.Cos(yaw), -Math.Sin(yaw), 0 }, { Math.Sin(yaw), Math.Cos(yaw), 0 }, { 0, 0, 1 } };
        return Multiply(rz, Multiply(ry, rx));
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }
        return c;
    }

    /// <summary>Rotates v by q as q v q* (Hamilton product), the convention Foxglove uses.</summary>
    private static (double, double, double) Rotate((double X, double Y, double Z, double W) q, (double X, double Y, double Z) v)
    {
        // t = 2 q.xyz × v; v' = v + w t + q.xyz × t
        double tx = 2 * (q.Y * v.Z - q.Z * v.Y), ty = 2 * (q.Z * v.X - q.X * v.Z), tz = 2 * (q.X * v.Y - q.Y * v.X);
        return (v.X + q.W * tx + (q.Y * tz - q.Z * ty), v.Y + q.W * ty + (q.Z * tx - q.X * tz), v.Z + q.W * tz + (q.X * ty - q.Y * tx));
    }

    private static void AssertRotation(double[,] expected, (double X, double Y, double Z, double W) q)
    {
        Assert.Equal(1.0, q.X * q.X + q.Y * q.Y + q.Z * q.Z + q.W * q.W, 1e-12);
        (double, double, double)[] axes = [(1, 0, 0), (0, 1, 0), (0, 0, 1)];
        for (int j = 0; j < 3; j++)
        {
            // Column j of R is the image of unit axis j.
            AssertVector((expected[0, j], expected[1, j], expected[2, j]), Rotate(q, axes[j]));
        }
    }

    private static void AssertVector((double X, double Y, double Z) expected, (double X, double Y, double Z) actual)
    {
        Assert.Equal(expected.X, actual.X, 1e-12);
        Assert.Equal(expected.Y, actual.Y, 1e-12);
        Assert.Equal(expected.Z, actual.Z, 1e-12);
    }
}
