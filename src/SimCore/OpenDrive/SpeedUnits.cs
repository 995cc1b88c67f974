using System.Xml.Linq;

namespace SimCore.OpenDrive;

/// <summary>OpenDRIVE speed records: <c>max</c> in the record's <c>unit</c> (m/s, km/h, mph; m/s when absent), converted to m/s.</summary>
internal static class SpeedUnits
{
    public const double KmhToMs = 1000.0 / 3600.0;
    public const double MphToMs = 1609.344 / 3600.0;

    /// <summary>Factor from <paramref name="unit"/> to m/s, or null for an unknown unit.</summary>
    public static double? Factor(string? unit) => unit?.Trim() switch
    {
        null or "" or "m/s" => 1.0,
        "km/h" => KmhToMs,
        "mph" => MphToMs,
        _ => null,
    };

    /// <summary>
    /// Reads <c>max</c>/<c>unit</c> of a speed element. <paramref name="ok"/> is false after an
    /// error; the value is null for "no limit" and "undefined" (OpenDRIVE's keywords for none).
    /// </summary>
    public static double? Read(XodrContext ctx, XElement e, out bool ok)
    {
        ok = true;
        XAttribute? max = e.Attribute("max");
        if (max is null)
        {
            ctx.Error(e, $"<{e.Name.LocalName}> is missing required attribute 'max'");
            ok = false;
            return null;
        }
        string text = max.Value.Trim();
        if (text is "no limit" or "undefined")
        {
            return null;
        }
        string? unit = e.Attribute("unit")?.Value;
        if (Factor(unit) is not double factor)
        {
            ctx.Error(e, $"<{e.Name.LocalName}> has unknown speed unit '{unit}' (expected m/s, km/h or mph)");
            ok = false;
            return null;
        }
        int before = ctx.ErrorCount;
        double v = ctx.ParseDouble(max);
        if (ctx.ErrorCount > before)
        {
            ok = false;
            return null;
        }
        if (v < 0)
        {
            ctx.Error(max, $"speed 'max' must be >= 0, found {v}");
            ok = false;
            return null;
        }
        return v * factor;
    }
}
