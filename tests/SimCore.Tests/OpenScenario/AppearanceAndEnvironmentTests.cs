using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>LightStateAction (vehicle lights) and EnvironmentAction (time of day, fog).</summary>
public sealed class AppearanceAndEnvironmentTests
{
    private static string Light(string type, string state, double transition = 0)
        => $"""<PrivateAction><AppearanceAction><LightStateAction transitionTime="{transition}"><LightType><VehicleLight vehicleLightType="{type}"/></LightType>{state}</LightStateAction></AppearanceAction></PrivateAction>""";

    private static Recorded Play(string init, string events, double stop = 4)
        => new(Load(Doc(Xosc.Entities("Car", "Other"), Place("Car", Lane(-1, 10), 10) + Place("Other", Lane(-2, 10), 10) + $"<Private entityRef=\"Car\">{init}</Private>",
            Story("Car", events), stopAt: stop)));

    [Fact]
    public void A_flashing_light_is_lit_in_its_on_phases()
    {
        Recorded r = Play(Light("indicatorLeft", """<LightState mode="flashing" flashingOnDuration="0.2" flashingOffDuration="0.3"/>"""), Event("Idle", SpeedTo(10), Trigger(SimTime(100))), stop: 1);
        // Switched at 0 (an Init action): on [0, 0.2), off [0.2, 0.5), on [0.5, 0.7) ...
        Assert.Equal(VehicleLights.IndicatorLeft, r.At("Car", 0).Lights);
        Assert.Equal(VehicleLights.IndicatorLeft, r.At("Car", 0.19).Lights);
        Assert.Equal(VehicleLights.None, r.At("Car", 0.2).Lights);
        Assert.Equal(VehicleLights.None, r.At("Car", 0.49).Lights);
        Assert.Equal(VehicleLights.IndicatorLeft, r.At("Car", 0.5).Lights);
        Assert.Equal(VehicleLights.None, r.At("Car", 0.7).Lights);
        Assert.True(r.At("Car", 0).LightsSet);
        Assert.False(r.At("Other", 0.5).LightsSet);
    }

    [Fact]
    public void A_light_switched_off_stays_lit_over_its_transition()
    {
        string on = Light("brakeLights", """<LightState mode="on" luminousIntensity="300"/>""");
        string off = Light("brakeLights", """<LightState mode="off"/>""", transition: 1);
        Recorded r = Play("", Event("On", on, Trigger(SimTime(1))) + Event("Off", off, Trigger(SimTime(2)), priority: "parallel"));
        // Switched on in the storyboard pass at 1.01 (seen in the state after that step, 1.02);
        // off asked at 2.01, dimming for 1 s, so dark from 3.01.
        Assert.False(r.At("Car", 1.01).LightsSet);
        Assert.Equal(VehicleLights.Brake, r.At("Car", 1.02).Lights);
        Assert.Equal(VehicleLights.Brake, r.At("Car", 3.0).Lights);
        Assert.Equal(VehicleLights.None, r.At("Car", 3.01).Lights);
        // The action lasts its transition time.
        Assert.Equal(3.01, r.Result.Events.Single(e => e.Type == "event_end" && e.Name == "Off").Time, 9);
    }

    [Fact]
    public void Warning_lights_are_both_indicators()
    {
        Recorded r = Play(Light("warningLights", """<LightState mode="on"/>"""), Event("Idle", SpeedTo(10), Trigger(SimTime(100))), stop: 0.5);
        Assert.Equal(VehicleLights.IndicatorLeft | VehicleLights.IndicatorRight, r.At("Car", 0.1).Lights);
    }

    [Fact]
    public void An_unknown_light_type_is_an_error_with_a_suggestion()
    {
        string xml = Doc(Xosc.Entities("Car"), Place("Car", Lane(-1, 10), 10) + $"<Private entityRef=\"Car\">{Light("indicatorLeftt", """<LightState mode="on"/>""")}</Private>");
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("'indicatorLeftt' is not a vehicleLightType", e.Message);
        Assert.Contains("indicatorLeft", e.Message.Replace("'indicatorLeftt'", string.Empty, StringComparison.Ordinal));
        Assert.Equal(LineOf(xml, "indicatorLeftt"), e.Location.Line);
    }

    private static string Environment(string body) => $"<GlobalAction><EnvironmentAction><Environment name=\"e\">{body}</Environment></EnvironmentAction></GlobalAction>";

    [Fact]
    public void Environment_actions_set_the_time_of_day_and_the_fog()
    {
        string init = Environment("""<TimeOfDay animation="false" dateTime="2025-06-13T21:30:00+02:00"/><Weather><Fog visualRange="80"/></Weather>""");
        string dawn = Environment("""<TimeOfDay animation="false" dateTime="2025-06-14T06:15:00"/>""");
        string xml = Doc(Xosc.Entities("Car"), Place("Car", Lane(-1, 10), 10) + init, Story("Car", Event("Dawn", dawn, Trigger(SimTime(1)))), stopAt: 2);
        Scenario s = Load(xml);
        // The clock time of the dateTime, whatever its zone; the Init environment is the start one.
        Assert.Equal(21.5, s.Environment.TimeOfDay, 9);
        Assert.Equal(80, s.Environment.Visibility, 9);
        var sim = new Simulator(s, new SimulationOptions { Step = 0.01 });
        RunResult r = sim.Run();
        Assert.Equal(6.25, sim.World.Environment.TimeOfDay, 9);
        Assert.Equal(80, sim.World.Environment.Visibility, 9);
        Assert.Contains(r.Events, e => e.Type == "environment" && e.Time == 1.01);
    }

    [Fact]
    public void Weather_that_is_not_modelled_is_named_in_a_warning()
    {
        string init = Environment("""<Weather cloudState="overcast"><Precipitation precipitationType="rain" intensity="0.5"/></Weather><RoadCondition frictionScaleFactor="0.7"/>""");
        Load(Doc(Xosc.Entities("Car"), Place("Car", Lane(-1, 10), 10) + init), out List<InputError> warnings);
        Assert.Contains(warnings, w => w.Message.Contains("<Precipitation> is not modelled"));
        Assert.Contains(warnings, w => w.Message.Contains("'cloudState' is not modelled"));
        Assert.Contains(warnings, w => w.Message.Contains("<RoadCondition> is not modelled"));
    }
}
