using System.Buffers;
using HilBridge.Protocol.Messages;
using SensorModels.Output;
using MessagePack;

namespace HilBridge.Protocol;

/// <summary>
/// Encodes and decodes the first (MessagePack) frame of every message, laid out as
/// docs/hil-protocol.md gives: <c>["SIMHIL", version, type, time_ns, sequence, body]</c>, bodies as
/// positional arrays. Decoding reads fields one by one with explicit bounds (no type information
/// from the wire is ever used to create objects), so hostile input costs at most the limits.
/// </summary>
public static class WireCodec
{
    /// <summary>The protocol version this build speaks.</summary>
    public const ushort Version = 1;

    /// <summary>First element of every envelope.</summary>
    public const string Magic = "SIMHIL";

    /// <summary>Encodes <paramref name="body"/> (one of the Protocol.Messages records) under <paramref name="envelope"/>.</summary>
    public static byte[] Encode(Envelope envelope, object body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Encode(buffer, envelope, body);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes into <paramref name="output"/> (reuse one buffer to send without allocating a new array).</summary>
    public static void Encode(IBufferWriter<byte> output, Envelope envelope, object body)
    {
        var w = new MessagePackWriter(output);
        w.WriteArrayHeader(6);
        w.Write(Magic);
        w.Write(envelope.Version);
        w.Write((byte)envelope.Type);
        w.Write(envelope.TimeNs);
        w.Write(envelope.Sequence);
        switch (envelope.Type, body)
        {
            case (MessageType.Hello, Hello h): WriteHello(ref w, h); break;
            case (MessageType.HelloReply, HelloReply r): WriteHelloReply(ref w, r); break;
            case (MessageType.Refusal, Refusal r): w.WriteArrayHeader(2); w.Write(r.Reason); WriteVersions(ref w, r.SupportedVersions); break;
            case (MessageType.Tick, Tick t): WriteTick(ref w, t); break;
            case (MessageType.Actuation, Actuation a): WriteActuation(ref w, a); break;
            case (MessageType.Heartbeat, Heartbeat): w.WriteArrayHeader(0); break;
            case (MessageType.EndOfRun, EndOfRun e): w.WriteArrayHeader(3); w.Write(e.Status); w.Write(e.Reason); w.Write(e.SummaryJson); break;
            default: throw new ArgumentException($"body {body.GetType().Name} does not match message type {envelope.Type}", nameof(body));
        }
        w.Flush();
    }

    /// <summary>Decodes a first frame; throws <see cref="ProtocolException"/> for anything not exactly as documented.</summary>
    public static (Envelope Envelope, object Body) Decode(ReadOnlyMemory<byte> frame, ProtocolLimits? limits = null)
    {
        limits ??= ProtocolLimits.Default;
        if (frame.Length > limits.MaxHeaderBytes)
        {
            throw new ProtocolException(RejectReason.Oversized, $"message of {frame.Length} bytes exceeds the limit of {limits.MaxHeaderBytes}");
        }
        try
        {
            var r = new MessagePackReader(frame);
            var c = new Cursor(limits);
            c.Array(ref r, 6, "envelope");
            if (c.String(ref r, "envelope magic") != Magic)
            {
                throw new ProtocolException(RejectReason.Malformed, $"envelope does not start with \"{Magic}\"");
            }
            ushort version = r.ReadUInt16();
            if (version != Version)
            {
                throw new ProtocolException(RejectReason.WrongVersion, $"protocol version {version}; this side speaks {Version}");
            }
            byte type = r.ReadByte();
            var env = new Envelope(version, (MessageType)type, r.ReadInt64(), r.ReadUInt64());
            object body = env.Type switch
            {
                MessageType.Hello => ReadHello(ref r, c),
                MessageType.HelloReply => ReadHelloReply(ref r, c),
                MessageType.Refusal => ReadRefusal(ref r, c),
                MessageType.Tick => ReadTick(ref r, c),
                MessageType.Actuation => ReadActuation(ref r, c),
                MessageType.Heartbeat => ReadHeartbeat(ref r, c),
                MessageType.EndOfRun => ReadEndOfRun(ref r, c),
                _ => throw new ProtocolException(RejectReason.Malformed, $"unknown message type {type}"),
            };
            if (!r.End)
            {
                throw new ProtocolException(RejectReason.Malformed, $"{frame.Length - r.Consumed} bytes after the envelope");
            }
            return (env, body);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw new ProtocolException(RejectReason.Malformed, "not a valid message: " + e.Message, e);
        }
    }

    private static void WriteVersions(ref MessagePackWriter w, IReadOnlyList<ushort> versions)
    {
        w.WriteArrayHeader(versions.Count);
        foreach (ushort v in versions)
        {
            w.Write(v);
        }
    }

    private static void WriteHello(ref MessagePackWriter w, Hello h)
    {
        w.WriteArrayHeader(6);
        w.Write(h.Scenario);
        w.Write(h.StepNs);
        w.Write(h.Seed);
        w.WriteArrayHeader(h.Sensors.Count);
        foreach (SensorManifestEntry s in h.Sensors)
        {
            w.WriteArrayHeader(11);
            w.Write(s.Name);
            w.Write(s.Type);
            w.Write(s.RateHz);
            w.Write(s.Format);
            w.Write(s.X); w.Write(s.Y); w.Write(s.Z); w.Write(s.Roll); w.Write(s.Pitch); w.Write(s.Yaw);
            w.Write(s.CalibrationJson);
        }
        w.Write(h.Dbc);
        WriteVersions(ref w, h.SupportedVersions);
    }

    private static void WriteHelloReply(ref MessagePackWriter w, HelloReply r)
    {
        w.WriteArrayHeader(5);
        w.Write(r.TargetName);
        w.Write(r.TargetVersion);
        w.WriteArrayHeader(r.Streams.Count);
        foreach (string s in r.Streams)
        {
            w.Write(s);
        }
        w.Write((byte)r.Mode);
        w.Write(r.WantsVehicleState);
    }

    private static void WriteTick(ref MessagePackWriter w, Tick t)
    {
        w.WriteArrayHeader(3);
        w.Write(t.Index);
        w.WriteArrayHeader(t.Frames.Count);
        foreach (FrameDescriptor f in t.Frames)
        {
            w.WriteArrayHeader(6);
            w.Write(f.Frame.Sensor); w.Write(f.Frame.Sequence); w.Write(f.Frame.StartNanoseconds); w.Write(f.Frame.EndNanoseconds); w.Write(f.Frame.Format); w.Write(f.PayloadFrame);
        }
        if (t.Vehicle is { } v)
        {
            w.WriteArrayHeader(12);
            w.Write(v.X); w.Write(v.Y); w.Write(v.Z); w.Write(v.Yaw); w.Write(v.Pitch); w.Write(v.Roll);
            w.Write(v.Speed); w.Write(v.LateralSpeed); w.Write(v.Acceleration); w.Write(v.LateralAcceleration); w.Write(v.YawRate); w.Write(v.SteeringAngle);
        }
        else
        {
            w.WriteNil();
        }
    }

    private static void WriteActuation(ref MessagePackWriter w, Actuation a)
    {
        // The plan is an optional 8th element: an answer without one is byte for byte what it always was.
        w.WriteArrayHeader(a.Plan is null ? 7 : 8);
        w.Write(a.Tick);
        w.Write((byte)a.Mode);
        w.Write(a.SteeringAngle);
        w.Write(a.Acceleration);
        w.WriteArrayHeader(a.CanFrames.Count);
        foreach (CanFrame f in a.CanFrames)
        {
            w.WriteArrayHeader(2);
            w.Write(f.Id);
            w.Write(f.Data);
        }
        if (a.Objects is { } objects)
        {
            w.WriteArrayHeader(objects.Count);
            foreach (PerceivedObject o in objects)
            {
                w.WriteArrayHeader(12);
                w.Write(o.Id); w.Write(o.Class);
                w.Write(o.X); w.Write(o.Y); w.Write(o.Z); w.Write(o.Length); w.Write(o.Width); w.Write(o.Height);
                w.Write(o.Yaw); w.Write(o.Vx); w.Write(o.Vy); w.Write(o.Score);
            }
        }
        else
        {
            w.WriteNil();
        }
        if (a.Debug is { } debug)
        {
            w.WriteMapHeader(debug.Count);
            foreach (KeyValuePair<string, double> kv in debug)
            {
                w.Write(kv.Key);
                w.Write(kv.Value);
            }
        }
        else
        {
            w.WriteNil();
        }
        if (a.Plan is { } plan)
        {
            w.WriteArrayHeader(plan.Count);
            foreach (PlannedPose p in plan)
            {
                w.WriteArrayHeader(7);
                w.Write(p.T); w.Write(p.X); w.Write(p.Y); w.Write(p.Heading); w.Write(p.Speed); w.Write(p.Acceleration); w.Write(p.SteeringAngle);
            }
        }
    }

    private static Hello ReadHello(ref MessagePackReader r, Cursor c)
    {
        c.Array(ref r, 6, "Hello");
        string scenario = c.String(ref r, "Hello.scenario");
        long step = r.ReadInt64();
        ulong seed = r.ReadUInt64();
        int n = c.List(ref r, "Hello.sensors");
        var sensors = new SensorManifestEntry[n];
        for (int i = 0; i < n; i++)
        {
            c.Array(ref r, 11, "Hello.sensors[i]");
            sensors[i] = new SensorManifestEntry(
                c.String(ref r, "sensor name"), c.String(ref r, "sensor type"), c.Finite(ref r, "sensor rate"), c.String(ref r, "sensor format"),
                c.Finite(ref r, "mount x"), c.Finite(ref r, "mount y"), c.Finite(ref r, "mount z"),
                c.Finite(ref r, "mount roll"), c.Finite(ref r, "mount pitch"), c.Finite(ref r, "mount yaw"),
                c.NullableString(ref r, "sensor calibration"));
        }
        return new Hello(scenario, step, seed, sensors, c.NullableString(ref r, "Hello.dbc"), ReadVersions(ref r, c));
    }

    private static ushort[] ReadVersions(ref MessagePackReader r, Cursor c)
    {
        var versions = new ushort[c.List(ref r, "supported versions")];
        for (int i = 0; i < versions.Length; i++)
        {
            versions[i] = r.ReadUInt16();
        }
        return versions;
    }

    private static HelloReply ReadHelloReply(ref MessagePackReader r, Cursor c)
    {
        c.Array(ref r, 5, "HelloReply");
        string name = c.String(ref r, "HelloReply.target_name"), version = c.String(ref r, "HelloReply.target_version");
        var streams = new string[c.List(ref r, "HelloReply.streams")];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = c.String(ref r, "HelloReply.streams[i]");
        }
        return new HelloReply(name, version, streams, c.Mode(ref r), r.ReadBoolean());
    }

