using System.Text.Json;
using SimCore.Mathematics;
using SimCore.Roads;

namespace Sim.Runtime.View;

/// <summary>
/// The road network drawn flat, for the view: each lane of each section as a polygon (its two
/// borders sampled along s, chord error under 5 cm), markings as polylines on lane borders (the
/// same choice of solid and broken lines as the camera's road mesh), junctions as the convex hull
/// of their connecting roads, signals and street lamps as points, and every reference line.
/// Coordinates are world metres rounded to the centimetre.
/// </summary>
internal sealed class MapSketch
{
    private const double ChordError = 0.05;

    private readonly List<(string Road, int Lane, string Type, string? Junction, double[] Points)> _lanes = new();
    private readonly List<(double Width, bool Broken, double DashOffset, double[] Points)> _marks = new();
    private readonly List<(string Id, string? Name, double[] Hull)> _junctions = new();
    private readonly List<(RoadSignal Signal, Pose2 At, double Heading)> _signals = new();
    private readonly List<(double X, double Y)> _lamps = new();
    private readonly List<(string Id, string? Name, double[] Points)> _roads = new();
    private double _minX = double.PositiveInfinity, _minY = double.PositiveInfinity, _maxX = double.NegativeInfinity, _maxY = double.NegativeInfinity;

    private MapSketch()
    {
    }

    /// <summary>True when the network has no roads (an OpenSCENARIO file without a road network).</summary>
    public bool IsEmpty => _lanes.Count == 0 && _roads.Count == 0;

    /// <summary>World bounds of everything drawn, or null when empty.</summary>
    public (double MinX, double MinY, double MaxX, double MaxY)? Bounds => double.IsFinite(_minX) ? (_minX, _minY, _maxX, _maxY) : null;

    public static MapSketch Of(RoadNetwork network)
    {
        var m = new MapSketch();
        foreach (Road road in network.Roads)
        {
            m.AddRoad(road);
        }
        foreach (Junction j in network.Junctions)
        {
            var points = new List<(double, double)>();
            foreach (var lane in m._lanes.Where(l => l.Junction == j.Id))
            {
                for (int i = 0; i + 1 < lane.Points.Length; i += 2)
                {
                    points.Add((lane.Points[i], lane.Points[i + 1]));
                }
            }
            if (points.Count >= 3)
            {
                m._junctions.Add((j.Id, j.Name, ConvexHull(points)));
            }
        }
        return m;
    }

    private void AddRoad(Road road)
    {
        List<double> reference = RoadSampling.Along(road, 0, road.Length, ChordError);
        _roads.Add((road.Id, road.Name, Flatten(reference.Select(s => road.ToWorld(s, 0)))));
        for (int si = 0; si < road.Sections.Count; si++)
        {
            (double s0, double s1) = RoadSampling.SectionRange(road, si);
            if (s1 - s0 < 1e-6)
            {
                continue;
            }
            LaneSection section = road.Sections[si];
            List<double> ss = RoadSampling.Along(road, s0, s1, ChordError);
            foreach (Lane lane in section.Left.Concat(section.Right))
            {
                var inner = new List<Pose2>(ss.Count);
                var outer = new List<Pose2>(ss.Count);
                bool any = false;
                foreach (double s in ss)
                {
                    road.TryGetLaneBorders(lane.Id, s, out double ti, out double to);
                    any |= Math.Abs(to - ti) >= 1e-4;
                    inner.Add(road.ToWorld(s, ti));
                    outer.Add(road.ToWorld(s, to));
                }
                if (any)
                {
                    inner.Reverse();
                    _lanes.Add((road.Id, lane.Id, lane.Type.ToString().ToLowerInvariant(), road.JunctionId, Flatten(outer.Concat(inner))));
                }
            }
            foreach (LaneMarking mark in LaneMarkings.Of(road, section))
            {
                var line = new List<Pose2>(ss.Count);
                foreach (double s in ss)
                {
                    road.TryGetLaneBorders(mark.LaneId, s, out _, out double t);
                    line.Add(road.ToWorld(s, mark.LaneId == 0 ? road.LaneOffset.Evaluate(s) : t));
                }
                // A broken line's dashes start at multiples of dash + gap in s, as painted.
                double period = LaneMarkings.Dash + LaneMarkings.Gap;
                _marks.Add((mark.Width, mark.Style == MarkingStyle.Broken, s0 - Math.Floor(s0 / period) * period, Flatten(line)));
            }
        }
        foreach (RoadSignal signal in road.Signals)
        {
            double s = Math.Clamp(signal.S, 0, road.Length);
            Pose2 at = road.ToWorld(s, signal.T);
            // The direction of the traffic it governs: along s for '+', against it for '-'.
            double heading = at.Heading + (signal.Orientation == "-" ? Math.PI : 0) + signal.HOffset;
            _signals.Add((signal, at, Angles.WrapPi(heading)));
            Grow(at.X, at.Y);
        }
        foreach (StreetLamp lamp in road.StreetLamps)
        {
            Pose2 p = road.ToWorld(Math.Clamp(lamp.S, 0, road.Length), lamp.T);
            _lamps.Add((p.X, p.Y));
            Grow(p.X, p.Y);
        }
    }

