using System.Globalization;
using Sim.Runtime.Batch;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Diagnostics;
using SimCore.Entities;
using SimCore.Traffic;

namespace Sim.Runtime.Datagen;

/// <summary>
/// The random values of one variant of one scenario; <see cref="Apply"/> makes the variant's scenario
/// from them (a dataset wants its frames even after a crash, so collisions do not end it).
/// </summary>
/// <remarks>
/// Every draw is counter-based (<see cref="SweepRandom"/>): a hash of the spec seed, the scenario's
/// path relative to the spec, the variant and what is drawn, so a variant's values do not depend on
/// the other scenarios or variants of the spec, the shard, or the order things are drawn in.
/// </remarks>
/// <param name="SimulationSeed">The run seed of the variant: every sensor's noise derives from it.</param>
/// <param name="Actors">Actors added.</param>
/// <param name="TimeOfDay">Time of day (hours), or null when the scenario's is kept.</param>
/// <param name="Visibility">Visibility (m), or null when the scenario's is kept.</param>
internal sealed record VariantDraw(ulong SimulationSeed, IReadOnlyList<PlacedActor> Actors, double? TimeOfDay, double? Visibility)
{
    /// <summary>Placement attempts per actor before it is left out (a crowded road).</summary>
    private const int Attempts = 20;

    /// <summary>Draws variant <paramref name="variant"/> of <paramref name="baseScenario"/>.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="scenarioKey">The scenario's path relative to the spec.</param>
    /// <param name="variant">Variant index.</param>
    /// <param name="baseScenario">The base scenario, loaded (for its roads).</param>
    public static VariantDraw Make(GenerationSpec spec, string scenarioKey, int variant, Scenario baseScenario)
    {
        string key = scenarioKey + "#" + variant.ToString(CultureInfo.InvariantCulture);
        double U(string what, int component) => SweepRandom.Uniform(spec.Seed, key + "/" + what, variant, component);

        ulong seed = (ulong)(U("seed", 0) * (1UL << 53));
        double? tod = spec.TimeOfDay?.At(U("time_of_day", 0));
        double? vis = spec.Visibility?.At(U("visibility", 0));

        // Where the ego and the scenario's own entities stand at t = 0: added actors keep clear of them.
        var sim = new Simulator(baseScenario);
        var snapshots = new EntitySnapshot[sim.EntityCount];
        sim.GetSnapshot(snapshots);
        EntitySnapshot ego = snapshots[sim.EgoIndex];
        var actors = new List<PlacedActor>();
        Road? road = ego.HasRoad && ego.RoadId is not null ? baseScenario.Network.Find(ego.RoadId) : null;
        var occupied = snapshots.Where(s => s.HasRoad && s.RoadId == ego.RoadId)
            .Select(s => (s.LaneId, s.RoadS, Length: Math.Max(s.Length, 1.0))).ToList();
        // Every integer of [min, max] equally likely.
        int lo = (int)Math.Ceiling(spec.Actors.Count.Min), hi = (int)Math.Floor(spec.Actors.Count.Max);
        int count = hi < lo ? lo : Math.Min(hi, lo + (int)Math.Floor(U("count", 0) * (hi - lo + 1)));
        // The direction of travel of the ego's lane along s (right-hand traffic: right lanes run along +s).
        double along = ego.LaneId > 0 ? -1 : 1;
        for (int i = 0; road is not null && i < count; i++)
        {
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                int c = i * Attempts + attempt;
                string type = Pick(spec.Actors.Types, U("type", c));
                double s = ego.RoadS + along * spec.Actors.Ds.At(U("ds", c));
                double length = ActorSpec.SpacingLength(type);
                if (s < length || s > road.Length - length)
                {
                    continue;
                }
                (int min, int max) = road.LaneIdRange(s);
                int[] lanes = Enumerable.Range(min, max - min + 1).Where(l => l != 0 && road.HasLane(l, s)).ToArray();
                if (lanes.Length == 0)
                {
                    continue;
                }
                int lane = lanes[Math.Min(lanes.Length - 1, (int)(U("lane", c) * lanes.Length))];
                // Apart from everything already on that lane by half of both lengths plus 2 m.
                if (occupied.Any(o => o.LaneId == lane && Math.Abs(o.RoadS - s) < (o.Length + length) / 2 + 2))
                {
                    continue;
                }
                ValueRange speeds = type switch
                {
                    "pedestrian" => spec.Actors.PedestrianSpeed,
                    "cyclist" => spec.Actors.CyclistSpeed,
                    _ => spec.Actors.VehicleSpeed,
                };
                double speed = Math.Round(speeds.At(U("speed", c)), 3);
                s = Math.Round(s, 3);
                actors.Add(new PlacedActor($"dg_actor_{i}", type, road.Id, lane, s, speed));
                occupied.Add((lane, s, length));
                break;
            }
        }
        return new VariantDraw(seed, actors, tod is double t ? Math.Round(t, 4) : null, vis is double v ? Math.Round(v, 1) : null);
    }

    private static string Pick(IReadOnlyList<(string Type, double Weight)> types, double u)
    {
        double total = types.Sum(t => t.Weight), at = u * total;
        foreach ((string type, double weight) in types)
        {
            if (at < weight)
            {
                return type;
            }
            at -= weight;
        }
        return types.Last(t => t.Weight > 0).Type;
    }

    /// <summary>
    /// The variant's scenario: <paramref name="basis"/> with the drawn actors after its entities, the
    /// drawn environment, and <c>end_on_collision: false</c>.
    /// </summary>
    /// <param name="basis">The base scenario; the result shares its storyboard (run one at a time).</param>
    /// <exception cref="InputException">The drawn actors do not fit the scenario.</exception>
    public Scenario Apply(Scenario basis)
    {
        var b = new ScenarioBuilder(basis);
        foreach (PlacedActor a in Actors)
        {
            var kind = Enum.Parse<EntityKind>(a.Type, ignoreCase: true);
            // Moving vehicles follow their lane with IDM at their speed (so they brake for what is ahead);
            // a vehicle drawn at 0 m/s is parked and stays so.
            IdmParameters? idm = kind is EntityKind.Car or EntityKind.Truck or EntityKind.Bus && a.Speed > 0
                ? new IdmParameters { DesiredSpeed = a.Speed }
                : null;
            b.AddTraffic(a.Name, kind, new LanePlacement(a.Road, a.Lane, a.S), a.Speed, idm);
        }
        if (TimeOfDay is not null || Visibility is not null)
        {
            b.WithEnvironment(basis.Environment with
            {
                TimeOfDay = TimeOfDay ?? basis.Environment.TimeOfDay,
                Visibility = Visibility ?? basis.Environment.Visibility,
            });
        }
        return b.EndOnCollision(false).Build();
    }
}
