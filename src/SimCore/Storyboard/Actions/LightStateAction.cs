using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO 1.2+ LightStateAction (in an AppearanceAction): switches some of an entity's
/// lights on, off or to flashing. It lasts its transition time, over which the light dims or
/// brightens; the state stays after it ends.
/// </summary>
internal sealed class LightStateAction(string name, string entity, VehicleLights lights, LightMode mode, double intensity,
    double transition, double onDuration, double offDuration) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        e.Lights ??= new LightBank();
        e.Lights.Set(lights, mode, intensity, transition, onDuration, offDuration, world.Time.Nanoseconds);
        return transition > 0 ? new Run(world.Time.Nanoseconds + Timing.SimTime.FromSeconds(transition).Nanoseconds) : CompletedRun.Instance;
    }

    private sealed class Run(long endNs) : IActionRun
    {
        public bool IsDone(World world) => world.Time.Nanoseconds >= endNs;

        public void Stop(World world)
        {
        }
    }
}
