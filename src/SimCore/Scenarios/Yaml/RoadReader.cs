using SimCore.Diagnostics;
using SimCore.Roads;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>Reads native YAML road descriptions (inline in a scenario or in a road file) into the OpenDRIVE road model.</summary>
internal static class RoadReader
{
    private static readonly IReadOnlyDictionary<string, LaneType> LaneTypes = new Dictionary<string, LaneType>
    {
        ["driving"] = LaneType.Driving, ["shoulder"] = LaneType.Shoulder, ["border"] = LaneType.Border,
        ["stop"] = LaneType.Stop, ["sidewalk"] = LaneType.Sidewalk, ["biking"] = LaneType.Biking,
        ["restricted"] = LaneType.Restricted, ["parking"] = LaneType.Parking, ["median"] = LaneType.Median,
        ["curb"] = LaneType.Curb, ["entry"] = LaneType.Entry, ["exit"] = LaneType.Exit,
        ["on_ramp"] = LaneType.OnRamp, ["off_ramp"] = LaneType.OffRamp, ["none"] = LaneType.None,
    };

    private static readonly IReadOnlyDictionary<string, ContactPoint> Contacts = new Dictionary<string, ContactPoint>
    {
        ["start"] = ContactPoint.Start, ["end"] = ContactPoint.End,
    };

    private static readonly IReadOnlyDictionary<string, ParamPolyRange> Ranges = new Dictionary<string, ParamPolyRange>
    {
        ["arc_length"] = ParamPolyRange.ArcLength, ["normalized"] = ParamPolyRange.Normalized,
    };

    private static readonly YamlObject Cubic = new("cubic", "a + b ds + c ds^2 + d ds^3 from the record's s.",
        Y.Key("s", Y.NonNegative("m"), "Start of the record (from the section start for widths, the road start for lane_offset).", "0"),
        Y.Key("a", Y.Number("m"), "Constant term.", "0"), Y.Key("b", Y.Number(), "Linear term (m/m).", "0"),
        Y.Key("c", Y.Number(), "Quadratic term (1/m).", "0"), Y.Key("d", Y.Number(), "Cubic term (1/m^2).", "0"));

    /// <summary>A number (constant), a cubic, or a list of cubics with s offsets.</summary>
    private static readonly YamlAnyOf CubicValue = Y.AnyOf(Y.Number("m"), Cubic, Y.List(Cubic, 1));

    private static readonly YamlObject Lane = new("lane", "A lane of a section; ids are given by position (left 1, 2... outward; right -1, -2...).",
        Y.Required("width", CubicValue, "Width: a number, {a, b, c, d} from the section start, or a list of such records with s offsets."),
        Y.Key("type", Y.Word(LaneTypes.Keys), "Lane type; only driving, entry, exit, on_ramp and off_ramp are drivable for the off-road KPI.", "driving"),
        Y.Key("speed_limit", Y.Positive("m/s"), "Speed limit of the lane (before the section's and the road's)."));

    private static readonly YamlObject Section = new("lane_section", "A lane section from s.",
        Y.Key("s", Y.NonNegative("m"), "Where the section starts (sections: only).", "0"),
        Y.Key("speed_limit", Y.Positive("m/s"), "Speed limit of the section's lanes."),
        Y.Key("left", Y.List(Lane), "Lanes left of the centre line (ids 1, 2... outward; run against s)."),
        Y.Key("right", Y.List(Lane), "Lanes right of the centre line (ids -1, -2... outward; run along s)."));

    private static readonly YamlObject Start = new("road_start", "Pose of s = 0.",
        Y.Key("x", Y.Number("m"), "World x.", "0"), Y.Key("y", Y.Number("m"), "World y.", "0"), Y.Key("heading", Y.Number("rad"), "Heading, counter-clockwise from +x.", "0"));

    private static readonly YamlObject Link = new("road_link", "The road this one continues into.",
        Y.Required("road", Y.Text(), "Road id (a ring road links to itself)."),
        Y.Key("contact", Y.Word(Contacts.Keys), "Which end of that road this one meets.", "start"));

