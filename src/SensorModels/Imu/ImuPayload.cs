using System.Buffers.Binary;
using SensorModels.Mathematics;

namespace SensorModels.Imu;

/// <summary>
/// The <c>imu.v1</c> payload (docs/sensors/imu-gnss.md): specific force (m/s^2) and angular rate
/// (rad/s) in the sensor frame, six little-endian float64.
/// </summary>
public static class ImuPayload
{
    /// <summary>The format id.</summary>
    public const string Format = "imu.v1";

    /// <summary>Bytes of one payload.</summary>
    public const int Bytes = 48;

    /// <summary>Encodes an "imu.v1" payload.</summary>
    public static void Write(Span<byte> payload, Vec3 specificForce, Vec3 angularRate)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(payload[0..], specificForce.X);
        BinaryPrimitives.WriteDoubleLittleEndian(payload[8..], specificForce.Y);
        BinaryPrimitives.WriteDoubleLittleEndian(payload[16..], specificForce.Z);
        BinaryPrimitives.WriteDoubleLittleEndian(payload[24..], angularRate.X);
        BinaryPrimitives.WriteDoubleLittleEndian(payload[32..], angularRate.Y);
        BinaryPrimitives.WriteDoubleLittleEndian(payload[40..], angularRate.Z);
    }

    /// <summary>Decodes an "imu.v1" payload.</summary>
    public static (Vec3 SpecificForce, Vec3 AngularRate) Read(ReadOnlySpan<byte> payload)
        => (new Vec3(BinaryPrimitives.ReadDoubleLittleEndian(payload[0..]), BinaryPrimitives.ReadDoubleLittleEndian(payload[8..]), BinaryPrimitives.ReadDoubleLittleEndian(payload[16..])),
            new Vec3(BinaryPrimitives.ReadDoubleLittleEndian(payload[24..]), BinaryPrimitives.ReadDoubleLittleEndian(payload[32..]), BinaryPrimitives.ReadDoubleLittleEndian(payload[40..])));
}
