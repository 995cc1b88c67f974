using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Traffic;

/// <summary>How a speed action's target is given (OpenSCENARIO SpeedActionTarget).</summary>
internal enum SpeedTargetKind
{
    Absolute,
    RelativeDelta,
    RelativeFactor,
}

/// <summary>A speed target: absolute, or relative to another entity's speed.</summary>
internal sealed record SpeedTarget(SpeedTargetKind Kind, double Value, string? Reference)
{
    public double Evaluate(World world) => Kind switch
    {
        SpeedTargetKind.Absolute => Value,
        SpeedTargetKind.RelativeDelta => world.Get(Reference!).Speed + Value,
        _ => world.Get(Reference!).Speed * Value,
    };
}
