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

    public static EntityDefinition? Read(YamlContext ctx, YamlNode node)
    {
        MapReader? m = ctx.Map(node, "an entity");
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
            else if (ctx.Map(vn, "'vehicle'") is { } vm)
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
        double speed = m.NonNegative("speed") ?? 0;

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
        var kinds = new Dictionary<string, DriverKind> { ["reference"] = DriverKind.Reference, ["external"] = DriverKind.External };
        MapReader? m = null;
        DriverKind? kind;
        if (node is YamlScalarNode)
        {
            kind = ctx.Enum(node, "'driver'", kinds);
        }
        else
        {
            m = ctx.Map(node, "'driver'");
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
        m.Accept("type");
        m.Finish("driver");
        return (kind ?? DriverKind.Reference, s);
    }

    /// <summary>`idm` or a mapping with type idm and its parameters.</summary>
    public static IdmParameters? ReadBehavior(YamlContext ctx, YamlNode node)
    {
        var types = new Dictionary<string, int> { ["idm"] = 0 };
        if (node is YamlScalarNode)
        {
            return ctx.Enum(node, "'behavior'", types) is null ? null : new IdmParameters();
        }
        MapReader? m = ctx.Map(node, "'behavior'");
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
