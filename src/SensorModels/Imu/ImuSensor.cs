using System.Buffers.Binary;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Timing;

namespace SensorModels.Imu;

/// <summary>
/// An inertial measurement unit on the ego: specific force (gravity included: +g along the
/// sensor's up axis at rest) and angular rate in the sensor frame, at its mounting point, with
/// the error model of <see cref="TriadNoise"/>. Payload "imu.v1" (docs/sensors/imu-gnss.md).
/// </summary>
internal sealed class ImuSensor : Sensor
{
    /// <summary>Bytes of one "imu.v1" payload.</summary>
    public const int PayloadBytes = ImuPayload.Bytes;

    private const ulong GyroChannels = 0, AccelChannels = 96;

    private readonly TriadNoise _gyro;
    private readonly TriadNoise _accel;
    private readonly double? _cgX;

    /// <summary>Creates the sensor.</summary>
    /// <param name="definition">Rig entry.</param>
    /// <param name="gyro">Gyro errors (rad/s).</param>
    /// <param name="accel">Accelerometer errors (m/s^2).</param>
    /// <param name="cgX">Centre of gravity ahead of the rear axle (m), or null for the snapshot's box centre.</param>
    public ImuSensor(SensorDefinition definition, TriadNoiseParameters gyro, TriadNoiseParameters accel, double? cgX) : base(definition)
    {
        double dt = definition.PeriodNanoseconds * 1e-9;
        (_gyroParameters, _accelParameters) = (gyro, accel);
        _gyro = new TriadNoise(gyro, dt, GyroChannels);
        _accel = new TriadNoise(accel, dt, AccelChannels);
        _cgX = cgX;
    }

    /// <inheritdoc />
    public override string Format => "imu.v1";

    private readonly TriadNoiseParameters _gyroParameters;
    private readonly TriadNoiseParameters _accelParameters;

    /// <inheritdoc />
    public override string? CalibrationJson => SensorCalibration.Json("imu", w =>
    {
        Write(w, "gyro", "rad/s", _gyroParameters);
        Write(w, "accelerometer", "m/s^2", _accelParameters);
    });

    private static void Write(System.Text.Json.Utf8JsonWriter w, string name, string unit, TriadNoiseParameters p)
    {
        // Per axis x, y, z of the sensor frame; q is the unit.
        w.WriteStartObject(name);
        w.WriteString("unit", unit);
        SensorCalibration.Triple(w, "noise_density", p.NoiseDensity);
        SensorCalibration.Triple(w, "bias_instability", p.BiasInstability);
        w.WriteNumber("correlation_time_s", p.CorrelationTime);
        SensorCalibration.Triple(w, "bias_random_walk", p.BiasRandomWalk);
        SensorCalibration.Triple(w, "bias", p.Bias);
        SensorCalibration.Triple(w, "turn_on_bias", p.TurnOnBias);
        SensorCalibration.Triple(w, "scale_factor_ppm", p.ScaleFactorPpm);
        w.WriteEndObject();
    }

    /// <summary>The last measurement (sensor frame): specific force (m/s^2) and angular rate (rad/s).</summary>
    public (Vec3 SpecificForce, Vec3 AngularRate) Last { get; private set; }

    /// <summary>The error-free values of the last measurement, for tests and ground truth.</summary>
    public (Vec3 SpecificForce, Vec3 AngularRate) LastTrue { get; private set; }

    /// <inheritdoc />
    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        Vec3 f, w;
        if (world.EgoIndex < 0)
        {
            // No ego to carry the IMU: NaN says "no measurement" without inventing one.
            f = w = new Vec3(double.NaN, double.NaN, double.NaN);
            LastTrue = (f, w);
        }
        else
        {
            BodyMotion m = BodyMotion.OfEntity(world, world.EgoIndex, new SimTime(frame.EndNanoseconds), _cgX);
            Pose3 mount = Definition.Mount;
            Vec3 trueF = mount.InverseRotate(m.SpecificForceAt(mount.Position));
            Vec3 trueW = mount.InverseRotate(m.Omega);
            LastTrue = (trueF, trueW);
            f = _accel.Measure(trueF, world.Seed, Stream, frame.Sequence);
            w = _gyro.Measure(trueW, world.Seed, Stream, frame.Sequence);
        }
        Last = (f, w);
        Span<byte> payload = stackalloc byte[PayloadBytes];
        ImuPayload.Write(payload, f, w);
        sink.Write(frame, payload);
    }
}
