namespace SensorModels.Camera;

/// <summary>How a lens bends rays.</summary>
public enum LensModel
{
    /// <summary>An ideal pinhole: no distortion.</summary>
    Pinhole = 0,
    /// <summary>OpenCV's Brown-Conrady model: radial k1, k2, k3 and tangential p1, p2.</summary>
    OpenCv = 1,
    /// <summary>OpenCV's equidistant fisheye model: theta_d = theta (1 + k1 theta^2 + k2 theta^4 + k3 theta^6 + k4 theta^8).</summary>
    Fisheye = 2,
}

/// <summary>
/// A lens distortion model acting on normalised image coordinates of the optical frame (x right,
/// y down, z forward): the undistorted (pinhole) coordinates a = X / Z, b = Y / Z map to the
/// distorted ones (xd, yd), which the intrinsics then turn into pixels (u = fx xd + cx,
/// v = fy yd + cy). Exactly OpenCV's cv::projectPoints and cv::fisheye::projectPoints.
/// <para>
/// A polynomial model is physical only while the distorted radius grows with the undistorted one;
/// beyond the first turning point the same pixel would be reached by two rays. That limit is
/// <see cref="MaxTheta"/> (the angle off the axis, capped at <see cref="ThetaCap"/> because one
/// pinhole render cannot hold rays at 90 degrees or more); rays beyond it are outside the lens's
/// field of view and pixels whose ray would lie beyond it see nothing.
/// </para>
/// </summary>
public sealed class LensDistortion
{
    /// <summary>
    /// Largest angle off the optical axis any lens here may image (85 degrees: a 170-degree field of
    /// view). The lens is applied to one undistorted pinhole render, and a pinhole image of rays
    /// near 90 degrees needs an unbounded image plane.
    /// </summary>
    public const double ThetaCap = 85 * Math.PI / 180;

    /// <summary>Newton iterations stop once the residual (normalised units) is below this.</summary>
    public const double Tolerance = 1e-13;

    private const int MaxIterations = 60;

    /// <summary>Creates a lens.</summary>
    public LensDistortion(LensModel model, double k1 = 0, double k2 = 0, double k3 = 0, double k4 = 0, double p1 = 0, double p2 = 0)
    {
        Model = model;
        K1 = k1;
        K2 = k2;
        K3 = k3;
        K4 = k4;
        P1 = p1;
        P2 = p2;
        MaxTheta = FindMaxTheta();
        MaxUndistortedRadius = Math.Tan(MaxTheta);
        MaxDistortedRadius = Model == LensModel.Fisheye ? FisheyeThetaD(MaxTheta) : RadialScale(MaxUndistortedRadius * MaxUndistortedRadius) * MaxUndistortedRadius;
    }

    /// <summary>No distortion.</summary>
    public static LensDistortion None { get; } = new(LensModel.Pinhole);

    /// <summary>The model.</summary>
    public LensModel Model { get; }

    /// <summary>Radial coefficient k1 (both models).</summary>
    public double K1 { get; }

    /// <summary>Radial coefficient k2 (both models).</summary>
    public double K2 { get; }

    /// <summary>Radial coefficient k3 (both models).</summary>
    public double K3 { get; }

    /// <summary>Fisheye coefficient k4 (fisheye only).</summary>
    public double K4 { get; }

    /// <summary>Tangential coefficient p1 (OpenCV only).</summary>
    public double P1 { get; }

    /// <summary>Tangential coefficient p2 (OpenCV only).</summary>
    public double P2 { get; }

    /// <summary>
    /// Largest angle off the optical axis the lens images (rad): the first turning point of the
    /// radial mapping, or <see cref="ThetaCap"/>.
    /// </summary>
    public double MaxTheta { get; }

    /// <summary>tan(<see cref="MaxTheta"/>): the largest undistorted normalised radius.</summary>
    public double MaxUndistortedRadius { get; }

    /// <summary>
    /// The distorted normalised radius reached at <see cref="MaxTheta"/> on a radial-only lens (the
    /// tangential terms move it a little; <see cref="TryUndistort"/> checks each solution).
    /// </summary>
    public double MaxDistortedRadius { get; }

