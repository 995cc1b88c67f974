using System.Buffers.Binary;
using Mcap;
using MessagePack;

namespace Sim.Cli.Tests.Import;

/// <summary>Reads what an import wrote: each stream's outputs, and the metadata.</summary>
internal static class RecordingFile
{
    /// <summary>Every output of stream <paramref name="stream"/> in file order: frame header and payload copy.</summary>
    public static List<(Output Frame, byte[] Payload)> Outputs(string path, string stream)
    {
        using McapReader r = McapReader.Open(path);
        ushort? channel = r.Channels.Values.FirstOrDefault(c => c.Topic == "/sim/sensor/" + stream)?.Id;
        var list = new List<(Output, byte[])>();
        foreach (McapMessage m in r.ReadMessages())
        {
            if (m.ChannelId == channel)
            {
                // docs/mcap.md: [stream, sequence, start_ns, end_ns, format, payload (bin)]
                var reader = new MessagePackReader(m.Data);
                Assert.Equal(6, reader.ReadArrayHeader());
                var o = new Output(reader.ReadString()!, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadString()!, (long)m.LogTime);
                list.Add((o, System.Buffers.BuffersExtensions.ToArray(reader.ReadBytes()!.Value)));
            }
        }
        return list;
    }

    /// <summary>A metadata record's values.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(string path, string name)
    {
        using McapReader r = McapReader.Open(path);
        return r.Metadata.First(m => m.Name == name).Values;
    }

    /// <summary>The points of a lidar.v1 payload.</summary>
    public static List<LidarPoint> Points(byte[] payload)
    {
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(4));
        var points = new List<LidarPoint>(n);
        for (int i = 0; i < n; i++)
        {
            int at = 16 + i * stride;
            float F(int o) => BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(at + o));
            points.Add(new LidarPoint(F(0), F(4), F(8), F(12), F(16), F(20), BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(at + 28)), BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(at + 30)), payload[at + 33]));
        }
        return points;
    }
}

/// <summary>One lidar.v1 point.</summary>
internal readonly record struct LidarPoint(float X, float Y, float Z, float Range, float Intensity, float Time, int Ring, int Column, int Return);

/// <summary>A recorded output's header and the log time of its tick.</summary>
internal readonly record struct Output(string Stream, long Sequence, long StartNs, long EndNs, string Format, long TickNs);