    private static Refusal ReadRefusal(ref MessagePackReader r, Cursor c)
    {
        c.Array(ref r, 2, "Refusal");
        return new Refusal(c.String(ref r, "Refusal.reason"), ReadVersions(ref r, c));
    }

    private static Tick ReadTick(ref MessagePackReader r, Cursor c)
    {
        c.Array(ref r, 3, "Tick");
        ulong index = r.ReadUInt64();
        var frames = new FrameDescriptor[c.List(ref r, "Tick.frames")];
        for (int i = 0; i < frames.Length; i++)
        {
            c.Array(ref r, 6, "Tick.frames[i]");
            string stream = c.String(ref r, "frame stream");
            (long sequence, long start, long end) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
            string format = c.String(ref r, "frame format");
            frames[i] = new FrameDescriptor(new SensorFrame(stream, "", format, sequence, start, end), r.ReadInt32());
        }
        VehicleState? v = null;
        if (!r.TryReadNil())
        {
            c.Array(ref r, 12, "Tick.vehicle");
            v = new VehicleState(
                c.Finite(ref r, "x"), c.Finite(ref r, "y"), c.Finite(ref r, "z"), c.Finite(ref r, "yaw"), c.Finite(ref r, "pitch"), c.Finite(ref r, "roll"),
                c.Finite(ref r, "speed"), c.Finite(ref r, "lateral speed"), c.Finite(ref r, "acceleration"), c.Finite(ref r, "lateral acceleration"),
                c.Finite(ref r, "yaw rate"), c.Finite(ref r, "steering angle"));
        }
        return new Tick(index, frames, v);
    }

