using SensorModels.Imu;
using SensorModels.Mathematics;
using Xunit.Abstractions;

namespace SensorModels.Tests.Imu;

public class ImuNoiseTests(ITestOutputHelper output)
{
    private const double DegPerSqrtHour = Math.PI / 180 / 60, DegPerHour = Math.PI / 180 / 3600;

    /// <summary>Overlapping Allan variance of a rate record at cluster size m (tau = m dt), from the integrated angle.</summary>
    private static double AllanVariance(double[] angle, int m, double dt)
    {
        int n = angle.Length - 1;
        double sum = 0;
        for (int k = 0; k + 2 * m <= n; k++)
        {
            double d = angle[k + 2 * m] - 2 * angle[k + m] + angle[k];
            sum += d * d;
        }
        double tau = m * dt;
        return sum / (2 * tau * tau * (n - 2 * m + 1));
    }

    /// <summary>Closed-form Allan variance of a first-order Gauss-Markov process (variance s2, time constant t).</summary>
    private static double GaussMarkovAvar(double s2, double t, double tau)
    {
        double x = tau / t;
        return x < 1e-6 ? 2 * s2 * x / 3 : 2 * s2 / (x * x) * (x - 1.5 + 2 * Math.Exp(-x) - 0.5 * Math.Exp(-2 * x));
    }

    [Fact]
    public void AllanDeviationShowsTheAngleRandomWalkAndTheBiasInstabilityFloor()
    {
        // A typical automotive MEMS gyro: ARW 0.2 deg/sqrt(h), bias instability 4 deg/h;
        // 2 h at 100 Hz, white noise and bias instability only, all three axes.
        double n = 0.2 * DegPerSqrtHour, b = 4 * DegPerHour, tc = 1000, dt = 0.01;
        int samples = 720_000;
        var p = TriadNoiseParameters.None with { NoiseDensity = new Vec3(n, n, n), BiasInstability = new Vec3(b, b, b), CorrelationTime = tc };
        var noise = new TriadNoise(p, dt, 0);
        var angle = new double[3][];
        for (int a = 0; a < 3; a++)
        {
            angle[a] = new double[samples + 1];
        }
        for (int k = 0; k < samples; k++)
        {
            Vec3 w = noise.Measure(default, 42, 7, k);
            angle[0][k + 1] = angle[0][k] + w.X * dt;
            angle[1][k + 1] = angle[1][k] + w.Y * dt;
            angle[2][k + 1] = angle[2][k] + w.Z * dt;
        }

        // Expected curve of this model: white N^2 / tau plus the bank of Gauss-Markov processes.
        int processes = TriadNoise.ProcessCount(tc, dt);
        double Expected(double tau)
        {
            double v = n * n / tau;
            for (int j = 0; j < processes; j++)
            {
                v += GaussMarkovAvar(TriadNoise.ProcessVariance * b * b, tc * Math.Pow(10, -0.5 * j), tau);
            }
            return Math.Sqrt(v);
        }

        double Measured(int m) => Math.Sqrt((AllanVariance(angle[0], m, dt) + AllanVariance(angle[1], m, dt) + AllanVariance(angle[2], m, dt)) / 3);

        // tau = 1 s: the angle random walk (N / sqrt(1 s)).
        double at1 = Measured(100);
        output.WriteLine($"ADEV(1 s) = {at1:E4} rad/s, ARW N = {n:E4} rad/s/sqrt(Hz), ratio {at1 / n:F4}; model curve {Expected(1) / n:F4} N");
        Assert.InRange(at1 / n, 0.9, 1.1);

        // The floor: minimum over a log grid of tau up to 1/10 of the record.
        double floorMeasured = double.MaxValue, floorTau = 0, floorExpected = double.MaxValue;
        for (double tau = 0.1; tau <= 720; tau *= Math.Pow(10, 0.1))
        {
            int m = (int)Math.Round(tau / dt);
            double meas = Measured(m), exp = Expected(m * dt);
            output.WriteLine($"tau {m * dt,8:F2} s  ADEV {meas:E4}  model {exp:E4}  ratio {meas / exp:F3}");
            if (meas < floorMeasured)
            {
                floorMeasured = meas;
                floorTau = m * dt;
            }
            floorExpected = Math.Min(floorExpected, exp);
        }
        double flicker = Math.Sqrt(2 * Math.Log(2) / Math.PI) * b;
        output.WriteLine($"floor: measured {floorMeasured:E4} at tau {floorTau:F1} s; model minimum {floorExpected:E4}; 0.664 B = {flicker:E4} rad/s; measured / 0.664 B = {floorMeasured / flicker:F3}");
        Assert.InRange(floorMeasured / floorExpected, 0.8, 1.2);
        Assert.InRange(floorMeasured / flicker, 0.8, 1.2);
    }

