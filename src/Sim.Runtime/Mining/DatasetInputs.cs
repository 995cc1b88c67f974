using System.Buffers.Binary;
using SensorModels.Lidar;
using SensorModels.Output;
using StbImageSharp;

namespace Sim.Runtime.Mining;

/// <summary>
/// Reads what a model looks at from a `sim generate` dataset: the lidar sweep (`lidar/ID.bin`, its
/// lidar.v1 packets joined) or the camera image (`image_2/ID.png`, decoded to RGB). Buffers are
/// reused from frame to frame.
/// </summary>
internal sealed class DatasetInputs
{
    // A dataset's lidar file holds one sweep of one lidar; the assembler only needs a name for its messages.
    private static readonly SensorFrame LidarFile = new("lidar", "lidar", "lidar.v1", 0, 0, 0);

    private readonly string _dataset;
    private readonly LidarSweepAssembler _sweep = new(LidarFile.Sensor);

    public DatasetInputs(string dataset) => _dataset = dataset;

    /// <summary>The frame's whole lidar sweep as one lidar.v1 payload.</summary>
    /// <exception cref="InvalidDataException">The file is missing, truncated or holds no complete sweep (names the file and byte offset).</exception>
    public ReadOnlySpan<byte> LidarSweep(string id)
    {
        string file = Path.Combine(_dataset, "lidar", id + ".bin");
        byte[] bytes = File.Exists(file) ? File.ReadAllBytes(file) : throw new InvalidDataException($"{file}: missing; the manifest lists this frame");
        int at = 0;
        bool complete = false;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 16)
            {
                throw new InvalidDataException($"{file}: {bytes.Length - at} bytes at {at} are not a lidar.v1 header");
            }
            long length = 16 + (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at)) * BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 4));
            if (at + length > bytes.Length)
            {
                throw new InvalidDataException($"{file}: the payload at byte {at} claims {length} bytes; {bytes.Length - at} are left");
            }
            complete = _sweep.Add(LidarFile, bytes.AsSpan(at, (int)length));
            at += (int)length;
        }
        return complete ? _sweep.Sweep : throw new InvalidDataException($"{file}: no complete sweep (its last packet is not the sweep's last)");
    }

    /// <summary>The frame's camera image, 3 bytes per pixel (R, G, B), top row first.</summary>
    /// <exception cref="InvalidDataException">The file is missing, not a PNG, or not <paramref name="width"/> x <paramref name="height"/> (checked before decoding, so a crafted header cannot ask for gigabytes).</exception>
    public byte[] Image(string id, int width, int height)
    {
        string file = Path.Combine(_dataset, "image_2", id + ".png");
        byte[] bytes = File.Exists(file) ? File.ReadAllBytes(file) : throw new InvalidDataException($"{file}: missing; the manifest lists this frame (a camera model mines datasets made with a camera)");
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(signature) || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException($"{file}: not a PNG (no signature and IHDR chunk at byte 0)");
        }
        int w = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), h = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        if (w != width || h != height)
        {
            throw new InvalidDataException($"{file}: the image is {w} x {h} pixels; the model takes {width} x {height}");
        }
        try
        {
            ImageResult image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
            return image.Data;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file}: the PNG cannot be decoded: {e.Message}", e);
        }
    }
}
