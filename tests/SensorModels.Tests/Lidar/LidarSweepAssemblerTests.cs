using System.Buffers.Binary;
using SensorModels.Lidar;
using SensorModels.Output;

namespace SensorModels.Tests.Lidar;

/// <summary>The one place lidar.v1 packets become sweeps (ground truth's point counts, datasets, models in the loop).</summary>
public class LidarSweepAssemblerTests
{
    /// <summary>A lidar.v1 packet of 36-byte points whose entity ids are <paramref name="ids"/> (x = the id, to see order).</summary>
    private static byte[] Packet(int packet, int packets, params int[] ids)
    {
        byte[] p = new byte[16 + ids.Length * 36];
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)ids.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), 36);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(8), (ushort)packet);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(10), (ushort)packets);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(12), 999);
        for (int i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(p.AsSpan(16 + i * 36), ids[i]);
            BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(16 + i * 36 + 24), ids[i]);
        }
        return p;
    }

    private static SensorFrame Frame(string lidar, long sequence, long start, long end) => new(lidar, "lidar", "lidar.v1", sequence, start, end);

    [Fact]
    public void Three_packets_make_one_sweep_with_every_point_in_order()
    {
        var a = new LidarSweepAssembler("top");
        byte[] p0 = Packet(0, 3, 1, -1), p1 = Packet(1, 3), p2 = Packet(2, 3, 2, 1, 1);
        Assert.False(a.Add(Frame("top", 7, 0, 33), p0));
        Assert.False(a.Add(Frame("other", 7, 0, 33), p0)); // another sensor's output is not taken
        Assert.False(a.Add(Frame("top", 7, 33, 66), p1));
        Assert.False(a.HasSweep);
        Assert.True(a.Add(Frame("top", 7, 66, 100), p2));

        Assert.Equal((7L, 0L, 100L, 5), (a.Sequence, a.StartNanoseconds, a.EndNanoseconds, a.Points));
        Assert.Equal([.. p0, .. p1, .. p2], a.Packets.ToArray());
        ReadOnlySpan<byte> sweep = a.Sweep;
        Assert.Equal(16 + 5 * 36, sweep.Length);
        Assert.Equal((5u, 36, 0, 1, 999u), (BinaryPrimitives.ReadUInt32LittleEndian(sweep), (int)BinaryPrimitives.ReadUInt16LittleEndian(sweep[4..]),
            (int)BinaryPrimitives.ReadUInt16LittleEndian(sweep[8..]), (int)BinaryPrimitives.ReadUInt16LittleEndian(sweep[10..]), BinaryPrimitives.ReadUInt32LittleEndian(sweep[12..])));
        Assert.Equal(new float[] { 1, -1, 2, 1, 1 }, Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadSingleLittleEndian(a.Sweep[(16 + i * 36)..])));
        var counts = new Dictionary<int, int>();
        a.CountEntityPoints(counts);
        Assert.Equal(new Dictionary<int, int> { [1] = 3, [2] = 1 }, counts);
    }

    [Fact]
    public void The_last_sweep_stays_while_the_next_arrives()
    {
        var a = new LidarSweepAssembler("top");
        Assert.True(a.Add(Frame("top", 0, 0, 100), Packet(0, 1, 4)));
        Assert.False(a.Add(Frame("top", 1, 100, 150), Packet(0, 2, 5, 5)));
        Assert.Equal((0L, 1), (a.Sequence, a.Points));
        Assert.Equal(4f, BinaryPrimitives.ReadSingleLittleEndian(a.Sweep[16..]));
        Assert.True(a.Add(Frame("top", 1, 150, 200), Packet(1, 2, 6)));
        Assert.Equal((1L, 100L, 200L, 3), (a.Sequence, a.StartNanoseconds, a.EndNanoseconds, a.Points));
    }

    [Fact]
    public void A_short_output_is_not_lidar_v1()
        => Assert.Contains("not lidar.v1", Assert.Throws<InvalidDataException>(() => new LidarSweepAssembler("top").Add(Frame("top", 0, 0, 1), new byte[15])).Message);
}
