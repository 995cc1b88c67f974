using System.Xml.Linq;
using SimCore.Scenarios;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private readonly HashSet<string> _addedByAction = new(StringComparer.Ordinal);

    /// <summary>Entities that an AddEntityAction places: without an Init entry they start outside the simulation.</summary>
    public bool IsAddedByAction(string entity) => _addedByAction.Contains(entity);

    /// <summary>A GlobalAction (in Init or an event); null when unsupported (reported) or broken (an error).</summary>
    public ActionBase? GlobalAction(XElement ga, string name, ParameterScope scope)
    {
        XElement? a = _ctx.Choice(ga);
        switch (a?.Name.LocalName)
        {
            case null:
                return null;
            case "ParameterAction":
                return ValueAction(a, ParameterRef(a, scope), name, scope);
            case "VariableAction":
                return ValueAction(a, VariableRef(a), name, scope);
            case "EntityAction":
                return EntityAction(a, name, scope);
            case "EnvironmentAction":
                return EnvironmentAction(a, name, scope);
            case "InfrastructureAction":
                return Infrastructure(a, name, scope);
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }

    private ActionBase? EntityAction(XElement a, string name, ParameterScope scope)
    {
        string? entity = EntityRef(a, "entityRef", scope);
        XElement? op = _ctx.Choice(a);
        if (entity is null || op is null)
        {
            return null;
        }
        switch (op.Name.LocalName)
        {
            case "AddEntityAction":
            {
                if (op.Element("Position") is not { } pos)
                {
                    _ctx.Error(op, "<AddEntityAction> needs a <Position>");
                    return null;
                }
                PositionSpec? p = Position(pos, scope);
                if (p is null)
                {
                    return null;
                }
                _addedByAction.Add(entity);
                return new AddEntityAction(name, entity, p);
            }
            case "DeleteEntityAction":
                return new DeleteEntityAction(name, entity);
            default:
                _ctx.Error(op, $"<EntityAction> holds <AddEntityAction> or <DeleteEntityAction>, not <{op.Name.LocalName}>");
                return null;
        }
    }
}
