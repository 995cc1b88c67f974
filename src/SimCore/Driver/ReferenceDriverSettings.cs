namespace SimCore.Driver;

/// <summary>Tuning of the built-in reference driver. Defaults follow common ACC/AEB practice.</summary>
public sealed record ReferenceDriverSettings
{
    /// <summary>Set speed (m/s); null takes the lane's speed limit, else the start speed.</summary>
    public double? CruiseSpeed { get; init; }
    /// <summary>Time gap to the lead vehicle (s); ISO 15622 ACC allows 0.8 to 2.2 s.</summary>
    public double TimeGap { get; init; } = 1.8;
    /// <summary>Gap kept at standstill (m).</summary>
    public double StandstillGap { get; init; } = 4.0;
    /// <summary>Largest acceleration the ACC asks for (m/s^2).</summary>
    public double MaxAcceleration { get; init; } = 2.0;
    /// <summary>Comfortable deceleration of the ACC (m/s^2).</summary>
    public double ComfortDeceleration { get; init; } = 3.0;
    /// <summary>Strongest braking the ACC itself commands (m/s^2); ISO 15622 allows up to 5 at speed.</summary>
    public double MaxAccDeceleration { get; init; } = 5.0;
    /// <summary>Largest rate of change of the ACC's acceleration demand (m/s^3); ISO 15622 uses 2.5 on average.</summary>
    public double MaxAccJerk { get; init; } = 2.5;
    /// <summary>Lateral acceleration allowed in curves, which caps the speed (m/s^2).</summary>
    public double MaxLateralAcceleration { get; init; } = 2.0;
    /// <summary>Time to collision below which AEB brakes partially (s).</summary>
    public double AebWarningTtc { get; init; } = 1.6;
    /// <summary>Time to collision below which AEB brakes fully (s).</summary>
    public double AebFullBrakeTtc { get; init; } = 1.0;
    /// <summary>Partial braking level (m/s^2).</summary>
    public double AebPartialDeceleration { get; init; } = 4.0;
    /// <summary>Pure-pursuit look-ahead time (s).</summary>
    public double LookAheadTime { get; init; } = 1.0;
    /// <summary>Shortest look-ahead distance (m).</summary>
    public double MinLookAhead { get; init; } = 6.0;
    /// <summary>Keep to the speed limit.</summary>
    public bool ObeySpeedLimit { get; init; } = true;
}
