namespace Sim.Runtime.Recording;

/// <summary>Topic names of a recording (docs/mcap.md, "Channels").</summary>
internal static class RecordingTopics
{
    /// <summary>The ego's state per tick (MessagePack).</summary>
    public const string Ego = "/sim/ego";

    /// <summary>Every entity per tick (MessagePack).</summary>
    public const string GroundTruth = "/sim/ground_truth";

    /// <summary>The actuation applied per tick: the protocol's Actuation message (MessagePack envelope).</summary>
    public const string Actuation = "/sim/actuation";

    /// <summary>Events of the run (JSON).</summary>
    public const string Events = "/sim/events";

    /// <summary>Prefix of the per-stream sensor channels (MessagePack).</summary>
    public const string SensorPrefix = "/sim/sensor/";

    /// <summary>Prefix of the Foxglove view of a stream.</summary>
    public const string FoxglovePrefix = "/foxglove/";

    /// <summary>world -> ego per tick, and the mounts (Foxglove FrameTransform(s)).</summary>
    public const string Transforms = "/tf";

    /// <summary>The ego -> sensor mounts (Foxglove FrameTransforms), once a second.</summary>
    public const string StaticTransforms = "/tf_static";

    /// <summary>osi3.GroundTruth per state (protobuf, OSI's trace format).</summary>
    public const string OsiGroundTruth = "/osi/ground_truth";

    /// <summary>Prefix of the per-sensor osi3.SensorView channels (protobuf).</summary>
    public const string OsiSensorViewPrefix = "/osi/sensor_view/";
}
