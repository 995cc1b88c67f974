using SimCore.Randomness;

namespace SensorModels.Camera;

/// <summary>
/// What the sensor does to rendered pixels: exposure gain on linear light (a 256-entry table over
/// the sRGB bytes, built once), then Gaussian read noise in 8-bit digital numbers, deterministic:
/// pixel p of output n draws from CounterRandom.Bits(seed, stream, n, p), whose 64 bits give three
/// 16-bit uniforms (R, G, B) mapped through a 65536-entry inverse normal table (tails to 4.3 sigma).
/// Also the BT.709 limited-range NV12 conversion for a processed image.
/// </summary>
internal sealed class ImagePipeline
{
    private static readonly Lazy<float[]> InverseNormal = new(BuildInverseNormal);
    private readonly byte[] _gainTable = new byte[256];

    /// <summary>Creates the pipeline for a gain (factor on linear light) and a noise level (DN).</summary>
    public ImagePipeline(double gain, double noiseStddev)
    {
        Gain = gain;
        NoiseStddev = noiseStddev;
        for (int v = 0; v < 256; v++)
        {
            double linear = SrgbToLinear(v / 255.0) * gain;
            _gainTable[v] = (byte)Math.Round(255 * LinearToSrgb(Math.Min(1, linear)));
        }
    }

    /// <summary>Exposure gain.</summary>
    public double Gain { get; }

    /// <summary>Noise standard deviation (8-bit DN).</summary>
    public double NoiseStddev { get; }

    /// <summary>True when the pipeline changes pixels.</summary>
    public bool Active => Gain != 1 || NoiseStddev > 0;

    /// <summary>Applies gain and noise to RGB bytes in place.</summary>
    public void Apply(Span<byte> rgb, ulong seed, ulong stream, ulong sequence)
    {
        if (Gain != 1)
        {
            for (int i = 0; i < rgb.Length; i++)
            {
                rgb[i] = _gainTable[rgb[i]];
            }
        }
        if (NoiseStddev <= 0)
        {
            return;
        }
        float[] table = InverseNormal.Value;
        float sigma = (float)NoiseStddev;
        int pixels = rgb.Length / 3;
        for (int p = 0; p < pixels; p++)
        {
            ulong bits = CounterRandom.Bits(seed, stream, sequence, (ulong)p);
            int o = 3 * p;
            rgb[o] = Noisy(rgb[o], sigma * table[(int)(bits & 0xFFFF)]);
            rgb[o + 1] = Noisy(rgb[o + 1], sigma * table[(int)((bits >> 16) & 0xFFFF)]);
            rgb[o + 2] = Noisy(rgb[o + 2], sigma * table[(int)((bits >> 32) & 0xFFFF)]);
        }
    }

    /// <summary>
    /// RGB (sRGB bytes) to NV12, BT.709 limited range: Y = 16 + 219 Y', Cb/Cr = 128 + 224 (B'/R' - Y') / (1.8556 / 1.5748),
    /// chroma averaged over 2 x 2 pixels. Width must be even and height even.
    /// </summary>
    public static void RgbToNv12(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> nv12)
    {
        for (int p = 0; p < width * height; p++)
        {
            double y = 0.2126 * rgb[3 * p] + 0.7152 * rgb[3 * p + 1] + 0.0722 * rgb[3 * p + 2];
            nv12[p] = (byte)Math.Round(16 + 219 * y / 255);
        }
        Span<byte> uv = nv12[(width * height)..];
        for (int j = 0; j < height / 2; j++)
        {
            for (int i = 0; i < width / 2; i++)
            {
                double r = 0, g = 0, b = 0;
                for (int dj = 0; dj < 2; dj++)
                {
                    for (int di = 0; di < 2; di++)
                    {
                        int p = 3 * ((2 * j + dj) * width + 2 * i + di);
                        r += rgb[p];
                        g += rgb[p + 1];
                        b += rgb[p + 2];
                    }
                }
                (r, g, b) = (r / 4 / 255, g / 4 / 255, b / 4 / 255);
                double yy = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                uv[j * width + 2 * i] = (byte)Math.Clamp(Math.Round(128 + 224 * (b - yy) / 1.8556), 0, 255);
                uv[j * width + 2 * i + 1] = (byte)Math.Clamp(Math.Round(128 + 224 * (r - yy) / 1.5748), 0, 255);
            }
        }
    }

    private static byte Noisy(byte v, float n) => (byte)Math.Clamp((int)MathF.Round(v + n), 0, 255);

    private static double SrgbToLinear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    private static double LinearToSrgb(double c) => c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055;

    /// <summary>Inverse standard normal CDF at (k + 0.5) / 65536 (Acklam's rational approximation, relative error 1.2e-9).</summary>
    private static float[] BuildInverseNormal()
    {
        var t = new float[65536];
        for (int k = 0; k < t.Length; k++)
        {
            t[k] = (float)InverseNormalCdf((k + 0.5) / t.Length);
        }
        return t;
    }

    internal static double InverseNormalCdf(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
