using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// Parameters and variables that change during a run: ParameterSetAction / ParameterModifyAction,
/// 1.2 VariableSetAction / VariableModifyAction, and the Parameter and Variable conditions that read
/// them. Expected times follow the step order: an event started at t acts in that step's storyboard
/// pass, after every trigger has been evaluated, so a condition on its result first holds at t + dt.
/// </summary>
public sealed class RuntimeValueTests
{
    private static string ParameterSet(string name, string value)
        => $"<GlobalAction><ParameterAction parameterRef=\"{name}\"><SetAction value=\"{value}\"/></ParameterAction></GlobalAction>";

    private static string ParameterModify(string name, string rule, double value)
        => $"<GlobalAction><ParameterAction parameterRef=\"{name}\"><ModifyAction><Rule><{rule} value=\"{value}\"/></Rule></ModifyAction></ParameterAction></GlobalAction>";

    private static string VariableSet(string name, string value)
        => $"<GlobalAction><VariableAction variableRef=\"{name}\"><SetAction value=\"{value}\"/></VariableAction></GlobalAction>";

    private static string VariableModify(string name, string rule, double value)
        => $"<GlobalAction><VariableAction variableRef=\"{name}\"><ModifyAction><Rule><{rule} value=\"{value}\"/></Rule></ModifyAction></VariableAction></GlobalAction>";

    private static string ParameterIs(string name, string value, string rule = "equalTo")
        => $"<Condition name=\"p\" delay=\"0\" conditionEdge=\"none\"><ByValueCondition><ParameterCondition parameterRef=\"{name}\" value=\"{value}\" rule=\"{rule}\"/></ByValueCondition></Condition>";

    private static string VariableIs(string name, string value, string rule = "equalTo")
        => $"<Condition name=\"v\" delay=\"0\" conditionEdge=\"none\"><ByValueCondition><VariableCondition variableRef=\"{name}\" value=\"{value}\" rule=\"{rule}\"/></ByValueCondition></Condition>";

    private static string WithVariables(string xml, string declarations)
        => xml.Replace("<CatalogLocations>", $"<VariableDeclarations>{declarations}</VariableDeclarations><CatalogLocations>", StringComparison.Ordinal);

