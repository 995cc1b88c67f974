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
        var lamps = new List<StreetLamp>();
        var signals = new List<RoadSignal>();
        var signalReferences = new List<RoadSignalReference>();
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
                case "objects":
                    ReadObjects(ctx, c, id, scope, lamps);
                    break;
                case "signals":
                    SignalReader.ReadSignals(ctx, c, id, scope, signals, signalReferences);
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
            return new Road(id, line, sections, offset, null, pred, succ, ctx.OptionalString(e, "name"), elev, junction, types, lamps)
            {
                LeftHandTraffic = TrafficRule(ctx, e, id),
                Signals = signals,
                SignalReferences = signalReferences,
            };
        }
        catch (ArgumentException ex)
        {
            ctx.Error(e, PlanViewReader.FirstLine(ex.Message));
            return null;
        }
    }

    /// <summary>OpenDRIVE 1.5's road <c>rule</c>: RHT (the default) or LHT.</summary>
    private static bool TrafficRule(XodrContext ctx, XElement e, string id)
    {
        string? rule = ctx.OptionalString(e, "rule")?.Trim();
        if (rule is null or "RHT")
        {
            return false;
        }
        if (rule == "LHT")
        {
            return true;
        }
        ctx.Warn(e, $"road '{id}': rule '{rule}' is neither RHT nor LHT; right-hand traffic is assumed");
        return false;
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

    /// <summary>Street lamps (<c>type="streetLamp"</c>, single or with <c>&lt;repeat&gt;</c>); other objects are reported once and skipped.</summary>
    private static void ReadObjects(XodrContext ctx, XElement objects, string id, string scope, List<StreetLamp> lamps)
    {
        foreach (XElement o in objects.Elements())
        {
            if (o.Name.LocalName != "object")
            {
                ctx.Unsupported(o, scope, $"road '{id}' objects");
                continue;
            }
            string type = ctx.OptionalString(o, "type") ?? "none";
            if (!string.Equals(type, "streetLamp", StringComparison.OrdinalIgnoreCase))
            {
                ctx.WarnOnce(o, scope + "\u0000object:" + type, $"road '{id}': objects of type '{type}' are not supported and are ignored (reported once per road)");
                continue;
            }
            double s = ctx.RequiredDouble(o, "s"), t = ctx.RequiredDouble(o, "t");
            double top = ctx.OptionalDouble(o, "zOffset", 0) + ctx.OptionalDouble(o, "height", DefaultLampHeight);
            XElement? repeat = o.Element(o.Name.Namespace + "repeat");
            if (repeat is null)
            {
                AddLamp(ctx, o, lamps, s, t, top);
                continue;
            }
            double rs = ctx.RequiredDouble(repeat, "s"), length = ctx.RequiredDouble(repeat, "length"), distance = ctx.RequiredDouble(repeat, "distance");
            if (!(distance > 0) || !(length >= 0))
            {
                ctx.Warn(repeat, $"road '{id}': a street lamp <repeat> needs distance > 0 and length >= 0 (got distance {distance}, length {length}); it is ignored");
                continue;
            }
            double t0 = ctx.OptionalDouble(repeat, "tStart", t), t1 = ctx.OptionalDouble(repeat, "tEnd", t0);
            double h0 = ctx.OptionalDouble(repeat, "zOffsetStart", ctx.OptionalDouble(o, "zOffset", 0)) + ctx.OptionalDouble(repeat, "heightStart", ctx.OptionalDouble(o, "height", DefaultLampHeight));
            double h1 = ctx.OptionalDouble(repeat, "zOffsetEnd", ctx.OptionalDouble(o, "zOffset", 0)) + ctx.OptionalDouble(repeat, "heightEnd", ctx.OptionalDouble(o, "height", DefaultLampHeight));
            int count = (int)Math.Floor(length / distance + 1e-9) + 1;
            for (int k = 0; k < count; k++)
            {
                double f = length > 0 ? k * distance / length : 0;
                AddLamp(ctx, repeat, lamps, rs + k * distance, t0 + (t1 - t0) * f, h0 + (h1 - h0) * f);
            }
        }
    }

    /// <summary>Head height used when a street lamp gives none (m): a typical road lighting column.</summary>
    private const double DefaultLampHeight = 8;

    private static void AddLamp(XodrContext ctx, XElement where, List<StreetLamp> lamps, double s, double t, double height)
    {
        if (height > 0 && double.IsFinite(height) && s >= 0 && double.IsFinite(t))
        {
            lamps.Add(new StreetLamp(s, t, height));
        }
        else
        {
            ctx.Error(where, $"street lamp at s={s}, t={t} must have s >= 0 and its head above the road (zOffset + height = {height})");
        }
    }
}
