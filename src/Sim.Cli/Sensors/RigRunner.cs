using SensorModels.Camera;
using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Rendering;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Cli.Sensors;

/// <summary>One sensor's line in the run summary and in result.json's "sensors" object.</summary>
/// <param name="Name">Sensor name from the rig.</param>
/// <param name="Type">Sensor type.</param>
/// <param name="Format">Payload format id.</param>
/// <param name="Outputs">Outputs produced.</param>
/// <param name="Bytes">Payload bytes produced (a recording adds a 28-byte header per output and the 8-byte magic).</param>
internal sealed record SensorSummary(string Name, string Type, string Format, long Outputs, long Bytes);

/// <summary>
/// Runs a sensor rig inside `sim run`: the ego's states drive it, the scene geometry (built once,
/// only when a sensor casts rays) is re-posed every step before the rig samples it, and every
/// output is counted and, with a recording directory, written by <see cref="FileSensorSink"/>
/// (as .partial files renamed by <see cref="Complete"/>).
/// </summary>
internal sealed class RigRunner : IDisposable
{
    private readonly SensorRig _rig;
    private readonly SensorWorld _world;
    private readonly SceneGeometry? _scene;
    private readonly FileSensorSink? _files;
    private readonly CountingSink _counts;
    private readonly TeeSink _tee;
    private readonly ISensorSink _sink;
    private readonly string? _recordDir;
    private readonly VulkanDevice? _device;
    private readonly VulkanCameraRenderer? _cameras;
    private RayCasting? _rays;
    private bool _completed;

    private RigRunner(SensorRig rig, SensorWorld world, SceneGeometry? scene, FileSensorSink? files, string? recordDir, VulkanDevice? device, VulkanCameraRenderer? cameras, string? warning)
    {
        _rig = rig;
        _device = device;
        _cameras = cameras;
        CameraWarning = warning;
        _world = world;
        _scene = scene;
        _files = files;
        _recordDir = recordDir;
        _tee = new TeeSink(files);
        _counts = new CountingSink(_tee);
        // Ground truth that reports lidar point counts reads the lidar's outputs on their way out.
        _sink = SensorModels.GroundTruth.LidarHitCounter.Connect(rig, _counts);
    }

    /// <summary>Adds a destination of every output (a HIL target's tick buffer, a recording).</summary>
    public void AddTap(ISensorSink sink) => _tee.Add(sink);

    /// <summary>The rig file.</summary>
    public string RigPath { get; private init; } = "";

    /// <summary>The rig (without its cameras when they were disabled).</summary>
    public SensorRig Rig => _rig;

    /// <summary>
    /// One line for standard error when the rig's cameras were disabled (no Vulkan device), else null.
    /// </summary>
    public string? CameraWarning { get; }

    /// <summary>The line printed when cameras cannot render, and the error under --strict.</summary>
    internal static string CamerasDisabled(string why)
    {
        // The device's reason may carry the install hint itself: say it once, at the end.
        string reason = why.Replace(VulkanDevice.InstallHint, "").TrimEnd(' ', ';', ',', ':', '.');
        if (reason.EndsWith("no Vulkan driver?", StringComparison.Ordinal))
        {
            reason = reason[..^"no Vulkan driver?".Length].TrimEnd(' ', ';', ',', ':');
        }
        return $"camera sensors disabled: {reason}; install a Vulkan driver ({VulkanDevice.InstallHint})";
    }

