using SensorModels.Rendering;

namespace SensorModels.Tests.Rendering;

/// <summary>Night, dusk and day as the renderer's equinox sun at 48 N gives them.</summary>
public sealed class LightConditionTests
{
    // By hand: sin(elevation) = cos(48 deg) cos(15 deg/h (h - 12)). Night (below -6 deg) when
    // |h - 12| > acos(sin(-6 deg) / cos(48 deg)) / 15 = acos(-0.15622) / 15 = 6.599 h; day (at or
    // above 10 deg) when |h - 12| <= acos(sin(10 deg) / cos(48 deg)) / 15 = acos(0.25951) / 15 = 4.997 h.
    [Theory]
    [InlineData(0.0, "night")]
    [InlineData(5.35, "night")]
    [InlineData(5.45, "dusk")]
    [InlineData(6.95, "dusk")]
    [InlineData(7.05, "day")]
    [InlineData(12.0, "day")]
    [InlineData(16.95, "day")]
    [InlineData(17.05, "dusk")]
    [InlineData(18.55, "dusk")]
    [InlineData(18.65, "night")]
    [InlineData(23.9, "night")]
    public void The_condition_follows_the_sun_elevation(double hours, string condition)
        => Assert.Equal(condition, Lighting.ConditionAt(hours));
}
