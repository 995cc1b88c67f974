using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Conformance;

namespace SimCore.Tests.OpenScenario;

/// <summary>ActivateControllerAction switches the ego between the reference driver and the storyboard.</summary>
public sealed class ControllerActionTests
{
    private static string Activate(bool on)
        => $"<PrivateAction><ActivateControllerAction longitudinal=\"{(on ? "true" : "false")}\" lateral=\"{(on ? "true" : "false")}\"/></PrivateAction>";

    private static (EsminiTrajectory Trace, RunResult Result) Run(bool deactivate)
    {
        string events = (deactivate ? Xosc.Event("off", Activate(false), Xosc.Trigger(Xosc.SimTime(2, "greaterOrEqual"))) : string.Empty)
            + Xosc.Event("slow", Xosc.SpeedTo(10), Xosc.Trigger(Xosc.SimTime(3, "greaterOrEqual")), priority: "parallel");
        string xml = Xosc.Doc(Xosc.Entities("Ego"), Xosc.Place("Ego", Xosc.Lane(-1, 50), 20), Xosc.Story("Ego", events), stopAt: 6);
        Scenario s = Xosc.Load(xml, out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Reference });
        var sim = new Simulator(s, new SimulationOptions { Step = 0.01 });
        EsminiTrajectory t = EsminiTrajectory.Record(sim);
        return (t, sim.Result());
    }

    private static TrajectoryRow At(EsminiTrajectory t, double time) => t.Rows("Ego").First(r => Math.Abs(r.Time - time) < 1e-6);

    [Fact]
    public void WithTheDriverOffTheStoryboardSetsTheSpeedAtOnce()
    {
        (EsminiTrajectory t, RunResult r) = Run(deactivate: true);
        Assert.Contains(r.Events, e => e.Type == "controller_action" && e.Detail!.Contains("deactivated", StringComparison.Ordinal));
        // The step speed change starts at 3.00 and is felt in the step to 3.01 (no driver, no ramp).
        Assert.Equal(10.0, At(t, 3.01).Speed, 9);
        // Lane-bound from 2 s on: it keeps lane -1's centre (t = -1.75 on road r).
        Assert.Equal(-1.75, At(t, 5.0).Y, 6);
    }

    [Fact]
    public void WithTheDriverOnTheSpeedActionOnlyMovesTheSetSpeed()
    {
        (EsminiTrajectory t, _) = Run(deactivate: false);
        // The ACC brakes within its comfort limits: 0.01 s later the car is still near 20 m/s.
        Assert.True(At(t, 3.01).Speed > 19.9, $"speed {At(t, 3.01).Speed}");
        Assert.True(At(t, 6.0).Speed < 15, $"speed {At(t, 6.0).Speed}");
    }
}
