using System.Buffers.Binary;

namespace Sim.Runtime.View;

/// <summary>
/// Every entity's pose at the frames the view keeps, quantised: position in millimetres, heading in
/// 1e-4 rad ([0, 2 pi)), speed in mm/s. A long run with many entities keeps every k-th state (k
/// chosen so entities x frames stays within <see cref="SampleBudget"/>) and the last; the page
/// interpolates between frames, so the time slider still moves at the run's step.
/// </summary>
internal sealed class PoseTrack
{
    /// <summary>Entity-frame samples the page holds at most: 16 bytes each decoded, 64 MB for the budget.</summary>
    public const long SampleBudget = 4_000_000;

    private readonly int[] _x, _y, _h, _v;
    private readonly byte[] _present;

    public PoseTrack(double[] times, int entities, int stride)
    {
        Times = times;
        Entities = entities;
        Stride = stride;
        long n = (long)times.Length * entities;
        _x = new int[n];
        _y = new int[n];
        _h = new int[n];
        _v = new int[n];
        _present = new byte[n];
    }

    /// <summary>Time of each kept frame (s).</summary>
    public double[] Times { get; }

    /// <summary>Number of entities.</summary>
    public int Entities { get; }

    /// <summary>States per kept frame: 1 keeps them all.</summary>
    public int Stride { get; }

    public int Frames => Times.Length;

    /// <summary>Every stride-th of states 0..<paramref name="lastState"/>, and the last; the stride keeps entities x frames within the budget.</summary>
    public static (int[] States, int Stride) Plan(long lastState, int entities)
    {
        long states = lastState + 1;
        int stride = (int)Math.Max(1, (states * Math.Max(entities, 1) + SampleBudget - 1) / SampleBudget);
        var kept = new List<int>();
        for (long i = 0; i <= lastState; i += stride)
        {
            kept.Add((int)i);
        }
        if (kept[^1] != lastState)
        {
            kept.Add((int)lastState);
        }
        return (kept.ToArray(), stride);
    }

    public void Set(int entity, int frame, double x, double y, double heading, double speed)
    {
        long i = (long)entity * Times.Length + frame;
        _x[i] = (int)Math.Round(x * 1000);
        _y[i] = (int)Math.Round(y * 1000);
        double h = heading % (2 * Math.PI);
        _h[i] = (int)Math.Round((h < 0 ? h + 2 * Math.PI : h) * 1e4);
        _v[i] = (int)Math.Round(speed * 1000);
        _present[i] = 1;
    }

    /// <summary>Every position held (m), for the bounds of the view.</summary>
    public IEnumerable<(double X, double Y)> Positions()
    {
        for (long i = 0; i < _present.Length; i++)
        {
            if (_present[i] != 0)
            {
                yield return (_x[i] / 1000.0, _y[i] / 1000.0);
            }
        }
    }

    public bool IsPresent(int entity, int frame) => _present[(long)entity * Times.Length + frame] != 0;

    /// <summary>
    /// The binary the page decodes (little-endian): "SIMP", frames and entities (uint32), the frame
    /// times (float64), then per entity: presence per frame (uint8) and x, y, heading, speed per
    /// frame (int32, each the difference to the previous frame's value, so that gzip packs them).
    /// </summary>
    public void Write(Stream s)
    {
        int f = Times.Length;
        var head = new byte[12];
        "SIMP"u8.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), (uint)f);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), (uint)Entities);
        s.Write(head);
        var buffer = new byte[Math.Max(8 * f, 4 * f)];
        for (int i = 0; i < f; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), Times[i]);
        }
        s.Write(buffer, 0, 8 * f);
        for (int e = 0; e < Entities; e++)
        {
            long o = (long)e * f;
            s.Write(_present, (int)o, f);
            foreach (int[] channel in new[] { _x, _y, _h, _v })
            {
                int previous = 0;
                for (int i = 0; i < f; i++)
                {
                    int value = _present[o + i] != 0 ? channel[o + i] : previous;
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(4 * i), value - previous);
                    previous = value;
                }
                s.Write(buffer, 0, 4 * f);
            }
        }
    }
}
