using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim run --rig` with the rig's 'backend' (docs/sensors.md): result.json's ray_casting, the recordings, errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RayBackendRunTests
{
    // A small lidar (8 x 128: lavapipe on CI's 2 cores) and the minimal rig's front radar.
    private const string Rig = """
        name: backend-test
        backend: BACKEND
        sensors:
          - name: lidar_top
            type: lidar
            mount: {x: 1.3, y: 0, z: 1.95}
            rate: 10
            channels: 8
            azimuth_steps: 128
            max_range: 120
          - name: radar_front
            type: radar
            mount: {x: 3.85, y: 0, z: 0.55}
            rate: 20
            false_alarms_per_cycle: 1
        """;

    private static (CliResult Result, JsonElement RayCasting, string Sensors) Run(TempDir dir, string backend)
    {
        string rig = dir.File(backend + ".yaml"), sensors = dir.File("sensors-" + backend), outDir = dir.File("out-" + backend);
        File.WriteAllText(rig, Rig.Replace("BACKEND", backend));
        CliResult r = SimCli.InProcess(["run", Repo.CutIn, "--out", outDir, "--rig", rig, "--record-sensors", sensors, "--quiet"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using JsonDocument result = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json")));
        return (r, result.RootElement.GetProperty("ray_casting").Clone(), sensors);
    }

    [VulkanFact]
    public void Gpu_backend_casts_on_the_device_and_records_what_the_cpu_records()
    {
        using var dir = new TempDir();
        (_, JsonElement gpu, string gpuSensors) = Run(dir, "gpu");
        (_, JsonElement cpu, string cpuSensors) = Run(dir, "cpu");
        Assert.Equal("gpu", gpu.GetProperty("requested").GetString());
        Assert.Equal("gpu", gpu.GetProperty("backend").GetString());
        Assert.Equal("cpu", cpu.GetProperty("backend").GetString());
        Assert.Equal(0, cpu.GetProperty("rays").GetInt64());
        // 25 s: 251 sweeps of 1,024 rays and 501 radar cycles, one cast per step with a sweep or a cycle.
        Assert.Equal(501, gpu.GetProperty("casts").GetInt64());
        Assert.True(gpu.GetProperty("rays").GetInt64() > 251 * 1024, gpu.ToString());
        foreach (string name in new[] { "lidar_top", "radar_front" })
        {
            byte[] a = File.ReadAllBytes(Path.Combine(cpuSensors, name + ".bin")), b = File.ReadAllBytes(Path.Combine(gpuSensors, name + ".bin"));
            Assert.Equal(a.Length > 0, b.Length > 0);
            if (gpu.GetProperty("device_type").GetString() == "cpu")
            {
                // lavapipe divides as the CPU does: the same bytes (docs/sensors.md).
                Assert.True(a.AsSpan().SequenceEqual(b), $"{name}.bin differs between backend cpu and gpu on {gpu.GetProperty("device").GetString()}");
            }
        }
    }

    [VulkanFact]
    public void Auto_takes_a_gpu_only_and_says_why_not()
    {
        using var dir = new TempDir();
        (_, JsonElement auto, _) = Run(dir, "auto");
        Assert.Equal("auto", auto.GetProperty("requested").GetString());
        string type = auto.GetProperty("device_type").GetString()!;
        Assert.Equal(type is "discrete" or "integrated" ? "gpu" : "cpu", auto.GetProperty("backend").GetString());
        if (type == "cpu")
        {
            Assert.Contains("not a GPU", auto.GetProperty("note").GetString());
        }
    }

    [Fact]
    public void An_unknown_backend_is_bad_input_at_its_line()
    {
        using var dir = new TempDir();
        string rig = dir.File("bad.yaml");
        File.WriteAllText(rig, Rig.Replace("BACKEND", "cuda"));
        CliResult r = SimCli.InProcess(["run", Repo.CutIn, "--out", dir.File("out"), "--rig", rig]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.yaml:2:", r.StdErr);
        Assert.Contains("'backend' 'cuda' is not one of: cpu, gpu, auto", r.StdErr);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "result.json")));
    }
}
