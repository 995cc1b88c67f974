using SimCore.Dynamics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// OverrideControllerValueAction: pedal, gear, clutch and steering-wheel values replace the
/// driver's demand (<see cref="ControlOverrides"/> defines the mapping; the numbers below follow it by hand).
/// </summary>
public sealed class OverrideControllerValueTests
{
    // lf = 1.2, lr = 1.6: the rear axle carries lf / (lf + lr) = 3/7 of the weight.
    private static readonly VehicleParameters Car = VehicleParameters.CommonRoadVehicle2 with
    {
        Mass = 1500, MaxAcceleration = 3, MaxDeceleration = 9, DistanceCgToFront = 1.2, DistanceCgToRear = 1.6, SteeringRatio = 16,
    };

    private static double Accel(ControlOverrides o, double driver) => o.Apply(new ControlDemand(0.05, driver), Car).Acceleration;

    [Fact]
    public void PedalsReplaceWhatTheDriverAsksOfThem()
    {
        Assert.Equal(1.5 - 2, Accel(new ControlOverrides { Throttle = 0.5 }, -2), 12);     // throttle 0.5 * 3; the driver's braking stays
        Assert.Equal(2 - 4.5, Accel(new ControlOverrides { Brake = 0.5 }, 2), 12);         // brake 0.5 * 9 against the driver's drive
        Assert.Equal(-2, Accel(new ControlOverrides { BrakeForce = 3000 }, 0), 12);        // 3000 N / 1500 kg
        Assert.Equal(1 - 9 * 3.0 / 7, Accel(new ControlOverrides { ParkingBrake = 1 }, 1), 12);
        Assert.Equal(-9, Accel(new ControlOverrides { BrakeForce = 30000 }, 0), 12);       // 20 m/s^2 clamped to MaxDeceleration
    }

    [Fact]
    public void ClutchAndGearCutTheDrive()
    {
        Assert.Equal(0, Accel(new ControlOverrides { Throttle = 1, Clutch = 1 }, 0), 12);
        Assert.Equal(3 * 0.75, Accel(new ControlOverrides { Throttle = 1, Clutch = 0.25 }, 0), 12);
        Assert.Equal(0, Accel(new ControlOverrides { Gear = 0 }, 2), 12);
        Assert.Equal(0, Accel(new ControlOverrides { Gear = -1 }, 2), 12);
        Assert.Equal(0, Accel(new ControlOverrides { Park = true }, 2), 12);
        Assert.Equal(2, Accel(new ControlOverrides { Gear = 3 }, 2), 12);
    }

    [Fact]
    public void TheSteeringWheelTurnsTheRoadWheelsByTheSteeringRatio()
    {
        ControlDemand d = new ControlOverrides { SteeringWheel = 1.6 }.Apply(new ControlDemand(0.05, 1), Car);
        Assert.Equal(0.1, d.SteeringAngle, 12);
        Assert.Equal(1, d.Acceleration, 12);
        Assert.Equal(0.05, new ControlOverrides { Brake = 0 }.Apply(new ControlDemand(0.05, 1), Car).SteeringAngle, 12);
    }

    private static string Override(string body) => $"<PrivateAction><ControllerAction><OverrideControllerValueAction>{body}</OverrideControllerValueAction></ControllerAction></PrivateAction>";

    private static (Recorded Run, Simulator? Sim) Play(EgoDriverMode mode, string events)
    {
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 20), Story("Ego", events), stopAt: 6);
        return (new Recorded(Load(xml, out _, new OpenScenarioOptions { EgoDriver = mode })), null);
    }

    [Fact]
    public void AFullBrakeOverrideStopsTheReferenceDriversEgoUntilReleased()
    {
        string events = Event("Brake", Override("<Brake active=\"true\"><BrakePercent value=\"1\"/></Brake>"), Trigger(SimTime(1, "greaterOrEqual")), priority: "parallel")
            + Event("Release", Override("<Brake active=\"false\"><BrakePercent value=\"0\"/></Brake>"), Trigger(SimTime(2, "greaterOrEqual")), priority: "parallel");
        (Recorded run, _) = Play(EgoDriverMode.Reference, events);
        double v1 = run.At("Ego", 1.0).Speed, v2 = run.At("Ego", 2.0).Speed, v3 = run.At("Ego", 3.0).Speed, v6 = run.At("Ego", 6.0).Speed;
        // The cruise driver holds 20 m/s; a second of full braking (MaxDeceleration 10 from the file's
        // Performance, reached through the actuator lag and jerk limit) takes several m/s off, never more than 10.
        Assert.Equal(20, v1, 1);
        Assert.InRange(20 - v2, 3, 10);
        // Released at 2 s: the actuator lag carries the braking on briefly, then the driver speeds up again.
        Assert.True(v6 > v3 + 1, $"released at 2 s, the driver accelerates again ({v3} -> {v6})");
        Assert.Contains(run.Result.Events, e => e.Type == "controller_override" && e.Detail == "Brake 1");
    }

    [Fact]
    public void AnEntityMovedByTheStoryboardHasNoPedals()
    {
        string events = Event("Brake", Override("<Throttle value=\"0\" active=\"true\"/><Brake value=\"1\" active=\"true\"/>"), Trigger(SimTime(1)));
        (Recorded run, _) = Play(EgoDriverMode.Scenario, events);
        Assert.Equal(20, run.At("Ego", 2.0).Speed, 9);
        Assert.Contains(run.Result.Events, e => e.Type == "controller_action" && e.Detail!.StartsWith("no effect", StringComparison.Ordinal));
    }

    [Fact]
    public void PedalValuesOutsideTheirRangeAreErrors()
    {
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 20),
            Story("Ego", Event("T", Override("<Throttle value=\"1.5\" active=\"true\"/>"), Trigger(SimTime(1)))));
        var e = Assert.Single(Errors(xml));
        Assert.Contains("<Throttle> value 1.5 is outside [0, 1]", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "<Throttle"), e.Location.Line);
    }
}
