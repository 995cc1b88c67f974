using System.Text.Json;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace HilBridge.Tests;

/// <summary>
/// Every sensor's calibration is in the Hello (docs/hil-protocol.md, "Calibration"): a target needs
/// no rig file to know the lidar's beams, the radar's field of view or where the world is on earth.
/// Expected values are the rig file's, converted by hand.
/// </summary>
public sealed class HelloCalibrationTests
{
    private const string RigText = """
        name: calibration
        sensors:
          - name: top
            type: lidar
            mount: {x: 1.5, y: 0, z: 1.9}
            rate: 10
            channels: 4
            fov_up_deg: 2
            fov_down_deg: 4
            azimuth_steps: 8
            firing: sequential
            min_range: 0.5
            max_range: 120
            range_noise: 0.03
            packets: 4
            threads: 1
          - name: front_radar
            type: radar
            mount: {x: 3.6, y: 0, z: 0.5}
            rate: 20
            azimuth_fov_deg: 40
            elevation_fov_deg: 8
            max_range: 160
          - name: imu
            type: imu
            mount: {x: 1.4, y: 0, z: 0.35}
            rate: 100
            gyro_arw_deg_rt_h: 0.3
          - name: gnss
            type: gnss
            mount: {x: 0.5, y: 0, z: 1.5}
            rate: 10
            horizontal_noise: 0.5
            latency: 0.05
            origin_latitude: 48.1
            origin_longitude: 11.5
            origin_altitude: 520
          - name: objects
            type: ground_truth
            mount: {x: 0, y: 0, z: 0}
            rate: 10
            range: 150
        """;

    private static Scenario Straight() => ScenarioLoader.Parse("calibration.yaml", """
        name: calibration
        duration: 1
        step: 0.01
        road: {id: r, geometry: [line: 500], lanes: {right: [{width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 10, driver: reference}
        """);

    private static Dictionary<string, JsonElement> Calibrations()
    {
        string rig = Path.Combine(Path.GetTempPath(), $"calibration-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(rig, RigText);
        try
        {
            Scenario scenario = Straight();
            using RigSession session = RigSession.Create(rig, null, scenario, new Simulator(scenario));
            IReadOnlyList<SensorManifestEntry> manifest = SensorManifest.FromRig(session.Rig);
            return manifest.ToDictionary(e => e.Name, e => JsonDocument.Parse(e.CalibrationJson ?? throw new Xunit.Sdk.XunitException($"{e.Name} has no calibration")).RootElement.Clone());
        }
        finally
        {
            File.Delete(rig);
        }
    }

    private static double[] Numbers(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public void Every_sensor_of_the_rig_sends_its_calibration_in_the_hello()
    {
        Dictionary<string, JsonElement> c = Calibrations();
        Assert.Equal(["top", "front_radar", "imu", "gnss", "objects"], c.Keys);

        JsonElement lidar = c["top"];
        Assert.Equal("lidar", lidar.GetProperty("type").GetString());
        // Four channels from -4 to +2 degrees: -4, -2, 0, 2; eight columns 45 degrees apart from forward.
        double[] elevations = Numbers(lidar, "elevations_rad");
        Assert.Equal(4, elevations.Length);
        double[] expectedElevations = [-4, -2, 0, 2];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expectedElevations[i] * Math.PI / 180, elevations[i], 12);
        }
        double[] azimuths = Numbers(lidar, "azimuths_rad");
        Assert.Equal(8, azimuths.Length);
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(k * 45 * Math.PI / 180, azimuths[k], 12);
        }
        Assert.Equal((4, 8, "sequential", "spinning"), (lidar.GetProperty("channels").GetInt32(), lidar.GetProperty("columns").GetInt32(),
            lidar.GetProperty("firing").GetString(), lidar.GetProperty("pattern").GetString()));
        Assert.Equal((0.1, 4, 0.5, 120.0, 0.03), (lidar.GetProperty("sweep_s").GetDouble(), lidar.GetProperty("packets_per_sweep").GetInt32(),
            lidar.GetProperty("min_range_m").GetDouble(), lidar.GetProperty("max_range_m").GetDouble(), lidar.GetProperty("range_noise_m").GetDouble()));

        JsonElement radar = c["front_radar"];
        Assert.Equal("radar", radar.GetProperty("type").GetString());
        Assert.Equal(40 * Math.PI / 180, radar.GetProperty("azimuth_fov_rad").GetDouble(), 12);
        Assert.Equal(8 * Math.PI / 180, radar.GetProperty("elevation_fov_rad").GetDouble(), 12);
        Assert.Equal(160.0, radar.GetProperty("max_range_m").GetDouble());
        Assert.Equal("detections", radar.GetProperty("output").GetString());

        JsonElement imu = c["imu"];
        // 0.3 deg/sqrt(h) = 0.3 / 60 deg/sqrt(s), in rad.
        double arw = 0.3 / 60 * Math.PI / 180;
        Assert.All(Numbers(imu.GetProperty("gyro"), "noise_density"), v => Assert.Equal(arw, v, 15));
        Assert.All(Numbers(imu.GetProperty("accelerometer"), "noise_density"), v => Assert.Equal(0, v));

        JsonElement gnss = c["gnss"];
        // The native road has no geo reference: the rig's origin, the world frame as east-north-up there.
        Assert.Equal((48.1, 11.5, 520.0), (gnss.GetProperty("origin_latitude_deg").GetDouble(), gnss.GetProperty("origin_longitude_deg").GetDouble(), gnss.GetProperty("origin_altitude_m").GetDouble()));
        Assert.Equal(0.0, gnss.GetProperty("world_to_enu_heading_rad").GetDouble());
        Assert.Equal([0.0, 0.0, 0.0], Numbers(gnss, "world_to_enu_translation_m"));
        Assert.Equal((0.5, 0.05), (gnss.GetProperty("horizontal_noise_m").GetDouble(), gnss.GetProperty("latency_s").GetDouble()));

        JsonElement objects = c["objects"];
        Assert.Equal(150.0, objects.GetProperty("range_m").GetDouble());
    }
}
