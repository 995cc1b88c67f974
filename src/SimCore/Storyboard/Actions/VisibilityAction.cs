using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>
/// OpenSCENARIO VisibilityAction: whether other road users (traffic), sensor models (sensors)
/// and views of the scene (graphics) see an entity. It still moves and collides.
/// </summary>
internal sealed class VisibilityAction(string name, string entity, bool graphics, bool traffic, bool sensors) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        e.HiddenFromGraphics = !graphics;
        e.HiddenFromTraffic = !traffic;
        e.HiddenFromSensors = !sensors;
        world.Emit("visibility", e.Name, $"graphics {Word(graphics)}, traffic {Word(traffic)}, sensors {Word(sensors)}", e);
        return CompletedRun.Instance;
    }

    private static string Word(bool b) => b ? "on" : "off";
}
