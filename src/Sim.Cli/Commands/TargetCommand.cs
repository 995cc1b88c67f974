using System.Buffers.Binary;
using System.CommandLine;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;
using Perception.Runtime;
using SensorModels.Mathematics;
using Sim.Cli.Hil;
using Sim.Cli.Sil;
using SimCore.Diagnostics;
using SimCore.Driver;
using SimCore.Scenarios;

namespace Sim.Cli.Commands;

/// <summary>
/// `sim target --driver reference --connect tcp://HOST:PORT --scenario FILE`: a HIL target in its
/// own process. It drives the ego with the reference driver from what the simulator streams (the
/// ego's state and a ground-truth object list), not from the simulator's memory, and reports the
/// objects it saw as its perception.
/// </summary>
internal static class TargetCommand
{
    /// <summary>Bytes per ground_truth.v1 record (docs/sensors/ground-truth.md).</summary>
    private const int RecordBytes = 140;

    private static readonly string[] Classes = ["car", "truck", "bus", "pedestrian", "cyclist", "obstacle"];

    public static Command Create()
    {
        var connect = new Option<string>("--connect") { Description = "The simulator's control endpoint tcp://HOST:PORT (data on PORT+1)", Required = true };
        var driver = new Option<string>("--driver") { Description = "Who drives: reference (the reference driver on the streamed ego state and ground-truth objects) or onnx:SPEC (the reference planner on what a perception model detects in the streamed lidar)", DefaultValueFactory = _ => "reference" };
        var scenario = new Option<string?>("--scenario") { Description = "The scenario file: the target's map, entity list and ego driver settings (its HD map and mission)" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the simulator (connection, each tick)", DefaultValueFactory = _ => 30.0 };
        var secret = new Option<string?>("--curve-secret") { Description = "CurveZMQ: this target's secret key file" };
        var simKey = new Option<string?>("--sim-key") { Description = "CurveZMQ: the simulator's public key file (the simulator is the CURVE server)" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress line" };
        var streams = new Option<string?>("--streams") { Description = "More streams to receive besides the object list: NAME,NAME,... or 'all' (e.g. to record or to measure the transport)" };
        var record = new Option<string?>("--record") { Description = "Write every received stream to DIR/<stream>.bin and .json, in the layout of `sim run --record-sensors`" };
        var mapOnly = new Option<bool>("--map-only") { Description = "Take only the map and the ego's driver settings from --scenario: drive any recording (a real drive imported with `sim import`, replayed with `sim replay`), whatever its scenario, perceiving nothing when it streams no ground truth" };
        var cmd = new Command("target", "Run a HIL target process that connects to `sim run --target` and drives the ego. Exit 0 when the run passed, 1 failed, 2 error.");
        foreach (Option o in new Option[] { connect, driver, scenario, timeout, secret, simKey, streams, record, mapOnly, quiet })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r => Execute(r.GetValue(connect)!, r.GetValue(driver)!, r.GetValue(scenario), r.GetValue(timeout), r.GetValue(secret), r.GetValue(simKey), r.GetValue(quiet), r.GetValue(streams), r.GetValue(record), r.GetValue(mapOnly)));
        return cmd;
    }

    internal static int Execute(string connect, string driverName, string? scenarioPath, double timeoutSeconds, string? curveSecret, string? simKey, bool quiet, string? extraStreams = null, string? recordDir = null, bool mapOnly = false)
    {
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
            var warnings = new List<InputError>();
            scenario = ScenarioFiles.Load(scenarioPath, new LoadOptions(), warnings);
            CommonOptions.Print(warnings);
            world = new ObservedWorldDriver(scenario);
            if (driverName.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
            {
                model = ModelRunner.Load(driverName["onnx:".Length..]);
            }
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"{scenarioPath}: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        TimeSpan timeout = TimeSpan.FromSeconds(timeoutSeconds);
        string? groundTruth = null;
        ModelPerception? perception = null;
        string[] wanted = [];
        Dictionary<string, string> types = new(StringComparer.Ordinal);
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
                types = hello.Sensors.ToDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);
                return new HelloReply(model is null ? "sim-target-reference" : "sim-target-onnx", typeof(TargetCommand).Assembly.GetName().Version?.ToString() ?? "0", wanted, ActuationMode.Command, WantsVehicleState: true);
            }, timeout, curve);
            using SensorModels.Output.FileSensorSink? files = recordDir is null ? null : new SensorModels.Output.FileSensorSink(recordDir);
            if (!quiet)
            {
                Console.Error.WriteLine($"connected to {endpoint.Control}: scenario '{scenario.Name}', perceiving through '{(groundTruth is { Length: > 0 } g ? g : "nothing")}'");
            }
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
                    files?.Write(new SensorModels.Output.SensorFrame(f.Stream, types.GetValueOrDefault(f.Stream, ""), f.Format, f.Sequence, f.StartNs, f.EndNs), client.Payload(f));
                    if (f.Stream != groundTruth)
                    {
                        continue;
                    }
                    if (perception is null)
                    {
                        perceived.Clear();
                        ReadObjects(world, f, client.Payload(f), v, perceived);
                    }
                    else if (perception.Add(client.Payload(f)))
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
            if (perception is not null && !quiet)
            {
                Console.Error.WriteLine(FormattableString.Invariant($"model: {perception.Model.Provider}, {perception.Model.Frames} sweeps, inference p50 {perception.Model.InferenceLatency.P50Ms:F3} ms p99 {perception.Model.InferenceLatency.P99Ms:F3} ms"));
            }
            if (!quiet)
            {
                Console.Error.WriteLine($"end of run after {ticks} ticks: {end.Status} ({end.Reason})");
            }
            return end.Status switch
            {
                "pass" => ExitCodes.Pass,
                "fail" => ExitCodes.CriterionFailed,
                _ => ExitCodes.BadInput,
            };
        }
        catch (HilException e)
        {
            Console.Error.WriteLine($"sim target: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is ModelOutputException or InvalidDataException)
        {
            Console.Error.WriteLine($"sim target: error: the model failed: {e.Message}");
            return ExitCodes.BadInput;
        }
        finally
        {
            model?.Dispose();
        }
    }

    private static double D(ReadOnlySpan<byte> record, int offset) => BinaryPrimitives.ReadDoubleLittleEndian(record[offset..]);

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
        ReadOnlySpan<byte> p = payload;
        int n = p.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(p) : -1;
        if (n < 0 || p.Length != 4 + (long)n * RecordBytes)
        {
            throw new HilException($"stream '{f.Stream}' frame {f.Sequence}: {p.Length} bytes is not a ground_truth.v1 payload");
        }
        double cos = Math.Cos(ego.Yaw), sin = Math.Sin(ego.Yaw);
        world.BeginObjects();
        for (int i = 0; i < n; i++)
        {
            int at = 4 + i * RecordBytes;
            int id = BinaryPrimitives.ReadInt32LittleEndian(p[at..]);
            int kind = BinaryPrimitives.ReadInt32LittleEndian(p[(at + 4)..]);
            ReadOnlySpan<byte> r = p.Slice(at, RecordBytes);
            (double cx, double cy, double cz) = (D(r, 12), D(r, 20), D(r, 28));
            (double length, double width, double height) = (D(r, 36), D(r, 44), D(r, 52));
            (double heading, double vx, double vy) = (D(r, 60), D(r, 68), D(r, 76));
            world.ObserveObject(f.EndNs, id, cx, cy, heading, vx, vy);
            // What the target saw, in its vehicle frame (ISO 8855), for the simulator to score.
            double dx = cx - ego.X, dy = cy - ego.Y;
            perceived.Add(new PerceivedObject(id, kind >= 0 && kind < Classes.Length ? Classes[kind] : "obstacle",
                cos * dx + sin * dy, -sin * dx + cos * dy, cz - ego.Z, length, width, height,
                heading - ego.Yaw, cos * vx + sin * vy, -sin * vx + cos * vy, 1.0));
        }
        world.EndObjects();
    }
}
