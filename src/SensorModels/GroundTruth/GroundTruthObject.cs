using SensorModels.Mathematics;
using SimCore.Entities;

namespace SensorModels.GroundTruth;

/// <summary>One object of a ground-truth output: one record of a <c>ground_truth.v1</c> payload (docs/sensors/ground-truth.md).</summary>
/// <param name="Id">Entity id (its index in the scenario's entity list).</param>
/// <param name="Kind">Entity kind, the payload's class code (a code this build does not know keeps its number).</param>
/// <param name="LidarPoints">Points a lidar put on the object in its last sweep, -1 when unknown.</param>
/// <param name="Centre">Box centre, world frame (m).</param>
/// <param name="Length">Box length (m).</param>
/// <param name="Width">Box width (m).</param>
/// <param name="Height">Box height (m).</param>
/// <param name="Heading">Heading, world frame (rad, counter-clockwise from +x).</param>
/// <param name="Velocity">Velocity of the reference point over ground, world frame (m/s; z is 0: the payload carries x and y).</param>
/// <param name="SensorCentre">Box centre in the sensor frame (m).</param>
/// <param name="SensorYaw">Box heading relative to the sensor's x axis (rad, in the sensor's xy plane).</param>
/// <param name="RelativeVelocity">Velocity of the box centre relative to the sensor, sensor frame (m/s).</param>
public readonly record struct GroundTruthObject(int Id, EntityKind Kind, int LidarPoints, Vec3 Centre, double Length, double Width, double Height,
    double Heading, Vec3 Velocity, Vec3 SensorCentre, double SensorYaw, Vec3 RelativeVelocity);
