namespace Sim.Runtime.Mining;

/// <summary>What `sim mine` is asked to do (docs/perception-models.md, "Mining").</summary>
/// <param name="Dataset">The `sim generate` folder.</param>
/// <param name="Specs">One model spec, or the ensemble's specs (two or more).</param>
/// <param name="Ensemble">Whether <paramref name="Specs"/> came from --ensemble.</param>
/// <param name="Top">How many frames to select.</param>
/// <param name="Output">The selection's path without extension (.json and .txt are written).</param>
/// <param name="By">entropy or margin (one model), mi-max or mi-mean (an ensemble).</param>
/// <param name="Class">Only this model class counts, or null.</param>
/// <param name="Condition">night, dusk, day (<see cref="SensorModels.Rendering.Lighting.ConditionAt"/>), or null.</param>
/// <param name="Dedup">Near-duplicate window (s): null for the dataset's frame interval, 0 for none.</param>
public sealed record MineRequest(string Dataset, IReadOnlyList<string> Specs, bool Ensemble, int Top, string Output, string By, string? Class, string? Condition, double? Dedup)
{
    /// <summary>
    /// The selection's path without .json or .txt: `--out sel.json` writes sel.json and sel.txt, not sel.json.json.
    /// </summary>
    public static string Stem(string output)
        => Path.GetExtension(output) is ".json" or ".txt" ? output[..^Path.GetExtension(output).Length] : output;
}
