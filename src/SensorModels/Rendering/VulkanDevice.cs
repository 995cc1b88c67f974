using System.Runtime.InteropServices;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace SensorModels.Rendering;

/// <summary>
/// A headless Vulkan device: an instance without surface extensions, the best physical device
/// (discrete, then integrated, then virtual, then CPU such as lavapipe), one queue family that does
/// graphics and compute, and a command pool on it. One per process is plenty; renderers share it.
/// </summary>
public sealed unsafe class VulkanDevice : IDisposable
{
    /// <summary>What to tell a user without a Vulkan loader or driver.</summary>
    public const string InstallHint = "apt-get install libvulkan1 mesa-vulkan-drivers";

    private bool _disposed;

    private VulkanDevice(Vk vk, Instance instance, PhysicalDevice physical, Device device, uint family, string name, PhysicalDeviceType type)
    {
        Vk = vk;
        Instance = instance;
        Physical = physical;
        Device = device;
        QueueFamily = family;
        Name = name;
        Type = type;
        vk.GetDeviceQueue(device, family, 0, out Queue queue);
        Queue = queue;
        vk.GetPhysicalDeviceMemoryProperties(physical, out PhysicalDeviceMemoryProperties mem);
        MemoryProperties = mem;
        vk.GetPhysicalDeviceProperties(physical, out PhysicalDeviceProperties props);
        Limits = props.Limits;
        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            QueueFamilyIndex = family,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
        };
        Check(vk.CreateCommandPool(device, in poolInfo, null, out CommandPool pool), "vkCreateCommandPool");
        CommandPool = pool;
    }

    /// <summary>The API entry points.</summary>
    internal Vk Vk { get; }

    /// <summary>The instance.</summary>
    internal Instance Instance { get; }

    /// <summary>The chosen physical device.</summary>
    internal PhysicalDevice Physical { get; }

    /// <summary>The logical device.</summary>
    internal Device Device { get; }

    /// <summary>The graphics + compute queue.</summary>
    internal Queue Queue { get; }

    /// <summary>Index of the queue's family.</summary>
    internal uint QueueFamily { get; }

    /// <summary>Command pool on <see cref="QueueFamily"/> (command buffers individually resettable).</summary>
    internal CommandPool CommandPool { get; }

    /// <summary>Memory heaps and types of the physical device.</summary>
    internal PhysicalDeviceMemoryProperties MemoryProperties { get; }

    /// <summary>Device limits (uniform buffer offset alignment, ...).</summary>
    internal PhysicalDeviceLimits Limits { get; }

    /// <summary>The device's name, e.g. "llvmpipe (LLVM 15.0.7, 256 bits)" or "NVIDIA H100 80GB HBM3".</summary>
    public string Name { get; }

    /// <summary>True for a CPU implementation (lavapipe, SwiftShader).</summary>
    public bool IsSoftware => Type == PhysicalDeviceType.Cpu;

    /// <summary>Discrete, integrated, virtual GPU or CPU.</summary>
    public PhysicalDeviceType Type { get; }

    /// <summary>The type in a word: "discrete", "integrated", "virtual", "cpu" or "other".</summary>
    public string TypeName => Type switch
    {
        PhysicalDeviceType.DiscreteGpu => "discrete",
        PhysicalDeviceType.IntegratedGpu => "integrated",
        PhysicalDeviceType.VirtualGpu => "virtual",
        PhysicalDeviceType.Cpu => "cpu",
        _ => "other",
    };

    /// <summary>
    /// Creates the device, or says why not (no loader, no driver, no graphics+compute queue) in
    /// <paramref name="why"/> with the install command where that is the fix.
    /// </summary>
    public static bool TryCreate(out VulkanDevice? device, out string why)
    {
        device = null;
        Vk vk;
        try
        {
            vk = new Vk(VulkanLoader.Open());
        }
        catch (Exception e) when (e is FileNotFoundException or DllNotFoundException or PlatformNotSupportedException or TypeInitializationException or InvalidOperationException)
        {
            why = "libvulkan.so.1 not found: " + InstallHint + " (" + e.Message + ")";
            return false;
        }
        Instance instance = default;
        try
        {
            return TryCreate(vk, out instance, out device, out why);
        }
        catch (Exception e) when (e is VulkanException or DllNotFoundException or EntryPointNotFoundException)
        {
            why = "Vulkan device creation failed: " + e.Message + "; " + InstallHint;
            if (instance.Handle != 0)
            {
                vk.DestroyInstance(instance, null);
            }
            return false;
        }
    }

    private static bool TryCreate(Vk vk, out Instance instance, out VulkanDevice? device, out string why)
    {
        device = null;
        instance = default;
        byte* appName = (byte*)SilkMarshal.StringToPtr("sim-camera");
        try
        {
            var app = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = appName,
                ApplicationVersion = 1,
                PEngineName = appName,
                EngineVersion = 1,
                ApiVersion = Vk.Version11,
            };
            // Headless: no extensions at all (no VK_KHR_surface), so no display server is needed.
            var info = new InstanceCreateInfo { SType = StructureType.InstanceCreateInfo, PApplicationInfo = &app };
            Result r = vk.CreateInstance(in info, null, out instance);
            if (r != Result.Success)
            {
                why = $"vkCreateInstance failed ({r}): no Vulkan driver? " + InstallHint;
                return false;
            }
        }
        finally
        {
            SilkMarshal.Free((nint)appName);
        }

        uint count = 0;
        vk.EnumeratePhysicalDevices(instance, ref count, null);
        if (count == 0)
        {
            vk.DestroyInstance(instance, null);
            why = "no Vulkan physical device (driver missing): " + InstallHint;
            return false;
        }
        var physicals = new PhysicalDevice[count];
        fixed (PhysicalDevice* p = physicals)
        {
            vk.EnumeratePhysicalDevices(instance, ref count, p);
        }
        PhysicalDevice best = default;
        int bestRank = -1;
        uint bestFamily = 0;
        string bestName = "";
        PhysicalDeviceType bestType = PhysicalDeviceType.Other;
        foreach (PhysicalDevice pd in physicals)
        {
            vk.GetPhysicalDeviceProperties(pd, out PhysicalDeviceProperties props);
            int rank = props.DeviceType switch
            {
                PhysicalDeviceType.DiscreteGpu => 4,
                PhysicalDeviceType.IntegratedGpu => 3,
                PhysicalDeviceType.VirtualGpu => 2,
                PhysicalDeviceType.Cpu => 1,
                _ => 0,
            };
            int family = GraphicsComputeFamily(vk, pd);
            if (family >= 0 && rank > bestRank)
            {
                best = pd;
                bestRank = rank;
                bestFamily = (uint)family;
                bestName = SilkMarshal.PtrToString((nint)props.DeviceName) ?? "unknown";
                bestType = props.DeviceType;
            }
        }
        if (bestRank < 0)
        {
            vk.DestroyInstance(instance, null);
            why = "no Vulkan device with a graphics+compute queue";
            return false;
        }

        float priority = 1f;
        var queueInfo = new DeviceQueueCreateInfo
        {
            SType = StructureType.DeviceQueueCreateInfo,
            QueueFamilyIndex = bestFamily,
            QueueCount = 1,
            PQueuePriorities = &priority,
        };
        PhysicalDeviceFeatures features = default;
        var deviceInfo = new DeviceCreateInfo
        {
            SType = StructureType.DeviceCreateInfo,
            QueueCreateInfoCount = 1,
            PQueueCreateInfos = &queueInfo,
            PEnabledFeatures = &features,
        };
        Result dr = vk.CreateDevice(best, in deviceInfo, null, out Device dev);
        if (dr != Result.Success)
        {
            vk.DestroyInstance(instance, null);
            why = $"vkCreateDevice failed ({dr}) on {bestName}";
            return false;
        }
        device = new VulkanDevice(vk, instance, best, dev, bestFamily, bestName, bestType);
        why = "";
        return true;
    }

    private static int GraphicsComputeFamily(Vk vk, PhysicalDevice pd)
    {
        uint n = 0;
        vk.GetPhysicalDeviceQueueFamilyProperties(pd, ref n, null);
        var families = new QueueFamilyProperties[n];
        fixed (QueueFamilyProperties* f = families)
        {
            vk.GetPhysicalDeviceQueueFamilyProperties(pd, ref n, f);
        }
        for (int i = 0; i < n; i++)
        {
            if ((families[i].QueueFlags & (QueueFlags.GraphicsBit | QueueFlags.ComputeBit)) == (QueueFlags.GraphicsBit | QueueFlags.ComputeBit))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Throws when a call did not succeed.</summary>
    internal static void Check(Result result, string what)
    {
        if (result != Result.Success)
        {
            throw new VulkanException(what + " failed: " + result);
        }
    }

    /// <summary>
    /// A memory type allowed by <paramref name="typeBits"/> with all <paramref name="required"/>
    /// flags, preferring one that also has <paramref name="preferred"/>.
    /// </summary>
    internal uint MemoryType(uint typeBits, MemoryPropertyFlags required, MemoryPropertyFlags preferred = 0)
    {
        PhysicalDeviceMemoryProperties mem = MemoryProperties;
        int fallback = -1;
        for (int i = 0; i < mem.MemoryTypeCount; i++)
        {
            MemoryPropertyFlags f = mem.MemoryTypes[i].PropertyFlags;
            if ((typeBits & (1u << i)) == 0 || (f & required) != required)
            {
                continue;
            }
            if ((f & preferred) == preferred)
            {
                return (uint)i;
            }
            if (fallback < 0)
            {
                fallback = i;
            }
        }
        return fallback >= 0 ? (uint)fallback : throw new VulkanException($"no memory type with {required}");
    }

    /// <summary>Creates a buffer with its own memory; host-visible ones stay mapped.</summary>
    internal GpuBuffer CreateBuffer(ulong size, BufferUsageFlags usage, MemoryPropertyFlags required, MemoryPropertyFlags preferred = 0)
    {
        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = Math.Max(size, 16),
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
        };
        Check(Vk.CreateBuffer(Device, in info, null, out VkBuffer buffer), "vkCreateBuffer");
        Vk.GetBufferMemoryRequirements(Device, buffer, out MemoryRequirements req);
        var alloc = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = req.Size,
            MemoryTypeIndex = MemoryType(req.MemoryTypeBits, required, preferred),
        };
        Check(Vk.AllocateMemory(Device, in alloc, null, out DeviceMemory memory), "vkAllocateMemory");
        Check(Vk.BindBufferMemory(Device, buffer, memory, 0), "vkBindBufferMemory");
        void* mapped = null;
        if ((required & MemoryPropertyFlags.HostVisibleBit) != 0)
        {
            Check(Vk.MapMemory(Device, memory, 0, Vk.WholeSize, 0, &mapped), "vkMapMemory");
        }
        return new GpuBuffer(this, buffer, memory, info.Size, mapped);
    }

    /// <summary>Creates a 2-D image with its own device-local memory and a view.</summary>
    internal GpuImage CreateImage(uint width, uint height, Format format, ImageUsageFlags usage, ImageAspectFlags aspect)
    {
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            ImageType = ImageType.Type2D,
            Format = format,
            Extent = new Extent3D(width, height, 1),
            MipLevels = 1,
            ArrayLayers = 1,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            Usage = usage,
            SharingMode = SharingMode.Exclusive,
            InitialLayout = ImageLayout.Undefined,
        };
        Check(Vk.CreateImage(Device, in info, null, out Image image), "vkCreateImage");
        Vk.GetImageMemoryRequirements(Device, image, out MemoryRequirements req);
        var alloc = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = req.Size,
            MemoryTypeIndex = MemoryType(req.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit),
        };
        Check(Vk.AllocateMemory(Device, in alloc, null, out DeviceMemory memory), "vkAllocateMemory");
        Check(Vk.BindImageMemory(Device, image, memory, 0), "vkBindImageMemory");
        var viewInfo = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = ImageViewType.Type2D,
            Format = format,
            SubresourceRange = new ImageSubresourceRange(aspect, 0, 1, 0, 1),
        };
        Check(Vk.CreateImageView(Device, in viewInfo, null, out ImageView view), "vkCreateImageView");
        return new GpuImage(this, image, memory, view);
    }

    /// <summary>A primary command buffer from the device's pool.</summary>
    internal CommandBuffer AllocateCommandBuffer()
    {
        var alloc = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = CommandPool,
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        Check(Vk.AllocateCommandBuffers(Device, in alloc, out CommandBuffer cb), "vkAllocateCommandBuffers");
        return cb;
    }

    /// <summary>An unsignalled fence.</summary>
    internal Fence CreateFence()
    {
        var info = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
        Check(Vk.CreateFence(Device, in info, null, out Fence fence), "vkCreateFence");
        return fence;
    }

    /// <summary>Records and submits one-off commands and waits for them (uploads at set-up, never per frame).</summary>
    internal void RunOnce(Action<CommandBuffer> record)
    {
        CommandBuffer cb = AllocateCommandBuffer();
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Check(Vk.BeginCommandBuffer(cb, in begin), "vkBeginCommandBuffer");
        record(cb);
        Check(Vk.EndCommandBuffer(cb), "vkEndCommandBuffer");
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cb };
        Check(Vk.QueueSubmit(Queue, 1, in submit, default), "vkQueueSubmit");
        Check(Vk.QueueWaitIdle(Queue), "vkQueueWaitIdle");
        Vk.FreeCommandBuffers(Device, CommandPool, 1, in cb);
    }

    /// <summary>Copies <paramref name="data"/> into a new device-local buffer through a staging buffer.</summary>
    internal GpuBuffer Upload<T>(ReadOnlySpan<T> data, BufferUsageFlags usage) where T : unmanaged
    {
        ulong bytes = (ulong)(data.Length * sizeof(T));
        GpuBuffer target = CreateBuffer(bytes, usage | BufferUsageFlags.TransferDstBit, MemoryPropertyFlags.DeviceLocalBit);
        using GpuBuffer staging = CreateBuffer(bytes, BufferUsageFlags.TransferSrcBit, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit);
        MemoryMarshal.AsBytes(data).CopyTo(new Span<byte>(staging.Mapped, (int)bytes));
        if (bytes > 0)
        {
            RunOnce(cb =>
            {
                var region = new BufferCopy(0, 0, bytes);
                Vk.CmdCopyBuffer(cb, staging.Handle, target.Handle, 1, in region);
            });
        }
        return target;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Vk.DeviceWaitIdle(Device);
        Vk.DestroyCommandPool(Device, CommandPool, null);
        Vk.DestroyDevice(Device, null);
        Vk.DestroyInstance(Instance, null);
        Vk.Dispose();
    }
}

