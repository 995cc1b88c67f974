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
    public Lane(int id, LaneType type, PiecewiseCubic width, double? speedLimit = null, int? predecessor = null, int? successor = null)
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
    }

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
}
