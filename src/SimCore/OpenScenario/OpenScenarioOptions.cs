using SimCore.Diagnostics;
using SimCore.Roads;

namespace SimCore.OpenScenario;

/// <summary>How the ego of an OpenSCENARIO file is driven.</summary>
public enum EgoDriverMode
{
    /// <summary>The built-in reference driver (set speed from the ego's initial speed); the storyboard's ego actions become requests to it.</summary>
    Reference,
    /// <summary>No driver: the ego follows the storyboard like every other entity, as esmini plays the file.</summary>
    Scenario,
}

/// <summary>Options for reading an OpenSCENARIO file.</summary>
public sealed record OpenScenarioOptions
{
    /// <summary>Name of the ego entity; null takes the first of Ego, ego, hero that exists (no ego when none does).</summary>
    public string? EgoName { get; init; }

    /// <summary>Who drives the ego.</summary>
    public EgoDriverMode EgoDriver { get; init; } = EgoDriverMode.Reference;

    /// <summary>Unsupported elements are errors instead of warnings.</summary>
    public bool Strict { get; init; }

    /// <summary>Longest simulated time (s); OpenSCENARIO has no duration, its stop trigger ends a run.</summary>
    public double Duration { get; init; } = 300;

    /// <summary>Default step (s).</summary>
    public double Step { get; init; } = 0.01;

    /// <summary>
    /// Adds the default criterion ego_no_collision (an OpenSCENARIO file has no criteria of its own,
    /// so without it a run with a crash passes); false is `--criteria none`. Nothing is added without an ego.
    /// </summary>
    public bool DefaultCriteria { get; init; } = true;

    /// <summary>Roads to use instead of the file's LogicFile (tests, or roads built in code).</summary>
    public RoadNetwork? Network { get; init; }

    /// <summary>Reads the LogicFile (an OpenDRIVE path) into roads, adding warnings; null uses the built-in OpenDRIVE reader.</summary>
    public Func<string, List<InputError>, RoadNetwork>? RoadLoader { get; init; }
}
