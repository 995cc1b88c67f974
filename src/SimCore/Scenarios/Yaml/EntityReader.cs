using SimCore.Driver;
using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Traffic;
using YamlDotNet.RepresentationModel;

namespace SimCore.Scenarios.Yaml;

/// <summary>Reads the `entities` list.</summary>
internal static class EntityReader
{
    private static readonly IReadOnlyDictionary<string, EntityKind> Kinds = new Dictionary<string, EntityKind>
    {
        ["car"] = EntityKind.Car, ["truck"] = EntityKind.Truck, ["bus"] = EntityKind.Bus,
        ["pedestrian"] = EntityKind.Pedestrian, ["cyclist"] = EntityKind.Cyclist, ["obstacle"] = EntityKind.Obstacle,
    };

    private static readonly IReadOnlyDictionary<string, VehicleModelKind> Models = new Dictionary<string, VehicleModelKind>
    {
        ["dynamic"] = VehicleModelKind.Dynamic, ["kinematic"] = VehicleModelKind.Kinematic,
    };

    private static readonly IReadOnlyDictionary<string, VehicleParameters> Presets = new Dictionary<string, VehicleParameters>
    {
        ["commonroad2"] = VehicleParameters.CommonRoadVehicle2,
        ["truck"] = VehicleParameters.Truck,
        ["bus"] = VehicleParameters.Bus,
    };

    private static readonly IReadOnlyDictionary<string, DriverKind> DriverKinds = new Dictionary<string, DriverKind>
    {
        ["reference"] = DriverKind.Reference, ["external"] = DriverKind.External,
    };

    private static readonly IReadOnlyDictionary<string, int> Behaviors = new Dictionary<string, int> { ["idm"] = 0 };

    public static readonly YamlObject Vehicle = new("vehicle", "Vehicle parameters: a preset and the values that differ from it (SI units; validated).",
        Y.Key("preset", Y.Word(Presets.Keys), "The preset the other keys change.", "the entity type's"),
        Y.Key("mass", Y.Positive("kg"), "Mass."),
        Y.Key("cg_to_front", Y.Positive("m"), "Centre of gravity to the front axle."),
        Y.Key("cg_to_rear", Y.Positive("m"), "Centre of gravity to the rear axle."),
        Y.Key("max_steering_angle", Y.Positive("rad"), "Largest road-wheel angle."),
        Y.Key("max_steering_rate", Y.Positive("rad/s"), "Fastest steering rate."),
        Y.Key("max_acceleration", Y.Positive("m/s^2"), "Largest acceleration."),
        Y.Key("max_deceleration", Y.Positive("m/s^2"), "Largest deceleration (positive)."),
        Y.Key("max_jerk", Y.Positive("m/s^3"), "Largest jerk."),
        Y.Key("max_speed", Y.Positive("m/s"), "Top speed."),
        Y.Key("friction", Y.Positive(), "Tyre-road friction coefficient."),
        Y.Key("steering_lag", Y.NonNegative("s"), "Time constant of the steering actuator."),
        Y.Key("acceleration_lag", Y.NonNegative("s"), "Time constant of the drive and brake actuators."));

    public static readonly YamlObject Dimensions = new("dimensions", "The bounding box, relative to the reference point (the rear-axle centre for vehicles).",
        Y.Key("length", Y.Positive("m"), "Length.", "by type"),
        Y.Key("width", Y.Positive("m"), "Width.", "by type"),
        Y.Key("height", Y.Positive("m"), "Height.", "by type"),
        Y.Key("center_x", Y.Number("m"), "Box centre ahead of the reference point.", "by type"));

