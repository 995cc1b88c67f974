using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO EnvironmentAction: sets the time of day and the visibility (fog) the environment
/// gives; a part the environment leaves out keeps its current value.
/// </summary>
internal sealed class EnvironmentAction(string name, double? timeOfDay, double? visibility) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = [];

    public override bool ActsWhenTriggered => true;

    /// <summary>The environment after this action, from <paramref name="current"/>.</summary>
    public EnvironmentSettings Apply(EnvironmentSettings current)
        => current with { TimeOfDay = timeOfDay ?? current.TimeOfDay, Visibility = visibility ?? current.Visibility };

    public override IActionRun Start(World world)
    {
        world.Environment = Apply(world.Environment);
        world.Emit("environment", Name, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"time of day {world.Environment.TimeOfDay:0.##} h, visibility {world.Environment.Visibility:0.#} m"));
        return CompletedRun.Instance;
    }
}
