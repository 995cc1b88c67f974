using SensorModels.Mathematics;
using SimCore.Randomness;

namespace SensorModels.Imu;

/// <summary>
/// Error parameters of one sensor triad (three gyros or three accelerometers), per axis, in SI
/// units of the measured quantity q (rad/s for gyros, m/s^2 for accelerometers).
/// </summary>
/// <param name="NoiseDensity">White noise density (q/sqrt(Hz)): angle or velocity random walk.</param>
/// <param name="BiasInstability">Bias instability B (q): the flicker floor of the Allan deviation is 0.664 B.</param>
/// <param name="CorrelationTime">Longest correlation time T of the flicker model (s): the Allan floor is flat (within 1 %) up to about T/30 and falls to 0.96 of it at T/3.</param>
/// <param name="BiasRandomWalk">Bias (rate) random walk density (q*sqrt(Hz)/s, i.e. q/sqrt(s)).</param>
/// <param name="Bias">Constant bias (q).</param>
/// <param name="TurnOnBias">1-sigma of a bias drawn once per run from the seed (q).</param>
/// <param name="ScaleFactorPpm">Scale factor error (parts per million).</param>
internal sealed record TriadNoiseParameters(Vec3 NoiseDensity, Vec3 BiasInstability, double CorrelationTime, Vec3 BiasRandomWalk, Vec3 Bias, Vec3 TurnOnBias, Vec3 ScaleFactorPpm)
{
    /// <summary>No errors at all.</summary>
    public static TriadNoiseParameters None { get; } = new(default, default, 1000, default, default, default, default);
}

/// <summary>
/// The stateful error model of a triad: white noise, bias instability as a bank of first-order
/// Gauss-Markov processes that together approximate flicker (1/f) noise, bias random walk,
/// constant and turn-on bias, scale factor. Every random number is counter-based (seed, stream,
/// sample sequence, channel) and the processes advance once per sample in sequence order, so a
/// run's measurements are reproducible bit for bit.
/// </summary>
internal sealed class TriadNoise
{
    /// <summary>
    /// Most Gauss-Markov processes per axis: correlation times T, T/sqrt(10), T/10, ... down to
    /// the sample interval, which 24 covers for T/dt up to 10^11.5.
    /// </summary>
    public const int MaxProcesses = 24;

    /// <summary>
    /// Variance of each process in units of B^2. Lorentzian spectra 2 s^2 T / (1 + (2 pi f T)^2)
    /// spaced by a ratio r in T sum to S(f) = s^2 / (2 f ln r); flicker noise of bias instability B
    /// is S(f) = B^2 / (2 pi f), whose Allan deviation is sqrt(2 ln 2 / pi) B = 0.664 B. Hence
    /// s^2 = B^2 ln(r) / pi with r = sqrt(10). The closed-form Allan deviation of the bank stays
    /// within 1 % of 0.664 B from about 30 times the shortest correlation time to T/30, and falls
    /// to 0.96 of it at T/3 (docs/sensors/imu-gnss.md).
    /// </summary>
    public static readonly double ProcessVariance = Math.Log(10) / (2 * Math.PI);

    /// <summary>Number of processes for a longest correlation time and sample interval: all with T_j &gt;= dt.</summary>
    public static int ProcessCount(double correlationTime, double dt)
        => Math.Clamp((int)Math.Floor(2 * Math.Log10(correlationTime / dt)) + 1, 1, MaxProcesses);

    /// <summary>Channels per axis in the random index space (white, processes, walk, turn-on).</summary>
    private const int ChannelsPerAxis = 32;

    private readonly TriadNoiseParameters _p;
    private readonly double _dt;
    private readonly ulong _firstChannel;
    private readonly int _processes;
    private readonly double[] _phi;
    private readonly double[] _drive;
    private readonly double[] _sigma;
    private readonly double[] _state;
    private readonly double[] _walk = new double[3];
    private readonly double[] _offset = new double[3];
    private readonly double[] _white = new double[3];
    private readonly double[] _walkStep = new double[3];
    private long _next = -1;

