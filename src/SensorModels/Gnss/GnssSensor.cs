using System.Buffers.Binary;
using SensorModels.Imu;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Randomness;
using SimCore.Timing;

namespace SensorModels.Gnss;

/// <summary>Error parameters of a GNSS receiver (1-sigma values, SI units).</summary>
/// <param name="HorizontalNoise">White position noise per horizontal axis (m).</param>
/// <param name="VerticalNoise">White position noise, up (m).</param>
/// <param name="HorizontalBias">Stationary 1-sigma of the slowly varying position error per horizontal axis (m).</param>
/// <param name="VerticalBias">Same, up (m).</param>
/// <param name="BiasTimeConstant">Correlation time of that error (s): a first-order Gauss-Markov process.</param>
/// <param name="VelocityNoise">White velocity noise per horizontal axis (m/s).</param>
/// <param name="VerticalVelocityNoise">White velocity noise, up (m/s).</param>
/// <param name="LatencySeconds">Age of the solution when it is output (s).</param>
internal sealed record GnssNoiseParameters(double HorizontalNoise, double VerticalNoise, double HorizontalBias, double VerticalBias,
    double BiasTimeConstant, double VelocityNoise, double VerticalVelocityNoise, double LatencySeconds)
{
    /// <summary>A perfect receiver.</summary>
    public static GnssNoiseParameters None { get; } = new(0, 0, 0, 0, 60, 0, 0, 0);
}

/// <summary>
/// A GNSS receiver's antenna on the ego: geodetic position (WGS-84) and velocity (local east,
/// north, up) of the mounting point, with white noise, a slowly varying bias and latency.
/// Payload "gnss.v1" (docs/sensors/imu-gnss.md).
/// </summary>
internal sealed class GnssSensor : Sensor
{
    /// <summary>Bytes of one "gnss.v1" payload.</summary>
    public const int PayloadBytes = GnssSolution.Bytes;

    /// <summary>Fix type written with a solution.</summary>
    public const int Fix3D = GnssSolution.Fix3D;

    private readonly GnssNoiseParameters _p;
    private readonly GeoOrigin? _configured;
    private readonly double? _cgX;
    private readonly double _phi, _driveH, _driveV;
    private readonly double[] _bias = new double[3];
    private GeoOrigin? _origin;
    private EnuFrame? _frame;
    private bool _started;

    /// <summary>Creates the receiver.</summary>
    /// <param name="definition">Rig entry.</param>
    /// <param name="noise">Errors.</param>
    /// <param name="origin">Origin from the rig, or null to take the road network's geoReference.</param>
    /// <param name="cgX">Centre of gravity ahead of the rear axle (m), or null for the snapshot's box centre.</param>
    public GnssSensor(SensorDefinition definition, GnssNoiseParameters noise, GeoOrigin? origin, double? cgX) : base(definition)
    {
        _p = noise;
        _configured = origin;
        _cgX = cgX;
        double dt = definition.PeriodNanoseconds * 1e-9;
        _phi = Math.Exp(-dt / noise.BiasTimeConstant);
        _driveH = noise.HorizontalBias * Math.Sqrt(1 - _phi * _phi);
        _driveV = noise.VerticalBias * Math.Sqrt(1 - _phi * _phi);
    }

    /// <inheritdoc />
    public override string Format => "gnss.v1";

    /// <summary>The solution refers to the start of the window: output time minus latency.</summary>
    public override double AcquisitionSeconds => _p.LatencySeconds;

    /// <inheritdoc />
    public override string? CalibrationJson => SensorCalibration.Json("gnss", w =>
    {
        if (_origin is { } o)
        {
            // enu = Rz(heading) * world + translation: the tangent plane at the origin (east, north, up).
            w.WriteNumber("origin_latitude_deg", o.LatitudeDeg);
            w.WriteNumber("origin_longitude_deg", o.LongitudeDeg);
            w.WriteNumber("origin_altitude_m", o.Altitude);
            w.WriteNumber("world_to_enu_heading_rad", o.Offset?.Heading ?? 0);
            Vec3 t = o.WorldToEnu(default);
            SensorCalibration.Triple(w, "world_to_enu_translation_m", t);
        }
        w.WriteNumber("latency_s", _p.LatencySeconds);
        w.WriteNumber("horizontal_noise_m", _p.HorizontalNoise);
        w.WriteNumber("vertical_noise_m", _p.VerticalNoise);
        w.WriteNumber("horizontal_bias_m", _p.HorizontalBias);
        w.WriteNumber("vertical_bias_m", _p.VerticalBias);
        w.WriteNumber("bias_time_constant_s", _p.BiasTimeConstant);
        w.WriteNumber("velocity_noise_mps", _p.VelocityNoise);
        w.WriteNumber("vertical_velocity_noise_mps", _p.VerticalVelocityNoise);
    });

