using Mcap;
using Sim.Runtime.Hil;
using Sim.Runtime.Recording;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime;

/// <summary>What to run: `sim run`'s arguments, for <see cref="RunSession.Open"/>.</summary>
/// <param name="Scenario">The scenario file (.yaml, or OpenSCENARIO .xosc).</param>
/// <param name="OutputDirectory">Where result.json and trajectories.csv go (created when missing).</param>
public sealed record RunRequest(string Scenario, string OutputDirectory)
{
    /// <summary>Seed, step and threads (each null: the scenario's).</summary>
    public SimulationOptions Simulation { get; init; } = new();

    /// <summary>Parameter overrides, the OpenSCENARIO ego and who drives it, strictness.</summary>
    public LoadOptions Load { get; init; } = new();

    /// <summary>A sensor rig file that replaces the scenario's <c>rig:</c>, or null.</summary>
    public string? Rig { get; init; }

    /// <summary>A directory for every sensor's outputs (docs/sensors.md), or null: sensors run and are counted only.</summary>
    public string? RecordSensors { get; init; }

    /// <summary>The rig's sensors' own packets over UDP and/or to a capture (docs/sensors/lidar-wire.md), or null.</summary>
    public Wire.WireRequest? Wire { get; init; }

    /// <summary>An MCAP recording of the run (docs/mcap.md), or null.</summary>
    public RecordingRequest? Record { get; init; }

    /// <summary>A HIL target drives the ego (docs/hil-protocol.md), or null.</summary>
    public HilTargetOptions? Target { get; init; }

    /// <summary>Where to send osi3.GroundTruth by UDP as esmini does (HOST:PORT, docs/osi.md), or null.</summary>
    public string? OsiUdp { get; init; }

    /// <summary>A perception model spec: the reference planner drives from its detections (docs/perception-models.md), or null.</summary>
    public string? Model { get; init; }

    /// <summary>Where warnings go (unsupported scenario elements, cameras without Vulkan), or null.</summary>
    public TextWriter? Warnings { get; init; }

    /// <summary>Where a HIL session says what it waits for and who connected, or null.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>
    /// Cancelled when the run is to stop (a signal): a HIL session still waiting for its target ends
    /// with an error; one that runs is ended with <see cref="RunSession.Interrupt"/>.
    /// </summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>An MCAP recording of a run: the file, its chunk compression and what it holds.</summary>
/// <param name="Path">The .mcap file (written as Path.partial until complete).</param>
/// <param name="Compression">Chunk compression.</param>
/// <param name="Profile">The project's channels (what sim replay and sim log read), a ROS 2 bag, or both.</param>
public sealed record RecordingRequest(string Path, McapCompression Compression = McapCompression.Lz4, RecordProfile Profile = RecordProfile.Sim)
{
    /// <summary>Replace an existing file at <see cref="Path"/> (without it, one is an error, as for every output file).</summary>
    public bool Overwrite { get; init; }
}