    private static readonly YamlObject StreetLights = new("street_lights", "Street lamps every spacing metres at each t; cameras light the road with them at night.",
        Y.Required("spacing", Y.Positive("m"), "Distance between lamps."),
        Y.Required("t", Y.AnyOf(Y.Number("m"), Y.List(Y.Number("m"), 1)), "Lateral offsets, positive left."),
        Y.Key("height", Y.Positive("m"), "Height of the light above the road.", "8"),
        Y.Key("start", Y.NonNegative("m"), "s of the first lamp.", "0"),
        Y.Key("end", Y.NonNegative("m"), "s of the last lamp.", "the road's end"));

    private static readonly YamlKey Length = Y.Required("length", Y.Positive("m"), "Length along the reference line.");

    /// <summary>The geometry kinds, each with its parameters.</summary>
    private static readonly IReadOnlyList<(string Kind, YamlShape Shape)> Segments =
    [
        ("line", Y.AnyOf(Y.Positive("m"), new YamlObject("line", "A straight line.", Length))),
        ("arc", new YamlObject("arc", "Constant curvature.", Length, Y.Required("curvature", Y.Number("1/m"), "Curvature, positive turns left."))),
        ("spiral", new YamlObject("spiral", "A clothoid: curvature changing linearly.", Length,
            Y.Required("curvature_start", Y.Number("1/m"), "Curvature at the start."), Y.Required("curvature_end", Y.Number("1/m"), "Curvature at the end."))),
        ("poly3", new YamlObject("poly3", "OpenDRIVE poly3: v(u) = a + b u + c u^2 + d u^3.", Length,
            Y.Key("a", Y.Number("m"), "", "0"), Y.Key("b", Y.Number(), "", "0"), Y.Key("c", Y.Number(), "", "0"), Y.Key("d", Y.Number(), "", "0"))),
        ("param_poly3", new YamlObject("param_poly3", "OpenDRIVE paramPoly3: u(p) and v(p) cubic in p.", Length,
            Y.Key("au", Y.Number(), "", "0"), Y.Key("bu", Y.Number(), "", "1"), Y.Key("cu", Y.Number(), "", "0"), Y.Key("du", Y.Number(), "", "0"),
            Y.Key("av", Y.Number(), "", "0"), Y.Key("bv", Y.Number(), "", "0"), Y.Key("cv", Y.Number(), "", "0"), Y.Key("dv", Y.Number(), "", "0"),
            Y.Key("range", Y.Word(Ranges.Keys), "p from 0 to the length (arc_length) or to 1 (normalized).", "arc_length"))),
    ];

    private static readonly YamlObject Segment = new("geometry_segment", "One geometry segment, chained end to start.",
        Segments.Select(g => Y.Key(g.Kind, g.Shape, $"A {g.Kind} segment.")).ToArray())
    { ExactlyOne = Segments.Select(g => g.Kind).ToArray() };

    /// <summary>One road (docs/scenario-format.md, Roads): OpenDRIVE's model in YAML.</summary>
    public static readonly YamlObject Shape = new("road", "A road: reference line, lane offset, lane sections, links.",
        Y.Key("id", Y.Text(), "Unique id.", "road"),
        Y.Key("name", Y.Text(), "Name."),
        Y.Key("start", Start, "Pose of s = 0."),
        Y.Required("geometry", Y.List(Segment, 1), "Reference line segments, chained end to start."),
        Y.Key("lane_offset", CubicValue, "Lateral shift of the centre line: a number, {a, b, c, d} or a list of {s, a, b, c, d}.", "0"),
        Y.Key("speed_limit", Y.Positive("m/s"), "Default speed limit of the road."),
        Y.Key("street_lights", StreetLights, "Street lamps along the road."),
        Y.Key("lanes", Section, "One lane section from s = 0 (or sections)."),
        Y.Key("sections", Y.List(Section, 1), "Lane sections, each from its s (or lanes)."),
        Y.Key("successor", Link, "The road after the end."),
        Y.Key("predecessor", Link, "The road before the start."));

    public static readonly YamlObject FileReference = new("road_file_reference", "Roads from a file: a YAML road file or OpenDRIVE (.xodr), relative to the scenario.",
        Y.Required("file", Y.Text(), "The road file."));

    /// <summary>A `road:` value: a road inline or a file.</summary>
    public static readonly YamlAnyOf RoadOrFile = Y.AnyOf(Shape, FileReference);

    private static readonly YamlObject RoadOrFileUnion = new("road_or_file", "A road or a road file.", [.. Shape.Keys, .. FileReference.Keys]);

