using System.Xml;
using System.Xml.Linq;
using SimCore.Diagnostics;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>
/// Reads ASAM OpenDRIVE 1.4 to 1.8 (.xodr) files into a <see cref="RoadNetwork"/>: header,
/// plan view, elevation, lane offset, lane sections (width or border), road marks, speed
/// records, road types, road links and junctions. Elements the simulator does not use (objects,
/// signals, superelevation, userData, ...) give one warning per element kind per road (or
/// junction, or file) naming the first line, never an error.
/// </summary>
/// <remarks>
/// Every problem found is collected before throwing one <see cref="InputException"/>, each error
/// with file, line and column, so a file is fixed in one pass.
/// </remarks>
internal static class OpenDriveReader
{
    private const double RoadLengthTolerance = 1e-2;

    /// <summary>Loads a file; warnings are appended to <paramref name="warnings"/>.</summary>
    /// <exception cref="InputException">The file is missing, not XML, or not valid OpenDRIVE.</exception>
    public static RoadNetwork Load(string path, List<InputError> warnings)
    {
        XDocument doc;
        try
        {
            doc = InputFiles.ReadXml(path, "OpenDRIVE road");
        }
        catch (XmlException ex)
        {
            throw NotXml(path, ex);
        }
        return Read(doc, path, warnings);
    }

    /// <summary>Parses OpenDRIVE text; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="InputException">The text is not XML or not valid OpenDRIVE.</exception>
    public static RoadNetwork Parse(string xml, string file, List<InputError> warnings)
    {
        XDocument doc;
        try
        {
            doc = InputFiles.ParseXml(xml, file);
        }
        catch (XmlException ex)
        {
            throw NotXml(file, ex);
        }
        return Read(doc, file, warnings);
    }

    private static InputException NotXml(string file, XmlException ex)
        => new(new SourceLocation(file, ex.LineNumber, ex.LinePosition), $"not well-formed XML: {ex.Message}");

    private static RoadNetwork Read(XDocument doc, string file, List<InputError> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var ctx = new XodrContext(file, warnings);
        XElement root = doc.Root!;
        if (root.Name.LocalName != "OpenDRIVE")
        {
            throw new InputException(ctx.At(root), $"the root element must be <OpenDRIVE>, found <{root.Name.LocalName}>");
        }
        RoadNetworkHeader? header = null;
        var roads = new List<Road>();
        var roadElements = new Dictionary<string, XElement>(StringComparer.Ordinal);
        var pendingLinks = new List<(XElement Element, RoadLink Link, string From)>();
        var junctionElements = new List<XElement>();
        var controllers = new List<RoadSignalController>();
        foreach (XElement e in root.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "header":
                    header = ReadHeader(ctx, e);
                    break;
                case "road":
                    string id = ctx.RequiredString(e, "id");
                    if (!roadElements.TryAdd(id, e))
                    {
                        ctx.Error(e, $"duplicate road id '{id}' (first at line {ctx.At(roadElements[id]).Line})");
                        break;
                    }
                    if (RoadReader.Read(ctx, e, id, pendingLinks) is Road road)
                    {
                        roads.Add(road);
                    }
                    break;
                case "junction":
                    junctionElements.Add(e);
                    break;
                case "controller":
                    if (SignalReader.Controller(ctx, e) is { } controller)
                    {
                        controllers.Add(controller);
                    }
                    break;
                default:
                    ctx.Unsupported(e, "", "OpenDRIVE");
                    break;
            }
        }
        if (header is null)
        {
            ctx.Warn(root, "no <header>; OpenDRIVE 1.4 is assumed");
        }

        var junctions = new List<Junction>();
        var junctionIds = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (XElement e in junctionElements)
        {
            if (JunctionReader.Read(ctx, e, roadElements) is Junction j)
            {
                if (!junctionIds.TryAdd(j.Id, e))
                {
                    ctx.Error(e, $"duplicate junction id '{j.Id}' (first at line {ctx.At(junctionIds[j.Id]).Line})");
                    continue;
                }
                junctions.Add(j);
            }
        }

        // Links are checked once every road and junction is known (links may point forward).
        foreach ((XElement e, RoadLink link, string from) in pendingLinks)
        {
            if (link.IsJunction ? !junctionIds.ContainsKey(link.ElementId) && !junctionElements.Any(j => j.Attribute("id")?.Value == link.ElementId)
                                : !roadElements.ContainsKey(link.ElementId))
            {
                ctx.Error(e, $"road '{from}': {e.Name.LocalName} links to unknown {(link.IsJunction ? "junction" : "road")} '{link.ElementId}'");
            }
        }

        if (ctx.Errors.Count > 0)
        {
            throw new InputException(ctx.Errors);
        }
        CheckSignals(ctx);
        if (ctx.Errors.Count > 0)
        {
            throw new InputException(ctx.Errors);
        }
        return new RoadNetwork(roads, junctions, header) { SignalControllers = controllers };
    }

    /// <summary>Signal references and controllers name signals of the file (an unknown one is a warning and ignored).</summary>
    private static void CheckSignals(XodrContext ctx)
    {
        foreach ((XElement where, string id) in ctx.PendingSignalRefs)
        {
            if (!ctx.Signals.ContainsKey(id))
            {
                ctx.Warn(where, $"<{where.Name.LocalName}> names unknown signal '{id}'; it is ignored");
            }
        }
    }

    private static RoadNetworkHeader ReadHeader(XodrContext ctx, XElement h)
    {
        int major = ctx.OptionalInt(h, "revMajor") ?? 1;
        int minor = ctx.OptionalInt(h, "revMinor") ?? 4;
        if (major != 1)
        {
            ctx.Error(h, $"OpenDRIVE revMajor {major} is not supported (only 1.x)");
        }
        else if (minor < 4 || minor > 8)
        {
            ctx.Warn(h, $"OpenDRIVE 1.{minor} is outside the supported 1.4-1.8; reading it as the nearest supported version");
        }
        string? geo = null;
        GeoOffset? offset = null;
        foreach (XElement c in h.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "geoReference":
                    geo = c.Value.Trim();
                    break;
                case "offset":
                    offset = new GeoOffset(
                        ctx.OptionalDouble(c, "x", 0), ctx.OptionalDouble(c, "y", 0),
                        ctx.OptionalDouble(c, "z", 0), ctx.OptionalDouble(c, "hdg", 0));
                    break;
                default:
                    ctx.Unsupported(c, "", "header");
                    break;
            }
        }
        return new RoadNetworkHeader(
            major, minor,
            ctx.OptionalString(h, "name"), ctx.OptionalString(h, "version"),
            ctx.OptionalDouble(h, "north", 0), ctx.OptionalDouble(h, "south", 0),
            ctx.OptionalDouble(h, "east", 0), ctx.OptionalDouble(h, "west", 0),
            geo, offset);
    }

    internal static double LengthTolerance => RoadLengthTolerance;
}
