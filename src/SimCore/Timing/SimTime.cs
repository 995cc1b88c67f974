namespace SimCore.Timing;

/// <summary>
/// Simulation time in integer nanoseconds. Integer ticks keep a run free of floating-point drift:
/// step k is exactly k * step, whatever the step count.
/// </summary>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    /// <summary>Nanoseconds per second.</summary>
    public const long NanosecondsPerSecond = 1_000_000_000L;

    /// <summary>Time zero.</summary>
    public static SimTime Zero => default;

    /// <summary>The time in seconds (for physics; never accumulate it).</summary>
    public double Seconds => Nanoseconds / (double)NanosecondsPerSecond;

    /// <summary>Converts seconds to the nearest nanosecond.</summary>
    public static SimTime FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "time must be finite");
        }
        return new SimTime((long)Math.Round(seconds * NanosecondsPerSecond, MidpointRounding.AwayFromZero));
    }

    /// <summary>Sum.</summary>
    public static SimTime operator +(SimTime a, SimTime b) => new(a.Nanoseconds + b.Nanoseconds);

    /// <summary>Difference.</summary>
    public static SimTime operator -(SimTime a, SimTime b) => new(a.Nanoseconds - b.Nanoseconds);

    /// <summary>Comparison.</summary>
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Comparison.</summary>
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Comparison.</summary>
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Comparison.</summary>
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;

    /// <inheritdoc />
    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <inheritdoc />
    public override string ToString() => Seconds.ToString("0.000######", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
