namespace Perception.Runtime;

/// <summary>Which ONNX Runtime execution provider a <see cref="ModelRunner"/> asks for.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when it can be appended (the Gpu package, a GPU, CUDA and cuDNN present), else the CPU, recording why.</summary>
    Auto,
    /// <summary>The CPU provider only.</summary>
    Cpu,
    /// <summary>CUDA or an error: for benchmarks that must not silently measure the CPU.</summary>
    Cuda,
}
