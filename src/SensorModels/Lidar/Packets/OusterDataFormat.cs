namespace SensorModels.Lidar.Packets;

/// <summary>
/// The data format of an Ouster sensor (metadata <c>data_format</c> / <c>lidar_data_format</c>):
/// image size, packetisation, profiles and the azimuth window of columns it sends.
/// </summary>
/// <param name="PixelsPerColumn">Beams (rows): 16 to 128.</param>
/// <param name="ColumnsPerPacket">Columns (measurement blocks) per lidar packet, usually 16.</param>
/// <param name="ColumnsPerFrame">Columns per rotation: 512, 1024, 2048 or 4096.</param>
/// <param name="WindowStart">First column the sensor sends (measurement id).</param>
/// <param name="WindowEnd">Last column it sends; below <paramref name="WindowStart"/> when the window wraps through 0.</param>
/// <param name="Profile">Lidar packet profile.</param>
/// <param name="ImuProfile">IMU packet profile.</param>
/// <param name="ImuMeasurementsPerPacket">Samples per IMU packet (1 for LEGACY).</param>
/// <param name="PixelShiftByRow">Per row, the column shift that destaggers the image (display only; points use the packet's measurement id).</param>
public sealed record OusterDataFormat(
    int PixelsPerColumn, int ColumnsPerPacket, int ColumnsPerFrame, int WindowStart, int WindowEnd,
    OusterProfile Profile, OusterImuProfile ImuProfile, int ImuMeasurementsPerPacket, IReadOnlyList<int> PixelShiftByRow)
{
    /// <summary>Columns in the window (what a complete frame holds).</summary>
    public int WindowColumns => WindowEnd >= WindowStart ? WindowEnd - WindowStart + 1 : ColumnsPerFrame - WindowStart + WindowEnd + 1;

    /// <summary>True when column <paramref name="measurementId"/> is in the window.</summary>
    public bool InWindow(int measurementId)
        => WindowEnd >= WindowStart ? measurementId >= WindowStart && measurementId <= WindowEnd : measurementId >= WindowStart || measurementId <= WindowEnd;

    /// <summary>The profile's wire name (as the metadata writes it).</summary>
    public static string Name(OusterProfile p) => p switch
    {
        OusterProfile.Legacy => "LEGACY",
        OusterProfile.Rng19Rfl8Sig16Nir16 => "RNG19_RFL8_SIG16_NIR16",
        OusterProfile.Rng19Rfl8Sig16Nir16Dual => "RNG19_RFL8_SIG16_NIR16_DUAL",
        OusterProfile.Rng15Rfl8Nir8 => "RNG15_RFL8_NIR8",
        OusterProfile.FusaRng15Rfl8Nir8Dual => "FUSA_RNG15_RFL8_NIR8_DUAL",
        _ => p.ToString(),
    };

    /// <summary>The profile of a wire name, or null.</summary>
    public static OusterProfile? Parse(string name) => name switch
    {
        "LEGACY" => OusterProfile.Legacy,
        "RNG19_RFL8_SIG16_NIR16" => OusterProfile.Rng19Rfl8Sig16Nir16,
        "RNG19_RFL8_SIG16_NIR16_DUAL" => OusterProfile.Rng19Rfl8Sig16Nir16Dual,
        "RNG15_RFL8_NIR8" => OusterProfile.Rng15Rfl8Nir8,
        "FUSA_RNG15_RFL8_NIR8_DUAL" => OusterProfile.FusaRng15Rfl8Nir8Dual,
        _ => null,
    };
}
