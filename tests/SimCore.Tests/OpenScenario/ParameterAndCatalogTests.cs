using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

public class ParameterAndCatalogTests
{
    private const string Params = """
        <ParameterDeclaration name="Speed" parameterType="double" value="20"/>
        <ParameterDeclaration name="Twice" parameterType="double" value="${$Speed * 2}"/>
        <ParameterDeclaration name="Who" parameterType="string" value="Ego"/>
        """;

    private static string Doc1(string story = "") => Doc(Xosc.Entities("Ego"), Place("$Who", Lane(-1, 50), 10), story, Params);

    [Fact]
    public void ParametersResolveInOrderAndOverridesReplaceThem()
    {
        Scenario s = Load(Doc1());
        Assert.Equal("40", s.Parameters["Twice"].Text);
        Scenario o = Load(Doc1(), out _, overrides: new Dictionary<string, string> { ["Speed"] = "5" });
        // The override replaces the value before later declarations read it.
        Assert.Equal("10", o.Parameters["Twice"].Text);
    }

    [Fact]
    public void UnknownOverrideIsAnErrorWithSuggestion()
    {
        IReadOnlyList<InputError> errors = Errors(Doc1(), overrides: new Dictionary<string, string> { ["Sped"] = "5" });
        InputError e = Assert.Single(errors);
        Assert.Equal("--param", e.Location.File);
        Assert.Contains("did you mean 'Speed'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoryScopeHidesGlobalAndManeuverScopeHidesStory()
    {
        // Global Speed = 20; the story redeclares it as 7, the maneuver as 3: the event sees 3.
        string story = $"""
            <Story name="S"><ParameterDeclarations><ParameterDeclaration name="Speed" parameterType="double" value="7"/></ParameterDeclarations>
              <Act name="A"><ManeuverGroup maximumExecutionCount="1" name="G"><Actors selectTriggeringEntities="false"><EntityRef entityRef="Ego"/></Actors>
                <Maneuver name="M"><ParameterDeclarations><ParameterDeclaration name="Speed" parameterType="double" value="{"${$Speed - 4}"}"/></ParameterDeclarations>
                  {Event("E", SpeedTo(10), Trigger(SimTime(999)))}
                  {Event("F", SpeedTo(10), Trigger("<Condition name=\"p\" delay=\"0\" conditionEdge=\"none\"><ByValueCondition><ParameterCondition parameterRef=\"Speed\" value=\"3\" rule=\"equalTo\"/></ByValueCondition></Condition>"))}
                </Maneuver></ManeuverGroup>{Trigger(SimTime(0))}</Act></Story>
            """;
        var r = Run(Load(Doc1(story)));
        Assert.Equal(0.01, Started(r, "F")!.Value, 9);
    }

    [Fact]
    public void BadExpressionNamesFileAndLine()
    {
        string xml = Doc1().Replace("value=\"${$Speed * 2}\"", "value=\"${$Speed * (2}\"");
        InputError e = Assert.Single(Errors(xml));
        Assert.Equal(LineOf(xml, "name=\"Twice\""), e.Location.Line);
        Assert.EndsWith("test.xosc", e.Location.File, StringComparison.Ordinal);
        Assert.Contains("missing ')'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownParameterReferenceGetsSuggestion()
    {
        string xml = Doc1().Replace("entityRef=\"$Who\"", "entityRef=\"$Woh\"");
        InputError e = Assert.Single(Errors(xml));
        Assert.Contains("unknown parameter '$Woh' (did you mean 'Who'?)", e.Message, StringComparison.Ordinal);
    }

    private const string Catalog = """
        <?xml version="1.0"?>
        <OpenSCENARIO><FileHeader revMajor="1" revMinor="1" date="2024-01-01T00:00:00" description="c" author="t"/>
          <Catalog name="Cars">
            <Vehicle name="sized" vehicleCategory="truck">
              <ParameterDeclarations>
                <ParameterDeclaration name="Len" parameterType="double" value="4"/>
                <ParameterDeclaration name="Cx" parameterType="double" value="${$Len / 4}"/>
              </ParameterDeclarations>
              <BoundingBox><Center x="$Cx" y="0" z="1"/><Dimensions width="2.5" length="$Len" height="3"/></BoundingBox>
              <Performance maxSpeed="25" maxDeceleration="6" maxAcceleration="1.5"/>
              <Axles><FrontAxle maxSteering="0.5" wheelDiameter="1" trackWidth="2" positionX="5" positionZ="0.5"/>
                     <RearAxle maxSteering="0" wheelDiameter="1" trackWidth="2" positionX="0" positionZ="0.5"/></Axles>
            </Vehicle>
          </Catalog>
        </OpenSCENARIO>
        """;

    private static string WithCatalog(string reference)
        => Doc($"<Entities><ScenarioObject name=\"Ego\">{reference}</ScenarioObject></Entities>", Place("Ego", Lane(-1, 50), 10),
            catalogs: "<VehicleCatalog><Directory path=\"Catalogs/Vehicles\"/></VehicleCatalog>");

    [Fact]
    public void CatalogReferenceWithParameterAssignment()
    {
        string xml = WithCatalog("""<CatalogReference catalogName="Cars" entryName="sized"><ParameterAssignments><ParameterAssignment parameterRef="Len" value="8"/></ParameterAssignments></CatalogReference>""");
        Scenario s = Load(xml, out _, extra: ("Catalogs/Vehicles/cars.xosc", Catalog));
        EntityDefinition ego = Assert.Single(s.Entities);
        Assert.Equal(8, ego.Length);
        Assert.Equal(2, ego.CenterOffsetX);   // Cx = Len / 4 with the assigned Len
        Assert.Equal(Entities.EntityKind.Truck, ego.Kind);
        Assert.Equal(25, ego.Vehicle!.MaxSpeed);
        Assert.Equal(5, ego.Vehicle.Wheelbase, 9);
        Assert.Equal(2, ego.Vehicle.RearOverhang, 9);   // 8 / 2 - 2
    }

    [Fact]
    public void UnknownCatalogEntryIsAnErrorWithSuggestion()
    {
        string xml = WithCatalog("""<CatalogReference catalogName="Cars" entryName="sizd"/>""");
        InputError e = Assert.Single(Errors(xml, extra: ("Catalogs/Vehicles/cars.xosc", Catalog)));
        Assert.Contains("catalog 'Cars' has no entry 'sizd' (did you mean 'sized'?)", e.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(xml, "entryName=\"sizd\""), e.Location.Line);
    }

    [Fact]
    public void AssignmentToUndeclaredParameterIsAnError()
    {
        string xml = WithCatalog("""<CatalogReference catalogName="Cars" entryName="sized"><ParameterAssignments><ParameterAssignment parameterRef="Lenn" value="8"/></ParameterAssignments></CatalogReference>""");
        InputError e = Assert.Single(Errors(xml, extra: ("Catalogs/Vehicles/cars.xosc", Catalog)));
        Assert.Contains("did you mean 'Len'?", e.Message, StringComparison.Ordinal);
    }

    // A second, unused entry: catalogs are streamed and only named entries are built, yet the whole
    // file is still checked.
    private static string CatalogWithUnused(string unusedBody)
        => Catalog.Replace("  </Catalog>", $"""
                <Vehicle name="unused" vehicleCategory="car">
                  {unusedBody}
                </Vehicle>
              </Catalog>
            """);

    [Fact]
    public void SyntaxErrorInAnUnusedCatalogEntryIsAnErrorAtItsLine()
    {
        string catalog = CatalogWithUnused("<BoundingBox><Center x=\"0\" y=\"0\" z=\"1\"/></BoundingBx>");
        string xml = WithCatalog("""<CatalogReference catalogName="Cars" entryName="sized"/>""");
        IReadOnlyList<InputError> errors = Errors(xml, extra: ("Catalogs/Vehicles/cars.xosc", catalog));
        InputError e = errors[0];
        Assert.EndsWith("cars.xosc", e.Location.File, StringComparison.Ordinal);
        Assert.Equal(LineOf(catalog, "</BoundingBx>"), e.Location.Line);
        Assert.StartsWith("XML syntax:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorInANamedCatalogEntryNamesTheCatalogFileAndLine()
    {
        string catalog = Catalog.Replace("height=\"3\"", "height=\"tall\"");
        string xml = WithCatalog("""<CatalogReference catalogName="Cars" entryName="sized"/>""");
        InputError e = Errors(xml, extra: ("Catalogs/Vehicles/cars.xosc", catalog))[0];
        Assert.Contains("'height' of <Dimensions> must be a number", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("cars.xosc", e.Location.File, StringComparison.Ordinal);
        Assert.Equal(LineOf(catalog, "height=\"tall\""), e.Location.Line);
    }

    [Fact]
    public void EntryNamedByAStoryParameterIsFoundThoughTheLoadScanExpectedAnother()
    {
        // The scan before streaming resolves entry names in the global scope ('slow'); the story
        // redeclares Pick as 'fast', so the reference needs an entry the scan did not build.
        string Move(string name, double speed) => $"""
            <Maneuver name="{name}">{Event(name + "Go", SpeedTo(speed), Trigger(SimTime(0.5)))}</Maneuver>
            """;
        string moves = $"""
            <?xml version="1.0"?>
            <OpenSCENARIO><FileHeader revMajor="1" revMinor="1" date="2024-01-01T00:00:00" description="c" author="t"/>
              <Catalog name="Moves">{Move("slow", 3)}{Move("fast", 30)}</Catalog>
            </OpenSCENARIO>
            """;
        string story = """
            <Story name="S"><ParameterDeclarations><ParameterDeclaration name="Pick" parameterType="string" value="fast"/></ParameterDeclarations>
              <Act name="A"><ManeuverGroup maximumExecutionCount="1" name="G"><Actors selectTriggeringEntities="false"><EntityRef entityRef="Ego"/></Actors>
                <CatalogReference catalogName="Moves" entryName="$Pick"/></ManeuverGroup>
                <StartTrigger><ConditionGroup><Condition name="t0" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="0" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StartTrigger></Act></Story>
            """;
        string xml = Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), story,
            "<ParameterDeclaration name=\"Pick\" parameterType=\"string\" value=\"slow\"/>",
            "<ManeuverCatalog><Directory path=\"Catalogs/Maneuvers\"/></ManeuverCatalog>");
        RunResult r = Run(Load(xml, out _, extra: ("Catalogs/Maneuvers/moves.xosc", moves)));
        Assert.NotNull(Started(r, "fastGo"));
        Assert.Null(Started(r, "slowGo"));
    }
}
