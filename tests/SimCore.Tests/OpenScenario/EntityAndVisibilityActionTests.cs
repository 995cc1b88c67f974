using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>EntityAction (AddEntityAction, DeleteEntityAction) and VisibilityAction.</summary>
public sealed class EntityAndVisibilityActionTests
{
    private static string Global(string body) => $"<GlobalAction>{body}</GlobalAction>";

    private static string Add(string entity, string position)
        => Global($"<EntityAction entityRef=\"{entity}\"><AddEntityAction><Position>{position}</Position></AddEntityAction></EntityAction>");

    private static string Delete(string entity) => Global($"<EntityAction entityRef=\"{entity}\"><DeleteEntityAction/></EntityAction>");

    [Fact]
    public void AnEntityThatOnlyAnAddEntityActionPlacesEntersTheRunThen()
    {
        string xml = Doc(Xosc.Entities("Ego", "Late"), Place("Ego", Lane(-1, 50), 10),
            Story("Ego", Event("Add", Add("Late", Lane(-2, 100)), Trigger(SimTime(1)))), stopAt: 3);
        var run = new Recorded(Load(xml, out List<InputError> warnings));
        Assert.DoesNotContain(warnings, w => w.Message.Contains("'Late' has no TeleportAction", StringComparison.Ordinal));
        // The event starts at 1.01 and its action changes the state recorded at 1.02.
        Assert.True(run.At("Late", 1.01).Removed);
        // On lane -2's centre: road r runs along +x, lanes 3.5 m wide, so y = -1.75 - 3.5.
        EntitySnapshot late = run.At("Late", 1.02);
        Assert.False(late.Removed);
        Assert.Equal(100, late.X, 9);
        Assert.Equal(-5.25, late.Y, 9);
        Assert.Contains(run.Result.Events, e => e.Type == "entity_added" && e.Name == "Late");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ADeletedEntityNoLongerCollides(bool delete)
    {
        // Ego at s = 50 and 10 m/s behind a standing car at s = 100 in its lane: boxes reach from
        // -1.1 to +3.9 m about the rear axle, so the bumpers touch when the ego is at s = 95, t = 4.5 s,
        // and overlap from the next step, 4.51 s.
        string init = Place("Ego", Lane(-1, 50), 10) + Place("Car", Lane(-1, 100), 0);
        string stories = delete ? Story("Ego", Event("Remove", Delete("Car"), Trigger(SimTime(2)))) : string.Empty;
        var run = new Recorded(Load(Doc(Xosc.Entities("Ego", "Car"), init, stories, stopAt: 6)));
        if (delete)
        {
            Assert.Empty(run.Result.Collisions);
            Assert.True(run.At("Car", 5.0).Removed);
            Assert.Contains(run.Result.Events, e => e.Type == "entity_deleted" && e.Name == "Car");
        }
        else
        {
            Assert.Equal(4.51, Assert.Single(run.Result.Collisions).Time, 9);
        }
    }

    [Fact]
    public void AddEntityActionNeedsAPosition()
    {
        string xml = Doc(Xosc.Entities("Ego", "Late"), Place("Ego", Lane(-1, 50), 10),
            Story("Ego", Event("Add", Global("<EntityAction entityRef=\"Late\"><AddEntityAction/></EntityAction>"), Trigger(SimTime(1)))));
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("<AddEntityAction> needs a <Position>", e.Message, StringComparison.Ordinal);
    }

    private static string Visibility(bool graphics, bool traffic, bool sensors)
        => $"<PrivateAction><VisibilityAction graphics=\"{B(graphics)}\" traffic=\"{B(traffic)}\" sensors=\"{B(sensors)}\"/></PrivateAction>";

    private static string B(bool b) => b ? "true" : "false";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TrafficDoesNotSeeAnEntityHiddenFromIt(bool hidden)
    {
        // The reference driver's ego follows a car 40 m ahead; hidden from traffic, the car is not
        // the ego's lead (no lead distance is ever measured), though it still collides.
        string init = Place("Ego", Lane(-1, 50), 10) + Place("Car", Lane(-1, 90), 10)
            + (hidden ? $"<Private entityRef=\"Car\">{Visibility(true, false, true)}</Private>" : string.Empty);
        Scenario s = Load(Doc(Xosc.Entities("Ego", "Car"), init, stopAt: 2), out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Reference });
        var run = new Recorded(s);
        double? lead = run.Result.Kpis.Single(k => k.Name == "min_lead_distance").Value;
        if (hidden)
        {
            Assert.Null(lead);
        }
        else
        {
            Assert.NotNull(lead);
        }
    }

    [Fact]
    public void SensorsAndGraphicsFlagsReachTheSnapshots()
    {
        string init = Place("Ego", Lane(-1, 50), 10) + Place("Car", Lane(-2, 90), 10);
        string stories = Story("Car", Event("Hide", Visibility(false, true, false), Trigger(SimTime(1))));
        var run = new Recorded(Load(Doc(Xosc.Entities("Ego", "Car"), init, stories, stopAt: 2)));
        Assert.False(run.At("Car", 1.01).HiddenFromSensors);
        EntitySnapshot hidden = run.At("Car", 1.02);
        Assert.True(hidden.HiddenFromSensors);
        Assert.True(hidden.HiddenFromGraphics);
        Assert.False(hidden.Removed);
    }
}
