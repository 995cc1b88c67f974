using SensorModels.Can;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Can;

public class VehicleBusTests
{
    private sealed class Capture : ISensorSink
    {
        public List<(SensorFrame Frame, byte[] Payload)> Frames { get; } = new();

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Frames.Add((frame, payload.ToArray()));
    }

    [Fact]
    public void Crc8J1850HasItsCheckValue()
    {
        Assert.Equal(0x4B, CanChecksum.Crc8J1850("123456789"u8));
        // Skipping a byte is the same as leaving it out.
        Assert.Equal(0x4B, CanChecksum.Crc8J1850("1234X56789"u8, 4));
    }

    [Fact]
    public void TheModelGivesHandComputedEcuValues()
    {
        var model = new VehicleBusModel { SteeringRatio = 15, TrackWidth = 1.6, Wheelbase = 2.8 };
        var v = new double[VehicleBusModel.Count];
        var e = new EntitySnapshot("ego", 0, 0, 0, 0, 20, false, null, 0, 0, 0) { YawRate = 0.1, SteeringAngle = 0.05, Acceleration = -3, LateralAcceleration = 2 };
        model.Compute(e, 0.01, v);
        // Rear wheels (20 -/+ 0.1 x 0.8) x 3.6; front wheels add the lateral r x L = 0.28 m/s.
        Assert.Equal(71.712, v[(int)VehicleSignal.WheelSpeedRL], 9);
        Assert.Equal(72.288, v[(int)VehicleSignal.WheelSpeedRR], 9);
        Assert.Equal(71.719083987, v[(int)VehicleSignal.WheelSpeedFL], 6);
        Assert.Equal(72.295027547, v[(int)VehicleSignal.WheelSpeedFR], 6);
        Assert.Equal(72, v[(int)VehicleSignal.VehicleSpeed], 9);
        Assert.Equal(42.971834635, v[(int)VehicleSignal.SteeringWheelAngle], 6);   // 0.05 x 15 x 180/pi
        Assert.Equal(8.594366927, v[(int)VehicleSignal.SteeringWheelRate], 6);     // 0.01 x 15 x 180/pi
        Assert.Equal(5.729577951, v[(int)VehicleSignal.YawRate], 6);
        Assert.Equal(-3, v[(int)VehicleSignal.LongitudinalAccel]);
        Assert.Equal(2, v[(int)VehicleSignal.LateralAccel]);
        Assert.Equal(3, v[(int)VehicleSignal.GearPosition]);                       // D
        Assert.Equal(5, v[(int)VehicleSignal.CurrentGear]);                        // 72 km/h passed 15, 30, 50, 70
        Assert.Equal(30, v[(int)VehicleSignal.BrakePressure], 9);                  // 3 m/s^2 x 10 bar
        Assert.Equal(1, v[(int)VehicleSignal.BrakePedalPressed]);
        Assert.Equal(0, v[(int)VehicleSignal.AcceleratorPedal]);
        model.Compute(e with { Acceleration = 1.5 }, 0, v);
        Assert.Equal(50, v[(int)VehicleSignal.AcceleratorPedal], 9);               // 1.5 / 3 m/s^2
        Assert.Equal(0, v[(int)VehicleSignal.BrakePressure]);
        model.Compute(e with { Speed = -2, YawRate = 0 }, 0, v);
        Assert.Equal(1, v[(int)VehicleSignal.GearPosition]);                       // R
        Assert.Equal(7.2, v[(int)VehicleSignal.VehicleSpeed], 9);
    }

    private const string Scenario = """
        name: bus
        duration: 0.1
        step: 0.01
        road: {id: r, geometry: [line: 500], lanes: {right: [{width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 0}, speed: 10, driver: reference, model: kinematic}
        """;

