namespace SensorModels.Lidar.Packets;

/// <summary>
/// How an Ouster sensor lays out the pixels of its lidar packets (<c>udp_profile_lidar</c> in the
/// sensor's metadata; Ouster firmware user manual, "Sensor Data").
/// </summary>
public enum OusterProfile
{
    /// <summary>LEGACY (firmware before 2.2, and the default since): 12-byte pixels, 20-bit range in mm, 16-byte column header, 4-byte column status footer, no packet header.</summary>
    Legacy,

    /// <summary>RNG19_RFL8_SIG16_NIR16: 12-byte pixels, 19-bit range in mm, 8-bit reflectivity, 16-bit signal and near-infrared.</summary>
    Rng19Rfl8Sig16Nir16,

    /// <summary>RNG19_RFL8_SIG16_NIR16_DUAL: 16-byte pixels with two returns (range, reflectivity, signal each) and near-infrared.</summary>
    Rng19Rfl8Sig16Nir16Dual,

    /// <summary>RNG15_RFL8_NIR8 (low bandwidth): 4-byte pixels, 15-bit range in units of 8 mm, 8-bit reflectivity and near-infrared (x16).</summary>
    Rng15Rfl8Nir8,

    /// <summary>FUSA_RNG15_RFL8_NIR8_DUAL: 8-byte pixels with two low-bandwidth returns, FuSa packet header (32-bit frame id).</summary>
    FusaRng15Rfl8Nir8Dual,
}

/// <summary>The IMU packet profile (<c>udp_profile_imu</c>).</summary>
public enum OusterImuProfile
{
    /// <summary>LEGACY: 48 bytes, one sample; acceleration in g, angular rate in deg/s.</summary>
    Legacy,

    /// <summary>ACCEL32_GYRO32_NMEA (firmware 3.2+): packet header, NMEA block, N samples of 36 bytes in m/s^2 and rad/s, footer.</summary>
    Accel32Gyro32Nmea,
}