    [Fact]
    public void DiscreteWhiteNoiseScalesWithTheSquareRootOfTheRate()
    {
        // sigma_d = N sqrt(rate): 0.01 (m/s^2)/sqrt(Hz) at 400 Hz is 0.2 m/s^2 per sample.
        var p = TriadNoiseParameters.None with { NoiseDensity = new Vec3(0.01, 0.01, 0.01) };
        var noise = new TriadNoise(p, 1.0 / 400, 0);
        double sum = 0;
        const int count = 40_000;
        for (int k = 0; k < count; k++)
        {
            Vec3 e = noise.Measure(default, 1, 2, k);
            sum += e.X * e.X + e.Y * e.Y + e.Z * e.Z;
        }
        Assert.InRange(Math.Sqrt(sum / (3 * count)), 0.2 * 0.98, 0.2 * 1.02);
    }

    [Fact]
    public void ConstantBiasAndScaleFactorApplyPerAxis()
    {
        var p = TriadNoiseParameters.None with { Bias = new Vec3(0.1, -0.2, 0.3), ScaleFactorPpm = new Vec3(1000, 0, -2000) };
        var noise = new TriadNoise(p, 0.01, 0);
        Vec3 m = noise.Measure(new Vec3(10, 10, 10), 1, 2, 0);
        Assert.Equal(10 * 1.001 + 0.1, m.X, 12);
        Assert.Equal(10 - 0.2, m.Y, 12);
        Assert.Equal(10 * 0.998 + 0.3, m.Z, 12);
    }

    [Fact]
    public void BiasRandomWalkGrowsWithTheSquareRootOfTime()
    {
        // K = 1e-3 rad/s/sqrt(s): after 100 s the bias spread is 1e-2 rad/s (over many seeds).
        var p = TriadNoiseParameters.None with { BiasRandomWalk = new Vec3(1e-3, 1e-3, 1e-3) };
        double sum = 0;
        const int runs = 200;
        for (ulong seed = 0; seed < runs; seed++)
        {
            var noise = new TriadNoise(p, 0.1, 0);
            Vec3 m = default;
            for (int k = 0; k <= 1000; k++)
            {
                m = noise.Measure(default, seed, 3, k);
            }
            sum += m.X * m.X + m.Y * m.Y + m.Z * m.Z;
        }
        Assert.InRange(Math.Sqrt(sum / (3 * runs)), 0.01 * 0.9, 0.01 * 1.1);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRecordAndAnotherSeedAnother()
    {
        var p = TriadNoiseParameters.None with
        {
            NoiseDensity = new Vec3(1e-3, 1e-3, 1e-3),
            BiasInstability = new Vec3(1e-4, 1e-4, 1e-4),
            BiasRandomWalk = new Vec3(1e-5, 1e-5, 1e-5),
            TurnOnBias = new Vec3(1e-3, 1e-3, 1e-3),
        };
        Vec3[] Record(ulong seed)
        {
            var noise = new TriadNoise(p, 0.0025, 0);
            return Enumerable.Range(0, 1000).Select(k => noise.Measure(new Vec3(1, 2, 3), seed, 9, k)).ToArray();
        }
        Assert.Equal(Record(5), Record(5));
        Assert.NotEqual(Record(5), Record(6));
    }
}
