using System.Buffers.Binary;
using System.Text.Json;

namespace Sim.Runtime.Recording.Foxglove;

internal sealed partial class FoxgloveEncoder
{
    private const int ImageHeaderBytes = 8;

    /// <summary>
    /// A <c>camera.rgb8.v1</c> payload (docs/sensors/camera.md) as a <c>foxglove.RawImage</c>:
    /// encoding "rgb8", step 3 × width, the pixels base64-encoded as they are (row-major, top row first).
    /// </summary>
    /// <param name="frameId">The image's frame; Foxglove takes it as the optical frame (x right, y down, z forward), see <see cref="CameraOpticalTransform"/>.</param>
    /// <param name="timeNs">The frame's time (ns).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the camera.rgb8.v1 layout.</exception>
    public ReadOnlyMemory<byte> RgbImage(string frameId, long timeNs, ReadOnlySpan<byte> payload)
        => RawImage(frameId, timeNs, payload, 3, "rgb8"u8, "camera.rgb8.v1");

    /// <summary>
    /// A <c>camera.depth32f.v1</c> payload as a <c>foxglove.RawImage</c>: encoding "32FC1"
    /// (little-endian float32 metres along the optical axis, 0 where nothing was hit), step 4 × width.
    /// Foxglove maps 0..1 to black..white by default; its Image panel's colour mode settings give a
    /// useful depth range.
    /// </summary>
    /// <param name="frameId">The image's (optical) frame.</param>
    /// <param name="timeNs">The frame's time (ns).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the camera.depth32f.v1 layout.</exception>
    public ReadOnlyMemory<byte> DepthImage(string frameId, long timeNs, ReadOnlySpan<byte> payload)
        => RawImage(frameId, timeNs, payload, 4, "32FC1"u8, "camera.depth32f.v1");

    private ReadOnlyMemory<byte> RawImage(string frameId, long timeNs, ReadOnlySpan<byte> payload, int bytesPerPixel, ReadOnlySpan<byte> encoding, string format)
    {
        RequireHeader(payload, ImageHeaderBytes, format);
        int width = BinaryPrimitives.ReadInt32LittleEndian(payload);
        int height = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        if (width < 0 || height < 0)
        {
            throw new ArgumentException($"a {format} payload of {width} x {height} pixels", nameof(payload));
        }
        RequireLength(payload, ImageHeaderBytes + (long)width * height * bytesPerPixel, format);

        Utf8JsonWriter w = Begin();
        w.WriteStartObject();
        WriteTime(w, "timestamp"u8, timeNs);
        w.WriteString("frame_id"u8, frameId);
        w.WriteNumber("width"u8, width);
        w.WriteNumber("height"u8, height);
        w.WriteString("encoding"u8, encoding);
        w.WriteNumber("step"u8, width * bytesPerPixel);
        w.WriteBase64String("data"u8, payload[ImageHeaderBytes..]);
        w.WriteEndObject();
        return End();
    }
}
