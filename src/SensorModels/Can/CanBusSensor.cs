using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using SimCore.Timing;
using YamlDotNet.RepresentationModel;

namespace SensorModels.Can;

/// <summary>
/// The vehicle CAN bus ("can" in a rig): the rig's rate is the bus tick; at each tick every
/// message of the DBC that is due at its own cycle time (GenMsgCycleTime) is encoded from the
/// ego's state and written, all in one "can.v1" output. Messages the target sends (transmitter
/// = target node) and messages without a cycle time are not sent. Preallocates everything: a
/// tick allocates nothing.
/// </summary>
public sealed class CanBusSensor : Sensor
{
    private readonly Slot[] _slots;
    private readonly VehicleBusModel _model;
    private readonly Noise _noise;
    private readonly double[] _quantities = new double[VehicleBusModel.Count];
    private readonly byte[] _payload;
    private bool _started;

    private sealed class Slot(DbcMessage message, VehicleSignal[] bindings, long cycleNs, int checksumByte)
    {
        public DbcMessage Message { get; } = message;
        public VehicleSignal[] Bindings { get; } = bindings;
        public double[] Values { get; } = new double[bindings.Length];
        public byte[] Data { get; } = new byte[Math.Max(1, message.Length)];
        public long CycleNs { get; } = cycleNs;
        public int ChecksumByte { get; } = checksumByte;
        public long NextDueNs { get; set; }
        public ulong Counter { get; set; }
    }

    /// <summary>Standard deviations of the optional measurement noise (0: none).</summary>
    internal readonly record struct Noise(double WheelSpeedKmh, double YawRateDegS, double AccelerationMps2, double SteeringWheelDeg);

    internal CanBusSensor(SensorDefinition definition, DbcDatabase dbc, VehicleBusModel model, string targetNode, Noise noise)
        : base(definition)
    {
        Dbc = dbc;
        _model = model;
        _noise = noise;
        var slots = new List<Slot>();
        int size = CanPayload.HeaderSize;
        foreach (DbcMessage m in dbc.Messages)
        {
            if (m.Transmitter == targetNode || m.CycleTimeMs <= 0)
            {
                continue;
            }
            VehicleSignal[] bindings = m.Signals.Select(s => VehicleBusModel.Bind(s.Name)).ToArray();
            int checksum = Array.IndexOf(bindings, VehicleSignal.Checksum);
            slots.Add(new Slot(m, bindings, (long)Math.Round(m.CycleTimeMs * 1e6), checksum < 0 ? -1 : m.Signals[checksum].StartBit / 8));
            size += CanPayload.RecordHeaderSize + m.Length;
        }
        _slots = slots.ToArray();
        _payload = new byte[size];
    }

    /// <summary>The bus's DBC.</summary>
    public DbcDatabase Dbc { get; }

    /// <summary>Names of the messages sent, in DBC order.</summary>
    public IEnumerable<string> SentMessages => _slots.Select(s => s.Message.Name);

    /// <inheritdoc />
    public override string Format => CanPayload.Format;

