using System.Xml.Linq;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>Reads a road's <c>&lt;planView&gt;</c>: one geometry segment per <c>&lt;geometry&gt;</c>.</summary>
internal static class PlanViewReader
{
    public static ReferenceLine? Read(XodrContext ctx, XElement road, string roadId)
    {
        XElement? planView = road.Element("planView");
        if (planView is null)
        {
            ctx.Error(road, $"road '{roadId}' has no <planView>");
            return null;
        }
        var segments = new List<GeometrySegment>();
        bool ok = true;
        foreach (XElement child in planView.Elements())
        {
            if (child.Name.LocalName != "geometry")
            {
                ctx.Unsupported(child, "road:" + roadId, $"road '{roadId}' planView");
                continue;
            }
            GeometrySegment? seg = ReadGeometry(ctx, child, roadId);
            if (seg is null)
            {
                ok = false;
            }
            else
            {
                segments.Add(seg);
            }
        }
        if (!ok)
        {
            return null;
        }
        if (segments.Count == 0)
        {
            ctx.Error(planView, $"road '{roadId}': <planView> has no <geometry>");
            return null;
        }
        try
        {
            return new ReferenceLine(segments);
        }
        catch (ArgumentException ex)
        {
            ctx.Error(planView, $"road '{roadId}': {FirstLine(ex.Message)}");
            return null;
        }
    }

    private static GeometrySegment? ReadGeometry(XodrContext ctx, XElement g, string roadId)
    {
        int before = ctx.ErrorCount;
        double s = ctx.RequiredDouble(g, "s");
        double x = ctx.RequiredDouble(g, "x");
        double y = ctx.RequiredDouble(g, "y");
        double hdg = ctx.RequiredDouble(g, "hdg");
        double length = ctx.RequiredDouble(g, "length");
        XElement? kind = null;
        foreach (XElement child in g.Elements())
        {
            if (child.Name.LocalName is "line" or "arc" or "spiral" or "poly3" or "paramPoly3")
            {
                if (kind is not null)
                {
                    ctx.Error(child, $"road '{roadId}': <geometry> has more than one shape (<{kind.Name.LocalName}> and <{child.Name.LocalName}>)");
                }
                kind ??= child;
            }
            else
            {
                ctx.Unsupported(child, "road:" + roadId, $"road '{roadId}' geometry");
            }
        }
        if (kind is null)
        {
            ctx.Error(g, $"road '{roadId}': <geometry> needs one of <line>, <arc>, <spiral>, <poly3>, <paramPoly3>");
            return null;
        }
        if (ctx.ErrorCount == before && length < 0)
        {
            ctx.Error(g, $"road '{roadId}': geometry length must be >= 0, found {length}");
        }
        GeometrySegment? seg = null;
        try
        {
            switch (kind.Name.LocalName)
            {
                case "line":
                    if (ctx.ErrorCount == before)
                    {
                        seg = new LineSegment(s, x, y, hdg, length);
                    }
                    break;
                case "arc":
                    double k = ctx.RequiredDouble(kind, "curvature");
                    if (ctx.ErrorCount == before)
                    {
                        seg = new ArcSegment(s, x, y, hdg, length, k);
                    }
                    break;
                case "spiral":
                    double k0 = ctx.RequiredDouble(kind, "curvStart");
                    double k1 = ctx.RequiredDouble(kind, "curvEnd");
                    if (ctx.ErrorCount == before)
                    {
                        seg = new SpiralSegment(s, x, y, hdg, length, k0, k1);
                    }
                    break;
                case "poly3":
                    double a = ctx.RequiredDouble(kind, "a"), b = ctx.RequiredDouble(kind, "b");
                    double c = ctx.RequiredDouble(kind, "c"), d = ctx.RequiredDouble(kind, "d");
                    if (ctx.ErrorCount == before)
                    {
                        seg = new Poly3Segment(s, x, y, hdg, length, a, b, c, d);
                    }
                    break;
                default:
                    seg = ReadParamPoly3(ctx, kind, roadId, before, s, x, y, hdg, length);
                    break;
            }
        }
        catch (ArgumentException ex)
        {
            // A value the geometry cannot take (|curvature| over the bound, a spiral too long to sample): located, not thrown.
            ctx.Error(kind, $"road '{roadId}': {FirstLine(ex.Message)}");
            return null;
        }
        return ctx.ErrorCount == before ? seg : null;
    }

    private static ParamPoly3Segment? ReadParamPoly3(XodrContext ctx, XElement p, string roadId, int before, double s, double x, double y, double hdg, double length)
    {
        double aU = ctx.RequiredDouble(p, "aU"), bU = ctx.RequiredDouble(p, "bU"), cU = ctx.RequiredDouble(p, "cU"), dU = ctx.RequiredDouble(p, "dU");
        double aV = ctx.RequiredDouble(p, "aV"), bV = ctx.RequiredDouble(p, "bV"), cV = ctx.RequiredDouble(p, "cV"), dV = ctx.RequiredDouble(p, "dV");
        // pRange absent: normalized, as the 1.4 standard's default and esmini read it.
        string range = ctx.OptionalString(p, "pRange")?.Trim() ?? "normalized";
        ParamPolyRange pr;
        if (range == "arcLength")
        {
            pr = ParamPolyRange.ArcLength;
        }
        else if (range == "normalized")
        {
            pr = ParamPolyRange.Normalized;
        }
        else
        {
            ctx.Error(p, $"road '{roadId}': paramPoly3 pRange must be 'arcLength' or 'normalized', found '{range}'");
            return null;
        }
        if (ctx.ErrorCount > before)
        {
            return null;
        }
        return new ParamPoly3Segment(s, x, y, hdg, length, aU, bU, cU, dU, aV, bV, cV, dV, pr);
    }

    internal static string FirstLine(string message)
    {
        // ArgumentException appends " (Parameter 'x')"; users need only the sentence.
        int i = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i >= 0 ? message[..i] : message;
    }
}
