using System.Globalization;
using Mcap;
using SensorModels.Imu;
using SensorModels.Lidar.Packets;
using SensorModels.Mathematics;
using SimCore.Diagnostics;

namespace Sim.Runtime.Import.Pcap;

/// <summary>
/// `sim import pcap`: an Ouster capture (with the sensor's metadata JSON) and/or Velodyne data
/// packets in a libpcap file, as a recording (docs/replay.md). Ouster lidar packets (every profile
/// of <see cref="OusterProfile"/>) become one <c>lidar.v1</c> sweep per frame, points in the sensor
/// frame with their column's timestamp; IMU packets one <c>imu.v1</c> output per sample. Packets
/// are told apart by port and length, and, where several sensors share a port, by the serial
/// number in the packet header (or the source address of the first matching packet). Time 0 of
/// the recording is the first sensor timestamp. A capture cut short is imported up to the cut.
/// </summary>
public static class PcapImporter
{
    /// <summary>What to import.</summary>
    /// <param name="Capture">The pcap file.</param>
    /// <param name="Metadata">The Ouster sensor's metadata JSON, or null for Velodyne only.</param>
    /// <param name="Output">The recording to write.</param>
    /// <param name="LidarPort">Ouster lidar UDP port (default: the metadata's, else 7502).</param>
    /// <param name="ImuPort">Ouster IMU UDP port (default: the metadata's, else 7503).</param>
    /// <param name="Velodyne">Velodyne model, "auto" (from each packet's product id) or null (no Velodyne).</param>
    /// <param name="VelodynePort">Velodyne data port.</param>
    /// <param name="StepNs">Tick step of the recording.</param>
    public sealed record Options(string Capture, string? Metadata, string Output, int? LidarPort = null, int? ImuPort = null,
        string? Velodyne = null, int VelodynePort = 2368, long StepNs = 10_000_000);

    /// <summary>Stream names in the recording.</summary>
    public const string LidarStream = "ouster", ImuStream = "ouster_imu", VelodyneStream = "velodyne";

    private const int MaxListedWarnings = 20;

