using SimCore.Mathematics;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// Reads a position: lane (road, lane, s, offset), road (road, s, t), world (x, y, heading) or
/// relative lane (relative_to, lane, ds, offset). Headings in positions are in radians.
/// </summary>
internal static class PositionReader
{
    public static PositionSpec? Read(YamlContext ctx, YamlNode node, string what)
    {
        MapReader? m = ctx.Map(node, what);
        if (m is null)
        {
            return null;
        }
        var where = ctx.Where(node);
        PositionSpec? result;
        if (m.Has("relative_to"))
        {
            string? entity = m.String("relative_to");
            int lanes = m.Int("lane") ?? 0;
            double ds = m.Double("ds", 0);
            double offset = m.Double("offset", 0);
            result = entity is null ? null : new RelativeLanePositionSpec(where, entity, lanes, ds, offset);
        }
        else if (m.Has("x") || m.Has("y"))
        {
            double? x = m.RequiredDouble("x", what);
            double? y = m.RequiredDouble("y", what);
            double heading = m.Double("heading", 0);
            result = x is { } xx && y is { } yy ? new WorldPositionSpec(where, xx, yy, heading) : null;
        }
        else if (m.Has("t"))
        {
            string? road = m.RequiredString("road", what);
            double? s = m.RequiredDouble("s", what);
            double t = m.Double("t", 0);
            double heading = m.Double("heading", 0);
            result = road is not null && s is { } ss ? new RoadPositionSpec(where, road, ss, t, heading) : null;
        }
        else
        {
            string? road = m.RequiredString("road", $"{what} (a lane position: road, lane, s; or x, y; or relative_to)");
            int? lane = m.Get("lane") is { } ln ? ctx.Int(ln, "'lane'") : null;
            if (lane is null && !m.Has("lane"))
            {
                ctx.Error(node, $"{what} needs 'lane'");
            }
            double? s = m.RequiredDouble("s", what);
            double offset = m.Double("offset", 0);
            double heading = m.Double("heading", 0);
            if (lane == 0)
            {
                ctx.Error(m.Get("lane")!, "lane 0 is the centre line, not a lane: use a negative id (right of the reference line) or a positive one (left)");
                lane = null;
            }
            result = road is not null && lane is { } l && s is { } ss ? new LanePositionSpec(where, road, l, ss, offset, heading) : null;
        }
        m.Finish(what);
        return result;
    }

    public static List<Vec2> ReadPoints(YamlContext ctx, YamlNode node, string what, List<double>? times)
    {
        var points = new List<Vec2>();
        foreach (YamlNode p in ctx.Sequence(node, what))
        {
            if (p is YamlSequenceNode pair)
            {
                if (pair.Children.Count != 2)
                {
                    ctx.Error(p, "a point is [x, y]");
                    continue;
                }
                double? x = ctx.Double(pair.Children[0], "x");
                double? y = ctx.Double(pair.Children[1], "y");
                if (x is { } xx && y is { } yy)
                {
                    points.Add(new Vec2(xx, yy));
                }
                if (times is not null)
                {
                    ctx.Error(p, "give every point a time ({x, y, time}) or none");
                }
            }
            else if (ctx.Map(p, "a point") is { } m)
            {
                double? x = m.RequiredDouble("x", "a point");
                double? y = m.RequiredDouble("y", "a point");
                double? time = m.Double("time");
                m.Finish("point");
                if (x is { } xx && y is { } yy)
                {
                    points.Add(new Vec2(xx, yy));
                }
                if (times is not null && time is { } t)
                {
                    if (times.Count > 0 && t < times[^1])
                    {
                        ctx.Error(p, "point times must not decrease");
                    }
                    times.Add(t);
                }
                else if (times is not null || time is not null)
                {
                    ctx.Error(p, "give every point a time ({x, y, time}) or none");
                }
            }
        }
        if (points.Count < 2)
        {
            ctx.Error(node, $"{what} needs at least two points");
        }
        return points;
    }
}
