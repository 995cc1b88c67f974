namespace Sim.Runtime.Scoring;

/// <summary>Thresholds and limits of a <see cref="PerceptionScorer"/> (docs/hil-scoring.md).</summary>
internal sealed record PerceptionScorerOptions
{
    /// <summary>Perceived objects scoring below this are ignored: neither true nor false positives.</summary>
    public double ScoreThreshold { get; init; } = 0.3;

    /// <summary>A perceived object matches a ground-truth object of its class whose box centre is at most this far away in the bird's-eye view (m).</summary>
    public double DistanceThreshold { get; init; } = 2.0;

    /// <summary>Consecutive scored ticks an object must stay missed (or a perceived id stay unmatched) before it makes an event.</summary>
    public int MissFrames { get; init; } = 3;

    /// <summary>Events kept; later ones are only counted.</summary>
    public int MaxEvents { get; init; } = 1000;

    /// <summary>
    /// Class names outside the protocol's six kept apart in the counts. A target may send any
    /// string as a class (such objects never match and count as false positives); names past
    /// this many are counted under <see cref="PerceptionScorer.OtherClass"/> so that a
    /// misbehaving target cannot grow the report without bound.
    /// </summary>
    public int MaxUnknownClasses { get; init; } = 8;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold or limit is out of range.</exception>
    public void Validate()
    {
        if (!(ScoreThreshold >= 0 && ScoreThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "the score threshold must be within 0..1");
        }
        if (!(DistanceThreshold > 0) || double.IsPositiveInfinity(DistanceThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(DistanceThreshold), DistanceThreshold, "the distance threshold must be a positive number of metres");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MissFrames, 1, nameof(MissFrames));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxEvents, nameof(MaxEvents));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxUnknownClasses, nameof(MaxUnknownClasses));
    }
}
