using System.Xml.Linq;
using SimCore.Storyboard;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private static readonly IReadOnlyDictionary<string, EventPriority> PriorityWords = new Dictionary<string, EventPriority>
    {
        ["overwrite"] = EventPriority.Override,
        ["override"] = EventPriority.Override,
        ["parallel"] = EventPriority.Parallel,
        ["skip"] = EventPriority.Skip,
    };

    /// <summary>Reads the Story elements and the storyboard's stop trigger; <paramref name="init"/> (if any) runs first.</summary>
    public Storyboard.Storyboard ReadStoryboard(XElement sb, Story? init)
    {
        var stories = new List<Story>();
        if (init is not null)
        {
            stories.Add(init);
        }
        foreach (XElement el in sb.Elements())
        {
            switch (el.Name.LocalName)
            {
                case "Init":
                case "StopTrigger":
                    break;
                case "Story":
                    if (ReadStory(el) is { } s)
                    {
                        stories.Add(s);
                    }
                    break;
                default:
                    _ctx.Unsupported(el);
                    break;
            }
        }
        Trigger? stop = Trigger(sb.Element("StopTrigger"), _global);
        if (stop is null)
        {
            _ctx.Warn(sb, "the storyboard has no StopTrigger: the run lasts the full duration");
        }
        return new Storyboard.Storyboard(stories, stop, _runtimeValues) { Init = init };
    }

    private Story? ReadStory(XElement el)
    {
        var scope = new ParameterScope(_global);
        OscParameters.Declare(_ctx, el.Element("ParameterDeclarations"), scope, null);
        string name = _ctx.Str(el, "name", scope) ?? "story";
        NameElement("story", name);
        var acts = new List<Act>();
        foreach (XElement a in el.Elements())
        {
            switch (a.Name.LocalName)
            {
                case "ParameterDeclarations":
                    break;
                case "Act":
                    if (ReadAct(a, scope) is { } act)
                    {
                        acts.Add(act);
                    }
                    break;
                default:
                    _ctx.Unsupported(a);
                    break;
            }
        }
        return new Story(name, acts);
    }

    private Act? ReadAct(XElement el, ParameterScope scope)
    {
        string name = _ctx.Str(el, "name", scope) ?? "act";
        NameElement("act", name);
        var groups = new List<ManeuverGroup>();
        foreach (XElement g in el.Elements())
        {
            switch (g.Name.LocalName)
            {
                case "StartTrigger":
                case "StopTrigger":
                    break;
                case "ManeuverGroup":
                    if (ReadGroup(g, scope) is { } group)
                    {
                        groups.Add(group);
                    }
                    break;
                default:
                    _ctx.Unsupported(g);
                    break;
            }
        }
        if (el.Element("StartTrigger") is null)
        {
            // Required by the standard; esmini starts such an act at once, and so do we.
            _ctx.Warn(el, $"act '{name}' has no StartTrigger: it starts at once");
        }
        return new Act(name, Trigger(el.Element("StartTrigger"), scope), Trigger(el.Element("StopTrigger"), scope), groups);
    }

    private int Executions(XElement el, ParameterScope scope)
    {
        double? n = _ctx.Num(el, "maximumExecutionCount", scope);
        if (n is null)
        {
            return 1;
        }
        if (n < 1 || n != Math.Floor(n.Value))
        {
            _ctx.Error(el.Attribute("maximumExecutionCount"), $"maximumExecutionCount must be a whole number of at least 1, not {n}");
            return 1;
        }
        return (int)n;
    }

    private ManeuverGroup? ReadGroup(XElement el, ParameterScope scope)
    {
        string name = _ctx.Str(el, "name", scope) ?? "group";
        NameElement("maneuverGroup", name);
        int executions = Executions(el, scope);
        var actors = new List<string>();
        XElement? actorsEl = el.Element("Actors");
        if (actorsEl is null)
        {
            _ctx.Error(el, $"maneuver group '{name}' needs <Actors>");
        }
        else
        {
            if (_ctx.Bool(actorsEl, "selectTriggeringEntities", scope) == true)
            {
                _ctx.Unsupported(actorsEl, "selectTriggeringEntities=\"true\" (the listed actors act)");
            }
            foreach (XElement a in actorsEl.Elements())
            {
                if (a.Name.LocalName != "EntityRef")
                {
                    _ctx.Unsupported(a);
                    continue;
                }
                if (EntityRef(a, "entityRef", scope) is { } actor)
                {
                    actors.Add(actor);
                }
            }
        }
        var maneuvers = new List<Maneuver>();
        foreach (XElement m in el.Elements())
        {
            switch (m.Name.LocalName)
            {
                case "Actors":
                    break;
                case "Maneuver":
                    if (ReadManeuver(m, scope, actors) is { } man)
                    {
                        maneuvers.Add(man);
                    }
                    break;
                case "CatalogReference":
                {
                    XElement? entry = _catalogs.Resolve(m, scope, out ParameterScope entryScope);
                    if (entry is null)
                    {
                        break;
                    }
                    if (entry.Name.LocalName != "Maneuver")
                    {
                        _ctx.Error(m, $"a maneuver group's catalog reference must name a Maneuver, not a {entry.Name.LocalName}");
                        break;
                    }
                    if (ReadManeuver(entry, entryScope, actors) is { } fromCatalog)
                    {
                        maneuvers.Add(fromCatalog);
                    }
                    break;
                }
                default:
                    _ctx.Unsupported(m);
                    break;
            }
        }
        return new ManeuverGroup(name, executions, actors, maneuvers);
    }

    private Maneuver? ReadManeuver(XElement el, ParameterScope outer, IReadOnlyList<string> actors)
    {
        var scope = new ParameterScope(outer);
        OscParameters.Declare(_ctx, el.Element("ParameterDeclarations"), scope, null);
        string name = _ctx.Str(el, "name", scope) ?? "maneuver";
        NameElement("maneuver", name);
        var events = new List<StoryEvent>();
        foreach (XElement e in el.Elements())
        {
            switch (e.Name.LocalName)
            {
                case "ParameterDeclarations":
                    break;
                case "Event":
                    if (ReadEvent(e, scope, actors) is { } ev)
                    {
                        events.Add(ev);
                    }
                    break;
                default:
                    _ctx.Unsupported(e);
                    break;
            }
        }
        return new Maneuver(name, events);
    }

    private StoryEvent? ReadEvent(XElement el, ParameterScope scope, IReadOnlyList<string> actors)
    {
        string name = _ctx.Str(el, "name", scope) ?? "event";
        NameElement("event", name);
        EventPriority priority = el.Attribute("priority") is null
            ? EventPriority.Override
            : _ctx.Enum(el, "priority", scope, PriorityWords) ?? EventPriority.Override;
        int executions = Executions(el, scope);
        var actions = new List<ActionBase>();
        foreach (XElement a in el.Elements())
        {
            switch (a.Name.LocalName)
            {
                case "StartTrigger":
                    break;
                case "Action":
                    actions.AddRange(ReadAction(a, scope, actors, name));
                    break;
                default:
                    _ctx.Unsupported(a);
                    break;
            }
        }
        return new StoryEvent(name, priority, executions, Trigger(el.Element("StartTrigger"), scope), actions);
    }

    /// <summary>One Action: a private action acts on every actor of its maneuver group, so it becomes one action per actor.</summary>
    private IEnumerable<ActionBase> ReadAction(XElement el, ParameterScope scope, IReadOnlyList<string> actors, string eventName)
    {
        string name = _ctx.Str(el, "name", scope) ?? "action";
        NameElement("action", name);
        _actionToEvent.TryAdd(name, eventName);
        XElement? body = _ctx.Choice(el);
        if (body is null)
        {
            return Array.Empty<ActionBase>();
        }
        if (body.Name.LocalName == "GlobalAction")
        {
            return GlobalAction(body, name, scope) is { } global ? new[] { global } : Array.Empty<ActionBase>();
        }
        if (body.Name.LocalName != "PrivateAction")
        {
            _ctx.Unsupported(body, "private and global actions are played");
            return Array.Empty<ActionBase>();
        }
        if (actors.Count == 0)
        {
            _ctx.Warn(el, $"action '{name}' has no actors to act on");
        }
        var list = new List<ActionBase>();
        foreach (string actor in actors)
        {
            if (PrivateAction(body, name, actor, scope) is { } action)
            {
                list.Add(action);
            }
            else
            {
                // One report per action is enough, not one per actor.
                break;
            }
        }
        return list;
    }
}
