using System.Buffers;
using HilBridge.Protocol.Messages;
using MessagePack;
using SensorModels.Output;
using SimCore.Entities;
using SimCore.Simulation;

namespace Sim.Runtime.Recording;

/// <summary>
/// The MessagePack layouts of a recording's own channels (docs/mcap.md, "Channels"): exact values,
/// for replay. Each message is one MessagePack array; readers check lengths and types and throw
/// <see cref="FormatException"/> on anything else.
/// </summary>
internal static class RecordedMessages
{
    /// <summary>A sensor output: [stream, sequence, start_ns, end_ns, format, payload (bin)].</summary>
    public static void WriteFrame(IBufferWriter<byte> to, string stream, long sequence, long startNs, long endNs, string format, ReadOnlySpan<byte> payload)
    {
        WriteFrameHead(to, stream, sequence, startNs, endNs, format, payload.Length);
        to.Write(payload);
    }

    /// <summary>
    /// <see cref="WriteFrame"/>'s bytes up to the payload (the bin header included), for a writer that
    /// appends the payload itself: the payload's bytes follow as they are.
    /// </summary>
    public static void WriteFrameHead(IBufferWriter<byte> to, string stream, long sequence, long startNs, long endNs, string format, int payloadLength)
    {
        var w = new MessagePackWriter(to);
        w.WriteArrayHeader(6);
        w.Write(stream);
        w.Write(sequence);
        w.Write(startNs);
        w.Write(endNs);
        w.Write(format);
        w.WriteBinHeader(payloadLength);
        w.Flush();
    }

    /// <summary>
    /// Reads <see cref="WriteFrame"/>'s layout; the payload is a slice of <paramref name="message"/>.
    /// The layout carries no sensor type: <paramref name="type"/> is the channel's.
    /// </summary>
    public static (SensorFrame Frame, ReadOnlyMemory<byte> Payload) ReadFrame(ReadOnlyMemory<byte> message, string type)
    {
        var r = new MessagePackReader(message);
        Expect(ref r, 6, "sensor frame");
        string stream = r.ReadString() ?? throw new FormatException("sensor frame: no stream name");
        long sequence = r.ReadInt64();
        long start = r.ReadInt64();
        long end = r.ReadInt64();
        string format = r.ReadString() ?? throw new FormatException("sensor frame: no format");
        ReadOnlySequence<byte> bytes = r.ReadBytes() ?? throw new FormatException("sensor frame: no payload");
        long offset = message.Length - r.Sequence.Slice(r.Position).Length - bytes.Length;
        return (new SensorFrame(stream, type, format, sequence, start, end), message.Slice((int)offset, (int)bytes.Length));
    }

    /// <summary>The ego's state at a tick: [tick, x, y, z, yaw, pitch, roll, speed, lateral_speed, acceleration, lateral_acceleration, yaw_rate, steering_angle].</summary>
    public static void WriteEgo(IBufferWriter<byte> to, ulong tick, VehicleState v)
    {
        var w = new MessagePackWriter(to);
        w.WriteArrayHeader(13);
        w.Write(tick);
        foreach (double d in (ReadOnlySpan<double>)[v.X, v.Y, v.Z, v.Yaw, v.Pitch, v.Roll, v.Speed, v.LateralSpeed, v.Acceleration, v.LateralAcceleration, v.YawRate, v.SteeringAngle])
        {
            w.Write(d);
        }
        w.Flush();
    }

    /// <summary>Reads <see cref="WriteEgo"/>'s layout.</summary>
    public static (ulong Tick, VehicleState State) ReadEgo(ReadOnlyMemory<byte> message)
    {
        var r = new MessagePackReader(message);
        Expect(ref r, 13, "ego state");
        ulong tick = r.ReadUInt64();
        Span<double> d = stackalloc double[12];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = r.ReadDouble();
        }
        return (tick, new VehicleState(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]));
    }

    /// <summary>Fields per entity in <see cref="WriteGroundTruth"/>.</summary>
    private const int EntityFields = 17;

    /// <summary>
    /// Every entity at a tick, world frame: [tick, ego_index, [[id, name, kind, x, y, z, heading,
    /// pitch, speed, lateral_velocity, yaw_rate, acceleration, length, width, height,
    /// center_offset_x, is_ego]...]] (kind: 0 car, 1 truck, 2 bus, 3 pedestrian, 4 cyclist, 5 obstacle).
    /// </summary>
    public static void WriteGroundTruth(IBufferWriter<byte> to, ulong tick, int ego, ReadOnlySpan<EntitySnapshot> entities)
    {
        var w = new MessagePackWriter(to);
        w.WriteArrayHeader(3);
        w.Write(tick);
        w.Write(ego);
        w.WriteArrayHeader(entities.Length);
        foreach (ref readonly EntitySnapshot e in entities)
        {
            w.WriteArrayHeader(EntityFields);
            w.Write(e.Id);
            w.Write(e.Name);
            w.Write((int)e.Kind);
            foreach (double d in (ReadOnlySpan<double>)[e.X, e.Y, e.Z, e.Heading, e.Pitch, e.Speed, e.LateralVelocity, e.YawRate, e.Acceleration, e.Length, e.Width, e.Height, e.CenterOffsetX])
            {
                w.Write(d);
            }
            w.Write(e.IsEgo);
        }
        w.Flush();
    }

    /// <summary>Reads <see cref="WriteGroundTruth"/>'s layout back into snapshots (the fields it carries; road coordinates are not recorded).</summary>
    public static (ulong Tick, int Ego, EntitySnapshot[] Entities) ReadGroundTruth(ReadOnlyMemory<byte> message)
    {
        var r = new MessagePackReader(message);
        Expect(ref r, 3, "ground truth");
        ulong tick = r.ReadUInt64();
        int ego = r.ReadInt32();
        int n = r.ReadArrayHeader();
        if (n > 1_000_000 || ego < 0 || ego >= n)
        {
            throw new FormatException($"ground truth: {n} entities with the ego at {ego}");
        }
        var entities = new EntitySnapshot[n];
        Span<double> d = stackalloc double[13];
        for (int i = 0; i < n; i++)
        {
            Expect(ref r, EntityFields, "ground truth entity");
            int id = r.ReadInt32();
            string name = r.ReadString() ?? "";
            int kind = r.ReadInt32();
            if (kind is < 0 or > (int)EntityKind.Obstacle)
            {
                throw new FormatException($"ground truth entity '{name}': kind {kind}");
            }
            for (int k = 0; k < d.Length; k++)
            {
                d[k] = r.ReadDouble();
            }
            entities[i] = new EntitySnapshot(name, d[0], d[1], d[2], d[3], d[5], false, null, 0, 0, 0)
            {
                Id = id,
                Kind = (EntityKind)kind,
                Pitch = d[4],
                LateralVelocity = d[6],
                YawRate = d[7],
                Acceleration = d[8],
                Length = d[9],
                Width = d[10],
                Height = d[11],
                CenterOffsetX = d[12],
                IsEgo = r.ReadBoolean(),
            };
        }
        return (tick, ego, entities);
    }

    private static void Expect(ref MessagePackReader r, int length, string what)
    {
        int n = r.ReadArrayHeader();
        if (n != length)
        {
            throw new FormatException($"{what}: an array of {n} elements where {length} were expected");
        }
    }
}
