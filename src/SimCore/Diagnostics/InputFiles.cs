using System.Xml;
using System.Xml.Linq;

namespace SimCore.Diagnostics;

/// <summary>
/// Reads an input file (scenario, road, rig, DBC, spec, model) with the bounds every input gets:
/// a size cap checked before anything is allocated, a device or pipe read only up to that cap, a
/// directory, a missing file or a symbolic-link loop said as such, and XML nested at most
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

    /// <summary>The text of <paramref name="path"/>, a <paramref name="what"/> (named in errors).</summary>
    /// <exception cref="InputException">Missing, a directory, unreadable or larger than <paramref name="maxBytes"/>.</exception>
    public static string ReadText(string path, string what, long maxBytes = MaxTextBytes)
    {
        byte[] bytes = ReadBytes(path, what, maxBytes);
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The bytes of <paramref name="path"/>, a <paramref name="what"/> (named in errors).</summary>
    /// <exception cref="InputException">Missing, a directory, unreadable or larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadBytes(string path, string what, long maxBytes)
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
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            long length = f.Length;
            if (length > maxBytes)
            {
                throw TooLarge(where, what, maxBytes);
            }
            // A device or pipe reports length 0 and may never end (/dev/zero): read it only up to a text file's cap.
            if (length == 0)
            {
                maxBytes = Math.Min(maxBytes, MaxTextBytes);
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
    /// are refused (no entity expansion) and nesting is bounded by <see cref="MaxDepth"/>.
    /// </summary>
    /// <exception cref="XmlException">Not well-formed XML, or nested too deep (with its line).</exception>
    public static XDocument ParseXml(string text, string file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxTextBytes };
        XDocument doc;
        using (XmlReader reader = XmlReader.Create(new StringReader(text), settings, file))
        {
            // XDocument.Load builds the tree without recursion; the depth is checked on the tree
            // before any reader of ours (some recursive) sees it. One parse, not a scan and a parse.
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        CheckDepth(doc);
        return doc;
    }

    /// <summary>Throws at the first element, in document order, nested <see cref="MaxDepth"/> or more deep (the root is depth 0).</summary>
    private static void CheckDepth(XDocument doc)
    {
        if (doc.Root is not { } root)
        {
            return;
        }
        var pending = new Stack<(XElement Element, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            (XElement e, int depth) = pending.Pop();
            if (depth >= MaxDepth)
            {
                var info = (IXmlLineInfo)e;
                throw new XmlException($"elements are nested more than {MaxDepth} deep", null, info.LineNumber, info.LinePosition);
            }
            // Children pushed last to first, so they are visited in document order.
            for (XNode? n = e.LastNode; n is not null; n = n.PreviousNode)
            {
                if (n is XElement child)
                {
                    pending.Push((child, depth + 1));
                }
            }
        }
    }

    private static InputException TooLarge(SourceLocation where, string what, long maxBytes)
        => new(where, $"larger than {maxBytes >> 20} MiB: not a {what} file this simulator reads (a device, or the wrong file?)");
}
