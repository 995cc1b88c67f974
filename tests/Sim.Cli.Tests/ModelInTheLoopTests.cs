using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run --ego-driver onnx:SPEC`: a perception model in the loop (issue #9), with the hand-weighted test model.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelInTheLoopTests
{
    private static string ToySpec => Path.Combine(Repo.Root, "tools", "onnx-testmodels", "bev_toy.yaml");

    private static (string Scenario, string Rig) Files(TempDir dir, bool lidar = true)
    {
        string scenario = dir.File("sil.yaml");
        File.WriteAllText(scenario, """
            name: sil
            duration: 2
            step: 0.01
            road: {id: r, geometry: [line: 500], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 10, driver: reference}
              - {name: lead, type: car, position: {road: r, lane: -1, s: 56}, speed: 10}
            """);
        string rig = dir.File("rig.yaml");
        File.WriteAllText(rig, lidar ? """
            name: sil
            sensors:
              - {name: top, type: lidar, mount: {x: 1.3, y: 0, z: 1.9}, rate: 10, channels: 16, fov_up_deg: 10, fov_down_deg: 20, azimuth_steps: 256, max_range: 60}
            """ : """
            name: sil
            sensors:
              - {name: imu, type: imu, mount: {x: 1.4, y: 0, z: 0.35}, rate: 100}
            """);
        return (scenario, rig);
    }

    [Fact]
    public void A_model_in_the_loop_sees_every_sweep_and_is_reported_and_scored()
    {
        using var dir = new TempDir();
        (string scenario, string rig) = Files(dir);
        CliResult r = SimCli.InProcess("run", scenario, "--rig", rig, "--ego-driver", "onnx:" + ToySpec, "--out", dir.File("out"));
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        Assert.Contains("model: ", r.StdOut);
        using JsonDocument result = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("out"), "result.json")));
        JsonElement model = result.RootElement.GetProperty("model");
        Assert.Equal("CPUExecutionProvider", model.GetProperty("provider").GetString());
        Assert.Equal("top", model.GetProperty("lidar").GetString());
        // A 10 Hz lidar with phase 0 over 2 s outputs at 0, 0.1, ..., 2.0 s: 21 sweeps (as the rig's
        // own count says), each one inference and one scored frame.
        Assert.Equal(21, result.RootElement.GetProperty("sensors").GetProperty("top").GetProperty("outputs").GetInt32());
        Assert.Equal(21, model.GetProperty("frames").GetInt32());
        Assert.Equal(21, model.GetProperty("inference_latency").GetProperty("count").GetInt32());
        Assert.Equal(0, model.GetProperty("non_finite_frames").GetInt32());
        Assert.Equal(21, model.GetProperty("perception").GetProperty("ticks_scored").GetInt32());
    }

    [Fact]
    public void Bad_model_setups_are_clear_errors()
    {
        using var dir = new TempDir();
        (string scenario, string rig) = Files(dir);
        CliResult missing = SimCli.InProcess("run", scenario, "--rig", rig, "--ego-driver", "onnx:" + dir.File("nope.yaml"), "--out", dir.File("o1"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.yaml", missing.StdErr);

        (string _, string imuRig) = Files(dir, lidar: false);
        CliResult noLidar = SimCli.InProcess("run", scenario, "--rig", imuRig, "--ego-driver", "onnx:" + ToySpec, "--out", dir.File("o2"));
        Assert.Equal(2, noLidar.ExitCode);
        Assert.Contains("reads lidar 'top'; the rig has no lidar", noLidar.StdErr);

        CliResult noRig = SimCli.InProcess("run", scenario, "--ego-driver", "onnx:" + ToySpec, "--out", dir.File("o3"));
        Assert.Equal(2, noRig.ExitCode);
        Assert.Contains("needs a sensor rig with a lidar", noRig.StdErr);

        CliResult both = SimCli.InProcess("run", scenario, "--rig", rig, "--ego-driver", "onnx:" + ToySpec, "--target", "5999", "--out", dir.File("o4"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("choose one", both.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("o4"), "result.json")));
    }
}
