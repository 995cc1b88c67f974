using System.Xml.Linq;
using SimCore.Simulation;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Traffic;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private static readonly IReadOnlyDictionary<string, LongitudinalDisplacement> LongitudinalDisplacementWords = new Dictionary<string, LongitudinalDisplacement>
    {
        ["trailingReferencedEntity"] = LongitudinalDisplacement.TrailingReferencedEntity,
        ["leadingReferencedEntity"] = LongitudinalDisplacement.LeadingReferencedEntity,
        ["any"] = LongitudinalDisplacement.Any,
    };

    /// <summary>LongitudinalDistanceAction: a distance or a time gap (exactly one), displacement (1.1+; default trailing).</summary>
    private ActionBase? LongitudinalDistance(XElement a, string name, string entity, ParameterScope scope)
    {
        string? reference = EntityRef(a, "entityRef", scope);
        double? distance = _ctx.Num(a, "distance", scope);
        double? timeGap = _ctx.Num(a, "timeGap", scope);
        if (distance is null == timeGap is null)
        {
            _ctx.Error(a, "<LongitudinalDistanceAction> needs exactly one of 'distance' and 'timeGap'");
        }
        if (distance < 0 || timeGap < 0)
        {
            _ctx.Error(a, "<LongitudinalDistanceAction>'s distance and timeGap must not be negative (the displacement gives the side)");
        }
        bool freespace = _ctx.Bool(a, "freespace", scope) ?? false;
        bool continuous = _ctx.Bool(a, "continuous", scope) ?? false;
        LongitudinalDisplacement displacement = a.Attribute("displacement") is null
            ? LongitudinalDisplacement.TrailingReferencedEntity
            : _ctx.Enum(a, "displacement", scope, LongitudinalDisplacementWords) ?? LongitudinalDisplacement.TrailingReferencedEntity;
        MeasureFrame frame = Frame(a, scope);
        DynamicLimits limits = Limits(a.Element("DynamicConstraints"), scope);
        return reference is null ? null : new LongitudinalDistanceAction(name, entity, reference, distance, timeGap,
            displacement, freespace, frame, continuous, limits);
    }

    private static readonly IReadOnlyDictionary<string, LateralDisplacement> LateralDisplacementWords = new Dictionary<string, LateralDisplacement>
    {
        ["any"] = LateralDisplacement.Any,
        ["leftToReferencedEntity"] = LateralDisplacement.LeftToReferencedEntity,
        ["rightToReferencedEntity"] = LateralDisplacement.RightToReferencedEntity,
    };

    /// <summary>
    /// LateralDistanceAction: without 'distance' the distance at the start is kept; without
    /// 'displacement' (1.0 has none) the entity keeps to the left, as esmini reads it.
    /// </summary>
    private ActionBase? LateralDistance(XElement a, string name, string entity, ParameterScope scope)
    {
        string? reference = EntityRef(a, "entityRef", scope);
        double? distance = _ctx.Num(a, "distance", scope);
        if (distance < 0)
        {
            _ctx.Error(a.Attribute("distance"), "<LateralDistanceAction>'s distance must not be negative (the displacement gives the side)");
        }
        bool freespace = _ctx.Bool(a, "freespace", scope) ?? false;
        bool continuous = _ctx.Bool(a, "continuous", scope) ?? false;
        LateralDisplacement side = a.Attribute("displacement") is null
            ? LateralDisplacement.LeftToReferencedEntity
            : _ctx.Enum(a, "displacement", scope, LateralDisplacementWords) ?? LateralDisplacement.LeftToReferencedEntity;
        MeasureFrame frame = a.Attribute("coordinateSystem") is null ? MeasureFrame.Entity : Frame(a, scope);
        DynamicLimits limits = Limits(a.Element("DynamicConstraints"), scope);
        return reference is null ? null : new LateralDistanceAction(name, entity, reference, distance, side, freespace, frame, continuous, limits);
    }
}
