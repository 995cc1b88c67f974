namespace SimCore.Roads;

/// <summary>
/// An OpenDRIVE <c>&lt;laneSection&gt;</c>: the lanes valid from <see cref="S"/> until the next
/// section's start.
/// </summary>
public sealed class LaneSection
{
    /// <summary>Creates a section.</summary>
    /// <param name="s">Road coordinate of the section start, metres.</param>
    /// <param name="left">Left lanes ordered inner to outer, ids 1, 2, ...</param>
    /// <param name="right">Right lanes ordered inner to outer, ids -1, -2, ...</param>
    /// <param name="speedLimit">Section-wide speed limit in m/s, if any.</param>
    /// <param name="centerRoadMarks">Road marks of the centre lane (on the centre line), if any.</param>
    /// <exception cref="ArgumentException">Lane ids not consecutive from the centre outwards.</exception>
    public LaneSection(double s, IReadOnlyList<Lane> left, IReadOnlyList<Lane> right, double? speedLimit = null, IReadOnlyList<RoadMark>? centerRoadMarks = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (!double.IsFinite(s))
        {
            throw new ArgumentOutOfRangeException(nameof(s), s, "section start must be finite");
        }
        LeftLanes = Copy(left, +1, s, nameof(left));
        RightLanes = Copy(right, -1, s, nameof(right));
        S = s;
        SpeedLimit = speedLimit;
        CenterRoadMarks = centerRoadMarks is null ? [] : [.. centerRoadMarks];
    }

    /// <summary>Road marks of the centre lane 0 (on the centre line), ordered by offset.</summary>
    public IReadOnlyList<RoadMark> CenterRoadMarks { get; }

    /// <summary>Road coordinate of the section start, metres.</summary>
    public double S { get; }

    /// <summary>Left lanes, inner to outer (ids 1, 2, ...).</summary>
    public IReadOnlyList<Lane> Left => LeftLanes;

    /// <summary>Right lanes, inner to outer (ids -1, -2, ...).</summary>
    public IReadOnlyList<Lane> Right => RightLanes;

    /// <summary>Section-wide speed limit in m/s, if any.</summary>
    public double? SpeedLimit { get; }

    // Arrays, so hot paths index without interface dispatch.
    internal Lane[] LeftLanes { get; }

    internal Lane[] RightLanes { get; }

    /// <summary>The lane with OpenDRIVE id <paramref name="id"/>, or null (always null for 0).</summary>
    public Lane? GetLane(int id)
    {
        if (id > 0)
        {
            return id <= LeftLanes.Length ? LeftLanes[id - 1] : null;
        }
        if (id < 0)
        {
            return -id <= RightLanes.Length ? RightLanes[-id - 1] : null;
        }
        return null;
    }

    private static Lane[] Copy(IReadOnlyList<Lane> lanes, int sign, double s, string param)
    {
        var result = new Lane[lanes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            Lane lane = lanes[i] ?? throw new ArgumentException($"section at s={s}: lane {i} is null", param);
            if (lane.Id != sign * (i + 1))
            {
                throw new ArgumentException(
                    $"section at s={s}: {(sign > 0 ? "left" : "right")} lane at position {i} has id {lane.Id}, expected {sign * (i + 1)} (lanes must be ordered from the centre outwards)",
                    param);
            }
            result[i] = lane;
        }
        return result;
    }
}
