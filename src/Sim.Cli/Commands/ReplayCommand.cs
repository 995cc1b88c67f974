using System.CommandLine;
using System.Text;
using System.Text.Json;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Recording;
using HilBridge.Recording.Mcap;
using HilBridge.Session;
using HilBridge.Transport;
using SensorModels.Can;
using Sim.Cli.Hil;
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
            string? map = r.GetValue(scenario) ?? ScenarioOf(r.GetValue(file)!);
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

    /// <summary>The recording's scenario_file, when it exists here.</summary>
    private static string? ScenarioOf(string recording)
    {
        try
        {
            using RecordedRun rec = RecordedRun.Open(recording);
            return rec.Sim.TryGetValue("scenario_file", out string? f) && File.Exists(f) ? f : null;
        }
        catch (RecordingException)
        {
            return null; // Execute reports what is wrong with the file
        }
    }

    internal static int Execute(string path, string outDir, HilTargetOptions o, bool quiet)
    {
        string resultPath = Path.Combine(outDir, "result.json");
        string answersPath = Path.Combine(outDir, "answers.mcap");
        RecordedRun recording;
        try
        {
            Directory.CreateDirectory(outDir);
            File.Delete(resultPath);
            File.Delete(answersPath);
            File.Delete(Path.Combine(outDir, ViewCommand.FileName));
            recording = RecordedRun.Open(path);
        }
        catch (RecordingException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{outDir}: error: cannot use it as the output directory: {e.Message}");
            return ExitCodes.BadInput;
        }
        using RecordedRun rec = recording;
        if (rec.Reader.Recovered && !quiet)
        {
            Console.Error.WriteLine($"warning: {path}: {rec.Reader.RecoveryReason}; replaying its {rec.Reader.CompleteChunks} complete chunks");
        }
        McapAttachment? dbc = rec.Reader.Attachments.FirstOrDefault(a => a.Name.EndsWith(".dbc", StringComparison.OrdinalIgnoreCase));
        string? dbcText = dbc is null ? null : Encoding.UTF8.GetString(dbc.Data.Span);
        ulong seed = ulong.Parse(rec.Sim.GetValueOrDefault("seed", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var hello = new Hello(rec.Sim["scenario"], rec.StepNs, seed, rec.Manifest, dbcText, [WireCodec.Version]);
        ControlServer control;
        FrameStreamSender data;
        bool encrypted;
        try
        {
            (control, data, encrypted) = HilListener.Open(o);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        using ControlServer c = control;
        using FrameStreamSender d = data;
        HilRunner runner;
        try
        {
            HelloReply reply = HilListener.Accept(control, hello, o, encrypted, quiet ? null : Console.Error);
            HilRunOptions options = reply.Mode == ActuationMode.Can && dbcText is not null ? o.Run with { Can = new CanActuationDecoder(DbcReader.Parse(dbc!.Name, dbcText)) } : o.Run;
            runner = new HilRunner(control, data, reply, options);
        }
        catch (HilException e)
        {
            Console.Error.WriteLine($"{path}: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }

        var types = rec.Manifest.ToDictionary(e => e.Name, e => e.Type, StringComparer.Ordinal);
        string? error = null;
        ReplayTickSource? source = null;
        using (FileStream answersFile = File.Create(answersPath + ".partial"))
        using (var answers = new McapWriter(answersFile, new McapWriterOptions { Library = "sim " + RecordingInfo.SimulatorVersion }))
        {
            answers.WriteMetadata("replay", new Dictionary<string, string> { ["recording"] = path, ["scenario"] = hello.Scenario, ["target"] = runner.Report.Target });
            ushort channel = answers.AddChannel(0, "/replay/actuation", "msgpack", new Dictionary<string, string> { ["layout"] = "the HIL protocol's Actuation message, envelope and all" });
            uint sequence = 0;
            try
            {
                source = new ReplayTickSource(rec.Ticks(), rec.StepNs, types)
                {
                    OnAnswer = (t, a) => answers.WriteMessage(channel, sequence++, (ulong)t, (ulong)t,
                        WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, t, a.Tick), a)),
                };
                runner.Run(source);
            }
            catch (Exception e) when (e is HilException or RecordingException)
            {
                error = e.Message;
            }
            answers.Finish();
        }
        File.Move(answersPath + ".partial", answersPath, overwrite: true);

        using (FileStream s = File.Create(resultPath + ".partial"))
        using (var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("status", error is null ? "complete" : "error");
            if (error is not null)
            {
                w.WriteString("error", error);
            }
            w.WriteStartObject("replay");
            w.WriteString("file", path);
            w.WriteString("scenario", hello.Scenario);
            w.WriteString("recorded_with", rec.Sim.GetValueOrDefault("simulator_version", "") + "+" + rec.Sim.GetValueOrDefault("git_commit", ""));
            w.WriteString("recorded_mode", rec.Sim.GetValueOrDefault("mode", ""));
            w.WriteBoolean("recovered", rec.Reader.Recovered);
            w.WriteNumber("ticks", source?.Ticks ?? 0);
            w.WriteEndObject();
            if (source is not null && source.Scorer.TicksScored > 0)
            {
                w.WritePropertyName("perception");
                source.Scorer.Report().WriteJson(w);
            }
            if (source is not null)
            {
                w.WritePropertyName("control_divergence");
                source.Control.WriteJson(w);
                source.OpenLoop.Finish();
                w.WritePropertyName("open_loop");
                source.OpenLoop.WriteJson(w, source.Control);
            }
            w.WritePropertyName("hil");
            runner.Report.WriteJson(w);
            w.WriteEndObject();
        }
        File.Move(resultPath + ".partial", resultPath, overwrite: true);
        if (error is not null)
        {
            Console.Error.WriteLine($"{path}: error: {error}; result.json (status error) is in {outDir}");
            return ExitCodes.BadInput;
        }
        runner.End(source!.TimeNs, "pass", "end of recording", File.ReadAllText(resultPath));
        if (!quiet)
        {
            Console.WriteLine(FormattableString.Invariant($"replayed {source.Ticks} ticks of {path} to {runner.Report.Target}: control divergence RMS {source.Control.SteeringRms:G4} rad / {source.Control.AccelerationRms:G4} m/s^2 over {source.Control.Count} ticks; wrote {resultPath} and {answersPath}"));
        }
        return ExitCodes.Pass;
    }
}
