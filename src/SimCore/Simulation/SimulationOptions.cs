namespace SimCore.Simulation;

/// <summary>Run options that override the scenario's own values.</summary>
public sealed record SimulationOptions
{
    /// <summary>Seed for every random stream; null keeps the scenario's.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Fixed step (s); null keeps the scenario's.</summary>
    public double? Step { get; init; }

    /// <summary>Worker threads for the per-entity phases; results are identical for any value.</summary>
    public int Threads { get; init; } = 1;
}
