namespace SimCore.Simulation;

/// <summary>Conditions that limit what drivers (and later sensors) can perceive.</summary>
public sealed record EnvironmentSettings
{
    /// <summary>Time of day in hours (0..24); night is before 6 and after 20.</summary>
    public double TimeOfDay { get; init; } = 12.0;

    /// <summary>Meteorological visibility (m), e.g. fog.</summary>
    public double Visibility { get; init; } = 10_000.0;

    /// <summary>True at night.</summary>
    public bool IsNight => TimeOfDay < 6.0 || TimeOfDay >= 20.0;

    /// <summary>
    /// How far a driver with low beams can recognise an object: about 60 m at night (low-beam
    /// reach for a pedestrian in dark clothes), otherwise limited by visibility only.
    /// </summary>
    public double PerceptionRange => Math.Min(Visibility, IsNight ? 60.0 : 250.0);
}
