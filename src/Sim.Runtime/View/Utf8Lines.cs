namespace Sim.Runtime.View;

/// <summary>
/// Reads a text file line by line as UTF-8 bytes without a string per line: the view reads
/// trajectories.csv files of gigabytes (1000 vehicles for 10 minutes) and skips most of their rows.
/// </summary>
internal sealed class Utf8Lines : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;
    private bool _eof;

    public Utf8Lines(string path) => _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);

    /// <summary>Line number of the line last returned (1-based).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its end (\n or \r\n); false at the end of the file.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, nl));
                _start += nl + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    /// <summary>
    /// Splits <paramref name="line"/> at commas into <paramref name="fields"/>; returns the number of
    /// fields, with the last range holding the rest when there are more fields than ranges.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        int n = 0, start = 0;
        while (n < fields.Length - 1)
        {
            int comma = line[start..].IndexOf((byte)',');
            if (comma < 0)
            {
                break;
            }
            fields[n++] = new Range(start, start + comma);
            start += comma + 1;
        }
        fields[n++] = new Range(start, line.Length);
        return n;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            // One line longer than the buffer: a file that is not ours; grow within reason.
            if (_buffer.Length >= 1 << 26)
            {
                throw new InvalidDataException($"line {LineNumber + 1} is longer than {_buffer.Length} bytes");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }
        _end += n;
    }

    public void Dispose() => _stream.Dispose();
}