    private static string Doc2(string events, string parameters = "", double stopAt = 5)
        => Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), Story("Ego", events), parameters, stopAt: stopAt);

    [Fact]
    public void ParameterSetActionIsSeenByAParameterConditionOneStepLater()
    {
        string events = Event("Set", ParameterSet("Flag", "go"), Trigger(SimTime(1)), priority: "parallel")
            + Event("React", SpeedTo(5), Trigger(ParameterIs("Flag", "go")), priority: "parallel");
        RunResult r = Run(Load(Doc2(events, "<ParameterDeclaration name=\"Flag\" parameterType=\"string\" value=\"wait\"/>")));
        // SimulationTime > 1 first holds at t = 1.01; the set acts then; the condition sees it at 1.02.
        Assert.Equal(1.01, Started(r, "Set")!.Value, 9);
        Assert.Equal(1.02, Started(r, "React")!.Value, 9);
        Assert.Contains(r.Events, e => e.Type == "parameter_set" && e.Name == "Flag" && e.Detail == "'wait' -> 'go'");
    }

    [Theory]
    [InlineData("integer", "9", 2.02)]
    [InlineData("double", "9.5", 3.02)]
    public void ModifyActionsAddAndMultiplyInTheDeclaredType(string type, string expected, double reactsAt)
    {
        // ((1 + 2) * 3) + 0.5 = 9.5; an integer parameter keeps whole numbers, so it is 9 from the
        // multiplication at 2.01 on (and stays 9).
        string events = Event("Add", ParameterModify("N", "AddValue", 2), Trigger(SimTime(1)), priority: "parallel")
            + Event("Mul", ParameterModify("N", "MultiplyByValue", 3), Trigger(SimTime(2)), priority: "parallel")
            + Event("Half", ParameterModify("N", "AddValue", 0.5), Trigger(SimTime(3)), priority: "parallel")
            + Event("React", SpeedTo(5), Trigger(ParameterIs("N", expected)), priority: "parallel");
        RunResult r = Run(Load(Doc2(events, $"<ParameterDeclaration name=\"N\" parameterType=\"{type}\" value=\"1\"/>")));
        Assert.Equal(reactsAt, Started(r, "React")!.Value, 9);
        Assert.Equal(expected, r.Events.Last(e => e.Type == "parameter_set").Detail!.Split("-> ")[1].Trim('\''));
    }

    [Fact]
    public void AParameterConditionReadsTheValueCurrentAtEachStep()
    {
        // The condition is true before the set and false after it: the event with a falling edge
        // fires when the value changes.
        string events = Event("Set", ParameterSet("Speed", "30"), Trigger(SimTime(2)), priority: "parallel")
            + Event("Drop", SpeedTo(5), Trigger(ParameterIs("Speed", "25", "lessThan").Replace("conditionEdge=\"none\"", "conditionEdge=\"falling\"")), priority: "parallel");
        RunResult r = Run(Load(Doc2(events, "<ParameterDeclaration name=\"Speed\" parameterType=\"double\" value=\"20\"/>")));
        Assert.Equal(2.02, Started(r, "Drop")!.Value, 9);
    }

    [Fact]
    public void VariablesStartFromTheirDeclarationAndChangeByActions()
    {
        string events = Event("Add", VariableModify("count", "AddValue", 3), Trigger(SimTime(1)), priority: "parallel")
            + Event("React", SpeedTo(5), Trigger(VariableIs("count", "5", "greaterOrEqual")), priority: "parallel");
        string xml = WithVariables(Doc2(events, "<ParameterDeclaration name=\"Start\" parameterType=\"integer\" value=\"2\"/>"),
            "<VariableDeclaration name=\"count\" variableType=\"integer\" value=\"$Start\"/>");
        RunResult r = Run(Load(xml));
        // 2 + 3 = 5 after the add at 1.01.
        Assert.Equal(1.02, Started(r, "React")!.Value, 9);
        Assert.Contains(r.Events, e => e.Type == "variable_set" && e.Name == "count" && e.Detail == "'2' -> '5'");
    }

    [Fact]
    public void AGlobalActionInInitActsInTheFirstStep()
    {
        string init = Place("Ego", Lane(-1, 50), 10) + $"<GlobalAction><VariableAction variableRef=\"mode\"><SetAction value=\"armed\"/></VariableAction></GlobalAction>";
        string xml = WithVariables(Doc(Xosc.Entities("Ego"), init, Story("Ego", Event("React", SpeedTo(5), Trigger(VariableIs("mode", "armed")))), stopAt: 2),
            "<VariableDeclaration name=\"mode\" variableType=\"string\" value=\"idle\"/>");
        RunResult r = Run(Load(xml));
        Assert.Equal(0.01, Started(r, "React")!.Value, 9);
    }

    [Fact]
    public void EachRunStartsFromTheDeclaredValues()
    {
        string events = Event("Add", VariableModify("count", "AddValue", 1), Trigger(SimTime(1)), priority: "parallel");
        Scenario s = Load(WithVariables(Doc2(events, stopAt: 2), "<VariableDeclaration name=\"count\" variableType=\"double\" value=\"0\"/>"));
        RunResult first = Run(s), second = Run(s);
        Assert.Equal("'0' -> '1'", first.Events.Single(e => e.Type == "variable_set").Detail);
        Assert.Equal("'0' -> '1'", second.Events.Single(e => e.Type == "variable_set").Detail);
        Assert.Equal(first.StateHash, second.StateHash);
    }

    [Fact]
    public void UnknownVariableIsAnErrorWithSuggestion()
    {
        string xml = WithVariables(Doc2(Event("Add", VariableModify("cuont", "AddValue", 1), Trigger(SimTime(1)))),
            "<VariableDeclaration name=\"count\" variableType=\"double\" value=\"0\"/>");
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("unknown variable 'cuont' (did you mean 'count'?)", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "variableRef=\"cuont\""), e.Location.Line);
    }

    [Fact]
    public void TextCannotBeModifiedAndNumbersMustStayNumbers()
    {
        string p = "<ParameterDeclaration name=\"Name\" parameterType=\"string\" value=\"a\"/><ParameterDeclaration name=\"X\" parameterType=\"double\" value=\"1\"/>";
        InputError add = Assert.Single(Errors(Doc2(Event("Add", ParameterModify("Name", "AddValue", 1), Trigger(SimTime(1))), p)));
        Assert.Contains("parameter 'Name' is of type string: only numbers can be added to or multiplied", add.Message, StringComparison.Ordinal);
        InputError set = Assert.Single(Errors(Doc2(Event("Set", ParameterSet("X", "fast"), Trigger(SimTime(1))), p)));
        Assert.Contains("'fast' is not a number", set.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AParameterConditionInAManeuverReadsTheManeuversParameter()
    {
        // The maneuver redeclares Speed; the set action in the maneuver changes that one, not the global.
        string maneuverParameters = "<ParameterDeclarations><ParameterDeclaration name=\"Speed\" parameterType=\"double\" value=\"3\"/></ParameterDeclarations>";
        string events = Event("Set", ParameterSet("Speed", "4"), Trigger(SimTime(1)), priority: "parallel")
            + Event("React", SpeedTo(5), Trigger(ParameterIs("Speed", "4")), priority: "parallel");
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), Story("Ego", events, maneuverParameters),
            "<ParameterDeclaration name=\"Speed\" parameterType=\"double\" value=\"20\"/>", stopAt: 3);
        Scenario s = Load(xml);
        RunResult r = Run(s);
        Assert.Equal(1.02, Started(r, "React")!.Value, 9);
        // The global value the scenario reports is the declared one.
        Assert.Equal("20", s.Parameters["Speed"].Text);
    }
}
