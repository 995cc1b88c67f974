using System.Text.Json;
using Sim.Runtime.Scoring;
using Perception.Runtime;
using SensorModels.Lidar;
using SensorModels.Output;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.Sil;

/// <summary>
/// `sim run --ego-driver onnx:SPEC`: software in the loop. A perception model (ONNX) looks at every
/// lidar sweep of the rig; the reference driver plans from the objects it detects, not from the
/// simulator's ground truth (<see cref="ObservedWorldDriver"/>), and drives the ego. Its detections
/// are scored against the ground truth as a HIL target's are (docs/hil-scoring.md).
/// </summary>
internal sealed class ModelEgoDriver : IDisposable
{
    private readonly ModelPerception _perception;
    private readonly ObservedWorldDriver _driver;
    private readonly int _ego;
    private readonly EgoPerceptionScorer _scorer = new();
    private EntitySnapshot[] _snapshots = [];
    private bool _newSweep;

    private ModelEgoDriver(ModelPerception perception, ObservedWorldDriver driver, int ego)
        => (_perception, _driver, _ego) = (perception, driver, ego);

    /// <summary>The model runner (provider, latency, frames).</summary>
    public ModelRunner Model => _perception.Model;

    /// <summary>
    /// Loads the model spec and hands the scenario's ego to it. The rig must have the lidar the spec
    /// names (or one lidar when it names none).
    /// </summary>
    /// <exception cref="InputException">A bad spec or model, no such lidar, or no ego.</exception>
    public static ModelEgoDriver Start(string specPath, Scenario scenario, Simulator sim, RigSession? rig)
    {
        if (rig is null)
        {
            throw new InputException(new SourceLocation(specPath, 0, 0), "a model in the loop needs a sensor rig with a lidar: give --rig FILE or a 'rig:' in the scenario");
        }
        ModelRunner model = ModelRunner.Load(specPath);
        try
        {
            Sensor[] lidars = rig.Rig.Sensors.Where(s => s.Definition.Type == "lidar").ToArray();
            Sensor? lidar = model.Stream is { } name ? lidars.FirstOrDefault(l => l.Definition.Name == name) : lidars.Length == 1 ? lidars[0] : null;
            if (lidar is null)
            {
                throw new InputException(new SourceLocation(rig.RigPath, 0, 0),
                    $"the model {specPath} reads lidar '{model.Stream ?? "(the rig's only lidar)"}'; the rig has {(lidars.Length == 0 ? "no lidar" : string.Join(", ", lidars.Select(l => l.Definition.Name)))}");
            }
            int ego = sim.EgoIndex;
            if (ego < 0)
            {
                throw new InputException(new SourceLocation(scenario.SourceFile, 0, 0), "a model in the loop drives the ego: the scenario needs an entity with 'driver:'");
            }
            var driver = new ModelEgoDriver(new ModelPerception(model, lidar.Definition.Name, lidar.Definition.Mount), new ObservedWorldDriver(scenario), ego);
            sim.UseExternalDriver(ego);
            return driver;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Drives the ego in <paramref name="stages"/>: the lidar's outputs make sweeps, and at
    /// <see cref="StepStages.Sensed"/> the model's view of the last sweep sets the ego's demand.
    /// </summary>
    public void Attach(StepStages stages)
    {
        stages.SensorOutput += Write;
        stages.Sensed += Step;
    }

    /// <summary>Collects the lidar's packets into whole sweeps.</summary>
    private void Write(in SensorFrame frame, ReadOnlySpan<byte> payload)
    {
        if (_perception.Add(frame, payload))
        {
            _newSweep = true;
        }
    }

    /// <summary>
    /// After the sensors have run for the state: detects on a sweep that just ended, and sets the
    /// ego's demand for the next step from what the model sees.
    /// </summary>
    private void Step(Simulator sim)
    {
        if (_snapshots.Length != sim.EntityCount)
        {
            _snapshots = new EntitySnapshot[sim.EntityCount];
        }
        sim.GetSnapshot(_snapshots);
        EntitySnapshot e = _snapshots[_ego];
        long t = sim.Time.Nanoseconds;
        _driver.ObserveEgo(t, e.X, e.Y, e.Heading, e.Speed, e.LateralVelocity, e.Acceleration, e.YawRate, e.SteeringAngle);
        if (_newSweep)
        {
            _newSweep = false;
            _perception.Detect(SensorWorld.VehiclePose(e));
            _scorer.Score(t, _snapshots, _ego, _perception.Perceived);
        }
        _driver.ObserveDetections(t, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_perception.World));
        (double steer, double accel) = _driver.Drive();
        sim.SetDemand(_ego, steer, accel);
        sim.ReportAeb(_ego, _driver.AebStage);
    }

    /// <summary>Writes "perception" (scores) and "model" (provider, frames, latency) into result.json.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        ModelRunner model = _perception.Model;
        w.WriteString("spec", model.SpecPath);
        w.WriteString("provider", model.Provider);
        if (model.ProviderNote is { } note)
        {
            w.WriteString("provider_note", note);
        }
        w.WriteString("lidar", _perception.Lidar);
        w.WriteNumber("frames", model.Frames);
        w.WriteNumber("non_finite_frames", model.NonFiniteFrames);
        LatencySummary inference = model.InferenceLatency, total = model.TotalLatency;
        w.WriteStartObject("inference_latency");
        Latency(w, inference);
        w.WriteEndObject();
        w.WriteStartObject("detection_latency");
        Latency(w, total);
        w.WriteEndObject();
        if (_scorer.Scorer.TicksScored > 0)
        {
            w.WritePropertyName("perception");
            _scorer.Scorer.Report().WriteJson(w);
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

    /// <inheritdoc/>
    public void Dispose() => _perception.Dispose();
}
