using System.Globalization;
using HilBridge.Protocol.Messages;

namespace Sim.Runtime.Scoring;

/// <summary>
/// Scores what a target perceived against ground truth, tick by tick, the way nuScenes matches
/// detections: per class, perceived objects at or above the score threshold are taken in
/// descending score order (ties by id) and each is matched to the nearest still unmatched
/// ground-truth object of its class whose box centre is within the distance threshold in the
/// bird's-eye view. Keeps per-class TP/FP/FN, IoU and centre error, and debounced events for
/// objects missed and ghosts reported for several ticks in a row (docs/hil-scoring.md).
/// Not thread-safe; one scorer per run. After the first ticks, scoring allocates only for new
/// object ids, new class names and events.
/// </summary>
internal sealed class PerceptionScorer
{
    /// <summary>Class name that perceived classes past <see cref="PerceptionScorerOptions.MaxUnknownClasses"/> are counted under.</summary>
    public const string OtherClass = "(other)";

    private readonly PerceptionScorerOptions _options;
    private readonly Dictionary<string, ClassAccumulator> _classes = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Streak> _missStreaks = new();
    private readonly Dictionary<long, Streak> _ghostStreaks = new();
    private readonly List<PerceptionEvent> _events = new();
    private readonly List<int> _staleMisses = new();
    private readonly List<long> _staleGhosts = new();
    private Candidate[] _candidates = new Candidate[16];
    private bool[] _truthMatched = new bool[16];
    private int _unknownClasses;
    private long _eventsDropped;
    private long _ticks;
    private long _firstNs, _lastNs, _shortestGapNs = long.MaxValue;

    /// <summary>Creates a scorer with the default options.</summary>
    public PerceptionScorer() : this(new PerceptionScorerOptions())
    {
    }

    /// <summary>Creates a scorer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PerceptionScorer(PerceptionScorerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The thresholds in use.</summary>
    public PerceptionScorerOptions Options => _options;

    /// <summary>Ticks scored so far.</summary>
    public long TicksScored => _ticks;

    /// <summary>
    /// Driving time scored so far (ns): from the first scored tick to the last, plus one frame
    /// interval (the shortest gap between consecutive scored ticks) for the last tick's own frame,
    /// so that N ticks scored every T give N x T; 0 with fewer than two scored ticks.
    /// </summary>
    public long ScoredNanoseconds => _shortestGapNs == long.MaxValue ? 0 : _lastNs - _firstNs + _shortestGapNs;

