using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>Input esmini accepts though the standard does not: read with a warning, an error with --strict.</summary>
public sealed class ToleranceTests
{
    private static readonly OpenScenarioOptions Strict = new() { EgoDriver = EgoDriverMode.Scenario, Strict = true };

    private static string Headway(string freespace)
        => $"<Condition name=\"h\" delay=\"0\" conditionEdge=\"rising\"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule=\"any\"><EntityRef entityRef=\"Ego\"/></TriggeringEntities>"
           + $"<EntityCondition><TimeHeadwayCondition entityRef=\"Car\" value=\"1\" freespace=\"{freespace}\" coordinateSystem=\"entity\" relativeDistanceType=\"longitudinal\" rule=\"lessThan\"/></EntityCondition></ByEntityCondition></Condition>";

    private static string TwoCars(string freespace)
        => Doc(Xosc.Entities("Ego", "Car"), Place("Ego", Lane(-1, 50), 10) + Place("Car", Lane(-1, 100), 10),
            Story("Ego", Event("E", SpeedTo(5), Trigger(Headway(freespace)))));

    [Theory]
    [InlineData("True", "true")]
    [InlineData("FALSE", "false")]
    public void CapitalisedBooleansAreReadWithAWarning(string written, string read)
    {
        string xml = TwoCars(written);
        Load(xml, out List<InputError> warnings);
        InputError w = Assert.Single(warnings, x => x.Message.Contains("booleans are written true or false", StringComparison.Ordinal));
        Assert.Contains($"'freespace' of <TimeHeadwayCondition> is '{written}'", w.Message, StringComparison.Ordinal);
        Assert.Contains($"read as {read} as esmini does", w.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "freespace="), w.Location.Line);
        InputError e = Assert.Single(Errors(xml, Strict));
        Assert.EndsWith("(--strict)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnyOtherBooleanIsAnError()
        => Assert.Contains("must be true or false, not 'yes'", Assert.Single(Errors(TwoCars("yes"))).Message, StringComparison.Ordinal);

    private static string Relative(string entity, string reference, double dx)
        => Place(entity, $"<RelativeObjectPosition entityRef=\"{reference}\" dx=\"{dx}\" dy=\"0\"/>", 10);

    [Fact]
    public void AnEntityMayBePlacedRelativeToOneDeclaredAfterIt()
    {
        // A comes first in <Entities> but is placed 20 m behind B (s = 100 on lane -1: x = 100, y = -1.75).
        string xml = Doc(Xosc.Entities("A", "B"), Relative("A", "B", -20) + Place("B", Lane(-1, 100), 10));
        Scenario s = Load(xml, out List<InputError> warnings);
        InputError w = Assert.Single(warnings, x => x.Message.Contains("declared after it", StringComparison.Ordinal));
        Assert.Contains("'A' starts relative to 'B', which is declared after it in <Entities>; 'B' is placed first, as esmini does", w.Message, StringComparison.Ordinal);
        var snap = new EntitySnapshot[2];
        new Simulator(s).GetSnapshot(snap);
        Assert.Equal((80.0, -1.75), (snap[0].X, snap[0].Y));
        Assert.Contains("(--strict)", Assert.Single(Errors(xml, Strict)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartPositionsThatReferToEachOtherAreAnError()
    {
        string xml = Doc(Xosc.Entities("A", "B"), Relative("A", "B", -20) + Relative("B", "A", 20));
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("refer to each other in a cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOpenScenarioRootSpellingIsRead()
    {
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10)).Replace("OpenSCENARIO>", "OpenScenario>", StringComparison.Ordinal);
        Load(xml, out List<InputError> warnings);
        Assert.Contains(warnings, w => w.Message.Contains("the root element is <OpenScenario>", StringComparison.Ordinal));
        Assert.Single(Errors(xml, Strict));
    }

    [Fact]
    public void AVehicleWithoutPerformanceGetsTheBuiltInLimits()
    {
        string xml = Doc(Xosc.Entities("Ego").Replace("<Performance maxSpeed=\"70\" maxDeceleration=\"10\" maxAcceleration=\"5\"/>", string.Empty, StringComparison.Ordinal),
            Place("Ego", Lane(-1, 50), 10));
        Load(xml, out List<InputError> warnings);
        Assert.Contains(warnings, w => w.Message.StartsWith("<Vehicle> has no <Performance>: the built-in car's limits are used", StringComparison.Ordinal));
        Assert.Single(Errors(xml, Strict));
    }

    [Fact]
    public void AnSJustOffTheRoadIsClamped()
    {
        // Road r is 1000 m long: s = 1000.4 is placed at its end.
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 1000.4), 0));
        Scenario s = Load(xml, out List<InputError> warnings);
        Assert.Contains(warnings, w => w.Message.Contains("s = 1000.4 is outside road 'r' (length 1000 m): clamped to 1000", StringComparison.Ordinal));
        var snap = new EntitySnapshot[1];
        new Simulator(s).GetSnapshot(snap);
        Assert.Equal(1000, snap[0].X, 9);
    }

    [Fact]
    public void ASuggestionNeverRepeatsTheNameWritten()
    {
        Assert.Equal(string.Empty, Suggestions.Hint("Ego", new[] { "Egon", "Ego" }));
        Assert.Equal(" (did you mean 'Ego'?)", Suggestions.Hint("Eg0", new[] { "Ego" }));
    }

    [Fact]
    public void AStateConditionOnTheWrongKindOfElementSaysWhatItIs()
    {
        // 'M' is the maneuver of Xosc.Story; naming it as an event used to suggest 'M' itself.
        string state = "<Condition name=\"s\" delay=\"0\" conditionEdge=\"none\"><ByValueCondition><StoryboardElementStateCondition storyboardElementType=\"event\" storyboardElementRef=\"M\" state=\"completeState\"/></ByValueCondition></Condition>";
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), Story("Ego", Event("E", SpeedTo(5), Trigger(state))));
        InputError e = Assert.Single(Errors(xml));
        Assert.Equal("'M' is a maneuver, not an event: set storyboardElementType=\"maneuver\"", e.Message);
        Assert.DoesNotContain("did you mean", e.Message, StringComparison.Ordinal);
    }
}