    /// <summary>
    /// Distorts a ray of the optical frame, given by its direction (any length, Z may be 0 or
    /// negative for a fisheye) into distorted normalised coordinates. False when the ray is outside
    /// the lens's field of view (behind the camera, or beyond <see cref="MaxTheta"/>).
    /// </summary>
    public bool TryDistortRay(double x, double y, double z, out double xd, out double yd)
    {
        double rxy = Math.Sqrt(x * x + y * y);
        double theta = Math.Atan2(rxy, z);
        if (!(theta <= MaxTheta))
        {
            xd = yd = double.NaN;
            return false;
        }
        if (Model == LensModel.Fisheye)
        {
            // Equidistant model on the angle itself (works up to and beyond 90 degrees).
            if (rxy == 0)
            {
                xd = yd = 0;
                return true;
            }
            double s = FisheyeThetaD(theta) / rxy;
            xd = x * s;
            yd = y * s;
            return true;
        }
        (xd, yd) = Distort(x / z, y / z);
        return true;
    }

    /// <summary>
    /// Undistorted normalised coordinates (a = X / Z, b = Y / Z) to distorted ones, with no check of
    /// the field of view (the models' polynomials as OpenCV evaluates them).
    /// </summary>
    public (double Xd, double Yd) Distort(double a, double b)
    {
        switch (Model)
        {
            case LensModel.OpenCv:
            {
                double r2 = a * a + b * b;
                double radial = RadialScale(r2);
                return (a * radial + 2 * P1 * a * b + P2 * (r2 + 2 * a * a),
                        b * radial + P1 * (r2 + 2 * b * b) + 2 * P2 * a * b);
            }
            case LensModel.Fisheye:
            {
                double r = Math.Sqrt(a * a + b * b);
                if (r == 0)
                {
                    return (0, 0);
                }
                double s = FisheyeThetaD(Math.Atan(r)) / r;
                return (a * s, b * s);
            }
            default:
                return (a, b);
        }
    }

    /// <summary>
    /// Inverts <see cref="Distort"/>: the undistorted normalised coordinates whose image is (xd, yd),
    /// by Newton iterations to a residual below <see cref="Tolerance"/>, on the physical branch (the
    /// ray within <see cref="MaxTheta"/>). False when no ray of the lens's field of view lands there.
    /// </summary>
    public bool TryUndistort(double xd, double yd, out double a, out double b)
    {
        switch (Model)
        {
            case LensModel.OpenCv:
                return UndistortOpenCv(xd, yd, out a, out b);
            case LensModel.Fisheye:
                return UndistortFisheye(xd, yd, out a, out b);
            default:
                a = xd;
                b = yd;
                return Math.Sqrt(a * a + b * b) <= MaxUndistortedRadius;
        }
    }

    /// <summary>1 + k1 r^2 + k2 r^4 + k3 r^6 (OpenCV radial factor).</summary>
    private double RadialScale(double r2) => 1 + r2 * (K1 + r2 * (K2 + r2 * K3));

    /// <summary>theta (1 + k1 theta^2 + k2 theta^4 + k3 theta^6 + k4 theta^8).</summary>
    private double FisheyeThetaD(double theta)
    {
        double t2 = theta * theta;
        return theta * (1 + t2 * (K1 + t2 * (K2 + t2 * (K3 + t2 * K4))));
    }

    /// <summary>d theta_d / d theta.</summary>
    private double FisheyeSlope(double theta)
    {
        double t2 = theta * theta;
        return 1 + t2 * (3 * K1 + t2 * (5 * K2 + t2 * (7 * K3 + t2 * 9 * K4)));
    }

    /// <summary>d(r L(r^2)) / dr for the OpenCV radial part.</summary>
    private double RadialSlope(double r)
    {
        double r2 = r * r;
        return 1 + r2 * (3 * K1 + r2 * (5 * K2 + r2 * 7 * K3));
    }

