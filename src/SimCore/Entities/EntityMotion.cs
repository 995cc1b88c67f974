using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;
using SimCore.Traffic;
using SimCore.Trajectories;

namespace SimCore.Entities;

/// <summary>
/// The two per-entity phases of a step. The control phase reads any entity and writes only its
/// own decisions; the motion phase reads and writes only its own entity. Both can therefore run in
/// parallel without changing a single bit of the result.
/// </summary>
internal static class EntityMotion
{
    public static void Control(Entity e, World world)
    {
        if (!e.Present)
        {
            return;
        }
        double dt = world.Dt;
        switch (e.Mode)
        {
            case MotionMode.Dynamics:
                if (e.Driver is not null)
                {
                    e.Demand = e.Driver.ComputeDemand(e, world);
                }
                break;
            case MotionMode.Static:
                e.TargetSpeed = 0;
                break;
            default:
                e.TargetSpeed = e.Longitudinal?.NextSpeed(e, world, dt) ?? e.Speed;
                e.Lateral?.Prepare(e, world);
                break;
        }
    }

    /// <summary>
    /// What a control does the moment it starts, before time passes: OpenSCENARIO's Init actions
    /// act at time 0, so the state recorded at time 0 already has an Init step speed change or a
    /// rigid follower's place (esmini's first row shows them).
    /// </summary>
    public static void Settle(Entity e, World world)
    {
        if (e.Mode is MotionMode.Dynamics or MotionMode.Path || e.Longitudinal?.StartSpeed(e, world) is not double v)
        {
            return;
        }
        e.State.Speed = v;
        e.TargetSpeed = v;
        if (e.PendingShift == 0)
        {
            return;
        }
        if (e.Mode == MotionMode.LaneBound && e.Road is { } road)
        {
            e.S = Math.Clamp(e.S + e.Direction * e.PendingShift, 0, road.Length);
            e.T = road.HasLane(e.LaneId, e.S) ? road.LaneCenterT(e.LaneId, e.S) + e.LaneOffset : e.T;
            Pose2 p = road.ToWorld(e.S, e.T);
            e.State.X = p.X;
            e.State.Y = p.Y;
        }
        else
        {
            e.State.X += e.PendingShift * Math.Cos(e.State.Heading);
            e.State.Y += e.PendingShift * Math.Sin(e.State.Heading);
            RoadLocalizer.Localize(e, world.Network);
        }
        e.PendingShift = 0;
    }

    public static void Move(Entity e, World world)
    {
        if (!e.Present)
        {
            return;
        }
        double dt = world.Dt;
        switch (e.Mode)
        {
            case MotionMode.Dynamics:
            {
                double v0 = e.State.Speed, a0 = e.State.Acceleration;
                // Overrides act on what reaches the actuators; Demand stays what the driver asked for.
                Dynamics.ControlDemand demand = e.Overrides is { } o && e.Vehicle is { } vehicle ? o.Apply(e.Demand, vehicle) : e.Demand;
                e.Model!.Step(ref e.State, demand, dt);
                e.Odometer += 0.5 * (v0 + e.State.Speed) * dt;
                e.Jerk = (e.State.Acceleration - a0) / dt;
                RoadLocalizer.Localize(e, world.Network);
                break;
            }
            case MotionMode.LaneBound:
                MoveAlongLane(e, world, dt);
                break;
            case MotionMode.Path:
                MoveAlongPath(e, world, dt);
                break;
            case MotionMode.Free:
                MoveStraight(e, world, dt);
                break;
            default:
                e.State.Speed = 0;
                e.State.Acceleration = 0;
                break;
        }
        if (e.Longitudinal is { Finished: true })
        {
            e.Longitudinal = e.Idm is not null ? Traffic.IdmControl.Instance : null;
        }
        if (e.TrailingDistance > 0)
        {
            TrailingAxle.Settle(e);
        }
    }

    private static void SetKinematics(Entity e, double v0, double v1, double heading0, double dt)
    {
        double a = (v1 - v0) / dt;
        e.Jerk = (a - e.State.Acceleration) / dt;
        e.State.Speed = v1;
        e.State.Acceleration = a;
        e.State.YawRate = Angles.WrapPi(e.State.Heading - heading0) / dt;
        e.State.LateralAcceleration = v1 * e.State.YawRate;
        e.Odometer += Math.Abs(v1) * dt;
    }

