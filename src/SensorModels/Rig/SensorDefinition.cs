using SensorModels.Mathematics;
using SimCore.Diagnostics;

namespace SensorModels.Rig;

/// <summary>What every sensor of a rig has: name, type, mounting, schedule.</summary>
/// <param name="Name">Unique name within the rig.</param>
/// <param name="Type">Sensor type (lidar, radar, imu, gnss, can, ...).</param>
/// <param name="Mount">Pose of the sensor frame in the vehicle frame (ISO 8855, origin at the rear-axle centre on the ground).</param>
/// <param name="RateHz">Output rate (Hz).</param>
/// <param name="PhaseSeconds">Time of the first output (s); later ones follow every 1/rate.</param>
/// <param name="Where">Where the sensor is declared.</param>
public sealed record SensorDefinition(string Name, string Type, Pose3 Mount, double RateHz, double PhaseSeconds, SourceLocation Where)
{
    /// <summary>The highest output rate a sensor may ask for (an IMU's 1 kHz is the fastest real one here).</summary>
    public const double MaxRateHz = 10_000;

    /// <summary>Period in whole nanoseconds: the schedule never drifts.</summary>
    public long PeriodNanoseconds => (long)Math.Round(1e9 / RateHz);

    /// <summary>Phase in whole nanoseconds.</summary>
    public long PhaseNanoseconds => (long)Math.Round(PhaseSeconds * 1e9);
}
