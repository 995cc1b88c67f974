using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SensorModels.Lidar.Packets;
using Sim.Runtime.Import.Pcap;
using Sim.Runtime.Wire;

namespace Sim.Runtime.Tests.Wire;

/// <summary>
/// A run whose rig sends Ouster (LEGACY and RNG19_RFL8_SIG16_NIR16), VLP-32C, VLS-128 and NMEA
/// packets to a capture: the capture read back by the real-drive importer's decoders (pcap reader,
/// UDP extractor, Ouster frame assembler with the metadata we wrote, Velodyne packet decoder and
/// sweep assembler) gives every return the lidar model computed, with its range bit-exact after the
/// device's quantisation (Ouster whole mm, Velodyne 4 mm counts computed here from the model's float
/// range) and its point where the model put it.
/// </summary>
public sealed class WireRoundTripTests(WireRoundTripTests.WireRun run) : IClassFixture<WireRoundTripTests.WireRun>
{
    /// <summary>UTC at simulation time 0: a tenth of a second before midnight and the hour, so that dates and hours roll over during the run.</summary>
    private static readonly DateTimeOffset UtcStart = new(2025, 3, 9, 23, 59, 59, 900, TimeSpan.Zero);

    private static long Utc0Ns => UtcStart.ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>One run of the rig, shared by the tests.</summary>
    public sealed class WireRun : IDisposable
    {
        private readonly TempDir _dir = new();

        public WireRun() => (Wire, Sensors) = Run(_dir);

        public string Wire { get; }

        public string Sensors { get; }

        public void Dispose() => _dir.Dispose();
    }

    private const double Rate = 10;

    private static readonly double[] Vls128Elevations = Enumerable.Range(0, 128).Select(i => -25 + 40.0 * ((i * 37) % 128) / 127).ToArray();

    private static string Rig()
    {
        var c = CultureInfo.InvariantCulture;
        return """
            name: wire_test
            sensors:
              - {name: os_legacy, type: lidar, mount: {x: 1.3, z: 1.9}, rate: 20, channels: 16, fov_up_deg: 10, fov_down_deg: 20, azimuth_steps: 512, range_noise: 0.013,
                 wire: {format: ouster, profile: LEGACY, port: 7502}}
              - {name: os_rng19, type: lidar, mount: {x: 1.0, z: 2.0}, rate: 10, channels: 32, fov_up_deg: 15, fov_down_deg: 25, azimuth_steps: 1024, range_noise: 0.02,
                 wire: {format: ouster, port: 7504, serial_number: 992100000042}}
              - {name: vlp, type: lidar, mount: {x: 3.7, z: 0.9}, rate: 10, range_noise: 0.01, wire: {format: vlp32c, port: 2368, position_port: 8308}}
              - {name: vls, type: lidar, mount: {x: 2.0, z: 2.1}, rate: 10, range_noise: 0.01, elevations_deg: [ELEVATIONS],
                 wire: {format: vls128, port: 2370, position_port: 8310, gnss: gnss}}
              - {name: gnss, type: gnss, mount: {x: 1.2, z: 1.5}, rate: 10, horizontal_noise: 1.5, velocity_noise: 0.05, origin_latitude: -33.8688, origin_longitude: 151.2093, origin_altitude: 40,
                 wire: {format: nmea, port: 10110}}
            """.Replace("ELEVATIONS", string.Join(", ", Vls128Elevations.Select(e => e.ToString("R", c))), StringComparison.Ordinal);
    }

    private sealed record Sweep(long Sequence, long Start, long End, List<Point> Points);

    private readonly record struct Point(float X, float Y, float Z, float Range, float Intensity, int Ring, int Column);