    /// <summary>Imports; returns what was read and written.</summary>
    /// <exception cref="InputException">Bad metadata, a file that is not a capture, or no packet to import (nothing is written).</exception>
    public static ImportSummary Run(Options o)
    {
        OusterSensorInfo? info = o.Metadata is null ? null : OusterSensorInfo.Load(o.Metadata);
        OusterPacketFormat? format = info is null ? null : new OusterPacketFormat(info.Format, info.FusaHeader);
        VelodyneModel? forced = null;
        if (o.Velodyne is { } v && v != "auto")
        {
            forced = ParseModel(v) ?? throw new InputException(new SourceLocation("--velodyne", 0, 0), $"'{v}' is not auto, VLP-16, HDL-32E, VLP-32C or VLS-128");
            if (VelodyneCalibration.BuiltIn(forced.Value) is null)
            {
                throw new InputException(new SourceLocation("--velodyne", 0, 0), $"{v}: each VLS-128 is calibrated individually and no calibration is built in; its packets are read by the library with the unit's calibration");
            }
        }
        if (info is null && o.Velodyne is null)
        {
            throw new InputException(new SourceLocation("--metadata", 0, 0), "give the Ouster sensor's metadata JSON (--metadata FILE), or --velodyne MODEL|auto for Velodyne packets");
        }
        int lidarPort = o.LidarPort ?? (info is { UdpPortLidar: > 0 } ? info.UdpPortLidar : 7502);
        int imuPort = o.ImuPort ?? (info is { UdpPortImu: > 0 } ? info.UdpPortImu : 7503);
        ulong serial = info is not null && ulong.TryParse(info.SerialNumber, NumberStyles.None, CultureInfo.InvariantCulture, out ulong sn) ? sn : 0;

        using PcapReader reader = PcapReader.Open(o.Capture);
        var summary = new ImportSummary { Output = o.Output };
        var streams = new List<ImportedStream>();
        string? metadataText = o.Metadata is null ? null : InputFiles.ReadText(o.Metadata, "Ouster metadata", 16 << 20);
        if (info is not null)
        {
            if (!info.LidarOff)
            {
                streams.Add(new ImportedStream(LidarStream, "lidar", "lidar.v1", info.FrameRateHz, new double[6], metadataText));
            }
            IReadOnlyList<double> imu = info.ImuToSensor;
            streams.Add(new ImportedStream(ImuStream, "imu", "imu.v1", 100, [imu[3] * 1e-3, imu[7] * 1e-3, imu[11] * 1e-3, 0, 0, 0]));
        }
        if (o.Velodyne is not null)
        {
            streams.Add(new ImportedStream(VelodyneStream, "lidar", "lidar.v1", 10, new double[6]));
        }
        string scenario = $"pcap {Path.GetFileName(o.Capture)}" + (info is null ? "" : $" ({info.ProductLine} {info.Mode} {info.LidarProfileName})");
        using ImportWriter writer = ImportWriter.Create(o.Output, scenario, o.StepNs, new StandingEgo(), streams, McapCompression.Zstd);
        if (o.Metadata is not null)
        {
            writer.Attach(Path.GetFileName(o.Metadata), "application/json", System.Text.Encoding.UTF8.GetBytes(metadataText!));
        }

        long origin = long.MinValue;
        long Rel(long sensorNs)
        {
            if (origin == long.MinValue)
            {
                origin = sensorNs;
            }
            return sensorNs - origin;
        }
        long lastEnd = 0;
        int lidarPackets = 0, imuPackets = 0, imuSamples = 0, crcBad = 0, wrongSize = 0, otherSensor = 0, velodynePackets = 0, ignored = 0;
        long points = 0, firstReturns = 0;
        bool? crcCarried = null;
        ulong? lidarSource = null;
        var pendingImu = new List<(byte[] Packet, ulong Source)>();
        var otherPorts = new SortedDictionary<int, int>();
        var warnings = summary.Warnings;
        void Warn(string w)
        {
            if (warnings.Count < MaxListedWarnings)
            {
                warnings.Add(w);
            }
        }

        OusterFrameAssembler? frames = info is null || info.LidarOff ? null : new OusterFrameAssembler(info, format!, (f, payload) =>
        {
            long start = Rel((long)f.StartNs), end = Rel((long)f.EndNs);
            writer.Output(LidarStream, start, end, payload);
            points += f.FirstReturns + f.SecondReturns;
            firstReturns += f.FirstReturns;
            lastEnd = Math.Max(lastEnd, end);
        });
        var samples = new OusterImuSample[Math.Max(1, info?.Format.ImuMeasurementsPerPacket ?? 1)];
        var imuPayload = new byte[ImuPayload.Bytes];
        void Imu(ReadOnlySpan<byte> packet)
        {
            imuPackets++;
            int n = OusterImuPacket.Read(format!, packet, samples);
            for (int i = 0; i < n; i++)
            {
                OusterImuSample s = samples[i];
                ImuPayload.Write(imuPayload, new Vec3(s.Ax, s.Ay, s.Az), new Vec3(s.Wx, s.Wy, s.Wz));
                long t = Rel((long)s.TimestampNs);
                writer.Output(ImuStream, t, t, imuPayload);
                lastEnd = Math.Max(lastEnd, t);
                imuSamples++;
            }
        }
        VelodyneSweepAssembler? sweeps = null;
        VelodyneCalibration? calibration = null;

        var udp = new UdpExtractor(reader.LinkType);
        while (reader.TryNext(out int index, out long offset, out long timeNs, out ReadOnlyMemory<byte> data))
        {
            if (!udp.TryTake(data, index, offset, timeNs, out UdpDatagram d))
            {
                continue;
            }
            ReadOnlySpan<byte> p = d.Payload.Span;
            string at = $"record {d.Record} (byte {d.Offset})";
            if (format is not null && !info!.LidarOff && d.DestinationPort == lidarPort && p.Length == format.LidarPacketBytes)
            {
                if (!format.Legacy && format.PacketType(p) != 1)
                {
                    otherSensor++; // same length, another header layout: another sensor's packets
                    continue;
                }
                if (serial != 0 && format.SerialNumber(p) is ulong ps and not 0 && ps != serial)
                {
                    otherSensor++;
                    continue;
                }
                if (format.Legacy && lidarSource is { } src && src != d.Source)
                {
                    otherSensor++;
                    continue;
                }
                if (format.StoredCrc(p) is ulong stored)
                {
                    ulong computed = OusterPacketFormat.ComputeCrc(p);
                    crcCarried ??= stored == computed;
                    if (crcCarried == true && stored != computed)
                    {
                        crcBad++;
                        Warn($"{at}: lidar packet CRC {stored:X16} where its bytes give {computed:X16}: dropped");
                        continue;
                    }
                }
                if (lidarSource is null)
                {
                    lidarSource = d.Source;
                    if (origin == long.MinValue)
                    {
                        // Time 0: the earliest of the first column and the IMU samples that came before it.
                        long first = (long)format.ColumnTimestamp(p, 0);
                        foreach ((byte[] held, ulong heldSource) in pendingImu.Where(x => x.Source == d.Source))
                        {
                            int n = OusterImuPacket.Read(format, held, samples);
                            for (int i = 0; i < n; i++)
                            {
                                first = Math.Min(first, (long)samples[i].TimestampNs);
                            }
                        }
                        origin = first;
                    }
                    foreach ((byte[] held, ulong heldSource) in pendingImu.Where(x => x.Source == d.Source))
                    {
                        Imu(held);
                    }
                    pendingImu.Clear();
                }
                lidarPackets++;
                frames!.Add(p);
                lastEnd = Math.Max(lastEnd, 0);
                continue;
            }
            if (format is not null && d.DestinationPort == imuPort && p.Length == format.ImuPacketBytes)
            {
                if (lidarSource is null)
                {
                    if (pendingImu.Count < 10_000)
                    {
                        pendingImu.Add((p.ToArray(), d.Source));
                    }
                }
                else if (d.Source == lidarSource)
                {
                    Imu(p);
                }
                else
                {
                    otherSensor++;
                }
                continue;
            }
            if (o.Velodyne is not null && d.DestinationPort == o.VelodynePort && VelodynePacket.LooksLikeData(p))
            {
                if (calibration is null)
                {
                    byte product = VelodynePacket.ProductId(p);
                    VelodyneModel model = forced ?? VelodyneModels.FromProductId(product)
                        ?? throw new InputException(new SourceLocation(o.Capture, 0, 0), $"{at}: Velodyne product id 0x{product:X2} is not one this reader knows (0x21 HDL-32E, 0x22 VLP-16, 0x28 VLP-32C, 0xA1 VLS-128): give --velodyne MODEL");
                    calibration = VelodyneCalibration.BuiltIn(model)
                        ?? throw new InputException(new SourceLocation(o.Capture, 0, 0), $"{at}: a VLS-128 (product id 0xA1) needs its unit's calibration, which is not built in");
                    if (forced is not null && VelodyneModels.FromProductId(product) is var said && said != forced)
                    {
                        Warn($"{at}: product id 0x{product:X2} ({(said is null ? "unknown" : said)}): read as {forced} as --velodyne says");
                    }
                    sweeps = new VelodyneSweepAssembler(calibration, (start, end, payload) =>
                    {
                        writer.Output(VelodyneStream, start, end, payload);
                        lastEnd = Math.Max(lastEnd, end);
                    });
                }
                if (p.Length != VelodyneModels.PacketBytes)
                {
                    Warn($"{at}: Velodyne packet of {p.Length} bytes (a data packet has {VelodyneModels.PacketBytes}): its first {VelodyneModels.PacketBytes} read, timestamp and product bytes at their standard place");
                }
                long t = sweeps!.SensorTimeUs(p) * 1000;
                try
                {
                    sweeps.Add(p, Rel(t));
                }
                catch (FormatException e)
                {
                    Warn($"{at}: {e.Message}: dropped");
                    continue;
                }
                velodynePackets++;
                continue;
            }
            if (format is not null && (d.DestinationPort == lidarPort || d.DestinationPort == imuPort))
            {
                wrongSize++;
                Warn($"{at}: {p.Length} bytes on port {d.DestinationPort}, where the metadata's format makes lidar packets of {format.LidarPacketBytes} and IMU packets of {format.ImuPacketBytes} bytes: not this sensor's; skipped");
                continue;
            }
            ignored++;
            otherPorts[d.DestinationPort] = otherPorts.GetValueOrDefault(d.DestinationPort) + 1;
        }
        frames?.Flush();
        sweeps?.Flush();
        udp.Finish();
        if (lidarSource is null && pendingImu.Count > 0)
        {
            // No lidar packets at all (an IMU-only capture): the first IMU source is the sensor.
            ulong first = pendingImu[0].Source;
            foreach ((byte[] held, ulong heldSource) in pendingImu)
            {
                if (heldSource == first)
                {
                    Imu(held);
                }
                else
                {
                    otherSensor++;
                }
            }
        }
        if (reader.Damage is not null)
        {
            summary.Damage = $"{o.Capture}: at byte {reader.DamagedAt}: {reader.Damage}; imported the {reader.Records} records before it";
        }
        if (lidarPackets + imuPackets + velodynePackets == 0)
        {
            string why = reader.Records == 0 ? "the capture holds no packets" : $"none of its {reader.Records} records is a packet of this sensor (lidar port {lidarPort}, {format?.LidarPacketBytes} bytes; IMU port {imuPort}, {format?.ImuPacketBytes} bytes{(o.Velodyne is null ? "" : $"; Velodyne port {o.VelodynePort}")})";
            throw new InputException(new SourceLocation(o.Capture, 0, 0), why + (summary.Damage is null ? "" : "; " + summary.Damage) + ": nothing to import");
        }
        if (udp.LostFragments > 0)
        {
            Warn($"{udp.LostFragments} IP fragments of datagrams that never completed were dropped");
        }
        if (udp.Truncated > 0)
        {
            Warn($"{udp.Truncated} frames shorter than their headers say (cut by the capture's snap length) were skipped");
        }
        if (otherPorts.Count > 0)
        {
            Warn($"{ignored} datagrams on other ports skipped ({string.Join(", ", otherPorts.Select(kv => $"port {kv.Key}: {kv.Value}"))})");
        }
        summary.InputBytes = reader.Position;
        summary.Facts.Add(("source", Path.GetFileName(o.Capture)));
        summary.Facts.Add(("records", reader.Records.ToString(CultureInfo.InvariantCulture)));
        if (info is not null)
        {
            summary.Facts.Add(("sensor", $"{info.ProductLine} {info.SerialNumber} firmware {info.Firmware}, {info.Mode}, {info.Format.PixelsPerColumn} beams, {(info.LidarOff ? $"lidar off ({info.LidarProfileName})" : OusterDataFormat.Name(info.Format.Profile))}, IMU {info.Format.ImuProfile}"));
            summary.Facts.Add(("lidar_packets", lidarPackets.ToString(CultureInfo.InvariantCulture)));
            if (frames is not null)
            {
                summary.Facts.Add(("frames", $"{frames.Frames} ({frames.CompleteFrames} complete, window {info.Format.WindowStart}-{info.Format.WindowEnd} of {info.Format.ColumnsPerFrame} columns)"));
                if (frames.DuplicateColumns > 0)
                {
                    Warn($"{frames.DuplicateColumns} columns came twice in a frame; the repeats were dropped");
                }
            }
            summary.Facts.Add(("points", $"{points} ({firstReturns} first returns)"));
            summary.Facts.Add(("imu", $"{imuPackets} packets, {imuSamples} samples"));
            if (crcCarried is not null)
            {
                summary.Facts.Add(("crc", crcCarried == true ? $"CRC-64 checked on every lidar packet, {crcBad} bad" : "packets carry no CRC (firmware before 3.x)"));
            }
        }
        if (otherSensor > 0)
        {
            summary.Facts.Add(("other_sensors", $"{otherSensor} packets of another sensor on the same ports skipped"));
        }
        if (wrongSize > 0)
        {
            summary.Facts.Add(("wrong_size", $"{wrongSize} packets of another length on the sensor's ports skipped"));
        }
        if (o.Velodyne is not null)
        {
            summary.Facts.Add(("velodyne", calibration is null ? "no Velodyne packets" : $"{calibration.Model}: {velodynePackets} packets, {sweeps!.Sweeps} sweeps, {sweeps.PointsWritten} points"));
        }
        summary.Facts.Add(("time_origin_sensor_ns", origin.ToString(CultureInfo.InvariantCulture)));
        writer.Complete(lastEnd, summary.Metadata());
        summary.Ticks = writer.Ticks;
        summary.Outputs = writer.Outputs;
        return summary;
    }

    /// <summary>A Velodyne model name ("VLP-16", "vlp16", "HDL-32E", "VLP-32C", "VLS-128"), or null.</summary>
    public static VelodyneModel? ParseModel(string name) => name.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "VLP16" => VelodyneModel.Vlp16,
        "HDL32E" or "HDL32" => VelodyneModel.Hdl32E,
        "VLP32C" or "VLP32" => VelodyneModel.Vlp32C,
        "VLS128" => VelodyneModel.Vls128,
        _ => null,
    };
}
