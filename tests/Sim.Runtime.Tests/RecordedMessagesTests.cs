using System.Buffers;
using HilBridge.Protocol.Messages;
using Sim.Runtime.Recording;
using SensorModels.Output;
using SimCore.Entities;
using SimCore.Simulation;

namespace Sim.Runtime.Tests;

public sealed class RecordedMessagesTests
{
    [Fact]
    public void A_sensor_frame_comes_back_with_its_payload_bytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        byte[] payload = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();
        RecordedMessages.WriteFrame(buffer, "lidar_top", 42, 1_000, 101_000, "lidar.v1", payload);
        (SensorFrame f, ReadOnlyMemory<byte> p) = RecordedMessages.ReadFrame(buffer.WrittenMemory, "lidar");
        Assert.Equal(new SensorFrame("lidar_top", "lidar", "lidar.v1", 42, 1_000, 101_000), f);
        Assert.True(p.Span.SequenceEqual(payload));
        // The payload is a slice of the message, not a copy: bin 32 header (5 bytes) right before it.
        Assert.Equal(buffer.WrittenCount - payload.Length, buffer.WrittenMemory.Length - p.Length);
    }

    [Fact]
    public void Ego_state_and_ground_truth_come_back_bit_for_bit()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var v = new VehicleState(1.5, -2.25, 0.1, 0.3, 0.01, 0, 13.9, 0.2, -1.1, 0.4, 0.05, -0.02);
        RecordedMessages.WriteEgo(buffer, 7, v);
        Assert.Equal((7UL, v), RecordedMessages.ReadEgo(buffer.WrittenMemory));

        EntitySnapshot[] entities =
        [
            new("ego", 10, 20, 0, 1.2, 13.9, true, "r", 5, -1, 0.1) { Id = 0, Kind = EntityKind.Car, IsEgo = true, Pitch = 0.01, LateralVelocity = 0.2, YawRate = 0.03, Acceleration = -0.5, Length = 4.5, Width = 1.8, Height = 1.5, CenterOffsetX = 1.3 },
            new("ped", 50, 21, 0, 4.7, 1.4, false, null, 0, 0, 0) { Id = 1, Kind = EntityKind.Pedestrian, Length = 0.6, Width = 0.6, Height = 1.8 },
        ];
        buffer.Clear();
        RecordedMessages.WriteGroundTruth(buffer, 7, 0, entities);
        (ulong tick, int ego, EntitySnapshot[] back) = RecordedMessages.ReadGroundTruth(buffer.WrittenMemory);
        Assert.Equal((7UL, 0), (tick, ego));
        // Road coordinates are not recorded: they come back empty, everything else exact.
        Assert.Equal(entities[0] with { HasRoad = false, RoadId = null, RoadS = 0, LaneId = 0, LaneOffset = 0 }, back[0]);
        Assert.Equal(entities[1], back[1]);
    }

    [Fact]
    public void Another_layout_is_a_format_error_not_a_crash()
    {
        var buffer = new ArrayBufferWriter<byte>();
        RecordedMessages.WriteEgo(buffer, 7, new VehicleState(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Throws<FormatException>(() => RecordedMessages.ReadFrame(buffer.WrittenMemory, "imu"));
        Assert.Throws<FormatException>(() => RecordedMessages.ReadGroundTruth(buffer.WrittenMemory));
    }
}
