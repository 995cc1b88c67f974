using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// LongitudinalDistanceAction and LateralDistanceAction as esmini plays them, with expected
/// values worked out by hand from the control laws (documented in docs/openscenario-support.md).
/// Road "r" runs along +x, so a lane position's y is its road t (lane -1 at -1.75, -2 at -5.25).
/// </summary>
public sealed class DistanceActionTests
{
    private static string Longitudinal(string attributes, string constraints = "")
        => $"""<PrivateAction><LongitudinalAction><LongitudinalDistanceAction entityRef="Lead" {attributes}>{constraints}</LongitudinalDistanceAction></LongitudinalAction></PrivateAction>""";

    private static string Lateral(string attributes, string constraints = "")
        => $"""<PrivateAction><LateralAction><LateralDistanceAction entityRef="Ref" {attributes}>{constraints}</LateralDistanceAction></LateralAction></PrivateAction>""";

    private static Recorded Play(string followerAction, double followerS = 50, double followerSpeed = 10, string stories = "", double stop = 2)
    {
        string init = Place("Lead", Lane(-1, 100), 20) + Place("F", Lane(-1, followerS), followerSpeed)
            + $"<Private entityRef=\"F\">{followerAction}</Private>";
        return new Recorded(Load(Doc(Xosc.Entities("Lead", "F"), init, stories, stopAt: stop)));
    }

    [Fact]
    public void Without_constraints_the_follower_is_placed_at_the_distance_and_takes_the_reference_speed()
    {
        string leadFaster = Story("Lead", Event("Faster", SpeedTo(30), Trigger(SimTime(1))));
        Recorded r = Play(Longitudinal("""distance="15" freespace="false" continuous="true" coordinateSystem="road" """), stories: leadFaster);
        // Init acts at time 0: 100 - 15, at the lead's 20 m/s.
        Assert.Equal(85, r.At("F", 0).RoadS, 9);
        Assert.Equal(20, r.At("F", 0).Speed, 9);
        Assert.Equal(r.At("Lead", 0.5).RoadS - 15, r.At("F", 0.5).RoadS, 9);
        // The lead speeds up over [1.01, 1.02]; the follower placed itself at the start of that step
        // and moved at the lead's old 20 m/s: 0.3 - 0.2 = 0.1 m more gap, taken back the step after.
        Assert.Equal(15.1, r.At("Lead", 1.02).RoadS - r.At("F", 1.02).RoadS, 9);
        Assert.Equal(20, r.At("F", 1.02).Speed, 9);
        Assert.Equal(15, r.At("Lead", 1.03).RoadS - r.At("F", 1.03).RoadS, 9);
        Assert.Equal(30, r.At("F", 1.03).Speed, 9);
    }

    [Fact]
    public void A_time_gap_is_taken_at_the_reference_speed()
    {
        Recorded r = Play(Longitudinal("""timeGap="1.5" freespace="false" continuous="true" coordinateSystem="road" """), followerSpeed: 5);
        // 1.5 s at the lead's 20 m/s (not the follower's 5) is 30 m.
        Assert.Equal(70, r.At("F", 0).RoadS, 9);
    }

    [Fact]
    public void With_constraints_a_jerk_limited_spring_closes_the_gap()
    {
        // Gap 100 m, goal 20 m: error 80 > 0, stiffness 0.4 * maxDeceleration 5 = 2, so the spring asks
        // 160 m/s^2, clipped to maxAcceleration 3, and its rise to maxAccelerationRate 10 m/s^3: 0.1, 0.2, 0.3 m/s^2 ...
        Recorded r = Play(Longitudinal("""distance="20" freespace="false" continuous="true" coordinateSystem="road" """,
            """<DynamicConstraints maxAcceleration="3" maxDeceleration="5" maxSpeed="40" maxAccelerationRate="10" maxDecelerationRate="10"/>"""),
            followerS: 0, followerSpeed: 20, stop: 0.5);
        Assert.Equal(20, r.At("F", 0).Speed, 9);
        Assert.Equal(20.001, r.At("F", 0.01).Speed, 9);
        Assert.Equal(20.003, r.At("F", 0.02).Speed, 9);
        Assert.Equal(20.006, r.At("F", 0.03).Speed, 9);
    }

