using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;
using Perception.Runtime;
using SensorModels.GroundTruth;
using SensorModels.Mathematics;
using Sim.Runtime.Sil;
using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Scenarios;

namespace Sim.Runtime.Hil;

/// <summary>What a target process is asked to do (`sim target`).</summary>
/// <param name="Connect">The simulator's control endpoint tcp://HOST:PORT (data on PORT+1).</param>
/// <param name="Scenario">The scenario file: the target's map, entity list and ego driver settings; null is an error.</param>
public sealed record TargetRequest(string Connect, string? Scenario)
{
    /// <summary>"reference" (the reference driver on the streamed ego state and ground-truth objects) or "onnx:SPEC".</summary>
    public string Driver { get; init; } = "reference";

    /// <summary>How long to wait for the simulator (connection, each tick).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>CurveZMQ: this target's secret key file, or null.</summary>
    public string? CurveSecret { get; init; }

    /// <summary>CurveZMQ: the simulator's public key file, or null.</summary>
    public string? SimKey { get; init; }

    /// <summary>More streams to receive: NAME,NAME,... or "all", or null.</summary>
    public string? Streams { get; init; }

    /// <summary>Write every received stream there in the `--record-sensors` layout, or null.</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>
    /// Take only the map and the ego's driver settings from the scenario: drive any recording (a
    /// real drive imported with `sim import`, replayed), whatever its scenario, perceiving nothing
    /// when it streams no ground truth.
    /// </summary>
    public bool MapOnly { get; init; }
}

/// <summary>
/// A HIL target that drives the ego with the reference driver from what the simulator streams
/// (the ego's state and a ground-truth object list, or a perception model's detections on the
/// streamed lidar), not from the simulator's memory, and reports the objects it saw as its
/// perception (`sim target`).
/// </summary>
public static class ReferenceTarget
{
    private static readonly string[] Classes = ["car", "truck", "bus", "pedestrian", "cyclist", "obstacle"];

