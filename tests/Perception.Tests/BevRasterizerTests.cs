using Perception.Bev;
using Perception.Spec;

namespace Perception.Tests;

public class BevRasterizerTests
{
    private const int W = 8, H = 8, Plane = W * H;

    [Fact]
    public void HandBuiltSweepLandsInTheHandComputedCells()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("bev_toy"));
        var raster = new BevRasterizer(spec.Bev!);
        var buffer = new float[raster.Length];
        Assert.Equal(3 * Plane, buffer.Length);
        raster.Rasterize(TestModels.Scene(), buffer);

        // 7 + 63 + 1 points inside; z 2.5, x 8 and y -4.5 are outside the ranges.
        Assert.Equal(71, raster.PointsUsed);
        // Channels: 0 max_height (z - z_min, z_min = -2), 1 mean_intensity, 2 density ln(n+1)/ln 64.
        // Cell (row 4, col 3): y = 0.5 -> row floor(0.5 + 4) = 4; x = 3.5 -> col 3.
        int a = 4 * W + 3;
        Assert.Equal(1.2f + 2f, buffer[0 * Plane + a], 5);
        Assert.Equal(0.5f, buffer[1 * Plane + a], 6);
        Assert.Equal(0.5f, buffer[2 * Plane + a], 6); // ln 8 / ln 64 = 3/6
        // Cell (row 1, col 6): 63 points saturate the density.
        int b = 1 * W + 6;
        Assert.Equal(2f, buffer[0 * Plane + b], 6);
        Assert.Equal(0.1f, buffer[1 * Plane + b], 5);
        Assert.Equal(1f, buffer[2 * Plane + b], 6);
        // Cell (row 4, col 2): one point.
        int c = 4 * W + 2;
        Assert.Equal(2.3f, buffer[0 * Plane + c], 5);
        Assert.Equal(0.8f, buffer[1 * Plane + c], 6);
        Assert.Equal(1f / 6f, buffer[2 * Plane + c], 6); // ln 2 / ln 64
        for (int i = 0; i < Plane; i++)
        {
            if (i != a && i != b && i != c)
            {
                Assert.True(buffer[i] == 0 && buffer[Plane + i] == 0 && buffer[2 * Plane + i] == 0, $"cell {i} should be empty");
            }
        }
    }

    [Fact]
    public void OtherChannelsFollowTheirDefinitions()
    {
        ModelSpec spec = ModelSpecReader.Parse("inline.yaml", SpecText.Toy.Replace(
            "channels: [max_height, mean_intensity, density]", "channels: [mean_height, max_intensity, occupancy]").Replace("shape: [1, 3, H, W]", "shape: [1, 3, H, W]"));
        var raster = new BevRasterizer(spec.Bev!);
        var buffer = new float[raster.Length];
        raster.Rasterize(TestModels.LidarPayload((3.5f, 0.5f, -1f, 0.2f), (3.6f, 0.9f, 0.4f, 0.7f), (3.9f, 0.1f, 1.0f, 0.3f)), buffer);
        int a = 4 * W + 3;
        // Mean of z - z_min: (1 + 2.4 + 3) / 3.
        Assert.Equal((1f + 2.4f + 3f) / 3f, buffer[0 * Plane + a], 5);
        Assert.Equal(0.7f, buffer[1 * Plane + a], 6);
        Assert.Equal(1f, buffer[2 * Plane + a]);
        Assert.Equal(3, raster.PointsUsed);
    }

    [Fact]
    public void CompensatedSpecReadsTheSweepEndCoordinates()
    {
        ModelSpec spec = ModelSpecReader.Parse("inline.yaml", SpecText.Toy.Replace("  cell: 1.0", "  cell: 1.0\n  compensated: true"));
        var raster = new BevRasterizer(spec.Bev!);
        var buffer = new float[raster.Length];
        // One stride-48 point: firing-time xyz (1.5, -3.5, 0) in cell (0, 1), compensated xyz
        // (5.5, 2.5, 1) in cell (row 6, col 5), which the spec asks for.
        byte[] plain = TestModels.LidarPayload((1.5f, -3.5f, 0f, 0.4f));
        var payload = new byte[16 + 48];
        plain.AsSpan(0, 16 + 36).CopyTo(payload);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4), 48);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(6), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(16 + 36), 5.5f);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(16 + 40), 2.5f);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(16 + 44), 1f);
        raster.Rasterize(payload, buffer);
        int cell = 6 * W + 5;
        Assert.Equal(3f, buffer[cell]); // max_height = 1 - (-2)
        Assert.Equal(0.4f, buffer[Plane + cell]);
        Assert.Equal(0f, buffer[0 * W + 1]);
        Assert.Equal(1f, buffer.Count(v => v != 0) / 3f);

        var e = Assert.Throws<InvalidDataException>(() => raster.Rasterize(plain, buffer));
        Assert.Contains("'compensated: true'", e.Message);
    }

    [Fact]
    public void MalformedPayloadIsAClearError()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("bev_toy"));
        var raster = new BevRasterizer(spec.Bev!);
        var buffer = new float[raster.Length];
        byte[] payload = TestModels.LidarPayload((1f, 1f, 0f, 0.5f));
        var e = Assert.Throws<InvalidDataException>(() => raster.Rasterize(payload.AsSpan(0, payload.Length - 4), buffer));
        Assert.Contains("1 points of 36 bytes need 52 bytes; it has 48", e.Message);
        payload[4] = 40;
        e = Assert.Throws<InvalidDataException>(() => raster.Rasterize(payload, buffer));
        Assert.Contains("point stride 40", e.Message);
    }
}