    [Fact]
    public void Constraints_beyond_the_vehicle_performance_are_cut_to_it()
    {
        // maxAcceleration 8 asked, the car's Performance allows 5: 20 + 5 * 0.01.
        Recorded r = Play(Longitudinal("""distance="20" freespace="false" continuous="true" coordinateSystem="road" """,
            """<DynamicConstraints maxAcceleration="8" maxDeceleration="5"/>"""), followerS: 0, followerSpeed: 20, stop: 0.5);
        Assert.Equal(20.05, r.At("F", 0.01).Speed, 9);
    }

    [Fact]
    public void Leading_keeps_the_entity_ahead_of_the_reference()
    {
        Recorded r = Play(Longitudinal("""distance="10" freespace="false" continuous="true" coordinateSystem="road" displacement="leadingReferencedEntity" """));
        Assert.Equal(110, r.At("F", 0).RoadS, 9);
    }

    private static Recorded PlayLateral(string action, double stop = 1.5)
    {
        string init = Place("Ref", Lane(-1, 100), 20) + Place("F", Lane(-2, 110), 20) + $"<Private entityRef=\"F\">{action}</Private>";
        return new Recorded(Load(Doc(Xosc.Entities("Ref", "F"), init, stopAt: stop)));
    }

    [Fact]
    public void Lateral_without_constraints_places_the_entity_after_one_measuring_step()
    {
        Recorded r = PlayLateral(Lateral("""distance="1.0" freespace="false" continuous="false" coordinateSystem="road" displacement="rightToReferencedEntity" """));
        Assert.Equal(-5.25, r.At("F", 0.01).Y, 9);
        // 1 m right of the reference's -1.75, facing along the lane (placed, not driven there).
        Assert.Equal(-2.75, r.At("F", 0.02).Y, 9);
        Assert.Equal(0, SimCore.Mathematics.Angles.WrapPi(r.At("F", 0.02).Heading), 9);
        Assert.Equal(-2.75, r.At("F", 1.0).Y, 9);
    }

    [Fact]
    public void Lateral_with_only_a_speed_limit_moves_straight_at_it_and_lands_on_the_goal()
    {
        // Freespace 0.5 m plus half of both 2 m widths: 2.5 m right of -1.75 is -4.25, 1 m away at 2 m/s.
        Recorded r = PlayLateral(Lateral("""distance="0.5" freespace="true" continuous="true" coordinateSystem="road" displacement="rightToReferencedEntity" """,
            """<DynamicConstraints maxSpeed="2"/>"""));
        Assert.Equal(-5.25, r.At("F", 0.01).Y, 9);
        Assert.Equal(-5.23, r.At("F", 0.02).Y, 9);
        Assert.Equal(-5.21, r.At("F", 0.03).Y, 9);
        Assert.Equal(-4.27, r.At("F", 0.50).Y, 9);
        Assert.Equal(-4.25, r.At("F", 0.51).Y, 9);
        Assert.Equal(-4.25, r.At("F", 1.0).Y, 9);
        // The heading follows the move: 0.02 m sideways per 0.2 m step is asin(0.1); the first move's
        // is measured from where the action started, two steps back (esmini's).
        Assert.Equal(Math.Asin(0.1), r.At("F", 0.03).Heading, 9);
        Assert.Equal(Math.Atan2(0.02, Math.Sqrt(0.04 - 0.0004) + 0.2), r.At("F", 0.02).Heading, 9);
        Assert.Equal(0, SimCore.Mathematics.Angles.WrapPi(r.At("F", 0.6).Heading), 9);
    }

    [Fact]
    public void Lateral_with_an_acceleration_limit_follows_a_damped_spring()
    {
        // Goal -2.75, 2.5 m from -5.25. Stiffness 0.4 * 4 = 1.6: first 1.6 * 2.5 = 4 (the limit) -> 0.04 m/s;
        // then 1.6 * 2.4996 - 2 sqrt(1.6) * 0.04 -> 0.078981671 m/s.
        Recorded r = PlayLateral(Lateral("""distance="1.0" freespace="false" continuous="true" coordinateSystem="road" displacement="rightToReferencedEntity" """,
            """<DynamicConstraints maxAcceleration="4"/>"""), stop: 0.2);
        Assert.Equal(-5.25, r.At("F", 0.01).Y, 9);
        Assert.Equal(-5.2496, r.At("F", 0.02).Y, 9);
        double v = 0.04 + 0.01 * (1.6 * 2.4996 - 2 * Math.Sqrt(1.6) * 0.04);
        Assert.Equal(-5.2496 + v * 0.01, r.At("F", 0.03).Y, 9);
    }
}
