namespace SimCore.Roads;

/// <summary>One lane of a lane section (OpenDRIVE <c>&lt;lane&gt;</c>); the centre lane 0 is implicit.</summary>
public sealed class Lane
{
    /// <summary>Creates a lane.</summary>
    /// <param name="id">Non-zero OpenDRIVE id: positive left of the centre lane, negative right.</param>
    /// <param name="type">Lane type.</param>
    /// <param name="width">Width as a function of s relative to the section start.</param>
    /// <param name="speedLimit">Lane speed limit in m/s, if the file gives one.</param>
    /// <param name="predecessor">Id of the connected lane in the preceding section or road, if any.</param>
    /// <param name="successor">Id of the connected lane in the following section or road, if any.</param>
    /// <param name="speedRecords">Speed records by offset from the section start (m/s), if the limit varies along the lane; <paramref name="speedLimit"/> then is the first one's.</param>
    /// <param name="roadMarks">Road marks on the lane's outer border, ordered by offset.</param>
    /// <param name="level">OpenDRIVE <c>level</c>: the lane keeps its inner neighbour's height (excluded from superelevation).</param>
    public Lane(
        int id,
        LaneType type,
        PiecewiseCubic width,
        double? speedLimit = null,
        int? predecessor = null,
        int? successor = null,
        IReadOnlyList<SpeedRecord>? speedRecords = null,
        IReadOnlyList<RoadMark>? roadMarks = null,
        bool level = false)
    {
        if (id == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "lane 0 is the centre lane and has no width; it is implicit");
        }
        ArgumentNullException.ThrowIfNull(width);
        if (speedLimit is double v && !(v >= 0 && double.IsFinite(v)))
        {
            throw new ArgumentOutOfRangeException(nameof(speedLimit), speedLimit, $"lane {id}: speed limit must be finite and >= 0");
        }
        Id = id;
        Type = type;
        Width = width;
        SpeedLimit = speedLimit;
        Predecessor = predecessor;
        Successor = successor;
        _speedRecords = speedRecords is null ? [] : [.. speedRecords];
        RoadMarks = roadMarks is null ? [] : [.. roadMarks];
        Level = level;
    }

    private readonly SpeedRecord[] _speedRecords;

    /// <summary>OpenDRIVE lane id.</summary>
    public int Id { get; }

    /// <summary>Lane type.</summary>
    public LaneType Type { get; }

    /// <summary>Width, metres, as a function of s relative to the section start.</summary>
    public PiecewiseCubic Width { get; }

    /// <summary>Speed limit in m/s, if given for the lane.</summary>
    public double? SpeedLimit { get; }

    /// <summary>Id of the connected lane upstream, if any.</summary>
    public int? Predecessor { get; }

    /// <summary>Id of the connected lane downstream, if any.</summary>
    public int? Successor { get; }

    /// <summary>Speed records along the lane (offsets from the section start, m/s); empty when the file gave at most a single limit through <see cref="SpeedLimit"/>.</summary>
    public IReadOnlyList<SpeedRecord> SpeedRecords => _speedRecords;

    /// <summary>Road marks on the lane's outer border, ordered by offset from the section start.</summary>
    public IReadOnlyList<RoadMark> RoadMarks { get; }

    /// <summary>OpenDRIVE <c>level</c> flag: the lane is excluded from superelevation.</summary>
    public bool Level { get; }

    /// <summary>Speed limit in m/s at <paramref name="ds"/> metres from the section start: the last speed record starting at or before it, else <see cref="SpeedLimit"/>.</summary>
    public double? SpeedLimitAt(double ds)
    {
        SpeedRecord[] records = _speedRecords;
        if (records.Length == 0)
        {
            return SpeedLimit;
        }
        int i = records.Length - 1;
        while (i > 0 && records[i].Start > ds)
        {
            i--;
        }
        return records[i].Max;
    }
}
