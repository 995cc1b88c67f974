using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mcap;
using SensorModels.Can;
using SensorModels.Gnss;
using SensorModels.Imu;
using SensorModels.Mathematics;
using SimCore.Diagnostics;

namespace Sim.Runtime.Import.Comma2k19;

/// <summary>
/// `sim import comma2k19`: one segment of comma.ai's comma2k19 dataset (processed_log and
/// global_pose NumPy arrays) as a recording (docs/replay.md): raw CAN per bus (<c>can.v1</c>),
/// every frame the DBC knows decoded (JSON on <c>/can/BUS/MESSAGE</c>), the phone IMU
/// (<c>imu.v1</c>, converted from [forward, right, down] to x forward, y left, z up), the u-blox
/// fixes (<c>gnss.v1</c>), a Toyota radar's tracks (<c>radar.objects.v1</c>), and the fused pose as
/// the ego in an east-north-up plane at the first pose (origin in the "import" metadata), with the
/// driver's steering (decoded from CAN) and acceleration as the logged actuation. Time 0 is the
/// segment's first sample on the device's monotonic clock.
/// </summary>
public static class Comma2k19Importer
{
    /// <summary>What to import.</summary>
    /// <param name="Segment">The segment folder (holding processed_log/ and global_pose/).</param>
    /// <param name="Dbc">DBC files: "FILE" for every bus, "BUS=FILE" for one (bus 128 + n, the panda's echo of what it sent on bus n, reads with bus n's).</param>
    /// <param name="Output">The recording to write.</param>
    /// <param name="SteeringRatio">Steering wheel angle per road-wheel angle; default by the dongle id (RAV4 16.88, Civic 15.38, openpilot's values).</param>
    /// <param name="Steering">Steering wheel angle signals, "MESSAGE.SIGNAL[+MESSAGE.SIGNAL]", default Toyota's STEER_ANGLE_SENSOR.STEER_ANGLE+STEER_FRACTION or Honda's STEERING_SENSORS.STEER_ANGLE.</param>
    /// <param name="StepNs">Tick step.</param>
    public sealed record Options(string Segment, IReadOnlyList<string> Dbc, string Output, double? SteeringRatio = null, string? Steering = null, long StepNs = 10_000_000);

    /// <summary>Stream names.</summary>
    public const string ImuStream = "imu", GnssStream = "gnss", RadarStream = "radar";

    /// <summary>The stream of a CAN bus (panda source number).</summary>
    public static string CanStream(int bus) => $"can_bus{bus}";

    private static readonly Dictionary<string, double> KnownRatios = new(StringComparer.Ordinal)
    {
        ["b0c9d2329ad1606b"] = 16.88, // the comma2k19 RAV4 (openpilot's RAV4 steerRatio)
        ["99c94dc769b5d96e"] = 15.38, // the comma2k19 Civic
    };

