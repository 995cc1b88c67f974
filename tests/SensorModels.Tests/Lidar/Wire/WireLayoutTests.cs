using System.Buffers.Binary;
using System.Text;
using SensorModels.Gnss;
using SensorModels.Lidar;
using SensorModels.Lidar.Packets;
using SensorModels.Lidar.Wire;
using SensorModels.Mathematics;
using SensorModels.Output;

namespace SensorModels.Tests.Lidar.Wire;

/// <summary>
/// The encoders' bytes at offsets worked out by hand from the vendors' manuals (Ouster firmware
/// user manual "Sensor Data"; VLP-32C and VLS-128 user manuals "Data Packet Format" and "Position
/// Packet Structure"), and NMEA sentences whose checksums were computed outside this code.
/// </summary>
public sealed class WireLayoutTests
{
    private const long PeriodNs = 100_000_000;

    private sealed class Capture : IDatagramSink
    {
        public List<(int Port, long TimeNs, long UtcNs, byte[] Payload)> Sent { get; } = new();

        public void Send(string sensor, int port, long timeNs, long utcNs, ReadOnlySpan<byte> payload) => Sent.Add((port, timeNs, utcNs, payload.ToArray()));
    }

    /// <summary>A one-output sweep in lidar.v1 with the given returns (ring, column, range, intensity).</summary>
    private static byte[] Sweep(params (int Ring, int Column, float Range, float Intensity)[] points)
    {
        var b = new byte[LidarPayload.HeaderBytes + points.Length * LidarPayload.PointBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)points.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(4), LidarPayload.PointBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(10), 1);
        for (int i = 0; i < points.Length; i++)
        {
            Span<byte> p = b.AsSpan(LidarPayload.HeaderBytes + i * LidarPayload.PointBytes);
            BinaryPrimitives.WriteSingleLittleEndian(p[12..], points[i].Range);
            BinaryPrimitives.WriteSingleLittleEndian(p[16..], points[i].Intensity);
            BinaryPrimitives.WriteUInt16LittleEndian(p[28..], (ushort)points[i].Ring);
            BinaryPrimitives.WriteUInt16LittleEndian(p[30..], (ushort)points[i].Column);
        }
        return b;
    }

    private static LidarConfig Ouster16() => new() { Elevations = LidarConfig.Uniform(16, 15, 15), Azimuths = LidarConfig.Turn(512, clockwise: true) };

    [Fact]
    public void Rng19_packet_fields_sit_where_the_manual_puts_them()
    {
        var enc = new OusterWireEncoder("os", Ouster16(), new LidarWireConfig { Format = LidarWireFormat.Ouster, Profile = OusterProfile.Rng19Rfl8Sig16Nir16, Port = 7502, SerialNumber = 0x12_3456_789A },
            PeriodNs, utcAtZeroNs: 1_000_000_000_000);
        var sink = new Capture();
        // Ring 15 is the highest beam (row 0), ring 0 the lowest (row 15); column 18 is slot 2 of packet 1.
        enc.Add(0x0102, 0, Sweep((15, 18, 12.3456f, 0.5f), (0, 18, 200.0004f, 1f)), sink);
        Assert.Equal(32, sink.Sent.Count); // 512 columns / 16
        byte[] p = sink.Sent[1].Payload;
        // 32-byte header + 16 columns x (12-byte header + 16 pixels x 12 bytes) + 32-byte footer.
        Assert.Equal(32 + 16 * 204 + 32, p.Length);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(p)); // packet type: lidar
        Assert.Equal(0x0102, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(2))); // frame id
        Assert.Equal(new byte[] { 1, 0, 0 }, p[4..7]); // init id, 24 bits
        Assert.Equal(new byte[] { 0x9A, 0x78, 0x56, 0x34, 0x12 }, p[7..12]); // serial, 40 bits
        int col = 32 + 2 * 204;
        Assert.Equal(1_000_000_000_000UL + 18 * 100_000_000UL / 512, BinaryPrimitives.ReadUInt64LittleEndian(p.AsSpan(col))); // 3 515 625 ns into the sweep
        Assert.Equal(18, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(col + 8))); // measurement id
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(col + 10))); // status: valid
        int row0 = col + 12;
        Assert.Equal(new byte[] { 0x3A, 0x30, 0x00 }, p[row0..(row0 + 3)]); // 12346 mm in 19 bits
        Assert.Equal(128, p[row0 + 4]); // reflectivity: 0.5 x 255, to nearest even
        Assert.Equal(128, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(row0 + 6))); // signal
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(row0 + 8))); // near infrared
        int row15 = col + 12 + 15 * 12;
        Assert.Equal(200_000u, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(row15)) & 0x7FFFF);
        Assert.Equal(255, p[row15 + 4]);
        // Every other pixel has no return; the footer ends with the CRC-64/XZ of the rest.
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(row0 + 12)) & 0x7FFFF);
        Assert.Equal(Crc64Xz.Compute(p.AsSpan(0, p.Length - 8)), BinaryPrimitives.ReadUInt64LittleEndian(p.AsSpan(p.Length - 8)));
        // Sent at its last column's time.
        Assert.Equal(6_054_688, sink.Sent[1].TimeNs); // 31 / 512 of 100 ms = 6 054 687.5 ns, to nearest even
    }

    [Fact]
    public void Legacy_packet_fields_sit_where_the_manual_puts_them()
    {
        var enc = new OusterWireEncoder("os", Ouster16(), new LidarWireConfig { Format = LidarWireFormat.Ouster, Profile = OusterProfile.Legacy, Port = 7502 }, PeriodNs, 0);
        var sink = new Capture();
        enc.Add(7, 0, Sweep((15, 18, 12.3456f, 0.5f)), sink);
        byte[] p = sink.Sent[1].Payload;
        // No packet header; 16 columns x (16-byte header + 16 pixels x 12 bytes + 4-byte status).
        Assert.Equal(16 * 212, p.Length);
        int col = 2 * 212;
        Assert.Equal(3_515_625UL, BinaryPrimitives.ReadUInt64LittleEndian(p.AsSpan(col)));
        Assert.Equal(18, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(col + 8)));
        Assert.Equal(7, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(col + 10))); // frame id
        Assert.Equal(18u * 90112 / 512, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(col + 12))); // encoder count 3168
        Assert.Equal(12346u, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(col + 16)) & 0xFFFFF); // 20-bit range
        Assert.Equal(128, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(col + 20))); // 16-bit reflectivity
        Assert.Equal(0xFFFF_FFFFu, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(col + 208))); // status: valid
    }

    [Fact]
    public void Vlp32c_packets_carry_blocks_azimuths_and_4_mm_counts_where_the_manual_puts_them()
    {
        var wire = new LidarWireConfig { Format = LidarWireFormat.Vlp32C, Port = 2368, PositionPort = 8308, AzimuthOffsetsDeg = new double[32] };
        var config = new LidarConfig { Elevations = LidarConfig.Uniform(32, 25, 15), Azimuths = LidarConfig.Turn(1808, clockwise: true) };
        var enc = new VelodyneWireEncoder("vlp", config, wire, PeriodNs, utcAtZeroNs: 7 * 3_600_000_000_000L + 5_000_000_000L, gnss: null);
        var sink = new Capture();
        enc.Add(0, 0, Sweep((5, 13, 10.0f, 0.2f)), sink);
        // 1808 columns: 150 full packets, the 8 columns left wait for the next sweep; 10 position packets (one per 14).
        Assert.Equal(150, sink.Sent.Count(s => s.Port == 2368));
        Assert.Equal(10, sink.Sent.Count(s => s.Port == 8308));
        byte[] p = sink.Sent.Where(s => s.Port == 2368).ElementAt(1).Payload;
        Assert.Equal(1206, p.Length);
        for (int b = 0; b < 12; b++)
        {
            Assert.Equal(new byte[] { 0xFF, 0xEE }, p[(b * 100)..(b * 100 + 2)]);
        }
        Assert.Equal(new byte[] { 0x03, 0x01 }, p[102..104]); // column 13: 13 x 360 / 1808 = 2.5885 deg -> 259 hundredths
        Assert.Equal(new byte[] { 0xC4, 0x09 }, p[119..121]); // block 1, channel 5 at 100 + 4 + 3 x 5: 10 m / 4 mm = 2500
        Assert.Equal(51, p[121]); // reflectivity 0.2 x 255
        Assert.Equal(5_000_663u, BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(1200))); // column 12 at 663 717 ns, 5 s past the hour, in whole microseconds
        Assert.Equal(0x37, p[1204]); // strongest return
        Assert.Equal(0x28, p[1205]); // VLP-32C
        byte[] position = sink.Sent.First(s => s.Port == 8308).Payload;
        Assert.Equal(512, position.Length);
        // No GNSS linked: zero but for the timestamp at 198, as with no GPS attached.
        Assert.All(position[..198].Concat(position[202..]), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Vls128_blocks_take_their_banks_flag_and_lasers()
    {
        var wire = new LidarWireConfig { Format = LidarWireFormat.Vls128, Port = 2368, PositionPort = 8308, AzimuthOffsetsDeg = new double[128] };
        var config = new LidarConfig { Elevations = LidarConfig.Uniform(128, 25, 15), Azimuths = LidarConfig.Turn(1876, clockwise: true) };
        var enc = new VelodyneWireEncoder("vls", config, wire, PeriodNs, 0, null);
        var sink = new Capture();
        // Laser 70 is bank 2, channel 6; column 5 is slot 2 of packet 1 (3 columns a packet): block 2 x 4 + 2 = 10.
        enc.Add(0, 0, Sweep((70, 5, 20.0f, 1f)), sink);
        byte[] p = sink.Sent[1].Payload;
        Assert.Equal(new byte[] { 0xFF, 0xCC }, p[1000..1002]);
        Assert.Equal(new byte[] { 0xFF, 0xBB }, p[1100..1102]);
        Assert.Equal((ushort)Math.Round(5 * 36000.0 / 1876), BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(1002)));
        Assert.Equal(BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(802)), BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(1102))); // one azimuth a firing
        Assert.Equal(5000, BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(1000 + 4 + 3 * 6)));
        Assert.Equal(0xA1, p[1205]);
    }

    [Fact]
    public void Position_packet_puts_timestamp_pps_and_sentence_at_the_manuals_offsets()
    {
        var p = new byte[512];
        byte[] rmc = Encoding.ASCII.GetBytes("$GPRMC,123519.00,A,4807.0380000,N,01131.0000000,E,19.438,0.00,230394,,,A*59\r\n");
        VelodynePositionPacket.Write(p, 0x0A0B0C0D, rmc);
        Assert.Equal(new byte[] { 0x0D, 0x0C, 0x0B, 0x0A }, p[0xC6..0xCA]);
        Assert.Equal(2, p[0xCA]);
        Assert.Equal(rmc, p[0xCE..(0xCE + rmc.Length)]);
        Assert.All(p[..0xC6], b => Assert.Equal(0, b));
        Assert.All(p[(0xCE + rmc.Length)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Nmea_sentences_match_ones_written_and_checksummed_by_hand()
    {
        // 48 deg 07.038' N, 11 deg 31.000' E, 545.4 m, 10 m/s due north, 1994-03-23 12:35:19 UTC.
        var s = new GnssSolution(48 + 7.038 / 60, 11 + 31.0 / 60, 545.4, new Vec3(0, 10, 0), 1, 2, GnssSolution.Fix3D);
        long utc = new DateTimeOffset(1994, 3, 23, 12, 35, 19, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
        var b = new byte[NmeaSentences.MaxBytes];
        Assert.Equal("$GPGGA,123519.00,4807.0380000,N,01131.0000000,E,1,12,1.0,545.400,M,0.0,M,,*51\r\n", Encoding.ASCII.GetString(b, 0, NmeaSentences.Gga(b, s, utc)));
        Assert.Equal("$GPRMC,123519.00,A,4807.0380000,N,01131.0000000,E,19.438,0.00,230394,,,A*59\r\n", Encoding.ASCII.GetString(b, 0, NmeaSentences.Rmc(b, s, utc)));
        Assert.Equal("$GPVTG,0.00,T,,M,19.438,N,36.000,K,A*3F\r\n", Encoding.ASCII.GetString(b, 0, NmeaSentences.Vtg(b, s)));
        // South and west, and no fix.
        var sw = s with { LatitudeDeg = -(33 + 52.128 / 60), LongitudeDeg = -(70 + 0.5 / 60) };
        string gga = Encoding.ASCII.GetString(b, 0, NmeaSentences.Gga(b, sw, utc));
        Assert.StartsWith("$GPGGA,123519.00,3352.1280000,S,07000.5000000,W,1,", gga);
        string none = Encoding.ASCII.GetString(b, 0, NmeaSentences.Rmc(b, s with { FixType = 0 }, utc));
        Assert.StartsWith("$GPRMC,123519.00,V,,,,,,,230394,,,N*", none);
    }

    private sealed class Discard : IDatagramSink
    {
        public long Count { get; private set; }

        public void Send(string sensor, int port, long timeNs, long utcNs, ReadOnlySpan<byte> payload) => Count++;
    }

    [Fact]
    public void Encoding_a_sweep_or_a_solution_allocates_nothing_after_the_first()
    {
        byte[] sweep = Sweep((15, 18, 12.3456f, 0.5f), (3, 400, 80f, 0.1f));
        var ouster = new OusterWireEncoder("os", Ouster16(), new LidarWireConfig { Format = LidarWireFormat.Ouster, Port = 7502 }, PeriodNs, 0);
        var vlp = new VelodyneWireEncoder("vlp", new LidarConfig { Elevations = LidarConfig.Uniform(32, 25, 15), Azimuths = LidarConfig.Turn(1808, clockwise: true) },
            new LidarWireConfig { Format = LidarWireFormat.Vlp32C, Port = 2368, AzimuthOffsetsDeg = new double[32] }, PeriodNs, 0, null);
        var nmea = new NmeaEncoder("gnss", 10110, 0);
        var solution = new byte[GnssSolution.Bytes];
        new GnssSolution(48.1, 11.5, 500, new Vec3(3, 4, 0), 1, 2, GnssSolution.Fix3D).Write(solution);
        var frame = new SensorFrame("gnss", "gnss", GnssSolution.Format, 0, 0, 0);
        var sink = new Discard();
        ouster.Add(0, 0, sweep, sink);
        vlp.Add(0, 0, sweep, sink);
        nmea.Add(frame, solution, sink);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ouster.Add(1, PeriodNs, sweep, sink);
        vlp.Add(1, PeriodNs, sweep, sink);
        nmea.Add(frame, solution, sink);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink.Count > 2 * 32 + 2 * 150, $"{sink.Count} datagrams");
    }
}
