using System.Globalization;
using System.Text.Json;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using Mcap;
using Sim.Runtime.Recording;
using HilBridge.Session;
using SensorModels.Rig;
using SensorModels.Runtime;
using Sim.Runtime.Output;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.View;

/// <summary>
/// Gathers a <see cref="ViewData"/> from what a run left: a run directory (result.json,
/// scene.json, trajectories.csv, kpi_series.csv; the roads read again from the scenario file), an
/// MCAP recording (ground truth, ego state, actuation, events), or a replay's directory (the
/// recording it replayed and the target's answers.mcap).
/// </summary>
internal static class ViewSources
{
    /// <summary>Reads whatever <paramref name="input"/> is: a directory, a result.json or a .mcap file.</summary>
    /// <param name="input">The run directory, its result.json, or a recording.</param>
    /// <param name="scenario">A scenario file to take the roads from instead of the one the run names, or null.</param>
    /// <param name="warnings">Receives what could not be drawn and why.</param>
    /// <exception cref="InputException">The input is missing, or not a run's output.</exception>
    public static ViewData Read(string input, string? scenario, List<string> warnings)
    {
        if (input.EndsWith(".mcap", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".mcap.partial", StringComparison.OrdinalIgnoreCase))
        {
            return FromRecording(input, scenario, warnings);
        }
        string dir = Directory.Exists(input) ? input
            : File.Exists(input) && Path.GetFileName(input) == "result.json" ? Path.GetDirectoryName(Path.GetFullPath(input))!
            : throw new InputException(new SourceLocation(input, 0, 0), "not found: give a run directory (sim run --out DIR), its result.json, or a recording (.mcap)");
        string resultPath = Path.Combine(dir, "result.json");
        if (!File.Exists(resultPath))
        {
            throw new InputException(new SourceLocation(dir, 0, 0), "no result.json here: not a directory `sim run --out` or `sim replay --out` wrote");
        }
        using JsonDocument result = ParseJson(resultPath);
        return result.RootElement.TryGetProperty("replay", out _)
            ? FromReplay(dir, result.RootElement, scenario, warnings)
            : FromRunDirectory(dir, result.RootElement, scenario, warnings);
    }

    private static ViewData FromRunDirectory(string dir, JsonElement result, string? scenarioOverride, List<string> warnings)
    {
        string scenePath = Path.Combine(dir, SceneJson.FileName);
        if (!File.Exists(scenePath))
        {
            throw new InputException(new SourceLocation(dir, 0, 0), $"no {SceneJson.FileName} here: the run was made by an older sim; run the scenario again to view it");
        }
        RunScene scene;
        try
        {
            scene = SceneJson.Read(scenePath);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(new SourceLocation(scenePath, 0, 0), e.Message);
        }
        double step = Number(result, "step", resultPath: dir);
        long steps = (long)Number(result, "steps", resultPath: dir);
        string csv = Path.Combine(dir, "trajectories.csv");
        PoseTrack poses;
        try
        {
            poses = TrajectoryCsvReader.Read(csv, scene.Entities.Select(e => e.Name).ToArray(), step, steps);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new InputException(new SourceLocation(csv, 0, 0), e.Message);
        }
        SeriesTrack? series = null;
        string seriesPath = Path.Combine(dir, KpiSeriesCsvWriter.FileName);
        if (File.Exists(seriesPath))
        {
            try
            {
                series = SeriesTrack.FromKpiSeries(KpiSeries.Read(seriesPath));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                warnings.Add($"{e.Message}: KPI plots left out");
            }
        }
        else
        {
            warnings.Add($"no {KpiSeriesCsvWriter.FileName} in {dir}: KPI plots left out");
        }
        string scenarioFile = scenarioOverride ?? scene.File;
        var data = new ViewData
        {
            Source = "run",
            Title = scene.Scenario,
            Status = Text(result, "status"),
            Info = RunInfo(result, scenarioFile),
            Step = step,
            LastState = steps,
            Entities = scene.Entities,
            Sensors = scene.Sensors,
            Poses = poses,
            Map = Map(scenarioFile, scene.Load, warnings),
            Series = series,
            Plots = ViewData.RunPlots,
            Events = Array(result, "events"),
            Criteria = Array(result, "criteria"),
            Collisions = Array(result, "collisions"),
        };
        Decimation(data);
        return data;
    }

