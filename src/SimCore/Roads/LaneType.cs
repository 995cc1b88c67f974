namespace SimCore.Roads;

/// <summary>OpenDRIVE lane types (the subset the simulator distinguishes).</summary>
public enum LaneType
{
    /// <summary>No type (OpenDRIVE <c>none</c>).</summary>
    None,

    /// <summary>A normal driving lane.</summary>
    Driving,

    /// <summary>A hard shoulder.</summary>
    Shoulder,

    /// <summary>A border lane at the road edge.</summary>
    Border,

    /// <summary>An emergency stopping lane.</summary>
    Stop,

    /// <summary>A pedestrian sidewalk.</summary>
    Sidewalk,

    /// <summary>A bicycle lane.</summary>
    Biking,

    /// <summary>A lane closed to vehicles (hatched area).</summary>
    Restricted,

    /// <summary>A parking lane.</summary>
    Parking,

    /// <summary>A median between carriageways.</summary>
    Median,

    /// <summary>A curb.</summary>
    Curb,

    /// <summary>An acceleration lane joining the carriageway.</summary>
    Entry,

    /// <summary>A deceleration lane leaving the carriageway.</summary>
    Exit,

    /// <summary>A ramp onto a motorway.</summary>
    OnRamp,

    /// <summary>A ramp off a motorway.</summary>
    OffRamp,
}
