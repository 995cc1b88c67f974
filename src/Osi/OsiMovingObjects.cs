using Osi3;
using SensorModels.Mathematics;
using SensorModels.Runtime;
using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Mathematics;
using SimCore.Simulation;

namespace Osi;

/// <summary>
/// The scenario's entities as osi3 moving objects, one message object per entity made once and
/// updated in place each state: the box centre, orientation, velocity and acceleration of the box
/// centre in the world frame, dimensions, lane, and for vehicles the bounding-box-centre-to-axle
/// vectors that place the vehicle frame (docs/osi.md, "Frames").
/// </summary>
internal sealed class OsiMovingObjects
{
    private readonly MovingObject[] _objects;
    private readonly Identifier[] _lane;
    private readonly VehicleParameters?[] _vehicles;
    private EntitySnapshot[] _snapshots;

    public OsiMovingObjects(Simulator sim)
    {
        int n = sim.EntityCount;
        _snapshots = new EntitySnapshot[n];
        sim.GetSnapshot(_snapshots);
        _objects = new MovingObject[n];
        _lane = new Identifier[n];
        _vehicles = new VehicleParameters?[n];
        for (int i = 0; i < n; i++)
        {
            EntitySnapshot e = _snapshots[i];
            _vehicles[i] = sim.VehicleParametersOf(i);
            _lane[i] = new Identifier();
            var o = new MovingObject
            {
                Id = OsiRoadMap.Id((ulong)e.Id),
                Type = e.Kind switch
                {
                    EntityKind.Car or EntityKind.Truck or EntityKind.Bus or EntityKind.Cyclist => MovingObject.Types.Type.Vehicle,
                    EntityKind.Pedestrian => MovingObject.Types.Type.Pedestrian,
                    _ => MovingObject.Types.Type.Other,
                },
                Base = new BaseMoving
                {
                    Dimension = new Dimension3d(),
                    Position = new Vector3d(),
                    Orientation = new Orientation3d(),
                    Velocity = new Vector3d(),
                    Acceleration = new Vector3d(),
                    OrientationRate = new Orientation3d(),
                },
                SourceReference = { new ExternalReference { Type = OsiIds.OpenScenario, Identifier = { e.Name } } },
            };
            if (o.Type == MovingObject.Types.Type.Vehicle)
            {
                o.VehicleClassification = new MovingObject.Types.VehicleClassification
                {
                    Type = e.Kind switch
                    {
                        EntityKind.Truck => MovingObject.Types.VehicleClassification.Types.Type.HeavyTruck,
                        EntityKind.Bus => MovingObject.Types.VehicleClassification.Types.Type.Bus,
                        EntityKind.Cyclist => MovingObject.Types.VehicleClassification.Types.Type.Bicycle,
                        _ => MovingObject.Types.VehicleClassification.Types.Type.MediumCar,
                    },
                };
                o.VehicleAttributes = new MovingObject.Types.VehicleAttributes { BbcenterToRear = new Vector3d() };
                if (_vehicles[i] is not null)
                {
                    o.VehicleAttributes.BbcenterToFront = new Vector3d();
                }
            }
            _objects[i] = o;
        }
    }

    /// <summary>Puts every entity in the simulation (not removed) into <paramref name="into"/>, at <paramref name="sim"/>'s state.</summary>
    public void Update(Simulator sim, OsiRoadMap map, GroundTruth into)
    {
        if (_snapshots.Length != sim.EntityCount)
        {
            _snapshots = new EntitySnapshot[sim.EntityCount];
        }
        sim.GetSnapshot(_snapshots);
        into.MovingObject.Clear();
        for (int i = 0; i < _objects.Length && i < _snapshots.Length; i++)
        {
            EntitySnapshot e = _snapshots[i];
            if (e.Removed)
            {
                continue;
            }
            MovingObject o = _objects[i];
            Fill(o, e, _vehicles[i]);
            o.AssignedLaneId.Clear();
            if (e.HasRoad && map.TryLane(e.RoadId, e.RoadS, e.LaneId, out ulong lane))
            {
                _lane[i].Value = lane;
                o.AssignedLaneId.Add(_lane[i]);
            }
            into.MovingObject.Add(o);
        }
    }

    /// <summary>
    /// The OSI values of one entity. The vehicle frame is ours (ISO 8855, origin on the ground under
    /// the rear axle centre), so bbcenter_to_rear points from the box centre to that origin.
    /// </summary>
    internal static void Fill(MovingObject o, in EntitySnapshot e, VehicleParameters? vehicle)
    {
        BaseMoving b = o.Base;
        b.Dimension.Length = e.Length;
        b.Dimension.Width = e.Width;
        b.Dimension.Height = e.Height;
        Pose3 pose = SensorWorld.VehiclePose(e);
        Vec3 centre = pose.TransformPoint(new Vec3(e.CenterOffsetX, 0, e.Height / 2));
        (b.Position.X, b.Position.Y, b.Position.Z) = (centre.X, centre.Y, centre.Z);
        (double roll, double pitch, double yaw) = pose.Angles();
        (b.Orientation.Roll, b.Orientation.Pitch, b.Orientation.Yaw) = (roll, pitch, yaw);
        // Rigid body in the plane of the vehicle: the lateral velocity is the centre of gravity's,
        // moved to the box centre by the yaw rate; the acceleration gains the centripetal term.
        double dx = e.CenterOffsetX - e.CenterOfGravityX;
        Vec3 v = pose.Rotate(new Vec3(e.Speed, e.LateralVelocity + e.YawRate * dx, 0));
        Vec3 a = pose.Rotate(new Vec3(e.Acceleration - e.YawRate * e.YawRate * dx, e.LateralAcceleration, 0));
        (b.Velocity.X, b.Velocity.Y, b.Velocity.Z) = (v.X, v.Y, v.Z);
        (b.Acceleration.X, b.Acceleration.Y, b.Acceleration.Z) = (a.X, a.Y, a.Z);
        b.OrientationRate.Yaw = e.YawRate;
        if (o.VehicleAttributes is { } attributes)
        {
            (attributes.BbcenterToRear.X, attributes.BbcenterToRear.Y, attributes.BbcenterToRear.Z) = (-e.CenterOffsetX, 0, -e.Height / 2);
            if (vehicle is not null)
            {
                (attributes.BbcenterToFront.X, attributes.BbcenterToFront.Y, attributes.BbcenterToFront.Z) = (vehicle.Wheelbase - e.CenterOffsetX, 0, -e.Height / 2);
                attributes.SteeringWheelAngle = e.SteeringAngle * vehicle.SteeringRatio;
            }
        }
    }
}
