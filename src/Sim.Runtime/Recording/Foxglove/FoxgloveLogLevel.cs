namespace Sim.Runtime.Recording.Foxglove;

/// <summary>The levels of <c>foxglove.Log</c> (its <c>foxglove.LogLevel</c> enum; JSON writes the number).</summary>
internal enum FoxgloveLogLevel
{
    /// <summary>Unknown level.</summary>
    Unknown = 0,

    /// <summary>Debug.</summary>
    Debug = 1,

    /// <summary>Information.</summary>
    Info = 2,

    /// <summary>Warning.</summary>
    Warning = 3,

    /// <summary>Error.</summary>
    Error = 4,

    /// <summary>Fatal error.</summary>
    Fatal = 5,
}