    /// <summary>
    /// Connects to the simulator, drives its ego until the run ends and returns the simulator's
    /// verdict (its EndOfRun). <paramref name="log"/> hears who connected and how it ended;
    /// <paramref name="warnings"/> the scenario's warnings.
    /// </summary>
    /// <exception cref="InputException">A bad option, scenario, key file or model spec.</exception>
    /// <exception cref="RunException">The simulator did not come or ended the session, or the model failed.</exception>
    public static Verdict Run(TargetRequest request, TextWriter? log = null, TextWriter? warnings = null)
    {
        (string connect, string driverName, string? scenarioPath, double timeoutSeconds) = (request.Connect, request.Driver, request.Scenario, request.Timeout.TotalSeconds);
        (string? curveSecret, string? simKey, string? extraStreams, string? recordDir) = (request.CurveSecret, request.SimKey, request.Streams, request.RecordDirectory);
        bool mapOnly = request.MapOnly;
        ObservedWorldDriver world;
        ModelRunner? model = null;
        HilEndpoint endpoint;
        CurveSecurity? curve;
        Scenario scenario;
        try
        {
            endpoint = HilEndpoint.Parse(connect, "--connect");
            if (driverName != "reference" && !driverName.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
            {
                throw new InputException(new SourceLocation("--driver", 0, 0), $"'{driverName}' is not a target driver: reference or onnx:SPEC");
            }
            if (scenarioPath is null)
            {
                throw new InputException(new SourceLocation("--scenario", 0, 0), "the reference target needs the scenario file (its map and the ego's driver settings)");
            }
            if (!(timeoutSeconds > 0))
            {
                throw new InputException(new SourceLocation("--timeout", 0, 0), "must be a positive number of seconds");
            }
            curve = CurveSettings.From(curveSecret, simKey, "--sim-key");
            var found = new List<InputError>();
            scenario = ScenarioFiles.Load(scenarioPath, new LoadOptions(), found);
            foreach (InputError w in found)
            {
                warnings?.WriteLine(w.ToString());
            }
            world = new ObservedWorldDriver(scenario);
            if (driverName.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
            {
                model = ModelRunner.Load(driverName["onnx:".Length..]);
            }
        }
        catch (InvalidOperationException e)
        {
            throw new RunException(scenarioPath!, e.Message, e);
        }
        TimeSpan timeout = TimeSpan.FromSeconds(timeoutSeconds);
        string? groundTruth = null;
        ModelPerception? perception = null;
        string[] wanted = [];
        try
        {
            using TargetClient client = TargetClient.Connect(endpoint.Control, endpoint.Data, hello =>
            {
                if (hello.Scenario != scenario.Name && !mapOnly)
                {
                    throw new HilException($"this target was given scenario '{scenario.Name}' ({scenarioPath}); the simulator runs '{hello.Scenario}' (with --map-only it takes only the map)");
                }
                if (model is null)
                {
                    groundTruth = hello.Sensors.FirstOrDefault(s => s.Format == "ground_truth.v1")?.Name
                        ?? (mapOnly ? "" : throw new HilException("the reference target perceives through a ground-truth object list (format ground_truth.v1), and the rig has none: add a 'ground_truth' sensor"));
                }
                else
                {
                    // The model perceives through its lidar: the one its spec names, or the only one.
                    SensorManifestEntry[] lidars = hello.Sensors.Where(s => s.Format == "lidar.v1").ToArray();
                    SensorManifestEntry lidar = (model.Stream is { } name ? lidars.FirstOrDefault(l => l.Name == name) : lidars.Length == 1 ? lidars[0] : null)
                        ?? throw new HilException($"the model reads lidar '{model.Stream ?? "(the only lidar)"}'; the simulator streams {(lidars.Length == 0 ? "no lidar" : string.Join(", ", lidars.Select(l => l.Name)))}");
                    perception = new ModelPerception(model, lidar.Name, new Pose3(new Vec3(lidar.X, lidar.Y, lidar.Z), lidar.Roll, lidar.Pitch, lidar.Yaw));
                    groundTruth = lidar.Name;
                }
                wanted = [.. groundTruth.Length > 0 ? [groundTruth] : Array.Empty<string>(), .. Extra(extraStreams, hello).Where(n => n != groundTruth)];
                return new HelloReply(model is null ? "sim-target-reference" : "sim-target-onnx", typeof(ReferenceTarget).Assembly.GetName().Version?.ToString() ?? "0", wanted, ActuationMode.Command, WantsVehicleState: true);
            }, timeout, curve);
            using SensorModels.Output.FileSensorSink? files = recordDir is null ? null : new SensorModels.Output.FileSensorSink(recordDir);
            log?.WriteLine($"connected to {endpoint.Control}: scenario '{scenario.Name}', perceiving through '{(groundTruth is { Length: > 0 } g ? g : "nothing")}'");
            var perceived = new List<PerceivedObject>();
            var debug = new KeyValuePair<string, double>[1];
            long ticks = 0;
            while (client.NextTick(timeout) is { } tick)
            {
                VehicleState v = tick.Vehicle ?? throw new HilException("the simulator sent a tick without the vehicle state this target asked for");
                long t = client.TickTimeNs;
                world.ObserveEgo(t, v.X, v.Y, v.Yaw, v.Speed, v.LateralSpeed, v.Acceleration, v.YawRate, v.SteeringAngle);
                foreach (FrameDescriptor f in tick.Frames)
                {
                    files?.Write(f.Frame, client.Payload(f));
                    if (f.Frame.Sensor != groundTruth)
                    {
                        continue;
                    }
                    if (perception is null)
                    {
                        perceived.Clear();
                        ReadObjects(world, f, client.Payload(f), v, perceived);
                    }
                    else if (perception.Add(f.Frame, client.Payload(f)))
                    {
                        // The vehicle frame as the simulator's sensors mount on it (pitch sign: docs/hil-protocol.md VehicleState).
                        perception.Detect(new Pose3(new Vec3(v.X, v.Y, v.Z), 0, -v.Pitch, v.Yaw));
                        perceived.Clear();
                        perceived.AddRange(perception.Perceived);
                    }
                }
                if (perception is not null)
                {
                    world.ObserveDetections(t, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(perception.World));
                }
                (double steer, double accel) = world.Drive();
                debug[0] = new KeyValuePair<string, double>(HilRunner.AebStageKey, world.AebStage);
                client.Answer(tick, steer, accel, perceived, debug, CommandRollout.Plan(v, steer, accel, world.Wheelbase));
                ticks++;
            }
            EndOfRun end = client.End!;
            files?.Complete();
            if (perception is not null)
            {
                log?.WriteLine(FormattableString.Invariant($"model: {perception.Model.Provider}, {perception.Model.Frames} sweeps, inference p50 {perception.Model.InferenceLatency.P50Ms:F3} ms p99 {perception.Model.InferenceLatency.P99Ms:F3} ms"));
            }
            log?.WriteLine($"end of run after {ticks} ticks: {end.Status} ({end.Reason})");
            return end.Status switch
            {
                "pass" => Verdict.Pass,
                "fail" => Verdict.Fail,
                _ => Verdict.Error,
            };
        }
        catch (HilException e)
        {
            throw new RunException("sim target", e.Message, e);
        }
        catch (Exception e) when (e is ModelOutputException or InvalidDataException)
        {
            throw new RunException("sim target", $"the model failed: {e.Message}", e);
        }
        finally
        {
            model?.Dispose();
        }
    }

    /// <summary>The streams named by --streams (all of the manifest for 'all').</summary>
    /// <exception cref="HilException">A name that is not in the manifest.</exception>
    private static IEnumerable<string> Extra(string? option, Hello hello)
    {
        if (option is null)
        {
            return [];
        }
        if (option == "all")
        {
            return hello.Sensors.Select(e => e.Name);
        }
        string[] names = option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? unknown = names.FirstOrDefault(n => !hello.Sensors.Any(e => e.Name == n));
        return unknown is null ? names
            : throw new HilException($"--streams: '{unknown}' is not a stream of the simulator ({string.Join(", ", hello.Sensors.Select(e => e.Name))})");
    }

    /// <summary>Reads a ground_truth.v1 payload into the world model and, in the ego's frame, into <paramref name="perceived"/>.</summary>
    /// <exception cref="HilException">The payload does not have the documented layout.</exception>
    private static void ReadObjects(ObservedWorldDriver world, FrameDescriptor f, ReadOnlySpan<byte> payload, VehicleState ego, List<PerceivedObject> perceived)
    {
        if (!GroundTruthPayload.TryCount(payload, out int n))
        {
            throw new HilException($"stream '{f.Frame.Sensor}' frame {f.Frame.Sequence}: {payload.Length} bytes is not a ground_truth.v1 payload");
        }
        double cos = Math.Cos(ego.Yaw), sin = Math.Sin(ego.Yaw);
        world.BeginObjects();
        for (int i = 0; i < n; i++)
        {
            GroundTruthObject o = GroundTruthPayload.Read(payload, i);
            (double cx, double cy, double cz) = (o.Centre.X, o.Centre.Y, o.Centre.Z);
            (double heading, double vx, double vy) = (o.Heading, o.Velocity.X, o.Velocity.Y);
            world.ObserveObject(f.Frame.EndNanoseconds, o.Id, cx, cy, heading, vx, vy);
            // What the target saw, in its vehicle frame (ISO 8855), for the simulator to score.
            double dx = cx - ego.X, dy = cy - ego.Y;
            int kind = (int)o.Kind;
            perceived.Add(new PerceivedObject(o.Id, kind >= 0 && kind < Classes.Length ? Classes[kind] : "obstacle",
                cos * dx + sin * dy, -sin * dx + cos * dy, cz - ego.Z, o.Length, o.Width, o.Height,
                heading - ego.Yaw, cos * vx + sin * vy, -sin * vx + cos * vy, 1.0));
        }
        world.EndObjects();
    }
}
