using System.Xml.Linq;
using SimCore.Storyboard;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    /// <summary>A GlobalAction (in Init or an event); null when unsupported (reported) or broken (an error).</summary>
    public ActionBase? GlobalAction(XElement ga, string name, ParameterScope scope)
    {
        XElement? a = _ctx.Choice(ga);
        switch (a?.Name.LocalName)
        {
            case null:
                return null;
            case "EnvironmentAction":
                return EnvironmentAction(a, name, scope);
            case "InfrastructureAction":
                return Infrastructure(a, name, scope);
            default:
                _ctx.Unsupported(a);
                return null;
        }
    }
}
