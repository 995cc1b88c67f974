using SimCore.Kpis;
using SimCore.OpenScenario;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>OpenSCENARIO runs get the default criterion ego_no_collision, so a crash fails the run.</summary>
public sealed class DefaultCriterionTests
{
    // The ego at 10 m/s runs into the standing car at t = 4.51 s (see EntityAndVisibilityActionTests).
    private static string Crash(string ego = "Ego")
        => Doc(Xosc.Entities(ego, "Car"), Place(ego, Lane(-1, 50), 10) + Place("Car", Lane(-1, 100), 0), stopAt: 6);

    [Fact]
    public void ACollisionOfTheEgoFailsTheRun()
    {
        RunResult r = Run(Load(Crash()));
        CriterionResult c = Assert.Single(r.Criteria);
        Assert.Equal(("ego_no_collision", "collisions", "<=", 0.0, "default"), (c.Name, c.Kpi, c.Operator, c.Threshold, c.Source));
        Assert.False(c.Passed);
        Assert.Equal(4.51, c.FailedAt!.Value, 9);
        Assert.Equal(RunStatus.Fail, r.Status);
    }

    [Fact]
    public void CriteriaNoneDropsIt()
    {
        RunResult r = Run(Load(Crash(), out _, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario, DefaultCriteria = false }));
        Assert.Empty(r.Criteria);
        Assert.Equal(RunStatus.Pass, r.Status);
    }

    [Fact]
    public void WithoutAnEgoThereIsNothingToJudge()
        => Assert.Empty(Run(Load(Crash("Truck"))).Criteria);
}