    private double[] Flatten(IEnumerable<Pose2> poses)
    {
        var list = new List<double>();
        foreach (Pose2 p in poses)
        {
            list.Add(Math.Round(p.X, 2));
            list.Add(Math.Round(p.Y, 2));
            Grow(p.X, p.Y);
        }
        return list.ToArray();
    }

    private void Grow(double x, double y)
    {
        _minX = Math.Min(_minX, x);
        _minY = Math.Min(_minY, y);
        _maxX = Math.Max(_maxX, x);
        _maxY = Math.Max(_maxY, y);
    }

    /// <summary>Andrew's monotone chain, counter-clockwise, flattened.</summary>
    private static double[] ConvexHull(List<(double X, double Y)> points)
    {
        List<(double X, double Y)> p = points.Distinct().OrderBy(q => q.X).ThenBy(q => q.Y).ToList();
        if (p.Count < 3)
        {
            return p.SelectMany(q => new[] { q.X, q.Y }).ToArray();
        }
        static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
        var hull = new List<(double X, double Y)>();
        for (int pass = 0; pass < 2; pass++)
        {
            int start = hull.Count;
            foreach ((double X, double Y) q in pass == 0 ? p : Enumerable.Reverse(p))
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], q) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }
                hull.Add(q);
            }
            hull.RemoveAt(hull.Count - 1);
        }
        return hull.SelectMany(q => new[] { q.X, q.Y }).ToArray();
    }

    /// <summary>Writes the sketch as the page's "map" object.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteStartArray("lanes");
        foreach (var l in _lanes)
        {
            w.WriteStartObject();
            w.WriteString("road", l.Road);
            w.WriteNumber("lane", l.Lane);
            w.WriteString("type", l.Type);
            w.WriteString("junction", l.Junction);
            Points(w, "pts", l.Points);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("marks");
        foreach (var m in _marks)
        {
            w.WriteStartObject();
            w.WriteNumber("width", m.Width);
            w.WriteBoolean("broken", m.Broken);
            w.WriteNumber("dash_offset", Math.Round(m.DashOffset, 3));
            Points(w, "pts", m.Points);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("junctions");
        foreach (var j in _junctions)
        {
            w.WriteStartObject();
            w.WriteString("id", j.Id);
            w.WriteString("name", j.Name);
            Points(w, "hull", j.Hull);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("signals");
        foreach ((RoadSignal s, Pose2 at, double heading) in _signals)
        {
            w.WriteStartObject();
            w.WriteString("id", s.Id);
            w.WriteString("name", s.Name);
            w.WriteString("type", s.Type);
            w.WriteString("subtype", s.Subtype);
            w.WriteBoolean("dynamic", s.Dynamic);
            w.WriteNumber("lamps", s.LampCount);
            w.WriteNumber("x", Math.Round(at.X, 2));
            w.WriteNumber("y", Math.Round(at.Y, 2));
            w.WriteNumber("heading", Math.Round(heading, 4));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Points(w, "lamps", _lamps.SelectMany(l => new[] { Math.Round(l.X, 2), Math.Round(l.Y, 2) }).ToArray());
        w.WriteStartArray("roads");
        foreach (var r in _roads)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("name", r.Name);
            Points(w, "pts", r.Points);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Points(Utf8JsonWriter w, string name, double[] points)
    {
        w.WriteStartArray(name);
        foreach (double v in points)
        {
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
    }
}