/// <summary>A Vulkan call failed.</summary>
internal sealed class VulkanException(string message) : Exception(message);

/// <summary>A buffer with its own memory (mapped while it lives when host-visible).</summary>
internal sealed unsafe class GpuBuffer(VulkanDevice device, VkBuffer handle, DeviceMemory memory, ulong size, void* mapped) : IDisposable
{
    /// <summary>The buffer.</summary>
    public VkBuffer Handle { get; } = handle;

    /// <summary>Its size in bytes.</summary>
    public ulong Size { get; } = size;

    /// <summary>Host address of the contents (null unless host-visible).</summary>
    public void* Mapped { get; } = mapped;

    /// <inheritdoc />
    public void Dispose()
    {
        device.Vk.DestroyBuffer(device.Device, Handle, null);
        device.Vk.FreeMemory(device.Device, memory, null);
    }
}

/// <summary>A 2-D image with its own memory and one view.</summary>
internal sealed unsafe class GpuImage(VulkanDevice device, Image handle, DeviceMemory memory, ImageView view) : IDisposable
{
    /// <summary>The image.</summary>
    public Image Handle { get; } = handle;

    /// <summary>Its view.</summary>
    public ImageView View { get; } = view;

    /// <inheritdoc />
    public void Dispose()
    {
        device.Vk.DestroyImageView(device.Device, View, null);
        device.Vk.DestroyImage(device.Device, Handle, null);
        device.Vk.FreeMemory(device.Device, memory, null);
    }
}
