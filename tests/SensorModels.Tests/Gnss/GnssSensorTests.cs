using SensorModels.Gnss;
using SensorModels.Rig;
using SensorModels.Tests.Imu;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Gnss;

public class GnssSensorTests
{
    // Ego along +x (east) at 10 m/s from x = 0 for 1 s.
    private const string Scenario = """
        name: gnss
        duration: 1
        step: 0.01
        road: {id: r, geometry: [line: 500], lanes: {right: [{width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 0}, speed: 10, driver: reference, model: kinematic}
        """;

    private const double Deg = Math.PI / 180;

    [Fact]
    public void APerfectReceiverReportsTheAntennaOnTheEarth()
    {
        const string rig = """
            sensors:
              - {name: gnss, type: gnss, rate: 10, origin_latitude: 48, origin_longitude: 11, origin_altitude: 500, mount: {x: 1, y: 0, z: 1.5}}
            """;
        var frames = ImuSensorTests.Run(Scenario, rig).Frames;
        Assert.Equal(11, frames.Count);
        var plane = new EnuFrame(48 * Deg, 11 * Deg, 500);
        foreach (var (frame, payload) in frames)
        {
            Assert.Equal("gnss.v1", frame.Format);
            Assert.Equal(GnssSensor.PayloadBytes, payload.Length);
            GnssSolution s = GnssSolution.Read(payload);
            Assert.Equal(GnssSensor.Fix3D, s.FixType);
            // Antenna 1 m ahead of the rear axle, 1.5 m up; the lane centre is y = -1.75.
            double t = frame.EndNanoseconds * 1e-9;
            SensorModels.Mathematics.Vec3 enu = plane.ToEnu(s.LatitudeDeg * Deg, s.LongitudeDeg * Deg, s.Altitude);
            Assert.Equal(10 * t + 1, enu.X, 6);
            Assert.Equal(-1.75, enu.Y, 6);
            Assert.Equal(1.5, enu.Z, 6);
            // East in the plane turns slightly north of the local east 10 m away (meridian
            // convergence, dlon sin(lat) = 1.7e-6 rad at 10 m), so only to 1e-4 m/s.
            Assert.Equal(10, s.Velocity.X, 6);
            Assert.Equal(0, s.Velocity.Y, 4);
            Assert.Equal(0, s.HorizontalAccuracy);
        }
    }

    [Fact]
    public void NoiseAndBiasHaveTheConfiguredSpreadAndRepeatForTheSameSeed()
    {
        const string rig = """
            sensors:
              - {name: gnss, type: gnss, rate: 20, origin_latitude: 48, origin_longitude: 11, mount: {},
                 horizontal_noise: 0.5, vertical_noise: 1, horizontal_bias: 1, vertical_bias: 2, bias_time_constant: 30, velocity_noise: 0.05, latency: 0.05}
            """;
        var a = ImuSensorTests.Run(Scenario, rig, 7).Frames;
        var b = ImuSensorTests.Run(Scenario, rig, 7).Frames;
        Assert.Equal(a.Select(f => f.Payload), b.Select(f => f.Payload));
        GnssSolution s = GnssSolution.Read(a[0].Payload);
        Assert.Equal(Math.Sqrt(0.25 + 1), s.HorizontalAccuracy, 12);
        Assert.Equal(Math.Sqrt(1 + 4), s.VerticalAccuracy, 12);
        // Latency: the solution refers to 50 ms before the output.
        Assert.All(a, f => Assert.Equal(50_000_000L, f.Frame.EndNanoseconds - f.Frame.StartNanoseconds));
    }

    [Fact]
    public void GaussMarkovBiasAndWhiteNoiseStatistics()
    {
        // Direct check of the error spread over many seeds: horizontal error per axis should have
        // sigma sqrt(white^2 + bias^2) = sqrt(0.25 + 1) = 1.118 m.
        const string rig = """
            sensors:
              - {name: gnss, type: gnss, rate: 10, origin_latitude: 48, origin_longitude: 11, mount: {}, horizontal_noise: 0.5, horizontal_bias: 1, bias_time_constant: 30}
            """;
        var plane = new EnuFrame(48 * Deg, 11 * Deg, 0);
        double sum = 0;
        int n = 0;
        for (ulong seed = 0; seed < 40; seed++)
        {
            foreach (var (frame, payload) in ImuSensorTests.Run(Scenario, rig, seed).Frames)
            {
                GnssSolution s = GnssSolution.Read(payload);
                SensorModels.Mathematics.Vec3 enu = plane.ToEnu(s.LatitudeDeg * Deg, s.LongitudeDeg * Deg, s.Altitude);
                double dx = enu.X - 10 * frame.EndNanoseconds * 1e-9, dy = enu.Y + 1.75;
                sum += dx * dx + dy * dy;
                n += 2;
            }
        }
        Assert.InRange(Math.Sqrt(sum / n), 1.118 * 0.8, 1.118 * 1.2);
    }

    [Fact]
    public void WithoutAnyOriginTheRunStopsWithAClearError()
    {
        const string rig = """
            sensors:
              - {name: gnss, type: gnss, rate: 10, mount: {}}
            """;
        var e = Assert.Throws<InputException>(() => ImuSensorTests.Run(Scenario, rig));
        Assert.Contains("origin_latitude", e.Message);
        Assert.Contains("no geoReference", e.Message);
    }

    [Theory]
    [InlineData("rate: 50", "must be 1 to 20 Hz")]
    [InlineData("rate: 10, origin_latitude: 48", "needs both")]
    [InlineData("rate: 10, origin_latitude: 95, origin_longitude: 1", "within -90 to 90")]
    [InlineData("rate: 10, horizontal_nois: 1", "unknown key 'horizontal_nois'")]
    public void BadParametersAreErrors(string extra, string message)
    {
        var e = Assert.Throws<InputException>(() => RigLoader.Parse("rig.yaml", $$"""
            sensors:
              - {name: gnss, type: gnss, mount: {}, {{extra}}}
            """));
        Assert.Contains(message, e.Message);
    }
}