    private static IReadOnlyList<string> RunInfo(JsonElement result, string scenarioFile)
    {
        var info = new List<string> { Path.GetFileName(scenarioFile) };
        if (Text(result, "end_reason") is { } end)
        {
            info.Add("ended: " + end + (Text(result, "end_detail") is { } detail ? $" ({detail})" : ""));
        }
        if (result.TryGetProperty("sim_time", out JsonElement t))
        {
            info.Add(string.Create(CultureInfo.InvariantCulture, $"{t.GetDouble():0.###} s"));
        }
        if (result.TryGetProperty("step", out JsonElement s))
        {
            info.Add(string.Create(CultureInfo.InvariantCulture, $"step {s.GetDouble():0.####} s"));
        }
        if (result.TryGetProperty("seed", out JsonElement seed))
        {
            info.Add("seed " + seed.GetRawText());
        }
        if (Text(result, "state_hash") is { } hash)
        {
            info.Add("state " + hash);
        }
        return info;
    }

    /// <summary>The roads of the scenario file, read again; null (and why) when they cannot be.</summary>
    private static MapSketch? Map(string? scenarioFile, LoadOptions load, List<string> warnings)
    {
        if (scenarioFile is null)
        {
            warnings.Add("roads not drawn: the run names no scenario file (give --scenario FILE)");
            return null;
        }
        try
        {
            Scenario s = ScenarioFiles.Load(scenarioFile, load with { Strict = false }, new List<InputError>());
            return MapSketch.Of(s.Network);
        }
        catch (InputException e)
        {
            warnings.Add($"roads not drawn: {scenarioFile} could not be read again ({e.Errors[0]}); give --scenario FILE");
            return null;
        }
    }

    private static void Decimation(ViewData d)
    {
        if (d.Poses.Stride > 1)
        {
            d.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{d.Entities.Count} entities x {d.LastState + 1} states exceed the page's {PoseTrack.SampleBudget:N0} samples: poses kept every {d.Poses.Stride} steps ({d.Poses.Stride * d.Step:0.###} s) and interpolated between; plots keep every step"));
        }
    }

