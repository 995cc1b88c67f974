using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SimCore.Diagnostics;

namespace Sim.Runtime.Import.Comma2k19;

/// <summary>
/// A NumPy .npy array (format versions 1-3, C or Fortran order): little-endian float64, int64, float32, int32
/// and fixed-length byte strings (|Sn), which is what comma2k19 stores. Every problem names the
/// file and the byte offset.
/// </summary>
public sealed class NpyArray
{
    /// <summary>Largest file read (bytes): a comma2k19 segment's biggest array is a few MB.</summary>
    public const long MaxBytes = 1L << 30;

    private readonly bool _fortran;

    private NpyArray(string file, string dtype, int[] shape, byte[] data, int itemSize, bool fortran)
    {
        (File, DType, Shape, Data, ItemSize, _fortran) = (file, dtype, shape, data, itemSize, fortran);
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The dtype descriptor, e.g. "&lt;f8".</summary>
    public string DType { get; }

    /// <summary>The shape.</summary>
    public int[] Shape { get; }

    /// <summary>The raw data (in the file's order).</summary>
    public byte[] Data { get; }

    /// <summary>Bytes per element.</summary>
    public int ItemSize { get; }

    /// <summary>Rows (the first dimension; 1 for a scalar).</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>Elements per row.</summary>
    public int Columns => Shape.Length <= 1 ? 1 : Shape.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>Element [row, column] as a double (float or integer dtypes).</summary>
    public double this[int row, int column = 0]
    {
        get
        {
            int at = (_fortran && Shape.Length == 2 ? column * Rows + row : row * Columns + column) * ItemSize;
            return DType switch
            {
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(Data.AsSpan(at)),
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan(at)),
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(Data.AsSpan(at)),
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(at)),
                _ => throw new InvalidOperationException($"{File}: dtype {DType} is not numeric"),
            };
        }
    }

    /// <summary>Element <paramref name="row"/> of a byte-string array.</summary>
    public ReadOnlySpan<byte> Bytes(int row) => Data.AsSpan(row * ItemSize, ItemSize);

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputException">Missing, or not an .npy file of a supported dtype (file and byte offset named).</exception>
    public static NpyArray Load(string path)
    {
        byte[] b = InputFiles.ReadBytes(path, "NumPy array", MaxBytes);
        if (b.Length < 10 || b[0] != 0x93 || !b.AsSpan(1, 5).SequenceEqual("NUMPY"u8))
        {
            throw Bad(path, $"at byte 0: not a NumPy .npy file (starts with {Convert.ToHexString(b.AsSpan(0, Math.Min(6, b.Length)))})");
        }
        int major = b[6];
        int headerLength, headerStart;
        if (major == 1)
        {
            (headerLength, headerStart) = (BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)), 10);
        }
        else if (major is 2 or 3 && b.Length >= 12)
        {
            (headerLength, headerStart) = ((int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8)), int.MaxValue), 12);
        }
        else
        {
            throw Bad(path, $"at byte 6: .npy format version {major}, not 1 to 3");
        }
        if (headerLength > 1 << 16 || headerStart + headerLength > b.Length)
        {
            throw Bad(path, $"at byte 8: a header of {headerLength} bytes does not fit the file");
        }
        string header = Encoding.Latin1.GetString(b, headerStart, headerLength);
        string dtype = Field(path, header, "descr");
        bool fortran = Field(path, header, "fortran_order") == "True";
        string shapeText = Field(path, header, "shape").Trim('(', ')', ' ');
        int[] shape = shapeText.Length == 0 ? [] : shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw Bad(path, $"at byte {headerStart}: shape ({shapeText}) is not whole numbers")).ToArray();
        int itemSize = dtype switch
        {
            "<f8" or "<i8" => 8,
            "<f4" or "<i4" => 4,
            _ when dtype.StartsWith("|S", StringComparison.Ordinal) && int.TryParse(dtype.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 4096 => n,
            _ => throw Bad(path, $"at byte {headerStart}: dtype '{dtype}' is not one this reader takes (<f8, <i8, <f4, <i4, |Sn)"),
        };
        long count = shape.Aggregate(1L, (a, x) => a * x);
        long expected = count * itemSize, have = b.Length - headerStart - headerLength;
        if (expected != have)
        {
            throw Bad(path, $"at byte {headerStart + headerLength}: shape ({shapeText}) of {dtype} needs {expected} bytes of data, the file has {have}");
        }
        byte[] data = b.AsSpan(headerStart + headerLength).ToArray();
        if (fortran && shape.Length > 2)
        {
            throw Bad(path, $"at byte {headerStart}: Fortran-order arrays of {shape.Length} dimensions are not supported");
        }
        return new NpyArray(path, dtype, shape, data, itemSize, fortran);
    }

    private static string Field(string path, string header, string key)
    {
        int at = header.IndexOf($"'{key}':", StringComparison.Ordinal);
        if (at < 0)
        {
            throw Bad(path, $"at byte 10: the header has no '{key}'");
        }
        int start = at + key.Length + 3;
        while (start < header.Length && header[start] == ' ')
        {
            start++;
        }
        int end;
        if (start < header.Length && header[start] == '\'')
        {
            end = header.IndexOf('\'', start + 1);
            return end < 0 ? throw Bad(path, $"at byte 10: '{key}' is not closed") : header[(start + 1)..end];
        }
        if (start < header.Length && header[start] == '(')
        {
            end = header.IndexOf(')', start);
            return end < 0 ? throw Bad(path, $"at byte 10: '{key}' is not closed") : header[start..(end + 1)];
        }
        end = header.IndexOfAny([',', '}'], start);
        return end < 0 ? throw Bad(path, $"at byte 10: '{key}' is not closed") : header[start..end].Trim();
    }

    private static InputException Bad(string path, string message) => new(new SourceLocation(path, 0, 0), message);
}
