using System.Xml;
using System.Xml.Linq;

namespace SimCore.Diagnostics;

/// <summary>
/// Reads an input file (scenario, road, rig, DBC, spec, model, capture, recording) with the bounds
/// every input gets: a size cap checked before anything is allocated, a device, pipe or socket
/// refused before it is opened, a directory, a missing file or a symbolic-link loop said as such, and XML nested at most
/// <see cref="MaxDepth"/> deep. Each failure is an <see cref="InputException"/> naming the file.
/// </summary>
public static class InputFiles
{
    /// <summary>The largest text input (64 MiB): far above any real scenario, road network or DBC.</summary>
    public const long MaxTextBytes = 64L << 20;

    /// <summary>
    /// How deep a YAML or XML document may nest (mappings, lists, elements). Real files stay under
    /// 20; the readers are recursive, so an unbounded depth would overflow the stack.
    /// </summary>
    public const int MaxDepth = 200;

    /// <summary>
    /// The most nodes (elements, attributes, text) an XML document may hold. A loaded node costs
    /// about 150 bytes, so 64 MiB of empty elements would need 2.5 GB; real OpenDRIVE holds one node
    /// per 28 bytes or so, which puts a 64 MiB map near 2.4 million.
    /// </summary>
    public const long MaxXmlNodes = 4_000_000;

    /// <summary>The text of <paramref name="path"/>, a <paramref name="what"/> (named in errors).</summary>
    /// <exception cref="InputException">Missing, a directory, unreadable or larger than <paramref name="maxBytes"/>.</exception>
    public static string ReadText(string path, string what, long maxBytes = MaxTextBytes)
        => Decode(ReadBytes(path, what, maxBytes));

