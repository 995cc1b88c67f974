using SensorModels.Rig;
using SimCore.Diagnostics;
using SimCore.Scenarios;

namespace Sim.Runtime;

/// <summary>
/// `sim validate`: everything a run would load, loaded without running: the scenario (and its
/// placement), its sensor rig with the rig's DBC files, and the perception model that drives the
/// ego, so that validate says ok exactly where a run would get past loading.
/// </summary>
public static class RunValidation
{
    /// <summary>Every error of what a run of <paramref name="scenario"/> would load (empty when valid).</summary>
    /// <param name="scenario">The scenario file.</param>
    /// <param name="load">Parameters and OpenSCENARIO options.</param>
    /// <param name="modelSpec">The model spec of `--ego-driver onnx:SPEC`, or null.</param>
    /// <param name="warnings">Receives warnings.</param>
    public static IReadOnlyList<InputError> Validate(string scenario, LoadOptions load, string? modelSpec, List<InputError> warnings)
    {
        IReadOnlyList<InputError> errors = ScenarioFiles.Validate(scenario, load, warnings);
        if (errors.Count > 0)
        {
            return errors;
        }
        var more = new List<InputError>();
        try
        {
            if (ScenarioFiles.Load(scenario, load, new List<InputError>()).RigFile is { } rig)
            {
                RigLoader.Load(rig);
            }
            if (modelSpec is not null)
            {
                using (Perception.Runtime.ModelRunner.Load(modelSpec))
                {
                }
            }
        }
        catch (InputException e)
        {
            more.AddRange(e.Errors);
        }
        return more;
    }
}