    /// <inheritdoc />
    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        long t = frame.EndNanoseconds;
        if (!_started)
        {
            // Every message goes out on the first tick, then at its own cycle from there.
            foreach (Slot s in _slots)
            {
                s.NextDueNs = t;
            }
            _started = true;
        }
        int count = 0, offset = CanPayload.HeaderSize;
        if (world.EgoIndex >= 0)
        {
            EntitySnapshot e = world.At(world.EgoIndex, new SimTime(t));
            _model.Compute(e, SteeringRate(world), _quantities);
            AddNoise(world.Seed, frame.Sequence);
            foreach (Slot s in _slots)
            {
                if (t < s.NextDueNs)
                {
                    continue;
                }
                // Stay on the cycle's grid; a tick slower than the cycle sends once per tick.
                while (s.NextDueNs <= t)
                {
                    s.NextDueNs += s.CycleNs;
                }
                Encode(s);
                offset = CanPayload.WriteRecord(_payload, offset, t, s.Message.Id, s.Message.IsExtended, s.Message.IsFd, s.Data.AsSpan(0, s.Message.Length));
                count++;
            }
        }
        CanPayload.WriteCount(_payload, count);
        sink.Write(frame, _payload.AsSpan(0, offset));
    }

    private void Encode(Slot s)
    {
        IReadOnlyList<DbcSignal> signals = s.Message.Signals;
        for (int i = 0; i < s.Bindings.Length; i++)
        {
            VehicleSignal b = s.Bindings[i];
            s.Values[i] = b switch
            {
                VehicleSignal.Counter => (s.Counter & (signals[i].Length >= 64 ? ulong.MaxValue : (1UL << signals[i].Length) - 1)) * signals[i].Factor + signals[i].Offset,
                VehicleSignal.None or VehicleSignal.Checksum => signals[i].Offset,
                _ => _quantities[(int)b],
            };
        }
        s.Counter++;
        s.Message.Encode(s.Data, s.Values);
        if (s.ChecksumByte >= 0)
        {
            s.Data[s.ChecksumByte] = CanChecksum.Crc8J1850(s.Data.AsSpan(0, s.Message.Length), s.ChecksumByte);
        }
    }

    private static double SteeringRate(SensorWorld world)
    {
        // The world interpolates the steering angle linearly within a step: its rate is the step's slope.
        double dt = (world.Time.Nanoseconds - world.PreviousTime.Nanoseconds) * 1e-9;
        return dt > 0 ? (world.Current[world.EgoIndex].SteeringAngle - world.Previous[world.EgoIndex].SteeringAngle) / dt : 0;
    }

    private void AddNoise(ulong seed, long sequence)
    {
        if (_noise == default)
        {
            return;
        }
        ulong stream = Stream;
        void Add(VehicleSignal q, double sigma)
        {
            if (sigma > 0)
            {
                _quantities[(int)q] += sigma * CanNoise.Normal(seed, stream, sequence, (int)q);
            }
        }
        Add(VehicleSignal.WheelSpeedFL, _noise.WheelSpeedKmh);
        Add(VehicleSignal.WheelSpeedFR, _noise.WheelSpeedKmh);
        Add(VehicleSignal.WheelSpeedRL, _noise.WheelSpeedKmh);
        Add(VehicleSignal.WheelSpeedRR, _noise.WheelSpeedKmh);
        Add(VehicleSignal.YawRate, _noise.YawRateDegS);
        Add(VehicleSignal.LongitudinalAccel, _noise.AccelerationMps2);
        Add(VehicleSignal.LateralAccel, _noise.AccelerationMps2);
        Add(VehicleSignal.SteeringWheelAngle, _noise.SteeringWheelDeg);
    }

    private static readonly YamlObject NoiseShape = new("can_noise", "Standard deviations of the noise on decoded signals.",
        Y.Key("wheel_speed", Y.NonNegative("km/h"), "Wheel speeds and vehicle speed.", "0"),
        Y.Key("yaw_rate", Y.NonNegative("deg/s"), "Yaw rate.", "0"),
        Y.Key("acceleration", Y.NonNegative("m/s^2"), "Longitudinal and lateral acceleration.", "0"),
        Y.Key("steering_wheel_angle", Y.NonNegative("deg"), "Steering wheel angle.", "0"));

    /// <summary>The CAN bus's own keys (docs/sensors/can.md).</summary>
    public static readonly YamlKey[] Keys =
    [
        Y.Required("dbc", Y.Text(), "The DBC file, relative to the rig file."),
        Y.Key("steering_ratio", Y.Positive(), "Steering wheel angle / road-wheel angle.", "15"),
        Y.Key("track_width", Y.Positive("m"), "Track width, for wheel speeds.", "1.6"),
        Y.Key("wheelbase", Y.Positive("m"), "Wheelbase, for front wheel speeds.", "2.8"),
        Y.Key("brake_bar_per_mps2", Y.NonNegative("bar/(m/s^2)"), "Brake pressure per m/s^2 of deceleration.", "10"),
        Y.Key("pedal_full_scale", Y.Positive("m/s^2"), "Acceleration at 100 % accelerator pedal.", "3"),
        Y.Key("target_node", Y.Text(), "Messages this node transmits are the target's: not sent.", "ADAS"),
        Y.Key("noise", NoiseShape, "Noise on the decoded signals.", "none"),
    ];

    /// <summary>
    /// The rig factory: reads dbc (relative to the rig file), steering_ratio, track_width,
    /// wheelbase, brake_bar_per_mps2, pedal_full_scale, target_node and noise.
    /// </summary>
    internal static Sensor? Create(SensorDefinition d, MapReader m)
    {
        string label = $"sensor '{d.Name}'";
        YamlNode? dbcNode = m.Get("dbc");
        string? dbc = m.RequiredString("dbc", $"{label} (type can)");
        var model = new VehicleBusModel
        {
            SteeringRatio = m.Positive("steering_ratio") ?? 15.0,
            TrackWidth = m.Positive("track_width") ?? 1.6,
            Wheelbase = m.Positive("wheelbase") ?? 2.8,
            BrakeBarPerMps2 = m.NonNegative("brake_bar_per_mps2") ?? 10.0,
            PedalFullScale = m.Positive("pedal_full_scale") ?? 3.0,
        };
        string target = m.String("target_node") ?? "ADAS";
        Noise noise = default;
        if (m.Map("noise") is { } n)
        {
            noise = new Noise(n.NonNegative("wheel_speed") ?? 0, n.NonNegative("yaw_rate") ?? 0, n.NonNegative("acceleration") ?? 0, n.NonNegative("steering_wheel_angle") ?? 0);
            n.Finish("noise (wheel_speed km/h, yaw_rate deg/s, acceleration m/s^2, steering_wheel_angle deg)");
        }
        if (dbc is null || dbcNode is null)
        {
            return null;
        }
        string path = Path.IsPathRooted(dbc) ? dbc : Path.Combine(Path.GetDirectoryName(d.Where.File) ?? "", dbc);
        DbcDatabase db;
        try
        {
            db = DbcReader.Load(path);
        }
        catch (InputException e)
        {
            m.Context.Error(dbcNode, $"{label}: DBC '{dbc}' ({path}) cannot be used: {(e.Errors.Count == 1 && e.Errors[0].Location.Line == 0 ? e.Errors[0].Message : $"{e.Errors.Count} error(s), listed below")}");
            if (!(e.Errors.Count == 1 && e.Errors[0].Location.Line == 0))
            {
                m.Context.Errors.AddRange(e.Errors);
            }
            return null;
        }
        bool ok = true;
        foreach (DbcMessage msg in db.Messages)
        {
            foreach (DbcSignal s in msg.Signals)
            {
                if (VehicleBusModel.Bind(s.Name) == VehicleSignal.Checksum && (s.Length != 8 || s.StartBit % 8 != (s.ByteOrder == DbcByteOrder.Intel ? 0 : 7)))
                {
                    m.Context.Error(dbcNode, $"{label}: checksum signal {msg.Name}.{s.Name} ({s.Where}) must be one whole byte (8 bits, byte-aligned) for the CRC-8");
                    ok = false;
                }
            }
        }
        return ok ? new CanBusSensor(d, db, model, target, noise) : null;
    }
}
