using SimCore.Mathematics;

namespace SimCore.Roads;

/// <summary>
/// An OpenDRIVE road: reference line, lane offset, lane sections, links and speed limit.
/// </summary>
/// <remarks>
/// Lane borders follow OpenDRIVE: the centre lane 0 lies at t = laneOffset(s); left lanes stack
/// outwards with positive t, right lanes with negative t. A negative width (a polynomial
/// overshooting below zero) counts as zero. Query methods allocate nothing.
/// </remarks>
public sealed class Road
{
    /// <summary>Widths at or below this (metres) make a lane absent for <see cref="HasLane"/> and <see cref="LaneIdAt"/>.</summary>
    public const double MinLaneWidth = 1e-6;

    private readonly LaneSection[] _sections;
    private readonly double[] _sectionStarts;

    /// <summary>Creates a road.</summary>
    /// <exception cref="ArgumentException">No sections, sections unsorted, or the first not at s = 0.</exception>
    public Road(
        string id,
        ReferenceLine referenceLine,
        IReadOnlyList<LaneSection> sections,
        PiecewiseCubic? laneOffset = null,
        double? speedLimit = null,
        RoadLink? predecessor = null,
        RoadLink? successor = null,
        string? name = null,
        PiecewiseCubic? elevation = null,
        string? junctionId = null,
        IReadOnlyList<RoadTypeRecord>? types = null,
        IReadOnlyList<StreetLamp>? streetLamps = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(referenceLine);
        ArgumentNullException.ThrowIfNull(sections);
        if (sections.Count == 0)
        {
            throw new ArgumentException($"road '{id}' has no lane section", nameof(sections));
        }
        _sections = new LaneSection[sections.Count];
        _sectionStarts = new double[sections.Count];
        for (int i = 0; i < sections.Count; i++)
        {
            LaneSection sec = sections[i] ?? throw new ArgumentException($"road '{id}': lane section {i} is null", nameof(sections));
            if (i == 0 && Math.Abs(sec.S) > ReferenceLine.ContinuityTolerance)
            {
                throw new ArgumentException($"road '{id}': the first lane section must start at s=0, found s={sec.S}", nameof(sections));
            }
            if (i > 0 && sec.S < _sectionStarts[i - 1])
            {
                throw new ArgumentException(
                    $"road '{id}': lane section {i} starts at s={sec.S}, before section {i - 1} at s={_sectionStarts[i - 1]}",
                    nameof(sections));
            }
            if (sec.S > referenceLine.Length + ReferenceLine.ContinuityTolerance)
            {
                throw new ArgumentException(
                    $"road '{id}': lane section {i} starts at s={sec.S}, beyond the road length {referenceLine.Length}",
                    nameof(sections));
            }
            _sections[i] = sec;
            _sectionStarts[i] = sec.S;
        }
        if (speedLimit is double v && !(v >= 0 && double.IsFinite(v)))
        {
            throw new ArgumentOutOfRangeException(nameof(speedLimit), speedLimit, $"road '{id}': speed limit must be finite and >= 0");
        }
        Id = id;
        Name = name;
        ReferenceLine = referenceLine;
        LaneOffset = laneOffset ?? PiecewiseCubic.Constant(0);
        SpeedLimit = speedLimit;
        Predecessor = predecessor;
        Successor = successor;
        Elevation = elevation ?? PiecewiseCubic.Constant(0);
        JunctionId = junctionId;
        _types = types is null ? [] : [.. types];
        _lamps = streetLamps is null ? [] : [.. streetLamps];
        foreach (StreetLamp lamp in _lamps)
        {
            if (!(lamp.S >= 0 && lamp.S <= Length + ReferenceLine.ContinuityTolerance && double.IsFinite(lamp.T) && lamp.Height > 0 && double.IsFinite(lamp.Height)))
            {
                throw new ArgumentException($"road '{id}': street lamp at s={lamp.S}, t={lamp.T}, height={lamp.Height} is off the road's 0..{Length:G6} or not above it", nameof(streetLamps));
            }
        }
        _typeStarts = new double[_types.Length];
        for (int i = 0; i < _types.Length; i++)
        {
            if (i > 0 && _types[i].S < _types[i - 1].S)
            {
                throw new ArgumentException($"road '{id}': type record {i} starts at s={_types[i].S}, before record {i - 1}", nameof(types));
            }
            _typeStarts[i] = _types[i].S;
        }
    }