    private static void MoveStraight(Entity e, World world, double dt)
    {
        double v0 = e.State.Speed, v1 = e.TargetSpeed, h0 = e.State.Heading;
        double d = v1 * dt + e.PendingShift;
        e.PendingShift = 0;
        TrailingAxle.Pose(e, e.State.X + d * Math.Cos(h0), e.State.Y + d * Math.Sin(h0), h0);
        SetKinematics(e, v0, v1, h0, dt);
        RoadLocalizer.Localize(e, world.Network);
    }

    private static void MoveAlongPath(Entity e, World world, double dt)
    {
        double v0 = e.State.Speed, h0 = e.State.Heading;
        TrajectoryFollower path = e.Path!;
        double v1 = path.Step(e, world.Seconds, dt, e.TargetSpeed);
        SetKinematics(e, v0, v1, h0, dt);
        RoadLocalizer.Localize(e, world.Network);
        if (path.Finished)
        {
            LeavePath(e, path.StopAtEnd);
        }
    }

    /// <summary>
    /// Ends trajectory following: the entity stands still (<paramref name="stop"/>), or carries on
    /// at its speed along the road keeping its lateral position and its heading relative to the
    /// lane (esmini's default controller), or straight on off the road.
    /// </summary>
    public static void LeavePath(Entity e, bool stop)
    {
        e.Path = null;
        if (stop)
        {
            e.Mode = MotionMode.Static;
            e.Longitudinal = null;
            e.State.Speed = 0;
            return;
        }
        e.TargetSpeed = e.State.Speed;
        if (e.Road is not null && e.LaneId != 0)
        {
            e.Mode = MotionMode.LaneBound;
            e.HeadingOffset = Angles.WrapPi(e.State.Heading - LaneHeading(e));
        }
        else
        {
            e.Mode = MotionMode.Free;
        }
    }

    /// <summary>The direction of travel along the entity's lane at its position.</summary>
    internal static double LaneHeading(Entity e)
    {
        double h = e.Road!.ReferenceLine.Evaluate(e.S).Heading;
        return e.Direction > 0 ? h : Angles.WrapPi(h + Math.PI);
    }

