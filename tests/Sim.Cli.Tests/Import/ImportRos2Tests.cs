using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Mcap;
using Sim.Runtime.Import;
using Sim.Runtime.Import.Ros2;
using Sim.Cli.Tests.Infrastructure;
using SimCore.Diagnostics;

namespace Sim.Cli.Tests.Import;

/// <summary>
/// `sim import ros2` on a bag written by Foxglove's official ROS 2 serializer (tools/ros2-check):
/// every value read back is the one the serializer was given.
/// </summary>
public class ImportRos2Tests
{
    [Ros2CheckFact]
    public void EveryMessageTypeReadsBackAsTheSerializerWroteIt()
    {
        using var dir = new TempDir();
        string bag = dir.File("bag.mcap"), facts = dir.File("expected.json"), output = dir.File("out.mcap");
        Ros2Check.Run("write_bag.mjs", bag, facts);
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(facts));
        JsonElement e = expected.RootElement;
        ImportSummary s = Ros2Importer.Run(new Ros2Importer.Options(bag, output));
        Assert.Null(s.Damage);
        Assert.Equal(e.GetProperty("counts").GetProperty("/points").GetInt32(), s.Outputs["points"]);
        Assert.Equal(e.GetProperty("counts").GetProperty("/imu").GetInt32(), s.Outputs["imu"]);
        Assert.Equal(e.GetProperty("counts").GetProperty("/fix").GetInt32(), s.Outputs["fix"]);
        Assert.Equal(e.GetProperty("counts").GetProperty("/camera/image_raw").GetInt32(), s.Outputs["camera_image_raw"]);

        // PointCloud2 -> lidar.v1, in the lidar's frame.
        List<LidarPoint> points = RecordingFile.Points(RecordingFile.Outputs(output, "points")[3].Payload);
        JsonElement[] ep = e.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(ep.Length, points.Count);
        for (int i = 0; i < ep.Length; i++)
        {
            Assert.Equal(ep[i][0].GetSingle(), points[i].X);
            Assert.Equal(ep[i][1].GetSingle(), points[i].Y);
            Assert.Equal(ep[i][2].GetSingle(), points[i].Z);
            Assert.Equal(ep[i][3].GetSingle(), points[i].Intensity);
            Assert.Equal(ep[i][4].GetInt32(), points[i].Ring);
        }

