using System.Xml.Linq;
using SimCore.Roads;
using SimCore.Scenarios.Yaml;
using SimCore.Signals;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Storyboard.Conditions;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private readonly List<SignalControllerDefinition> _signalControllers = new();

    /// <summary>The TrafficSignalControllers of RoadNetwork/TrafficSignals, as read.</summary>
    public IReadOnlyList<SignalControllerDefinition> SignalControllers => _signalControllers;

    /// <summary>
    /// RoadNetwork/TrafficSignals: TrafficSignalControllers with their phases. Phase durations must
    /// be positive; the signals a phase sets must be signals of the road network.
    /// </summary>
    public void ReadTrafficSignals(XElement? trafficSignals)
    {
        if (trafficSignals is null)
        {
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var references = new List<(XElement Where, string Name)>();
        foreach (XElement c in trafficSignals.Elements())
        {
            if (c.Name.LocalName != "TrafficSignalController")
            {
                _ctx.Unsupported(c);
                continue;
            }
            string? name = _ctx.RequiredStr(c, "name", _global);
            if (name is null)
            {
                continue;
            }
            if (!names.Add(name))
            {
                _ctx.Error(c, $"traffic signal controller name '{name}' is used more than once");
                continue;
            }
            double delay = _ctx.Num(c, "delay", _global) ?? 0;
            if (delay < 0)
            {
                _ctx.Error(c.Attribute("delay"), "a controller's delay must not be negative");
            }
            string? reference = _ctx.Str(c, "reference", _global);
            if (reference is not null)
            {
                references.Add((c, reference));
            }
            var phases = new List<SignalPhase>();
            foreach (XElement p in c.Elements())
            {
                if (p.Name.LocalName != "Phase")
                {
                    _ctx.Unsupported(p);
                    continue;
                }
                if (ReadPhase(p) is { } phase)
                {
                    if (phases.Any(x => x.Name == phase.Name))
                    {
                        _ctx.Error(p, $"controller '{name}' has two phases named '{phase.Name}'");
                    }
                    phases.Add(phase);
                }
            }
            _signalControllers.Add(new SignalControllerDefinition(name, Math.Max(delay, 0), reference, phases));
        }
        foreach ((XElement where, string reference) in references)
        {
            if (!names.Contains(reference))
            {
                _ctx.Error(where.Attribute("reference"), $"unknown traffic signal controller '{reference}'{Suggestions.Hint(reference, names)}");
            }
        }
    }

    private SignalPhase? ReadPhase(XElement p)
    {
        string? name = _ctx.RequiredStr(p, "name", _global);
        double duration = _ctx.RequiredNum(p, "duration", _global);
        if (!(duration > 0) || !double.IsFinite(duration))
        {
            _ctx.Error(p.Attribute("duration") ?? (XObject)p, $"a phase's duration must be a positive number of seconds, not {duration}");
            return null;
        }
        var states = new List<(string, string)>();
        foreach (XElement s in p.Elements())
        {
            if (s.Name.LocalName != "TrafficSignalState")
            {
                // 1.2's TrafficSignalGroupState names no signal: there is nothing here to set.
                _ctx.Unsupported(s);
                continue;
            }
            string? id = SignalId(s, "trafficSignalId", _global);
            string? state = _ctx.RequiredStr(s, "state", _global);
            if (id is not null && state is not null)
            {
                CheckSignalState(s, id, state);
                states.Add((id, state));
            }
        }
        return name is null ? null : new SignalPhase(name, duration, states);
    }

    /// <summary>A signal id attribute: it must name a signal of the road network.</summary>
    private string? SignalId(XElement el, string attribute, ParameterScope scope)
    {
        string? id = _ctx.RequiredStr(el, attribute, scope);
        if (id is not null && _network.FindSignal(id) is null)
        {
            IEnumerable<string> known = _network.Signals.Select(s => s.Id);
            _ctx.Error(el.Attribute(attribute), $"the road network has no signal '{id}'{Suggestions.Hint(id, known)}{(known.Any() ? string.Empty : " (it has no signals)")}");
            return null;
        }
        return id;
    }

    /// <summary>A light of the standard's types takes one of on, off, flashing per lamp; anything else is a warning (esmini warns too).</summary>
    private void CheckSignalState(XElement where, string id, string state)
    {
        RoadSignal? signal = _network.FindSignal(id);
        if (signal is null || signal.LampCount == 0)
        {
            return;
        }
        string[] lamps = TrafficSignalStates.Normalize(state).Split(';');
        if (lamps.Length != signal.LampCount || lamps.Any(l => l is not ("on" or "off" or "flashing")))
        {
            _ctx.Warn(where, $"signal '{id}' (type {signal.Type}) has {signal.LampCount} lamps: its state lists on, off or flashing for each, separated by ';', not '{state}'");
        }
    }

    /// <summary>InfrastructureAction: a TrafficSignalAction setting a signal's state or a controller's phase.</summary>
    private ActionBase? Infrastructure(XElement ia, string name, ParameterScope scope)
    {
        XElement? tsa = _ctx.Choice(ia);
        if (tsa is null)
        {
            return null;
        }
        if (tsa.Name.LocalName != "TrafficSignalAction")
        {
            _ctx.Unsupported(tsa);
            return null;
        }
        XElement? a = _ctx.Choice(tsa);
        switch (a?.Name.LocalName)
        {
            case null:
                return null;
            case "TrafficSignalStateAction":
            {
                string? id = SignalId(a, "name", scope);
                string? state = _ctx.RequiredStr(a, "state", scope);
                if (id is null || state is null)
                {
                    return null;
                }
                CheckSignalState(a, id, state);
                return new TrafficSignalStateAction(name, id, state);
            }
            case "TrafficSignalControllerAction":
            {
                (string Controller, string Phase)? cp = ControllerPhase(a, "trafficSignalControllerRef", "phase", scope);
                return cp is { } x ? new TrafficSignalControllerAction(name, x.Controller, x.Phase) : null;
            }
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }

    /// <summary>A controller reference and one of its phases; both must exist.</summary>
    private (string, string)? ControllerPhase(XElement el, string controllerAttribute, string phaseAttribute, ParameterScope scope)
    {
        string? controller = _ctx.RequiredStr(el, controllerAttribute, scope);
        string? phase = _ctx.RequiredStr(el, phaseAttribute, scope);
        if (controller is null || phase is null)
        {
            return null;
        }
        SignalControllerDefinition? c = _signalControllers.FirstOrDefault(x => x.Name == controller);
        if (c is null)
        {
            _ctx.Error(el.Attribute(controllerAttribute), $"unknown traffic signal controller '{controller}'{Suggestions.Hint(controller, _signalControllers.Select(x => x.Name))}"
                + (_signalControllers.Count == 0 ? " (RoadNetwork/TrafficSignals defines none)" : string.Empty));
            return null;
        }
        if (c.Phases.All(p => p.Name != phase))
        {
            _ctx.Error(el.Attribute(phaseAttribute), $"controller '{controller}' has no phase '{phase}'{Suggestions.Hint(phase, c.Phases.Select(p => p.Name))}");
            return null;
        }
        return (controller, phase);
    }

    private ConditionBody? TrafficSignal(XElement c, ParameterScope scope)
    {
        string? id = SignalId(c, "name", scope);
        string? state = _ctx.RequiredStr(c, "state", scope);
        if (id is null || state is null)
        {
            return null;
        }
        CheckSignalState(c, id, state);
        return new TrafficSignalCondition(id, state);
    }

    private ConditionBody? TrafficSignalController(XElement c, ParameterScope scope)
        => ControllerPhase(c, "trafficSignalControllerRef", "phase", scope) is { } x ? new TrafficSignalControllerCondition(x.Item1, x.Item2) : null;
}
