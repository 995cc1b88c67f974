using System.Buffers.Binary;
using System.Text.Json;

namespace Sim.Runtime.Recording.Foxglove;

internal sealed partial class FoxgloveEncoder
{
    // foxglove.NumericType values.
    private const int Uint8 = 1, Uint16 = 3, Int32 = 6, Float32 = 7;

    private const int LidarHeaderBytes = 16;
    private const int RadarDetectionBytes = 28;

    // Repacked radar points: x, y, z, range rate, RCS, SNR (float32), entity id (int32).
    private const int RadarPointStride = 28;

    private byte[] _scratch = [];

    // Repacked lidar points for viewing: x, y, z, intensity (float32), ring (uint16), semantic class (uint8), pad.
    private const int LidarViewStride = 20;

    /// <summary>
    /// A <c>lidar.v1</c> payload (docs/sensors/lidar.md) as a <c>foxglove.PointCloud</c> in the
    /// sensor's frame, repacked to what a viewer draws and colours by: x, y, z (the sensor frame at
    /// the firing time), intensity (float32, 0..1), ring (uint16), semantic_class (uint8), 20 bytes a
    /// point instead of the payload's 36 or 48. The exact points (range, time offset, entity id,
    /// column, compensated positions) stay in the recording's own lidar channel; the view is less
    /// than half their size, which keeps recording a spinning lidar affordable.
    /// </summary>
    /// <param name="frameId">The sensor's frame: its name in the rig.</param>
    /// <param name="timeNs">The output's end time (ns).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the lidar.v1 layout.</exception>
    public ReadOnlyMemory<byte> LidarPointCloud(string frameId, long timeNs, ReadOnlySpan<byte> payload)
    {
        RequireHeader(payload, LidarHeaderBytes, "lidar.v1");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int stride = BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]);
        bool compensated = (BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 1) != 0;
        if (stride != (compensated ? 48 : 36))
        {
            throw new ArgumentException($"a lidar.v1 payload with point stride {stride} and compensation flag {compensated}; expected 36 without, 48 with", nameof(payload));
        }
        RequireLength(payload, LidarHeaderBytes + (long)count * stride, "lidar.v1");
        int bytes = checked((int)count * LidarViewStride);
        if (_scratch.Length < bytes)
        {
            _scratch = new byte[Math.Max(bytes, 2 * _scratch.Length)];
        }
        Span<byte> points = _scratch.AsSpan(0, bytes);
        ReadOnlySpan<byte> records = payload[LidarHeaderBytes..];
        for (int i = 0; i < (int)count; i++)
        {
            ReadOnlySpan<byte> r = records.Slice(i * stride, stride);
            Span<byte> o = points.Slice(i * LidarViewStride, LidarViewStride);
            r[..12].CopyTo(o);            // x, y, z
            r.Slice(16, 4).CopyTo(o[12..]); // intensity
            r.Slice(28, 2).CopyTo(o[16..]); // ring
            o[18] = r[32];                  // semantic class
            o[19] = 0;
        }
        Utf8JsonWriter w = BeginPointCloud(frameId, timeNs, LidarViewStride);
        WriteField(w, "x"u8, 0, Float32);
        WriteField(w, "y"u8, 4, Float32);
        WriteField(w, "z"u8, 8, Float32);
        WriteField(w, "intensity"u8, 12, Float32);
        WriteField(w, "ring"u8, 16, Uint16);
        WriteField(w, "semantic_class"u8, 18, Uint8);
        w.WriteEndArray();
        w.WriteBase64String("data"u8, points);
        w.WriteEndObject();
        return End();
    }

    /// <summary>
    /// A <c>radar.detections.v1</c> payload (docs/sensors/radar.md) as a <c>foxglove.PointCloud</c>
    /// in the sensor's frame: each detection at (r cos el cos az, r cos el sin az, r sin el), with
    /// the fields x, y, z, range_rate (m/s, negative approaching), rcs (dBsm), snr (dB) as float32
    /// and entity_id as int32, 28 bytes a point.
    /// </summary>
    /// <param name="frameId">The sensor's frame: its name in the rig.</param>
    /// <param name="timeNs">The output's time (ns).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the radar.detections.v1 layout.</exception>
    public ReadOnlyMemory<byte> RadarPointCloud(string frameId, long timeNs, ReadOnlySpan<byte> payload)
    {
        RequireHeader(payload, 4, "radar.detections.v1");
        int count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (count < 0)
        {
            throw new ArgumentException($"a radar.detections.v1 payload with a negative count {count}", nameof(payload));
        }
        RequireLength(payload, 4 + (long)count * RadarDetectionBytes, "radar.detections.v1");

        // Foxglove places points by Cartesian fields, so polar detections are converted into a
        // scratch buffer kept between calls.
        int bytes = count * RadarPointStride;
        if (_scratch.Length < bytes)
        {
            _scratch = new byte[Math.Max(bytes, 2 * _scratch.Length)];
        }
        Span<byte> points = _scratch.AsSpan(0, bytes);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> d = payload.Slice(4 + i * RadarDetectionBytes, RadarDetectionBytes);
            double range = BinaryPrimitives.ReadSingleLittleEndian(d);
            double azimuth = BinaryPrimitives.ReadSingleLittleEndian(d[4..]);
            double elevation = BinaryPrimitives.ReadSingleLittleEndian(d[8..]);
            (double sa, double ca) = Math.SinCos(azimuth);
            (double se, double ce) = Math.SinCos(elevation);
            Span<byte> p = points.Slice(i * RadarPointStride, RadarPointStride);
            BinaryPrimitives.WriteSingleLittleEndian(p, (float)(range * ce * ca));
            BinaryPrimitives.WriteSingleLittleEndian(p[4..], (float)(range * ce * sa));
            BinaryPrimitives.WriteSingleLittleEndian(p[8..], (float)(range * se));
            // Radial velocity, RCS, SNR and entity id keep their layout and bytes.
            d.Slice(12, 16).CopyTo(p[12..]);
        }

        Utf8JsonWriter w = BeginPointCloud(frameId, timeNs, RadarPointStride);
        WriteField(w, "x"u8, 0, Float32);
        WriteField(w, "y"u8, 4, Float32);
        WriteField(w, "z"u8, 8, Float32);
        WriteField(w, "range_rate"u8, 12, Float32);
        WriteField(w, "rcs"u8, 16, Float32);
        WriteField(w, "snr"u8, 20, Float32);
        WriteField(w, "entity_id"u8, 24, Int32);
        w.WriteEndArray();
        w.WriteBase64String("data"u8, points);
        w.WriteEndObject();
        return End();
    }

    /// <summary>Writes a point cloud's header up to the open "fields" array.</summary>
    private Utf8JsonWriter BeginPointCloud(string frameId, long timeNs, int stride)
    {
        Utf8JsonWriter w = Begin();
        w.WriteStartObject();
        WriteTime(w, "timestamp"u8, timeNs);
        w.WriteString("frame_id"u8, frameId);
        // The points are already in frame_id: the cloud's origin is that frame's.
        WritePose(w, "pose"u8, 0, 0, 0, FoxgloveQuaternion.Identity);
        w.WriteNumber("point_stride"u8, stride);
        w.WriteStartArray("fields"u8);
        return w;
    }

    private static void WriteField(Utf8JsonWriter w, ReadOnlySpan<byte> name, int offset, int type)
    {
        w.WriteStartObject();
        w.WriteString("name"u8, name);
        w.WriteNumber("offset"u8, offset);
        w.WriteNumber("type"u8, type);
        w.WriteEndObject();
    }
}
