using System.CommandLine;
using HilBridge.Session;
using Sim.Runtime;
using Sim.Runtime.Hil;
using Sim.Runtime.Recording;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>
/// `sim replay FILE --target tcp://HOST:PORT --out DIR`: open-loop replay of a recording to a target
/// with the closed-loop protocol; what it answers is recorded and scored (docs/mcap.md, "Replay").
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A recording made by `sim run --record`" };
        var output = new Option<string>("--out") { Description = "Output directory: result.json and answers.mcap", DefaultValueFactory = _ => "out" };
        var quiet = new Option<bool>("--quiet") { Description = "No summary" };
        var view = new Option<bool>("--view") { Description = "Also write DIR/view.html: the recording played back with the target's answers (objects, steering, acceleration) drawn beside the logged ground truth and actuation (docs/view.md)" };
        var model = new Option<string?>("--model") { Description = "Score a perception model (ONNX spec) without a separate target: runs `sim target --driver onnx:SPEC` in this process on a loopback port" };
        var scenario = new Option<string?>("--scenario") { Description = "With --model: the scenario file the target takes its map from (default: the recording's scenario_file)" };
        var hil = new HilOptions();
        var cmd = new Command("replay", "Stream a recording's sensor frames and ego states to a target (lockstep: as fast as it answers; realtime: the original timing), record its answers and score them against the logged ground truth and actuation. Exit 0 done, 2 bad input or error.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(output);
        cmd.Options.Add(model);
        cmd.Options.Add(scenario);
        hil.AddTo(cmd);
        cmd.Options.Add(view);
        cmd.Options.Add(quiet);
        cmd.SetAction(r =>
        {
            HilTargetOptions? target;
            string? spec = r.GetValue(model);
            try
            {
                target = hil.Read(r);
                if (spec is not null)
                {
                    // The spec and model are checked here, before anything waits for the target that would run them:
                    // a bad one is exit 2 now, not after the whole connect timeout.
                    using (Perception.Runtime.ModelRunner.Load(spec))
                    {
                    }
                    // The model's target on a free loopback port pair, in this process.
                    target = (target ?? new HilTargetOptions(new HilEndpoint("127.0.0.1", LoopbackPorts.FreePair()), new HilRunOptions(), TimeSpan.FromSeconds(60), null, null))
                        is { Endpoint.Host: "127.0.0.1" or "localhost" } t ? t
                        : throw new InputException(new SourceLocation("--model", 0, 0), "runs the model's target on loopback: leave --target out or give a port");
                }
                if (target is null)
                {
                    throw new InputException(new SourceLocation("--target", 0, 0), "replay needs a target: --target tcp://HOST:PORT (or PORT), or --model SPEC");
                }
            }
            catch (InputException e)
            {
                CommonOptions.Print(e.Errors);
                return ExitCodes.BadInput;
            }
            if (spec is null)
            {
                return WithView(Execute(r.GetValue(file)!, r.GetValue(output)!, target, r.GetValue(quiet)));
            }
            string? map = r.GetValue(scenario) ?? Replay.ScenarioOf(r.GetValue(file)!);
            if (map is null)
            {
                Console.Error.WriteLine("--scenario: error: the recording names no scenario file that exists here: give --scenario FILE for the model's map");
                return ExitCodes.BadInput;
            }
            int targetCode = ExitCodes.BadInput;
            var thread = new Thread(() => targetCode = TargetCommand.Execute(target.Endpoint.Control, "onnx:" + spec, map, 60, null, null, quiet: true)) { IsBackground = true, Name = "model target" };
            thread.Start();
            int code = Execute(r.GetValue(file)!, r.GetValue(output)!, target, r.GetValue(quiet));
            thread.Join(TimeSpan.FromSeconds(30));
            return WithView(code != ExitCodes.Pass ? code : targetCode == ExitCodes.BadInput ? ExitCodes.BadInput : ExitCodes.Pass);

            int WithView(int code) => code == ExitCodes.Pass && r.GetValue(view) ? ViewCommand.WriteAfterRun(r.GetValue(output)!, code, r.GetValue(quiet)) : code;
        });
        return cmd;
    }

    internal static int Execute(string path, string outDir, HilTargetOptions o, bool quiet)
    {
        ReplayOutcome outcome;
        try
        {
            outcome = Replay.Run(new ReplayRequest(path, outDir, o) { Log = quiet ? null : Console.Error });
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
        if (outcome.Error is not null)
        {
            Console.Error.WriteLine($"{path}: error: {outcome.Error}; result.json (status error) is in {outDir}");
            return ExitCodes.BadInput;
        }
        if (!quiet)
        {
            ControlDivergence c = outcome.Control;
            Console.WriteLine(FormattableString.Invariant($"replayed {outcome.Ticks} ticks of {path} to {outcome.Target}: control divergence RMS {c.SteeringRms:G4} rad / {c.AccelerationRms:G4} m/s^2 over {c.Count} ticks; wrote {outcome.ResultPath} and {outcome.AnswersPath}"));
        }
        return ExitCodes.Pass;
    }
}
