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

    /// <summary>
    /// Whether ONNX Runtime's intra-op threads spin after a run waiting for the next. Off by
    /// default: in the simulator the cores are shared with the step loop and the sensors, and a
    /// spinning pool takes them away from the pre- and post-processing (measured in
    /// docs/PERFORMANCE.md); on for a machine whose cores belong to the model.
    /// </summary>
    public bool SpinWait { get; init; }
}
