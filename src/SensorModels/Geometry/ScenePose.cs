namespace SensorModels.Geometry;

/// <summary>
/// A copy of a <see cref="SceneGeometry"/>'s instances and top level as posed at one time
/// (<see cref="SceneGeometry.CopyPose"/>): what a batch of rays cast later (on a device) refers to,
/// and what their hits are completed with, after the scene has been re-posed for other times.
/// Reused from batch to batch: arrays grow, never shrink.
/// </summary>
internal sealed class ScenePose
{
    /// <summary>Instances, in the scene's order (only the first <see cref="InstanceCount"/>).</summary>
    public InstancePose[] Instances = [];

    /// <summary>Top-level nodes over the active instances (only the first <see cref="TopNodeCount"/>).</summary>
    public BvhNode[] Top = [];

    /// <summary>Instance indices the top level's leaves refer to (only the first <see cref="InstanceCount"/>).</summary>
    public int[] TopOrder = [];

    public int InstanceCount;

    public int TopNodeCount;

    /// <summary>True when no instance is active (the top level is empty).</summary>
    public bool Empty => TopNodeCount == 0 || Top[0].Count < 0;
}
