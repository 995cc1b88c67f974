namespace SensorModels.Camera;

/// <summary>
/// Pinhole intrinsics of an image, OpenCV conventions: the optical frame has x right, y down and
/// z along the optical axis; a point (X, Y, Z) lands at u = fx X / Z + cx, v = fy Y / Z + cy, where
/// pixel (i, j) has its centre at u = i, v = j (the image spans [-0.5, width - 0.5] x
/// [-0.5, height - 0.5]).
/// </summary>
/// <param name="Width">Image width (pixels).</param>
/// <param name="Height">Image height (pixels).</param>
/// <param name="Fx">Focal length along u (pixels).</param>
/// <param name="Fy">Focal length along v (pixels).</param>
/// <param name="Cx">Principal point u (pixels).</param>
/// <param name="Cy">Principal point v (pixels).</param>
public readonly record struct CameraIntrinsics(int Width, int Height, double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>
    /// Square pixels, principal point at the image centre ((w - 1) / 2, (h - 1) / 2 with centres at
    /// integers), and fx such that the image's width spans <paramref name="horizontalFov"/> (rad)
    /// for a pinhole: fx = (w / 2) / tan(fov / 2).
    /// </summary>
    public static CameraIntrinsics FromHorizontalFov(int width, int height, double horizontalFov)
    {
        double f = width / 2.0 / Math.Tan(horizontalFov / 2);
        return new CameraIntrinsics(width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /// <summary>
    /// As <see cref="FromHorizontalFov"/> for an equidistant fisheye (r = f theta): the half-width
    /// is reached at theta = fov / 2, so f = (w / 2) / (fov / 2).
    /// </summary>
    public static CameraIntrinsics FromHorizontalFovEquidistant(int width, int height, double horizontalFov)
    {
        double f = width / 2.0 / (horizontalFov / 2);
        return new CameraIntrinsics(width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0);
    }

    /// <summary>Pixel count.</summary>
    public int PixelCount => Width * Height;
}
