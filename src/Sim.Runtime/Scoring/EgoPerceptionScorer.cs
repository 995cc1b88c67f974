using HilBridge.Protocol.Messages;
using SimCore.Simulation;

namespace Sim.Runtime.Scoring;

/// <summary>
/// Scores what an ego perceived against the scene it was in: the ground truth is every other
/// entity within <see cref="Range"/> of the ego; perceived objects beyond it are neither hits nor
/// false positives. The one rule for HIL targets, models in the loop and replay (docs/hil-scoring.md).
/// </summary>
internal sealed class EgoPerceptionScorer
{
    /// <summary>How far from the ego's reference point ground truth is scored (m).</summary>
    public const double Range = 150;

    private readonly List<PerceivedObject> _inRange = new();
    private GroundTruthBox[] _boxes = [];

    /// <summary>The per-class scores and events so far.</summary>
    public PerceptionScorer Scorer { get; } = new();

    /// <summary>Scores <paramref name="perceived"/> (ego vehicle frame) against <paramref name="entities"/> seen from entity <paramref name="ego"/> at <paramref name="timeNs"/>.</summary>
    public void Score(long timeNs, ReadOnlySpan<EntitySnapshot> entities, int ego, IReadOnlyList<PerceivedObject> perceived)
    {
        if (_boxes.Length < entities.Length)
        {
            _boxes = new GroundTruthBox[entities.Length];
        }
        int n = GroundTruthFrame.FromSnapshots(entities, ego, Range, _boxes);
        _inRange.Clear();
        for (int i = 0; i < perceived.Count; i++) // not foreach: an interface's enumerator is an allocation per answer
        {
            PerceivedObject o = perceived[i];
            if (Math.Sqrt(o.X * o.X + o.Y * o.Y + o.Z * o.Z) <= Range)
            {
                _inRange.Add(o);
            }
        }
        Scorer.Score(timeNs, _boxes.AsSpan(0, n), _inRange);
    }
}
