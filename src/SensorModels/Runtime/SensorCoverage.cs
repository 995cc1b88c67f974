namespace SensorModels.Runtime;

/// <summary>
/// Where a sensor can see, projected on the ground plane of its own frame (x forward, y left): a
/// ring sector between two ranges and two azimuths. Views draw it as the sensor's footprint.
/// </summary>
/// <param name="MinRange">Nearest range (m).</param>
/// <param name="MaxRange">Farthest range (m).</param>
/// <param name="AzimuthRight">Right edge of the field of view (rad, counter-clockwise from the sensor's x axis, so negative to the right).</param>
/// <param name="AzimuthLeft">Left edge (rad); <c>AzimuthLeft - AzimuthRight</c> is the horizontal field of view, 2 pi all around.</param>
public readonly record struct SensorCoverage(double MinRange, double MaxRange, double AzimuthRight, double AzimuthLeft)
{
    /// <summary>A sector centred on the x axis.</summary>
    public static SensorCoverage Centred(double minRange, double maxRange, double fov)
        => new(minRange, maxRange, -Math.Min(fov, 2 * Math.PI) / 2, Math.Min(fov, 2 * Math.PI) / 2);
}