        // Image (bgr8) -> camera.rgb8.v1; CompressedImage -> camera.compressed.v1.
        byte[] image = RecordingFile.Outputs(output, "camera_image_raw")[3].Payload;
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(image));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(4)));
        Assert.Equal(e.GetProperty("image").GetProperty("rgb").EnumerateArray().Select(x => (byte)x.GetInt32()), image[8..]);
        byte[] jpeg = RecordingFile.Outputs(output, "camera_image_raw_compressed")[3].Payload;
        Assert.Equal("jpeg", System.Text.Encoding.UTF8.GetString(jpeg, 2, BinaryPrimitives.ReadUInt16LittleEndian(jpeg)));
        Assert.Equal(e.GetProperty("compressed").GetProperty("data").EnumerateArray().Select(x => (byte)x.GetInt32()), jpeg[6..]);

        // Imu -> imu.v1 at the header stamp.
        var imu = RecordingFile.Outputs(output, "imu");
        foreach (JsonElement row in e.GetProperty("imu").EnumerateArray())
        {
            var o = imu.Single(x => x.Frame.EndNs == row[0].GetInt64());
            (var f, var w) = SensorModels.Imu.ImuPayload.Read(o.Payload);
            Assert.Equal([row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble(), row[4].GetDouble(), row[5].GetDouble(), row[6].GetDouble()], [f.X, f.Y, f.Z, w.X, w.Y, w.Z]);
        }

        // NavSatFix -> gnss.v1 (accuracy from the covariance).
        var fixes = RecordingFile.Outputs(output, "fix");
        int k = 0;
        foreach (JsonElement row in e.GetProperty("fix").EnumerateArray())
        {
            byte[] p = fixes[k++].Payload;
            Assert.Equal(row[0].GetDouble(), BinaryPrimitives.ReadDoubleLittleEndian(p));
            Assert.Equal(row[1].GetDouble(), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(8)));
            Assert.Equal(row[2].GetDouble(), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(16)));
            Assert.Equal(row[3].GetDouble(), BinaryPrimitives.ReadDoubleLittleEndian(p.AsSpan(48)));
            Assert.Equal(row[4].GetInt32(), BinaryPrimitives.ReadInt32LittleEndian(p.AsSpan(64)));
        }

        // can_msgs/Frame -> can.v1, ids, flags and bytes.
        var frames = new List<(long T, uint Id, bool Ext, byte[] Data)>();
        foreach (var o in RecordingFile.Outputs(output, "can_rx"))
        {
            int n = BinaryPrimitives.ReadInt32LittleEndian(o.Payload), at = 4;
            for (int i = 0; i < n; i++)
            {
                long t = BinaryPrimitives.ReadInt64LittleEndian(o.Payload.AsSpan(at));
                uint id = BinaryPrimitives.ReadUInt32LittleEndian(o.Payload.AsSpan(at + 8));
                int len = o.Payload[at + 13];
                frames.Add((t, id, (o.Payload[at + 12] & 1) != 0, o.Payload[(at + 14)..(at + 14 + len)]));
                at += 14 + len;
            }
        }
        JsonElement[] ec = e.GetProperty("can").EnumerateArray().ToArray();
        Assert.Equal(ec.Length, frames.Count);
        for (int i = 0; i < ec.Length; i++)
        {
            Assert.Equal(ec[i][0].GetInt64(), frames[i].T);
            Assert.Equal(ec[i][1].GetUInt32(), frames[i].Id);
            Assert.Equal(ec[i][2].GetInt32() == 1, frames[i].Ext);
            Assert.Equal(ec[i].EnumerateArray().Skip(3).Select(x => (byte)x.GetInt32()), frames[i].Data);
        }

        // Odometry -> the ego; /tf_static -> mounts in base_link.
        using McapReader r = McapReader.Open(output);
        Assert.Equal(e.GetProperty("lidar_mount").EnumerateArray().Select(x => x.GetDouble()),
            r.Channels.Values.Single(c => c.Topic == "/sim/sensor/points").Metadata["mount"].Split(',').Select(x => Math.Round(double.Parse(x, CultureInfo.InvariantCulture), 12)));
        Assert.Equal(e.GetProperty("imu_mount").EnumerateArray().Select(x => x.GetDouble()),
            r.Channels.Values.Single(c => c.Topic == "/sim/sensor/imu").Metadata["mount"].Split(',').Select(x => Math.Round(double.Parse(x, CultureInfo.InvariantCulture), 12)));
        var egoChannel = r.Channels.Values.Single(c => c.Topic == "/sim/ego").Id;
        McapMessage at1s = r.ReadMessages().Where(m => m.ChannelId == egoChannel).Single(m => m.LogTime == 1_000_000_000);
        var ego = new MessagePack.MessagePackReader(at1s.Data);
        ego.ReadArrayHeader();
        Assert.Equal(100ul, ego.ReadUInt64());
        double yaw = e.GetProperty("yaw").GetDouble();
        Assert.Equal(3 + 10 * Math.Cos(yaw), ego.ReadDouble(), 1e-9);
        Assert.Equal(4 + 10 * Math.Sin(yaw), ego.ReadDouble(), 1e-9);
        ego.ReadDouble();
        Assert.Equal(yaw, ego.ReadDouble(), 1e-12);
        ego.ReadDouble();
        ego.ReadDouble();
        Assert.Equal(10.0, ego.ReadDouble(), 1e-12);
    }

    [Fact]
    public void AMessageThatIsNotItsTypeNamesTheTopicMessageAndByte()
    {
        using var dir = new TempDir();
        string bag = dir.File("bad.mcap");
        using (FileStream f = File.Create(bag))
        using (var w = new McapWriter(f, new McapWriterOptions { Profile = "ros2" }))
        {
            ushort schema = w.AddSchema("sensor_msgs/msg/Imu", "ros2msg", "std_msgs/Header header"u8);
            ushort channel = w.AddChannel(schema, "/imu", "cdr");
            byte[] cdr = [0, 1, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0x41];
            w.WriteMessage(channel, 7, 1000, 1000, cdr);
            w.Finish();
        }
        InputException e = Assert.Throws<InputException>(() => Ros2Importer.Run(new Ros2Importer.Options(bag, dir.File("out.mcap"))));
        Assert.Equal("/imu", e.Errors[0].Location.File);
        Assert.Contains("message 7", e.Errors[0].Message);
        Assert.Contains("at byte 12: header.frame_id of 2147483647 bytes runs past the end of the 17-byte message", e.Errors[0].Message);
        Assert.False(File.Exists(dir.File("out.mcap")));

        File.WriteAllText(dir.File("x.mcap"), "not mcap");
        e = Assert.Throws<InputException>(() => Ros2Importer.Run(new Ros2Importer.Options(dir.File("x.mcap"), dir.File("out.mcap"))));
        Assert.Contains("not an MCAP file", e.Errors[0].Message);
    }
}