    /// <summary>Creates the model for samples every <paramref name="dt"/> seconds.</summary>
    /// <param name="parameters">Error parameters.</param>
    /// <param name="dt">Sample interval (s).</param>
    /// <param name="firstChannel">Start of this triad's random channels (gyros and accelerometers of one IMU must not overlap: 96 per triad).</param>
    public TriadNoise(TriadNoiseParameters parameters, double dt, ulong firstChannel)
    {
        _p = parameters;
        _dt = dt;
        _firstChannel = firstChannel;
        _processes = ProcessCount(parameters.CorrelationTime, dt);
        _phi = new double[_processes];
        _drive = new double[3 * _processes];
        _sigma = new double[3 * _processes];
        _state = new double[3 * _processes];
        for (int j = 0; j < _processes; j++)
        {
            double tau = parameters.CorrelationTime * Math.Pow(10, -0.5 * j);
            _phi[j] = Math.Exp(-dt / tau);
        }
        for (int a = 0; a < 3; a++)
        {
            double b = Component(parameters.BiasInstability, a);
            // Discrete white noise of density N sampled at 1/dt: sigma_d = N sqrt(1/dt).
            _white[a] = Component(parameters.NoiseDensity, a) / Math.Sqrt(dt);
            _walkStep[a] = Component(parameters.BiasRandomWalk, a) * Math.Sqrt(dt);
            for (int j = 0; j < _processes; j++)
            {
                double sigma = b * Math.Sqrt(ProcessVariance);
                _sigma[a * _processes + j] = sigma;
                // Exact discretisation of a first-order Gauss-Markov process: stationary
                // variance stays sigma^2 whatever dt.
                _drive[a * _processes + j] = sigma * Math.Sqrt(1 - _phi[j] * _phi[j]);
            }
        }
    }

    /// <summary>
    /// The measurement of <paramref name="truth"/> for sample <paramref name="sequence"/>. Call with
    /// 0, 1, 2, ... in order: the bias processes advance one step per call.
    /// </summary>
    public Vec3 Measure(Vec3 truth, ulong seed, ulong stream, long sequence)
    {
        if (_next < 0)
        {
            Start(seed, stream);
        }
        else
        {
            Advance(seed, stream, (ulong)sequence);
        }
        _next = sequence + 1;
        return new Vec3(Axis(0, truth.X, seed, stream, sequence), Axis(1, truth.Y, seed, stream, sequence), Axis(2, truth.Z, seed, stream, sequence));
    }

    private void Start(ulong seed, ulong stream)
    {
        // Initial states from their stationary distributions, and the turn-on bias, all drawn at a
        // counter no sample uses, so a run starts statistically "warm" rather than at zero bias.
        const ulong init = ulong.MaxValue;
        for (int a = 0; a < 3; a++)
        {
            for (int j = 0; j < _processes; j++)
            {
                _state[a * _processes + j] = _sigma[a * _processes + j] * CounterRandom.Gaussian(seed, stream, init, Channel(a, 1 + j));
            }
            _walk[a] = 0;
            _offset[a] = Component(_p.Bias, a) + Component(_p.TurnOnBias, a) * CounterRandom.Gaussian(seed, stream, init, Channel(a, 31));
        }
    }

    private void Advance(ulong seed, ulong stream, ulong counter)
    {
        for (int a = 0; a < 3; a++)
        {
            for (int j = 0; j < _processes; j++)
            {
                int k = a * _processes + j;
                if (_drive[k] != 0)
                {
                    _state[k] = _phi[j] * _state[k] + _drive[k] * CounterRandom.Gaussian(seed, stream, counter, Channel(a, 1 + j));
                }
            }
            if (_walkStep[a] != 0)
            {
                _walk[a] += _walkStep[a] * CounterRandom.Gaussian(seed, stream, counter, Channel(a, 30));
            }
        }
    }

    private double Axis(int a, double truth, ulong seed, ulong stream, long sequence)
    {
        double bias = _offset[a] + _walk[a];
        for (int j = 0; j < _processes; j++)
        {
            bias += _state[a * _processes + j];
        }
        double white = _white[a] != 0 ? _white[a] * CounterRandom.Gaussian(seed, stream, (ulong)sequence, Channel(a, 0)) : 0;
        return (1 + Component(_p.ScaleFactorPpm, a) * 1e-6) * truth + bias + white;
    }

    private ulong Channel(int axis, int component) => _firstChannel + (ulong)(axis * ChannelsPerAxis + component);

    private static double Component(Vec3 v, int axis) => axis switch { 0 => v.X, 1 => v.Y, _ => v.Z };

    /// <summary>Sample interval (s).</summary>
    public double Dt => _dt;
}