    private static ViewData FromRecording(string path, string? scenarioOverride, List<string> warnings, Action<RecordedTick>? onTick = null, List<(string, string, string)>? extraColumns = null)
    {
        RecordedRun rec;
        try
        {
            rec = RecordedRun.Open(path);
        }
        catch (RecordingException e)
        {
            throw new InputException(new SourceLocation(path, 0, 0), e.Message);
        }
        using RecordedRun run = rec;
        McapReader reader = run.Reader;
        if (reader.Recovered)
        {
            warnings.Add($"{path}: {reader.RecoveryReason}; showing its {reader.CompleteChunks} complete chunks");
        }
        // A log imported from a real drive (sim import) has the ego's states and no ground truth: the ego alone is drawn.
        ushort? gtChannel = reader.Channels.Values.FirstOrDefault(c => c.Topic == RecordingTopics.GroundTruth)?.Id;
        ushort? egoChannel = reader.Channels.Values.FirstOrDefault(c => c.Topic == RecordingTopics.Ego)?.Id;
        long states = (long)reader.Statistics.ChannelMessageCounts.GetValueOrDefault(gtChannel ?? egoChannel ?? 0);
        if (states == 0)
        {
            throw new InputException(new SourceLocation(path, 0, 0), "the recording holds no states (neither /sim/ground_truth nor /sim/ego)");
        }
        if (gtChannel is null)
        {
            warnings.Add($"{Path.GetFileName(path)} has no ground truth (an imported log?): only the ego is drawn, with a car's box");
        }
        long lastState = states - 1;
        double step = run.StepNs / 1e9;
        PoseTrack? poses = null;
        int[] frameOf = [];
        SceneEntity[] entities = [];
        var times = new List<double>();
        var speed = new List<float>();
        var accel = new List<float>();
        var lateral = new List<float>();
        var aeb = new List<float>();
        var steering = new List<float>();
        var demand = new List<float>();
        try
        {
            foreach (RecordedTick t in run.Ticks())
            {
                EntitySnapshot[]? gt = t.GroundTruth;
                if (gt is null && gtChannel is null)
                {
                    SimCore.Dynamics.VehicleParameters car = SimCore.Dynamics.VehicleParameters.CommonRoadVehicle2;
                    gt = [new EntitySnapshot("ego", t.Ego.X, t.Ego.Y, t.Ego.Z, t.Ego.Yaw, t.Ego.Speed, false, null, 0, 0, 0)
                        { Kind = SimCore.Entities.EntityKind.Car, IsEgo = true, Length = car.Length, Width = car.Width, Height = car.Height, CenterOffsetX = car.BoundingBoxCentreX }];
                }
                if (gt is not null && (long)t.Tick <= lastState)
                {
                    if (poses is null)
                    {
                        entities = gt.Select(e => new SceneEntity(e.Name, e.Kind.ToString().ToLowerInvariant(), e.Length, e.Width, e.Height, e.CenterOffsetX, e.IsEgo)).ToArray();
                        (int[] kept, int stride) = PoseTrack.Plan(lastState, entities.Length);
                        frameOf = new int[lastState + 1];
                        System.Array.Fill(frameOf, -1);
                        for (int i = 0; i < kept.Length; i++)
                        {
                            frameOf[kept[i]] = i;
                        }
                        poses = new PoseTrack(kept.Select(k => k * step).ToArray(), entities.Length, stride);
                    }
                    int frame = frameOf[t.Tick];
                    if (frame >= 0)
                    {
                        for (int e = 0; e < Math.Min(gt.Length, entities.Length); e++)
                        {
                            EntitySnapshot s = gt[e];
                            poses.Set(e, frame, s.X, s.Y, s.Heading, s.Speed);
                        }
                    }
                }
                times.Add(t.TimeNs / 1e9);
                speed.Add((float)t.Ego.Speed);
                accel.Add((float)t.Ego.Acceleration);
                lateral.Add((float)t.Ego.LateralAcceleration);
                steering.Add(t.Logged is { } a ? (float)a.SteeringAngle : float.NaN);
                demand.Add(t.Logged is { } b ? (float)b.Acceleration : float.NaN);
                double? stage = t.Logged?.Debug?.FirstOrDefault(kv => kv.Key == HilRunner.AebStageKey).Value;
                aeb.Add(stage is { } st ? (float)st : float.NaN);
                onTick?.Invoke(t);
            }
        }
        catch (RecordingException e)
        {
            throw new InputException(new SourceLocation(path, 0, 0), e.Message);
        }
        if (poses is null)
        {
            throw new InputException(new SourceLocation(path, 0, 0), "the recording holds no ground truth");
        }
        var columns = new List<SeriesColumn>
        {
            new("speed", "m/s", speed.ToArray()),
            new("acceleration", "m/s^2", accel.ToArray()),
            new("lateral_acceleration", "m/s^2", lateral.ToArray()),
            new("aeb_stage", "", aeb.ToArray()),
            new("logged_steering", "rad", steering.ToArray()),
            new("logged_acceleration", "m/s^2", demand.ToArray()),
        };
        IReadOnlyDictionary<string, string> sim = run.Sim;
        string? scenarioFile = scenarioOverride ?? (sim.TryGetValue("scenario_file", out string? f) && File.Exists(f) ? f : null);
        if (scenarioFile is null && scenarioOverride is null)
        {
            warnings.Add($"roads not drawn: the recording's scenario file ({sim.GetValueOrDefault("scenario_file", "none")}) is not here; give --scenario FILE");
        }
        McapMetadata? outcome = reader.Metadata.FirstOrDefault(m => m.Name == "result");
        var info = new List<string> { Path.GetFileName(path) };
        info.Add("recorded " + sim.GetValueOrDefault("mode", "?"));
        if (outcome is not null)
        {
            info.Add("ended: " + outcome.Values.GetValueOrDefault("end_reason", "?"));
        }
        info.Add("seed " + sim.GetValueOrDefault("seed", "?"));
        info.Add(string.Create(CultureInfo.InvariantCulture, $"step {step:0.####} s"));
        var data = new ViewData
        {
            Source = "recording",
            Title = sim.GetValueOrDefault("scenario", Path.GetFileNameWithoutExtension(path)),
            Status = outcome?.Values.GetValueOrDefault("status"),
            Info = info,
            Step = step,
            LastState = lastState,
            Entities = entities,
            Sensors = Sensors(run, warnings),
            Poses = poses,
            Map = scenarioFile is null ? null : Map(scenarioFile, new LoadOptions(), warnings),
            Series = new SeriesTrack(times.ToArray(), columns),
            Plots =
            [
                new("Ego speed", "m/s", ["speed"], []),
                new("Ego acceleration (vehicle state; AEB stages shaded)", "m/s^2", ["acceleration", "lateral_acceleration"], [], Aeb: true),
                new("Actuation: steering", "rad", ["logged_steering"], []),
                new("Actuation: acceleration demand", "m/s^2", ["logged_acceleration"], []),
            ],
            Events = RecordedEvents(reader),
        };
        data.Notes.Add("TTC, headway and lead distance are not in a recording: view the run's directory (sim run --out DIR) for them");
        Decimation(data);
        return data;
    }