    public static readonly YamlObject Driver = new("driver", "The reference driver (or a HIL target's, with type external) and its settings (defaults in src/SimCore/Driver/ReferenceDriverSettings.cs).",
        Y.Required("type", Y.Word(DriverKinds.Keys), "reference: the built-in driver; external: a HIL target drives the entity (sim run --target)."),
        Y.Key("cruise_speed", Y.Positive("m/s"), "Set speed.", "the entity's speed, else the speed limit"),
        Y.Key("time_gap", Y.Positive("s"), "Desired time gap to the lead."),
        Y.Key("standstill_gap", Y.Positive("m"), "Gap kept when stopped behind a lead."),
        Y.Key("max_acceleration", Y.Positive("m/s^2"), "Largest acceleration the driver asks for."),
        Y.Key("comfort_deceleration", Y.Positive("m/s^2"), "Comfortable deceleration."),
        Y.Key("max_lateral_acceleration", Y.Positive("m/s^2"), "Largest lateral acceleration in curves."),
        Y.Key("aeb_warning_ttc", Y.NonNegative("s"), "TTC at which emergency braking starts partially."),
        Y.Key("aeb_full_brake_ttc", Y.NonNegative("s"), "TTC at which emergency braking brakes fully."),
        Y.Key("aeb_partial_deceleration", Y.Positive("m/s^2"), "Deceleration of the partial stage."),
        Y.Key("look_ahead_time", Y.Positive("s"), "Pure-pursuit look-ahead time."),
        Y.Key("min_look_ahead", Y.Positive("m"), "Shortest look-ahead distance."),
        Y.Key("obey_speed_limit", Y.Flag(), "Keep to the lane's speed limit."));

    /// <summary>The Intelligent Driver Model's keys, shared by behavior and follow_lane.</summary>
    public static readonly YamlKey[] IdmKeys =
    [
        Y.Key("desired_speed", Y.Positive("m/s"), "Desired speed.", "the lane's speed limit, else the entity's speed"),
        Y.Key("time_headway", Y.Positive("s"), "Desired time headway."),
        Y.Key("min_gap", Y.NonNegative("m"), "Gap at standstill."),
        Y.Key("max_acceleration", Y.Positive("m/s^2"), "Maximum acceleration."),
        Y.Key("comfortable_deceleration", Y.Positive("m/s^2"), "Comfortable deceleration."),
        Y.Key("exponent", Y.Positive(), "Acceleration exponent."),
    ];

    public static readonly YamlObject Behavior = new("behavior", "Reactive traffic: the Intelligent Driver Model on the entity's lane.",
        [Y.Key("type", Y.Word(Behaviors.Keys), "The behaviour model.", "idm"), .. IdmKeys]);

    public static readonly YamlObject Shape = new("entity", "A vehicle, pedestrian, cyclist or obstacle.",
        Y.Required("name", Y.Text(), "Unique name."),
        Y.Required("type", Y.Word(Kinds.Keys), "What the entity is."),
        Y.Key("vehicle", Y.AnyOf(Y.Word(Presets.Keys), Vehicle), "Cars, trucks and buses: a preset name or a mapping.", "the type's preset"),
        Y.Key("dimensions", Dimensions, "The box (an obstacle must give it)."),
        Y.Required("position", PositionReader.Any, "Where it starts."),
        Y.Key("speed", Y.NonNegative("m/s"), "Initial speed.", "0"),
        Y.Key("driver", Y.AnyOf(Y.Word(DriverKinds.Keys), Driver), "Makes the entity the ego: reference (the built-in driver) or external (a HIL target), or a mapping with settings."),
        Y.Key("model", Y.Word(Models.Keys), "The ego's vehicle model.", "dynamic"),
        Y.Key("behavior", Y.AnyOf(Y.Word(Behaviors.Keys), Behavior), "Traffic that reacts: idm, or a mapping with IDM parameters."));

