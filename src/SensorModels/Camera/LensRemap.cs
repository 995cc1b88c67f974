namespace SensorModels.Camera;

/// <summary>
/// How a distorted camera image is made from an undistorted pinhole render: the render's
/// intrinsics (chosen so that every ray the lens images lands inside it, sampled at least as
/// densely as the output samples it) and, for each output pixel, the source coordinate in that
/// render (pixel centres at integers; NaN where the lens images nothing). Built once per camera;
/// the renderer applies it on the GPU.
/// </summary>
internal sealed class LensRemap
{
    /// <summary>Largest render width or height (pixels): every Vulkan device supports 4096, the ones we target 16384.</summary>
    public const int DefaultMaxRenderSize = 8192;

    /// <summary>Render pixels of margin around the lens's field, so bilinear sampling at the edge stays inside.</summary>
    public const int Margin = 2;

    private LensRemap(CameraIntrinsics render, float[] sourceX, float[] sourceY, int width, int height, double density)
    {
        Render = render;
        SourceX = sourceX;
        SourceY = sourceY;
        Width = width;
        Height = height;
        Density = density;
    }

    /// <summary>Intrinsics (and size) of the undistorted pinhole render.</summary>
    public CameraIntrinsics Render { get; }

    /// <summary>Output width (pixels).</summary>
    public int Width { get; }

    /// <summary>Output height (pixels).</summary>
    public int Height { get; }

    /// <summary>Per output pixel (row-major), the render's u at its ray; NaN: nothing imaged.</summary>
    public float[] SourceX { get; }

    /// <summary>Per output pixel (row-major), the render's v at its ray; NaN: nothing imaged.</summary>
    public float[] SourceY { get; }

    /// <summary>
    /// Render pixels per output pixel where the output samples the render most densely (1 or more
    /// unless <see cref="DefaultMaxRenderSize"/> capped the render; then less, and the image blurs).
    /// </summary>
    public double Density { get; }

    /// <summary>
    /// Builds the remap of <paramref name="camera"/>: undistorts every output pixel, sizes the render
    /// to hold every ray with <see cref="Margin"/> pixels to spare, with focal lengths
    /// <paramref name="renderScale"/> times those at which no output pixel step is smaller than one
    /// render pixel (capped at <paramref name="maxRenderSize"/> pixels a side).
    /// </summary>
    public static LensRemap Build(CameraModel camera, double renderScale = 1.0, int maxRenderSize = DefaultMaxRenderSize)
    {
        CameraIntrinsics k = camera.Intrinsics;
        int w = k.Width, h = k.Height;
        var a = new double[w * h];
        var b = new double[w * h];
        // Setup only: rows are independent and each writes its own slots, so the result does not
        // depend on scheduling.
        Parallel.For(0, h, j =>
        {
            for (int i = 0; i < w; i++)
            {
                int p = j * w + i;
                if (!camera.TryUnproject(i, j, out a[p], out b[p]))
                {
                    a[p] = b[p] = double.NaN;
                }
            }
        });
        double minA = double.MaxValue, maxA = double.MinValue, minB = double.MaxValue, maxB = double.MinValue;
        // Smallest step in undistorted coordinates between neighbouring output pixels, in units of
        // the output's own pinhole step (1 / fx, 1 / fy): below 1 where the lens magnifies.
        double minStep = double.MaxValue;
        for (int j = 0; j < h; j++)
        {
            for (int i = 0; i < w; i++)
            {
                int p = j * w + i;
                if (double.IsNaN(a[p]))
                {
                    continue;
                }
                minA = Math.Min(minA, a[p]);
                maxA = Math.Max(maxA, a[p]);
                minB = Math.Min(minB, b[p]);
                maxB = Math.Max(maxB, b[p]);
                if (i + 1 < w && !double.IsNaN(a[p + 1]))
                {
                    minStep = Math.Min(minStep, Math.Abs(a[p + 1] - a[p]) * k.Fx);
                }
                if (j + 1 < h && !double.IsNaN(b[p + w]))
                {
                    minStep = Math.Min(minStep, Math.Abs(b[p + w] - b[p]) * k.Fy);
                }
            }
        }
        if (minA > maxA)
        {
            throw new ArgumentException("the lens images nothing within the image");
        }
        double scale = renderScale / Math.Max(minStep, 1e-6);
        if (minStep == double.MaxValue)
        {
            scale = renderScale;
        }
        // Round the span to whole pixels plus margins; shrink the scale if the render would be too large.
        double spanU = (maxA - minA) * k.Fx, spanV = (maxB - minB) * k.Fy;
        double limit = maxRenderSize - 1 - 2 * Margin - 1;
        scale = Math.Min(scale, Math.Min(limit / Math.Max(spanU, 1e-9), limit / Math.Max(spanV, 1e-9)));
        double fx = k.Fx * scale, fy = k.Fy * scale;
        int rw = (int)Math.Ceiling((maxA - minA) * fx) + 1 + 2 * Margin;
        int rh = (int)Math.Ceiling((maxB - minB) * fy) + 1 + 2 * Margin;
        var render = new CameraIntrinsics(rw, rh, fx, fy, Margin - minA * fx, Margin - minB * fy);
        var sx = new float[w * h];
        var sy = new float[w * h];
        for (int p = 0; p < sx.Length; p++)
        {
            sx[p] = double.IsNaN(a[p]) ? float.NaN : (float)(render.Fx * a[p] + render.Cx);
            sy[p] = double.IsNaN(b[p]) ? float.NaN : (float)(render.Fy * b[p] + render.Cy);
        }
        return new LensRemap(render, sx, sy, w, h, scale * minStep);
    }
}
