using System.Text;
using System.Text.Json;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Transport;
using Mcap;
using SensorModels.Can;
using SensorModels.Output;
using Sim.Runtime.Hil;
using SimCore.Diagnostics;

namespace Sim.Runtime.Recording;

/// <summary>What to replay (`sim replay`): a recording, to a target, into a directory.</summary>
/// <param name="Recording">A recording made by `sim run --record`.</param>
/// <param name="OutputDirectory">Where result.json and answers.mcap go.</param>
/// <param name="Target">Where to listen for the target, and the session's mode and timeouts.</param>
public sealed record ReplayRequest(string Recording, string OutputDirectory, HilTargetOptions Target)
{
    /// <summary>Where the session says what it waits for and who connected, or null.</summary>
    public TextWriter? Log { get; init; }
}

/// <summary>How a replay ended.</summary>
/// <param name="Ticks">Ticks replayed.</param>
/// <param name="Target">The target's name and version.</param>
/// <param name="Control">The target's control against the logged actuation.</param>
/// <param name="Error">Why the replay was cut short, or null.</param>
/// <param name="ResultPath">result.json.</param>
/// <param name="AnswersPath">answers.mcap.</param>
public sealed record ReplayOutcome(long Ticks, string Target, ControlDivergence Control, string? Error, string ResultPath, string AnswersPath);

/// <summary>
/// Open-loop replay of a recording to a target with the closed-loop protocol: what it answers is
/// recorded and scored against the logged ground truth and actuation (docs/mcap.md, "Replay").
/// </summary>
public static class Replay
{
    /// <summary>The recording's scenario_file, when it exists here (the map of a model target).</summary>
    public static string? ScenarioOf(string recording)
    {
        try
        {
            using RecordedRun rec = RecordedRun.Open(recording);
            return rec.Sim.TryGetValue("scenario_file", out string? f) && File.Exists(f) ? f : null;
        }
        catch (Exception e) when (e is RecordingException or InputException)
        {
            return null; // Run reports what is wrong with the file
        }
    }

    /// <summary>
    /// Binds, waits for the target, replays every tick of the recording to it, and writes
    /// result.json and answers.mcap. A target lost on the way ends the replay early: the outcome
    /// carries the error and result.json (status error) what was scored until then.
    /// </summary>
    /// <exception cref="InputException">The recording is missing or no regular file, bad key files, the ports are taken, or a bad DBC in the recording.</exception>
    /// <exception cref="RunException">Not a recording, the output directory cannot be used, or no target came.</exception>
    public static ReplayOutcome Run(ReplayRequest request)
    {
        (string path, string outDir, HilTargetOptions o, TextWriter? log) = (request.Recording, request.OutputDirectory, request.Target, request.Log);
        string resultPath = Path.Combine(outDir, "result.json");
        string answersPath = Path.Combine(outDir, "answers.mcap");
        RecordedRun recording;
        try
        {
            // Read before the outputs are touched: a mistyped recording leaves the last replay's outputs alone.
            recording = RecordedRun.Open(path);
        }
        catch (RecordingException e)
        {
            throw new RunException($"error: {e.Message}");
        }
        using RecordedRun rec = recording;
        try
        {
            Directory.CreateDirectory(outDir);
            File.Delete(resultPath);
            File.Delete(answersPath);
            File.Delete(Path.Combine(outDir, View.ViewPage.FileName)); // an older replay's page must not pass for this one's
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException(outDir, $"cannot use it as the output directory: {e.Message}", e);
        }
        if (rec.Reader.Recovered)
        {
            log?.WriteLine($"warning: {path}: {rec.Reader.RecoveryReason}; replaying its {rec.Reader.CompleteChunks} complete chunks");
        }
        McapAttachment? dbc = rec.Reader.Attachments.FirstOrDefault(a => a.Name.EndsWith(".dbc", StringComparison.OrdinalIgnoreCase));
        string? dbcText = dbc is null ? null : Encoding.UTF8.GetString(dbc.Data.Span);
        ulong seed = ulong.Parse(rec.Sim.GetValueOrDefault("seed", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var hello = new Hello(rec.Sim["scenario"], rec.StepNs, seed, rec.Manifest, dbcText, [WireCodec.Version]);
        (ControlServer control, FrameStreamSender data, bool encrypted) = HilListener.Open(o);
        using ControlServer c = control;
        using FrameStreamSender d = data;
        HilRunner runner;
        try
        {
            HelloReply reply = HilListener.Accept(control, hello, o, encrypted, log);
            HilRunOptions options = reply.Mode == ActuationMode.Can && dbcText is not null ? o.Run with { Can = new CanActuationDecoder(DbcReader.Parse(dbc!.Name, dbcText)) } : o.Run;
            runner = new HilRunner(control, data, reply, options);
        }
        catch (HilException e)
        {
            throw new RunException(path, e.Message, e);
        }

        string? error = null;
        var scoring = new ReplayScoring();
        long ticks = 0;
        long lastTimeNs = 0;
        using (FileStream answersFile = File.Create(answersPath + ".partial"))
        using (var answers = new McapWriter(answersFile, new McapWriterOptions { Library = "sim " + RecordingInfo.SimulatorVersion }))
        {
            answers.WriteMetadata("replay", new Dictionary<string, string> { ["recording"] = path, ["scenario"] = hello.Scenario, ["target"] = runner.Report.Target });
            ushort channel = answers.AddChannel(0, "/replay/actuation", "msgpack", new Dictionary<string, string> { ["layout"] = "the HIL protocol's Actuation message, envelope and all" });
            uint sequence = 0;
            scoring.OnAnswer = (t, a) => answers.WriteMessage(channel, sequence++, (ulong)t, (ulong)t,
                WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Actuation, t, a.Tick), a));
            runner.Answered += scoring.Answered;
            try
            {
                runner.Start(rec.StepNs);
                foreach (RecordedTick tick in rec.Ticks())
                {
                    scoring.Remember(tick);
                    foreach ((SensorFrame f, ReadOnlyMemory<byte> payload) in tick.Frames)
                    {
                        runner.Frames.Write(f, payload.Span);
                    }
                    ticks++;
                    lastTimeNs = tick.TimeNs;
                    runner.Exchange(tick.TimeNs, tick.Ego);
                }
                if (ticks == 0)
                {
                    throw new RecordingException("the recording has no ticks (no ego state was recorded)");
                }
                runner.Finish(lastTimeNs);
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
            w.WriteNumber("ticks", ticks);
            w.WriteEndObject();
            if (scoring.Scorer.TicksScored > 0)
            {
                w.WritePropertyName("perception");
                scoring.Scorer.Report().WriteJson(w);
            }
            if (ticks > 0)
            {
                w.WritePropertyName("control_divergence");
                scoring.Control.WriteJson(w);
                scoring.OpenLoop.Finish();
                w.WritePropertyName("open_loop");
                scoring.OpenLoop.WriteJson(w, scoring.Control);
            }
            w.WritePropertyName("hil");
            runner.Report.WriteJson(w);
            w.WriteEndObject();
        }
        File.Move(resultPath + ".partial", resultPath, overwrite: true);
        if (error is null)
        {
            runner.End(lastTimeNs, "pass", "end of recording", File.ReadAllText(resultPath));
        }
        return new ReplayOutcome(ticks, runner.Report.Target, scoring.Control, error, resultPath, answersPath);
    }
}
