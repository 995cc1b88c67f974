namespace SensorModels.Radar;

/// <summary>The radar's statistics: radar equation, Swerling 1 detection, noise, Poisson counts.</summary>
internal static class RadarMath
{
    /// <summary>dB to linear power ratio.</summary>
    public static double FromDb(double db) => Math.Pow(10, db / 10);

    /// <summary>Linear power ratio to dB.</summary>
    public static double ToDb(double linear) => 10 * Math.Log10(linear);

    /// <summary>
    /// Mean SNR (dB) of a point target of <paramref name="rcsDbsm"/> at <paramref name="range"/>:
    /// the radar equation scaled from the reference point, SNR ~ RCS / R^4, less the noise figure.
    /// </summary>
    public static double SnrDb(in RadarParameters p, double rcsDbsm, double range)
        => p.ReferenceSnrDb - p.NoiseFigureDb + (rcsDbsm - p.ReferenceRcsDbsm) - 40 * Math.Log10(range / p.ReferenceRange);

    /// <summary>The RCS (dBsm) that gives <paramref name="snrDb"/> at <paramref name="range"/> (the inverse of <see cref="SnrDb"/>).</summary>
    public static double RcsDbsm(in RadarParameters p, double snrDb, double range)
        => snrDb - p.ReferenceSnrDb + p.NoiseFigureDb + p.ReferenceRcsDbsm + 40 * Math.Log10(range / p.ReferenceRange);

    /// <summary>
    /// Swerling 1 detection probability with a square-law detector and a threshold set for
    /// false-alarm probability <paramref name="pfa"/>: Pd = Pfa^(1 / (1 + SNR)), SNR linear.
    /// </summary>
    public static double DetectionProbability(double snrLinear, double pfa) => Math.Pow(pfa, 1.0 / (1.0 + snrLinear));

    /// <summary>
    /// One Swerling 1 cell: the received power normalised to the noise is exponential with mean
    /// 1 + SNR, drawn by inversion from <paramref name="u"/> in [0, 1). Returns the power; the target
    /// is detected when it exceeds the threshold -ln(Pfa), which happens with probability
    /// <see cref="DetectionProbability"/>.
    /// </summary>
    public static double SwerlingPower(double snrLinear, double u) => -(1.0 + snrLinear) * Math.Log(1.0 - u);

    /// <summary>Detection threshold on the normalised power for a false-alarm probability.</summary>
    public static double Threshold(double pfa) => -Math.Log(pfa);

    /// <summary>
    /// Measurement standard deviation: resolution / sqrt(2 SNR), never below the accuracy floor
    /// (SNR linear).
    /// </summary>
    public static double Sigma(double resolution, double accuracy, double snrLinear)
        => Math.Max(resolution / Math.Sqrt(2 * Math.Max(snrLinear, 1e-9)), accuracy);

    /// <summary>A Poisson count with mean <paramref name="mean"/> by inversion of one uniform.</summary>
    public static int Poisson(double mean, double u)
    {
        if (mean <= 0)
        {
            return 0;
        }
        double p = Math.Exp(-mean), cdf = p;
        int k = 0;
        while (u >= cdf && k < 10_000)
        {
            k++;
            p *= mean / k;
            cdf += p;
            if (p == 0)
            {
                break;
            }
        }
        return k;
    }
}
