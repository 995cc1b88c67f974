using SimCore.Driver;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Tests.Driver;

/// <summary>The reference driver fed by observations (a HIL target, a perception model) instead of the simulator's memory.</summary>
public sealed class ObservedWorldDriverTests
{
    private static Scenario Scenario() => ScenarioLoader.Parse("observed.yaml", """
        name: observed
        duration: 10
        step: 0.01
        road: {id: r, geometry: [line: 1000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 20, driver: reference}
          - {name: stopped, type: car, position: {road: r, lane: -1, s: 90}, speed: 0}
        """);

    /// <summary>The state the simulator starts in: every entity's snapshot.</summary>
    private static EntitySnapshot[] Initial()
    {
        var sim = new Simulator(Scenario());
        var s = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(s);
        return s;
    }

    private static void Ego(ObservedWorldDriver d, EntitySnapshot e)
        => d.ObserveEgo(0, e.X, e.Y, e.Heading, e.Speed, e.LateralVelocity, e.Acceleration, e.YawRate, e.SteeringAngle);

    [Fact]
    public void An_exact_anonymous_detection_drives_as_the_object_list_with_ids_does()
    {
        EntitySnapshot[] s = Initial();
        EntitySnapshot target = s[1];
        double cx = target.X + target.CenterOffsetX * Math.Cos(target.Heading), cy = target.Y + target.CenterOffsetX * Math.Sin(target.Heading);

        var byId = new ObservedWorldDriver(Scenario());
        Ego(byId, s[0]);
        byId.BeginObjects();
        Assert.True(byId.ObserveObject(0, 1, cx, cy, target.Heading, 0, 0));
        byId.EndObjects();
        (double steerId, double accelId) = byId.Drive();

        var detected = new ObservedWorldDriver(Scenario());
        Ego(detected, s[0]);
        detected.ObserveDetections(0, [new DetectedObject(EntityKind.Car, cx, cy, target.Height / 2, target.Length, target.Width, target.Height, target.Heading, 0, 0)]);
        (double steer, double accel) = detected.Drive();

        // The same box seen two ways: the gap (centre ahead minus half lengths) is the same number.
        Assert.Equal(steerId, steer, 12);
        Assert.Equal(accelId, accel, 12);
        Assert.True(accel < 0, $"a stopped car 40 m ahead at 20 m/s: the ACC brakes ({accel} m/s^2)");
    }

    [Fact]
    public void Without_detections_the_road_is_free_and_the_driver_does_not_brake()
    {
        EntitySnapshot[] s = Initial();
        var d = new ObservedWorldDriver(Scenario());
        Ego(d, s[0]);
        d.ObserveDetections(0, []);
        (double _, double accel) = d.Drive();
        Assert.True(accel >= 0, $"nothing detected, cruise at 20 m/s: {accel} m/s^2");
    }
}
