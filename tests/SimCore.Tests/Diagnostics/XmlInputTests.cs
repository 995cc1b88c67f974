using System.Text;
using System.Xml;
using System.Xml.Linq;
using SimCore.Diagnostics;

namespace SimCore.Tests.Diagnostics;

/// <summary>How input XML becomes a tree: one bounded pass, decoded as the file declares, without layout nodes.</summary>
public sealed class XmlInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-xml-" + Guid.NewGuid().ToString("N")[..12]);

    public XmlInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Indentation_and_comments_are_not_nodes_of_the_tree()
    {
        XDocument doc = InputFiles.ParseXml("<a>\n  <!-- note -->\n  <b x=\"1\"/>\n  <c> text </c>\n</a>", "t.xml");
        // Hand count: <a> holds exactly <b> and <c>; <c>'s text keeps its spaces (it is not layout).
        Assert.Equal(["b", "c"], doc.Root!.Nodes().Select(n => ((XElement)n).Name.LocalName));
        Assert.Equal(" text ", doc.Root.Element("c")!.Value);
        Assert.Equal(4, ((IXmlLineInfo)doc.Root.Element("c")!).LineNumber);
    }

    [Fact]
    public void A_file_is_decoded_as_its_declaration_says()
    {
        string path = Path.Combine(_dir, "latin1.xml");
        // "Müller" in ISO-8859-1: the u with diaeresis is the single byte 0xFC.
        byte[] head = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a name=\"M");
        File.WriteAllBytes(path, [.. head, 0xFC, .. Encoding.ASCII.GetBytes("ller\"/>")]);
        Assert.Equal("M\u00fcller", InputFiles.ReadXml(path, "test").Root!.Attribute("name")!.Value);
    }

    [Fact]
    public void An_undecodable_byte_is_an_error_at_its_line()
    {
        string path = Path.Combine(_dir, "bad.xml");
        // 0xFF never occurs in UTF-8.
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("<a>\n<b/>\n<c n=\"x"), 0xFF, .. Encoding.ASCII.GetBytes("\"/>\n</a>")]);
        XmlException e = Assert.Throws<XmlException>(() => InputFiles.ReadXml(path, "test"));
        Assert.Equal(3, e.LineNumber);
    }

    [Theory]
    [InlineData(InputFiles.MaxDepth, true)]
    [InlineData(InputFiles.MaxDepth + 1, false)]
    public void Nesting_is_bounded_in_the_same_pass_that_builds_the_tree(int levels, bool accepted)
    {
        // Element depth counts from 0 at the root: MaxDepth levels reach depth MaxDepth - 1.
        string text = string.Concat(Enumerable.Repeat("<e>\n", levels)) + string.Concat(Enumerable.Repeat("</e>", levels));
        if (accepted)
        {
            Assert.NotNull(InputFiles.ParseXml(text, "deep.xml").Root);
            return;
        }
        XmlException e = Assert.Throws<XmlException>(() => InputFiles.ParseXml(text, "deep.xml"));
        Assert.Contains($"nested more than {InputFiles.MaxDepth} deep", e.Message, StringComparison.Ordinal);
        Assert.Equal(InputFiles.MaxDepth + 1, e.LineNumber);
    }
}
