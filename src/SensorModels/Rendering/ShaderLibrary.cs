using Silk.NET.Core.Native;
using Silk.NET.Vulkan;

namespace SensorModels.Rendering;

/// <summary>The committed SPIR-V of the Vulkan shaders (embedded resources, built with glslc -O).</summary>
internal static class ShaderLibrary
{
    /// <summary>Shader sources, relative to src/SensorModels; each has a committed "name.spv" beside it.</summary>
    public static readonly string[] Sources =
    [
        "Rendering/Shaders/scene.vert", "Rendering/Shaders/scene.frag", "Rendering/Shaders/output.comp", "Rendering/Shaders/nv12.comp",
        "Compute/Shaders/raycast.comp",
    ];

    /// <summary>The SPIR-V of <paramref name="source"/>: a file name of <see cref="Sources"/> (e.g. "scene.vert").</summary>
    public static byte[] Spirv(string source)
    {
        string path = Array.Find(Sources, s => s == source || s.EndsWith("/" + source, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no such shader: " + source);
        string name = "SensorModels." + path.Replace('/', '.') + ".spv";
        using Stream s = typeof(ShaderLibrary).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("embedded shader missing: " + name);
        var bytes = new byte[s.Length];
        s.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Creates a shader module from the embedded SPIR-V.</summary>
    public static unsafe ShaderModule Module(VulkanDevice device, string source)
    {
        byte[] code = Spirv(source);
        fixed (byte* p = code)
        {
            var info = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)code.Length, PCode = (uint*)p };
            VulkanDevice.Check(device.Vk.CreateShaderModule(device.Device, in info, null, out ShaderModule module), "vkCreateShaderModule " + source);
            return module;
        }
    }

    /// <summary>
    /// A compute pipeline of the embedded shader <paramref name="source"/> on <paramref name="layout"/>,
    /// its specialisation constants 0, 1, ... set to <paramref name="constants"/> (int each).
    /// </summary>
    public static unsafe Pipeline ComputePipeline(VulkanDevice device, string source, PipelineLayout layout, ReadOnlySpan<int> constants = default)
    {
        ShaderModule module = Module(device, source);
        byte* main = (byte*)SilkMarshal.StringToPtr("main");
        SpecializationMapEntry* entries = stackalloc SpecializationMapEntry[Math.Max(1, constants.Length)];
        for (int i = 0; i < constants.Length; i++)
        {
            entries[i] = new SpecializationMapEntry((uint)i, (uint)(i * sizeof(int)), sizeof(int));
        }
        try
        {
            fixed (int* data = constants)
            {
                var spec = new SpecializationInfo { MapEntryCount = (uint)constants.Length, PMapEntries = entries, DataSize = (nuint)(constants.Length * sizeof(int)), PData = data };
                var info = new ComputePipelineCreateInfo
                {
                    SType = StructureType.ComputePipelineCreateInfo,
                    Stage = new PipelineShaderStageCreateInfo
                    {
                        SType = StructureType.PipelineShaderStageCreateInfo,
                        Stage = ShaderStageFlags.ComputeBit,
                        Module = module,
                        PName = main,
                        PSpecializationInfo = constants.Length > 0 ? &spec : null,
                    },
                    Layout = layout,
                };
                VulkanDevice.Check(device.Vk.CreateComputePipelines(device.Device, default, 1, in info, null, out Pipeline pipeline), "vkCreateComputePipelines " + source);
                return pipeline;
            }
        }
        finally
        {
            SilkMarshal.Free((nint)main);
            device.Vk.DestroyShaderModule(device.Device, module, null);
        }
    }
}