    private static (CanBusSensor Sensor, Capture Sink, List<EntitySnapshot> Ego) Run(string rigExtra = "", double rate = 1000)
    {
        string rigPath = Path.Combine(Path.GetDirectoryName(DbcReaderTests.RepoFile("scenarios/can/vehicle.dbc"))!, "..", "rigs", "test-can.yaml");
        SensorRig rig = RigLoader.Parse(rigPath, $"""
            sensors:
              - {"{"}name: bus, type: can, mount: {"{"}x: 0{"}"}, rate: {rate}, dbc: ../can/vehicle.dbc{rigExtra}{"}"}
            """);
        var sensor = (CanBusSensor)Assert.Single(rig.Sensors);
        Scenario s = ScenarioLoader.Parse("bus.yaml", Scenario);
        var sim = new Simulator(s);
        var world = new SensorWorld(s.Network, sim.EntityCount, 1);
        var sink = new Capture();
        var ego = new List<EntitySnapshot>();
        var stages = new StepStages(sim);
        stages.Sensing += x =>
        {
            world.Update(x);
            rig.Step(world, sink);
            ego.Add(world.Current[world.EgoIndex]);
        };
        stages.Run();
        return (sensor, sink, ego);
    }

    [Fact]
    public void MessagesGoOutAtTheirOwnCycleTimesWithCountersAndChecksums()
    {
        (CanBusSensor sensor, Capture sink, List<EntitySnapshot> _) = Run();
        // The target's two messages are not sent.
        Assert.Equal(new[] { "EPS_SteeringWheel", "ESC_WheelSpeeds", "ESC_VehicleSpeed", "ESC_Brake", "ECM_Pedal", "ESC_VehicleDynamics", "TCU_Gear" }, sensor.SentMessages);
        var sent = new Dictionary<uint, List<long>>();
        var counters = new Dictionary<uint, List<int>>();
        foreach ((SensorFrame f, byte[] p) in sink.Frames)
        {
            Assert.Equal("can.v1", f.Format);
            int n = CanPayload.Count(p), offset = CanPayload.HeaderSize;
            for (int i = 0; i < n; i++)
            {
                CanFrameRecord r = CanPayload.ReadRecord(p, ref offset);
                Assert.Equal(f.EndNanoseconds, r.TimestampNanoseconds);
                Assert.Equal(8, r.Data.Length);
                Assert.False(r.IsExtended || r.IsFd);
                // Checksum in byte 7 (all messages of vehicle.dbc), counter in the low nibble of byte 6.
                Assert.Equal(CanChecksum.Crc8J1850(r.Data[..7]), r.Data[7]);
                sent.TryAdd(r.Id, new());
                counters.TryAdd(r.Id, new());
                sent[r.Id].Add(r.TimestampNanoseconds);
                counters[r.Id].Add(r.Data[6] & 0x0F);
            }
            Assert.Equal(p.Length, offset);
        }
        // 0.1 s at a 1 kHz tick: 10 ms messages at 0, 10, ..., 100 ms (11), 20 ms ones 6 times, 100 ms ones twice.
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i * 10_000_000L), sent[0x0B0]);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i * 20_000_000L), sent[0x0C0]);
        Assert.Equal(new[] { 0L, 100_000_000L }, sent[0x1A0]);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i % 16), counters[0x0A0]);
        Assert.DoesNotContain(0x2E4u, sent.Keys);
        Assert.Equal(101, sink.Frames.Count);
    }

    [Fact]
    public void SignalsCarryTheEgosState()
    {
        (CanBusSensor sensor, Capture sink, List<EntitySnapshot> ego) = Run(rate: 100);
        DbcMessage speed = sensor.Dbc.Message("ESC_VehicleSpeed")!, gear = sensor.Dbc.Message("TCU_Gear")!;
        byte[] p = sink.Frames[^1].Payload;
        int offset = CanPayload.HeaderSize;
        double? kmh = null, currentGear = null;
        for (int i = 0, n = CanPayload.Count(p); i < n; i++)
        {
            CanFrameRecord r = CanPayload.ReadRecord(p, ref offset);
            if (r.Id == speed.Id)
            {
                kmh = speed.Signal("VehicleSpeed")!.Decode(r.Data);
            }
            if (r.Id == gear.Id)
            {
                currentGear = gear.Signal("CurrentGear")!.Decode(r.Data);
            }
        }
        // The last tick is the final state: speed x 3.6 at 0.01 km/h resolution.
        Assert.Equal(ego[^1].Speed * 3.6, kmh!.Value, 0.005 + 1e-9);
        Assert.Equal(ego[^1].Speed * 3.6 >= 30 ? 3 : ego[^1].Speed * 3.6 >= 15 ? 2 : 1, currentGear!.Value);
    }

    [Fact]
    public void NoiseIsDeterministicAndOffByDefault()
    {
        byte[] a = Run(", noise: {wheel_speed: 0.5}", 100).Sink.Frames[^1].Payload;
        byte[] b = Run(", noise: {wheel_speed: 0.5}", 100).Sink.Frames[^1].Payload;
        byte[] c = Run("", 100).Sink.Frames[^1].Payload;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void RigErrorsNameTheRigAndTheDbc()
    {
        InputException e = Assert.Throws<InputException>(() => RigLoader.Parse("/nowhere/rig.yaml", """
            sensors:
              - {name: bus, type: can, mount: {x: 0}, rate: 100, dbc: missing.dbc, steering_ratio: -1, stearing: 3}
            """));
        Assert.Contains(e.Errors, x => x.Message.Contains("missing.dbc") && x.Message.Contains("not found") && x.Location.Line == 2);
        Assert.Contains(e.Errors, x => x.Message.Contains("'steering_ratio' must be greater than 0"));
        Assert.Contains(e.Errors, x => x.Message.Contains("unknown key 'stearing'"));
    }

    [Fact]
    public void ActuationFramesDecodeBack()
    {
        DbcDatabase db = DbcReader.Load(DbcReaderTests.RepoFile("scenarios/can/vehicle.dbc"));
        var decoder = new CanActuationDecoder(db, 15);
        var state = new CanActuation();
        // Steering request 12.3 deg, active, counter 5, by hand: Motorola 7|16 raw 123 -> 00 7B;
        // active at bit 23 -> byte 2 = 0x80; counter 51|4 -> byte 6 = 0x05; CRC-8 J1850 of bytes 0-6 = 0xEC.
        byte[] steer = { 0x00, 0x7B, 0x80, 0, 0, 0, 0x05, 0xEC };
        Assert.Equal(CanActuationStatus.Decoded, decoder.Decode(0x2E4, false, steer, ref state));
        Assert.Equal(12.3, state.SteeringWheelAngleDeg, 9);
        Assert.Equal(12.3 / 15 * Math.PI / 180, state.RoadWheelAngle, 12);
        Assert.True(state.SteeringActive);
        // Acceleration request -1.5 m/s^2: raw -1500 = 0xFA24 -> 24 FA; active byte 2 bit 0; counter 3; CRC 0x0B.
        byte[] accel = { 0x24, 0xFA, 0x01, 0, 0, 0, 0x03, 0x0B };
        Assert.Equal(CanActuationStatus.Decoded, decoder.Decode(0x2F0, false, accel, ref state));
        Assert.Equal(-1.5, state.Acceleration, 9);
        Assert.True(state.AccelerationActive);
        Assert.Equal(12.3, state.SteeringWheelAngleDeg, 9);
        // A corrupted frame is dropped; a counter that skips is reported but applied.
        byte[] corrupt = (byte[])steer.Clone();
        corrupt[1] = 0x7C;
        Assert.Equal(CanActuationStatus.BadChecksum, decoder.Decode(0x2E4, false, corrupt, ref state));
        Assert.Equal(12.3, state.SteeringWheelAngleDeg, 9);
        byte[] skipped = { 0x00, 0x7C, 0x80, 0, 0, 0, 0x07, 0 };
        skipped[7] = CanChecksum.Crc8J1850(skipped[..7]);
        Assert.Equal(CanActuationStatus.CounterJump, decoder.Decode(0x2E4, false, skipped, ref state));
        Assert.Equal(12.4, state.SteeringWheelAngleDeg, 9);
        Assert.Equal(CanActuationStatus.NotActuation, decoder.Decode(0x0B0, false, steer, ref state));
        Assert.Equal(CanActuationStatus.WrongLength, decoder.Decode(0x2E4, false, steer.AsSpan(0, 4), ref state));
    }

    [Fact]
    public void EncodingAMessageAllocatesNothing()
    {
        DbcMessage m = DbcReader.Load(DbcReaderTests.RepoFile("scenarios/can/vehicle.dbc")).Message("ESC_VehicleDynamics")!;
        var data = new byte[8];
        var values = new double[] { 5.7, -3, 2, 4, 0 };
        var decoded = new double[5];
        m.Encode(data, values);
        m.Decode(data, decoded);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            m.Encode(data, values);
            m.Decode(data, decoded);
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(5.7, decoded[0], 9);
    }
}
