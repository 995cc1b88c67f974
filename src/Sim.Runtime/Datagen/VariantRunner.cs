using System.Globalization;
using SensorModels.Runtime;
using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace Sim.Runtime.Datagen;

/// <summary>Runs one variant (its scenario with its seed and the spec's rig) and writes its frames as they come.</summary>
internal static class VariantRunner
{
    /// <summary>
    /// Simulates until the variant's last frame and writes every frame. Returns null on success, or
    /// the reason the variant failed (its frames then stay incomplete and a resume runs it again).
    /// </summary>
    public static string? Run(GenerationSpec spec, DatagenRig rig, KittiFrameWriter writer, Scenario baseScenario, VariantDraw draw,
        Func<int, FrameLineage> lineage)
    {
        Scenario scenario;
        Simulator sim;
        RigSession runner;
        try
        {
            scenario = draw.Apply(baseScenario);
            sim = new Simulator(scenario, new SimulationOptions { Seed = draw.SimulationSeed });
            // Cameras that cannot render are an error (strict): a dataset without its images is not what was asked for.
            runner = RigSession.Create(spec.Rig, null, scenario, sim, strict: true);
        }
        catch (InputException e)
        {
            return "the derived scenario does not load: " + string.Join("; ", e.Errors.Select(x => x.ToString()));
        }
        using RigSession sensors = runner;
        var stages = new StepStages(sim);
        sensors.Attach(stages);
        var collector = new FrameCollector(rig);
        stages.SensorOutput += collector.Write;
        long start = (long)Math.Round(spec.Start * 1e9), every = (long)Math.Round(spec.Interval * 1e9);
        int next = 0;
        stages.Sensed += s =>
        {
            long t = s.Time.Nanoseconds;
            if (next < spec.Frames && t == start + next * every)
            {
                FrameLineage l = lineage(next);
                writer.Write(l.Id, t, collector, s, l.WriteTo);
                next++;
            }
            if (next == spec.Frames)
            {
                stages.Stop(); // the last frame is written: the rest of the scenario is not needed
            }
        };
        try
        {
            stages.Run();
        }
        catch (Exception e) when (e is InvalidOperationException or InputException or IOException or UnauthorizedAccessException)
        {
            return $"stopped at t = {sim.Time.Seconds.ToString("0.###", CultureInfo.InvariantCulture)} s: {e.Message}";
        }
        return next < spec.Frames
            ? string.Create(CultureInfo.InvariantCulture, $"the run ended ({sim.EndReason.Name()}) at t = {sim.Time.Seconds:0.###} s, before frame {next} (t = {(start + next * every) / 1e9:0.###} s)")
            : null;
    }
}
