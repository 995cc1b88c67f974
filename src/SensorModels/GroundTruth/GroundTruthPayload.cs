using System.Buffers;
using System.Buffers.Binary;
using SensorModels.Mathematics;
using SimCore.Entities;

namespace SensorModels.GroundTruth;

/// <summary>
/// The <c>ground_truth.v1</c> payload (docs/sensors/ground-truth.md), written and read here only:
/// int32 N, then N records of <see cref="RecordBytes"/> bytes, little endian.
/// </summary>
public static class GroundTruthPayload
{
    /// <summary>The format id.</summary>
    public const string Format = "ground_truth.v1";

    /// <summary>Bytes per object record: three int32 and sixteen float64.</summary>
    public const int RecordBytes = 3 * 4 + 16 * 8;

    /// <summary>The number of objects, or false when <paramref name="payload"/> is not N and N whole records.</summary>
    public static bool TryCount(ReadOnlySpan<byte> payload, out int count)
    {
        count = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -1;
        return count >= 0 && payload.Length == 4 + (long)count * RecordBytes;
    }

    /// <summary>Object <paramref name="index"/> of a payload whose count <see cref="TryCount"/> accepted.</summary>
    public static GroundTruthObject Read(ReadOnlySpan<byte> payload, int index)
    {
        ReadOnlySpan<byte> r = payload.Slice(4 + index * RecordBytes, RecordBytes);
        return new GroundTruthObject(I(r, 0), (EntityKind)I(r, 4), I(r, 8), V(r, 12), D(r, 36), D(r, 44), D(r, 52), D(r, 60),
            new Vec3(D(r, 68), D(r, 76), 0), V(r, 84), D(r, 108), V(r, 116));
    }

    /// <summary>Writes <paramref name="objects"/> as one payload.</summary>
    public static void Write(IBufferWriter<byte> into, ReadOnlySpan<GroundTruthObject> objects)
    {
        Span<byte> p = into.GetSpan(4 + objects.Length * RecordBytes);
        BinaryPrimitives.WriteInt32LittleEndian(p, objects.Length);
        for (int i = 0; i < objects.Length; i++)
        {
            GroundTruthObject o = objects[i];
            Span<byte> r = p.Slice(4 + i * RecordBytes, RecordBytes);
            BinaryPrimitives.WriteInt32LittleEndian(r, o.Id);
            BinaryPrimitives.WriteInt32LittleEndian(r[4..], (int)o.Kind);
            BinaryPrimitives.WriteInt32LittleEndian(r[8..], o.LidarPoints);
            W(r, 12, o.Centre);
            BinaryPrimitives.WriteDoubleLittleEndian(r[36..], o.Length);
            BinaryPrimitives.WriteDoubleLittleEndian(r[44..], o.Width);
            BinaryPrimitives.WriteDoubleLittleEndian(r[52..], o.Height);
            BinaryPrimitives.WriteDoubleLittleEndian(r[60..], o.Heading);
            BinaryPrimitives.WriteDoubleLittleEndian(r[68..], o.Velocity.X);
            BinaryPrimitives.WriteDoubleLittleEndian(r[76..], o.Velocity.Y);
            W(r, 84, o.SensorCentre);
            BinaryPrimitives.WriteDoubleLittleEndian(r[108..], o.SensorYaw);
            W(r, 116, o.RelativeVelocity);
        }
        into.Advance(4 + objects.Length * RecordBytes);
    }

    private static int I(ReadOnlySpan<byte> r, int at) => BinaryPrimitives.ReadInt32LittleEndian(r[at..]);

    private static double D(ReadOnlySpan<byte> r, int at) => BinaryPrimitives.ReadDoubleLittleEndian(r[at..]);

    private static Vec3 V(ReadOnlySpan<byte> r, int at) => new(D(r, at), D(r, at + 8), D(r, at + 16));

    private static void W(Span<byte> r, int at, Vec3 v)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(r[at..], v.X);
        BinaryPrimitives.WriteDoubleLittleEndian(r[(at + 8)..], v.Y);
        BinaryPrimitives.WriteDoubleLittleEndian(r[(at + 16)..], v.Z);
    }
}