    /// <summary>The rig's sensors: coverage from the rig file (the recorded path, else the attached copy), else mounts alone.</summary>
    private static IReadOnlyList<SceneSensor> Sensors(RecordedRun run, List<string> warnings)
    {
        SensorRig? rig = null;
        string? rigPath = run.Sim.GetValueOrDefault("rig");
        try
        {
            if (!string.IsNullOrEmpty(rigPath) && File.Exists(rigPath))
            {
                rig = RigLoader.Load(rigPath);
            }
            else if (!string.IsNullOrEmpty(rigPath) && run.Reader.Attachments.FirstOrDefault(a => a.Name == Path.GetFileName(rigPath)) is { } attached)
            {
                rig = RigLoader.Parse(attached.Name, System.Text.Encoding.UTF8.GetString(attached.Data.Span));
            }
        }
        catch (InputException e)
        {
            warnings.Add($"sensor fields of view not drawn: the rig could not be read ({e.Errors[0]})");
        }
        var sensors = new List<SceneSensor>();
        foreach (SensorManifestEntry m in run.Manifest)
        {
            Sensor? s = rig?.Sensors.FirstOrDefault(x => x.Definition.Name == m.Name);
            var pose = new SensorModels.Mathematics.Pose3(new SensorModels.Mathematics.Vec3(m.X, m.Y, m.Z), m.Roll, m.Pitch, m.Yaw);
            SensorModels.Mathematics.Vec3 forward = pose.Rotate(new SensorModels.Mathematics.Vec3(1, 0, 0));
            sensors.Add(new SceneSensor(m.Name, m.Type, m.X, m.Y, m.Z, Math.Atan2(forward.Y, forward.X), s?.Coverage));
        }
        return sensors;
    }

