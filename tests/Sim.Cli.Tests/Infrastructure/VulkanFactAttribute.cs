using SensorModels.Rendering;

namespace Sim.Cli.Tests.Infrastructure;

/// <summary>A fact that renders cameras: skipped with the reason without a Vulkan device, a failure with SIM_REQUIRE_ALL=1.</summary>
public sealed class VulkanFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!VulkanDevice.TryCreate(out VulkanDevice? d, out string why))
        {
            return why;
        }
        d!.Dispose();
        return null;
    });

    public VulkanFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && Missing.Value is { } why)
        {
            Skip = "no Vulkan device: " + why + " (set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}
