using HilBridge.Protocol.Messages;
using HilBridge.Recording;
using HilBridge.Recording.Mcap;
using HilBridge.Session;
using SensorModels.Can;
using Sim.Cli.Sensors;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Cli.Recording;

/// <summary>
/// `sim run --record FILE`: sets up the MCAP recorder for a run (docs/mcap.md) and feeds it:
/// each state, the rig's outputs (as a tap), and the actuation of each tick: the reference
/// driver's demand in process, or the HIL target's answer.
/// </summary>
internal sealed class RunRecording : IDisposable
{
    private readonly RunRecorder _recorder;
    private readonly int _ego;
    private readonly bool _external;
    private readonly string _path;
    private readonly RecordProfile _profile;
    private readonly McapCompression _compression;

    private RunRecording(RunRecorder recorder, int ego, bool external, string path, RecordProfile profile, McapCompression compression)
        => (_recorder, _ego, _external, _path, _profile, _compression) = (recorder, ego, external, path, profile, compression);

    /// <summary>Where the project's own channels are written: the file itself, or beside it while a ROS 2 profile converts them at the end.</summary>
    private static string OwnPath(string path, RecordProfile profile) => profile == RecordProfile.Sim ? path : path + ".sim";

    /// <summary>Starts recording to <paramref name="path"/>.</summary>
    /// <exception cref="InputException">No ego, or the file cannot be created.</exception>
    public static RunRecording Start(string path, McapCompression compression, RecordProfile profile, string scenarioPath, Scenario scenario, Simulator sim, RigRunner? rig, int? hilEgo, string mode)
    {
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        int ego = hilEgo ?? Array.FindIndex(snapshots, s => s.IsEgo);
        if (ego < 0)
        {
            throw new InputException(new SourceLocation(scenarioPath, 0, 0), "--record needs an ego (an entity with 'driver:'): the recording is organised around its ticks");
        }
        var attachments = new List<(string, string, byte[])>();
        void Attach(string file, string mediaType)
        {
            if (File.Exists(file))
            {
                attachments.Add((Path.GetFileName(file), mediaType, File.ReadAllBytes(file)));
            }
        }
        Attach(scenarioPath, scenarioPath.EndsWith(".xosc", StringComparison.OrdinalIgnoreCase) ? "application/xml" : "application/yaml");
        if (rig is not null)
        {
            Attach(rig.RigPath, "application/yaml");
            foreach (CanBusSensor bus in rig.Rig.Sensors.OfType<CanBusSensor>())
            {
                Attach(bus.Dbc.File, "text/plain");
            }
        }
        IReadOnlyList<SensorManifestEntry> manifest = rig is null ? [] : SensorManifest.FromRig(rig.Rig);
        var info = new RecordingInfo(scenario.Name, scenarioPath, sim.Seed, sim.Step.Nanoseconds, rig?.RigPath, mode);
        RunRecorder recorder;
        try
        {
            if (profile != RecordProfile.Sim)
            {
                File.Delete(path); // an older recording must not pass for this run's
            }
            recorder = RunRecorder.Create(OwnPath(path, profile), info, manifest, rig?.Rig.Sensors.Select(s => s.Definition).ToArray() ?? [], attachments, compression);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(new SourceLocation(path, 0, 0), $"cannot record there: {e.Message}");
        }
        rig?.AddTap(recorder);
        return new RunRecording(recorder, ego, hilEgo is not null, path, profile, compression);
    }

    /// <summary>
    /// Each state, before the sensors run: in process, first the reference driver's demand for the
    /// tick before (so a tick's actuation precedes the next tick's state in the file), then the state.
    /// </summary>
    public void State(Simulator sim)
    {
        if (!_external && sim.Steps > 0)
        {
            (double steer, double accel, int aeb) = sim.LastDemand(_ego);
            ulong tick = (ulong)sim.Steps - 1;
            _recorder.Actuation(tick, (long)tick * sim.Step.Nanoseconds,
                new Actuation(tick, ActuationMode.Command, steer, accel, [], null, [new KeyValuePair<string, double>(HilRunner.AebStageKey, aeb)]));
        }
        _recorder.State(sim, _ego);
    }

    /// <summary>A HIL target's answer to a tick.</summary>
    public void Answered(ulong tick, long timeNs, Actuation a) => _recorder.Actuation(tick, timeNs, a);

    /// <summary>Completes the file; with a ROS 2 profile, converts the recording into it (the project's channels kept with "both").</summary>
    public void Complete(RunResult result)
    {
        _recorder.Complete(result);
        if (_profile != RecordProfile.Sim)
        {
            string own = OwnPath(_path, _profile);
            Ros2Exporter.Convert(own, _path, keepOriginal: _profile == RecordProfile.Both, _compression);
            File.Delete(own);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _recorder.Dispose();
}