    private static Actuation ReadActuation(ref MessagePackReader r, Cursor c)
    {
        int fields = r.ReadArrayHeader();
        if (fields is not (7 or 8))
        {
            throw new ProtocolException(RejectReason.Malformed, $"Actuation: an array of {fields} elements where 7 (or 8, with a plan) were expected");
        }
        ulong tick = r.ReadUInt64();
        ActuationMode mode = c.Mode(ref r);
        double steer = c.Finite(ref r, "Actuation.steering_angle"), accel = c.Finite(ref r, "Actuation.acceleration");
        var can = new CanFrame[c.List(ref r, "Actuation.can_frames")];
        for (int i = 0; i < can.Length; i++)
        {
            c.Array(ref r, 2, "Actuation.can_frames[i]");
            uint id = r.ReadUInt32();
            byte[] data = c.Bytes(ref r, "CAN data", 64);
            can[i] = new CanFrame(id, data);
        }
        PerceivedObject[]? objects = null;
        if (!r.TryReadNil())
        {
            objects = new PerceivedObject[c.List(ref r, "Actuation.objects")];
            for (int i = 0; i < objects.Length; i++)
            {
                c.Array(ref r, 12, "Actuation.objects[i]");
                objects[i] = new PerceivedObject(
                    r.ReadInt64(), c.String(ref r, "object class"),
                    c.Finite(ref r, "object x"), c.Finite(ref r, "object y"), c.Finite(ref r, "object z"),
                    c.Finite(ref r, "object length"), c.Finite(ref r, "object width"), c.Finite(ref r, "object height"),
                    c.Finite(ref r, "object yaw"), c.Finite(ref r, "object vx"), c.Finite(ref r, "object vy"), c.Finite(ref r, "object score"));
            }
        }
        KeyValuePair<string, double>[]? debug = null;
        if (!r.TryReadNil())
        {
            int n = r.ReadMapHeader();
            c.CheckLength(n, "Actuation.debug");
            debug = new KeyValuePair<string, double>[n];
            for (int i = 0; i < n; i++)
            {
                debug[i] = new(c.String(ref r, "debug name"), r.ReadDouble());
            }
        }
        PlannedPose[]? plan = null;
        if (fields == 8 && !r.TryReadNil())
        {
            plan = new PlannedPose[c.List(ref r, "Actuation.plan")];
            double last = 0;
            for (int i = 0; i < plan.Length; i++)
            {
                c.Array(ref r, 7, "Actuation.plan[i]");
                plan[i] = new PlannedPose(c.Finite(ref r, "plan t"), c.Finite(ref r, "plan x"), c.Finite(ref r, "plan y"), c.Finite(ref r, "plan heading"),
                    c.Finite(ref r, "plan speed"), c.Finite(ref r, "plan acceleration"), c.Finite(ref r, "plan steering_angle"));
                if (plan[i].T <= last || plan[i].T > 60)
                {
                    throw new ProtocolException(RejectReason.Malformed, $"Actuation.plan[{i}]: t = {plan[i].T} s; plan times increase from above 0 to at most 60 s");
                }
                last = plan[i].T;
            }
        }
        return new Actuation(tick, mode, steer, accel, can, objects, debug, plan);
    }