    /// <summary>UDP port of its NMEA sentences (rig key <c>wire</c>), or null when it sends none.</summary>
    public int? NmeaPort { get; init; }

    /// <summary>The last solution written.</summary>
    public GnssSolution Last { get; private set; }

    /// <inheritdoc />
    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        EnuFrame plane = Plane(world);
        GnssSolution sol;
        if (world.EgoIndex < 0)
        {
            sol = new GnssSolution(double.NaN, double.NaN, double.NaN, default, double.NaN, double.NaN, 0);
        }
        else
        {
            // The solution is valid at the start of the window. Inside the step the interpolated
            // state is exact; earlier (latency longer than the step) the antenna is carried back
            // at its velocity from the step's start, an error of a t^2 / 2 (1.5 cm for 3 m/s^2, 0.1 s).
            long valid = frame.StartNanoseconds, from = Math.Max(valid, world.PreviousTime.Nanoseconds);
            BodyMotion m = BodyMotion.OfEntity(world, world.EgoIndex, new SimTime(from), _cgX);
            Vec3 mount = Definition.Mount.Position;
            Vec3 position = m.Pose.TransformPoint(mount);
            Vec3 velocity = m.Pose.Rotate(m.VelocityAt(mount));
            position -= velocity * ((from - valid) * 1e-9);
            Vec3 enu = _origin!.WorldToEnu(position);
            Vec3 venu = _origin.Direction(velocity);
            ulong seed = world.Seed, counter = (ulong)frame.Sequence;
            AdvanceBias(seed, counter);
            enu += new Vec3(
                _bias[0] + _p.HorizontalNoise * Gauss(seed, counter, 0),
                _bias[1] + _p.HorizontalNoise * Gauss(seed, counter, 1),
                _bias[2] + _p.VerticalNoise * Gauss(seed, counter, 2));
            (double lat, double lon, double h) = plane.ToGeodetic(enu);
            // Velocity in the east-north-up axes at the antenna, not at the plane's origin.
            Vec3 v = plane.ToLocalAxes(venu, lat, lon) + new Vec3(
                _p.VelocityNoise * Gauss(seed, counter, 6),
                _p.VelocityNoise * Gauss(seed, counter, 7),
                _p.VerticalVelocityNoise * Gauss(seed, counter, 8));
            double hAcc = Math.Sqrt(_p.HorizontalNoise * _p.HorizontalNoise + _p.HorizontalBias * _p.HorizontalBias);
            double vAcc = Math.Sqrt(_p.VerticalNoise * _p.VerticalNoise + _p.VerticalBias * _p.VerticalBias);
            sol = new GnssSolution(lat * (180 / Math.PI), lon * (180 / Math.PI), h, v, hAcc, vAcc, Fix3D);
        }
        Last = sol;
        Span<byte> payload = stackalloc byte[PayloadBytes];
        sol.Write(payload);
        sink.Write(frame, payload);
    }

    private double Gauss(ulong seed, ulong counter, ulong index) => CounterRandom.Gaussian(seed, Stream, counter, index);

    /// <summary>The Gauss-Markov position error, one exact step per solution in sequence order.</summary>
    private void AdvanceBias(ulong seed, ulong counter)
    {
        if (!_started)
        {
            // Drawn from the stationary distribution at a counter no solution uses.
            _bias[0] = _p.HorizontalBias * Gauss(seed, ulong.MaxValue, 3);
            _bias[1] = _p.HorizontalBias * Gauss(seed, ulong.MaxValue, 4);
            _bias[2] = _p.VerticalBias * Gauss(seed, ulong.MaxValue, 5);
            _started = true;
            return;
        }
        _bias[0] = _phi * _bias[0] + _driveH * Gauss(seed, counter, 3);
        _bias[1] = _phi * _bias[1] + _driveH * Gauss(seed, counter, 4);
        _bias[2] = _phi * _bias[2] + _driveV * Gauss(seed, counter, 5);
    }

    /// <summary>
    /// Places the world on the earth (the map's geo reference, else the rig's origin); the run's
    /// start does it, so the Hello's calibration names the origin and a map without one is an error
    /// before the first output.
    /// </summary>
    /// <exception cref="InputException">Neither the map nor the rig gives an origin.</exception>
    internal EnuFrame Plane(SensorWorld world)
    {
        if (_frame is not null)
        {
            return _frame;
        }
        // The map's own geo reference wins: a rig is reused across maps, and its origin only
        // places maps that have none (native YAML roads).
        _origin = GeoOrigin.FromHeader(world.Network.Header, out string why) ?? _configured
            ?? throw new InputException(Definition.Where,
                $"sensor '{Definition.Name}' cannot place the world on the earth: {why}; give 'origin_latitude' and 'origin_longitude' (deg) in the rig");
        _frame = new EnuFrame(_origin.LatitudeDeg * (Math.PI / 180), _origin.LongitudeDeg * (Math.PI / 180), _origin.Altitude);
        return _frame;
    }
}

