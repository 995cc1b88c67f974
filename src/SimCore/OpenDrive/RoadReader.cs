using System.Xml.Linq;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>Reads one <c>&lt;road&gt;</c>: links, types, plan view, elevation, lateral profile, lanes.</summary>
internal static class RoadReader
{
    public static Road? Read(XodrContext ctx, XElement e, string id, List<(XElement Element, RoadLink Link, string From)> pendingLinks)
    {
        string scope = "road:" + id;
        int before = ctx.ErrorCount;
        double length = ctx.RequiredDouble(e, "length");
        string? junction = ctx.OptionalString(e, "junction")?.Trim();
        if (junction is "-1" or "")
        {
            junction = null;
        }
        RoadLink? pred = null, succ = null;
        var types = new List<RoadTypeRecord>();
        var elevation = new List<(double, CubicPolynomial)>();
        XElement? elevationElement = null;
        foreach (XElement c in e.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "link":
                    foreach (XElement l in c.Elements())
                    {
                        if (l.Name.LocalName is "predecessor" or "successor")
                        {
                            RoadLink? link = ReadLink(ctx, l, id);
                            if (link is not null)
                            {
                                pendingLinks.Add((l, link, id));
                                if (l.Name.LocalName == "predecessor")
                                {
                                    pred = link;
                                }
                                else
                                {
                                    succ = link;
                                }
                            }
                        }
                        else
                        {
                            ctx.Unsupported(l, scope, $"road '{id}' link");
                        }
                    }
                    break;
                case "type":
                    if (ReadType(ctx, c) is RoadTypeRecord t)
                    {
                        types.Add(t);
                    }
                    break;
                case "elevationProfile":
                    elevationElement = c;
                    foreach (XElement el in c.Elements())
                    {
                        if (el.Name.LocalName == "elevation")
                        {
                            elevation.Add((ctx.RequiredDouble(el, "s"), LanesReader.Cubic(ctx, el)));
                        }
                        else
                        {
                            ctx.Unsupported(el, scope, $"road '{id}' elevationProfile");
                        }
                    }
                    break;
                case "lateralProfile":
                    // Superelevation, crossfall and shape tilt the surface; positions here stay on
                    // the reference plane, so they are reported and skipped.
                    foreach (XElement lp in c.Elements())
                    {
                        ctx.Unsupported(lp, scope, $"road '{id}' lateralProfile");
                    }
                    break;
                case "planView":
                case "lanes":
                    break;
                default:
                    if (c.HasElements || c.HasAttributes)
                    {
                        ctx.Unsupported(c, scope, $"road '{id}'");
                    }
                    break;
            }
        }
        ReferenceLine? line = PlanViewReader.Read(ctx, e, id);
        (PiecewiseCubic? offset, List<LaneSection>? sections) = LanesReader.Read(ctx, e, id);
        PiecewiseCubic? elev = elevation.Count == 0 ? null : LanesReader.Piecewise(ctx, elevationElement!, elevation, $"road '{id}' elevationProfile");
        types.Sort((a, b) => a.S.CompareTo(b.S));
        if (ctx.ErrorCount > before || line is null || sections is null)
        {
            return null;
        }
        if (Math.Abs(line.Length - length) > OpenDriveReader.LengthTolerance)
        {
            ctx.Warn(e, $"road '{id}': length attribute {length} differs from its geometries' total {line.Length:G10}; the geometries' total is used");
        }
        try
        {
            return new Road(id, line, sections, offset, null, pred, succ, ctx.OptionalString(e, "name"), elev, junction, types);
        }
        catch (ArgumentException ex)
        {
            ctx.Error(e, PlanViewReader.FirstLine(ex.Message));
            return null;
        }
    }

    private static RoadLink? ReadLink(XodrContext ctx, XElement l, string roadId)
    {
        int before = ctx.ErrorCount;
        string type = ctx.RequiredString(l, "elementType").Trim();
        string elementId = ctx.RequiredString(l, "elementId");
        if (ctx.ErrorCount > before)
        {
            return null;
        }
        if (type == "junction")
        {
            return new RoadLink(elementId, ContactPoint.Start, LinkElementType.Junction);
        }
        if (type != "road")
        {
            ctx.Warn(l, $"road '{roadId}': {l.Name.LocalName} of elementType '{type}' is not supported; the link is ignored");
            return null;
        }
        string? cp = ctx.OptionalString(l, "contactPoint")?.Trim();
        switch (cp)
        {
            case "start":
                return new RoadLink(elementId, ContactPoint.Start);
            case "end":
                return new RoadLink(elementId, ContactPoint.End);
            case null:
                ctx.Error(l, $"road '{roadId}': {l.Name.LocalName} to road '{elementId}' is missing required attribute 'contactPoint'");
                return null;
            default:
                ctx.Error(l, $"road '{roadId}': contactPoint must be 'start' or 'end', found '{cp}'");
                return null;
        }
    }

    private static RoadTypeRecord? ReadType(XodrContext ctx, XElement t)
    {
        int before = ctx.ErrorCount;
        double s = ctx.RequiredDouble(t, "s");
        string type = ctx.RequiredString(t, "type");
        double? limit = null;
        foreach (XElement c in t.Elements())
        {
            if (c.Name.LocalName == "speed")
            {
                limit = SpeedUnits.Read(ctx, c, out _);
            }
        }
        return ctx.ErrorCount > before ? null : new RoadTypeRecord(s, type, limit);
    }
}
