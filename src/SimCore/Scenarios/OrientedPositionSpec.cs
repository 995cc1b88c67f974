using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace SimCore.Scenarios;

/// <summary>
/// A position with an OpenSCENARIO Orientation applied: absolute sets the heading, relative adds
/// to the heading the inner position gives (lane or road direction, or the reference entity's).
/// </summary>
internal sealed record OrientedPositionSpec(SourceLocation Where, PositionSpec Inner, bool Absolute, double Heading)
    : PositionSpec(Where)
{
    public override bool TryResolve(World world, out ResolvedPosition position, out string? error)
    {
        if (!Inner.TryResolve(world, out position, out error))
        {
            return false;
        }
        double h = Absolute ? Angles.WrapPi(Heading) : Angles.WrapPi(position.Heading + Heading);
        position = position with { Heading = h };
        return true;
    }

    public override string? Check(RoadNetwork network, Func<string, bool> entityExists) => Inner.Check(network, entityExists);

    public override string? ReferencedEntity => Inner.ReferencedEntity;

    public override bool GivesHeading => true;
}
