using System.Buffers.Binary;

namespace Sim.Runtime.Datagen;

/// <summary>One record of a camera.boxes2d.v1 payload (docs/sensors/camera.md): what labels take from a real camera.</summary>
/// <param name="Entity">Entity id.</param>
/// <param name="VisiblePixels">Pixels of the entity in the instance mask.</param>
/// <param name="Occlusion">Occluded fraction, 0..1.</param>
internal sealed record CameraBox(int Entity, int VisiblePixels, double Occlusion)
{
    /// <summary>Reads every box of a payload, by entity id.</summary>
    public static Dictionary<int, CameraBox> Read(ReadOnlySpan<byte> payload)
    {
        int n = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var boxes = new Dictionary<int, CameraBox>(n);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> r = payload.Slice(4 + i * 40, 40);
            int id = BinaryPrimitives.ReadInt32LittleEndian(r);
            boxes[id] = new CameraBox(id, BinaryPrimitives.ReadInt32LittleEndian(r[24..]), BinaryPrimitives.ReadSingleLittleEndian(r[32..]));
        }
        return boxes;
    }
}
