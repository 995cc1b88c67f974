using System.Xml;

namespace SimCore.Diagnostics;

/// <summary>
/// Passes an <see cref="XmlReader"/> through while refusing, as the nodes stream by, a document
/// nested deeper than a limit or holding more nodes than a limit: the tree is built in the same
/// pass that checks it, and the check fires before a node past the limit reaches the tree.
/// </summary>
internal sealed class BoundedXmlReader(XmlReader inner, int maxDepth, long maxNodes) : XmlReader, IXmlLineInfo
{
    private readonly IXmlLineInfo? _lines = inner as IXmlLineInfo;
    private long _nodes;

    public override bool Read()
    {
        if (!inner.Read())
        {
            return false;
        }
        if (inner.NodeType == XmlNodeType.Element && inner.Depth >= maxDepth)
        {
            throw Refuse($"elements are nested more than {maxDepth} deep");
        }
        _nodes += 1 + inner.AttributeCount;
        if (_nodes > maxNodes)
        {
            throw Refuse($"more than {maxNodes} elements, attributes and text nodes: not a document this simulator reads");
        }
        return true;
    }

    private XmlException Refuse(string message) => new(message, null, LineNumber, LinePosition);

    public int LineNumber => _lines?.LineNumber ?? 0;

    public int LinePosition => _lines?.LinePosition ?? 0;

    public bool HasLineInfo() => _lines?.HasLineInfo() ?? false;

    public override int AttributeCount => inner.AttributeCount;

    public override string BaseURI => inner.BaseURI;

    public override int Depth => inner.Depth;

    public override bool EOF => inner.EOF;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override bool IsDefault => inner.IsDefault;

    public override bool HasValue => inner.HasValue;

    public override string LocalName => inner.LocalName;

    public override string Name => inner.Name;

    public override string NamespaceURI => inner.NamespaceURI;

    public override XmlNameTable NameTable => inner.NameTable;

    public override XmlNodeType NodeType => inner.NodeType;

    public override string Prefix => inner.Prefix;

    public override ReadState ReadState => inner.ReadState;

    public override string Value => inner.Value;

    public override string XmlLang => inner.XmlLang;

    public override XmlSpace XmlSpace => inner.XmlSpace;

    public override XmlReaderSettings? Settings => inner.Settings;

    public override string GetAttribute(int i) => inner.GetAttribute(i);

    public override string? GetAttribute(string name) => inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);

    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

    public override bool MoveToElement() => inner.MoveToElement();

    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
