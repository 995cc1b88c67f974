using System.Xml.Linq;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>Maps OpenDRIVE lane type keywords (1.4 to 1.8) onto <see cref="LaneType"/>.</summary>
internal static class LaneTypes
{
    public static LaneType Parse(XodrContext ctx, XElement lane, string text, string roadId)
    {
        switch (text.Trim())
        {
            case "none": return LaneType.None;
            case "driving": return LaneType.Driving;
            case "shoulder": return LaneType.Shoulder;
            case "border": return LaneType.Border;
            case "stop": return LaneType.Stop;
            case "sidewalk":
            case "walking": return LaneType.Sidewalk;   // 1.8 renamed sidewalk to walking
            case "biking": return LaneType.Biking;
            case "restricted": return LaneType.Restricted;
            case "parking": return LaneType.Parking;
            case "median": return LaneType.Median;
            case "curb": return LaneType.Curb;
            case "entry":
            case "mwyEntry": return LaneType.Entry;
            case "exit":
            case "mwyExit": return LaneType.Exit;
            case "onRamp": return LaneType.OnRamp;
            case "offRamp": return LaneType.OffRamp;
            // Lanes vehicles drive on, with usage rules the simulator does not model.
            case "bidirectional":
            case "bus":
            case "taxi":
            case "HOV":
            case "connectingRamp":
            case "slipLane":
                ctx.WarnOnce(lane, $"road:{roadId}\u0000lanetype:{text}", $"road '{roadId}': lane type '{text}' is read as driving");
                return LaneType.Driving;
            default:
                ctx.WarnOnce(lane, $"road:{roadId}\u0000lanetype:{text}", $"road '{roadId}': lane type '{text}' has no equivalent here and is read as none");
                return LaneType.None;
        }
    }
}
