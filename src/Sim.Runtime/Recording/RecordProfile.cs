namespace Sim.Runtime.Recording;

/// <summary>What `sim run --record` writes (`--record-profile`).</summary>
public enum RecordProfile
{
    /// <summary>The project's channels (docs/mcap.md): what `sim replay` and `sim log` read.</summary>
    Sim,

    /// <summary>Standard ROS 2 messages only (MCAP profile "ros2"): a bag for `ros2 bag play`.</summary>
    Ros2,

    /// <summary>Both, in one file.</summary>
    Both,
}
