using System.Buffers.Binary;
using SensorModels.Mathematics;

namespace Sim.Cli.Datagen;

/// <summary>One record of a ground_truth.v1 payload (docs/sensors/ground-truth.md), the fields labels need.</summary>
/// <param name="Entity">Entity id (index in the scenario).</param>
/// <param name="Class">Class code: 0 car, 1 truck, 2 bus, 3 pedestrian, 4 cyclist, 5 obstacle.</param>
/// <param name="Length">Box length (m).</param>
/// <param name="Width">Box width (m).</param>
/// <param name="Height">Box height (m).</param>
/// <param name="Center">Box centre in the ground-truth sensor's frame (m).</param>
/// <param name="Yaw">Yaw of the box about the sensor's z axis (rad).</param>
internal sealed record GroundTruthObject(int Entity, int Class, double Length, double Width, double Height, Vec3 Center, double Yaw)
{
    private const int RecordBytes = 140;

    private static double D(ReadOnlySpan<byte> r, int at) => BinaryPrimitives.ReadDoubleLittleEndian(r[at..]);

    /// <summary>Reads every record of a payload.</summary>
    public static IReadOnlyList<GroundTruthObject> Read(ReadOnlySpan<byte> payload)
    {
        int n = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var list = new List<GroundTruthObject>(n);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> r = payload.Slice(4 + i * RecordBytes, RecordBytes);
            list.Add(new GroundTruthObject(BinaryPrimitives.ReadInt32LittleEndian(r), BinaryPrimitives.ReadInt32LittleEndian(r[4..]),
                D(r, 36), D(r, 44), D(r, 52), new Vec3(D(r, 84), D(r, 92), D(r, 100)), D(r, 108)));
        }
        return list;
    }
}