    /// <summary>
    /// Scores one tick: <paramref name="perceived"/> (what the target answered for the tick at
    /// <paramref name="timeNanoseconds"/>) against <paramref name="truth"/> (as
    /// <see cref="GroundTruthFrame"/> builds it for the same instant). Both in the ego frame.
    /// </summary>
    public void Score(long timeNanoseconds, ReadOnlySpan<GroundTruthBox> truth, IReadOnlyList<PerceivedObject> perceived)
    {
        ArgumentNullException.ThrowIfNull(perceived);
        long tick = _ticks++;
        Clock(tick, timeNanoseconds);

        // Candidates: at or above the score threshold, best first; ties by id, then by position in
        // the list so that the order is total and the outcome does not depend on the sort.
        int nc = 0;
        EnsureCapacity(ref _candidates, perceived.Count);
        for (int i = 0; i < perceived.Count; i++)
        {
            PerceivedObject p = perceived[i];
            if (p.Score >= _options.ScoreThreshold)
            {
                _candidates[nc++] = new Candidate(i, p.Score, p.Id, -1);
            }
        }
        // A cached Comparison: Array.Sort with an IComparer wraps it in a new delegate per call.
        _candidates.AsSpan(0, nc).Sort(CandidateOrder);

        EnsureCapacity(ref _truthMatched, truth.Length);
        Array.Clear(_truthMatched, 0, truth.Length);
        double limit2 = _options.DistanceThreshold * _options.DistanceThreshold;
        for (int c = 0; c < nc; c++)
        {
            ref Candidate cand = ref _candidates[c];
            PerceivedObject p = perceived[cand.Index];
            // Looked up in score order, so that which unknown class names are kept apart does
            // not depend on the order of the answer.
            ClassAccumulator acc = ClassOf(p.Class);
            int best = -1;
            double bestD2 = double.PositiveInfinity;
            for (int t = 0; t < truth.Length; t++)
            {
                if (_truthMatched[t] || !string.Equals(truth[t].Class, p.Class, StringComparison.Ordinal))
                {
                    continue;
                }
                double dx = truth[t].X - p.X, dy = truth[t].Y - p.Y, d2 = dx * dx + dy * dy;
                // Equal distances go to the lower entity id, whatever the order of the truth span.
                if (d2 <= limit2 && (d2 < bestD2 || (d2 == bestD2 && truth[t].Id < truth[best].Id)))
                {
                    (best, bestD2) = (t, d2);
                }
            }
            cand.Truth = best;
            if (best < 0)
            {
                acc.FalsePositives++;
                continue;
            }
            _truthMatched[best] = true;
            GroundTruthBox g = truth[best];
            acc.TruePositives++;
            acc.CentreErrorSum += Math.Sqrt(bestD2);
            acc.IouSum += BevIou.Compute(g.X, g.Y, g.Length, g.Width, g.Yaw, p.X, p.Y, p.Length, p.Width, p.Yaw);
        }

        // Misses, in truth order, then ghosts, in candidate order: a deterministic event order.
        for (int t = 0; t < truth.Length; t++)
        {
            if (_truthMatched[t])
            {
                continue;
            }
            GroundTruthBox g = truth[t];
            ClassAccumulator acc = ClassOf(g.Class);
            acc.FalseNegatives++;
            if (Advance(_missStreaks, g.Id, tick, timeNanoseconds, g.Class))
            {
                acc.MissEpisodes++;
                Streak s = _missStreaks[g.Id];
                Emit(new PerceptionEvent(s.FirstNanoseconds, PerceptionEvent.Missed, g.Class, g.Id,
                    string.Create(CultureInfo.InvariantCulture, $"{g.Class} {g.Id} missed at t={s.FirstNanoseconds / 1e9:F3} s")));
            }
        }
        for (int c = 0; c < nc; c++)
        {
            Candidate cand = _candidates[c];
            if (cand.Truth >= 0)
            {
                continue;
            }
            string cls = perceived[cand.Index].Class;
            if (Advance(_ghostStreaks, cand.Id, tick, timeNanoseconds, cls))
            {
                Streak s = _ghostStreaks[cand.Id];
                ClassOf(s.Class).GhostEpisodes++;
                Emit(new PerceptionEvent(s.FirstNanoseconds, PerceptionEvent.FalsePositive, s.Class, cand.Id,
                    string.Create(CultureInfo.InvariantCulture, $"false positive {s.Class} (target id {cand.Id}) at t={s.FirstNanoseconds / 1e9:F3} s")));
            }
        }
        Prune(_missStreaks, _staleMisses, tick);
        Prune(_ghostStreaks, _staleGhosts, tick);
    }

    /// <summary>The counts, metrics and events so far.</summary>
    public PerceptionReport Report()
    {
        string[] names = _classes.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var classes = new ClassScore[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            ClassAccumulator a = _classes[names[i]];
            classes[i] = new ClassScore(names[i], a.TruePositives, a.FalsePositives, a.FalseNegatives,
                a.TruePositives > 0 ? a.IouSum / a.TruePositives : null,
                a.TruePositives > 0 ? a.CentreErrorSum / a.TruePositives : null)
            {
                FalsePositiveEpisodes = a.GhostEpisodes,
                FalseNegativeEpisodes = a.MissEpisodes,
            };
        }
        return new PerceptionReport(_ticks, _options, classes, _events.ToArray(), _eventsDropped) { ScoredNanoseconds = ScoredNanoseconds };
    }

