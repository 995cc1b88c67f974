namespace Perception.Spec;

/// <summary>What a centre head's regression describes.</summary>
internal enum HeadKind
{
    /// <summary>`center_head`: 3-D boxes in the lidar's frame (BEV models).</summary>
    Boxes3D,
    /// <summary>`center_box2d`: 2-D boxes in image pixels (camera models).</summary>
    Boxes2D,
}
