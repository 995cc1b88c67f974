using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Conformance;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// SynchronizeAction on the straight test road. The master (Ego, 10 m/s from s = 0) reaches its
/// target at s = 100 after 10 s; the expected speeds are the constant-acceleration profiles that
/// bring the car to its own target at that moment.
/// </summary>
public sealed class SynchronizeActionTests
{
    private static string Synchronize(double targetS, string finalSpeed = "")
        => $"""
           <PrivateAction><SynchronizeAction masterEntityRef="Ego">
             <TargetPositionMaster><LanePosition roadId="r" laneId="-1" s="100"/></TargetPositionMaster>
             <TargetPosition><LanePosition roadId="r" laneId="-2" s="{targetS}"/></TargetPosition>
             {finalSpeed}
           </SynchronizeAction></PrivateAction>
           """;

    private static (IReadOnlyList<TrajectoryRow> Car, IReadOnlyList<TrajectoryRow> Ego) Run(double carSpeed, string action)
    {
        string init = Place("Ego", Lane(-1, 0), 10) + Place("Car", Lane(-2, 0), carSpeed)
            + $"<Private entityRef=\"Car\">{action}</Private>";
        Scenario s = Load(Doc(Xosc.Entities("Ego", "Car"), init, stopAt: 12));
        EsminiTrajectory t = EsminiTrajectory.Record(new Simulator(s, new SimulationOptions { Step = 0.01 }));
        return (t.Rows("Car"), t.Rows("Ego"));
    }

    // The speed is re-planned every 0.01 s step, so the discrete profile runs within centimetres of the continuous one.
    private static void Near(double expected, double actual, double tolerance) => Assert.InRange(actual, expected - tolerance, expected + tolerance);

    private static TrajectoryRow At(IReadOnlyList<TrajectoryRow> rows, double t) => rows.Single(r => Math.Abs(r.Time - t) < 1e-6);

    [Fact]
    public void WithoutAFinalSpeedTheCarRampsToArriveWithTheMaster()
    {
        // 150 m in 10 s from 10 m/s: a straight ramp 10 -> 20 m/s (a = 1 m/s^2), 15 m/s half way.
        (IReadOnlyList<TrajectoryRow> car, _) = Run(10, Synchronize(150));
        Near(15, At(car, 5.0).Speed, 0.05);
        Near(10 * 5 + 0.5 * 25, At(car, 5.0).X, 0.3);
        Near(150, At(car, 10.0).X, 0.3);
    }

    [Fact]
    public void AFinalSpeedOnAStraightRampIsOneConstantAcceleration()
    {
        // 150 m in 10 s ending at 10 m/s starts at 2 * 150 / 10 - 10 = 20 m/s: a = -1 m/s^2.
        (IReadOnlyList<TrajectoryRow> car, _) = Run(20, Synchronize(150, """<FinalSpeed><AbsoluteSpeed value="10"/></FinalSpeed>"""));
        Near(15, At(car, 5.0).Speed, 0.05);
        Near(20 * 5 - 0.5 * 25, At(car, 5.0).X, 0.3);
        Near(150, At(car, 10.0).X, 0.3);
        // Done on arrival: the final speed from then on.
        Assert.Equal(10, At(car, 11.0).Speed, 6);
    }

    [Fact]
    public void ASteadyStateDrivesTheLastMetresAtTheFinalSpeed()
    {
        // The last 50 m at 10 m/s take 5 s, so the first 100 m must take 5 s ending at 10 m/s:
        // from 30 m/s at -4 m/s^2 (20 m/s at 2.5 s), then 10 m/s from 5 s on.
        (IReadOnlyList<TrajectoryRow> car, _) = Run(30, Synchronize(150, """<FinalSpeed><AbsoluteSpeed value="10"><TargetDistanceSteadyState distance="50"/></AbsoluteSpeed></FinalSpeed>"""));
        Near(20, At(car, 2.5).Speed, 0.3);
        Assert.Equal(10, At(car, 7.5).Speed, 6);
        Near(150, At(car, 10.0).X, 0.3);
    }

    [Fact]
    public void AFinalSpeedRelativeToTheMasterFollowsTheMastersSpeed()
    {
        (IReadOnlyList<TrajectoryRow> car, _) = Run(20, Synchronize(150, """<FinalSpeed><RelativeSpeedToMaster value="0" speedTargetValueType="delta"/></FinalSpeed>"""));
        Near(15, At(car, 5.0).Speed, 0.05);
        Assert.Equal(10, At(car, 11.0).Speed, 6);
    }
}