    private void Clock(long tick, long timeNanoseconds)
    {
        if (tick == 0)
        {
            (_firstNs, _lastNs) = (timeNanoseconds, timeNanoseconds);
            return;
        }
        // A tick at or before the last one (a late answer) adds no time and no gap.
        long gap = timeNanoseconds - _lastNs;
        if (gap > 0)
        {
            _lastNs = timeNanoseconds;
            _shortestGapNs = Math.Min(_shortestGapNs, gap);
        }
    }

    /// <summary>
    /// Counts one more bad tick for <paramref name="key"/>. A streak continues only from the
    /// previous scored tick: a tick where the object was matched, absent or below the score
    /// threshold ends it. True exactly once per streak, on its MissFrames-th tick.
    /// </summary>
    private bool Advance<TKey>(Dictionary<TKey, Streak> streaks, TKey key, long tick, long timeNanoseconds, string cls) where TKey : notnull
    {
        if (streaks.TryGetValue(key, out Streak? s))
        {
            if (s.LastTick == tick)
            {
                // The same id twice in one answer (a target bug): one bad tick, not two.
                return false;
            }
            if (s.LastTick != tick - 1)
            {
                s.Restart(tick, timeNanoseconds, cls);
            }
            else
            {
                s.LastTick = tick;
                s.Length++;
            }
        }
        else
        {
            s = new Streak();
            s.Restart(tick, timeNanoseconds, cls);
            streaks.Add(key, s);
        }
        return s.Length == _options.MissFrames;
    }

    private static void Prune<TKey>(Dictionary<TKey, Streak> streaks, List<TKey> stale, long tick) where TKey : notnull
    {
        // Streaks not extended this tick have ended; forget them so that the tables hold only
        // what is wrong now. Removal order does not matter: nothing is output from here.
        if (streaks.Count == 0)
        {
            return;
        }
        stale.Clear();
        foreach (KeyValuePair<TKey, Streak> kv in streaks)
        {
            if (kv.Value.LastTick != tick)
            {
                stale.Add(kv.Key);
            }
        }
        foreach (TKey k in stale)
        {
            streaks.Remove(k);
        }
    }

    private void Emit(PerceptionEvent e)
    {
        if (_events.Count < _options.MaxEvents)
        {
            _events.Add(e);
        }
        else
        {
            _eventsDropped++;
        }
    }

    private ClassAccumulator ClassOf(string name)
    {
        if (_classes.TryGetValue(name, out ClassAccumulator? a))
        {
            return a;
        }
        if (!ObjectClasses.IsKnown(name))
        {
            if (_unknownClasses == _options.MaxUnknownClasses)
            {
                name = OtherClass;
                if (_classes.TryGetValue(name, out a))
                {
                    return a;
                }
            }
            else
            {
                _unknownClasses++;
            }
        }
        a = new ClassAccumulator();
        _classes.Add(name, a);
        return a;
    }

    private static void EnsureCapacity<T>(ref T[] array, int n)
    {
        if (array.Length < n)
        {
            array = new T[Math.Max(n, 2 * array.Length)];
        }
    }

    private sealed class ClassAccumulator
    {
        public long TruePositives, FalsePositives, FalseNegatives, GhostEpisodes, MissEpisodes;
        public double IouSum, CentreErrorSum;
    }

    private sealed class Streak
    {
        public long LastTick;
        public int Length;
        public long FirstNanoseconds;
        public string Class = "";

        public void Restart(long tick, long timeNanoseconds, string cls) => (LastTick, Length, FirstNanoseconds, Class) = (tick, 1, timeNanoseconds, cls);
    }

    private record struct Candidate(int Index, double Score, long Id, int Truth);

    private static readonly Comparison<Candidate> CandidateOrder = static (x, y) =>
    {
        int c = y.Score.CompareTo(x.Score);
        if (c == 0)
        {
            c = x.Id.CompareTo(y.Id);
        }
        return c != 0 ? c : x.Index.CompareTo(y.Index);
    };
}
