using SensorModels.Geometry;
using SensorModels.Output;
using SensorModels.Radar;
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
    private readonly ISensorSink _sink;
    private readonly string? _recordDir;
    private bool _completed;

    private RigRunner(SensorRig rig, SensorWorld world, SceneGeometry? scene, FileSensorSink? files, string? recordDir)
    {
        _rig = rig;
        _world = world;
        _scene = scene;
        _files = files;
        _recordDir = recordDir;
        _counts = new CountingSink(files);
        // Ground truth that reports lidar point counts reads the lidar's outputs on their way out.
        _sink = SensorModels.GroundTruth.LidarHitCounter.Connect(rig, _counts);
    }

    /// <summary>The rig.</summary>
    public SensorRig Rig => _rig;

    /// <summary>
    /// Loads the rig and prepares the run. Throws <see cref="InputException"/> for a bad rig file or
    /// a scenario without an ego; nothing is written before both are known to be good.
    /// </summary>
    public static RigRunner Create(string rigPath, string? recordDir, Scenario scenario, Simulator sim)
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
        SceneGeometry? scene = null;
        if (rig.Sensors.Any(NeedsScene))
        {
            scene = SceneGeometry.Build(scenario.Network, snapshots);
            foreach (Sensor s in rig.Sensors)
            {
                Attach(s, scene);
            }
        }
        FileSensorSink? files = null;
        if (recordDir is not null)
        {
            try
            {
                Directory.CreateDirectory(recordDir);
                // A finished file of an earlier run must not pass for this run's.
                foreach (Sensor s in rig.Sensors)
                {
                    File.Delete(Path.Combine(recordDir, s.Definition.Name + ".bin"));
                    File.Delete(Path.Combine(recordDir, s.Definition.Name + ".json"));
                }
                files = new FileSensorSink(recordDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(new SourceLocation(recordDir, 0, 0), $"cannot record sensors there: {e.Message}");
            }
        }
        return new RigRunner(rig, world, scene, files, recordDir);
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
        _files?.Complete();
        _completed = true;
    }

    /// <summary>Outputs and bytes per sensor, in rig order (sensors that produced nothing included).</summary>
    public IReadOnlyList<SensorSummary> Summary()
        => _rig.Sensors.Select(s =>
        {
            _counts.Counts.TryGetValue(s.Definition.Name, out (long Frames, long Bytes) c);
            return new SensorSummary(s.Definition.Name, s.Definition.Type, s.Format, c.Frames, c.Bytes);
        }).ToArray();

    /// <summary>Without <see cref="Complete"/>: deletes the unfinished recording (partial files and their descriptions).</summary>
    public void Dispose()
    {
        if (_completed || _files is null)
        {
            return;
        }
        _files.Dispose();
        foreach (Sensor s in _rig.Sensors)
        {
            File.Delete(Path.Combine(_recordDir!, s.Definition.Name + ".json"));
        }
    }

    /// <summary>Sensors that cast rays into the scene.</summary>
    private static bool NeedsScene(Sensor s) => s is RadarSensor or SensorModels.Lidar.LidarSensor;

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
