using SimCore.Scenarios;

namespace SimCore.Kpis;

/// <summary>Where the ego should get to: reached within a radius of the position.</summary>
internal sealed record Goal(PositionSpec Position, double Radius);
