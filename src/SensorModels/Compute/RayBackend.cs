namespace SensorModels.Compute;

/// <summary>Where a rig's lidars and radars cast their rays (rig key 'backend', docs/sensors.md).</summary>
public enum RayBackend
{
    /// <summary>On the CPU, each sensor by itself (the default; bytes independent of the machine).</summary>
    Cpu,
    /// <summary>On a Vulkan device, all sensors of a step in one dispatch; a CPU Vulkan driver (lavapipe) will do; no device is an error.</summary>
    Gpu,
    /// <summary>On a discrete or integrated GPU when there is one, else on the CPU.</summary>
    Auto,
}