    private readonly RoadTypeRecord[] _types;
    private readonly StreetLamp[] _lamps;

    /// <summary>Street lamps along the road (empty when it has none): the renderer lights the road with them at night.</summary>
    public IReadOnlyList<StreetLamp> StreetLamps => _lamps;
    private readonly double[] _typeStarts;

    /// <summary>Elevation z as a function of road s (OpenDRIVE <c>elevationProfile</c>); 0 everywhere when the file has none.</summary>
    public PiecewiseCubic Elevation { get; }

    /// <summary>Id of the junction this road belongs to (a connecting road), or null for an ordinary road.</summary>
    public string? JunctionId { get; }

    /// <summary>
    /// OpenDRIVE 1.5+ <c>rule="LHT"</c>: traffic keeps left, so the lanes left of the reference line
    /// (positive ids) run along +s and the right ones against it. False (the default, RHT) the other way round.
    /// </summary>
    public bool LeftHandTraffic { get; init; }

    /// <summary>OpenDRIVE signals (signs and traffic lights) on this road; empty when it has none.</summary>
    public IReadOnlyList<RoadSignal> Signals { get; init; } = [];

    /// <summary>Signals of other roads that also govern this one (OpenDRIVE signalReference).</summary>
    public IReadOnlyList<RoadSignalReference> SignalReferences { get; init; } = [];

    /// <summary>+1 when lane <paramref name="laneId"/> runs towards increasing s under the road's traffic rule, -1 otherwise.</summary>
    public int LaneDirection(int laneId) => (laneId > 0) == LeftHandTraffic ? 1 : -1;

    /// <summary>Road type records in order of s (type keyword and speed limit); empty when none.</summary>
    public IReadOnlyList<RoadTypeRecord> Types => _types;

    /// <summary>Elevation of the reference line at <paramref name="s"/>, metres.</summary>
    public double ElevationAt(double s) => Elevation.Evaluate(s);

    /// <summary>The road type record valid at <paramref name="s"/>, or null when the road has none or s lies before the first.</summary>
    public RoadTypeRecord? TypeAt(double s)
    {
        if (_types.Length == 0 || s < _typeStarts[0])
        {
            return null;
        }
        return _types[SortedStarts.IndexAtOrBefore(_typeStarts, s)];
    }

    /// <summary>OpenDRIVE road id.</summary>
    public string Id { get; }

    /// <summary>Road name, if any.</summary>
    public string? Name { get; }

    /// <summary>The reference line (plan view).</summary>
    public ReferenceLine ReferenceLine { get; }

    /// <summary>Road length, metres.</summary>
    public double Length => ReferenceLine.Length;

    /// <summary>Lane sections in order of s.</summary>
    public IReadOnlyList<LaneSection> Sections => _sections;

    /// <summary>Offset of the centre lane from the reference line, as a function of road s.</summary>
    public PiecewiseCubic LaneOffset { get; }

    /// <summary>Upstream link, if any.</summary>
    public RoadLink? Predecessor { get; }

    /// <summary>Downstream link, if any.</summary>
    public RoadLink? Successor { get; }

    /// <summary>Road-wide speed limit in m/s, if any.</summary>
    public double? SpeedLimit { get; }

    /// <summary>The lane section valid at <paramref name="s"/> (the first one for s below 0).</summary>
    public LaneSection SectionAt(double s) => _sections[SortedStarts.IndexAtOrBefore(_sectionStarts, s)];

    /// <summary>True when lane <paramref name="laneId"/> exists at <paramref name="s"/> with width above <see cref="MinLaneWidth"/>.</summary>
    public bool HasLane(int laneId, double s) =>
        laneId != 0 && Borders(laneId, s, out double inner, out double outer) && Math.Abs(outer - inner) > MinLaneWidth;

