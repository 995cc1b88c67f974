using SimCore.Diagnostics;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>ParameterDeclaration ConstraintGroups: groups are ORed, the ValueConstraints of a group ANDed.</summary>
public sealed class ParameterConstraintTests
{
    private const string Speed = """
        <ParameterDeclaration name="Speed" parameterType="double" value="20">
          <ConstraintGroup><ValueConstraint rule="greaterThan" value="0"/><ValueConstraint rule="lessOrEqual" value="40"/></ConstraintGroup>
          <ConstraintGroup><ValueConstraint rule="equalTo" value="100"/></ConstraintGroup>
        </ParameterDeclaration>
        <ParameterDeclaration name="Kind" parameterType="string" value="car">
          <ConstraintGroup><ValueConstraint rule="notEqualTo" value="tank"/></ConstraintGroup>
        </ParameterDeclaration>
        """;

    private static string Doc1() => Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), parameters: Speed);

    private static Dictionary<string, string> Param(string name, string value) => new() { [name] = value };

    [Theory]
    [InlineData("20")]
    [InlineData("40")]
    [InlineData("100")]
    public void ValuesThatMeetOneGroupLoad(string value)
        => Load(Doc1(), out _, overrides: Param("Speed", value));

    [Theory]
    [InlineData("0")]
    [InlineData("40.5")]
    [InlineData("99")]
    public void AnAssignedValueThatMeetsNoGroupIsALocatedError(string value)
    {
        string xml = Doc1();
        InputError e = Assert.Single(Errors(xml, overrides: Param("Speed", value)));
        Assert.Equal(LineOf(xml, "name=\"Speed\""), e.Location.Line);
        Assert.Contains($"parameter 'Speed' = '{value}' (as assigned) breaks its ConstraintGroups", e.Message, StringComparison.Ordinal);
        Assert.Contains("(> 0 (line", e.Message, StringComparison.Ordinal);
        Assert.Contains(" or == 100 (line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextComparesForEquality()
    {
        InputError e = Assert.Single(Errors(Doc1(), overrides: Param("Kind", "tank")));
        Assert.Contains("parameter 'Kind' = 'tank' (as assigned) breaks its ConstraintGroup: the value must be != tank", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDeclaredValueIsCheckedToo()
    {
        string xml = Doc1().Replace("value=\"20\"", "value=\"50\"", StringComparison.Ordinal);
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("'50' (its declared value)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrderingRuleOnTextIsAnError()
    {
        string xml = Doc1().Replace("rule=\"notEqualTo\" value=\"tank\"", "rule=\"lessThan\" value=\"tank\"", StringComparison.Ordinal);
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("rule lessThan compares numbers, and parameter 'Kind' is of type string", e.Message, StringComparison.Ordinal);
    }
}
