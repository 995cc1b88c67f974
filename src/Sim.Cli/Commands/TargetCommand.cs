using System.CommandLine;
using Sim.Runtime;
using Sim.Runtime.Hil;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim target`: a HIL target process (<see cref="ReferenceTarget"/>) with console output and exit codes.</summary>
internal static class TargetCommand
{
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
        try
        {
            return ExitCodes.Of(ReferenceTarget.Run(new TargetRequest(connect, scenarioPath)
            {
                Driver = driverName,
                // Not a positive, finite number: the target says so, in the order it checks its options.
                Timeout = timeoutSeconds > 0 && double.IsFinite(timeoutSeconds) ? TimeSpan.FromSeconds(timeoutSeconds) : TimeSpan.Zero,
                CurveSecret = curveSecret,
                SimKey = simKey,
                Streams = extraStreams,
                RecordDirectory = recordDir,
                MapOnly = mapOnly,
            }, quiet ? null : Console.Error, Console.Error));
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (RunException e)
        {
            return ExitCodes.Report(e);
        }
    }
}
