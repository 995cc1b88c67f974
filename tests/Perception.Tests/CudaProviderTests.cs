using System.Globalization;
using Perception.Runtime;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Timing;
using Xunit.Abstractions;

namespace Perception.Tests;

/// <summary>
/// The shipped lidar detector (models/lidar_bev) on ONNX Runtime's CUDA provider against the CPU
/// provider, on a simulated sweep of dense traffic. Needs the Gpu package (build with
/// -p:OnnxRuntimeGpu=true), CUDA, cuDNN and a GPU: skipped with the reason otherwise, and a failure
/// only where a GPU is expected (SIM_EXPECT_GPU=1 with SIM_REQUIRE_ALL=1: tools/gpu/device-check.sh).
/// </summary>
public sealed class CudaProviderTests(ITestOutputHelper output)
{
    [CudaFact]
    public void Cuda_provider_finds_what_the_cpu_provider_finds()
    {
        byte[] sweep = Sweep();
        using ModelRunner cuda = ModelRunner.Load(CudaFactAttribute.Spec, new ModelRunnerOptions { Provider = ExecutionProviderPreference.Cuda });
        using ModelRunner cpu = ModelRunner.Load(CudaFactAttribute.Spec, new ModelRunnerOptions { Provider = ExecutionProviderPreference.Cpu });
        Assert.Equal(ModelRunner.CudaProvider, cuda.Provider);
        var onCpu = cpu.Detect(sweep).ToList();
        var onGpu = cuda.Detect(sweep).ToList();
        for (int i = 0; i < 20; i++)
        {
            cuda.Detect(sweep);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU {onCpu.Count} detections, CUDA {onGpu.Count}; CUDA inference p50 {cuda.InferenceLatency.P50Ms:F3} ms, p99 {cuda.InferenceLatency.P99Ms:F3} ms over {cuda.Frames} frames"));
        Assert.NotEmpty(onCpu);
        // Convolutions on the GPU round differently (TF32, other kernels): every clear CPU detection
        // must be found on the GPU at the same place with about the same score.
        foreach (Detection d in onCpu.Where(d => d.Score > 0.4))
        {
            Assert.Contains(onGpu, g => g.ClassName == d.ClassName && Math.Abs(g.X - d.X) < 0.1 && Math.Abs(g.Y - d.Y) < 0.1 && Math.Abs(g.Score - d.Score) < 0.03);
        }
    }

    /// <summary>One motion-compensated sweep of scenarios/rigs/datagen.yaml's lidar on scenarios/traffic/dense_highway.yaml after 1 s.</summary>
    private static byte[] Sweep()
    {
        var traffic = new SensorModels.Tests.Compute.DenseTraffic();
        Sensor lidar = RigLoader.Load(Path.Combine(CudaFactAttribute.RepoRoot(), "scenarios", "rigs", "datagen.yaml")).Sensors.First(x => x.Definition.Name == "top");
        var sink = new LastPayload();
        lidar.Capture(traffic.World, sink, new SimTime(traffic.World.Time.Nanoseconds - 100_000_000), traffic.World.Time);
        return sink.Payload;
    }

    private sealed class LastPayload : ISensorSink
    {
        public byte[] Payload { get; private set; } = [];

        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Payload = payload.ToArray();
    }
}

/// <summary>
/// A fact that needs ONNX Runtime's CUDA provider for the shipped model: skipped with the reason
/// the provider cannot be used, unless SIM_REQUIRE_ALL=1 and SIM_EXPECT_GPU=1 (a machine with a GPU
/// where it must work), where it runs and fails.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Why = new(() =>
    {
        try
        {
            using ModelRunner r = ModelRunner.Load(Spec, new ModelRunnerOptions { Provider = ExecutionProviderPreference.Cuda });
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    });

    public CudaFactAttribute()
    {
        bool expected = Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") == "1" && Environment.GetEnvironmentVariable("SIM_EXPECT_GPU") == "1";
        if (!expected && Why.Value is { } why)
        {
            Skip = why + " (SIM_EXPECT_GPU=1 with SIM_REQUIRE_ALL=1 makes this a failure)";
        }
    }

    public static string Spec => Path.Combine(RepoRoot(), "models", "lidar_bev", "model.yaml");

    public static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "models", "lidar_bev", "model.yaml")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("models/lidar_bev not found above " + AppContext.BaseDirectory);
    }
}
