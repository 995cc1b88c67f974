using SimCore.Mathematics;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// Reads a position: lane (road, lane, s, offset), road (road, s, t), world (x, y, heading) or
/// relative lane (relative_to, lane, ds, offset). Headings in positions are in radians.
/// </summary>
internal static class PositionReader
{
    private static readonly YamlKey Heading = Y.Key("heading", Y.Number("rad"), "Added to the lane's direction of travel (lane positions) or the reference line's heading (road positions); the world heading (world positions), counter-clockwise from +x.", "0");

    public static readonly YamlObject Lane = new("lane_position", "The centre of a lane at s.",
        Y.Required("road", Y.Text(), "Road id."),
        Y.Required("lane", Y.Integer(), "Lane id: negative right of the reference line (along +s), positive left; 0 is the centre line, not a lane."),
        Y.Required("s", Y.Number("m"), "Distance along the road's reference line."),
        Y.Key("offset", Y.Number("m"), "Lateral offset from the lane centre, positive to the left.", "0"),
        Heading);

    public static readonly YamlObject Road = new("road_position", "Road coordinates (s, t).",
        Y.Required("road", Y.Text(), "Road id."),
        Y.Required("s", Y.Number("m"), "Distance along the reference line."),
        Y.Required("t", Y.Number("m"), "Lateral offset from the reference line, positive to the left."),
        Heading);

    public static readonly YamlObject World = new("world_position", "A point of the world frame (x east, y north).",
        Y.Required("x", Y.Number("m"), "World x."),
        Y.Required("y", Y.Number("m"), "World y."),
        Heading);

    public static readonly YamlObject Relative = new("relative_lane_position", "Relative to an entity declared earlier: lanes to its left and metres ahead along its direction of travel.",
        Y.Required("relative_to", Y.Text(), "The entity."),
        Y.Key("lane", Y.Integer(), "Lanes to the left of the entity's lane (negative: right).", "0"),
        Y.Key("ds", Y.Number("m"), "Distance ahead along the entity's direction of travel.", "0"),
        Y.Key("offset", Y.Number("m"), "Lateral offset from the target lane's centre, positive to the left.", "0"));

    /// <summary>A position in any of its forms (docs/scenario-format.md, Positions).</summary>
    public static readonly YamlAnyOf Any = Y.AnyOf(Lane, Road, World, Relative);

    /// <summary>Every key of every form: what a position mapping is read against until its form is known.</summary>
    private static readonly YamlObject Union = new("position", "A position.",
        new[] { Lane, Road, World, Relative }.SelectMany(o => o.Keys).DistinctBy(k => k.Name).ToArray());

    public static readonly YamlObject Point = new("point", "A trajectory point with its time from the action's start.",
        Y.Required("x", Y.Number("m"), "World x."),
        Y.Required("y", Y.Number("m"), "World y."),
        Y.Key("time", Y.Number("s"), "Time from the action's start; give every point a time or none."));

    /// <summary>A list of points: [x, y] pairs or {x, y, time} mappings.</summary>
    public static readonly YamlList Points = Y.List(Y.AnyOf(new YamlList(Y.Number("m")) { MinItems = 2, Description = "[x, y] in metres" }, Point), minItems: 2);

    public static PositionSpec? Read(YamlContext ctx, YamlNode node, string what)
    {
        MapReader? m = ctx.Map(node, what, Union);
        if (m is null)
        {
            return null;
        }
        var where = ctx.Where(node);
        PositionSpec? result;
        if (m.Has("relative_to"))
        {
            m.Use(Relative);
            string? entity = m.String("relative_to");
            int lanes = m.Int("lane") ?? 0;
            double ds = m.Double("ds", 0);
            double offset = m.Double("offset", 0);
            result = entity is null ? null : new RelativeLanePositionSpec(where, entity, lanes, ds, offset);
        }
        else if (m.Has("x") || m.Has("y"))
        {
            m.Use(World);
            double? x = m.RequiredDouble("x", what);
            double? y = m.RequiredDouble("y", what);
            double heading = m.Double("heading", 0);
            result = x is { } xx && y is { } yy ? new WorldPositionSpec(where, xx, yy, heading) : null;
        }
        else if (m.Has("t"))
        {
            m.Use(Road);
            string? road = m.RequiredString("road", what);
            double? s = m.RequiredDouble("s", what);
            double t = m.Double("t", 0);
            double heading = m.Double("heading", 0);
            result = road is not null && s is { } ss ? new RoadPositionSpec(where, road, ss, t, heading) : null;
        }
        else
        {
            m.Use(Lane);
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
            else if (ctx.Map(p, "a point", Point) is { } m)
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
