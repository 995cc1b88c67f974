namespace Sim.Runtime.Datagen;

/// <summary>
/// One simulation of a dataset: variant <see cref="Variant"/> of scenario <see cref="ScenarioIndex"/>,
/// which makes frames <see cref="FirstFrame"/> .. FirstFrame + frames - 1. Frame ids are positions
/// in the sorted (scenario, variant, frame) list, so they do not depend on the shard.
/// </summary>
/// <param name="ScenarioIndex">Index into the spec's sorted scenarios.</param>
/// <param name="Variant">Variant index.</param>
/// <param name="FirstFrame">Global id of its first frame.</param>
internal sealed record DatagenJob(int ScenarioIndex, int Variant, long FirstFrame)
{
    /// <summary>Every job of a spec, in frame-id order.</summary>
    public static IReadOnlyList<DatagenJob> All(GenerationSpec spec)
    {
        var jobs = new List<DatagenJob>();
        for (int s = 0; s < spec.Scenarios.Count; s++)
        {
            for (int v = 0; v < spec.Variants; v++)
            {
                jobs.Add(new DatagenJob(s, v, ((long)s * spec.Variants + v) * spec.Frames));
            }
        }
        return jobs;
    }
}
