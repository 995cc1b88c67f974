using System.Buffers.Text;
using System.Text;

namespace Sim.Runtime.View;

/// <summary>
/// Reads trajectories.csv (time,entity,x,y,z,heading,speed,...) into a <see cref="PoseTrack"/>,
/// parsing only the rows of the kept frames: the time field alone decides whether a row is read.
/// </summary>
internal static class TrajectoryCsvReader
{
    /// <exception cref="InvalidDataException">A row that is not trajectories.csv's, with its line number.</exception>
    public static PoseTrack Read(string path, IReadOnlyList<string> entities, double step, long lastState)
    {
        (int[] states, int stride) = PoseTrack.Plan(lastState, entities.Count);
        var frameOf = new int[lastState + 1];
        Array.Fill(frameOf, -1);
        for (int i = 0; i < states.Length; i++)
        {
            frameOf[states[i]] = i;
        }
        var track = new PoseTrack(states.Select(s => s * step).ToArray(), entities.Count, stride);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < entities.Count; i++)
        {
            index[entities[i]] = i;
        }
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> byName = index.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> name = stackalloc char[256];
        using var lines = new Utf8Lines(path);
        if (!lines.TryRead(out ReadOnlySpan<byte> header) || !header.StartsWith("time,entity,x,y,z,heading,speed"u8))
        {
            throw new InvalidDataException($"{path}:1: not a trajectories.csv (header 'time,entity,x,y,z,heading,speed,...')");
        }
        Span<Range> fields = stackalloc Range[8];
        while (lines.TryRead(out ReadOnlySpan<byte> line))
        {
            if (line.IsEmpty)
            {
                continue;
            }
            int comma = line.IndexOf((byte)',');
            if (comma < 0 || !Utf8Parser.TryParse(line[..comma], out double time, out int used) || used != comma)
            {
                throw Bad(path, lines.LineNumber, "the time is not a number");
            }
            long state = (long)Math.Round(time / step);
            if (state < 0 || state > lastState)
            {
                throw Bad(path, lines.LineNumber, $"time {time} is outside the run (0 to {lastState * step} s)");
            }
            int frame = frameOf[state];
            if (frame < 0)
            {
                continue;
            }
            if (Utf8Lines.Split(line, fields) < 7)
            {
                throw Bad(path, lines.LineNumber, "fewer than 7 fields");
            }
            ReadOnlySpan<byte> nameBytes = line[fields[1]];
            if (nameBytes.Length > name.Length)
            {
                throw Bad(path, lines.LineNumber, "entity name longer than 256 bytes");
            }
            int chars = Encoding.UTF8.GetChars(nameBytes, name);
            if (!byName.TryGetValue(name[..chars], out int entity))
            {
                throw Bad(path, lines.LineNumber, $"entity '{Encoding.UTF8.GetString(nameBytes)}' is not one of the run's");
            }
            track.Set(entity, frame, Number(line[fields[2]]), Number(line[fields[3]]), Number(line[fields[5]]), Number(line[fields[6]]));
        }
        return track;

        double Number(ReadOnlySpan<byte> text)
            => Utf8Parser.TryParse(text, out double v, out int n) && n == text.Length && double.IsFinite(v) ? v
                : throw Bad(path, lines.LineNumber, $"'{Encoding.UTF8.GetString(text)}' is not a number");
    }

    private static InvalidDataException Bad(string path, long line, string message) => new($"{path}:{line}: {message}");
}
