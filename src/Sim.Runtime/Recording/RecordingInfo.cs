namespace Sim.Runtime.Recording;

/// <summary>What makes a recording traceable: the run's identity, written as the "sim" metadata record.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="ScenarioFile">Scenario file path as given.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="StepNs">Step (ns).</param>
/// <param name="Rig">Rig file path, or null.</param>
/// <param name="Mode">"closed_loop" (reference driver), "hil_lockstep", "hil_real_time", or "imported" (`sim import`).</param>
internal sealed record RecordingInfo(string Scenario, string ScenarioFile, ulong Seed, long StepNs, string? Rig, string Mode)
{
    /// <summary>The simulator's version and, after '+', the git commit it was built from (when the build knew it).</summary>
    public static string SimulatorVersion
        => typeof(RecordingInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            is [System.Reflection.AssemblyInformationalVersionAttribute a] ? a.InformationalVersion : "unknown";

    /// <summary>The "sim" metadata record: simulator version and git commit, scenario, seed, step, rig, mode, protocol version.</summary>
    public Dictionary<string, string> Metadata()
    {
        string version = SimulatorVersion;
        int plus = version.IndexOf('+');
        return new Dictionary<string, string>
        {
            ["simulator_version"] = plus < 0 ? version : version[..plus],
            ["git_commit"] = plus < 0 ? "unknown" : version[(plus + 1)..],
            ["scenario"] = Scenario,
            ["scenario_file"] = ScenarioFile,
            ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["step_ns"] = StepNs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["rig"] = Rig ?? "",
            ["mode"] = Mode,
            ["protocol_version"] = HilBridge.Protocol.WireCodec.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