    /// <summary>Imports; returns what was read and written.</summary>
    /// <exception cref="InputException">A missing or malformed array, a bad DBC, or no steering signal (nothing is written).</exception>
    public static ImportSummary Run(Options o)
    {
        string seg = Path.GetFullPath(o.Segment);
        if (!Directory.Exists(Path.Combine(seg, "processed_log")) || !Directory.Exists(Path.Combine(seg, "global_pose")))
        {
            throw Bad(o.Segment, "not a comma2k19 segment folder: it needs processed_log/ and global_pose/ (the numbered folder inside a route, e.g. .../b0c9d2329ad1606b|2018-08-02--08-34-47/40)");
        }
        NpyArray A(params string[] parts) => NpyArray.Load(Path.Combine([seg, .. parts]));
        string route = Path.GetFileName(Path.GetDirectoryName(seg)) ?? "";
        string dongle = route.Split('|', '-')[0];
        double ratio = o.SteeringRatio ?? (KnownRatios.TryGetValue(dongle, out double r) ? r
            : throw Bad("--steering-ratio", $"dongle '{dongle}' is not the comma2k19 RAV4 or Civic: give the car's steering ratio"));
        if (ratio is <= 0 or > 100 || !double.IsFinite(ratio))
        {
            throw Bad("--steering-ratio", $"{ratio} is not a steering ratio (above 0, at most 100)");
        }
        var dbcs = LoadDbcs(o.Dbc, out List<(string Path, int? Bus)> dbcFiles);

        // Raw CAN.
        NpyArray canT = A("processed_log", "CAN", "raw_can", "t"), canAddr = A("processed_log", "CAN", "raw_can", "address"),
            canData = A("processed_log", "CAN", "raw_can", "data"), canSrc = A("processed_log", "CAN", "raw_can", "src");
        int frames = canT.Rows;
        if (canAddr.Rows != frames || canData.Rows != frames || canSrc.Rows != frames || !canData.DType.StartsWith("|S", StringComparison.Ordinal))
        {
            throw Bad(canData.File, $"raw_can's t, address, data and src must be equally long ({canT.Rows}, {canAddr.Rows}, {canData.Rows}, {canSrc.Rows}) and data byte strings ({canData.DType})");
        }
        int[] order = Enumerable.Range(0, frames).OrderBy(i => canT[i]).ThenBy(i => i).ToArray();

        // Pose.
        NpyArray poseT = A("global_pose", "frame_times"), poseP = A("global_pose", "frame_positions"), poseV = A("global_pose", "frame_velocities"), poseQ = A("global_pose", "frame_orientations");
        if (poseT.Rows < 2 || poseP.Rows != poseT.Rows || poseV.Rows != poseT.Rows || poseQ.Rows != poseT.Rows || poseP.Columns != 3 || poseV.Columns != 3 || poseQ.Columns != 4)
        {
            throw Bad(poseT.File, $"global_pose needs equally many times, positions (x3), velocities (x3) and orientations (x4): {poseT.Rows}, {poseP.Rows}x{poseP.Columns}, {poseV.Rows}x{poseV.Columns}, {poseQ.Rows}x{poseQ.Columns}");
        }
        NpyArray accT = A("processed_log", "IMU", "accelerometer", "t"), acc = A("processed_log", "IMU", "accelerometer", "value");
        NpyArray gyroT = A("processed_log", "IMU", "gyro", "t"), gyro = A("processed_log", "IMU", "gyro", "value");
        NpyArray gnssT = A("processed_log", "GNSS", "live_gnss_ublox", "t"), gnss = A("processed_log", "GNSS", "live_gnss_ublox", "value");
        if (acc.Columns != 3 || gyro.Columns != 3 || acc.Rows != accT.Rows || gyro.Rows != gyroT.Rows || gnss.Columns != 6 || gnss.Rows != gnssT.Rows)
        {
            throw Bad(acc.File, "IMU values must be rows of 3 with their times, live_gnss_ublox rows of 6");
        }
        double t0 = new[] { frames > 0 ? canT[order[0]] : double.MaxValue, poseT[0], accT.Rows > 0 ? accT[0] : double.MaxValue, gnssT.Rows > 0 ? gnssT[0] : double.MaxValue }.Min();
        long Rel(double t) => (long)Math.Round((t - t0) * 1e9);

        // Pass 1: the steering wheel angle for the ego track.
        (DbcMessage Message, int[] Signals)? steering = SteeringSignals(dbcs.GetValueOrDefault(0), o.Steering);
        var steer = new List<(long, double)>();
        var values = new double[64];
        if (steering is { } st)
        {
            foreach (int i in order)
            {
                if ((int)canSrc[i] == 0 && (uint)canAddr[i] == st.Message.Id)
                {
                    ReadOnlySpan<byte> data = canData.Bytes(i);
                    double deg = 0;
                    foreach (int k in st.Signals)
                    {
                        deg += st.Message.Signals[k].Decode(data);
                    }
                    steer.Add((Rel(canT[i]), deg));
                }
            }
        }
        var poseTimes = new long[poseT.Rows];
        var ecef = new Vec3[poseT.Rows];
        var vel = new Vec3[poseT.Rows];
        var quat = new double[poseT.Rows][];
        for (int i = 0; i < poseT.Rows; i++)
        {
            poseTimes[i] = Rel(poseT[i]);
            if (i > 0 && poseTimes[i] <= poseTimes[i - 1])
            {
                throw Bad(poseT.File, $"frame {i}: time {poseT[i]:F6} s does not follow {poseT[i - 1]:F6} s");
            }
            ecef[i] = new Vec3(poseP[i, 0], poseP[i, 1], poseP[i, 2]);
            vel[i] = new Vec3(poseV[i, 0], poseV[i, 1], poseV[i, 2]);
            quat[i] = [poseQ[i, 0], poseQ[i, 1], poseQ[i, 2], poseQ[i, 3]];
        }
        (SampledEgoTrack track, EnuFrame plane) = CommaPoseTrack.Build(poseTimes, ecef, vel, quat, steer.ToArray(), ratio);

        var buses = order.Select(i => (int)canSrc[i]).Distinct().Order().ToArray();
        var streams = buses.Select(b => new ImportedStream(CanStream(b), "can", CanPayload.Format, 100, new double[6])).ToList();
        streams.Add(new ImportedStream(ImuStream, "imu", "imu.v1", 100, new double[6]));
        streams.Add(new ImportedStream(GnssStream, "gnss", "gnss.v1", 10, new double[6]));
        bool radar = dbcs.GetValueOrDefault(1)?.Message("TRACK_A_0") is { } t0Msg && t0Msg.Signal("LONG_DIST") is not null && t0Msg.Signal("LAT_DIST") is not null;
        if (radar)
        {
            streams.Add(new ImportedStream(RadarStream, "radar", SensorModels.Radar.RadarPayload.ObjectsFormat, 20, new double[6]));
        }
        var summary = new ImportSummary { Output = o.Output };
        using ImportWriter writer = ImportWriter.Create(o.Output, $"comma2k19 {route} segment {Path.GetFileName(seg)}", o.StepNs, track, streams, McapCompression.Zstd);
        foreach ((string file, int? bus) in dbcFiles)
        {
            writer.Attach(Path.GetFileName(file), "text/plain", File.ReadAllBytes(file));
        }

        // Pass 2: every source in time order.
        var batches = buses.ToDictionary(b => b, _ => new CanBatch());
        var radarCycle = new RadarCycle();
        var json = new ArrayBufferWriter<byte>(1024);
        int decoded = 0, unknown = 0, imuN = 0, gnssN = 0;
        var imuPayload = new byte[ImuPayload.Bytes];
        var gnssPayload = new byte[GnssSolution.Bytes];
        int ci = 0, ii = 0, gi = 0;
        int gyroAt = 0;
        while (true)
        {
            double tc = ci < frames ? canT[order[ci]] : double.MaxValue, ti = ii < accT.Rows ? accT[ii] : double.MaxValue, tg = gi < gnssT.Rows ? gnssT[gi] : double.MaxValue;
            if (tc == double.MaxValue && ti == double.MaxValue && tg == double.MaxValue)
            {
                break;
            }
            if (tc <= ti && tc <= tg)
            {
                int i = order[ci++];
                int bus = (int)canSrc[i];
                uint id = (uint)canAddr[i];
                long t = Rel(canT[i]);
                ReadOnlySpan<byte> data = canData.Bytes(i);
                CanBatch batch = batches[bus];
                batch.Add(writer, CanStream(bus), o.StepNs, t, id, id > 0x7FF, data);
                if (dbcs.GetValueOrDefault(bus >= 128 ? bus - 128 : bus) is { } db && db.Message(id, id > 0x7FF) is { } m)
                {
                    decoded++;
                    m.Decode(data, values.AsSpan(0, Math.Min(m.Signals.Count, values.Length)));
                    json.Clear();
                    using (var w = new Utf8JsonWriter(json))
                    {
                        w.WriteStartObject();
                        w.WriteNumber("t", canT[i]);
                        for (int k = 0; k < Math.Min(m.Signals.Count, values.Length); k++)
                        {
                            if (double.IsFinite(values[k]))
                            {
                                w.WriteNumber(m.Signals[k].Name, values[k]);
                            }
                        }
                        w.WriteEndObject();
                    }
                    writer.Json($"/can/{bus}/{m.Name}", t, json.WrittenSpan);
                    if (radar && bus == 1 && m.Name.StartsWith("TRACK_A_", StringComparison.Ordinal) && int.TryParse(m.Name.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out int slot) && slot < 64)
                    {
                        if (slot == 0 && radarCycle.Count > 0)
                        {
                            radarCycle.Flush(writer, RadarStream);
                        }
                        radarCycle.Add(t, slot, m, data);
                    }
                }
                else
                {
                    unknown++;
                }
            }
            else if (ti <= tg)
            {
                // The gyro is sampled with the accelerometer; take the gyro sample nearest in time.
                while (gyroAt + 1 < gyroT.Rows && Math.Abs(gyroT[gyroAt + 1] - accT[ii]) <= Math.Abs(gyroT[gyroAt] - accT[ii]))
                {
                    gyroAt++;
                }
                // comma2k19 axes: [forward, right, down]; ours: x forward, y left, z up.
                ImuPayload.Write(imuPayload, new Vec3(acc[ii, 0], -acc[ii, 1], -acc[ii, 2]),
                    gyroT.Rows > 0 ? new Vec3(gyro[gyroAt, 0], -gyro[gyroAt, 1], -gyro[gyroAt, 2]) : new Vec3(double.NaN, double.NaN, double.NaN));
                long t = Rel(accT[ii++]);
                writer.Output(ImuStream, t, t, imuPayload);
                imuN++;
            }
            else
            {
                // [latitude, longitude, speed, utc time, altitude, bearing]: velocity from speed along bearing; accuracy unknown.
                double speed = gnss[gi, 2], bearing = gnss[gi, 5] * Math.PI / 180;
                var fix = new GnssSolution(gnss[gi, 0], gnss[gi, 1], gnss[gi, 4], new Vec3(speed * Math.Sin(bearing), speed * Math.Cos(bearing), double.NaN), double.NaN, double.NaN, GnssSolution.Fix3D);
                fix.Write(gnssPayload);
                long t = Rel(gnssT[gi++]);
                writer.Output(GnssStream, t, t, gnssPayload);
                gnssN++;
            }
        }
        foreach ((int bus, CanBatch b) in batches)
        {
            b.Flush(writer, CanStream(bus));
        }
        radarCycle.Flush(writer, RadarStream);

        summary.InputBytes = Directory.EnumerateFiles(seg, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
        summary.Facts.Add(("source", $"comma2k19 {route} segment {Path.GetFileName(seg)}"));
        summary.Facts.Add(("device_time_origin_s", t0.ToString("R", CultureInfo.InvariantCulture)));
        summary.Facts.Add(("enu_origin", string.Create(CultureInfo.InvariantCulture, $"{plane.Latitude * 180 / Math.PI:F9},{plane.Longitude * 180 / Math.PI:F9},{plane.Height:F3}")));
        summary.Facts.Add(("can", $"{frames} frames on buses {string.Join(", ", buses)}: {decoded} decoded, {unknown} not in the DBC"));
        summary.Facts.Add(("dbc", string.Join("; ", dbcFiles.Select(d => $"{(d.Bus is { } b ? $"bus {b}" : "every bus")}: {Path.GetFileName(d.Path)}"))));
        summary.Facts.Add(("steering", steering is { } s1 ? $"{s1.Message.Name}.{string.Join("+", s1.Signals.Select(k => s1.Message.Signals[k].Name))} ({steer.Count} samples), ratio {ratio.ToString(CultureInfo.InvariantCulture)}" : "no steering signal in the bus 0 DBC: road-wheel angle 0"));
        summary.Facts.Add(("pose", $"{poseT.Rows} fused poses, {(track.EndNs - poseTimes[0]) / 1e9:F2} s"));
        summary.Facts.Add(("imu", $"{imuN} samples"));
        summary.Facts.Add(("gnss", $"{gnssN} u-blox fixes"));
        if (radar)
        {
            summary.Facts.Add(("radar", $"{radarCycle.Cycles} cycles, {radarCycle.Objects} tracks"));
        }
        writer.Complete(track.EndNs, summary.Metadata());
        summary.Ticks = writer.Ticks;
        summary.Outputs = writer.Outputs;
        return summary;
    }

    private static Dictionary<int, DbcDatabase> LoadDbcs(IReadOnlyList<string> specs, out List<(string Path, int? Bus)> files)
    {
        files = new();
        var byBus = new Dictionary<int, DbcDatabase>();
        DbcDatabase? every = null;
        foreach (string spec in specs)
        {
            int eq = spec.IndexOf('=');
            int? bus = null;
            string file = spec;
            if (eq > 0 && int.TryParse(spec.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out int b))
            {
                (bus, file) = (b, spec[(eq + 1)..]);
            }
            DbcDatabase db = DbcReader.Load(file);
            files.Add((file, bus));
            if (bus is { } n)
            {
                byBus[n] = db;
            }
            else
            {
                every = db;
            }
        }
        if (every is not null)
        {
            foreach (int b in new[] { 0, 1, 2, 3 })
            {
                byBus.TryAdd(b, every);
            }
        }
        if (files.Count == 0)
        {
            throw Bad("--dbc", "give the car's DBC file (--dbc FILE, or --dbc BUS=FILE per bus): without it nothing on the bus can be decoded");
        }
        return byBus;
    }

    private static (DbcMessage, int[])? SteeringSignals(DbcDatabase? db, string? spec)
    {
        if (db is null)
        {
            return null;
        }
        string[] candidates = spec is not null ? [spec] : ["STEER_ANGLE_SENSOR.STEER_ANGLE+STEER_ANGLE_SENSOR.STEER_FRACTION", "STEERING_SENSORS.STEER_ANGLE"];
        foreach (string c in candidates)
        {
            string[] parts = c.Split('+');
            string message = parts[0].Split('.')[0];
            DbcMessage? m = db.Message(message);
            int[] signals = parts.Select(p => p.Split('.') is [string mn, string sn] && mn == message && m?.IndexOf(sn) is int k and >= 0 ? k : -1).ToArray();
            if (m is not null && signals.All(k => k >= 0))
            {
                return (m, signals);
            }
            if (spec is not null)
            {
                throw Bad("--steering", $"'{spec}' is not MESSAGE.SIGNAL[+MESSAGE.SIGNAL] of one message of {db.File}");
            }
        }
        return null;
    }

    private static InputException Bad(string where, string message) => new(new SourceLocation(where, 0, 0), message);

    /// <summary>
    /// The tracks of one Toyota radar cycle (TRACK_A_0 to _15, toyota_adas.dbc) as a radar.objects.v1
    /// output: a valid track (VALID set, LONG_DIST below 255 m, as openpilot reads it) at x = LONG_DIST,
    /// y = -LAT_DIST (the DBC's lateral distance is positive to the right), vx = REL_SPEED; a slot gets a
    /// new id when its NEW_TRACK bit is set.
    /// </summary>
    private sealed class RadarCycle
    {
        private readonly List<(int Id, int Age, float X, float Y, float Vx)> _tracks = new();
        private readonly Dictionary<int, (int Id, int Age)> _slots = new();
        private int _nextId = 1;
        private long _first, _last;
        private byte[] _payload = new byte[4 + 36 * 16];

        public int Count => _tracks.Count + (_last > 0 ? 1 : 0);
        public int Cycles { get; private set; }
        public long Objects { get; private set; }

        public void Add(long t, int slot, DbcMessage m, ReadOnlySpan<byte> data)
        {
            if (_last == 0)
            {
                _first = t;
            }
            _last = Math.Max(t, 1);
            bool fresh = Get(m, "NEW_TRACK", data) != 0 || !_slots.ContainsKey(slot);
            (int id, int age) = fresh ? (_nextId++, 0) : (_slots[slot].Id, _slots[slot].Age + 1);
            _slots[slot] = (id, age);
            double dist = Get(m, "LONG_DIST", data);
            if ((m.Signal("VALID") is null || Get(m, "VALID", data) != 0) && dist < 255)
            {
                _tracks.Add((id, age, (float)dist, (float)-Get(m, "LAT_DIST", data), (float)Get(m, "REL_SPEED", data)));
            }
        }

        private static double Get(DbcMessage m, string name, ReadOnlySpan<byte> data) => m.Signal(name) is { } s ? s.Decode(data) : 0;

        public void Flush(ImportWriter w, string stream)
        {
            if (_last == 0)
            {
                return;
            }
            int n = _tracks.Count;
            if (_payload.Length < 4 + 36 * n)
            {
                _payload = new byte[4 + 36 * n];
            }
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(_payload, n);
            for (int i = 0; i < n; i++)
            {
                var (id, age, x, y, vx) = _tracks[i];
                Span<byte> p = _payload.AsSpan(4 + 36 * i, 36);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(p, id);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(p[4..], age);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(p[8..], 1);
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(p[12..], x);
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(p[16..], y);
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(p[20..], 0);
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(p[24..], vx);
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(p[28..], 0);
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(p[32..], float.NaN);
            }
            w.Output(stream, _first, _last, _payload.AsSpan(0, 4 + 36 * n));
            Cycles++;
            Objects += n;
            _tracks.Clear();
            _last = 0;
        }
    }
}