/// <summary>One GNSS solution as "gnss.v1" carries it.</summary>
/// <param name="LatitudeDeg">Latitude (deg, WGS-84).</param>
/// <param name="LongitudeDeg">Longitude (deg).</param>
/// <param name="Altitude">Ellipsoidal height (m).</param>
/// <param name="Velocity">Velocity east, north, up (m/s).</param>
/// <param name="HorizontalAccuracy">1-sigma horizontal error per axis the receiver reports (m).</param>
/// <param name="VerticalAccuracy">1-sigma vertical error (m).</param>
/// <param name="FixType">0 no fix, 3 3-D fix.</param>
public readonly record struct GnssSolution(double LatitudeDeg, double LongitudeDeg, double Altitude, Vec3 Velocity, double HorizontalAccuracy, double VerticalAccuracy, int FixType)
{
    /// <summary>The format id.</summary>
    public const string Format = "gnss.v1";

    /// <summary>Bytes of one "gnss.v1" payload: eight little-endian float64 and an int32.</summary>
    public const int Bytes = 68;

    /// <summary>Fix type of a 3-D solution (u-blox numbering: 0 none, 2 2-D, 3 3-D).</summary>
    public const int Fix3D = 3;

    /// <summary>Encodes the "gnss.v1" payload (68 bytes, little-endian).</summary>
    public void Write(Span<byte> p)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(p[0..], LatitudeDeg);
        BinaryPrimitives.WriteDoubleLittleEndian(p[8..], LongitudeDeg);
        BinaryPrimitives.WriteDoubleLittleEndian(p[16..], Altitude);
        BinaryPrimitives.WriteDoubleLittleEndian(p[24..], Velocity.Y);
        BinaryPrimitives.WriteDoubleLittleEndian(p[32..], Velocity.X);
        BinaryPrimitives.WriteDoubleLittleEndian(p[40..], Velocity.Z);
        BinaryPrimitives.WriteDoubleLittleEndian(p[48..], HorizontalAccuracy);
        BinaryPrimitives.WriteDoubleLittleEndian(p[56..], VerticalAccuracy);
        BinaryPrimitives.WriteInt32LittleEndian(p[64..], FixType);
    }

    /// <summary>Decodes a "gnss.v1" payload.</summary>
    public static GnssSolution Read(ReadOnlySpan<byte> p)
        => new(BinaryPrimitives.ReadDoubleLittleEndian(p[0..]), BinaryPrimitives.ReadDoubleLittleEndian(p[8..]), BinaryPrimitives.ReadDoubleLittleEndian(p[16..]),
            new Vec3(BinaryPrimitives.ReadDoubleLittleEndian(p[32..]), BinaryPrimitives.ReadDoubleLittleEndian(p[24..]), BinaryPrimitives.ReadDoubleLittleEndian(p[40..])),
            BinaryPrimitives.ReadDoubleLittleEndian(p[48..]), BinaryPrimitives.ReadDoubleLittleEndian(p[56..]), BinaryPrimitives.ReadInt32LittleEndian(p[64..]));
}
