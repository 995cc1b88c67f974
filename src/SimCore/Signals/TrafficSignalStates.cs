using SimCore.Roads;
using SimCore.Timing;

namespace SimCore.Signals;

/// <summary>
/// The state of every traffic signal during a run, and the controllers that cycle them. A state is
/// the text OpenSCENARIO gives it: for the standard's traffic lights one of on, off or flashing
/// per lamp, separated by ';' (red;yellow;green for a three-lamp light); empty until something
/// sets it. Controllers advance in whole nanoseconds of simulated time, so the same run switches
/// in the same step whatever the platform.
/// </summary>
internal sealed class TrafficSignalStates
{
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly Run[] _controllers;
    private readonly Dictionary<string, Run> _byName = new(StringComparer.Ordinal);

    private sealed class Run(SignalControllerDefinition definition, long startNs)
    {
        public SignalControllerDefinition Definition { get; } = definition;
        public long[] DurationsNs { get; } = definition.Phases.Select(p => SimTime.FromSeconds(p.Duration).Nanoseconds).ToArray();
        public long PhaseStartNs { get; set; } = startNs;
        public int Phase { get; set; } = -1;
    }

    public TrafficSignalStates(RoadNetwork network, IReadOnlyList<SignalControllerDefinition> controllers)
    {
        foreach (RoadSignal s in network.Signals)
        {
            if (s.Dynamic)
            {
                _states[s.Id] = string.Empty;
            }
        }
        _controllers = new Run[controllers.Count];
        for (int i = 0; i < controllers.Count; i++)
        {
            SignalControllerDefinition c = controllers[i];
            _controllers[i] = new Run(c, StartOf(c, controllers, 0));
            _byName[c.Name] = _controllers[i];
        }
    }

    /// <summary>When a controller's first phase starts: its delay after its reference's start (chains followed, cycles cut).</summary>
    private static long StartOf(SignalControllerDefinition c, IReadOnlyList<SignalControllerDefinition> all, int depth)
    {
        long own = SimTime.FromSeconds(c.Delay).Nanoseconds;
        if (c.Reference is null || depth > all.Count)
        {
            return c.Reference is null ? own : 0;
        }
        SignalControllerDefinition? r = all.FirstOrDefault(x => x.Name == c.Reference);
        return r is null ? own : own + StartOf(r, all, depth + 1);
    }

    /// <summary>Signals that changed in the last <see cref="Advance"/> or Set, for the event log.</summary>
    public List<(string SignalId, string State)> Changed { get; } = new();

    /// <summary>The state of a signal ("" until set); null for a signal the network does not have.</summary>
    public string? StateOf(string signalId) => _states.GetValueOrDefault(signalId);

    /// <summary>Every signal's state, by id.</summary>
    public IReadOnlyDictionary<string, string> States => _states;

    /// <summary>Sets a signal's state.</summary>
    public void Set(string signalId, string state)
    {
        string normal = Normalize(state);
        if (!_states.TryGetValue(signalId, out string? old) || old != normal)
        {
            _states[signalId] = normal;
            Changed.Add((signalId, normal));
        }
    }

    /// <summary>The current phase of a controller; null before its first phase starts or for an unknown one.</summary>
    public string? PhaseOf(string controller)
        => _byName.TryGetValue(controller, out Run? r) && r.Phase >= 0 ? r.Definition.Phases[r.Phase].Name : null;

    /// <summary>Jumps a controller to a phase (OpenSCENARIO TrafficSignalControllerAction): it starts now.</summary>
    /// <returns>False for an unknown controller or phase.</returns>
    public bool SetPhase(string controller, string phase, SimTime now)
    {
        if (!_byName.TryGetValue(controller, out Run? r))
        {
            return false;
        }
        int i = r.Definition.Phases.ToList().FindIndex(p => p.Name == phase);
        if (i < 0)
        {
            return false;
        }
        Enter(r, i, now.Nanoseconds);
        return true;
    }

    /// <summary>Moves every controller to the phase it is in at <paramref name="now"/>, setting the states of each phase it enters.</summary>
    public void Advance(SimTime now)
    {
        long t = now.Nanoseconds;
        foreach (Run r in _controllers)
        {
            if (r.Definition.Phases.Count == 0)
            {
                continue;
            }
            if (r.Phase < 0)
            {
                if (t < r.PhaseStartNs)
                {
                    continue;
                }
                Enter(r, 0, r.PhaseStartNs);
            }
            // Phases have positive durations (checked when read), so this ends.
            while (t >= r.PhaseStartNs + r.DurationsNs[r.Phase])
            {
                Enter(r, (r.Phase + 1) % r.DurationsNs.Length, r.PhaseStartNs + r.DurationsNs[r.Phase]);
            }
        }
    }

    private void Enter(Run r, int phase, long startNs)
    {
        r.Phase = phase;
        r.PhaseStartNs = startNs;
        foreach ((string id, string state) in r.Definition.Phases[phase].States)
        {
            Set(id, state);
        }
    }

    /// <summary>States compare without the spaces around ';' and without case ("On; off" is "on;off").</summary>
    public static string Normalize(string state)
        => string.Join(';', state.Split(';').Select(p => p.Trim().ToLowerInvariant()));
}
