namespace SimCore.Roads;

/// <summary>How a lane border is painted.</summary>
public enum MarkingStyle
{
    /// <summary>A continuous line.</summary>
    Solid,

    /// <summary>Dashes of <see cref="LaneMarkings.Dash"/> m every <see cref="LaneMarkings.Dash"/> + <see cref="LaneMarkings.Gap"/> m of s.</summary>
    Broken,
}

/// <summary>A painted line on the outer border of a lane (lane 0: the centre line).</summary>
/// <param name="LaneId">The lane whose outer border carries it; 0 for the centre line.</param>
/// <param name="Style">Solid or broken.</param>
/// <param name="Width">Line width (m).</param>
public readonly record struct LaneMarking(int LaneId, MarkingStyle Style, double Width);

/// <summary>
/// The markings of a lane section: the file's road marks where the road has any (their first
/// record per lane; "none" paints nothing), otherwise solid edge and centre lines and broken lines
/// between drivable lanes of one direction.
/// </summary>
public static class LaneMarkings
{
    /// <summary>Dash length of a broken line (m).</summary>
    public const double Dash = 3.0;

    /// <summary>Gap between dashes (m).</summary>
    public const double Gap = 6.0;

    /// <summary>Width of a line the file does not size (m).</summary>
    public const double DefaultWidth = 0.15;

    /// <summary>The markings of section <paramref name="section"/> of <paramref name="road"/>: left lanes, right lanes, then the centre line.</summary>
    public static List<LaneMarking> Of(Road road, LaneSection section)
    {
        bool fileMarks = road.Sections.Any(sec => sec.CenterRoadMarks.Count > 0 || sec.Left.Concat(sec.Right).Any(l => l.RoadMarks.Count > 0));
        var marks = new List<LaneMarking>();
        foreach (IReadOnlyList<Lane> lanes in new[] { section.Left, section.Right })
        {
            for (int i = 0; i < lanes.Count; i++)
            {
                MarkingStyle? style = fileMarks ? Style(lanes[i].RoadMarks, out double? w) : Default(lanes, i, out w);
                if (style is { } st)
                {
                    marks.Add(new LaneMarking(lanes[i].Id, st, w ?? DefaultWidth));
                }
            }
        }
        double? cw = null;
        MarkingStyle? centre = fileMarks ? Style(section.CenterRoadMarks, out cw) : (section.Left.Count > 0 && section.Right.Count > 0 ? MarkingStyle.Solid : null);
        if (centre is { } c)
        {
            marks.Add(new LaneMarking(0, c, cw ?? DefaultWidth));
        }
        return marks;
    }

    /// <summary>The s intervals painted between <paramref name="a"/> and <paramref name="b"/>: all of it for a solid line, the dashes for a broken one.</summary>
    public static IEnumerable<(double From, double To)> Painted(MarkingStyle style, double a, double b)
    {
        if (style == MarkingStyle.Solid)
        {
            yield return (a, b);
            yield break;
        }
        const double period = Dash + Gap;
        for (double n = Math.Floor(a / period) * period; n < b; n += period)
        {
            double d0 = Math.Max(a, n), d1 = Math.Min(b, n + Dash);
            if (d1 > d0 + 1e-6)
            {
                yield return (d0, d1);
            }
        }
    }

    private static MarkingStyle? Style(IReadOnlyList<RoadMark> marks, out double? width)
    {
        width = null;
        if (marks.Count == 0 || marks[0].Type is "none" or "")
        {
            return null;
        }
        width = marks[0].Width;
        return marks[0].Type.Contains("broken", StringComparison.Ordinal) && !marks[0].Type.StartsWith("solid", StringComparison.Ordinal) ? MarkingStyle.Broken : MarkingStyle.Solid;
    }

    private static MarkingStyle? Default(IReadOnlyList<Lane> lanes, int i, out double? width)
    {
        width = null;
        bool drivable = lanes[i].Type is not (LaneType.Shoulder or LaneType.Border or LaneType.Sidewalk or LaneType.Curb or LaneType.Median or LaneType.None);
        if (!drivable)
        {
            return null;
        }
        bool nextDrivable = i + 1 < lanes.Count && lanes[i + 1].Type is LaneType.Driving or LaneType.Entry or LaneType.Exit or LaneType.OnRamp or LaneType.OffRamp;
        return nextDrivable ? MarkingStyle.Broken : MarkingStyle.Solid;
    }
}
