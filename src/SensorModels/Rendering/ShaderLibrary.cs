using Silk.NET.Vulkan;

namespace SensorModels.Rendering;

/// <summary>The committed SPIR-V of Rendering/Shaders (embedded resources, built with glslc -O).</summary>
internal static class ShaderLibrary
{
    /// <summary>Shader sources, by file name; each has a committed "name.spv" beside it.</summary>
    public static readonly string[] Sources = ["scene.vert", "scene.frag", "output.comp", "nv12.comp"];

    /// <summary>The SPIR-V of <paramref name="source"/> (e.g. "scene.vert").</summary>
    public static byte[] Spirv(string source)
    {
        string name = "SensorModels.Rendering.Shaders." + source + ".spv";
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
}