    private static IReadOnlyList<JsonElement> RecordedEvents(McapReader reader)
    {
        ushort? channel = reader.Channels.Values.FirstOrDefault(c => c.Topic == RecordingTopics.Events)?.Id;
        var events = new List<JsonElement>();
        if (channel is null)
        {
            return events;
        }
        foreach (McapMessage m in reader.ReadMessages())
        {
            if (m.ChannelId == channel)
            {
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(m.Data);
                    if (doc.RootElement.TryGetProperty("time", out JsonElement t) && t.ValueKind == JsonValueKind.Number
                        && doc.RootElement.TryGetProperty("type", out _) && doc.RootElement.TryGetProperty("name", out _) && doc.RootElement.TryGetProperty("entities", out _))
                    {
                        events.Add(doc.RootElement.Clone());
                    }
                }
                catch (JsonException)
                {
                    // not an event this view can place; the rest still are
                }
            }
        }
        return events.OrderBy(e => e.GetProperty("time").GetDouble()).ToArray();
    }

    private static ViewData FromReplay(string dir, JsonElement result, string? scenario, List<string> warnings)
    {
        JsonElement replay = result.GetProperty("replay");
        string recording = Text(replay, "file") ?? throw new InputException(new SourceLocation(Path.Combine(dir, "result.json"), 0, 0), "replay.file is missing");
        if (!Path.IsPathRooted(recording) && !File.Exists(recording) && File.Exists(Path.Combine(dir, recording)))
        {
            recording = Path.Combine(dir, recording);
        }
        string answersPath = Path.Combine(dir, "answers.mcap");
        var targetSteering = new Dictionary<ulong, float>();
        var targetAccel = new Dictionary<ulong, float>();
        var answers = new AnswerTrack();
        double step = 0;
        if (File.Exists(answersPath))
        {
            using McapReader reader = OpenMcap(answersPath);
            foreach (McapMessage m in reader.ReadMessages())
            {
                if (reader.Channels.TryGetValue(m.ChannelId, out McapChannel? c) && c.Topic == "/replay/actuation"
                    && TryDecode(m.Data) is { } a)
                {
                    targetSteering[a.Tick] = (float)a.SteeringAngle;
                    targetAccel[a.Tick] = (float)a.Acceleration;
                    if (a.Objects is { Count: > 0 } objects)
                    {
                        answers.Add(m.LogTime / 1e9, objects.Select(o => new AnswerObject((float)o.X, (float)o.Y, (float)o.Yaw, (float)o.Length, (float)o.Width, o.Class, o.Score)).ToArray());
                    }
                }
            }
        }
        else
        {
            warnings.Add($"no answers.mcap in {dir}: the target's answers are not drawn");
        }
        var ticks = new List<ulong>();
        ViewData basis = FromRecording(recording, scenario, warnings, t => ticks.Add(t.Tick));
        step = basis.Step;
        float[] steering = ticks.Select(t => targetSteering.TryGetValue(t, out float v) ? v : float.NaN).ToArray();
        float[] accel = ticks.Select(t => targetAccel.TryGetValue(t, out float v) ? v : float.NaN).ToArray();
        SeriesTrack s = basis.Series!;
        var columns = s.Columns.Concat([new SeriesColumn("target_steering", "rad", steering), new SeriesColumn("target_acceleration", "m/s^2", accel)]).ToArray();
        var info = new List<string>(basis.Info) { "replayed: " + (Text(result, "status") ?? "?") };
        if (result.TryGetProperty("control_divergence", out JsonElement cd) && cd.ValueKind == JsonValueKind.Object)
        {
            info.Add("control divergence: " + string.Join(", ", cd.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).Take(4).Select(p => $"{p.Name} {p.Value.GetRawText()}")));
        }
        if (answers.Truncated)
        {
            warnings.Add($"the target's answers exceed {AnswerTrack.ObjectBudget:N0} objects: later ticks are not drawn");
        }
        var data = new ViewData
        {
            Source = "replay",
            Title = basis.Title + " (replay)",
            Status = Text(result, "status") == "complete" ? basis.Status : "error",
            Info = info,
            Step = step,
            LastState = basis.LastState,
            Entities = basis.Entities,
            Sensors = basis.Sensors,
            Poses = basis.Poses,
            Map = basis.Map,
            Series = new SeriesTrack(s.Times, columns),
            Plots =
            [
                new("Ego speed (recorded)", "m/s", ["speed"], []),
                new("Steering: recorded vs target", "rad", ["logged_steering", "target_steering"], []),
                new("Acceleration demand: recorded vs target", "m/s^2", ["logged_acceleration", "target_acceleration"], [], Aeb: true),
            ],
            Events = basis.Events,
            Answers = answers.Ticks > 0 ? answers : null,
        };
        data.Notes.AddRange(basis.Notes);
        return data;
    }

    private static Actuation? TryDecode(ReadOnlyMemory<byte> data)
    {
        try
        {
            return WireCodec.Decode(data).Body as Actuation;
        }
        catch (Exception e) when (e is ProtocolException or FormatException or MessagePack.MessagePackSerializationException or EndOfStreamException)
        {
            return null;
        }
    }

    private static McapReader OpenMcap(string path)
    {
        try
        {
            return McapReader.Open(InputFiles.OpenRead(path, "recording"), path);
        }
        catch (Exception e) when (e is McapException or IOException)
        {
            throw new InputException(new SourceLocation(path, 0, 0), e.Message);
        }
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InputException(new SourceLocation(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1), "not valid JSON: " + e.Message);
        }
    }

    private static double Number(JsonElement e, string name, string resultPath)
        => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : throw new InputException(new SourceLocation(Path.Combine(resultPath, "result.json"), 0, 0), $"'{name}' is missing or not a number");

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<JsonElement> Array(JsonElement e, string name)
        => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.Clone()).ToArray() : [];
}
