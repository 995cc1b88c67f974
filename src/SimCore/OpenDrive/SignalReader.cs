using System.Xml.Linq;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>Reads a road's <c>&lt;signals&gt;</c> and the file's <c>&lt;controller&gt;</c>s.</summary>
internal static class SignalReader
{
    public static void ReadSignals(XodrContext ctx, XElement signals, string roadId, string scope, List<RoadSignal> into, List<RoadSignalReference> references)
    {
        foreach (XElement e in signals.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "signal":
                    if (Signal(ctx, e, roadId) is { } signal)
                    {
                        into.Add(signal);
                    }
                    break;
                case "signalReference":
                {
                    int before = ctx.ErrorCount;
                    string id = ctx.RequiredString(e, "id");
                    double s = ctx.RequiredDouble(e, "s"), t = ctx.RequiredDouble(e, "t");
                    if (ctx.ErrorCount == before)
                    {
                        references.Add(new RoadSignalReference(id, s, t, Orientation(ctx, e, roadId)));
                        ctx.PendingSignalRefs.Add((e, id));
                    }
                    break;
                }
                default:
                    ctx.Unsupported(e, scope, $"road '{roadId}' signals");
                    break;
            }
        }
    }

    private static RoadSignal? Signal(XodrContext ctx, XElement e, string roadId)
    {
        int before = ctx.ErrorCount;
        string id = ctx.RequiredString(e, "id");
        double s = ctx.RequiredDouble(e, "s"), t = ctx.RequiredDouble(e, "t");
        string dynamic = ctx.OptionalString(e, "dynamic")?.Trim() ?? "no";
        if (dynamic is not ("yes" or "no"))
        {
            ctx.Error(e.Attribute("dynamic")!, $"road '{roadId}' signal '{id}': dynamic must be 'yes' or 'no', not '{dynamic}'");
        }
        var validity = new List<(int, int)>();
        foreach (XElement v in e.Elements())
        {
            if (v.Name.LocalName == "validity")
            {
                validity.Add((ctx.RequiredInt(v, "fromLane"), ctx.RequiredInt(v, "toLane")));
            }
        }
        if (ctx.ErrorCount == before && !ctx.Signals.TryAdd(id, e))
        {
            // esmini's own maps repeat ids; references by id then find the first.
            ctx.WarnOnce(e, "signal-id-repeated", $"road '{roadId}': signal id '{id}' is used more than once (first at line {ctx.At(ctx.Signals[id]).Line}); references to a repeated id mean its first signal (reported once per file)");
        }
        if (ctx.ErrorCount > before)
        {
            return null;
        }
        return new RoadSignal(id, roadId, s, t, dynamic == "yes", Orientation(ctx, e, roadId), ctx.OptionalString(e, "type") ?? "-1",
            ctx.OptionalString(e, "subtype") ?? "-1", ctx.OptionalString(e, "country"))
        {
            Name = ctx.OptionalString(e, "name"),
            ZOffset = ctx.OptionalDouble(e, "zOffset", 0),
            Height = ctx.OptionalDouble(e, "height", 0),
            Width = ctx.OptionalDouble(e, "width", 0),
            HOffset = ctx.OptionalDouble(e, "hOffset", 0),
            Value = ctx.OptionalDouble(e, "value"),
            Validity = validity,
        };
    }

    private static string Orientation(XodrContext ctx, XElement e, string roadId)
    {
        string o = ctx.OptionalString(e, "orientation")?.Trim() ?? "none";
        if (o is not ("+" or "-" or "none"))
        {
            ctx.Warn(e, $"road '{roadId}': signal orientation '{o}' is not '+', '-' or 'none'; read as 'none'");
            return "none";
        }
        return o;
    }

    /// <summary>A top-level <c>&lt;controller&gt;</c> with its <c>&lt;control signalId&gt;</c>s.</summary>
    public static RoadSignalController? Controller(XodrContext ctx, XElement e)
    {
        int before = ctx.ErrorCount;
        string id = ctx.RequiredString(e, "id");
        var signals = new List<string>();
        foreach (XElement c in e.Elements())
        {
            if (c.Name.LocalName == "control")
            {
                string signalId = ctx.RequiredString(c, "signalId");
                signals.Add(signalId);
                ctx.PendingSignalRefs.Add((c, signalId));
            }
            else
            {
                ctx.Unsupported(c, "controller:" + id, $"controller '{id}'");
            }
        }
        return ctx.ErrorCount > before ? null : new RoadSignalController(id, ctx.OptionalString(e, "name"), ctx.OptionalInt(e, "sequence"), signals);
    }
}
