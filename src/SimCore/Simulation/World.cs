using SimCore.Collision;
using SimCore.Entities;
using SimCore.Roads;
using SimCore.Timing;

namespace SimCore.Simulation;

/// <summary>
/// The state of a run that conditions, actions, controllers and monitors read: entities, roads,
/// time, current collisions, the event log.
/// </summary>
internal sealed class World
{
    private readonly Dictionary<string, Entity> _byName;
    private readonly HashSet<long> _colliding = new();

    public World(RoadNetwork network, Entity[] entities, double dt, ulong seed, EnvironmentSettings environment)
    {
        Network = network;
        Entities = entities;
        Dt = dt;
        Seed = seed;
        Environment = environment;
        _byName = entities.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Ego = entities.FirstOrDefault(e => e.IsEgo);
    }

    public RoadNetwork Network { get; }

    public Entity[] Entities { get; }

    public Entity? Ego { get; }

    public double Dt { get; }

    public ulong Seed { get; }

    /// <summary>Time of day and visibility now (an OpenSCENARIO EnvironmentAction changes them during a run).</summary>
    public EnvironmentSettings Environment { get; set; }

    public SimTime Time { get; set; }

    public long StepIndex { get; set; }

    public double Seconds => Time.Seconds;

    public LaneIndex Lanes { get; } = new();

    public List<SimEvent> Log { get; } = new();

    public Storyboard.Storyboard? Storyboard { get; set; }

    private Signals.TrafficSignalStates? _signals;

    /// <summary>Traffic signal states and the controllers that cycle them (none until the simulator sets them).</summary>
    public Signals.TrafficSignalStates Signals
    {
        get => _signals ??= new Signals.TrafficSignalStates(Network, []);
        set => _signals = value;
    }

    /// <summary>Logs the signals that changed since the last call (a "traffic_signal" event each).</summary>
    public void LogSignalChanges()
    {
        if (_signals is null || _signals.Changed.Count == 0)
        {
            return;
        }
        foreach ((string id, string state) in _signals.Changed)
        {
            Emit("traffic_signal", id, state);
        }
        _signals.Changed.Clear();
    }

    /// <summary>Events started in this storyboard pass whose actions start once every trigger has been evaluated.</summary>
    public List<Storyboard.StoryEvent> StartedEvents { get; } = new();

    public Entity Get(string name) => _byName[name];

    public bool TryGet(string name, out Entity? e) => _byName.TryGetValue(name, out e);

    public void Emit(string type, string name, string? detail, params Entity[] entities)
        => Log.Add(new SimEvent(Seconds, type, name, entities.Select(e => e.Name).ToArray(), detail));

    private static long PairKey(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    public bool IsColliding(Entity a, Entity b) => _colliding.Contains(PairKey(a.Index, b.Index));

    public bool IsCollidingWithAny(Entity a)
    {
        foreach (long k in _colliding)
        {
            if ((int)(k >> 32) == a.Index || (int)(k & 0xFFFFFFFF) == a.Index)
            {
                return true;
            }
        }
        return false;
    }

    public bool IsCollidingWithKind(Entity a, EntityKind kind)
    {
        foreach (long k in _colliding)
        {
            int i = (int)(k >> 32), j = (int)(k & 0xFFFFFFFF);
            if ((i == a.Index && Entities[j].Kind == kind) || (j == a.Index && Entities[i].Kind == kind))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Replaces the set of overlapping pairs; returns true when the pair is new this step.</summary>
    public void SetColliding(HashSet<long> current, List<(int A, int B)> started)
    {
        started.Clear();
        foreach (long k in current)
        {
            if (!_colliding.Contains(k))
            {
                started.Add(((int)(k >> 32), (int)(k & 0xFFFFFFFF)));
            }
        }
        _colliding.Clear();
        _colliding.UnionWith(current);
        started.Sort();
    }

    public static long Key(int a, int b) => PairKey(a, b);

    public static OrientedBox BoxOf(Entity e) => e.Box;
}
