using SensorModels.Compute;
using SensorModels.Mathematics;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace SensorModels.Rig;

/// <summary>
/// Reads a sensor rig file (docs/sensors.md): every error with file, line and column, unknown
/// keys with a suggestion, all reported at once.
/// </summary>
public static class RigLoader
{
    /// <summary>Loads a rig.</summary>
    /// <exception cref="InputException">The file is missing or invalid.</exception>
    public static SensorRig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(new SourceLocation(path, 0, 0), "sensor rig file not found");
        }
        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Loads a rig from text (the path names it in messages).</summary>
    /// <exception cref="InputException">The text is invalid.</exception>
    public static SensorRig Parse(string path, string text)
    {
        var errors = new List<InputError>();
        YamlNode? root = YamlContext.LoadRoot(path, text, errors);
        var ctx = new YamlContext(path, errors);
        MapReader? top = root is null ? null : ctx.Map(root, "a sensor rig");
        var sensors = new List<Sensor>();
        string name = Path.GetFileNameWithoutExtension(path);
        RayBackend backend = RayBackend.Cpu;
        SourceLocation? backendWhere = null;
        if (top is not null)
        {
            name = top.String("name") ?? name;
            top.Accept("description");
            if (top.Get("backend") is { } b)
            {
                backendWhere = ctx.Where(b);
                backend = top.Enum("backend", Backends) ?? RayBackend.Cpu;
            }
            YamlNode? list = top.Required("sensors", "a sensor rig");
            if (list is not null)
            {
                foreach (YamlNode n in ctx.Sequence(list, "'sensors'"))
                {
                    if (ReadSensor(ctx, n, sensors) is { } s)
                    {
                        sensors.Add(s);
                    }
                }
            }
            top.Finish("the sensor rig");
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        return new SensorRig(name, sensors) { Backend = backend, BackendWhere = backendWhere };
    }

    private static readonly Dictionary<string, RayBackend> Backends = new()
    {
        ["cpu"] = RayBackend.Cpu,
        ["gpu"] = RayBackend.Gpu,
        ["auto"] = RayBackend.Auto,
    };

    private static Sensor? ReadSensor(YamlContext ctx, YamlNode node, List<Sensor> earlier)
    {
        MapReader? m = ctx.Map(node, "a sensor");
        if (m is null)
        {
            return null;
        }
        string? name = m.RequiredString("name", "a sensor");
        string label = $"sensor '{name ?? "?"}'";
        if (name is not null && earlier.Any(s => s.Definition.Name == name))
        {
            ctx.Error(node, $"sensor name '{name}' is used more than once");
        }
        string? type = m.RequiredString("type", label);
        Pose3 mount = Pose3.Identity;
        if (m.Map("mount") is { } mm)
        {
            mount = new Pose3(new Vec3(mm.Double("x", 0), mm.Double("y", 0), mm.Double("z", 0)), mm.Double("roll", 0), mm.Double("pitch", 0), mm.Double("yaw", 0));
            mm.Finish("mount");
        }
        else if (!m.Has("mount"))
        {
            ctx.Error(node, $"{label} needs 'mount' (x, y, z in m and roll, pitch, yaw in rad, vehicle frame)");
        }
        double? rate = m.Positive("rate");
        if (rate is null && !m.Has("rate"))
        {
            if (type is not null && SensorTypes.DefaultRates.TryGetValue(type, out double fallback))
            {
                rate = fallback;
            }
            else
            {
                ctx.Error(node, $"{label} needs 'rate' (Hz)");
            }
        }
        double phase = m.NonNegative("phase") ?? 0;
        if (name is null || type is null || rate is null)
        {
            m.Finish(label);
            return null;
        }
        if (!SensorTypes.Factories.TryGetValue(type, out Func<SensorDefinition, MapReader, Sensor?>? factory))
        {
            ctx.Error(m.Get("type")!, $"unknown sensor type '{type}'; types: {string.Join(", ", SensorTypes.Factories.Keys)}{Suggestions.Hint(type, SensorTypes.Factories.Keys)}");
            return null;
        }
        var definition = new SensorDefinition(name, type, mount, rate.Value, phase, ctx.Where(node));
        Sensor? sensor = factory(definition, m);
        m.Finish(label);
        return sensor;
    }
}
