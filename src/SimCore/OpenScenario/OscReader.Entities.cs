using System.Globalization;
using System.Xml.Linq;
using SimCore.Dynamics;
using SimCore.Entities;

namespace SimCore.OpenScenario;

/// <summary>
/// An entity's body as the Entities section gives it, before Init places it; RefPointOffset is how
/// far ahead of the rear axle its reference point lies (esmini's refpoint_x_offset property), m.
/// </summary>
internal sealed record OscEntity(string Name, EntityKind Kind, XElement Where, double Length, double Width, double Height, double CenterX, VehicleParameters? Vehicle, double RefPointOffset = 0);

internal sealed partial class OscReader
{
    /// <summary>Reads one ScenarioObject; null after reporting a problem.</summary>
    public OscEntity? ScenarioObject(XElement so)
    {
        string? name = _ctx.RequiredStr(so, "name", _global);
        if (name is null)
        {
            return null;
        }
        OscEntity? result = null;
        foreach (XElement child in so.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "CatalogReference":
                {
                    XElement? entry = _catalogs.Resolve(child, _global, out ParameterScope scope);
                    if (entry is not null)
                    {
                        result = Body(name, entry, scope, child);
                    }
                    break;
                }
                case "Vehicle":
                case "Pedestrian":
                case "MiscObject":
                {
                    var scope = new ParameterScope(_global);
                    OscParameters.Declare(_ctx, child.Element("ParameterDeclarations"), scope, null);
                    result = Body(name, child, scope, child);
                    break;
                }
                case "ObjectController":
                    _ctx.Warn(child, "ObjectController is ignored: the ego's driver is chosen with --ego-driver, other entities follow the storyboard");
                    break;
                default:
                    _ctx.Unsupported(child);
                    break;
            }
        }
        if (result is null && !so.Elements().Any(e => e.Name.LocalName is "CatalogReference" or "Vehicle" or "Pedestrian" or "MiscObject"))
        {
            _ctx.Error(so, $"entity '{name}' needs a <Vehicle>, <Pedestrian>, <MiscObject> or <CatalogReference>");
        }
        return result;
    }

    private OscEntity? Body(string name, XElement body, ParameterScope scope, XElement where)
    {
        EntityKind kind;
        switch (body.Name.LocalName)
        {
            case "Vehicle":
                string category = _ctx.Str(body, "vehicleCategory", scope) ?? "car";
                kind = category switch
                {
                    "truck" or "semitrailer" or "trailer" => EntityKind.Truck,
                    "bus" => EntityKind.Bus,
                    "bicycle" or "motorbike" => EntityKind.Cyclist,
                    _ => EntityKind.Car,
                };
                break;
            case "Pedestrian":
                kind = EntityKind.Pedestrian;
                break;
            case "MiscObject":
                kind = EntityKind.Obstacle;
                break;
            default:
                _ctx.Error(where, $"entity '{name}' refers to a {body.Name.LocalName}, not a Vehicle, Pedestrian or MiscObject");
                return null;
        }
        XElement? box = body.Element("BoundingBox");
        if (box is null)
        {
            _ctx.Error(body, $"<{body.Name.LocalName}> needs a <BoundingBox>");
            return null;
        }
        XElement? center = box.Element("Center");
        XElement? dims = box.Element("Dimensions");
        if (center is null || dims is null)
        {
            _ctx.Error(box, "<BoundingBox> needs <Center> and <Dimensions>");
            return null;
        }
        double length = _ctx.RequiredNum(dims, "length", scope), width = _ctx.RequiredNum(dims, "width", scope), height = _ctx.RequiredNum(dims, "height", scope);
        if (!(length > 0) || !(width > 0) || !(height > 0))
        {
            _ctx.Error(dims, "bounding box dimensions must be positive");
            return null;
        }
        // The OpenSCENARIO vehicle origin is the rear-axle centre (esmini's too), as ours: the box centre carries over.
        double cx = _ctx.RequiredNum(center, "x", scope);
        if ((_ctx.Num(center, "y", scope) ?? 0) != 0)
        {
            _ctx.Warn(center, "a bounding box off the centre line (y != 0) is taken as centred");
        }
        foreach (XElement other in body.Elements())
        {
            if (other.Name.LocalName is not ("ParameterDeclarations" or "BoundingBox" or "Performance" or "Axles" or "Properties"))
            {
                _ctx.Unsupported(other);
            }
        }
        VehicleParameters? vehicle = kind is EntityKind.Car or EntityKind.Truck or EntityKind.Bus or EntityKind.Cyclist
            ? VehicleFrom(body, scope, kind, length, width, height, cx)
            : null;
        return new OscEntity(name, kind, where, length, width, height, cx, vehicle, RefPointOffset(body, scope));
    }

    /// <summary>
    /// esmini's Property refpoint_x_offset: the entity's reference point lies that far ahead of the
    /// rear axle (a car following a trajectory by its front axle); 0 without it.
    /// </summary>
    private double RefPointOffset(XElement body, ParameterScope scope)
    {
        XElement? property = body.Element("Properties")?.Elements("Property")
            .FirstOrDefault(p => _ctx.Str(p, "name", scope) == "refpoint_x_offset");
        if (property is null)
        {
            return 0;
        }
        double offset = _ctx.Num(property, "value", scope) ?? 0;
        if (offset < 0)
        {
            _ctx.Warn(property, $"refpoint_x_offset {offset} puts the reference point behind the rear axle, which is not supported; 0 is used");
            return 0;
        }
        return offset;
    }

    /// <summary>
    /// Vehicle parameters for the single-track models: the matching built-in vehicle (mass, tyres,
    /// actuators) with the file's dimensions, performance and axles. A value that fails validation
    /// keeps the built-in one, with a warning.
    /// </summary>
    private VehicleParameters VehicleFrom(XElement v, ParameterScope scope, EntityKind kind, double length, double width, double height, double cx)
    {
        VehicleParameters b = kind switch
        {
            EntityKind.Truck => VehicleParameters.Truck,
            EntityKind.Bus => VehicleParameters.Bus,
            _ => VehicleParameters.CommonRoadVehicle2,
        };
        VehicleParameters p = b with { Length = length, Width = width, Height = height, RearOverhang = length / 2 - cx };
        if (v.Element("Performance") is { } perf)
        {
            p = p with
            {
                MaxSpeed = _ctx.Num(perf, "maxSpeed", scope) ?? p.MaxSpeed,
                MaxAcceleration = _ctx.Num(perf, "maxAcceleration", scope) ?? p.MaxAcceleration,
                MaxDeceleration = _ctx.Num(perf, "maxDeceleration", scope) ?? p.MaxDeceleration,
            };
        }
        else if (v.Name.LocalName == "Vehicle")
        {
            // Required by the schema; esmini falls back to its defaults, we to the built-in vehicle's.
            _ctx.Tolerated(v, string.Create(CultureInfo.InvariantCulture,
                $"<Vehicle> has no <Performance>: the built-in {kind.ToString().ToLowerInvariant()}'s limits are used (max speed {b.MaxSpeed:0.#} m/s, acceleration {b.MaxAcceleration:0.#}, deceleration {b.MaxDeceleration:0.#} m/s^2)"));
        }
        if (v.Element("Axles") is { } axles && axles.Element("FrontAxle") is { } front && axles.Element("RearAxle") is { } rear)
        {
            double steer = _ctx.Num(front, "maxSteering", scope) ?? p.MaxSteeringAngle;
            if (steer > Math.PI / 2)
            {
                _ctx.Warn(front.Attribute("maxSteering"), $"maxSteering {steer} rad is more than 90 degrees (degrees instead of radians?); the default {p.MaxSteeringAngle:0.###} rad is used");
            }
            else if (steer > 0)
            {
                p = p with { MaxSteeringAngle = steer };
            }
            double wheelbase = (_ctx.Num(front, "positionX", scope) ?? 0) - (_ctx.Num(rear, "positionX", scope) ?? 0);
            if ((_ctx.Num(rear, "positionX", scope) ?? 0) != 0)
            {
                _ctx.Warn(rear, "the rear axle is not at the vehicle origin; the origin is taken as the rear-axle centre");
            }
            if (wheelbase > 0)
            {
                // Keep the built-in vehicle's weight distribution.
                double f = wheelbase / b.Wheelbase;
                p = p with { DistanceCgToFront = b.DistanceCgToFront * f, DistanceCgToRear = b.DistanceCgToRear * f };
            }
        }
        IReadOnlyList<string> problems = p.Validate();
        if (problems.Count > 0)
        {
            _ctx.Warn(v, $"vehicle parameters ({string.Join("; ", problems)}); the built-in vehicle's values are used for the dynamics");
            return b with { Length = length, Width = width, Height = height, RearOverhang = Math.Clamp(length / 2 - cx, 0, length) };
        }
        return p;
    }
}