    public static readonly YamlObject RoadList = new("road_list", "Several roads.", Y.Required("roads", Y.List(Shape, 1), "The roads."));

    /// <summary>A road file: one road mapping, or roads: [...].</summary>
    public static readonly YamlAnyOf FileShape = Y.AnyOf(Shape, RoadList);

    private static readonly YamlObject FileUnion = new("road_file", "A road file.", [.. Shape.Keys, .. RoadList.Keys]);

    /// <summary>Reads the road of a `road:` value, or the roads of a road file it names.</summary>
    public static List<Road> ReadRoadOrFile(YamlContext ctx, YamlNode node, string baseDirectory, List<Junction> junctions, List<InputError> warnings)
    {
        MapReader? map = ctx.Map(node, "'road'", RoadOrFileUnion);
        if (map is null)
        {
            return new List<Road>();
        }
        if (map.Has("file"))
        {
            map.Use(FileReference);
            string? file = map.String("file");
            map.Finish("road");
            return file is null ? new List<Road>() : ReadFile(ctx, map.Get("file")!, Path.Combine(baseDirectory, file), junctions, warnings);
        }
        map.Use(Shape);
        Road? road = Read(ctx, map);
        return road is null ? new List<Road>() : new List<Road> { road };
    }

    private static List<Road> ReadFile(YamlContext ctx, YamlNode at, string path, List<Junction> junctions, List<InputError> warnings)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            ctx.Error(at, $"road file '{path}' does not exist");
            return new List<Road>();
        }
        if (string.Equals(Path.GetExtension(path), ".xodr", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                RoadNetwork network = OpenDrive.OpenDriveReader.Load(path, warnings);
                junctions.AddRange(network.Junctions);
                return network.Roads.ToList();
            }
            catch (InputException e)
            {
                ctx.Errors.AddRange(e.Errors);
                return new List<Road>();
            }
        }
        var fileCtx = new YamlContext(path, ctx.Errors, ctx.Parameters);
        string text;
        try
        {
            text = InputFiles.ReadText(path, "road");
        }
        catch (InputException e)
        {
            ctx.Error(at, $"{path}: {e.Errors[0].Message}");
            return new List<Road>();
        }
        YamlNode? root = YamlContext.LoadRoot(path, text, ctx.Errors);
        MapReader? map = root is null ? null : fileCtx.Map(root, "a road file", FileUnion);
        if (map is null)
        {
            return new List<Road>();
        }
        var roads = new List<Road>();
        if (map.Has("roads"))
        {
            map.Use(RoadList);
            foreach (YamlNode r in map.List("roads"))
            {
                if (fileCtx.Map(r, "a road", Shape) is { } rm && Read(fileCtx, rm) is { } road)
                {
                    roads.Add(road);
                }
            }
            map.Finish("road file");
            return roads;
        }
        map.Use(Shape);
        if (Read(fileCtx, map) is { } single)
        {
            roads.Add(single);
        }
        return roads;
    }

    public static Road? Read(YamlContext ctx, MapReader map)
    {
        int errorsBefore = ctx.Errors.Count;
        string id = map.String("id") ?? "road";
        string? name = map.String("name");
        double x = 0, y = 0, heading = 0;
        if (map.Map("start") is { } start)
        {
            x = start.Double("x", 0);
            y = start.Double("y", 0);
            heading = start.Double("heading", 0);
            start.Finish("road start");
        }
        var builder = new ReferenceLineBuilder(x, y, heading);
        YamlNode? geometry = map.Required("geometry", $"road '{id}'");
        int segments = 0;
        if (geometry is not null)
        {
            foreach (YamlNode g in ctx.Sequence(geometry, "'geometry'"))
            {
                segments += ReadSegment(ctx, g, builder) ? 1 : 0;
            }
            if (segments == 0 && ctx.Errors.Count == errorsBefore)
            {
                ctx.Error(geometry, $"road '{id}' needs at least one geometry segment");
            }
        }
        PiecewiseCubic laneOffset = map.Get("lane_offset") is { } lo ? ReadCubic(ctx, lo, "'lane_offset'") : PiecewiseCubic.Constant(0);
        double? speedLimit = map.Positive("speed_limit");
        StreetLightRow? lights = map.Map("street_lights") is { } sl ? ReadStreetLights(ctx, sl, id) : null;
        RoadLink? predecessor = map.Map("predecessor") is { } pm ? ReadLink(ctx, pm) : null;
        RoadLink? successor = map.Map("successor") is { } sm2 ? ReadLink(ctx, sm2) : null;
        var links = new EndLinks(predecessor, successor);
        var sections = new List<LaneSection>();
        if (map.Get("lanes") is { } lanesNode)
        {
            if (map.Has("sections"))
            {
                ctx.Error(lanesNode, "give either 'lanes' (one lane section) or 'sections', not both");
            }
            if (ctx.Map(lanesNode, "'lanes'", Section) is { } lanes && ReadSection(ctx, lanes, 0.0, links, first: true, last: true) is { } section)
            {
                sections.Add(section);
            }
        }
        else if (map.Required("sections", $"road '{id}' (or 'lanes')") is { } sectionsNode)
        {
            IReadOnlyList<YamlNode> sectionNodes = ctx.Sequence(sectionsNode, "'sections'");
            for (int i = 0; i < sectionNodes.Count; i++)
            {
                if (ctx.Map(sectionNodes[i], "a lane section", Section) is { } sm)
                {
                    double s = sm.NonNegative("s") ?? 0;
                    if (ReadSection(ctx, sm, s, links, first: i == 0, last: i == sectionNodes.Count - 1) is { } section)
                    {
                        sections.Add(section);
                    }
                }
            }
        }
        map.Finish($"road '{id}'");
        if (ctx.Errors.Count > errorsBefore)
        {
            return null;
        }
        try
        {
            ReferenceLine line = builder.Build();
            List<StreetLamp>? lamps = lights is { } l ? l.Place(line.Length) : null;
            return new Road(id, line, sections, laneOffset, speedLimit, predecessor, successor, name, streetLamps: lamps);
        }
        catch (ArgumentException e)
        {
            ctx.Error(map.Node, $"road '{id}': {e.Message}");
            return null;
        }
    }

    /// <summary>Lamps every <see cref="Spacing"/> metres from <see cref="Start"/> to <see cref="End"/> (or the road's end), one per lateral offset.</summary>
    private readonly record struct StreetLightRow(double Spacing, double[] Offsets, double Height, double Start, double? End)
    {
        public List<StreetLamp> Place(double length)
        {
            var lamps = new List<StreetLamp>();
            double end = Math.Min(End ?? length, length);
            // Index-based positions: no drift from repeated addition over long roads.
            for (int k = 0; Start + k * Spacing <= end + 1e-9; k++)
            {
                foreach (double t in Offsets)
                {
                    lamps.Add(new StreetLamp(Math.Min(Start + k * Spacing, length), t, Height));
                }
            }
            return lamps;
        }
    }

    private static StreetLightRow? ReadStreetLights(YamlContext ctx, MapReader m, string id)
    {
        int before = ctx.Errors.Count;
        double? spacing = m.Required("spacing", $"road '{id}' street_lights") is null ? null : m.Positive("spacing");
        var offsets = new List<double>();
        if (m.Required("t", $"road '{id}' street_lights") is { } tNode)
        {
            if (tNode is YamlScalarNode)
            {
                if (ctx.Double(tNode, "'t'") is double t)
                {
                    offsets.Add(t);
                }
            }
            else
            {
                foreach (YamlNode n in ctx.Sequence(tNode, "'t'"))
                {
                    if (ctx.Double(n, "an entry of 't'") is double t)
                    {
                        offsets.Add(t);
                    }
                }
                if (offsets.Count == 0 && ctx.Errors.Count == before)
                {
                    ctx.Error(tNode, $"road '{id}' street_lights: 't' lists no lateral offset");
                }
            }
        }
        double height = m.Positive("height") ?? 8;
        double start = m.NonNegative("start") ?? 0;
        double? end = m.NonNegative("end");
        if (end is double e && e < start)
        {
            ctx.Error(m.KeyNode("end")!, $"road '{id}' street_lights: 'end' ({e}) is before 'start' ({start})");
        }
        m.Finish($"road '{id}' street_lights");
        return ctx.Errors.Count > before || spacing is not double sp ? null : new StreetLightRow(sp, [.. offsets], height, start, end);
    }

    private static bool ReadSegment(YamlContext ctx, YamlNode node, ReferenceLineBuilder builder)
    {
        MapReader? m = ctx.Map(node, "a geometry segment", Segment);
        if (m is null)
        {
            return false;
        }
        string[] kinds = Segments.Select(g => g.Kind).ToArray();
        string[] present = m.Keys.ToArray();
        if (present.Length != 1)
        {
            ctx.Error(node, $"a geometry segment is one of {string.Join(", ", kinds)} (found {(present.Length == 0 ? "nothing" : string.Join(", ", present))})");
            return false;
        }
        string kind = present[0];
        if (!kinds.Contains(kind))
        {
            m.Finish("geometry");
            return false;
        }
        YamlNode value = m.Get(kind)!;
        if (kind == "line" && value is YamlScalarNode)
        {
            double? len = ctx.Double(value, "line length");
            if (len is not > 0)
            {
                ctx.Error(value, "line length must be greater than 0");
                return false;
            }
            builder.Line(len.Value);
            return true;
        }
        MapReader? p = ctx.Map(value, $"'{kind}'", MapReader.ObjectOf(Segments.First(g => g.Kind == kind).Shape)!);
        if (p is null)
        {
            return false;
        }
        double? length = p.Positive("length");
        if (length is null && !p.Has("length"))
        {
            ctx.Error(value, $"'{kind}' needs 'length'");
        }
        try
        {
            switch (kind)
            {
                case "line":
                    p.Finish("line");
                    if (length is { } l)
                    {
                        builder.Line(l);
                    }
                    break;
                case "arc":
                    double? k = p.RequiredDouble("curvature", "arc");
                    p.Finish("arc");
                    if (length is { } la && k is { } kk)
                    {
                        builder.Arc(la, kk);
                    }
                    break;
                case "spiral":
                    double? k0 = p.RequiredDouble("curvature_start", "spiral");
                    double? k1 = p.RequiredDouble("curvature_end", "spiral");
                    p.Finish("spiral");
                    if (length is { } ls && k0 is { } a && k1 is { } b)
                    {
                        builder.Spiral(ls, a, b);
                    }
                    break;
                case "poly3":
                    double pa = p.Double("a", 0), pb = p.Double("b", 0), pc = p.Double("c", 0), pd = p.Double("d", 0);
                    p.Finish("poly3");
                    if (length is { } lp)
                    {
                        builder.Poly3(pa, pb, pc, pd, lp);
                    }
                    break;
                default:
                    double au = p.Double("au", 0), bu = p.Double("bu", 1), cu = p.Double("cu", 0), du = p.Double("du", 0);
                    double av = p.Double("av", 0), bv = p.Double("bv", 0), cv = p.Double("cv", 0), dv = p.Double("dv", 0);
                    ParamPolyRange range = p.Enum("range", Ranges) ?? ParamPolyRange.ArcLength;
                    p.Finish("param_poly3");
                    if (length is { } lpp)
                    {
                        builder.ParamPoly3(au, bu, cu, du, av, bv, cv, dv, range, lpp);
                    }
                    break;
            }
        }
        catch (ArgumentException e)
        {
            ctx.Error(value, $"{kind}: {e.Message}");
            return false;
        }
        return length is not null;
    }

    /// <summary>The road's links, which give the lanes of its first and last sections their lane links.</summary>
    private readonly record struct EndLinks(RoadLink? Predecessor, RoadLink? Successor)
    {
        /// <summary>
        /// Native roads have no lane links: a lane continues with the same id onto a road that runs
        /// the same way, and with the opposite id onto one that meets it head to head.
        /// </summary>
        public static int? Continue(int laneId, RoadLink? link, ContactPoint sameWayContact)
            => link is null ? null : link.ContactPoint == sameWayContact ? laneId : -laneId;
    }

    private static LaneSection? ReadSection(YamlContext ctx, MapReader m, double s, EndLinks links, bool first, bool last)
    {
        double? limit = m.Positive("speed_limit");
        var left = ReadLanes(ctx, m.List("left"), 1, links, first, last);
        var right = ReadLanes(ctx, m.List("right"), -1, links, first, last);
        m.Finish("lane section");
        if (left.Count + right.Count == 0)
        {
            ctx.Error(m.Node, "a lane section needs at least one lane in 'left' or 'right'");
            return null;
        }
        try
        {
            return new LaneSection(s, left, right, limit);
        }
        catch (ArgumentException e)
        {
            ctx.Error(m.Node, e.Message);
            return null;
        }
    }

    private static List<Lane> ReadLanes(YamlContext ctx, IReadOnlyList<YamlNode> nodes, int sign, EndLinks links, bool first, bool last)
    {
        var lanes = new List<Lane>();
        for (int i = 0; i < nodes.Count; i++)
        {
            if (ctx.Map(nodes[i], "a lane", Lane) is not { } lm)
            {
                continue;
            }
            YamlNode? w = lm.Required("width", "a lane");
            PiecewiseCubic width = w is null ? PiecewiseCubic.Constant(0) : ReadCubic(ctx, w, "'width'");
            if (w is YamlScalarNode && width.Evaluate(0) <= 0)
            {
                ctx.Error(w, "lane width must be greater than 0");
            }
            LaneType type = lm.Enum("type", LaneTypes) ?? LaneType.Driving;
            double? limit = lm.Positive("speed_limit");
            lm.Finish("lane");
            int id = sign * (i + 1);
            // The predecessor runs the same way when we meet its end; the successor when we meet its start.
            int? predecessor = first ? EndLinks.Continue(id, links.Predecessor, ContactPoint.End) : id;
            int? successor = last ? EndLinks.Continue(id, links.Successor, ContactPoint.Start) : id;
            lanes.Add(new Lane(id, type, width, limit, predecessor, successor));
        }
        return lanes;
    }

    /// <summary>A number (constant), a mapping a/b/c/d, or a list of such mappings with 's' offsets.</summary>
    private static PiecewiseCubic ReadCubic(YamlContext ctx, YamlNode node, string what)
    {
        if (node is YamlScalarNode)
        {
            return PiecewiseCubic.Constant(ctx.Double(node, what) ?? 0);
        }
        var records = new List<(double, CubicPolynomial)>();
        IEnumerable<YamlNode> items = node is YamlSequenceNode seq ? seq.Children : new[] { node };
        foreach (YamlNode item in items)
        {
            if (ctx.Map(item, what, Cubic) is { } m)
            {
                double s = m.NonNegative("s") ?? 0;
                var poly = new CubicPolynomial(m.Double("a", 0), m.Double("b", 0), m.Double("c", 0), m.Double("d", 0));
                m.Finish(what);
                records.Add((s, poly));
            }
        }
        for (int i = 1; i < records.Count; i++)
        {
            if (records[i].Item1 < records[i - 1].Item1)
            {
                ctx.Error(node, $"{what} records must be in increasing 's'");
                return PiecewiseCubic.Constant(0);
            }
        }
        return new PiecewiseCubic(records);
    }

    private static RoadLink? ReadLink(YamlContext ctx, MapReader m)
    {
        string? road = m.RequiredString("road", "a road link");
        ContactPoint contact = m.Enum("contact", Contacts) ?? ContactPoint.Start;
        m.Finish("road link");
        return road is null ? null : new RoadLink(road, contact);
    }

    /// <summary>Checks that links point at roads that exist.</summary>
    public static void CheckLinks(YamlContext ctx, SourceLocation where, IReadOnlyList<Road> roads, IReadOnlyList<Junction> junctions)
    {
        var ids = new HashSet<string>(roads.Select(r => r.Id));
        var junctionIds = new HashSet<string>(junctions.Select(j => j.Id));
        foreach (Road r in roads)
        {
            foreach (RoadLink? link in new[] { r.Predecessor, r.Successor })
            {
                if (link is { IsJunction: true } && !junctionIds.Contains(link.ElementId))
                {
                    ctx.Error(where, $"road '{r.Id}' links to unknown junction '{link.ElementId}'");
                }
                else if (link is { IsJunction: false } && !ids.Contains(link.RoadId))
                {
                    ctx.Error(where, $"road '{r.Id}' links to unknown road '{link.RoadId}'{Suggestions.Hint(link.RoadId, ids)}");
                }
            }
        }
        foreach (IGrouping<string, Road> dup in roads.GroupBy(r => r.Id).Where(g => g.Count() > 1))
        {
            ctx.Error(where, $"road id '{dup.Key}' is used more than once");
        }
    }
}
