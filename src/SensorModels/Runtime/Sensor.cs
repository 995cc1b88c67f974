using SensorModels.Output;
using SensorModels.Rig;
using SimCore.Timing;

namespace SensorModels.Runtime;

/// <summary>One stream of sensor outputs: the name its frames carry and their payload format.</summary>
/// <param name="Name">Stream name (the sensor's, or "camera.output" for a camera's images).</param>
/// <param name="Format">Payload format id (docs/sensors/*.md).</param>
public readonly record struct SensorStream(string Name, string Format);

/// <summary>
/// A sensor of the rig. The rig calls <see cref="Capture"/> for every output time the schedule
/// gives within a step; the sensor samples the world over its acquisition window and writes one
/// output. Noise comes from counter-based random numbers keyed by (seed, sensor, sequence, index),
/// so outputs do not depend on thread counts or on which other sensors exist.
/// </summary>
public abstract class Sensor
{
    /// <summary>Creates the sensor from its rig entry.</summary>
    protected Sensor(SensorDefinition definition) => Definition = definition;

    /// <summary>Name, type, mounting and schedule.</summary>
    public SensorDefinition Definition { get; }

    /// <summary>Outputs written so far (the next output's sequence number).</summary>
    public long Sequence { get; private set; }

    /// <summary>Length of one acquisition (s): zero for instantaneous sensors, a sweep for a spinning lidar.</summary>
    public virtual double AcquisitionSeconds => 0;

    /// <summary>Where the sensor sees, in its own frame; null for sensors without a field of view (IMU, GNSS, CAN).</summary>
    public virtual SensorCoverage? Coverage => null;

    /// <summary>Payload layout id written in every frame header.</summary>
    public abstract string Format { get; }

    /// <summary>
    /// The streams the sensor writes, each with its own name and format: one, named after the
    /// sensor, for most sensors; a camera has one per image it outputs ("front.rgb", "front.depth").
    /// </summary>
    public virtual IReadOnlyList<SensorStream> OutputStreams => _streams ??= [new SensorStream(Definition.Name, Format)];

    /// <summary>Calibration written with the sensor's recordings and sent to HIL targets (a camera's, as JSON), or null.</summary>
    public virtual string? CalibrationJson => null;

    private SensorStream[]? _streams;

    /// <summary>Stable id of the sensor's random streams: a hash of its name.</summary>
    protected ulong Stream => StableHash(Definition.Name);

    /// <summary>Samples the world for the output ending at <paramref name="end"/> and writes it.</summary>
    public void Capture(SensorWorld world, ISensorSink sink, SimTime start, SimTime end)
    {
        Produce(world, sink, Frame(start, end, 0));
        Sequence++;
    }

    /// <summary>The header of the output <paramref name="ahead"/> after the next one (0: the next), for the window (start, end].</summary>
    internal SensorFrame Frame(SimTime start, SimTime end, int ahead)
        => new(Definition.Name, Definition.Type, Format, Sequence + ahead, start.Nanoseconds, end.Nanoseconds);

    /// <summary>
    /// After the outputs of a step: does the part of the coming output <paramref name="next"/>
    /// whose time has passed (a spinning lidar casts the columns that have fired, and writes to
    /// <paramref name="sink"/> the packets whose columns are all cast and whose end has passed), so
    /// no single step carries a whole acquisition. What it does must not change the output's bytes.
    /// </summary>
    internal virtual void Advance(SensorWorld world, ISensorSink sink, in SensorFrame next)
    {
    }

    /// <summary>Writes one output with the given header.</summary>
    protected abstract void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame);

    internal static ulong StableHash(string s)
    {
        // FNV-1a: string.GetHashCode is randomised per process, which would break determinism.
        ulong h = 14695981039346656037UL;
        foreach (char c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }
}
