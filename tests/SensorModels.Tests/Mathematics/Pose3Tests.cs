using SensorModels.Mathematics;

namespace SensorModels.Tests.Mathematics;

public class Pose3Tests
{
    private static void Near(Vec3 expected, Vec3 actual)
    {
        Assert.Equal(expected.X, actual.X, 12);
        Assert.Equal(expected.Y, actual.Y, 12);
        Assert.Equal(expected.Z, actual.Z, 12);
    }

    [Fact]
    public void YawTurnsForwardToTheLeft()
        // ISO 8855: yaw +90 degrees points the sensor's x axis along the vehicle's y (left).
        => Near(new Vec3(0, 1, 0), new Pose3(default, 0, 0, Math.PI / 2).Rotate(new Vec3(1, 0, 0)));

    [Fact]
    public void PositivePitchPointsTheNoseDown()
        // Right-hand rotation about +y takes +x towards -z.
        => Near(new Vec3(0, 0, -1), new Pose3(default, 0, Math.PI / 2, 0).Rotate(new Vec3(1, 0, 0)));

    [Fact]
    public void PositiveRollLowersTheLeftSide()
        // Right-hand rotation about +x takes +y (left) towards +z... and +z towards -y.
        => Near(new Vec3(0, -1, 0), new Pose3(default, Math.PI / 2, 0, 0).Rotate(new Vec3(0, 0, 1)));

    [Fact]
    public void ComposeEqualsTransformingTwice()
    {
        var parent = new Pose3(new Vec3(10, -3, 0.5), 0.1, -0.2, 1.3);
        var child = new Pose3(new Vec3(1.5, 0.2, 1.9), -0.05, 0.3, -0.7);
        var p = new Vec3(4, -2, 0.7);
        Near(parent.TransformPoint(child.TransformPoint(p)), parent.Compose(child).TransformPoint(p));
    }

    [Fact]
    public void InverseUndoesTheTransform()
    {
        var pose = new Pose3(new Vec3(3, 4, 5), 0.4, 0.5, 0.6);
        var p = new Vec3(-1, 2, -3);
        Near(p, pose.InverseTransformPoint(pose.TransformPoint(p)));
    }
}
