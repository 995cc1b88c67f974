namespace Perception.Runtime;

/// <summary>How a <see cref="ModelRunner"/> sets up its ONNX Runtime session.</summary>
public sealed record ModelRunnerOptions
{
    /// <summary>The execution provider to ask for.</summary>
    public ExecutionProviderPreference Provider { get; init; } = ExecutionProviderPreference.Auto;

    /// <summary>The CUDA device index.</summary>
    public int CudaDevice { get; init; }

    /// <summary>Threads of the CPU provider within one operator; 0 lets ONNX Runtime choose (all cores).</summary>
    public int IntraOpThreads { get; init; }
}
