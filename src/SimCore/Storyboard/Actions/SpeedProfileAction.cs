using SimCore.Entities;
using SimCore.Simulation;
using SimCore.Traffic;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO 1.2 SpeedProfileAction: a sequence of speed targets with times. For an entity
/// with the reference driver the last speed becomes its set speed.
/// </summary>
internal sealed class SpeedProfileAction(string name, string entity, IReadOnlyList<SpeedProfileEntry> entries, string? reference, bool follow, DynamicLimits limits) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.DriverActive)
        {
            double last = entries.Count > 0 ? entries[^1].Speed : e.Speed;
            e.Driver.CruiseSpeed = Math.Max(0, last + (reference is null ? 0 : world.Get(reference).Speed));
            return CompletedRun.Instance;
        }
        var control = new SpeedProfileControl(e, world, entries, reference, follow, limits);
        e.Longitudinal = control;
        if (e.Mode == MotionMode.Static)
        {
            e.Mode = MotionMode.Free;
        }
        return new LongitudinalRun(e, control);
    }
}
