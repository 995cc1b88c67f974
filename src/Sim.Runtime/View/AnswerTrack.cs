using System.Buffers.Binary;

namespace Sim.Runtime.View;

/// <summary>One object a replayed target reported, in the ego's frame (x forward, y left; m, rad).</summary>
internal readonly record struct AnswerObject(float X, float Y, float Yaw, float Length, float Width, string Class, double Score);

/// <summary>
/// What a target answered during a replay, tick by tick: the objects it perceived, drawn beside the
/// recording's ground truth. Ticks past <see cref="ObjectBudget"/> objects are left out.
/// </summary>
internal sealed class AnswerTrack
{
    /// <summary>Objects kept at most (22 bytes each in the page).</summary>
    public const int ObjectBudget = 2_000_000;

    private readonly List<(double Time, AnswerObject[] Objects)> _ticks = new();
    private int _objects;

    /// <summary>Object classes in order of first appearance (the page's class index).</summary>
    public List<string> Classes { get; } = new();

    public int Ticks => _ticks.Count;

    /// <summary>True when ticks were left out for the budget.</summary>
    public bool Truncated { get; private set; }

    public void Add(double time, AnswerObject[] objects)
    {
        if (_objects + objects.Length > ObjectBudget)
        {
            Truncated = true;
            return;
        }
        _objects += objects.Length;
        _ticks.Add((time, objects));
        foreach (AnswerObject o in objects)
        {
            if (!Classes.Contains(o.Class))
            {
                Classes.Add(o.Class);
            }
        }
    }

    /// <summary>
    /// The binary the page decodes (little-endian): "SIMA", ticks (uint32), then per tick its time
    /// (float64), object count (uint32) and objects: x, y, yaw, length, width (float32), class index
    /// and score x 255 (uint8).
    /// </summary>
    public void Write(Stream s)
    {
        var b = new byte[22];
        "SIMA"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), (uint)_ticks.Count);
        s.Write(b, 0, 8);
        foreach ((double time, AnswerObject[] objects) in _ticks)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(b, time);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)objects.Length);
            s.Write(b, 0, 12);
            foreach (AnswerObject o in objects)
            {
                BinaryPrimitives.WriteSingleLittleEndian(b, o.X);
                BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4), o.Y);
                BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(8), o.Yaw);
                BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(12), o.Length);
                BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(16), o.Width);
                b[20] = (byte)Classes.IndexOf(o.Class);
                b[21] = (byte)Math.Round(Math.Clamp(o.Score, 0, 1) * 255);
                s.Write(b, 0, 22);
            }
        }
    }
}
