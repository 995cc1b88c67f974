using System.Xml.Linq;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    /// <summary>
    /// The <paramref name="kind"/> element given in <paramref name="holder"/> either inline (its own
    /// ParameterDeclarations open a scope) or by a CatalogReference (the entry's scope, with its
    /// assignments); null after reporting why not.
    /// </summary>
    private XElement? InlineOrCatalog(XElement holder, XElement owner, string kind, ParameterScope scope, out ParameterScope entryScope)
    {
        entryScope = scope;
        XElement? element = holder.Element(kind);
        if (element is not null)
        {
            entryScope = new ParameterScope(scope);
            OscParameters.Declare(_ctx, element.Element("ParameterDeclarations"), entryScope, null);
            return element;
        }
        if (holder.Element("CatalogReference") is not { } cr)
        {
            _ctx.Error(owner, $"<{owner.Name.LocalName}> needs a <{kind}> (or a <CatalogReference> to one)");
            return null;
        }
        element = _catalogs.Resolve(cr, scope, out entryScope);
        if (element is not null && element.Name.LocalName != kind)
        {
            _ctx.Error(holder, $"the catalog entry is a <{element.Name.LocalName}>, not a <{kind}>");
            return null;
        }
        return element;
    }
}