    /// <summary>
    /// Loads the rig and prepares the run. Throws <see cref="InputException"/> for a bad rig file or
    /// a scenario without an ego; nothing is written before both are known to be good. Cameras need
    /// a Vulkan device: without one they are left out (<see cref="CameraWarning"/> says so), or,
    /// with <paramref name="strict"/>, that is an error.
    /// </summary>
    public static RigRunner Create(string rigPath, string? recordDir, Scenario scenario, Simulator sim, bool strict = false)
    {
        SensorRig rig = RigLoader.Load(rigPath);
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        if (!snapshots.Any(s => s.IsEgo))
        {
            throw new InputException(new SourceLocation(scenario.SourceFile, 0, 0),
                $"a sensor rig needs an ego (an entity with a 'driver'); rig '{rigPath}' cannot be mounted");
        }
        var world = new SensorWorld(scenario.Network, sim.EntityCount, sim.Seed);
        VulkanDevice? device = null;
        string? warning = null;
        CameraSensor[] cameras = rig.Sensors.OfType<CameraSensor>().ToArray();
        if (cameras.Length > 0 && !VulkanDevice.TryCreate(out device, out string why))
        {
            if (strict)
            {
                throw new InputException(new SourceLocation(rigPath, cameras[0].Definition.Where.Line, cameras[0].Definition.Where.Column), CamerasDisabled(why) + " (--strict)");
            }
            warning = "warning: " + CamerasDisabled(why);
            // The rest of the rig runs as if the cameras were not there.
            rig = new SensorRig(rig.Name, rig.Sensors.Where(s => s is not CameraSensor).ToArray()) { Backend = rig.Backend, BackendWhere = rig.BackendWhere };
            cameras = [];
        }
        SceneGeometry? scene = null;
        RayCasting? rays = null;
        if (rig.Sensors.Any(NeedsScene))
        {
            scene = SceneGeometry.Build(scenario.Network, snapshots);
            foreach (Sensor s in rig.Sensors)
            {
                Attach(s, scene);
            }
            if (rig.BackendWhere is { } where && rig.Sensors.Any(s => s is IRaySensor))
            {
                // One Vulkan device per process: the cameras' when they have one.
                rays = RayCasting.Choose(rig.Backend, scene, ref device, out string? error);
                if (rays is null)
                {
                    device?.Dispose();
                    throw new InputException(where, error!);
                }
                rig.RayCasting = rays;
            }
        }
        if (cameras.Length == 0 && rays?.Caster is null)
        {
            // 'auto' looked at a device it does not use.
            device?.Dispose();
            device = null;
        }
        VulkanCameraRenderer? renderer = null;
        if (cameras.Length > 0)
        {
            try
            {
                renderer = new VulkanCameraRenderer(device!, scene!, cameras, VulkanCameraRenderer.LightingFor(scenario));
            }
            catch (Exception e) when (e is VulkanException or InvalidOperationException)
            {
                rays?.Dispose();
                device!.Dispose();
                throw new InputException(new SourceLocation(rigPath, cameras[0].Definition.Where.Line, cameras[0].Definition.Where.Column), $"the cameras cannot render on {device.Name}: {e.Message}");
            }
        }
        FileSensorSink? files = null;
        if (recordDir is not null)
        {
            try
            {
                Directory.CreateDirectory(recordDir);
                // A finished file of an earlier run must not pass for this run's.
                foreach (string name in rig.Sensors.SelectMany(StreamNames))
                {
                    File.Delete(Path.Combine(recordDir, name + ".bin"));
                    File.Delete(Path.Combine(recordDir, name + ".json"));
                }
                foreach (CameraSensor c in cameras)
                {
                    File.Delete(Path.Combine(recordDir, c.Definition.Name + ".calibration.json"));
                }
                files = new FileSensorSink(recordDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(new SourceLocation(recordDir, 0, 0), $"cannot record sensors there: {e.Message}");
            }
        }
        return new RigRunner(rig, world, scene, files, recordDir, device, renderer, warning) { RigPath = rigPath, _rays = rays };
    }

    /// <summary>After the initial state and after every step: the sensors' outputs due in the step.</summary>
    public void Step(Simulator sim)
    {
        _world.Update(sim);
        _scene?.Update(_world);
        _rig.Step(_world, _sink);
    }

    /// <summary>Closes the recording under its final names.</summary>
    public void Complete()
    {
        if (_recordDir is not null)
        {
            // The calibration goes with every camera recording (written last: a failed run leaves none).
            foreach (CameraSensor c in _rig.Sensors.OfType<CameraSensor>())
            {
                CalibrationWriter.Write(c, _recordDir);
            }
        }
        _files?.Complete();
        _completed = true;
    }

    /// <summary>
    /// Outputs and bytes per sensor, in rig order (sensors that produced nothing included). A camera
    /// writes one stream per wanted output: its outputs are its frames (those of its first stream),
    /// its bytes those of all its streams.
    /// </summary>
    public IReadOnlyList<SensorSummary> Summary()
        => _rig.Sensors.Select(s =>
        {
            string[] names = StreamNames(s).ToArray();
            _counts.Counts.TryGetValue(names[0], out (long Frames, long Bytes) c);
            long bytes = 0;
            foreach (string n in names)
            {
                bytes += _counts.Counts.TryGetValue(n, out (long Frames, long Bytes) k) ? k.Bytes : 0;
            }
            return new SensorSummary(s.Definition.Name, s.Definition.Type, s.Format, c.Frames, bytes);
        }).ToArray();

    /// <summary>
    /// result.json's "ray_casting" (which backend the rig's 'backend' chose, on which device, why),
    /// or null when the rig file does not say 'backend'.
    /// </summary>
    public Action<System.Text.Json.Utf8JsonWriter>? RayCastingJson => _rays is null ? null : _rays.WriteJson;

    /// <summary>Without <see cref="Complete"/>: deletes the unfinished recording (partial files and their descriptions).</summary>
    public void Dispose()
    {
        _rays?.Dispose();
        _cameras?.Dispose();
        _device?.Dispose();
        if (_completed || _files is null)
        {
            return;
        }
        _files.Dispose();
        foreach (string name in _rig.Sensors.SelectMany(StreamNames))
        {
            File.Delete(Path.Combine(_recordDir!, name + ".json"));
        }
    }

    /// <summary>The names a sensor's outputs are written under: its own, or a camera's one per stream.</summary>
    private static IEnumerable<string> StreamNames(Sensor s)
        => s is CameraSensor c ? c.Streams.Select(x => x.Name) : [s.Definition.Name];

    /// <summary>Sensors that cast rays into the scene.</summary>
    private static bool NeedsScene(Sensor s) => s is RadarSensor or SensorModels.Lidar.LidarSensor or CameraSensor;

    private static void Attach(Sensor s, SceneGeometry scene)
    {
        switch (s)
        {
            case RadarSensor radar:
                radar.Scene = scene;
                break;
            case SensorModels.Lidar.LidarSensor lidar:
                lidar.Scene = scene;
                break;
        }
    }
}