    /// <summary>The first angle where the radial mapping stops growing, or the cap.</summary>
    private double FindMaxTheta()
    {
        if (Model == LensModel.Pinhole)
        {
            return ThetaCap;
        }
        Func<double, double> slope = Model == LensModel.Fisheye ? FisheyeSlope : t => RadialSlope(Math.Tan(t));
        // Scan in 0.05-degree steps for the first sign change of the slope, then bisect it: the
        // slope is a polynomial, smooth enough that a finer scan finds nothing new.
        const int steps = 1700;
        double prev = 0;
        for (int i = 1; i <= steps; i++)
        {
            double t = ThetaCap * i / steps;
            if (slope(t) <= 0)
            {
                double lo = prev, hi = t;
                for (int k = 0; k < 100; k++)
                {
                    double mid = 0.5 * (lo + hi);
                    if (slope(mid) > 0)
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid;
                    }
                }
                // Strictly inside the turning point: there the inverse is still well conditioned.
                return lo * (1 - 1e-9);
            }
            prev = t;
        }
        return ThetaCap;
    }

    private bool UndistortFisheye(double xd, double yd, out double a, out double b)
    {
        double thetaD = Math.Sqrt(xd * xd + yd * yd);
        a = b = double.NaN;
        if (thetaD == 0)
        {
            a = b = 0;
            return true;
        }
        if (thetaD > MaxDistortedRadius)
        {
            return false;
        }
        // theta_d(theta) increases on [0, MaxTheta]: Newton from theta_d, kept inside a bisection bracket.
        double theta = SolveMonotone(fisheye: true, thetaD, MaxTheta);
        double s = Math.Tan(theta) / thetaD;
        a = xd * s;
        b = yd * s;
        return true;
    }

    private bool UndistortOpenCv(double xd, double yd, out double a, out double b)
    {
        a = b = double.NaN;
        double rd = Math.Sqrt(xd * xd + yd * yd);
        // Start on the radial-only solution: the tangential terms are small corrections, and from
        // there Newton converges quadratically on the physical branch.
        double r0 = SolveMonotone(fisheye: false, Math.Min(rd, MaxDistortedRadius), MaxUndistortedRadius);
        double x = rd > 0 ? xd * r0 / rd : 0, y = rd > 0 ? yd * r0 / rd : 0;
        bool converged = false;
        double tol = Tolerance * Math.Max(1, rd);
        for (int i = 0; i < MaxIterations; i++)
        {
            double r2 = x * x + y * y;
            double l = RadialScale(r2);
            double dl = K1 + r2 * (2 * K2 + r2 * 3 * K3);
            double fx = x * l + 2 * P1 * x * y + P2 * (r2 + 2 * x * x) - xd;
            double fy = y * l + P1 * (r2 + 2 * y * y) + 2 * P2 * x * y - yd;
            // Relative to the radius: far off axis the polynomial's values are large and their
            // last bits are not significant.
            if (Math.Abs(fx) < tol && Math.Abs(fy) < tol)
            {
                converged = true;
                break;
            }
            double jxx = l + 2 * x * x * dl + 2 * P1 * y + 6 * P2 * x;
            double jxy = 2 * x * y * dl + 2 * P1 * x + 2 * P2 * y;
            double jyx = jxy;
            double jyy = l + 2 * y * y * dl + 6 * P1 * y + 2 * P2 * x;
            double det = jxx * jyy - jxy * jyx;
            if (!(Math.Abs(det) > 1e-300))
            {
                break;
            }
            x -= (jyy * fx - jxy * fy) / det;
            y -= (jxx * fy - jyx * fx) / det;
        }
        if (!converged || !(Math.Sqrt(x * x + y * y) <= MaxUndistortedRadius))
        {
            return false;
        }
        a = x;
        b = y;
        return true;
    }

    /// <summary>
    /// Solves f(t) = target for t in [0, max], f the fisheye's theta_d(theta) or the OpenCV radial
    /// r L(r^2), both increasing from f(0) = 0 there: Newton kept inside a shrinking bisection bracket.
    /// </summary>
    private double SolveMonotone(bool fisheye, double target, double max)
    {
        double lo = 0, hi = max, t = Math.Min(target, max);
        for (int i = 0; i < 200; i++)
        {
            double r = (fisheye ? FisheyeThetaD(t) : t * RadialScale(t * t)) - target;
            if (Math.Abs(r) < Tolerance * 1e-2 * Math.Max(1, target))
            {
                return t;
            }
            if (r > 0)
            {
                hi = t;
            }
            else
            {
                lo = t;
            }
            double s = fisheye ? FisheyeSlope(t) : RadialSlope(t);
            double next = s > 0 ? t - r / s : double.NaN;
            // Outside the bracket (or a flat slope): bisect instead.
            t = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (hi - lo < 1e-16 * Math.Max(1, hi))
            {
                break;
            }
        }
        return t;
    }
}
