using SensorModels.Rendering;

namespace SensorModels.Tests.Rendering;

/// <summary>
/// One Vulkan device for the test run (lavapipe in CI). Tests needing it are skipped with the
/// reason when there is none, and fail when SIM_REQUIRE_ALL=1.
/// </summary>
internal static class VulkanTestDevice
{
    private static readonly Lazy<(VulkanDevice? Device, string Why)> Instance = new(() =>
    {
        bool ok = VulkanDevice.TryCreate(out VulkanDevice? d, out string why);
        return (ok ? d : null, why);
    });

    public static bool Required => Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") == "1";

    public static bool Available => Instance.Value.Device is not null;

    public static string Why => Instance.Value.Why;

    public static VulkanDevice Get()
        => Instance.Value.Device ?? throw new Xunit.Sdk.XunitException("no Vulkan device and SIM_REQUIRE_ALL=1 requires one: " + Why);
}

/// <summary>A fact that needs a Vulkan device (see <see cref="VulkanTestDevice"/>).</summary>
public sealed class VulkanFactAttribute : FactAttribute
{
    public VulkanFactAttribute()
    {
        if (!VulkanTestDevice.Required && !VulkanTestDevice.Available)
        {
            Skip = "no Vulkan device: " + VulkanTestDevice.Why + " (set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Vulkan tests share one device and queue, which must not be used from two threads at once.</summary>
[CollectionDefinition("vulkan", DisableParallelization = true)]
public sealed class VulkanCollection;
