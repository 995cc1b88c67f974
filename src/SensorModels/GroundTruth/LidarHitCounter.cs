using SensorModels.Lidar;
using SensorModels.Output;
using SensorModels.Runtime;
using SimCore.Diagnostics;

namespace SensorModels.GroundTruth;

/// <summary>
/// Counts a lidar's points per entity from its "lidar.v1" outputs as they pass to the next sink:
/// the counts of the last complete sweep (all its packets, joined by <see cref="LidarSweepAssembler"/>)
/// are what ground truth reports. Reads the documented payload only (per point the int32 entity id
/// at +24), so it needs nothing from the lidar's internals.
/// </summary>
internal sealed class LidarHitCounter : ISensorSink
{
    private readonly ISensorSink? _next;
    private readonly Dictionary<string, (LidarSweepAssembler Sweeps, Dictionary<int, int> Counts)> _lidars = new(StringComparer.Ordinal);

    public LidarHitCounter(IEnumerable<string> lidars, ISensorSink? next)
    {
        _next = next;
        foreach (string l in lidars)
        {
            _lidars[l] = (new LidarSweepAssembler(l), new Dictionary<int, int>());
        }
    }

    /// <summary>Points of the last complete sweep of <paramref name="lidar"/> on <paramref name="entity"/>; -1 before the first sweep.</summary>
    public int Points(string lidar, int entity)
    {
        var l = _lidars[lidar];
        return !l.Sweeps.HasSweep ? -1 : l.Counts.TryGetValue(entity, out int n) ? n : 0;
    }

    /// <inheritdoc />
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (_lidars.TryGetValue(frame.Sensor, out var l) && frame.Format == "lidar.v1" && payload.Length >= 16 && l.Sweeps.Add(frame, payload))
        {
            l.Counts.Clear();
            l.Sweeps.CountEntityPoints(l.Counts);
        }
        _next?.Write(frame, payload);
    }

    /// <summary>
    /// Connects every ground-truth sensor of <paramref name="rig"/> that names a lidar to a counter in
    /// front of <paramref name="next"/>; returns the sink the rig should write to (<paramref name="next"/>
    /// itself when no ground truth asks). A name that is not a lidar of the rig is an input error.
    /// </summary>
    public static ISensorSink Connect(SensorRig rig, ISensorSink next)
    {
        var wanted = rig.Sensors.OfType<GroundTruthSensor>().Where(g => g.LidarName is not null).ToList();
        if (wanted.Count == 0)
        {
            return next;
        }
        var errors = new List<InputError>();
        foreach (GroundTruthSensor g in wanted)
        {
            if (!rig.Sensors.Any(s => s.Definition.Name == g.LidarName && s.Definition.Type == "lidar"))
            {
                var lidars = rig.Sensors.Where(s => s.Definition.Type == "lidar").Select(s => s.Definition.Name).ToList();
                errors.Add(new InputError(g.LidarWhere, $"sensor '{g.Definition.Name}': 'lidar' names '{g.LidarName}', which is not a lidar of the rig; lidars: {(lidars.Count == 0 ? "none" : string.Join(", ", lidars))}"));
            }
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        var counter = new LidarHitCounter(wanted.Select(g => g.LidarName!), next);
        foreach (GroundTruthSensor g in wanted)
        {
            string name = g.LidarName!;
            g.LidarPoints = id => counter.Points(name, id);
        }
        return counter;
    }
}
