using SimCore.Diagnostics;
using SimCore.Kpis;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Tests.OpenScenario;

/// <summary>
/// Scenarios without a road network: world and relative positions, straight motion along the
/// heading, and the lane KPIs reported as not applicable. esmini (77028d83) places these entities
/// at the same start positions but does not move them (its default controller needs a road), so
/// motion is checked against hand-computed values.
/// </summary>
public sealed class NoRoadNetworkTests
{
    private static string Doc(string roadNetwork, string egoPosition = "<WorldPosition x=\"10\" y=\"20\" z=\"0\" h=\"0.5\"/>") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <OpenSCENARIO>
          <FileHeader revMajor="1" revMinor="2" date="2024-01-01T00:00:00" description="no roads" author="tests"/>
          {roadNetwork}
          {Xosc.Entities("Ego", "Target")}
          <Storyboard>
            <Init><Actions>
              {Xosc.Place("Ego", egoPosition, 10)}
              {Xosc.Place("Target", "<RelativeObjectPosition entityRef=\"Ego\" dx=\"30\" dy=\"0\"/>", 5)}
            </Actions></Init>
            {Xosc.Story("Ego", Xosc.Event("Slow", Xosc.SpeedTo(4, "linear", "time", 2), Xosc.Trigger(Xosc.SimTime(2, "greaterOrEqual"))))}
            <StopTrigger><ConditionGroup>{Xosc.SimTime(6)}</ConditionGroup></StopTrigger>
          </Storyboard>
        </OpenSCENARIO>
        """;

    private static Scenario Load(string xml, out List<InputError> warnings)
    {
        warnings = new List<InputError>();
        return OpenScenarioReader.Load(Xosc.Write(xml), null, new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario }, warnings);
    }

    [Theory]
    [InlineData("<RoadNetwork/>")]
    [InlineData("<RoadNetwork><LogicFile filepath=\"\"/></RoadNetwork>")]
    public void EntitiesStartWhereTheirPositionsSayAndMoveStraight(string roadNetwork)
    {
        Scenario s = Load(Doc(roadNetwork), out List<InputError> warnings);
        Assert.Contains(warnings, w => w.Message.StartsWith("no road network", StringComparison.Ordinal));
        var run = new Recorded(s);
        (double sin, double cos) = Math.SinCos(0.5);
        // Target: 30 m ahead of the ego along its heading (esmini: 36.327477, 34.382766).
        Assert.Equal(10 + 30 * cos, run.At("Target", 0).X, 9);
        Assert.Equal(20 + 30 * sin, run.At("Target", 0).Y, 9);
        Assert.Equal(0.5, run.At("Target", 0).Heading, 12);
        // 10 m/s along h = 0.5 for 2 s, then the ramp; from 4.01 s on 4 m/s.
        Assert.Equal(10 + 20 * cos, run.At("Ego", 2.0).X, 6);
        Assert.Equal(20 + 20 * sin, run.At("Ego", 2.0).Y, 6);
        EntitySnapshot a = run.At("Ego", 5.0), b = run.At("Ego", 6.0);
        Assert.Equal(4.0, Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)), 6);
        Assert.Equal(4.0, b.Speed, 9);
        Assert.False(b.HasRoad);
        // Target at 5 m/s throughout.
        Assert.Equal(10 + 30 * cos + 30 * cos, run.At("Target", 6.0).X, 6);
    }

    [Fact]
    public void LaneKpisAreNotApplicableAndTheDefaultCriterionStillJudges()
    {
        RunResult r = new Recorded(Load(Doc("<RoadNetwork/>"), out _)).Result;
        foreach (string kpi in new[] { "lane_departures", "offroad_time", "overspeed_integral" })
        {
            KpiValue k = r.Kpis.Single(x => x.Name == kpi);
            Assert.Null(k.Value);
            Assert.Equal("no road network", k.NotApplicable);
        }
        Assert.DoesNotContain(r.Events, e => e.Type == "offroad");
        CriterionResult c = Assert.Single(r.Criteria);
        Assert.Equal(("ego_no_collision", "default", true), (c.Name, c.Source, c.Passed));
        Assert.Equal(RunStatus.Pass, r.Status);
    }

    [Fact]
    public void ALanePositionWithoutRoadsIsAnError()
    {
        string xml = Doc("<RoadNetwork/>", Xosc.Lane(-1, 50));
        InputException e = Assert.Throws<InputException>(() => Load(xml, out _));
        Assert.Contains("unknown road 'r'", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithoutRoadNetworkIsReadWithAWarningOrRefusedWithStrict()
    {
        string xml = Doc(string.Empty);
        Load(xml, out List<InputError> warnings);
        Assert.Contains(warnings, w => w.Message.Contains("has no <RoadNetwork>", StringComparison.Ordinal));
        InputException e = Assert.Throws<InputException>(() => OpenScenarioReader.Load(Xosc.Write(xml), null, new OpenScenarioOptions { Strict = true }, new List<InputError>()));
        Assert.Contains("(--strict)", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntityDeclaredFirstIsPlacedAfterTheOneItRefersToAsEsminiDoes()
    {
        // Target first in <Entities> and Init, placed relative to the later Ego: esmini (77028d83)
        // puts it at (36.327477, 34.382766), 30 m along the ego's heading.
        string xml = Doc("<RoadNetwork/>").Replace("""<Entities><ScenarioObject name="Ego">""", """<Entities><ScenarioObject name="Zzz">""", StringComparison.Ordinal);
        xml = xml.Replace("""<ScenarioObject name="Target">""", """<ScenarioObject name="Ego">""", StringComparison.Ordinal)
            .Replace("""<ScenarioObject name="Zzz">""", """<ScenarioObject name="Target">""", StringComparison.Ordinal);
        Scenario s = Load(xml, out List<InputError> warnings);
        Assert.Equal(new[] { "Target", "Ego" }, s.EntityNames);
        Assert.Contains(warnings, w => w.Message.Contains("'Target' starts relative to 'Ego', which is declared after it", StringComparison.Ordinal));
        var run = new Recorded(s);
        Assert.Equal(36.327477, run.At("Target", 0).X, 6);
        Assert.Equal(34.382766, run.At("Target", 0).Y, 6);
    }
}
