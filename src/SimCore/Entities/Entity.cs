using SimCore.Collision;
using SimCore.Dynamics;
using SimCore.Roads;

namespace SimCore.Entities;

/// <summary>
/// One simulated object at run time. Fields, not properties: this is the hot state every step
/// reads and writes, and each step phase writes only its own entity, which keeps parallel
/// phases deterministic.
/// </summary>
internal sealed class Entity
{
    public Entity(int index, string name, EntityKind kind, double length, double width, double height, double centerOffsetX)
    {
        Index = index;
        Name = name;
        Kind = kind;
        Length = length;
        Width = width;
        Height = height;
        CenterOffsetX = centerOffsetX;
    }

    public readonly int Index;
    public readonly string Name;
    public readonly EntityKind Kind;

    /// <summary>Bounding box relative to the reference point (rear-axle centre for vehicles).</summary>
    public readonly double Length, Width, Height, CenterOffsetX;

    /// <summary>Distance from the reference point back to the rear axle when the reference point is not on it (esmini's refpoint_x_offset); 0 otherwise.</summary>
    public double TrailingDistance;

    /// <summary>Where the trailing rear axle is (see <see cref="TrailingAxle"/>); used only with a <see cref="TrailingDistance"/>.</summary>
    public double RearX, RearY;

    public VehicleParameters? Vehicle;
    public IVehicleModel? Model;
    public MotionMode Mode;
    public bool IsEgo;

    /// <summary>World pose, speeds and accelerations (for every mode).</summary>
    public VehicleState State;

    /// <summary>Longitudinal jerk of the last step (m/s^3).</summary>
    public double Jerk;

    // Road coordinates: authoritative in LaneBound mode, derived by localisation otherwise.
    public Road? Road;
    public double S;
    public double T;
    public int LaneId;
    public double LaneOffset;
    /// <summary>+1 when travelling towards increasing s, -1 otherwise.</summary>
    public int Direction = 1;
    /// <summary>
    /// Heading relative to the lane's direction of travel that lane-bound motion keeps (an oriented
    /// teleport, a trajectory's end: a bicycle lying across its lane stays across it, as in esmini);
    /// a lateral move resets it.
    /// </summary>
    public double HeadingOffset;
    public bool OnRoad;
    /// <summary>Consecutive steps a lane-bound entity has ended at a dead end of its road.</summary>
    public int StepsAtRoadEnd;
    /// <summary>Placed by a teleport in this step's storyboard pass: it does not move in this step.</summary>
    public bool Teleported;
    /// <summary>Metres along its direction of travel the entity is moved before its next step (a rigid follower's correction).</summary>
    public double PendingShift;

    // The reference line's point where the last lane-bound move left the entity (road and s as bits).
    private Road? _referenceRoad;
    private long _referenceS;
    private ReferencePoint _reference;

    /// <summary>
    /// The reference line's point at the entity's s on its road: the one its last lane-bound move
    /// evaluated when road and s are still those (bit for bit), else evaluated now. The next step,
    /// the KPIs and the lead search all ask for it; the same value either way.
    /// </summary>
    public ReferencePoint ReferenceHere()
    {
        Road road = Road!;
        return ReferenceEquals(road, _referenceRoad) && BitConverter.DoubleToInt64Bits(S) == _referenceS
            ? _reference
            : road.ReferenceLine.Evaluate(S);
    }

    /// <summary>Remembers <paramref name="point"/> as the reference line's point at (<paramref name="road"/>, <paramref name="s"/>).</summary>
    public void RememberReference(Road road, double s, in ReferencePoint point)
    {
        _referenceRoad = road;
        _referenceS = BitConverter.DoubleToInt64Bits(s);
        _reference = point;
    }

    /// <summary>The vehicle's lights once a LightStateAction switched one; null until then (the renderer then lights them by the time of day).</summary>
    public LightBank? Lights;

    /// <summary>Distance travelled since the start (m).</summary>
    public double Odometer;

    // Control.
    public ControlDemand Demand;
    /// <summary>Speed for the end of this step, decided in the control phase (lane-bound and path modes).</summary>
    public double TargetSpeed;
    /// <summary>Desired speed of IDM traffic when no IDM parameter sets one.</summary>
    public double CruiseSpeed;
    public Traffic.LongitudinalControl? Longitudinal;
    public Traffic.LateralControl? Lateral;
    public Trajectories.TrajectoryFollower? Path;
    public Traffic.IdmParameters? Idm;
    public Driver.ReferenceDriver? Driver;

    /// <summary>The AEB stage an external driver (a HIL target) last reported; KPIs read it when <see cref="Driver"/> is null.</summary>
    public Driver.AebStage ExternalAeb;
    /// <summary>Route for junction choices (OpenSCENARIO AssignRouteAction); null follows the road's default link.</summary>
    public Traffic.ActiveRoute? Route;

    /// <summary>
    /// False while the entity is out of the simulation: not yet added by an AddEntityAction, or
    /// removed by a DeleteEntityAction. It then neither moves nor collides, and no one sees it.
    /// </summary>
    public bool Present = true;

    /// <summary>VisibilityAction traffic="false": other road users (drivers, car following, lead selection) do not see it.</summary>
    public bool HiddenFromTraffic;

    /// <summary>VisibilityAction sensors="false": sensor models do not see it.</summary>
    public bool HiddenFromSensors;

    /// <summary>VisibilityAction graphics="false": kept for outputs that draw the scene.</summary>
    public bool HiddenFromGraphics;

    /// <summary>OverrideControllerValueAction values that replace the driver's demand (vehicle dynamics only); null when none.</summary>
    public ControlOverrides? Overrides;

    /// <summary>True when other road users perceive it.</summary>
    public bool SeenByTraffic => Present && !HiddenFromTraffic;

    public double Speed => State.Speed;

    public OrientedBox Box => OrientedBox.FromVehicle(State.X, State.Y, State.Heading, Length, Width, CenterOffsetX);

    public bool IsVehicle => Kind is EntityKind.Car or EntityKind.Truck or EntityKind.Bus;

    /// <summary>True while the reference driver drives (it can be switched off by a controller action).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Driver))]
    public bool DriverActive => Driver is not null && Mode == MotionMode.Dynamics;
}
