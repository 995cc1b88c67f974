using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Sim.Runtime.Recording.Foxglove;

/// <summary>
/// Turns the simulator's sensor payloads and poses into Foxglove messages in JSON encoding
/// (docs/foxglove.md): one message per call, written with a <see cref="Utf8JsonWriter"/> into a
/// buffer the encoder reuses, so a recording allocates nothing per message once the buffer has
/// grown to the largest one. The memory a method returns is valid until the next call; copy it
/// (or write it out) before then. Not thread-safe: one encoder per writer thread.
/// </summary>
/// <remarks>
/// Time is simulation time in integer nanoseconds (≥ 0), written as Foxglove's
/// <c>{"sec", "nsec"}</c>. <c>bytes</c> fields are base64 strings and enums numbers, as Foxglove
/// reads JSON. A payload whose length does not match its layout throws an
/// <see cref="ArgumentException"/> naming the format rather than encoding garbage.
/// </remarks>
internal sealed partial class FoxgloveEncoder
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;

    /// <summary>Creates an encoder whose buffer starts at <paramref name="initialCapacity"/> bytes (it grows as needed).</summary>
    public FoxgloveEncoder(int initialCapacity = 64 * 1024)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
        // Validation stays on: it costs little beside the base64 of a cloud or image and catches a
        // malformed message here rather than in the viewer.
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Starts a message: forgets the previous one, keeping the buffer's memory.</summary>
    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    /// <summary>Ends a message and returns its bytes.</summary>
    private ReadOnlyMemory<byte> End()
    {
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>Splits a non-negative nanosecond time into Foxglove's (sec, nsec).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative time: Foxglove's time is unsigned.</exception>
    internal static (long Sec, int Nsec) SplitTime(long timeNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeNs);
        return (timeNs / NanosecondsPerSecond, (int)(timeNs % NanosecondsPerSecond));
    }

    private static void WriteTime(Utf8JsonWriter w, ReadOnlySpan<byte> name, long timeNs)
    {
        (long sec, int nsec) = SplitTime(timeNs);
        w.WriteStartObject(name);
        w.WriteNumber("sec"u8, sec);
        w.WriteNumber("nsec"u8, nsec);
        w.WriteEndObject();
    }

    private static void WriteDuration(Utf8JsonWriter w, ReadOnlySpan<byte> name, long durationNs)
    {
        // Foxglove's duration may be negative in sec, but nsec stays in [0, 1e9); lifetimes are never negative here.
        ArgumentOutOfRangeException.ThrowIfNegative(durationNs);
        w.WriteStartObject(name);
        w.WriteNumber("sec"u8, durationNs / NanosecondsPerSecond);
        w.WriteNumber("nsec"u8, durationNs % NanosecondsPerSecond);
        w.WriteEndObject();
    }

    private static void WriteVector3(Utf8JsonWriter w, ReadOnlySpan<byte> name, double x, double y, double z)
    {
        w.WriteStartObject(name);
        w.WriteNumber("x"u8, x);
        w.WriteNumber("y"u8, y);
        w.WriteNumber("z"u8, z);
        w.WriteEndObject();
    }

    private static void WriteQuaternion(Utf8JsonWriter w, ReadOnlySpan<byte> name, FoxgloveQuaternion q)
    {
        w.WriteStartObject(name);
        w.WriteNumber("x"u8, q.X);
        w.WriteNumber("y"u8, q.Y);
        w.WriteNumber("z"u8, q.Z);
        w.WriteNumber("w"u8, q.W);
        w.WriteEndObject();
    }

    private static void WritePose(Utf8JsonWriter w, ReadOnlySpan<byte> name, double x, double y, double z, FoxgloveQuaternion q)
    {
        w.WriteStartObject(name);
        WriteVector3(w, "position"u8, x, y, z);
        WriteQuaternion(w, "orientation"u8, q);
        w.WriteEndObject();
    }

    private static void WriteColor(Utf8JsonWriter w, ReadOnlySpan<byte> name, double r, double g, double b, double a)
    {
        w.WriteStartObject(name);
        w.WriteNumber("r"u8, r);
        w.WriteNumber("g"u8, g);
        w.WriteNumber("b"u8, b);
        w.WriteNumber("a"u8, a);
        w.WriteEndObject();
    }

    /// <summary>Writes an integer as a JSON string without allocating one (Foxglove ids are strings).</summary>
    private static void WriteIntString(Utf8JsonWriter w, ReadOnlySpan<byte> name, long value)
    {
        Span<byte> text = stackalloc byte[24];
        value.TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        w.WriteString(name, text[..n]);
    }

    /// <summary>Throws unless a payload is exactly <paramref name="expected"/> bytes long.</summary>
    private static void RequireLength(ReadOnlySpan<byte> payload, long expected, string format)
    {
        if (payload.Length != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"a {format} payload of {payload.Length} bytes; its header says {expected}"), "payload");
        }
    }

    /// <summary>Throws unless a payload holds at least its fixed header.</summary>
    private static void RequireHeader(ReadOnlySpan<byte> payload, int header, string format)
    {
        if (payload.Length < header)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"a {format} payload of {payload.Length} bytes is shorter than its {header}-byte header"), "payload");
        }
    }
}