    private static void MoveAlongLane(Entity e, World world, double dt)
    {
        Road road = e.Road!;
        double v0 = e.State.Speed, v1 = e.TargetSpeed, h0 = e.State.Heading;
        // Semi-implicit Euler: the speed decided for this step carries the entity over the whole
        // step, as esmini moves storyboard-driven entities (a step speed change is felt at once).
        // A teleport in this step's storyboard pass puts the entity exactly where it said.
        double d = e.Teleported ? 0 : v1 * dt;
        e.Teleported = false;
        if (e.PendingShift != 0)
        {
            // A rigid follower's correction moves it along the road, not over time.
            e.S = Math.Clamp(e.S + e.Direction * e.PendingShift, 0, road.Length);
            e.PendingShift = 0;
        }
        // A lane parallel to a curved reference line is longer or shorter by (1 - k t).
        double k = e.ReferenceHere().Curvature;
        double scale = Math.Max(1.0 - k * e.T, 0.1);
        double t0 = e.T;
        double tLateral = t0;
        LateralControl? lateral = e.Lateral;
        if (lateral is not null)
        {
            // The sideways move comes first, evaluated where the entity is heading, so that speed
            // stays the length of the velocity: the distance along the lane shrinks to
            // sqrt(d^2 - lateral^2) (esmini's lane changes do the same).
            double sSaved = e.S;
            e.S = Math.Clamp(e.S + e.Direction * d / scale, 0, road.Length);
            tLateral = lateral.NextT(e, d / scale, dt);
            e.S = sSaved;
            double lat = lateral.Places ? 0 : tLateral - t0;
            d = Math.CopySign(Math.Sqrt(Math.Max(d * d - lat * lat, 0.0)), d);
        }
        double ds = d / scale;
        double s = e.S + e.Direction * ds;
        if (s > road.Length || s < 0)
        {
            if (CrossToLinkedRoad(e, world, ref road, ref s))
            {
                // A lateral move does not carry over onto the next road: settle in the lane reached.
                if (lateral is not null)
                {
                    e.Lateral = lateral = null;
                }
                t0 = tLateral = e.T;
            }
            else
            {
                // A dead end: the entity stops at the end of its lane, where an end-of-road
                // condition sees it.
                s = s > road.Length ? road.Length : 0;
                d = Math.Abs(s - e.S) * scale;
            }
        }
        // Speed drops to zero in the third step that ends at a dead end (esmini's timing: the step
        // that reaches the end and the next one still report the speed).
        bool deadEnd = e.Direction > 0 ? s >= road.Length - 1e-9 && road.Successor is null : s <= 1e-9 && road.Predecessor is null;
        e.StepsAtRoadEnd = deadEnd ? e.StepsAtRoadEnd + 1 : 0;
        if (e.StepsAtRoadEnd > 2)
        {
            v1 = 0;
        }
        e.S = s;
        double t;
        if (lateral is not null)
        {
            t = tLateral;
            if (lateral.Finished)
            {
                e.Lateral = null;
            }
            else
            {
                int at = road.LaneIdAt(s, t);
                if (at != 0)
                {
                    e.LaneId = at;
                }
            }
        }
        else if (e.LaneId != 0 && road.Borders(e.LaneId, s, out double inner, out double outer) && Math.Abs(outer - inner) > Road.MinLaneWidth)
        {
            // HasLane and LaneCenterT in one evaluation of the borders.
            t = 0.5 * (inner + outer) + e.LaneOffset;
        }
        else
        {
            // The lane ended (a lane drop): hold t and take whatever lane is there.
            t = t0;
            int at = road.LaneIdAt(s, t);
            e.LaneId = at;
            if (at != 0)
            {
                e.LaneOffset = t - road.LaneCenterT(at, s);
            }
        }
        e.T = t;
        Pose2 p = road.ToWorld(s, t, out ReferencePoint here);
        e.RememberReference(road, s, here);
        double laneHeading = e.Direction > 0 ? p.Heading : Angles.WrapPi(p.Heading + Math.PI);
        // Reversing (negative d) the car keeps facing forward; a sideways move turns it the other way.
        double drift = 0.0;
        if (Math.Abs(d) > 1e-9 && lateral is not { Places: true })
        {
            double rise = (t - t0) * e.Direction * Math.Sign(d);
            // Without a lateral move the run is |d| > 0, where atan2(+-0, run) is that very zero:
            // the usual case of a lane-bound step (t unchanged) skips the atan2.
            drift = rise == 0 && lateral is null ? rise : Math.Atan2(rise, lateral?.HeadingBase(Math.Abs(d)) ?? Math.Abs(d));
        }
        if (lateral is not null)
        {
            e.HeadingOffset = 0;
        }
        TrailingAxle.Pose(e, p.X, p.Y, Angles.WrapPi(laneHeading + drift + e.HeadingOffset));
        e.OnRoad = e.LaneId != 0;
        if (lateral is not null || e.LaneId == 0)
        {
            e.LaneOffset = e.LaneId != 0 ? t - road.LaneCenterT(e.LaneId, s) : 0;
        }
        SetKinematics(e, v0, v1, h0, dt);
    }

    private static bool CrossToLinkedRoad(Entity e, World world, ref Road road, ref double s)
    {
        bool atEnd = s > road.Length;
        string? preferred = RouteNavigator.PreferredConnection(e, world.Network, road, atEnd);
        if (!world.Network.TryGetNextLane(road, e.LaneId, atEnd, out Road next, out int lane, out bool entersAtStart, preferred))
        {
            return false;
        }
        double over = atEnd ? s - road.Length : -s;
        // Entering at the start runs along +s; entering at the end runs against s.
        int newDirection = entersAtStart ? 1 : -1;
        double sNext = entersAtStart ? over : next.Length - over;
        if (sNext < 0 || sNext > next.Length || !next.HasLane(lane, sNext))
        {
            return false;
        }
        if (newDirection != e.Direction)
        {
            e.LaneOffset = -e.LaneOffset;
        }
        e.Road = next;
        e.Route?.Arrive(next.Id);
        e.Direction = newDirection;
        e.LaneId = lane;
        e.T = next.LaneCenterT(lane, sNext) + e.LaneOffset;
        road = next;
        s = sNext;
        return true;
    }
}
