using System.Xml.Linq;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>
/// Reads a road's <c>&lt;lanes&gt;</c>: laneOffset records and lane sections with their lanes.
/// </summary>
/// <remarks>
/// Lane <c>border</c> records (used where a lane has no <c>width</c>) are converted to the
/// equivalent width: border minus the inner lanes' summed widths, as an exact piecewise cubic.
/// A border is read as the lateral position of the lane's outer edge measured from the centre
/// lane (t minus the lane offset); right-lane borders may be written negative (t) or positive
/// (distance): a negative first value marks the former. With no lane offset both readings agree
/// with the reference-line reading. Where a lane has both, width wins, as the standard says.
/// </remarks>
internal static class LanesReader
{
    public static (PiecewiseCubic? Offset, List<LaneSection>? Sections) Read(XodrContext ctx, XElement road, string roadId)
    {
        string scope = "road:" + roadId;
        XElement? lanes = road.Element("lanes");
        if (lanes is null)
        {
            ctx.Error(road, $"road '{roadId}' has no <lanes>");
            return (null, null);
        }
        int before = ctx.ErrorCount;
        var offsets = new List<(double, CubicPolynomial)>();
        var sections = new List<LaneSection>();
        foreach (XElement child in lanes.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "laneOffset":
                    offsets.Add((ctx.RequiredDouble(child, "s"), Cubic(ctx, child)));
                    break;
                case "laneSection":
                    if (ReadSection(ctx, child, roadId) is LaneSection sec)
                    {
                        sections.Add(sec);
                    }
                    break;
                default:
                    ctx.Unsupported(child, scope, $"road '{roadId}' lanes");
                    break;
            }
        }
        if (sections.Count == 0 && ctx.ErrorCount == before)
        {
            ctx.Error(lanes, $"road '{roadId}': <lanes> has no <laneSection>");
        }
        if (ctx.ErrorCount > before)
        {
            return (null, null);
        }
        PiecewiseCubic? offset = offsets.Count == 0 ? null : Piecewise(ctx, lanes, offsets, $"road '{roadId}' laneOffset");
        return (offset, offset is null && offsets.Count > 0 ? null : sections);
    }

    internal static CubicPolynomial Cubic(XodrContext ctx, XElement e) => new(
        ctx.RequiredDouble(e, "a"), ctx.RequiredDouble(e, "b"), ctx.RequiredDouble(e, "c"), ctx.RequiredDouble(e, "d"));

    internal static PiecewiseCubic? Piecewise(XodrContext ctx, XElement where, List<(double, CubicPolynomial)> records, string what)
    {
        for (int i = 1; i < records.Count; i++)
        {
            if (records[i].Item1 < records[i - 1].Item1)
            {
                // The standard asks for ascending order; a stable sort keeps the intent of files that don't.
                ctx.Warn(where, $"{what}: records are not in ascending order of s; they are sorted");
                records = [.. records.OrderBy(r => r.Item1)];
                break;
            }
        }
        try
        {
            return new PiecewiseCubic(records);
        }
        catch (ArgumentException ex)
        {
            ctx.Error(where, $"{what}: {PlanViewReader.FirstLine(ex.Message)}");
            return null;
        }
    }

    private static LaneSection? ReadSection(XodrContext ctx, XElement sec, string roadId)
    {
        string scope = "road:" + roadId;
        int before = ctx.ErrorCount;
        double s = ctx.RequiredDouble(sec, "s");
        var left = new List<(Lane? Lane, XElement Element, bool HasBorder)>();
        var right = new List<(Lane? Lane, XElement Element, bool HasBorder)>();
        var leftBorders = new Dictionary<int, PiecewiseCubic>();
        var rightBorders = new Dictionary<int, PiecewiseCubic>();
        IReadOnlyList<RoadMark>? centerMarks = null;
        foreach (XElement side in sec.Elements())
        {
            string name = side.Name.LocalName;
            if (name is not ("left" or "right" or "center"))
            {
                ctx.Unsupported(side, scope, $"road '{roadId}' laneSection");
                continue;
            }
            foreach (XElement laneEl in side.Elements())
            {
                if (laneEl.Name.LocalName != "lane")
                {
                    ctx.Unsupported(laneEl, scope, $"road '{roadId}' laneSection {name}");
                    continue;
                }
                int id = ctx.RequiredInt(laneEl, "id");
                if (name == "center")
                {
                    if (id != 0)
                    {
                        ctx.Error(laneEl, $"road '{roadId}': the centre lane must have id 0, found {id}");
                    }
                    centerMarks = ReadMarks(ctx, laneEl, roadId);
                    foreach (XElement c in laneEl.Elements())
                    {
                        if (c.Name.LocalName is not ("roadMark" or "link" or "width" or "border"))
                        {
                            ctx.Unsupported(c, scope, $"road '{roadId}' lane");
                        }
                    }
                    continue;
                }
                if (name == "left" ? id <= 0 : id >= 0)
                {
                    ctx.Error(laneEl, $"road '{roadId}': a {name} lane needs a {(name == "left" ? "positive" : "negative")} id, found {id}");
                    continue;
                }
                (Lane? lane, PiecewiseCubic? border) = ReadLane(ctx, laneEl, roadId, id);
                (name == "left" ? left : right).Add((lane, laneEl, border is not null));
                if (border is not null)
                {
                    (name == "left" ? leftBorders : rightBorders)[id] = border;
                }
            }
        }
        List<Lane>? l = Order(ctx, sec, left, leftBorders, roadId, +1);
        List<Lane>? r = Order(ctx, sec, right, rightBorders, roadId, -1);
        if (ctx.ErrorCount > before || l is null || r is null)
        {
            return null;
        }
        if (sec.Attribute("singleSide")?.Value == "true")
        {
            ctx.WarnOnce(sec, scope + "\u0000singleSide", $"road '{roadId}': laneSection singleSide is ignored (both sides are read as given)");
        }
        return new LaneSection(s, l, r, null, centerMarks);
    }

    // Sorts one side's lanes from the centre outwards, checks ids are 1, 2, ... without gaps, and
    // turns border records into widths (needs the inner lanes' widths first, hence here).
    private static List<Lane>? Order(
        XodrContext ctx, XElement sec, List<(Lane? Lane, XElement Element, bool HasBorder)> lanes,
        Dictionary<int, PiecewiseCubic> borders, string roadId, int sign)
    {
        if (lanes.Any(x => x.Lane is null))
        {
            return null;
        }
        lanes.Sort((a, b) => Math.Abs((long)a.Lane!.Id).CompareTo(Math.Abs((long)b.Lane!.Id)));
        var result = new List<Lane>(lanes.Count);
        PiecewiseCubic inner = new([]);
        for (int i = 0; i < lanes.Count; i++)
        {
            Lane lane = lanes[i].Lane!;
            if (lane.Id != sign * (i + 1))
            {
                ctx.Error(lanes[i].Element, $"road '{roadId}': {(sign > 0 ? "left" : "right")} lane ids must run {sign}, {2 * sign}, ... without gaps or repeats; found {lane.Id} where {sign * (i + 1)} was expected");
                return null;
            }
            if (borders.TryGetValue(lane.Id, out PiecewiseCubic? border))
            {
                IReadOnlyList<(double Start, CubicPolynomial Poly)> recs = border.Records;
                if (sign < 0 && recs.Count > 0 && recs[0].Poly.A < 0)
                {
                    border = CubicAlgebra.Scale(border, -1);
                }
                PiecewiseCubic width = CubicAlgebra.Combine(border, inner, -1);
                lane = new Lane(lane.Id, lane.Type, width, lane.SpeedLimit, lane.Predecessor, lane.Successor, lane.SpeedRecords, lane.RoadMarks, lane.Level);
            }
            inner = CubicAlgebra.Combine(inner, lane.Width, +1);
            result.Add(lane);
        }
        return result;
    }

    private static (Lane? Lane, PiecewiseCubic? Border) ReadLane(XodrContext ctx, XElement e, string roadId, int id)
    {
        string scope = "road:" + roadId;
        int before = ctx.ErrorCount;
        string typeText = ctx.OptionalString(e, "type") ?? "none";
        LaneType type = LaneTypes.Parse(ctx, e, typeText, roadId);
        bool level = ctx.OptionalString(e, "level")?.Trim() is "true" or "1";
        var widths = new List<(double, CubicPolynomial)>();
        var borders = new List<(double, CubicPolynomial)>();
        var speeds = new List<SpeedRecord>();
        int? pred = null, succ = null;
        foreach (XElement c in e.Elements())
        {
            switch (c.Name.LocalName)
            {
                case "width":
                    widths.Add((ctx.RequiredDouble(c, "sOffset"), Cubic(ctx, c)));
                    break;
                case "border":
                    borders.Add((ctx.RequiredDouble(c, "sOffset"), Cubic(ctx, c)));
                    break;
                case "speed":
                    double off = ctx.RequiredDouble(c, "sOffset");
                    double? max = SpeedUnits.Read(ctx, c, out bool ok);
                    if (ok)
                    {
                        speeds.Add(new SpeedRecord(off, max));
                    }
                    break;
                case "link":
                    foreach (XElement l in c.Elements())
                    {
                        if (l.Name.LocalName == "predecessor")
                        {
                            pred ??= ctx.RequiredInt(l, "id");
                        }
                        else if (l.Name.LocalName == "successor")
                        {
                            succ ??= ctx.RequiredInt(l, "id");
                        }
                        else
                        {
                            ctx.Unsupported(l, scope, $"road '{roadId}' lane link");
                        }
                    }
                    break;
                case "roadMark":
                    break;
                default:
                    ctx.Unsupported(c, scope, $"road '{roadId}' lane");
                    break;
            }
        }
        IReadOnlyList<RoadMark> marks = ReadMarks(ctx, e, roadId);
        if (widths.Count > 0 && borders.Count > 0)
        {
            ctx.WarnOnce(e, scope + "\u0000widthAndBorder", $"road '{roadId}' lane {id}: has both <width> and <border>; <width> is used, as the standard says");
            borders.Clear();
        }
        if (widths.Count == 0 && borders.Count == 0)
        {
            ctx.Warn(e, $"road '{roadId}' lane {id}: no <width> or <border>; the lane has zero width");
        }
        if (ctx.ErrorCount > before)
        {
            return (null, null);
        }
        PiecewiseCubic? width = Piecewise(ctx, e, widths, $"road '{roadId}' lane {id} width");
        PiecewiseCubic? border = borders.Count > 0 ? Piecewise(ctx, e, borders, $"road '{roadId}' lane {id} border") : null;
        if (width is null || (borders.Count > 0 && border is null))
        {
            return (null, null);
        }
        speeds.Sort((a, b) => a.Start.CompareTo(b.Start));
        double? limit = speeds.Count > 0 ? speeds[0].Max : null;
        var lane = new Lane(id, type, width, limit, pred, succ, speeds.Count > 1 ? speeds : null, marks, level);
        return (lane, border);
    }

    private static IReadOnlyList<RoadMark> ReadMarks(XodrContext ctx, XElement lane, string roadId)
    {
        List<RoadMark>? marks = null;
        foreach (XElement m in lane.Elements("roadMark"))
        {
            int before = ctx.ErrorCount;
            double s = ctx.RequiredDouble(m, "sOffset");
            string type = ctx.OptionalString(m, "type") ?? "none";
            double? width = ctx.OptionalDouble(m, "width");
            if (ctx.ErrorCount > before)
            {
                continue;
            }
            (marks ??= []).Add(new RoadMark(s, type, ctx.OptionalString(m, "weight"), ctx.OptionalString(m, "color"), width, ctx.OptionalString(m, "laneChange")));
            foreach (XElement detail in m.Elements())
            {
                // The <type>/<line>, <explicit> and <sway> detail is not kept; the keyword is.
                ctx.Unsupported(detail, "road:" + roadId + "\u0000roadMark", $"road '{roadId}' roadMark detail");
            }
        }
        if (marks is null)
        {
            return [];
        }
        marks.Sort((a, b) => a.SOffset.CompareTo(b.SOffset));
        return marks;
    }
}
