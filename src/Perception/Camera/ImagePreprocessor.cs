using System.Buffers.Binary;
using Perception.Spec;

namespace Perception.Camera;

/// <summary>
/// Turns an RGB image (camera.rgb8.v1, docs/sensors/camera.md) into a camera model's input, NCHW
/// with N = 1: plane p holds colour <c>Channels[p]</c>, element (p, y, x) = (byte x scale - mean[p])
/// / std[p]. One 256-entry table per plane, made once: a frame is a table lookup per byte and
/// allocates nothing.
/// </summary>
internal sealed class ImagePreprocessor
{
    /// <summary>Bytes of a camera.rgb8.v1 header: int32 width, int32 height.</summary>
    public const int HeaderBytes = 8;

    private readonly ImageSpec _spec;
    private readonly float[][] _tables;
    private readonly int[] _colour;

    public ImagePreprocessor(ImageSpec spec)
    {
        _spec = spec;
        _tables = new float[spec.Channels.Count][];
        _colour = new int[spec.Channels.Count];
        for (int p = 0; p < _tables.Length; p++)
        {
            _colour[p] = (int)spec.Channels[p];
            var t = new float[256];
            for (int b = 0; b < 256; b++)
            {
                t[b] = (float)((b * spec.Scale - spec.Mean[p]) / spec.Std[p]);
            }
            _tables[p] = t;
        }
    }

    /// <summary>Floats of the input: planes x rows x columns.</summary>
    public int Length => _spec.Channels.Count * _spec.Width * _spec.Height;

    /// <summary>Fills <paramref name="input"/> from a camera.rgb8.v1 payload.</summary>
    /// <exception cref="InvalidDataException">The payload is short, or its image is not the spec's size.</exception>
    public void Process(ReadOnlySpan<byte> payload, Span<float> input)
    {
        if (payload.Length < HeaderBytes)
        {
            throw new InvalidDataException($"a {_spec.Format} payload has an {HeaderBytes}-byte header (width, height); this one has {payload.Length} bytes");
        }
        int width = BinaryPrimitives.ReadInt32LittleEndian(payload);
        int height = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        Process(width, height, payload[HeaderBytes..], input);
    }

    /// <summary>Fills <paramref name="input"/> from an image of <paramref name="width"/> x <paramref name="height"/> pixels, 3 bytes each (R, G, B), top row first.</summary>
    /// <exception cref="InvalidDataException">The image is not the spec's size, or <paramref name="rgb"/> is shorter than it.</exception>
    public void Process(int width, int height, ReadOnlySpan<byte> rgb, Span<float> input)
    {
        if (input.Length != Length)
        {
            throw new ArgumentException($"the input buffer holds {input.Length} floats; {Length} needed", nameof(input));
        }
        if (width != _spec.Width || height != _spec.Height)
        {
            throw new InvalidDataException($"the image is {width} x {height} pixels; the model takes {_spec.Width} x {_spec.Height} (the spec's 'width' and 'height'; resize or re-render the camera at that size)");
        }
        int pixels = width * height;
        if (rgb.Length < 3L * pixels)
        {
            throw new InvalidDataException($"a {width} x {height} RGB image needs {3L * pixels} bytes; the payload has {rgb.Length}");
        }
        for (int p = 0; p < _tables.Length; p++)
        {
            ReadOnlySpan<float> table = _tables[p];
            Span<float> plane = input.Slice(p * pixels, pixels);
            int c = _colour[p];
            for (int i = 0; i < pixels; i++)
            {
                plane[i] = table[rgb[3 * i + c]];
            }
        }
    }
}