    public static EntityDefinition? Read(YamlContext ctx, YamlNode node)
    {
        MapReader? m = ctx.Map(node, "an entity", Shape);
        if (m is null)
        {
            return null;
        }
        string? name = m.RequiredString("name", "an entity");
        string label = $"entity '{name ?? "?"}'";
        EntityKind kind = m.Enum("type", Kinds) ?? EntityKind.Car;
        if (!m.Has("type"))
        {
            ctx.Error(node, $"{label} needs 'type' ({string.Join(", ", Kinds.Keys)})");
        }

        VehicleParameters? vehicle = EntityDefinition.DefaultVehicle(kind);
        if (m.Get("vehicle") is { } vn)
        {
            if (vehicle is null)
            {
                ctx.Error(vn, $"'vehicle' applies to cars, trucks and buses, not to a {kind.ToString().ToLowerInvariant()}");
            }
            else if (vn is YamlScalarNode)
            {
                vehicle = ctx.Choice(vn, "'vehicle'", Presets) ?? vehicle;
            }
            else if (ctx.Map(vn, "'vehicle'", Vehicle) is { } vm)
            {
                vehicle = ReadVehicle(ctx, vm, vehicle);
            }
        }

        (double length, double width, double height, double offset) = EntityDefinition.DefaultDimensions(kind, vehicle);
        if (m.Map("dimensions") is { } dm)
        {
            length = dm.Positive("length") ?? length;
            width = dm.Positive("width") ?? width;
            height = dm.Positive("height") ?? height;
            offset = dm.Double("center_x") ?? offset;
            dm.Finish("dimensions");
        }
        else if (kind == EntityKind.Obstacle)
        {
            ctx.Error(node, $"{label} is an obstacle: give its 'dimensions' (length, width, height)");
        }

        YamlNode? posNode = m.Required("position", label);
        PositionSpec? position = posNode is null ? null : PositionReader.Read(ctx, posNode, $"position of {label}");
        double speed = m.InRange("speed", 0, EntityDefinition.MaxSpeed) ?? 0;

        DriverKind driver = DriverKind.None;
        ReferenceDriverSettings? settings = null;
        if (m.Get("driver") is { } drv)
        {
            (driver, settings) = ReadDriver(ctx, drv);
            if (vehicle is null)
            {
                ctx.Error(drv, $"{label}: only cars, trucks and buses can have a driver");
            }
        }
        VehicleModelKind model = m.Enum("model", Models) ?? VehicleModelKind.Dynamic;
        if (m.Has("model") && driver == DriverKind.None)
        {
            ctx.Error(m.Get("model")!, $"{label}: 'model' applies to the driven ego only (other entities follow the storyboard)");
        }
        IdmParameters? idm = m.Get("behavior") is { } b ? ReadBehavior(ctx, b) : null;
        if (idm is not null && driver != DriverKind.None)
        {
            ctx.Error(m.Get("behavior")!, $"{label} has a driver; 'behavior' is for traffic");
        }
        m.Finish(label);
        if (name is null || position is null)
        {
            return null;
        }
        return new EntityDefinition(name, kind, ctx.Where(node))
        {
            Vehicle = vehicle,
            Length = length,
            Width = width,
            Height = height,
            CenterOffsetX = offset,
            Position = position,
            Speed = speed,
            Driver = driver,
            DriverSettings = settings,
            Model = model,
            Idm = idm,
        };
    }

    private static VehicleParameters ReadVehicle(YamlContext ctx, MapReader m, VehicleParameters basis)
    {
        if (m.Get("preset") is { } pn && ctx.Choice(pn, "'preset'", Presets) is { } preset)
        {
            basis = preset;
        }
        VehicleParameters v = basis with
        {
            Mass = m.Double("mass") ?? basis.Mass,
            DistanceCgToFront = m.Double("cg_to_front") ?? basis.DistanceCgToFront,
            DistanceCgToRear = m.Double("cg_to_rear") ?? basis.DistanceCgToRear,
            MaxSteeringAngle = m.Double("max_steering_angle") ?? basis.MaxSteeringAngle,
            MaxSteeringRate = m.Double("max_steering_rate") ?? basis.MaxSteeringRate,
            MaxAcceleration = m.Double("max_acceleration") ?? basis.MaxAcceleration,
            MaxDeceleration = m.Double("max_deceleration") ?? basis.MaxDeceleration,
            MaxJerk = m.Double("max_jerk") ?? basis.MaxJerk,
            MaxSpeed = m.Double("max_speed") ?? basis.MaxSpeed,
            FrictionCoefficient = m.Double("friction") ?? basis.FrictionCoefficient,
            SteeringTimeConstant = m.Double("steering_lag") ?? basis.SteeringTimeConstant,
            AccelerationTimeConstant = m.Double("acceleration_lag") ?? basis.AccelerationTimeConstant,
        };
        m.Finish("vehicle");
        foreach (string problem in v.Validate())
        {
            ctx.Error(m.Node, $"vehicle: {problem}");
        }
        return v;
    }

