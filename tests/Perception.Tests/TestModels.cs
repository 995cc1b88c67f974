using System.Buffers.Binary;

namespace Perception.Tests;

/// <summary>The committed test models and specs (tools/onnx-testmodels), copied beside the tests.</summary>
internal static class TestModels
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "testmodels");

    public static string Spec(string name) => Path.Combine(Dir, name + ".yaml");

    /// <summary>A lidar.v1 payload (docs/sensors/lidar.md) of the given points, 36-byte stride, no compensation.</summary>
    public static byte[] LidarPayload(params (float X, float Y, float Z, float Intensity)[] points)
    {
        var bytes = new byte[16 + 36 * points.Length];
        Span<byte> b = bytes;
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)points.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], 36);
        BinaryPrimitives.WriteUInt16LittleEndian(b[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(b[8..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(b[10..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], (uint)points.Length);
        for (int i = 0; i < points.Length; i++)
        {
            Span<byte> p = b.Slice(16 + 36 * i, 36);
            (float x, float y, float z, float intensity) = points[i];
            BinaryPrimitives.WriteSingleLittleEndian(p, x);
            BinaryPrimitives.WriteSingleLittleEndian(p[4..], y);
            BinaryPrimitives.WriteSingleLittleEndian(p[8..], z);
            BinaryPrimitives.WriteSingleLittleEndian(p[12..], MathF.Sqrt(x * x + y * y + z * z));
            BinaryPrimitives.WriteSingleLittleEndian(p[16..], intensity);
            BinaryPrimitives.WriteInt32LittleEndian(p[24..], -1);
        }
        return bytes;
    }

    /// <summary>
    /// The scene the toy model is tested on. Cell (row 4, col 3) = x in [3, 4), y in [0, 1): 7 points,
    /// z from -1 to 1.2, intensity 0.5. Cell (row 1, col 6) = x in [6, 7), y in [-3, -2): 63 points
    /// at z = 0, intensity 0.1. Cell (row 4, col 2): 1 point. Plus points the raster drops: z 2.5
    /// (above z_max 2), x 8 (at x_max, exclusive), y -4.5 (below y_min).
    /// </summary>
    public static byte[] Scene()
    {
        var pts = new List<(float, float, float, float)>();
        foreach (float z in new[] { -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.2f, 0.2f })
        {
            pts.Add((3.5f, 0.5f, z, 0.5f));
        }
        for (int i = 0; i < 63; i++)
        {
            pts.Add((6.25f, -2.5f, 0f, 0.1f));
        }
        pts.Add((2.5f, 0.5f, 0.3f, 0.8f));
        pts.Add((3.5f, 0.5f, 2.5f, 0.9f));
        pts.Add((8.0f, 0.5f, 0f, 0.9f));
        pts.Add((3.5f, -4.5f, 0f, 0.9f));
        return LidarPayload(pts.ToArray());
    }
}
