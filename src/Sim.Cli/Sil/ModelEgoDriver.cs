using System.Buffers.Binary;
using System.Text.Json;
using HilBridge.Protocol.Messages;
using HilBridge.Scoring;
using Perception;
using Perception.Runtime;
using SensorModels.Lidar;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Runtime;
using Sim.Cli.Sensors;
using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Cli.Sil;

/// <summary>
/// `sim run --ego-driver onnx:SPEC`: software in the loop. A perception model (ONNX) looks at every
/// lidar sweep of the rig; the reference driver plans from the objects it detects, not from the
/// simulator's ground truth (<see cref="ObservedWorldDriver"/>), and drives the ego. Its detections
/// are scored against the ground truth as a HIL target's are (docs/hil-scoring.md).
/// </summary>
internal sealed class ModelEgoDriver : ISensorSink, IDisposable
{
    /// <summary>How far from the ego ground truth is scored (m), as for HIL targets.</summary>
    private const double ScoredRange = 150;

    private readonly ModelRunner _model;
    private readonly ObservedWorldDriver _driver;
    private readonly int _ego;
    private readonly string _lidar;
    private readonly Pose3 _mount;
    private readonly PerceptionScorer _scorer = new();
    private readonly List<DetectedObject> _world = new();
    private readonly List<PerceivedObject> _perceived = new();
    private EntitySnapshot[] _snapshots = [];
    private GroundTruthBox[] _boxes = [];
    private byte[] _sweep = new byte[1 << 16];
    private int _sweepBytes;
    private int _sweepPoints;
    private bool _newSweep;

    private ModelEgoDriver(ModelRunner model, ObservedWorldDriver driver, int ego, string lidar, Pose3 mount)
        => (_model, _driver, _ego, _lidar, _mount) = (model, driver, ego, lidar, mount);

    /// <summary>The model runner (provider, latency, frames).</summary>
    public ModelRunner Model => _model;

    /// <summary>
    /// Loads the model spec and hands the scenario's ego to it. The rig must have the lidar the spec
    /// names (or one lidar when it names none).
    /// </summary>
    /// <exception cref="InputException">A bad spec or model, no such lidar, or no ego.</exception>
    public static ModelEgoDriver Start(string specPath, Scenario scenario, Simulator sim, RigRunner? rig)
    {
        if (rig is null)
        {
            throw new InputException(new SourceLocation(specPath, 0, 0), "a model in the loop needs a sensor rig with a lidar: give --rig FILE or a 'rig:' in the scenario");
        }
        ModelRunner model = ModelRunner.Load(specPath);
        try
        {
            LidarSensor[] lidars = rig.Rig.Sensors.OfType<LidarSensor>().ToArray();
            LidarSensor? lidar = model.Stream is { } name ? lidars.FirstOrDefault(l => l.Definition.Name == name) : lidars.Length == 1 ? lidars[0] : null;
            if (lidar is null)
            {
                throw new InputException(new SourceLocation(rig.RigPath, 0, 0),
                    $"the model {specPath} reads lidar '{model.Stream ?? "(the rig's only lidar)"}'; the rig has {(lidars.Length == 0 ? "no lidar" : string.Join(", ", lidars.Select(l => l.Definition.Name)))}");
            }
            var snapshots = new EntitySnapshot[sim.EntityCount];
            sim.GetSnapshot(snapshots);
            int ego = Array.FindIndex(snapshots, s => s.IsEgo);
            if (ego < 0)
            {
                throw new InputException(new SourceLocation(scenario.SourceFile, 0, 0), "a model in the loop drives the ego: the scenario needs an entity with 'driver:'");
            }
            var driver = new ModelEgoDriver(model, new ObservedWorldDriver(scenario), ego, lidar.Definition.Name, lidar.Definition.Mount);
            sim.UseExternalDriver(ego);
            rig.AddTap(driver);
            return driver;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Collects the lidar's packets into whole sweeps.</summary>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (frame.Sensor != _lidar || payload.Length < 16)
        {
            return;
        }
        uint points = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        int packet = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]);
        int packets = BinaryPrimitives.ReadUInt16LittleEndian(payload[10..]);
        if (packet == 0)
        {
            (_sweepBytes, _sweepPoints) = (0, 0);
            Append(payload[..16]);
        }
        Append(payload[16..]);
        _sweepPoints += (int)points;
        if (packet == packets - 1)
        {
            // One payload for the whole sweep: N points, packet 0 of 1.
            BinaryPrimitives.WriteUInt32LittleEndian(_sweep, (uint)_sweepPoints);
            BinaryPrimitives.WriteUInt16LittleEndian(_sweep.AsSpan(8), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(_sweep.AsSpan(10), 1);
            _newSweep = true;
        }
    }

    /// <summary>
    /// After the sensors have run for the state: detects on a sweep that just ended, and sets the
    /// ego's demand for the next step from what the model sees.
    /// </summary>
    public void Step(Simulator sim)
    {
        if (_snapshots.Length != sim.EntityCount)
        {
            _snapshots = new EntitySnapshot[sim.EntityCount];
            _boxes = new GroundTruthBox[sim.EntityCount];
        }
        sim.GetSnapshot(_snapshots);
        EntitySnapshot e = _snapshots[_ego];
        long t = sim.Time.Nanoseconds;
        _driver.ObserveEgo(t, e.X, e.Y, e.Heading, e.Speed, e.LateralVelocity, e.Acceleration, e.YawRate, e.SteeringAngle);
        if (_newSweep)
        {
            _newSweep = false;
            Detect(e, t);
        }
        _driver.ObserveDetections(t, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_world));
        (double steer, double accel) = _driver.Drive();
        sim.SetDemand(_ego, steer, accel);
        sim.ReportAeb(_ego, _driver.AebStage);
    }

    /// <summary>Writes "perception" (scores) and "model" (provider, frames, latency) into result.json.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("spec", _model.SpecPath);
        w.WriteString("provider", _model.Provider);
        if (_model.ProviderNote is { } note)
        {
            w.WriteString("provider_note", note);
        }
        w.WriteString("lidar", _lidar);
        w.WriteNumber("frames", _model.Frames);
        w.WriteNumber("non_finite_frames", _model.NonFiniteFrames);
        LatencySummary inference = _model.InferenceLatency, total = _model.TotalLatency;
        w.WriteStartObject("inference_latency");
        Latency(w, inference);
        w.WriteEndObject();
        w.WriteStartObject("detection_latency");
        Latency(w, total);
        w.WriteEndObject();
        if (_scorer.TicksScored > 0)
        {
            w.WritePropertyName("perception");
            _scorer.Report().WriteJson(w);
        }
        w.WriteEndObject();
    }