    /// <summary>
    /// The t of the lane's borders at <paramref name="s"/>; inner is nearer the centre lane.
    /// Lane 0 gives both borders at the lane offset. False when the section has no such lane.
    /// </summary>
    public bool TryGetLaneBorders(int laneId, double s, out double tInner, out double tOuter) =>
        Borders(laneId, s, out tInner, out tOuter);

    /// <summary>The t of the lane's centre at <paramref name="s"/>; for lane 0, the centre lane's t (the lane offset).</summary>
    /// <exception cref="ArgumentException">The section at <paramref name="s"/> has no such lane.</exception>
    public double LaneCenterT(int laneId, double s)
    {
        if (!Borders(laneId, s, out double inner, out double outer))
        {
            ThrowNoLane(laneId, s);
        }
        return 0.5 * (inner + outer);
    }

    /// <summary>Width of the lane at <paramref name="s"/>, metres (0 for lane 0).</summary>
    /// <exception cref="ArgumentException">The section at <paramref name="s"/> has no such lane.</exception>
    public double LaneWidth(int laneId, double s)
    {
        if (!Borders(laneId, s, out double inner, out double outer))
        {
            ThrowNoLane(laneId, s);
        }
        return Math.Abs(outer - inner);
    }

    /// <summary>
    /// The lane containing lateral position <paramref name="t"/> at <paramref name="s"/>; 0 when
    /// outside every lane. A border belongs to the lane farther from the centre, the outermost edge
    /// to the outermost lane, and the centre line to lane 1 (to lane -1 when there is no left lane).
    /// Zero-width lanes are skipped.
    /// </summary>
    public int LaneIdAt(double s, double t)
    {
        LaneSection sec = SectionAt(s);
        return LaneIdIn(sec, s - sec.S, LaneOffset.Evaluate(s), t);
    }

    /// <summary>
    /// <see cref="LaneIdAt(double, double)"/> at two lateral positions of one s (a box's two sides),
    /// with the section there: the section and the lane offset are looked up once.
    /// </summary>
    internal (int A, int B) LaneIdsAt(double s, double ta, double tb, out LaneSection section)
    {
        section = SectionAt(s);
        double ds = s - section.S, off = LaneOffset.Evaluate(s);
        return (LaneIdIn(section, ds, off, ta), LaneIdIn(section, ds, off, tb));
    }

    private static int LaneIdIn(LaneSection sec, double ds, double off, double t)
    {
        if (t >= off)
        {
            int id = Walk(sec.LeftLanes, ds, off, t, +1);
            if (id != 0 || t > off)
            {
                return id;
            }
        }
        return Walk(sec.RightLanes, ds, off, t, -1);
    }

    /// <summary>World pose of road position (s, t); the heading is the reference line's at s.</summary>
    public Pose2 ToWorld(double s, double t) => ToWorld(s, t, out _);

    /// <summary>As <see cref="ToWorld(double, double)"/>, also giving the reference line's point at <paramref name="s"/>.</summary>
    internal Pose2 ToWorld(double s, double t, out ReferencePoint rp)
    {
        rp = ReferenceLine.Evaluate(s);
        (double sin, double cos) = Math.SinCos(rp.Heading);
        return new Pose2(rp.X - t * sin, rp.Y + t * cos, rp.Heading);
    }

    /// <summary>
    /// Heading (wrapped to (-pi, pi]) of the curve through (s, t) that keeps its relative position
    /// across its lane, e.g. a lane centre: includes the slope of widening lanes and of the lane
    /// offset, and the stretch of offset curves on curved reference lines. Outside every lane it is
    /// the heading of the reference-parallel curve, i.e. the reference heading at s.
    /// </summary>
    public double HeadingAt(double s, double t)
    {
        ReferencePoint rp = ReferenceLine.Evaluate(s);
        int id = LaneIdAt(s, t);
        double dt = 0;
        if (id != 0 && Borders(id, s, out double inner, out double outer, out double dInner, out double dOuter))
        {
            double w = outer - inner;
            double f = w != 0 ? (t - inner) / w : 0.5;
            dt = dInner + f * (dOuter - dInner);
        }
        return Angles.WrapPi(rp.Heading + Math.Atan2(dt, 1 - rp.Curvature * t));
    }

