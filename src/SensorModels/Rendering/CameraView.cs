using SensorModels.Mathematics;

namespace SensorModels.Rendering;

/// <summary>
/// One camera for one frame. The camera frame is the sensor convention: x forward (the optical
/// axis), y left, z up; <see cref="Pose"/> maps it into the world. Intrinsics follow OpenCV: a
/// camera point (x, y, z) projects to u = cx + fx (-y / x), v = cy + fy (-z / x), u right, v down,
/// with the centre of the top-left pixel at (0, 0). The render is undistorted (pinhole);
/// a <see cref="Remap"/> turns it into the lens's image.
/// </summary>
public readonly struct CameraView
{
    /// <summary>A pinhole camera of the given render size and intrinsics (pixels).</summary>
    public CameraView(Pose3 pose, int width, int height, double fx, double fy, double cx, double cy)
    {
        if (width <= 0 || height <= 0 || !(fx > 0) || !(fy > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(width), "camera size and focal lengths must be positive");
        }
        Pose = pose;
        Width = width;
        Height = height;
        Fx = fx;
        Fy = fy;
        Cx = cx;
        Cy = cy;
    }

    /// <summary>A pinhole camera with square pixels, principal point at the image centre and the given horizontal field of view.</summary>
    public static CameraView FromFov(Pose3 pose, int width, int height, double horizontalFovDegrees)
    {
        double f = width / 2.0 / Math.Tan(horizontalFovDegrees * Math.PI / 360.0);
        return new CameraView(pose, width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /// <summary>Camera frame (x forward, y left, z up) in the world.</summary>
    public Pose3 Pose { get; }

    /// <summary>Render width (pixels).</summary>
    public int Width { get; }

    /// <summary>Render height (pixels).</summary>
    public int Height { get; }

    /// <summary>Focal length along u (pixels).</summary>
    public double Fx { get; }

    /// <summary>Focal length along v (pixels).</summary>
    public double Fy { get; }

    /// <summary>Principal point u (pixels, top-left pixel centre = 0).</summary>
    public double Cx { get; }

    /// <summary>Principal point v (pixels).</summary>
    public double Cy { get; }

    /// <summary>Near clipping plane (m along the optical axis).</summary>
    public double Near { get; init; } = 0.1;

    /// <summary>Far clipping plane (m along the optical axis); beyond it is sky.</summary>
    public double Far { get; init; } = 1000;

    /// <summary>Lens remap from this render to the output image; null outputs the render itself.</summary>
    public RemapTable? Remap { get; init; }

    /// <summary>Entity not drawn for this camera (its carrier, whose box the camera sits in); -1 for none.</summary>
    public int HiddenEntity { get; init; } = -1;

    /// <summary>Output width: the remap's, else the render's.</summary>
    public int OutputWidth => Remap?.Width ?? Width;

    /// <summary>Output height: the remap's, else the render's.</summary>
    public int OutputHeight => Remap?.Height ?? Height;
}

/// <summary>
/// Where each output pixel of a lens image comes from in the undistorted render: source pixel
/// coordinates (render pixels, top-left pixel centre = 0) per output pixel, row-major. A NaN or
/// negative source (or one outside the render) marks the pixel as outside the lens's view: black
/// colour, depth 0, semantic 0, instance 0. Contents are copied at construction (the table is immutable).
/// </summary>
public sealed class RemapTable
{
    /// <summary>Creates a table of <paramref name="width"/> x <paramref name="height"/> output pixels.</summary>
    public RemapTable(int width, int height, float[] sourceX, float[] sourceY)
    {
        ArgumentNullException.ThrowIfNull(sourceX);
        ArgumentNullException.ThrowIfNull(sourceY);
        if (width <= 0 || height <= 0 || sourceX.Length != width * height || sourceY.Length != width * height)
        {
            throw new ArgumentException($"remap tables need {width}x{height} entries each");
        }
        Width = width;
        Height = height;
        Interleaved = new float[2 * width * height];
        for (int i = 0; i < sourceX.Length; i++)
        {
            float x = sourceX[i], y = sourceY[i];
            // Negative means outside by contract; -1e9 keeps that meaning past the half-pixel margin the shader allows.
            Interleaved[2 * i] = x < 0 ? -1e9f : x;
            Interleaved[2 * i + 1] = y < 0 ? -1e9f : y;
        }
    }

    /// <summary>Output width (pixels).</summary>
    public int Width { get; }

    /// <summary>Output height (pixels).</summary>
    public int Height { get; }

    /// <summary>Source (x, y) pairs as the shader reads them.</summary>
    internal float[] Interleaved { get; }
}

/// <summary>Which images a camera produces.</summary>
[Flags]
public enum CameraOutputs
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>RGB, 3 bytes per pixel, sRGB-encoded.</summary>
    Rgb = 1,
    /// <summary>RGBA, 4 bytes per pixel (alpha 255), sRGB-encoded.</summary>
    Rgba = 2,
    /// <summary>Depth (float metres along the optical axis, 0 = no surface).</summary>
    Depth = 4,
    /// <summary>Semantic class per pixel (<see cref="Geometry.SemanticClass"/>; 0 for sky).</summary>
    Semantic = 8,
    /// <summary>Instance per pixel: entity id + 1, 0 for static geometry and sky.</summary>
    Instance = 16,
    /// <summary>NV12 (BT.709 limited range), width * height * 3 / 2 bytes.</summary>
    Nv12 = 32,
}

/// <summary>
/// The caller's preallocated arrays one camera's outputs are read back into (row-major, top row
/// first, output size). A null array is not produced. Reuse the same object every frame.
/// </summary>
public sealed class CameraTargets
{
    /// <summary>RGB bytes (3 per pixel).</summary>
    public byte[]? Rgb { get; init; }

    /// <summary>RGBA bytes (4 per pixel); give either this or <see cref="Rgb"/>.</summary>
    public byte[]? Rgba { get; init; }

    /// <summary>Depth in metres along the optical axis; 0 where nothing was hit (sky, beyond far, outside the lens).</summary>
    public float[]? Depth { get; init; }

    /// <summary>Semantic class bytes.</summary>
    public byte[]? Semantic { get; init; }

    /// <summary>Entity id + 1 per pixel, 0 for static geometry, sky and outside the lens.</summary>
    public int[]? Instance { get; init; }

    /// <summary>NV12: Y plane (width * height) then interleaved Cb Cr at half resolution.</summary>
    public byte[]? Nv12 { get; init; }

    /// <summary>The outputs that have arrays.</summary>
    public CameraOutputs Wanted =>
        (Rgb is null ? 0 : CameraOutputs.Rgb) | (Rgba is null ? 0 : CameraOutputs.Rgba) | (Depth is null ? 0 : CameraOutputs.Depth)
        | (Semantic is null ? 0 : CameraOutputs.Semantic) | (Instance is null ? 0 : CameraOutputs.Instance) | (Nv12 is null ? 0 : CameraOutputs.Nv12);

    /// <summary>Allocates arrays for <paramref name="outputs"/> at the given output size.</summary>
    public static CameraTargets Allocate(int width, int height, CameraOutputs outputs)
    {
        int n = width * height;
        return new CameraTargets
        {
            Rgb = (outputs & CameraOutputs.Rgb) != 0 ? new byte[3 * n] : null,
            Rgba = (outputs & CameraOutputs.Rgba) != 0 ? new byte[4 * n] : null,
            Depth = (outputs & CameraOutputs.Depth) != 0 ? new float[n] : null,
            Semantic = (outputs & CameraOutputs.Semantic) != 0 ? new byte[n] : null,
            Instance = (outputs & CameraOutputs.Instance) != 0 ? new int[n] : null,
            Nv12 = (outputs & CameraOutputs.Nv12) != 0 ? new byte[n * 3 / 2] : null,
        };
    }
}