    private static void Latency(Utf8JsonWriter w, LatencySummary s)
    {
        w.WriteNumber("count", s.Count);
        if (s.Count > 0)
        {
            w.WriteNumber("p50_ms", Math.Round(s.P50Ms, 4));
            w.WriteNumber("p99_ms", Math.Round(s.P99Ms, 4));
            w.WriteNumber("max_ms", Math.Round(s.MaxMs, 4));
        }
    }

    /// <summary>Runs the model on the finished sweep; keeps its boxes in the world frame and scores them.</summary>
    private void Detect(EntitySnapshot ego, long t)
    {
        IReadOnlyList<Detection> found = _model.Detect(_sweep.AsSpan(0, _sweepBytes));
        Pose3 vehicle = SensorWorld.VehiclePose(ego);
        Pose3 sensor = vehicle.Compose(_mount);
        _world.Clear();
        _perceived.Clear();
        Vec3 forward = sensor.Rotate(new Vec3(1, 0, 0));
        double sensorYaw = Math.Atan2(forward.Y, forward.X);
        for (int i = 0; i < found.Count; i++)
        {
            Detection d = found[i];
            Vec3 c = sensor.TransformPoint(new Vec3(d.X, d.Y, d.Z));
            Vec3 v = sensor.Rotate(new Vec3(d.Vx, d.Vy, 0));
            double heading = sensorYaw + d.Yaw;
            _world.Add(new DetectedObject(KindOf(d.ClassName), c.X, c.Y, c.Z, d.Length, d.Width, d.Height, heading, v.X, v.Y));
            // The same box in the ego's vehicle frame, as a HIL target would report it.
            Vec3 q = vehicle.InverseTransformPoint(c);
            Vec3 qv = vehicle.InverseRotate(v);
            _perceived.Add(new PerceivedObject(i, ScoredClass(d.ClassName), q.X, q.Y, q.Z, d.Length, d.Width, d.Height, heading - ego.Heading, qv.X, qv.Y, d.Score));
        }
        int n = GroundTruthFrame.FromSnapshots(_snapshots, _ego, ScoredRange, _boxes);
        _perceived.RemoveAll(o => Math.Sqrt(o.X * o.X + o.Y * o.Y + o.Z * o.Z) > ScoredRange);
        _scorer.Score(t, _boxes.AsSpan(0, n), _perceived);
    }

    /// <summary>The entity kind the planner treats a detected class as.</summary>
    private static EntityKind KindOf(string cls) => cls.ToLowerInvariant() switch
    {
        "pedestrian" => EntityKind.Pedestrian,
        "cyclist" => EntityKind.Cyclist,
        "truck" => EntityKind.Truck,
        "bus" => EntityKind.Bus,
        "obstacle" => EntityKind.Obstacle,
        _ => EntityKind.Car,
    };

    /// <summary>
    /// The scorer's class for a model class: a model's "vehicle" covers car, truck and bus, so it is
    /// scored as "car" (what most of them are); docs/perception-models.md says how to read that.
    /// </summary>
    private static string ScoredClass(string cls) => cls.ToLowerInvariant() switch
    {
        "vehicle" => ObjectClasses.Car,
        var c => c,
    };

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_sweepBytes + bytes.Length > _sweep.Length)
        {
            Array.Resize(ref _sweep, Math.Max(_sweep.Length * 2, _sweepBytes + bytes.Length));
        }
        bytes.CopyTo(_sweep.AsSpan(_sweepBytes));
        _sweepBytes += bytes.Length;
    }

    /// <inheritdoc/>
    public void Dispose() => _model.Dispose();
}
