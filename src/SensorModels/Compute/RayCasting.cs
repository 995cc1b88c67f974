using System.Text.Json;
using SensorModels.Geometry;
using SensorModels.Rendering;
using Silk.NET.Vulkan;

namespace SensorModels.Compute;

/// <summary>
/// How a rig's ray sensors cast, as chosen from its 'backend' (docs/sensors.md): on the CPU, each
/// sensor by itself; or on a Vulkan device, every lidar and radar capture due in a step queued into
/// one <see cref="RayBatch"/> and cast in one dispatch (<see cref="SensorModels.Runtime.SensorRig.Step"/>).
/// Says which and why for result.json's "ray_casting"; a run's is <see cref="SensorModels.Runtime.RigSession.RayCasting"/>.
/// </summary>
public sealed class RayCasting : IDisposable
{
    private RayCasting(RayBackend requested, GpuRayCaster? caster, VulkanDevice? device, string note)
    {
        Requested = requested;
        Caster = caster;
        Batch = caster is null ? null : new RayBatch(caster.Scene);
        DeviceName = device?.Name;
        DeviceType = device?.TypeName;
        Note = note;
    }

    /// <summary>What the rig asked for.</summary>
    public RayBackend Requested { get; }

    /// <summary>The device's caster, or null: the CPU casts.</summary>
    internal GpuRayCaster? Caster { get; }

    /// <summary>The step's batch (with <see cref="Caster"/>).</summary>
    internal RayBatch? Batch { get; }

    /// <summary>True when the rays are cast on the Vulkan device, false when the CPU casts them.</summary>
    public bool OnDevice => Caster is not null;

    /// <summary>The Vulkan device's name (when one was looked at).</summary>
    public string? DeviceName { get; }

    /// <summary>discrete, integrated, virtual, cpu (when a device was looked at).</summary>
    public string? DeviceType { get; }

    /// <summary>Why this backend (one sentence).</summary>
    public string Note { get; }

    /// <summary>Batches cast so far.</summary>
    public long Casts { get; private set; }

    /// <summary>Rays cast on the device so far.</summary>
    public long Rays { get; private set; }

    /// <summary>Seconds the device spent in the dispatches so far (NaN without timestamps).</summary>
    public double DispatchSeconds { get; private set; }

    /// <summary>Device time of the last cast's dispatch in seconds (NaN on the CPU or without timestamps).</summary>
    public double LastDispatchSeconds => Caster?.LastDispatchSeconds ?? double.NaN;

    /// <summary>The last cast from submission to fence, copies in and out included, in seconds (NaN on the CPU).</summary>
    public double LastSubmitSeconds => Caster?.LastSubmitSeconds ?? double.NaN;

    /// <summary>
    /// Chooses the backend for <paramref name="requested"/> over <paramref name="scene"/>.
    /// <paramref name="device"/> is the process's Vulkan device when the caller already has one
    /// (cameras); when it is null and the request needs one, one is created and handed back there
    /// (the caller owns it). Null with <paramref name="error"/> when 'gpu' was asked for and cannot be had.
    /// </summary>
    internal static RayCasting? Choose(RayBackend requested, SceneGeometry scene, ref VulkanDevice? device, out string? error)
    {
        error = null;
        if (requested == RayBackend.Cpu)
        {
            return new RayCasting(requested, null, null, "the rig asks for the CPU");
        }
        if (device is null && !VulkanDevice.TryCreate(out device, out string why))
        {
            if (requested == RayBackend.Gpu)
            {
                error = "backend 'gpu' needs a Vulkan device: " + why;
                return null;
            }
            return new RayCasting(requested, null, null, "no Vulkan device (" + why + "): the CPU casts");
        }
        if (requested == RayBackend.Auto && device!.Type is not (PhysicalDeviceType.DiscreteGpu or PhysicalDeviceType.IntegratedGpu))
        {
            return new RayCasting(requested, null, device, $"the only Vulkan device is {device.Name} ({device.TypeName}), not a GPU: the CPU casts");
        }
        try
        {
            var caster = new GpuRayCaster(device!, scene);
            string note = device!.IsSoftware
                ? $"cast on {device.Name}, a CPU Vulkan driver: correct, not fast"
                : $"cast on {device.Name} ({device.TypeName} GPU)";
            return new RayCasting(requested, caster, device, note);
        }
        catch (Exception e) when (e is VulkanException or InvalidOperationException)
        {
            if (requested == RayBackend.Gpu)
            {
                error = $"backend 'gpu': the ray caster cannot run on {device!.Name}: {e.Message}";
                return null;
            }
            return new RayCasting(requested, null, device, $"the ray caster cannot run on {device!.Name} ({e.Message}): the CPU casts");
        }
    }

    /// <summary>Casts the step's batch (nothing when it is empty).</summary>
    internal void Cast()
    {
        if (Caster is null || Batch is null || Batch.Count == 0)
        {
            return;
        }
        Caster.Cast(Batch);
        Casts++;
        Rays += Batch.Count;
        DispatchSeconds += Caster.LastDispatchSeconds;
    }

    /// <summary>result.json's "ray_casting": requested, backend, device, device_type, note, casts, rays.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("requested", Requested.ToString().ToLowerInvariant());
        w.WriteString("backend", Caster is null ? "cpu" : "gpu");
        if (DeviceName is not null)
        {
            w.WriteString("device", DeviceName);
            w.WriteString("device_type", DeviceType);
        }
        w.WriteString("note", Note);
        w.WriteNumber("casts", Casts);
        w.WriteNumber("rays", Rays);
        w.WriteEndObject();
    }

    /// <summary>Releases the caster (not the device).</summary>
    public void Dispose() => Caster?.Dispose();
}
