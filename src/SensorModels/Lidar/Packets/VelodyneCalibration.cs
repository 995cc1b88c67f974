namespace SensorModels.Lidar.Packets;

/// <summary>
/// Per-laser geometry of a Velodyne sensor: elevation, azimuth offset (added to the block's
/// azimuth) and vertical offset of the laser's origin. Built in from the manuals for the VLP-16,
/// HDL-32E and VLP-32C; a VLS-128 (whose units are calibrated individually) needs its own.
/// </summary>
public sealed class VelodyneCalibration
{
    /// <summary>A calibration; every list has one entry per laser of <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">Lists of the wrong length or non-finite values.</exception>
    public VelodyneCalibration(VelodyneModel model, IReadOnlyList<double> elevationsDeg, IReadOnlyList<double> azimuthOffsetsDeg, IReadOnlyList<double> verticalOffsetsMm)
    {
        int n = VelodyneModels.Lasers(model);
        if (elevationsDeg.Count != n || azimuthOffsetsDeg.Count != n || verticalOffsetsMm.Count != n)
        {
            throw new ArgumentException($"a {model} calibration needs {n} elevations, azimuth offsets and vertical offsets");
        }
        if (elevationsDeg.Concat(azimuthOffsetsDeg).Concat(verticalOffsetsMm).Any(x => !double.IsFinite(x)))
        {
            throw new ArgumentException("calibration values must be finite");
        }
        (Model, ElevationsDeg, AzimuthOffsetsDeg, VerticalOffsetsMm) = (model, elevationsDeg.ToArray(), azimuthOffsetsDeg.ToArray(), verticalOffsetsMm.ToArray());
    }

    /// <summary>The model.</summary>
    public VelodyneModel Model { get; }

    /// <summary>Elevation of each laser (deg), by laser id.</summary>
    public IReadOnlyList<double> ElevationsDeg { get; }

    /// <summary>Azimuth offset of each laser (deg), by laser id.</summary>
    public IReadOnlyList<double> AzimuthOffsetsDeg { get; }

    /// <summary>Vertical offset of each laser's origin (mm), by laser id.</summary>
    public IReadOnlyList<double> VerticalOffsetsMm { get; }

    /// <summary>The manual's calibration of <paramref name="model"/>, or null for a VLS-128.</summary>
    public static VelodyneCalibration? BuiltIn(VelodyneModel model) => model switch
    {
        // VLP-16 user manual, table 9-1 (laser id order: the firing order).
        VelodyneModel.Vlp16 => new(model,
            [-15, 1, -13, 3, -11, 5, -9, 7, -7, 9, -5, 11, -3, 13, -1, 15],
            new double[16],
            [11.2, -0.7, 9.7, -2.2, 8.1, -3.7, 6.6, -5.1, 5.1, -6.6, 3.7, -8.1, 2.2, -9.7, 0.7, -11.2]),
        // HDL-32E user manual, laser elevation table.
        VelodyneModel.Hdl32E => new(model,
            [-30.67, -9.33, -29.33, -8, -28, -6.67, -26.67, -5.33, -25.33, -4, -24, -2.67, -22.67, -1.33, -21.33, 0,
             -20, 1.33, -18.67, 2.67, -17.33, 4, -16, 5.33, -14.67, 6.67, -13.33, 8, -12, 9.33, -10.67, 10.67],
            new double[32], new double[32]),
        // VLP-32C user manual, table 9-2: elevation and azimuth offset by laser id.
        VelodyneModel.Vlp32C => new(model,
            [-25, -1, -1.667, -15.639, -11.31, 0, -0.667, -8.843, -7.254, 0.333, -0.333, -6.148, -5.333, 1.333, 0.667, -4,
             -4.667, 1.667, 1, -3.667, -3.333, 3.333, 2.333, -2.667, -3, 7, 4.667, -2.333, -2, 15, 10.333, -1.333],
            [1.4, -4.2, 1.4, -1.4, 1.4, -1.4, 4.2, -1.4, 1.4, -4.2, 1.4, -1.4, 4.2, -1.4, 4.2, -1.4,
             1.4, -4.2, 1.4, -4.2, 4.2, -1.4, 1.4, -1.4, 1.4, -1.4, 1.4, -4.2, 4.2, -1.4, 1.4, -1.4],
            new double[32]),
        _ => null,
    };
}