    /// <summary>Text from a file's bytes: UTF-8 unless a byte order mark says otherwise (the mark is dropped).</summary>
    internal static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFE, 0xFF) or (0xFF, 0xFE))
        {
            // A UTF-16 or UTF-32 byte order mark: let the reader that knows them decode.
            using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        int bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return System.Text.Encoding.UTF8.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>The bytes of <paramref name="path"/>, a <paramref name="what"/> (named in errors).</summary>
    /// <exception cref="InputException">Missing, a directory, not a regular file, unreadable or larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadBytes(string path, string what, long maxBytes)
    {
        var where = new SourceLocation(path, 0, 0);
        using FileStream f = OpenRead(path, what, 1);
        try
        {
            long length = f.Length;
            if (length > maxBytes)
            {
                throw TooLarge(where, what, maxBytes);
            }
            // A regular file of length 0 may still have content (/proc): read it only up to a text file's cap.
            if (length == 0)
            {
                maxBytes = Math.Min(maxBytes, MaxTextBytes);
            }
            if (length > 0)
            {
                // The usual case: read the file straight into its array (no copy), and take it if it did not grow meanwhile.
                byte[] whole = new byte[length];
                f.ReadExactly(whole);
                if (f.ReadByte() < 0)
                {
                    return whole;
                }
                f.Position = 0;
            }
            var buffer = new MemoryStream(length > 0 ? (int)length : 1 << 16);
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = f.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                {
                    throw TooLarge(where, what, maxBytes);
                }
                buffer.Write(chunk, 0, n);
            }
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(where, $"cannot read the {what} file: {e.Message}");
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/>, a <paramref name="what"/> (named in errors), for reading: the one
    /// place every input file is opened. Only a regular file is opened: a named pipe would block the
    /// open until some writer came and a device may never end, so either is refused before opening.
    /// </summary>
    /// <exception cref="InputException">Empty, missing, a directory, not a regular file, or unreadable.</exception>
    public static FileStream OpenRead(string path, string what, int bufferSize = 1 << 16)
    {
        var where = new SourceLocation(path, 0, 0);
        if (path.Length == 0)
        {
            throw new InputException(where, $"the {what} path is empty");
        }
        if (Directory.Exists(path))
        {
            throw new InputException(where, $"is a directory, not a {what} file");
        }
        if (FileKind.Special(path) is { } kind)
        {
            throw new InputException(where, $"is {kind}, not a regular {what} file");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new InputException(where, $"{what} file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InputException(where, $"{what} file not found (no such directory)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A symbolic-link loop ("Too many levels of symbolic links"), a permission, an I/O error.
            throw new InputException(where, $"cannot read the {what} file: {e.Message}");
        }
    }

    /// <summary>
    /// Parses XML <paramref name="text"/> of <paramref name="file"/> with line information; DTDs
    /// are refused (no entity expansion), nesting is bounded by <see cref="MaxDepth"/> and size by <see cref="MaxXmlNodes"/>.
    /// </summary>
    /// <exception cref="XmlException">Not well-formed XML, nested too deep or too large (with its line).</exception>
    public static XDocument ParseXml(string text, string file)
        => Load(OpenXml(text, file));

    /// <summary>
    /// Parses the XML file <paramref name="path"/>, a <paramref name="what"/> (named in errors), as
    /// <see cref="ParseXml(string, string)"/> does; its bytes are decoded as its declaration or byte
    /// order mark says (UTF-8 when neither), so an undecodable byte is an error at its line.
    /// </summary>
    /// <exception cref="InputException">Missing, a directory, unreadable or larger than <see cref="MaxTextBytes"/>.</exception>
    /// <exception cref="XmlException">Not well-formed XML, nested too deep or too large (with its line).</exception>
    public static XDocument ReadXml(string path, string what)
        => Load(OpenXml(ReadBytes(path, what, MaxTextBytes), path));

    /// <summary>
    /// A reader over XML <paramref name="bytes"/> of <paramref name="file"/> with the bounds of
    /// <see cref="ParseXml(string, string)"/>, for a caller that streams past what it does not need.
    /// </summary>
    /// <exception cref="XmlException">A document too large to pass the node bound (its line).</exception>
    internal static XmlReader OpenXml(byte[] bytes, string file)
        => OpenBounded(() => XmlReader.Create(new MemoryStream(bytes, writable: false), XmlSettings(), file), bytes.Length);

    /// <inheritdoc cref="OpenXml(byte[], string)"/>
    internal static XmlReader OpenXml(string text, string file)
        => OpenBounded(() => XmlReader.Create(new StringReader(text), XmlSettings(), file), text.Length);

    private static XDocument Load(XmlReader bounded)
    {
        using (bounded)
        {
            return XDocument.Load(bounded, LoadOptions.SetLineInfo);
        }
    }

    /// <summary>
    /// Depth and node count are checked as the nodes stream by, so nothing recursive ever sees a
    /// deeper document. A node takes at least 2.5 characters (&lt;a/&gt;x), so a text shorter
    /// than twice <see cref="MaxXmlNodes"/> cannot pass that bound; a longer one is scanned first,
    /// so that one past it is refused before any tree is built.
    /// </summary>
    private static BoundedXmlReader OpenBounded(Func<XmlReader> open, long length)
    {
        if (length > 2 * MaxXmlNodes)
        {
            using var scan = new BoundedXmlReader(open(), MaxDepth, MaxXmlNodes);
            while (scan.Read())
            {
            }
        }
        return new BoundedXmlReader(open(), MaxDepth, MaxXmlNodes);
    }

    // XDocument.Load keeps whatever the reader reports: without the Ignore* settings the
    // indentation alone became a text node between every two elements.
    private static XmlReaderSettings XmlSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxTextBytes,
        IgnoreWhitespace = true, IgnoreComments = true, IgnoreProcessingInstructions = true,
    };

    private static InputException TooLarge(SourceLocation where, string what, long maxBytes)
        => new(where, $"larger than {maxBytes >> 20} MiB: not a {what} file this simulator reads (a device, or the wrong file?)");
}
