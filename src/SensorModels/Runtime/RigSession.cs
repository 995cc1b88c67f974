using SensorModels.Camera;
using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Output;
using SensorModels.Radar;
using SensorModels.Rendering;
using SensorModels.Rig;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Runtime;

/// <summary>
/// A sensor rig mounted on a run's ego, wired as `sim run` wires it: the scene geometry (built
/// once, only when a sensor casts rays) is re-posed every state before the rig samples it, cameras
/// render on a Vulkan device, ground truth counts the lidar's points, and every output is counted
/// and, with a recording directory, written by <see cref="FileSensorSink"/> (as .partial files
/// renamed by <see cref="Complete"/>) before it reaches <see cref="StepStages.SensorOutput"/>.
/// </summary>
public sealed class RigSession : IDisposable
{
    private readonly SensorRig _rig;
    private readonly SensorWorld _world;
    private readonly SceneGeometry? _scene;
    private readonly FileSensorSink? _files;
    private readonly CountingSink _counts;
    private readonly Outputs _outputs;
    private readonly ISensorSink _sink;
    private readonly string? _recordDir;
    private readonly VulkanDevice? _device;
    private readonly VulkanCameraRenderer? _cameras;
    private RayCasting? _rays;
    private bool _completed;

    private RigSession(SensorRig rig, SensorWorld world, SceneGeometry? scene, FileSensorSink? files, string? recordDir, VulkanDevice? device, VulkanCameraRenderer? cameras, string? warning)
    {
        _rig = rig;
        _device = device;
        _cameras = cameras;
        CameraWarning = warning;
        _world = world;
        _scene = scene;
        _files = files;
        _recordDir = recordDir;
        _outputs = new Outputs(files);
        _counts = new CountingSink(_outputs);
        // Ground truth that reports lidar point counts reads the lidar's outputs on their way out.
        _sink = SensorModels.GroundTruth.LidarHitCounter.Connect(rig, _counts);
    }

    /// <summary>The rig file.</summary>
    public string RigPath { get; private init; } = "";

    /// <summary>The rig (without its cameras when they were disabled).</summary>
    public SensorRig Rig => _rig;

    /// <summary>
    /// One line for standard error when the rig's cameras were disabled (no Vulkan device), else null.
    /// </summary>
    public string? CameraWarning { get; }

    /// <summary>The line printed when cameras cannot render, and the error under --strict.</summary>
    private static string CamerasDisabled(string why)
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
    /// <exception cref="InputException">A bad rig file, or no ego to mount it on.</exception>
    public static RigSession Create(string rigPath, string? recordDir, Scenario scenario, Simulator sim, bool strict = false)
    {
        SensorRig rig = RigLoader.Load(rigPath);
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        if (sim.EgoIndex < 0)
        {
            throw new InputException(new SourceLocation(scenario.SourceFile, 0, 0),
                $"a sensor rig needs an ego (an entity with a 'driver'); rig '{rigPath}' cannot be mounted");
        }
        var world = new SensorWorld(scenario.Network, sim.EntityCount, sim.Seed);
        foreach (Gnss.GnssSensor gnss in rig.Sensors.OfType<Gnss.GnssSensor>())
        {
            gnss.Plane(world); // the origin is in the Hello's calibration, and a map without one fails here
        }
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
        SceneGeometry? scene = rig.MountScene(scenario.Network, snapshots);
        RayCasting? rays = null;
        if (scene is not null && rig.BackendWhere is { } where && rig.Sensors.Any(s => s is IRaySensor))
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
        return new RigSession(rig, world, scene, files, recordDir, device, renderer, warning) { RigPath = rigPath, _rays = rays };
    }

    /// <summary>
    /// Mounts the rig in <paramref name="stages"/>: at <see cref="StepStages.Sensing"/> it samples
    /// the state (the outputs due since the last one) and writes every output to
    /// <see cref="StepStages.SensorOutput"/>. One rig, one run.
    /// </summary>
    public void Attach(StepStages stages)
    {
        if (_outputs.Stages is not null)
        {
            throw new InvalidOperationException("the rig is already mounted in a run");
        }
        _outputs.Stages = stages;
        stages.Sensing += Sample;
    }

    private void Sample(Simulator sim)
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
    /// How the lidars and radars cast (which backend the rig's 'backend' chose, on which device,
    /// why, rays and casts so far: result.json's "ray_casting"), or null when the rig file does not
    /// say 'backend'. The session owns it.
    /// </summary>
    public RayCasting? RayCasting => _rays;

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
    private static IEnumerable<string> StreamNames(Sensor s) => s.OutputStreams.Select(x => x.Name);

    /// <summary>The files, then the run's stages: the end of the rig's chain (counter, counts).</summary>
    private sealed class Outputs(FileSensorSink? files) : ISensorSink
    {
        public StepStages? Stages { get; set; }

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
        {
            files?.Write(frame, payload);
            Stages?.Write(frame, payload);
        }
    }
}
