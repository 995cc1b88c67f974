using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SensorModels.Output;

/// <summary>
/// Writes each sensor's outputs to DIR/NAME.bin (docs/sensors.md): the magic "SIMSENS1", then per
/// output: int64 sequence, int64 start ns, int64 end ns, int32 payload length, payload (all little
/// endian). DIR/NAME.json says type and format. Files are written as .partial and renamed on
/// <see cref="Complete"/>, so an interrupted run leaves nothing that looks finished.
/// </summary>
public sealed class FileSensorSink : ISensorSink, IDisposable
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SIMSENS1");
    private readonly string _directory;
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);
    private readonly byte[] _header = new byte[28];

    /// <summary>Writes under <paramref name="directory"/> (created when missing).</summary>
    public FileSensorSink(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <inheritdoc />
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (!_files.TryGetValue(frame.Sensor, out FileStream? fs))
        {
            fs = new FileStream(Path.Combine(_directory, frame.Sensor + ".bin.partial"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            fs.Write(Magic);
            _files[frame.Sensor] = fs;
            using (FileStream meta = File.Create(Path.Combine(_directory, frame.Sensor + ".json")))
            using (var json = new Utf8JsonWriter(meta))
            {
                json.WriteStartObject();
                json.WriteString("sensor", frame.Sensor);
                json.WriteString("type", frame.Type);
                json.WriteString("format", frame.Format);
                json.WriteEndObject();
            }
        }
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(0), frame.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(8), frame.StartNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(16), frame.EndNanoseconds);
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(24), payload.Length);
        fs.Write(_header);
        fs.Write(payload);
    }

    /// <summary>Closes every file under its final name.</summary>
    public void Complete()
    {
        foreach ((string name, FileStream fs) in _files)
        {
            fs.Dispose();
            File.Move(Path.Combine(_directory, name + ".bin.partial"), Path.Combine(_directory, name + ".bin"), overwrite: true);
        }
        _files.Clear();
    }

    /// <summary>Closes and deletes unfinished files.</summary>
    public void Dispose()
    {
        foreach ((string name, FileStream fs) in _files)
        {
            fs.Dispose();
            File.Delete(Path.Combine(_directory, name + ".bin.partial"));
        }
        _files.Clear();
    }
}
