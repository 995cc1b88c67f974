namespace SimCore.Tests.OpenDrive;

/// <summary>Builds small OpenDRIVE documents for tests, and finds the line a marker sits on.</summary>
internal static class Xodr
{
    public const string Header = """<header revMajor="1" revMinor="6" name="t"/>""";

    public static string Doc(params string[] body) =>
        "<?xml version=\"1.0\"?>\n<OpenDRIVE>\n" + Header + "\n" + string.Join("\n", body) + "\n</OpenDRIVE>\n";

    /// <summary>A road with one line geometry and one right lane of width 3.5 unless given.</summary>
    public static string Road(string id, double length, string geometry = "<line/>", string? lanes = null, string link = "", string extra = "", string lengthAttr = "") =>
        $"""
        <road id="{id}" length="{(lengthAttr.Length > 0 ? lengthAttr : length.ToString(System.Globalization.CultureInfo.InvariantCulture))}" junction="-1">
        <link>{link}</link>
        <planView>
        <geometry s="0" x="0" y="0" hdg="0" length="{length.ToString(System.Globalization.CultureInfo.InvariantCulture)}">{geometry}</geometry>
        </planView>
        {extra}
        <lanes>
        {lanes ?? Section("0", right: Lane(-1, """<width sOffset="0" a="3.5" b="0" c="0" d="0"/>"""))}
        </lanes>
        </road>
        """;

    public static string Section(string s, string left = "", string right = "") =>
        $"""
        <laneSection s="{s}">
        {(left.Length > 0 ? "<left>" + left + "</left>" : "")}
        <center><lane id="0" type="none"/></center>
        {(right.Length > 0 ? "<right>" + right + "</right>" : "")}
        </laneSection>
        """;

    public static string Lane(int id, string body, string type = "driving") => $"""<lane id="{id}" type="{type}" level="false">{body}</lane>""";

    /// <summary>1-based line of the first occurrence of <paramref name="marker"/>.</summary>
    public static int LineOf(string xml, string marker)
    {
        int i = xml.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(i >= 0, "marker not found: " + marker);
        return xml.AsSpan(0, i).Count('\n') + 1;
    }
}