    /// <summary>Every output of a sensor recorded by --record-sensors (docs/sensors.md).</summary>
    private static List<Sweep> Recorded(string file)
    {
        byte[] b = File.ReadAllBytes(file);
        Assert.Equal("SIMSENS1", Encoding.ASCII.GetString(b, 0, 8));
        var sweeps = new List<Sweep>();
        for (int at = 8; at < b.Length;)
        {
            long seq = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at));
            long start = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at + 8)), end = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at + 16));
            int len = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at + 24));
            ReadOnlySpan<byte> p = b.AsSpan(at + 28, len);
            var points = new List<Point>();
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(p), stride = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> q = p.Slice(16 + i * stride, stride);
                points.Add(new Point(BinaryPrimitives.ReadSingleLittleEndian(q), BinaryPrimitives.ReadSingleLittleEndian(q[4..]), BinaryPrimitives.ReadSingleLittleEndian(q[8..]),
                    BinaryPrimitives.ReadSingleLittleEndian(q[12..]), BinaryPrimitives.ReadSingleLittleEndian(q[16..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(q[28..]), BinaryPrimitives.ReadUInt16LittleEndian(q[30..])));
            }
            sweeps.Add(new Sweep(seq, start, end, points));
            at += 28 + len;
        }
        return sweeps;
    }

    /// <summary>The capture's UDP payloads, by destination port, in capture order, with their capture times.</summary>
    private static Dictionary<int, List<(long TimeNs, byte[] Payload)>> Capture(string path)
    {
        var byPort = new Dictionary<int, List<(long, byte[])>>();
        using PcapReader reader = PcapReader.Open(path);
        Assert.Equal(1u, reader.LinkType);
        var udp = new UdpExtractor(reader.LinkType);
        while (reader.TryNext(out int index, out long offset, out long timeNs, out ReadOnlyMemory<byte> data))
        {
            Assert.True(udp.TryTake(data, index, offset, timeNs, out UdpDatagram d), $"record {index} is not a UDP datagram");
            if (!byPort.TryGetValue(d.DestinationPort, out var list))
            {
                byPort[d.DestinationPort] = list = new List<(long, byte[])>();
            }
            list.Add((d.TimeNs, d.Payload.ToArray()));
        }
        Assert.Null(reader.Damage);
        return byPort;
    }

    private static (string Wire, string Sensors) Run(TempDir dir)
    {
        string scenario = Path.Combine(dir.Path, "cut_in.yaml");
        File.WriteAllText(scenario, ScenarioText.CutIn().Replace("duration: 25", "duration: 0.25", StringComparison.Ordinal));
        string rig = Path.Combine(dir.Path, "rig.yaml");
        File.WriteAllText(rig, Rig());
        string wire = Path.Combine(dir.Path, "wire"), sensors = Path.Combine(dir.Path, "sensors");
        using RunSession run = RunSession.Open(new RunRequest(scenario, Path.Combine(dir.Path, "out"))
        {
            Rig = rig,
            RecordSensors = sensors,
            Wire = new WireRequest(null, wire) { UtcStart = UtcStart },
        });
        run.Run();
        return (wire, sensors);
    }

    [Fact]
    public void Ouster_and_Velodyne_packets_decode_into_the_models_points_with_exact_ranges()
    {
        (string wire, string sensors) = (run.Wire, run.Sensors);
        Dictionary<int, List<(long TimeNs, byte[] Payload)>> capture = Capture(Path.Combine(wire, WireRequest.CaptureName));

        CheckOuster(Path.Combine(wire, "os_legacy.json"), Recorded(Path.Combine(sensors, "os_legacy.bin")), capture[7502], 16, 512, 20, OusterProfile.Legacy);
        CheckOuster(Path.Combine(wire, "os_rng19.json"), Recorded(Path.Combine(sensors, "os_rng19.bin")), capture[7504], 32, 1024, 10, OusterProfile.Rng19Rfl8Sig16Nir16);
        CheckVelodyne(VelodyneCalibration.BuiltIn(VelodyneModel.Vlp32C)!, Recorded(Path.Combine(sensors, "vlp.bin")), capture[2368], 1808);
        CheckVelodyne(new VelodyneCalibration(VelodyneModel.Vls128, Vls128Elevations, new double[128], new double[128]), Recorded(Path.Combine(sensors, "vls.bin")), capture[2370], 1876);
    }

    private static void CheckOuster(string metadata, List<Sweep> sweeps, List<(long TimeNs, byte[] Payload)> packets, int beams, int columns, double rate, OusterProfile profile)
    {
        OusterSensorInfo info = OusterSensorInfo.Load(metadata);
        Assert.Equal(profile, info.Format.Profile);
        Assert.Equal((beams, columns, 16), (info.Format.PixelsPerColumn, info.Format.ColumnsPerFrame, info.Format.ColumnsPerPacket));
        Assert.Equal($"{columns}x{rate}", info.Mode);
        var format = new OusterPacketFormat(info.Format, info.FusaHeader);
        Assert.All(packets, p => Assert.Equal(format.LidarPacketBytes, p.Payload.Length));
        Assert.Equal(sweeps.Count * columns / 16, packets.Count);

        // Rows: the beams by descending elevation; the model's ring r has elevation rising with r (uniform, ring 0 lowest).
        int RingOf(int row) => beams - 1 - row;
        var decoded = new List<(OusterFrameAssembler.Frame Frame, List<(int Row, int Column, float X, float Y, float Z, float Range)> Points)>();
        var frames = new OusterFrameAssembler(info, format, (f, payload) =>
        {
            var pts = new List<(int, int, float, float, float, float)>();
            int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<byte> q = payload.Slice(16 + i * 36, 36);
                pts.Add((BinaryPrimitives.ReadUInt16LittleEndian(q[28..]), BinaryPrimitives.ReadUInt16LittleEndian(q[30..]),
                    BinaryPrimitives.ReadSingleLittleEndian(q), BinaryPrimitives.ReadSingleLittleEndian(q[4..]), BinaryPrimitives.ReadSingleLittleEndian(q[8..]),
                    BinaryPrimitives.ReadSingleLittleEndian(q[12..])));
            }
            decoded.Add((f, pts));
        });
        foreach ((_, byte[] p) in packets)
        {
            if (format.StoredCrc(p) is { } crc)
            {
                Assert.Equal(OusterPacketFormat.ComputeCrc(p), crc);
            }
            frames.Add(p);
        }
        frames.Flush();
        Assert.Equal(sweeps.Count, decoded.Count);
        Assert.Equal(sweeps.Count, frames.CompleteFrames);
        long utc0 = Utc0Ns;
        for (int s = 0; s < sweeps.Count; s++)
        {
            Sweep sweep = sweeps[s];
            (OusterFrameAssembler.Frame frame, var points) = decoded[s];
            Assert.Equal((uint)sweep.Sequence, frame.FrameId);
            // Column m fires at m / W of the sweep, on the UTC clock.
            Assert.Equal(utc0 + sweep.Start, (long)frame.StartNs);
            Assert.Equal(utc0 + sweep.Start + (long)Math.Round((columns - 1) * (sweep.End - sweep.Start) / (double)columns), (long)frame.EndNs);
            Assert.True(sweep.Points.Count > beams * 10, $"sweep {s}: {sweep.Points.Count} returns");
            var byRay = points.ToDictionary(p => (RingOf(p.Row), p.Column));
            Assert.Equal(sweep.Points.Count, points.Count);
            foreach (Point q in sweep.Points)
            {
                Assert.True(byRay.TryGetValue((q.Ring, q.Column), out var d), $"ring {q.Ring} column {q.Column} lost");
                long mm = (long)Math.Round(q.Range * 1000.0);
                Assert.Equal(mm, (long)Math.Round(d.Range * 1000.0));
                // The point: the model's direction at the quantised range.
                double k = mm / 1000.0 / q.Range;
                Assert.True(Math.Abs(d.X - q.X * k) < 5e-5 && Math.Abs(d.Y - q.Y * k) < 5e-5 && Math.Abs(d.Z - q.Z * k) < 5e-5,
                    $"ring {q.Ring} column {q.Column}: decoded ({d.X}, {d.Y}, {d.Z}), model ({q.X * k}, {q.Y * k}, {q.Z * k})");
            }
        }
        // Bit-exact on the wire: the range field itself, by measurement id and row.
        var first = sweeps[0].Points.ToDictionary(p => (p.Ring, p.Column), p => (uint)Math.Round(p.Range * 1000.0));
        for (int pk = 0; pk < columns / 16; pk++)
        {
            byte[] p = packets[pk].Payload;
            for (int c = 0; c < 16; c++)
            {
                int m = format.MeasurementId(p, c);
                Assert.Equal(pk * 16 + c, m);
                for (int row = 0; row < beams; row++)
                {
                    Assert.Equal(first.GetValueOrDefault((RingOf(row), m)), format.Range(p, c, row));
                }
            }
        }
    }

    private static void CheckVelodyne(VelodyneCalibration calibration, List<Sweep> sweeps, List<(long TimeNs, byte[] Payload)> packets, int columns)
    {
        VelodyneModel model = calibration.Model;
        int perColumn = VelodyneModels.BlocksPerSequence(model), columnsPerPacket = 12 / perColumn;
        // Packets run on across sweeps; the last incomplete packet is not sent.
        Assert.Equal(sweeps.Count * columns / columnsPerPacket, packets.Count);
        var points = new VelodynePoint[384];
        var rays = new Dictionary<(long Sweep, int Column, int Laser), Point>();
        foreach (Sweep s in sweeps)
        {
            foreach (Point p in s.Points)
            {
                rays[(s.Sequence, p.Column, p.Ring)] = p;
            }
        }
        long matched = 0;
        for (int pk = 0; pk < packets.Count; pk++)
        {
            byte[] p = packets[pk].Payload;
            Assert.Equal(VelodyneModels.PacketBytes, p.Length);
            Assert.Equal(VelodyneModels.ProductId(model), VelodynePacket.ProductId(p));
            Assert.Equal(VelodyneModels.Strongest, VelodynePacket.ReturnMode(p));
            int n = VelodynePacket.Decode(calibration, p, points);
            // Timestamp: microseconds past the UTC hour of the packet's first firing (the run crosses the hour).
            long j0 = (long)pk * columnsPerPacket;
            Sweep first = sweeps[(int)(j0 / columns)];
            long firstNs = Utc0Ns + first.Start + (long)Math.Round((double)(j0 % columns) * (first.End - first.Start) / columns);
            Assert.Equal((uint)(firstNs / 1000 % 3_600_000_000L), VelodynePacket.TimestampUs(p));
            var inPacket = new HashSet<(long, int, int)>();
            for (int b = 0; b < 12; b += perColumn)
            {
                long j = (long)pk * columnsPerPacket + b / perColumn;
                long sweep = j / columns;
                int column = (int)(j % columns);
                Assert.Equal((ushort)(Math.Round(36000.0 * column / columns) % 36000), BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(b * 100 + 2)));
                for (int laser = 0; laser < VelodyneModels.Lasers(model); laser++)
                {
                    inPacket.Add((sweep, column, laser));
                }
            }
            for (int i = 0; i < n; i++)
            {
                VelodynePoint d = points[i];
                long j = (long)pk * columnsPerPacket + d.Block / perColumn;
                (long Sweep, int Column, int Laser) key = (j / columns, (int)(j % columns), d.Laser);
                Assert.True(rays.Remove(key, out Point q), $"packet {pk} block {d.Block} laser {d.Laser}: a return the model did not compute");
                Assert.Equal(Math.Round(q.Range / 0.004), Math.Round(d.Distance / 0.004));
                Assert.Equal((byte)Math.Round(Math.Clamp(q.Intensity, 0, 1) * 255.0), d.Intensity);
                // The point: the decoder interpolates the azimuth from 0.01-degree block azimuths; the model fired at the true ones.
                double k = Math.Round(q.Range / 0.004) * 0.004 / q.Range, tol = q.Range * 0.012 * Math.PI / 180 + 1e-4;
                Assert.True(Math.Abs(d.X - q.X * k) < tol && Math.Abs(d.Y - q.Y * k) < tol && Math.Abs(d.Z - q.Z * k) < 1e-4,
                    $"packet {pk} laser {d.Laser}: decoded ({d.X}, {d.Y}, {d.Z}), model ({q.X * k}, {q.Y * k}, {q.Z * k})");
                matched++;
            }
            // No return of the model's rays in this packet was left out.
            Assert.DoesNotContain(rays.Keys, inPacket.Contains);
        }
        Assert.True(matched > 1000, $"{matched} returns");
        // The importer's sweep assembler cuts the packets into the model's sweeps.
        var counts = new List<int>();
        var assembler = new VelodyneSweepAssembler(calibration, (_, _, payload) => counts.Add((int)BinaryPrimitives.ReadUInt32LittleEndian(payload)));
        foreach ((long t, byte[] p) in packets)
        {
            assembler.Add(p, t);
        }
        assembler.Flush();
        Assert.Equal(sweeps.Select(s => s.Points.Count).Take(counts.Count - 1), counts.Take(counts.Count - 1));
    }

    [Fact]
    public void Velodyne_position_packets_carry_the_gnss_rmc_at_the_manuals_offsets()
    {
        Dictionary<int, List<(long TimeNs, byte[] Payload)>> capture = Capture(Path.Combine(run.Wire, WireRequest.CaptureName));
        string[] rmc = File.ReadAllLines(Path.Combine(run.Wire, "gnss.nmea")).Where(l => l.StartsWith("$GPRMC,", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(rmc);
        foreach ((int data, int position) in new[] { (2368, 8308), (2370, 8310) })
        {
            List<(long TimeNs, byte[] Payload)> packets = capture[position];
            int locked = 0;
            // One position packet after every 14 data packets.
            Assert.Equal(capture[data].Count / 14, packets.Count);
            for (int i = 0; i < packets.Count; i++)
            {
                byte[] p = packets[i].Payload;
                Assert.Equal(512, p.Length);
                Assert.All(p.AsSpan(0, 198).ToArray(), b => Assert.Equal(0, b));
                byte[] after = capture[data][14 * i + 13].Payload;
                // Stamped like the data packet it follows, at that packet's send time (its last firing): within one packet's span.
                uint stamp = BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(198));
                Assert.InRange((stamp - VelodynePacket.TimestampUs(after) + 3_600_000_000L) % 3_600_000_000L, 0, 1000);
                if (p[202] == 0)
                {
                    // Sent before the receiver's first solution: no GPS input yet, all zero as the manual says.
                    Assert.All(p.AsSpan(202).ToArray(), b => Assert.Equal(0, b));
                    Assert.True(packets[i].TimeNs < packets[^1].TimeNs);
                    continue;
                }
                Assert.Equal(2, p[202]);
                locked++;
                int end = Array.IndexOf(p, (byte)0, 206);
                string sentence = Encoding.ASCII.GetString(p, 206, end - 206);
                Assert.EndsWith("\r\n", sentence);
                Assert.Contains(sentence.TrimEnd(), rmc);
                Assert.All(p.AsSpan(end).ToArray(), b => Assert.Equal(0, b));
            }
            Assert.True(locked > packets.Count / 2, $"{locked} of {packets.Count} position packets carry a sentence");
        }
    }

    [PythonNmeaFact]
    public void Nmea_sentences_pass_their_checksums_and_pynmea2_reads_back_the_gnss_solutions()
    {
        string nmea = Path.Combine(run.Wire, "gnss.nmea");
        var solutions = RecordedGnss(Path.Combine(run.Sensors, "gnss.bin"));
        // Checksums recomputed here and by pynmea2 (check=True raises on a bad one); fields as pynmea2 parses them.
        const string script = """
            import sys, json, pynmea2
            for line in open(sys.argv[1], newline=''):
                assert line.endswith('\r\n'), repr(line)
                body, star, check = line[1:-2].rpartition('*')
                x = 0
                for ch in body:
                    x ^= ord(ch)
                assert line[0] == '$' and star == '*' and check == '%02X' % x, line
                m = pynmea2.parse(line.strip(), check=True)
                out = {'type': m.sentence_type, 'raw': line.strip()}
                if m.sentence_type == 'GGA':
                    out.update(lat=m.latitude, lon=m.longitude, alt=float(m.altitude), quality=int(m.gps_qual), time=m.timestamp.isoformat())
                elif m.sentence_type == 'RMC':
                    out.update(lat=m.latitude, lon=m.longitude, knots=float(m.spd_over_grnd), course=float(m.true_course), date=m.datestamp.isoformat(), status=m.status)
                elif m.sentence_type == 'VTG':
                    out.update(course=float(m.true_track), knots=float(m.spd_over_grnd_kts), kmh=float(m.spd_over_grnd_kmph))
                print(json.dumps(out))
            """;
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(nmea);
        using var py = System.Diagnostics.Process.Start(psi)!;
        Task<string> err = py.StandardError.ReadToEndAsync();
        string[] lines = py.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(py.WaitForExit(60_000));
        Assert.True(py.ExitCode == 0, err.Result);
        Assert.Equal(solutions.Count * 3, lines.Length);
        for (int i = 0; i < solutions.Count; i++)
        {
            (double lat, double lon, double alt, double ve, double vn) = solutions[i].Gnss;
            using var gga = System.Text.Json.JsonDocument.Parse(lines[3 * i]);
            using var rmc = System.Text.Json.JsonDocument.Parse(lines[3 * i + 1]);
            using var vtg = System.Text.Json.JsonDocument.Parse(lines[3 * i + 2]);
            Assert.Equal(("GGA", "RMC", "VTG"), (gga.RootElement.GetProperty("type").GetString(), rmc.RootElement.GetProperty("type").GetString(), vtg.RootElement.GetProperty("type").GetString()));
            // Positions to the sentence's 1e-7 minute (2e-9 deg), altitude to the mm.
            Assert.Equal(lat, gga.RootElement.GetProperty("lat").GetDouble(), 2e-9);
            Assert.Equal(lon, gga.RootElement.GetProperty("lon").GetDouble(), 2e-9);
            Assert.Equal(lon, rmc.RootElement.GetProperty("lon").GetDouble(), 2e-9);
            Assert.Equal(alt, gga.RootElement.GetProperty("alt").GetDouble(), 6e-4);
            Assert.Equal(1, gga.RootElement.GetProperty("quality").GetInt32());
            Assert.Equal("A", rmc.RootElement.GetProperty("status").GetString());
            double knots = Math.Sqrt(ve * ve + vn * vn) * 3600 / 1852, course = (Math.Atan2(ve, vn) * 180 / Math.PI + 360) % 360;
            Assert.Equal(knots, rmc.RootElement.GetProperty("knots").GetDouble(), 6e-4);
            Assert.Equal(knots * 1.852, vtg.RootElement.GetProperty("kmh").GetDouble(), 6e-4);
            Assert.Equal(course, vtg.RootElement.GetProperty("course").GetDouble(), 6e-3);
            // The solution's time (its window's start) in UTC: the run starts 0.1 s before midnight.
            DateTimeOffset t = UtcStart.AddTicks(solutions[i].Start / 100);
            Assert.Equal(t.ToString("HH:mm:ss.ff", CultureInfo.InvariantCulture), TimeOnly.Parse(gga.RootElement.GetProperty("time").GetString()!, CultureInfo.InvariantCulture).ToString("HH:mm:ss.ff", CultureInfo.InvariantCulture));
            Assert.Equal(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rmc.RootElement.GetProperty("date").GetString());
        }
        Assert.Contains(lines, l => l.Contains("\"date\": \"2025-03-10\"", StringComparison.Ordinal));
    }

    /// <summary>The gnss.v1 outputs recorded (docs/sensors/imu-gnss.md): latitude, longitude, height, velocity east and north.</summary>
    private static List<(long Start, (double Lat, double Lon, double Alt, double Ve, double Vn) Gnss)> RecordedGnss(string file)
    {
        byte[] b = File.ReadAllBytes(file);
        var list = new List<(long, (double, double, double, double, double))>();
        for (int at = 8; at < b.Length;)
        {
            long start = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at + 8));
            int len = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at + 24));
            int p = at + 28;
            double D(int o) => BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(p + o));
            list.Add((start, (D(0), D(8), D(16), D(32), D(24))));
            at += 28 + len;
        }
        return list;
    }
}

/// <summary>A test that needs /usr/bin/python3 with pynmea2 (Debian python3-nmea2): skipped with the reason when absent, run (and so failing) when SIM_REQUIRE_ALL=1.</summary>
public sealed class PythonNmeaFactAttribute : FactAttribute
{
    public PythonNmeaFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") == "1")
        {
            return;
        }
        if (!File.Exists("/usr/bin/python3"))
        {
            Skip = "/usr/bin/python3 not found (apt-get install python3 python3-nmea2; SIM_REQUIRE_ALL=1 makes this a failure)";
            return;
        }
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", "-c \"import pynmea2\"") { RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Skip = "pynmea2 missing (apt-get install python3-nmea2; SIM_REQUIRE_ALL=1 makes this a failure)";
        }
    }
}
