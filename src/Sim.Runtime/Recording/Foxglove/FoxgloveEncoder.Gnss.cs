using System.Buffers.Binary;
using System.Text.Json;

namespace Sim.Runtime.Recording.Foxglove;

internal sealed partial class FoxgloveEncoder
{
    private const int GnssBytes = 68;

    // foxglove.PositionCovarianceType
    private const int CovarianceDiagonalKnown = 2;

    /// <summary>
    /// A <c>gnss.v1</c> payload (docs/sensors/imu-gnss.md) as a <c>foxglove.LocationFix</c>:
    /// latitude, longitude, ellipsoidal altitude, and a diagonal ENU covariance from the horizontal
    /// and vertical accuracies (σh², σh², σv²). An output without a fix (fix type 0, NaN
    /// coordinates) has no LocationFix: the result is then empty and nothing should be recorded.
    /// </summary>
    /// <param name="frameId">The antenna's frame: the sensor's name in the rig.</param>
    /// <param name="timeNs">The output's time (ns).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the gnss.v1 layout.</exception>
    public ReadOnlyMemory<byte> LocationFix(string frameId, long timeNs, ReadOnlySpan<byte> payload)
    {
        RequireLength(payload, GnssBytes, "gnss.v1");
        double latitude = BinaryPrimitives.ReadDoubleLittleEndian(payload);
        double longitude = BinaryPrimitives.ReadDoubleLittleEndian(payload[8..]);
        double altitude = BinaryPrimitives.ReadDoubleLittleEndian(payload[16..]);
        double horizontal = BinaryPrimitives.ReadDoubleLittleEndian(payload[48..]);
        double vertical = BinaryPrimitives.ReadDoubleLittleEndian(payload[56..]);
        int fix = BinaryPrimitives.ReadInt32LittleEndian(payload[64..]);
        // JSON has no NaN, and Foxglove's fix has no status field: no fix, no message.
        if (fix == 0 || !double.IsFinite(latitude) || !double.IsFinite(longitude) || !double.IsFinite(altitude))
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        bool accuracyKnown = double.IsFinite(horizontal) && double.IsFinite(vertical);

        Utf8JsonWriter w = Begin();
        w.WriteStartObject();
        WriteTime(w, "timestamp"u8, timeNs);
        w.WriteString("frame_id"u8, frameId);
        w.WriteNumber("latitude"u8, latitude);
        w.WriteNumber("longitude"u8, longitude);
        w.WriteNumber("altitude"u8, altitude);
        w.WriteStartArray("position_covariance"u8);
        for (int i = 0; i < 9; i++)
        {
            double v = !accuracyKnown ? 0 : i == 0 || i == 4 ? horizontal * horizontal : i == 8 ? vertical * vertical : 0;
            w.WriteNumberValue(v);
        }
        w.WriteEndArray();
        w.WriteNumber("position_covariance_type"u8, accuracyKnown ? CovarianceDiagonalKnown : 0);
        w.WriteEndObject();
        return End();
    }
}
