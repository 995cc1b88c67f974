using System.Buffers.Binary;
using System.Text.Json;
using Mcap;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// `sim run --record-profile ros2|both` and `sim log export --ros2`: standard ROS 2 messages that
/// Foxglove's official deserializer (tools/ros2-check/read_bag.mjs) decodes, with the values of the
/// project's own channels.
/// </summary>
public class Ros2ExportTests
{
    private static string Rig(TempDir dir)
    {
        string rig = dir.File("rig.yaml");
        File.WriteAllText(rig, $$"""
            sensors:
              - {name: lidar_top, type: lidar, mount: {x: 1.3, y: 0, z: 1.95, yaw: 0.1}, rate: 10, channels: 8, fov_up_deg: 5, fov_down_deg: 15, azimuth_steps: 180, max_range: 100, range_noise: 0.01}
              - {name: imu, type: imu, mount: {x: 1.4, y: 0, z: 0.35}, rate: 100}
              - {name: gnss, type: gnss, mount: {x: 1.2, y: 0, z: 1.5}, rate: 10, horizontal_noise: 1.5, vertical_noise: 3, origin_latitude: 48.7758, origin_longitude: 9.1829, origin_altitude: 250}
              - {name: vehicle_bus, type: can, mount: {x: 0}, rate: 100, dbc: {{Path.Combine(Repo.Scenarios, "can", "vehicle.dbc")}}}
            """);
        return rig;
    }

    private static JsonElement Topic(JsonDocument d, string topic) => d.RootElement.GetProperty("topics").GetProperty(topic);

    [Ros2CheckFact]
    public void BothProfilesHoldOurChannelsAndRos2MessagesWithTheSameValues()
    {
        using var dir = new TempDir();
        string file = dir.File("run.mcap");
        CliResult run = SimCli.InProcess("run", Repo.CutIn, "--rig", Rig(dir), "--record", file, "--record-profile", "both", "--out", dir.File("out"), "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument ros = Ros2Check.Json("read_bag.mjs", file);
        Assert.Equal("", ros.RootElement.GetProperty("profile").GetString());

        var ego = RecordingFile.Outputs(file, "imu"); // ours, for counts
        Assert.Equal(ego.Count, Topic(ros, "/imu/data").GetProperty("count").GetInt32());
        (var f, var w) = SensorModels.Imu.ImuPayload.Read(ego[0].Payload);
        JsonElement imu = Topic(ros, "/imu/data").GetProperty("first");
        Assert.Equal(f.Z, imu.GetProperty("linear_acceleration").GetProperty("z").GetDouble());
        Assert.Equal(w.Z, imu.GetProperty("angular_velocity").GetProperty("z").GetDouble());
        Assert.Equal(-1.0, imu.GetProperty("orientation_covariance")[0].GetDouble());

        var lidar = RecordingFile.Outputs(file, "lidar_top");
        Assert.Equal(lidar.Count, Topic(ros, "/lidar_top/points").GetProperty("count").GetInt32());
        List<LidarPoint> ours = RecordingFile.Points(lidar[0].Payload);
        JsonElement cloud = Topic(ros, "/lidar_top/points").GetProperty("first");
        Assert.Equal(ours.Count, cloud.GetProperty("width").GetInt32());
        Assert.Equal("lidar_top", cloud.GetProperty("header").GetProperty("frame_id").GetString());
        JsonElement data = cloud.GetProperty("data");
        byte[] first = (data.ValueKind == JsonValueKind.Array ? data : data.GetProperty("first")).EnumerateArray().Take(24).Select(x => (byte)x.GetInt32()).ToArray();
        Assert.Equal(ours[0].X, BinaryPrimitives.ReadSingleLittleEndian(first));
        Assert.Equal(ours[0].Z, BinaryPrimitives.ReadSingleLittleEndian(first.AsSpan(8)));
        Assert.Equal(ours[0].Ring, BinaryPrimitives.ReadUInt16LittleEndian(first.AsSpan(20)));

        var fixes = RecordingFile.Outputs(file, "gnss");
        JsonElement fix = Topic(ros, "/gnss/fix").GetProperty("first");
        Assert.Equal(BinaryPrimitives.ReadDoubleLittleEndian(fixes[0].Payload), fix.GetProperty("latitude").GetDouble());
        Assert.Equal(2.25, fix.GetProperty("position_covariance")[0].GetDouble(), 1e-12); // 1.5 m, 1 sigma

        int frames = RecordingFile.Outputs(file, "vehicle_bus").Sum(o => BinaryPrimitives.ReadInt32LittleEndian(o.Payload));
        Assert.Equal(frames, Topic(ros, "/vehicle_bus/frames").GetProperty("count").GetInt32());

        using McapReader r = McapReader.Open(file);
        Assert.Equal(r.Channels.Values.Single(c => c.Topic == "/sim/ego").Id is var id ? r.ReadMessages().Count(m => m.ChannelId == id) : 0,
            Topic(ros, "/odom").GetProperty("count").GetInt32());
        JsonElement statics = Topic(ros, "/tf_static").GetProperty("first").GetProperty("transforms");
        JsonElement lidarMount = statics.EnumerateArray().Single(t => t.GetProperty("child_frame_id").GetString() == "lidar_top").GetProperty("transform");
        Assert.Equal(1.95, lidarMount.GetProperty("translation").GetProperty("z").GetDouble());
        Assert.Equal(Math.Sin(0.05), lidarMount.GetProperty("rotation").GetProperty("z").GetDouble(), 1e-12); // yaw 0.1 rad
    }

    [Ros2CheckFact]
    public void TheRos2ProfileIsABagAndEqualsExportingTheRecording()
    {
        using var dir = new TempDir();
        string rig = Rig(dir);
        CliResult a = SimCli.InProcess("run", Repo.CutIn, "--rig", rig, "--record", dir.File("ros2.mcap"), "--record-profile", "ros2", "--record-compression", "zstd", "--out", dir.File("a"), "--quiet");
        CliResult b = SimCli.InProcess("run", Repo.CutIn, "--rig", rig, "--record", dir.File("sim.mcap"), "--record-compression", "zstd", "--out", dir.File("b"), "--quiet");
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a + "\n" + b);
        CliResult export = SimCli.InProcess("log", "export", dir.File("sim.mcap"), "--ros2", "--out", dir.File("exported.mcap"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(File.ReadAllBytes(dir.File("ros2.mcap")), File.ReadAllBytes(dir.File("exported.mcap")));
        Assert.False(File.Exists(dir.File("ros2.mcap.sim")));
        using JsonDocument ros = Ros2Check.Json("read_bag.mjs", dir.File("ros2.mcap"));
        Assert.Equal("ros2", ros.RootElement.GetProperty("profile").GetString());
        using McapReader r = McapReader.Open(dir.File("ros2.mcap"));
        Assert.All(r.Channels.Values, c => Assert.Equal("cdr", c.MessageEncoding));
        Assert.All(r.Schemas.Values, s => Assert.Equal("ros2msg", s.Encoding));
        Assert.Equal(["/gnss/fix", "/imu/data", "/lidar_top/points", "/odom", "/tf", "/tf_static", "/vehicle_bus/frames"],
            ros.RootElement.GetProperty("topics").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
