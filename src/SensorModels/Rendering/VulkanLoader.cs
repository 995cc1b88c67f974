using System.Runtime.InteropServices;
using Silk.NET.Core.Contexts;

namespace SensorModels.Rendering;

/// <summary>
/// The system's Vulkan loader (libvulkan.so.1) opened with <see cref="NativeLibrary"/>. Silk.NET's
/// <c>Vk.GetApi()</c> searches through its path resolver, which reads assembly locations and the
/// deps.json: both empty in a native AOT `sim`, and trimming warns about them. Vulkan needs only the
/// loader by its soname, as the Vulkan specification's loader document says applications open it.
/// </summary>
internal sealed class VulkanLoader : INativeContext
{
    private static readonly string[] Names = OperatingSystem.IsWindows() ? ["vulkan-1.dll"]
        : OperatingSystem.IsMacOS() ? ["libvulkan.1.dylib", "libMoltenVK.dylib"]
        : ["libvulkan.so.1", "libvulkan.so"];

    private nint _handle;

    private VulkanLoader(nint handle) => _handle = handle;

    /// <summary>Opens the loader; throws <see cref="DllNotFoundException"/> naming every name tried.</summary>
    public static VulkanLoader Open()
    {
        foreach (string name in Names)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                return new VulkanLoader(handle);
            }
        }
        throw new DllNotFoundException("no Vulkan loader among " + string.Join(", ", Names));
    }

    /// <inheritdoc />
    public nint GetProcAddress(string proc, int? slot = default)
        => TryGetProcAddress(proc, out nint address, slot) ? address : throw new EntryPointNotFoundException(proc + " is not exported by the Vulkan loader");

    /// <inheritdoc />
    public bool TryGetProcAddress(string proc, out nint addr, int? slot = default)
    {
        addr = 0;
        return _handle != 0 && NativeLibrary.TryGetExport(_handle, proc, out addr);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The loader stays mapped: Vk keeps function pointers into it for the process's lifetime.
        _handle = 0;
    }
}
