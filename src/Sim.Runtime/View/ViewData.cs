using System.Text.Json;
using Sim.Runtime.Output;

namespace Sim.Runtime.View;

/// <summary>A plot of the page: series columns drawn over time, with the thresholds of the criteria on the named KPIs.</summary>
/// <param name="Title">Plot title.</param>
/// <param name="Unit">Unit of the y axis.</param>
/// <param name="Columns">Series columns drawn.</param>
/// <param name="Kpis">KPIs whose criteria thresholds are drawn as lines.</param>
/// <param name="Clamp">Y range the axis is limited to (TTC and headway run to infinity), or null.</param>
/// <param name="Aeb">Shade the AEB stages behind it.</param>
internal sealed record PlotSpec(string Title, string Unit, string[] Columns, string[] Kpis, (double Lo, double Hi)? Clamp = null, bool Aeb = false);

/// <summary>Everything a view page shows, from whichever source (run directory, recording, replay).</summary>
internal sealed class ViewData
{
    /// <summary>"run", "recording" or "replay".</summary>
    public required string Source { get; init; }

    public required string Title { get; init; }

    /// <summary>pass, fail, error, or null when the source has no verdict.</summary>
    public string? Status { get; init; }

    /// <summary>Short facts for the header (file, end reason, seed, step...).</summary>
    public required IReadOnlyList<string> Info { get; init; }

    /// <summary>The step (s) and the index of the last state: the slider's range.</summary>
    public required double Step { get; init; }

    public required long LastState { get; init; }

    public required IReadOnlyList<SceneEntity> Entities { get; init; }

    public IReadOnlyList<SceneSensor> Sensors { get; init; } = [];

    public required PoseTrack Poses { get; init; }

    public MapSketch? Map { get; init; }

    public SeriesTrack? Series { get; init; }

    public IReadOnlyList<PlotSpec> Plots { get; init; } = [];

    /// <summary>Events as result.json writes them ({time, type, name, entities, detail}), in time order.</summary>
    public IReadOnlyList<JsonElement> Events { get; init; } = [];

    /// <summary>Criteria as result.json writes them.</summary>
    public IReadOnlyList<JsonElement> Criteria { get; init; } = [];

    /// <summary>Collisions as result.json writes them.</summary>
    public IReadOnlyList<JsonElement> Collisions { get; init; } = [];

    /// <summary>A replay's target answers (perceived objects), or null.</summary>
    public AnswerTrack? Answers { get; init; }

    /// <summary>What the page should warn about (no map, decimated frames...).</summary>
    public List<string> Notes { get; } = new();

    /// <summary>The plots of a run's kpi_series.csv.</summary>
    public static readonly IReadOnlyList<PlotSpec> RunPlots =
    [
        new("Ego speed", "m/s", ["speed"], ["max_speed", "min_speed", "final_speed"]),
        new("Ego acceleration (AEB stages shaded)", "m/s^2", ["acceleration", "lateral_acceleration"], ["max_accel", "max_decel", "max_lat_accel"], Aeb: true),
        new("Time to collision", "s", ["ttc"], ["min_ttc"], (0, 10)),
        new("Time headway", "s", ["headway"], ["min_thw"], (0, 6)),
        new("Lead distance", "m", ["lead_distance"], ["min_lead_distance"]),
    ];
}
