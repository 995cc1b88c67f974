using System.Xml.Linq;
using SimCore.Roads;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;

namespace SimCore.OpenScenario;

/// <summary>
/// Reads the parts of one OpenSCENARIO file into the scenario model. Split by concept over
/// several files (positions, conditions, actions, storyboard, entities); this part holds the
/// shared state: context, catalogs, declared entities and the storyboard names that conditions
/// refer to, checked once the whole storyboard is read.
/// </summary>
internal sealed partial class OscReader
{
    private readonly OscContext _ctx;
    private readonly OscCatalogs _catalogs;
    private readonly ParameterScope _global;
    private readonly RoadNetwork _network;
    private readonly HashSet<string> _entities = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Type, XElement Where)> _elementRefs = new();
    private readonly Dictionary<string, HashSet<string>> _elementNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _actionToEvent = new(StringComparer.Ordinal);

    public OscReader(OscContext ctx, OscCatalogs catalogs, ParameterScope global, RoadNetwork network)
    {
        _ctx = ctx;
        _catalogs = catalogs;
        _global = global;
        _network = network;
    }

    /// <summary>Declares an entity name so references to it check out.</summary>
    public void AddEntity(string name) => _entities.Add(name);

    public bool HasEntity(string name) => _entities.Contains(name);

    public IEnumerable<string> EntityNames => _entities;

    /// <summary>Resolves an entity reference attribute and checks it names a declared entity.</summary>
    private string? EntityRef(XElement el, string attribute, ParameterScope scope)
    {
        string? name = _ctx.RequiredStr(el, attribute, scope);
        if (name is null)
        {
            return null;
        }
        if (!_entities.Contains(name))
        {
            _ctx.Error(el.Attribute(attribute), $"unknown entity '{name}'{Suggestions.Hint(name, _entities)}");
            return null;
        }
        return name;
    }

    private void NameElement(string type, string name)
    {
        if (!_elementNames.TryGetValue(type, out HashSet<string>? set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _elementNames[type] = set;
        }
        set.Add(name);
    }

    /// <summary>Checks every StoryboardElementStateCondition's reference once all names are known.</summary>
    public void CheckElementReferences()
    {
        foreach ((string name, string type, XElement where) in _elementRefs)
        {
            if (_elementNames.TryGetValue(type, out HashSet<string>? names) && names.Contains(name))
            {
                continue;
            }
            IEnumerable<string> candidates = _elementNames.TryGetValue(type, out HashSet<string>? n) ? n : Enumerable.Empty<string>();
            // The name may exist as another kind of element: say so rather than suggest a look-alike.
            string? actual = _elementNames.Where(kv => kv.Value.Contains(name)).Select(kv => kv.Key).FirstOrDefault();
            _ctx.Error(where, actual is not null
                ? $"'{name}' is a{(actual[0] is 'a' or 'e' ? "n" : string.Empty)} {actual}, not a{(type[0] is 'a' or 'e' ? "n" : string.Empty)} {type}: set storyboardElementType=\"{actual}\""
                : $"no {type} named '{name}' in the storyboard{Suggestions.Hint(name, candidates)}");
        }
    }

    internal static readonly IReadOnlyDictionary<string, Storyboard.Rule> RuleWords = new Dictionary<string, Storyboard.Rule>
    {
        ["greaterThan"] = Storyboard.Rule.GreaterThan,
        ["lessThan"] = Storyboard.Rule.LessThan,
        ["equalTo"] = Storyboard.Rule.EqualTo,
        ["greaterOrEqual"] = Storyboard.Rule.GreaterOrEqual,
        ["lessOrEqual"] = Storyboard.Rule.LessOrEqual,
        ["notEqualTo"] = Storyboard.Rule.NotEqualTo,
    };

    private Storyboard.Rule Rule(XElement el, ParameterScope scope)
    {
        if (el.Attribute("rule") is null)
        {
            _ctx.Error(el, $"<{el.Name.LocalName}> needs attribute 'rule'");
            return Storyboard.Rule.GreaterThan;
        }
        return _ctx.Enum(el, "rule", scope, RuleWords) ?? Storyboard.Rule.GreaterThan;
    }

    private static readonly IReadOnlyDictionary<string, MeasureFrame> FrameWords = new Dictionary<string, MeasureFrame>
    {
        ["entity"] = MeasureFrame.Entity,
        ["road"] = MeasureFrame.Road,
        // Lane coordinates measure along the lane's centre line; on our roads that is the road's s
        // scaled by the lane's curvature, and conditions compare along s (a documented gap).
        ["lane"] = MeasureFrame.Road,
        ["trajectory"] = MeasureFrame.Entity,
    };

    /// <summary>coordinateSystem (1.1+) or alongRoute (1.0): the frame distances are measured in.</summary>
    private MeasureFrame Frame(XElement el, ParameterScope scope)
    {
        if (el.Attribute("coordinateSystem") is not null)
        {
            if (_ctx.Str(el, "coordinateSystem", scope) == "trajectory")
            {
                _ctx.Warn(el, "coordinateSystem 'trajectory' is measured in the entity's frame");
            }
            return _ctx.Enum(el, "coordinateSystem", scope, FrameWords) ?? MeasureFrame.Entity;
        }
        return _ctx.Bool(el, "alongRoute", scope) == true ? MeasureFrame.Road : MeasureFrame.Entity;
    }

    private static readonly IReadOnlyDictionary<string, DistanceKind> DistanceWords = new Dictionary<string, DistanceKind>
    {
        ["longitudinal"] = DistanceKind.Longitudinal,
        ["lateral"] = DistanceKind.Lateral,
        ["cartesianDistance"] = DistanceKind.Euclidean,
        ["euclidianDistance"] = DistanceKind.Euclidean,
        ["euclideanDistance"] = DistanceKind.Euclidean,
    };

    private DistanceKind DistanceType(XElement el, ParameterScope scope, DistanceKind fallback)
        => el.Attribute("relativeDistanceType") is null ? fallback : _ctx.Enum(el, "relativeDistanceType", scope, DistanceWords) ?? fallback;
}
