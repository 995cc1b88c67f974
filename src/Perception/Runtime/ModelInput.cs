namespace Perception.Runtime;

/// <summary>The sensor a model looks at (its spec's pre-processing).</summary>
public enum ModelInput
{
    /// <summary>A lidar sweep (lidar.v1) as a bird's-eye-view raster; 3-D boxes.</summary>
    Lidar,

    /// <summary>A camera image (camera.rgb8.v1); 2-D boxes in pixels.</summary>
    Camera,
}