    private static (DriverKind, ReferenceDriverSettings?) ReadDriver(YamlContext ctx, YamlNode node)
    {
        IReadOnlyDictionary<string, DriverKind> kinds = DriverKinds;
        MapReader? m = null;
        DriverKind? kind;
        if (node is YamlScalarNode)
        {
            kind = ctx.Enum(node, "'driver'", kinds);
        }
        else
        {
            m = ctx.Map(node, "'driver'", Driver);
            kind = m?.Get("type") is { } t ? ctx.Enum(t, "driver 'type'", kinds) : null;
            if (m is not null && !m.Has("type"))
            {
                ctx.Error(node, "'driver' needs 'type' (reference or external)");
            }
        }
        if (m is null)
        {
            return (kind ?? DriverKind.Reference, null);
        }
        var d = new ReferenceDriverSettings();
        var s = d with
        {
            CruiseSpeed = m.Positive("cruise_speed") ?? d.CruiseSpeed,
            TimeGap = m.Positive("time_gap") ?? d.TimeGap,
            StandstillGap = m.Positive("standstill_gap") ?? d.StandstillGap,
            MaxAcceleration = m.Positive("max_acceleration") ?? d.MaxAcceleration,
            ComfortDeceleration = m.Positive("comfort_deceleration") ?? d.ComfortDeceleration,
            MaxLateralAcceleration = m.Positive("max_lateral_acceleration") ?? d.MaxLateralAcceleration,
            AebWarningTtc = m.NonNegative("aeb_warning_ttc") ?? d.AebWarningTtc,
            AebFullBrakeTtc = m.NonNegative("aeb_full_brake_ttc") ?? d.AebFullBrakeTtc,
            AebPartialDeceleration = m.Positive("aeb_partial_deceleration") ?? d.AebPartialDeceleration,
            LookAheadTime = m.Positive("look_ahead_time") ?? d.LookAheadTime,
            MinLookAhead = m.Positive("min_look_ahead") ?? d.MinLookAhead,
            ObeySpeedLimit = m.Bool("obey_speed_limit") ?? d.ObeySpeedLimit,
        };
        m.Finish("driver");
        return (kind ?? DriverKind.Reference, s);
    }

    /// <summary>`idm` or a mapping with type idm and its parameters.</summary>
    public static IdmParameters? ReadBehavior(YamlContext ctx, YamlNode node)
    {
        IReadOnlyDictionary<string, int> types = Behaviors;
        if (node is YamlScalarNode)
        {
            return ctx.Enum(node, "'behavior'", types) is null ? null : new IdmParameters();
        }
        MapReader? m = ctx.Map(node, "'behavior'", Behavior);
        if (m is null)
        {
            return null;
        }
        if (m.Get("type") is { } t)
        {
            ctx.Enum(t, "behavior 'type'", types);
        }
        IdmParameters idm = ReadIdm(m);
        m.Finish("behavior");
        return idm;
    }

    public static IdmParameters ReadIdm(MapReader m)
    {
        var d = new IdmParameters();
        return d with
        {
            DesiredSpeed = m.Positive("desired_speed") ?? d.DesiredSpeed,
            TimeHeadway = m.Positive("time_headway") ?? d.TimeHeadway,
            MinimumGap = m.NonNegative("min_gap") ?? d.MinimumGap,
            MaxAcceleration = m.Positive("max_acceleration") ?? d.MaxAcceleration,
            ComfortableDeceleration = m.Positive("comfortable_deceleration") ?? d.ComfortableDeceleration,
            Exponent = m.Positive("exponent") ?? d.Exponent,
        };
    }
}
