namespace SimCore.Roads;

/// <summary>Where to sample a road along s when drawing or meshing it.</summary>
public static class RoadSampling
{
    /// <summary>Longest step (m) on straight road.</summary>
    public const double MaxStep = 4.0;

    /// <summary>
    /// s values from <paramref name="s0"/> to <paramref name="s1"/> (both included): steps of at most
    /// <see cref="MaxStep"/>, shorter on curves so that the chord error stays under
    /// <paramref name="chordError"/> (m), and never under 0.25 m.
    /// </summary>
    public static List<double> Along(Road road, double s0, double s1, double chordError = 0.02)
    {
        var list = new List<double> { s0 };
        double s = s0;
        while (s < s1 - 1e-6)
        {
            double k = Math.Abs(road.ReferenceLine.Evaluate(s).Curvature);
            double step = k > 1e-9 ? Math.Clamp(Math.Sqrt(8 * chordError / k), 0.25, MaxStep) : MaxStep;
            s = Math.Min(s1, s + step);
            list.Add(s);
        }
        return list;
    }

    /// <summary>The s range [start, end) of section <paramref name="index"/> of <paramref name="road"/>.</summary>
    public static (double Start, double End) SectionRange(Road road, int index)
        => (Math.Max(0, road.Sections[index].S), index + 1 < road.Sections.Count ? road.Sections[index + 1].S : road.Length);
}
