using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Simulation;
using SimCore.Tests.Simulation;
using static SimCore.Tests.Simulation.SimHarness;

namespace SimCore.Tests.Scenarios;

/// <summary>
/// Bad scenarios: each error names the file, the line and column of the offending node (computed
/// here from the text itself) and says what is wrong, with a suggestion for typos.
/// </summary>
public class BadInputTests
{
    private static readonly string Road = StraightRoad(1000, 3, 3.5);

    private static string Valid(string entities = "", string events = "") =>
        "name: t\nduration: 10\nstep: 0.01\n" + Road +
        "entities:\n  - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 20, driver: reference}\n" +
        "  - {name: cutter, type: car, position: {road: r, lane: -2, s: 100}, speed: 15}\n" + entities + events;

    [Theory]
    [InlineData("{0}")]
    [InlineData("min_ttc >= {0}")]
    [InlineData("{0} >= 1.5")]
    [InlineData("min_ttc {0} 1.5")]
    public void A_huge_criterion_is_quoted_shortened_in_its_error(string shape)
    {
        // 200 KB of one word: the error names the criterion's line and quotes at most 80 characters of it.
        string word = new string('x', 200_000);
        string yaml = Valid() + "criteria:\n  - " + string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, word) + "\n";
        InputError e = Assert.Single(Errors(yaml));
        Assert.Equal(Locate(yaml, "criteria:").Line + 1, e.Location.Line);
        Assert.True(e.Message.Length < 400, $"{e.Message.Length} characters: {e.Message[..Math.Min(200, e.Message.Length)]}");
        Assert.Contains(new string('x', InputError.MaxQuoted - 3) + "...", e.Message);
    }

    [Theory]
    [InlineData("road: r, lane: -1", "road: {0}, lane: -1", "unknown road")]
    [InlineData("lane: -2, s: 100", "lane: -2{0}, s: 100", "'lane' must be an integer")]
    [InlineData("driver: reference", "driver: refe{0}", "'driver'")]
    public void A_huge_value_any_reader_quotes_is_shortened_in_its_error(string old, string shape, string message)
    {
        // Found by the fuzz tests' 100,000-opening mutation: each reader quoted the value whole.
        string yaml = Valid();
        Assert.Contains(old, yaml);
        string bad = yaml.Replace(old, string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, new string('(', 100_000)), StringComparison.Ordinal);
        InputError e = Assert.Single(Errors(bad), e => e.Message.Contains(message, StringComparison.Ordinal));
        Assert.True(e.Message.Length < 300, $"{e.Message.Length} characters: {e.Message[..Math.Min(200, e.Message.Length)]}");
        Assert.Contains(new string('(', InputError.MaxQuoted - 7) + "...'", e.Message);
    }

    [Fact]
    public void ValidBaselineLoads()
    {
        Scenario s = Parse(Valid());
        Assert.Equal(new[] { "ego", "cutter" }, s.EntityNames);
    }

    [Fact]
    public void YamlSyntaxErrorIsLocated()
    {
        // The second ':' on the line makes a mapping value where none is allowed.
        string yaml = "name: t\nduration: 10: 5\n";
        IReadOnlyList<InputError> errors = Errors(yaml);
        InputError e = Assert.Single(errors);
        Assert.Contains("YAML syntax", e.Message);
        Assert.Equal(InlinePath, e.Location.File);
        (int line, int col) = Locate(yaml, ": 5");
        Assert.Equal(line, e.Location.Line);
        Assert.Equal(col, e.Location.Column);
    }

    [Fact]
    public void UnknownTopLevelKeyIsAnErrorWithSuggestion()
    {
        string yaml = Valid().Replace("duration: 10", "duraton: 10");
        IReadOnlyList<InputError> errors = Errors(yaml);
        AssertErrorAt(errors, yaml, "duraton", "unknown key 'duraton'", "did you mean 'duration'?");
    }

    [Fact]
    public void UnknownKeyInEntityIsAnErrorWithSuggestion()
    {
        string yaml = Valid().Replace("speed: 15}", "sped: 15}");
        AssertErrorAt(Errors(yaml), yaml, "sped", "unknown key 'sped'", "entity 'cutter'", "did you mean 'speed'?");
    }

    [Fact]
    public void UnknownKeyInEventIsAnErrorWithSuggestion()
    {
        string yaml = Valid(events: "events:\n  - name: go\n    prority: skip\n    start: {simulation_time: 1}\n    actions:\n      - speed: {entity: cutter, target: 10, time: 2}\n");
        AssertErrorAt(Errors(yaml), yaml, "prority", "unknown key 'prority'", "event 'go'", "did you mean 'priority'?");
    }

    [Fact]
    public void UnknownKeyInConditionBodyIsAnErrorWithSuggestion()
    {
        string yaml = Valid(events: "events:\n  - name: go\n    start:\n      relative_distance: {entity: cutter, reference: ego, value: 10, rule: less_than, freespac: true}\n    actions:\n      - speed: {entity: cutter, target: 10, time: 2}\n");
        AssertErrorAt(Errors(yaml), yaml, "freespac", "unknown key 'freespac'", "did you mean 'freespace'?");
    }

    [Fact]
    public void MisspeltConditionModifierGetsASuggestion()
    {
        // 'edge' misspelt next to the condition type: a typo in a key must come with a suggestion.
        string yaml = Valid(events: "events:\n  - name: go\n    start:\n      simulation_time: 1\n      egde: rising\n    actions:\n      - speed: {entity: cutter, target: 10, time: 2}\n");
        IReadOnlyList<InputError> errors = Errors(yaml);
        Assert.Contains(errors, e => e.Message.Contains("egde", StringComparison.Ordinal) && e.Message.Contains("did you mean 'edge'?", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownEntityInActionIsReportedWithSuggestion()
    {
        string yaml = Valid(events: "events:\n  - name: go\n    start: {simulation_time: 1}\n    actions:\n      - speed: {entity: cuter, target: 10, time: 2}\n");
        AssertErrorAt(Errors(yaml), yaml, "cuter", "unknown entity 'cuter'", "did you mean 'cutter'?");
    }

    [Fact]
    public void UnknownEntityInConditionIsReportedWithSuggestion()
    {
        string yaml = Valid(events: "events:\n  - name: go\n    start:\n      speed: {entity: eggo, value: 10, rule: less_than}\n    actions:\n      - speed: {entity: cutter, target: 10, time: 2}\n");
        AssertErrorAt(Errors(yaml), yaml, "eggo", "unknown entity 'eggo'", "did you mean 'ego'?");
    }

    [Fact]
    public void UnknownEventInEventStateIsReportedWithSuggestion()
    {
        string yaml = Valid(events:
            "events:\n  - name: first\n    start: {simulation_time: 1}\n    actions:\n      - speed: {entity: cutter, target: 10, time: 2}\n" +
            "  - name: second\n    start:\n      event_state: {event: frist, state: end}\n    actions:\n      - speed: {entity: cutter, target: 5, time: 2}\n");
        AssertErrorAt(Errors(yaml), yaml, "frist", "unknown event 'frist'", "did you mean 'first'?");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    public void StepMustBePositive(string step)
    {
        string yaml = Valid().Replace("step: 0.01", "step: " + step);
        InputError e = Assert.Single(Errors(yaml));
        Assert.Contains("'step' must be greater than 0", e.Message);
        // The error points at the value, which starts after "step: ".
        (int line, int column) = Locate(yaml, "step: " + step);
        Assert.Equal((line, column + "step: ".Length), (e.Location.Line, e.Location.Column));
    }

    [Fact]
    public void NegativeLaneWidthIsAnError()
    {
        string yaml = Valid().Replace("- {width: 3.5}\n      - {width: 3.5}\n      - {width: 3.5}", "- {width: 3.5}\n      - {width: -3.5}\n      - {width: 3.5}");
        AssertErrorAt(Errors(yaml), yaml, "-3.5", "lane width must be greater than 0");
    }

    [Fact]
    public void NegativeLineLengthIsAnError()
    {
        string yaml = Valid().Replace("- line: 1000", "- line: -1000");
        AssertErrorAt(Errors(yaml), yaml, "-1000", "line length must be greater than 0");
    }

    [Fact]
    public void NegativeSegmentLengthInMappingIsAnError()
    {
        string yaml = Valid().Replace("- line: 1000", "- line: {length: -1000}");
        AssertErrorAt(Errors(yaml), yaml, "-1000", "'length' must be greater than 0");
    }

    [Fact]
    public void LaneAbsentAtSIsAnError()
    {
        string yaml = Valid().Replace("lane: -2, s: 100", "lane: -4, s: 100");
        // Reported at the position mapping, naming the lane and the lanes that exist.
        AssertErrorAt(Errors(yaml), yaml, "{road: r, lane: -4", "position of 'cutter'", "lane -4 does not exist", "-3..0");
    }

    [Fact]
    public void SBeyondRoadLengthIsAnError()
    {
        string yaml = Valid().Replace("lane: -2, s: 100", "lane: -2, s: 1500");
        AssertErrorAt(Errors(yaml), yaml, "{road: r, lane: -2, s: 1500", "s = 1500 is outside road 'r'", "length 1000");
    }

    [Fact]
    public void UnknownRoadIdIsAnErrorWithSuggestion()
    {
        string yaml = Valid().Replace("{road: r, lane: -2", "{road: rr, lane: -2");
        AssertErrorAt(Errors(yaml), yaml, "{road: rr", "unknown road 'rr'", "did you mean 'r'?");
    }

    [Fact]
    public void UnknownParameterIsAnError()
    {
        string yaml = "parameters:\n  speed: 15\n" + Valid().Replace("speed: 15}", "speed: $nope}");
        AssertErrorAt(Errors(yaml), yaml, "$nope", "unknown parameter '$nope'");
    }

    [Fact]
    public void DeclaredParameterIsUsedAndOverridable()
    {
        string yaml = "parameters:\n  v: 15\n" + Valid().Replace("speed: 15}", "speed: $v}");
        Scenario s = Parse(yaml, new Dictionary<string, string> { ["v"] = "12" });
        Assert.Equal("12", s.Parameters["v"].Text);
    }

    [Fact]
    public void OverrideOfUndeclaredParameterIsAnError()
    {
        string yaml = "parameters:\n  speed: 15\n" + Valid();
        IReadOnlyList<InputError> errors = Errors(yaml, new Dictionary<string, string> { ["sped"] = "3" });
        InputError e = Assert.Single(errors);
        Assert.Equal("--param", e.Location.File);
        Assert.Equal(0, e.Location.Line);
        Assert.Equal(0, e.Location.Column);
        Assert.Contains("'sped' is not a parameter", e.Message);
        Assert.Contains("did you mean 'speed'?", e.Message);
    }

    [Fact]
    public void CriterionWithUnknownKpiIsAnErrorWithSuggestion()
    {
        string yaml = Valid() + "criteria:\n  - no_collision\n  - min_tcc >= 1.5\n";
        AssertErrorAt(Errors(yaml), yaml, "min_tcc >= 1.5", "unknown KPI 'min_tcc'", "did you mean 'min_ttc'?");
    }

    [Fact]
    public void TwoEgosAreAnError()
    {
        string yaml = Valid().Replace("speed: 15}", "speed: 15, driver: reference}");
        AssertErrorAt(Errors(yaml), yaml, "{name: cutter", "only one entity can have a driver", "'ego' already has one");
    }

    [Fact]
    public void RelativePositionToALaterEntityIsAnError()
    {
        string yaml = Valid().Replace("position: {road: r, lane: -1, s: 50}", "position: {relative_to: cutter, lane: 1, ds: -50}");
        AssertErrorAt(Errors(yaml), yaml, "{relative_to: cutter", "'cutter' must be declared before 'ego'");
    }

    [Fact]
    public void RelativePositionToAnEarlierEntityLoads()
    {
        string yaml = Valid().Replace("position: {road: r, lane: -2, s: 100}", "position: {relative_to: ego, lane: -1, ds: 30}");
        var trace = SimHarness.Run(Parse(yaml.Replace("duration: 10", "duration: 0.01")));
        // One lane to the right of lane -1 is lane -2; 30 m ahead of s = 50.
        Assert.Equal(-2, trace.Frames[0][1].LaneId);
        Assert.Equal(80, trace.Frames[0][1].RoadS, 9);
    }

    [Fact]
    public void ExternalDriverLoadsAndIsNamedWithItsLocation()
    {
        string yaml = Valid().Replace("driver: reference", "driver: external");
        Scenario s = Parse(yaml);
        (string name, SourceLocation where) = s.ExternalDriver!.Value;
        Assert.Equal("ego", name);
        Assert.Equal(yaml[..yaml.IndexOf("{name: ego", StringComparison.Ordinal)].Count(c => c == '\n') + 1, where.Line);
        Assert.Null(Parse(Valid()).ExternalDriver);
    }

    [Fact]
    public void AnExternallyDrivenEgoWithNoTargetKeepsZeroDemand()
    {
        // No target sets a demand: zero steering and zero acceleration, so on a straight road the
        // ego's speed changes only by what the model does with a zero demand, the same as after
        // UseExternalDriver on a reference-driven ego.
        string yaml = Valid().Replace("driver: reference", "driver: external");
        var external = new Simulator(Parse(yaml));
        var handed = new Simulator(Parse(Valid()));
        handed.UseExternalDriver(0);
        Assert.Equal(handed.Run().StateHash, external.Run().StateHash);
    }

    [Fact]
    public void MissingDurationIsAnError()
    {
        string yaml = Valid().Replace("duration: 10\n", string.Empty);
        // Reported on the root mapping, which starts at the first key.
        AssertErrorAt(Errors(yaml), yaml, "name: t", "needs 'duration'");
    }

    [Fact]
    public void MissingEntitiesIsAnError()
    {
        string yaml = "name: t\nduration: 10\n" + Road;
        AssertErrorAt(Errors(yaml), yaml, "name: t", "needs 'entities'");
    }

    [Fact]
    public void EveryErrorIsReportedAtOnce()
    {
        string yaml = Valid().Replace("duration: 10", "duraton: 10").Replace("speed: 15}", "sped: 15}");
        IReadOnlyList<InputError> errors = Errors(yaml);
        AssertErrorAt(errors, yaml, "duraton", "unknown key 'duraton'", "did you mean 'duration'?");
        AssertErrorAt(errors, yaml, "sped", "unknown key 'sped'", "did you mean 'speed'?");
        // The misspelt key also leaves 'duration' missing: three errors, no more.
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void ValidateReturnsTheErrorsOfAFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "simcore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string good = Path.Combine(dir, "good.yaml");
            File.WriteAllText(good, Valid());
            Assert.Empty(ScenarioLoader.Validate(good));

            string bad = Path.Combine(dir, "bad.yaml");
            string yaml = Valid().Replace("duration: 10", "duraton: 10").Replace("step: 0.01", "step: 0");
            File.WriteAllText(bad, yaml);
            IReadOnlyList<InputError> errors = ScenarioLoader.Validate(bad);
            Assert.Contains(errors, e => e.Location.File == bad && (e.Location.Line, e.Location.Column) == Locate(yaml, "duraton") && e.Message.Contains("did you mean 'duration'?"));
            (int l, int c) = Locate(yaml, "step: 0");
            Assert.Contains(errors, e => e.Location.File == bad && e.Location.Line == l && e.Location.Column == c + "step: ".Length && e.Message.Contains("'step' must be greater than 0"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void RelativeRoadFileResolvesAgainstTheScenarioDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "simcore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "roads"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "roads", "r.yaml"), "id: r\ngeometry:\n  - line: 300\nlanes:\n  right:\n    - {width: -2}\n");
            string yaml = "name: t\nduration: 1\nroad: {file: roads/r.yaml}\nentities:\n  - {name: a, type: car, position: {road: r, lane: -1, s: 10}}\n";
            InputException ex = Assert.Throws<InputException>(() => ScenarioLoader.Parse(Path.Combine(dir, "s.yaml"), yaml));
            // The error is located in the road file, at the bad width (line 6, after "    - {width: ").
            InputError e = Assert.Single(ex.Errors, x => x.Message.Contains("lane width must be greater than 0"));
            Assert.Equal(Path.Combine(dir, "roads", "r.yaml"), e.Location.File);
            Assert.Equal((6, 15), (e.Location.Line, e.Location.Column));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void StreetLightsArePlacedEverySpacingFromStartToEnd()
    {
        string yaml = Valid().Replace("  lanes:\n", "  street_lights: {spacing: 40, t: [-12, 1.5], height: 9, start: 20, end: 130}\n  lanes:\n");
        Scenario s = Parse(yaml);
        var lamps = s.Network.Roads[0].StreetLamps;
        // s = 20, 60, 100 (140 > end), each at both offsets.
        Assert.Equal(
            new[] { (20.0, -12.0), (20.0, 1.5), (60.0, -12.0), (60.0, 1.5), (100.0, -12.0), (100.0, 1.5) },
            lamps.Select(l => (l.S, l.T)).ToArray());
        Assert.All(lamps, l => Assert.Equal(9.0, l.Height));
    }

    [Fact]
    public void StreetLightsWithoutSpacingOrWithZeroSpacingAreLocatedErrors()
    {
        string missing = Valid().Replace("  lanes:\n", "  street_lights: {t: -12}\n  lanes:\n");
        AssertErrorAt(Errors(missing), missing, "{t: -12}", "street_lights needs 'spacing'");
        string zero = Valid().Replace("  lanes:\n", "  street_lights: {spacing: 0, t: -12}\n  lanes:\n");
        AssertErrorAt(Errors(zero), zero, "0, t:", "'spacing'");
        string typo = Valid().Replace("  lanes:\n", "  street_lights: {spacing: 30, t: -12, hieght: 8}\n  lanes:\n");
        AssertErrorAt(Errors(typo), typo, "hieght", "unknown key 'hieght'", "did you mean 'height'?");
    }
}