    /// <summary>
    /// Projects a world point onto the road: nearest reference-line point, lane and offset from
    /// that lane's centre. The return value is <see cref="ReferenceLine.TryProject"/>'s.
    /// </summary>
    public bool TryProject(Vec2 point, out RoadCoordinate coord)
    {
        bool ok = ReferenceLine.TryProject(point, out double s, out double t);
        int lane = LaneIdAt(s, t);
        double center = LaneCenterT(lane, s);
        coord = new RoadCoordinate(this, s, t, lane, t - center);
        return ok;
    }

    /// <summary>
    /// Speed limit in m/s at <paramref name="s"/> for the lane: the lane's, else the section's,
    /// else the road type record's at s, else the road's.
    /// </summary>
    public double? SpeedLimitAt(double s, int laneId)
    {
        LaneSection sec = SectionAt(s);
        return sec.GetLane(laneId)?.SpeedLimitAt(s - sec.S) ?? sec.SpeedLimit ?? TypeAt(s)?.SpeedLimit ?? SpeedLimit;
    }

    /// <summary>Lowest and highest lane id of the section at <paramref name="s"/>, e.g. (-3, 2); 0 for a side without lanes.</summary>
    public (int Min, int Max) LaneIdRange(double s)
    {
        LaneSection sec = SectionAt(s);
        return (-sec.RightLanes.Length, sec.LeftLanes.Length);
    }

    /// <summary>Borders of a lane; false when the section lacks the lane.</summary>
    internal bool Borders(int laneId, double s, out double inner, out double outer)
        => Borders(laneId, s, slopes: false, out inner, out outer, out _, out _);

    /// <summary>Borders of a lane and their derivatives in s; false when the section lacks the lane.</summary>
    internal bool Borders(int laneId, double s, out double inner, out double outer, out double dInner, out double dOuter)
        => Borders(laneId, s, slopes: true, out inner, out outer, out dInner, out dOuter);

    // Slopes only on request: most queries (lane centres, borders) never use them, and they cost a
    // derivative per lane.
    private bool Borders(int laneId, double s, bool slopes, out double inner, out double outer, out double dInner, out double dOuter)
    {
        LaneSection sec = SectionAt(s);
        double ds = s - sec.S;
        double acc = LaneOffset.Evaluate(s);
        double dAcc = slopes ? LaneOffset.Derivative(s) : 0;
        inner = outer = acc;
        dInner = dOuter = dAcc;
        if (laneId == 0)
        {
            return true;
        }
        Lane[] lanes = laneId > 0 ? sec.LeftLanes : sec.RightLanes;
        // Compared as a long: int.MinValue has no int magnitude (Math.Abs would throw).
        long n = Math.Abs((long)laneId);
        if (n > lanes.Length)
        {
            return false;
        }
        double sign = laneId > 0 ? 1 : -1;
        for (int j = 0; j < n; j++)
        {
            PiecewiseCubic width = lanes[j].Width;
            double w = width.Evaluate(ds);
            double dw = slopes && w > 0 ? width.Derivative(ds) : 0;
            if (w < 0)
            {
                w = 0;
            }
            inner = acc;
            dInner = dAcc;
            acc += sign * w;
            dAcc += sign * dw;
        }
        outer = acc;
        dOuter = dAcc;
        return true;
    }

    private static int Walk(Lane[] lanes, double ds, double off, double t, int sign)
    {
        double acc = off;
        int last = 0;
        for (int j = 0; j < lanes.Length; j++)
        {
            double w = lanes[j].Width.Evaluate(ds);
            if (w <= MinLaneWidth)
            {
                continue;
            }
            double next = acc + sign * w;
            if (sign > 0 ? t < next : t > next)
            {
                return sign * (j + 1);
            }
            acc = next;
            last = sign * (j + 1);
        }
        return t == acc ? last : 0;
    }

    private void ThrowNoLane(int laneId, double s)
    {
        (int min, int max) = LaneIdRange(s);
        throw new ArgumentException($"road '{Id}' has no lane {laneId} at s={s} (lanes there: {min}..{max})", nameof(laneId));
    }
}