    private static Heartbeat ReadHeartbeat(ref MessagePackReader r, Cursor c)
    {
        c.Array(ref r, 0, "Heartbeat");
        return Heartbeat.Instance;
    }

    private static EndOfRun ReadEndOfRun(ref MessagePackReader r, Cursor c)
    {
        c.Array(ref r, 3, "EndOfRun");
        return new EndOfRun(c.String(ref r, "EndOfRun.status"), c.String(ref r, "EndOfRun.reason"), c.String(ref r, "EndOfRun.summary"));
    }

    /// <summary>Bounded field readers with messages that name the field.</summary>
    private sealed class Cursor(ProtocolLimits limits)
    {
        public void Array(ref MessagePackReader r, int expected, string what)
        {
            int n = r.ReadArrayHeader();
            if (n != expected)
            {
                throw new ProtocolException(RejectReason.Malformed, $"{what}: expected an array of {expected}, found {n}");
            }
        }

        public int List(ref MessagePackReader r, string what)
        {
            int n = r.ReadArrayHeader();
            CheckLength(n, what);
            return n;
        }

        public void CheckLength(int n, string what)
        {
            if (n > limits.MaxListLength)
            {
                throw new ProtocolException(RejectReason.Oversized, $"{what}: {n} entries exceed the limit of {limits.MaxListLength}");
            }
        }

        public string String(ref MessagePackReader r, string what)
            => NullableString(ref r, what) ?? throw new ProtocolException(RejectReason.Malformed, $"{what}: nil where a string is required");

        public string? NullableString(ref MessagePackReader r, string what)
        {
            if (r.TryReadNil())
            {
                return null;
            }
            ReadOnlySequence<byte>? bytes = r.ReadStringSequence();
            if (bytes is { } b && b.Length > limits.MaxStringBytes)
            {
                throw new ProtocolException(RejectReason.Oversized, $"{what}: {b.Length} bytes exceed the limit of {limits.MaxStringBytes}");
            }
            return bytes is { } s ? System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(s)) : null;
        }

        public byte[] Bytes(ref MessagePackReader r, string what, int max)
        {
            ReadOnlySequence<byte> b = r.ReadBytes() ?? throw new ProtocolException(RejectReason.Malformed, $"{what}: nil where bytes are required");
            if (b.Length > max)
            {
                throw new ProtocolException(RejectReason.Oversized, $"{what}: {b.Length} bytes exceed {max}");
            }
            return b.ToArray();
        }

        public double Finite(ref MessagePackReader r, string what)
        {
            double d = r.ReadDouble();
            return double.IsFinite(d) ? d : throw new ProtocolException(RejectReason.Malformed, $"{what}: {d} is not a finite number");
        }

        public ActuationMode Mode(ref MessagePackReader r)
        {
            byte m = r.ReadByte();
            return m <= (byte)ActuationMode.Can ? (ActuationMode)m : throw new ProtocolException(RejectReason.Malformed, $"actuation mode {m} is neither 0 (command) nor 1 (can)");
        }
    }
}
