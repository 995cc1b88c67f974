using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Scenarios;
using SimCore.Tests.OpenDrive;

namespace SimCore.Tests.OpenScenario;

/// <summary>ParameterValueDistribution files expanded into runs.</summary>
public sealed class ParameterDistributionTests
{
    /// <summary>A scenario without roads declaring A, B, C, D (it plays too: the world position needs no road).</summary>
    private const string Scenario = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OpenSCENARIO>
          <FileHeader revMajor="1" revMinor="2" date="2024-01-01T00:00:00" description="s" author="t"/>
          <ParameterDeclarations>
            <ParameterDeclaration name="A" parameterType="double" value="1"/>
            <ParameterDeclaration name="B" parameterType="string" value="x"/>
            <ParameterDeclaration name="C" parameterType="double" value="0"/>
            <ParameterDeclaration name="Speed" parameterType="double" value="10">
              <ConstraintGroup><ValueConstraint rule="lessOrEqual" value="50"/></ConstraintGroup>
            </ParameterDeclaration>
          </ParameterDeclarations>
          <RoadNetwork/>
          ENTITIES
          <Storyboard><Init><Actions>PLACE</Actions></Init>
            <StopTrigger><ConditionGroup><Condition name="t" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="1" rule="greaterThan"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>
          </Storyboard>
        </OpenSCENARIO>
        """;

    private static string Distribution(string body) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <OpenSCENARIO>
          <FileHeader revMajor="1" revMinor="2" date="2024-01-01T00:00:00" description="d" author="t"/>
          <ParameterValueDistribution>
            <ScenarioFile filepath="scenario.xosc"/>
            {body}
          </ParameterValueDistribution>
        </OpenSCENARIO>
        """;

    private static string Write(string body)
    {
        // The ego's start speed is $Speed: Xosc.Place writes a number, so its 0 is replaced.
        string place = Xosc.Place("Ego", "<WorldPosition x=\"0\" y=\"0\" h=\"0\"/>", 0)
            .Replace("<AbsoluteTargetSpeed value=\"0\"/>", "<AbsoluteTargetSpeed value=\"$Speed\"/>", StringComparison.Ordinal);
        string scenario = Scenario.Replace("ENTITIES", Xosc.Entities("Ego"), StringComparison.Ordinal).Replace("PLACE", place, StringComparison.Ordinal);
        return Xosc.Write(Distribution(body), ("scenario.xosc", scenario));
    }

    private static ParameterDistribution Load(string body, ulong seed = 0) => ParameterDistribution.Load(Write(body), seed);

    private static IReadOnlyList<InputError> Errors(string body)
        => Assert.Throws<InputException>(() => Load(body)).Errors;

    private static string Runs(ParameterDistribution d)
        => string.Join(" | ", d.Assignments.Select(a => string.Join(",", a.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))));

    [SharedFact]
    public void CutInParameterSetExpandsIntoEsminisTwelveRunsInItsOrder()
    {
        string path = Path.Combine(SharedData.Esmini, "xosc", "cut-in_parameter_set.xosc");
        Assert.True(ParameterDistribution.IsDistributionFile(path));
        ParameterDistribution d = ParameterDistribution.Load(path);
        Assert.Equal(Path.Combine(SharedData.Esmini, "xosc", "cut-in.xosc"), d.ScenarioFile);
        Assert.False(d.Stochastic);
        // esmini 77028d83 --param_permutation 0..11 --save_xosc: the value sets vary slowest, the
        // speed factor fastest; the second set leaves HostVehicle at its declared car_white.
        var expected = new List<string>();
        foreach (string set in new[] { "HostVehicle=car_blue,TargetVehicle=car_yellow", "TargetVehicle=van_red" })
        {
            foreach (string speed in new[] { "70.0", "110.0" })
            {
                foreach (string factor in new[] { "1.1", "1.3", "1.5" })
                {
                    expected.Add(string.Join(",", (set + $",EgoSpeed={speed},TargetSpeedFactor={factor}").Split(',').OrderBy(x => x, StringComparer.Ordinal)));
                }
            }
        }
        Assert.Equal(string.Join(" | ", expected), Runs(d));
    }

    [Fact]
    public void AScenarioIsNotADistribution()
    {
        string path = Write("<Deterministic><DeterministicSingleParameterDistribution parameterName=\"A\"><DistributionSet><Element value=\"2\"/></DistributionSet></DeterministicSingleParameterDistribution></Deterministic>");
        Assert.True(ParameterDistribution.IsDistributionFile(path));
        Assert.False(ParameterDistribution.IsDistributionFile(Path.Combine(Path.GetDirectoryName(path)!, "scenario.xosc")));
    }

    [Fact]
    public void RangesIncludeTheUpperLimitAndSetsKeepTheirText()
    {
        ParameterDistribution d = Load("""
            <Deterministic>
              <DeterministicSingleParameterDistribution parameterName="A"><DistributionRange stepWidth="0.25"><Range lowerLimit="0.5" upperLimit="1.0"/></DistributionRange></DeterministicSingleParameterDistribution>
              <DeterministicSingleParameterDistribution parameterName="B"><DistributionSet><Element value="left"/><Element value="2.50"/></DistributionSet></DeterministicSingleParameterDistribution>
            </Deterministic>
            """);
        Assert.Equal("A=0.5,B=left | A=0.5,B=2.50 | A=0.75,B=left | A=0.75,B=2.50 | A=1,B=left | A=1,B=2.50", Runs(d));
    }

    [Theory]
    [InlineData("<DeterministicSingleParameterDistribution parameterName=\"Sped\"><DistributionSet><Element value=\"1\"/></DistributionSet></DeterministicSingleParameterDistribution>", "'Sped' is not a global parameter of scenario.xosc (did you mean 'Speed'?)")]
    [InlineData("<DeterministicSingleParameterDistribution parameterName=\"A\"><DistributionRange stepWidth=\"0\"><Range lowerLimit=\"0\" upperLimit=\"1\"/></DistributionRange></DeterministicSingleParameterDistribution>", "stepWidth must be positive")]
    [InlineData("<DeterministicSingleParameterDistribution parameterName=\"A\"><DistributionRange stepWidth=\"0.000001\"><Range lowerLimit=\"0\" upperLimit=\"1\"/></DistributionRange></DeterministicSingleParameterDistribution>", "more than 100000 is surely a mistake")]
    [InlineData("<DeterministicSingleParameterDistribution parameterName=\"A\"><UserDefinedDistribution type=\"myTool\">1;2</UserDefinedDistribution></DeterministicSingleParameterDistribution>", "UserDefinedDistribution (type 'myTool')")]
    [InlineData("<DeterministicSingleParameterDistribution parameterName=\"A\"><DistributionSet><Element value=\"1\"/></DistributionSet></DeterministicSingleParameterDistribution><DeterministicMultiParameterDistribution><ValueSetDistribution><ParameterValueSet><ParameterAssignment parameterRef=\"A\" value=\"2\"/></ParameterValueSet></ValueSetDistribution></DeterministicMultiParameterDistribution>", "parameter 'A' is varied twice")]
    public void BadDeterministicDistributionsAreLocatedErrors(string body, string message)
    {
        InputError e = Assert.Single(Errors($"<Deterministic>{body}</Deterministic>"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.True(e.Location.Line > 0, e.ToString());
    }

    [Fact]
    public void AProductBeyondTheLimitIsRefusedBeforeItIsBuilt()
    {
        string range = "<DistributionRange stepWidth=\"0.01\"><Range lowerLimit=\"0\" upperLimit=\"9.99\"/></DistributionRange>";
        InputError e = Assert.Single(Errors($"<Deterministic><DeterministicSingleParameterDistribution parameterName=\"A\">{range}</DeterministicSingleParameterDistribution><DeterministicSingleParameterDistribution parameterName=\"C\">{range}</DeterministicSingleParameterDistribution><DeterministicSingleParameterDistribution parameterName=\"Speed\">{range}</DeterministicSingleParameterDistribution></Deterministic>"));
        Assert.Contains("more than 100000 runs", e.Message, StringComparison.Ordinal);
    }

    private static double[] Draws(string distribution, int n = 4000, ulong seed = 7, string seedAttribute = "")
        => Load($"<Stochastic numberOfTestRuns=\"{n}\"{seedAttribute}><StochasticDistribution parameterName=\"A\">{distribution}</StochasticDistribution></Stochastic>", seed)
            .Assignments.Select(a => double.Parse(a["A"], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static (double Mean, double Variance) Moments(double[] x)
    {
        double m = x.Average();
        return (m, x.Sum(v => (v - m) * (v - m)) / (x.Length - 1));
    }

    // Tolerances: about four standard errors of the estimate for n = 4000 draws (the draws are
    // fixed by the seed, so these checks cannot flake; they catch a wrong distribution).
    [Fact]
    public void NormalDrawsHaveTheGivenMeanAndVariance()
    {
        (double m, double v) = Moments(Draws("<NormalDistribution expectedValue=\"10\" variance=\"4\"/>"));
        Assert.InRange(m, 10 - 4 * 2 / Math.Sqrt(4000), 10 + 4 * 2 / Math.Sqrt(4000));
        Assert.InRange(v, 4 * (1 - 4 * Math.Sqrt(2.0 / 4000)), 4 * (1 + 4 * Math.Sqrt(2.0 / 4000)));
    }

    [Fact]
    public void ARangeTruncates()
    {
        double[] x = Draws("<NormalDistribution expectedValue=\"10\" variance=\"4\"><Range lowerLimit=\"10\" upperLimit=\"11\"/></NormalDistribution>");
        Assert.All(x, v => Assert.InRange(v, 10, 11));
        // A normal truncated to [mu, mu + sigma/2] has its mean at mu + sigma (phi(0) - phi(0.5)) / (Phi(0.5) - Phi(0)) = 10.4897.
        Assert.InRange(x.Average(), 10.4897 - 0.02, 10.4897 + 0.02);
    }

    [Fact]
    public void UniformDrawsFillTheirRange()
    {
        double[] x = Draws("<UniformDistribution><Range lowerLimit=\"2\" upperLimit=\"6\"/></UniformDistribution>");
        Assert.All(x, v => Assert.InRange(v, 2, 6));
        (double m, double v) = Moments(x);
        // Mean 4, variance (6 - 2)^2 / 12 = 4/3.
        Assert.InRange(m, 4 - 4 * Math.Sqrt(4.0 / 3 / 4000), 4 + 4 * Math.Sqrt(4.0 / 3 / 4000));
        Assert.InRange(v, 4.0 / 3 * 0.93, 4.0 / 3 * 1.07);
    }

    [Theory]
    [InlineData(3.5)]
    [InlineData(1000)]
    public void PoissonDrawsAreWholeWithMeanAndVarianceLambda(double lambda)
    {
        double[] x = Draws(FormattableString.Invariant($"<PoissonDistribution expectedValue=\"{lambda}\"/>"));
        Assert.All(x, v => Assert.Equal(Math.Floor(v), v));
        (double m, double v) = Moments(x);
        double se = Math.Sqrt(lambda / 4000);
        Assert.InRange(m, lambda - 4 * se, lambda + 4 * se);
        Assert.InRange(v, lambda * 0.9, lambda * 1.1);
    }

    [Fact]
    public void LogNormalExpectedValueAndVarianceAreThoseOfTheDrawnValue()
    {
        (double m, double v) = Moments(Draws("<LogNormalDistribution expectedValue=\"2\" variance=\"0.25\"/>", n: 20000));
        Assert.InRange(m, 2 - 4 * 0.5 / Math.Sqrt(20000), 2 + 4 * 0.5 / Math.Sqrt(20000));
        Assert.InRange(v, 0.25 * 0.93, 0.25 * 1.07);
    }

    [Fact]
    public void HistogramBinsAreChosenByWeight()
    {
        double[] x = Draws("<Histogram><Bin weight=\"1\"><Range lowerLimit=\"0\" upperLimit=\"1\"/></Bin><Bin weight=\"3\"><Range lowerLimit=\"5\" upperLimit=\"6\"/></Bin></Histogram>");
        Assert.All(x, v => Assert.True(v is >= 0 and <= 1 or >= 5 and <= 6, $"{v}"));
        double upper = x.Count(v => v >= 5) / (double)x.Length;
        Assert.InRange(upper, 0.75 - 4 * Math.Sqrt(0.75 * 0.25 / 4000), 0.75 + 4 * Math.Sqrt(0.75 * 0.25 / 4000));
    }

    [Fact]
    public void AProbabilitySetPicksItsValuesByWeight()
    {
        ParameterDistribution d = Load("<Stochastic numberOfTestRuns=\"4000\"><StochasticDistribution parameterName=\"B\"><ProbabilityDistributionSet><Element value=\"car\" weight=\"0.2\"/><Element value=\"truck\" weight=\"0.8\"/></ProbabilityDistributionSet></StochasticDistribution></Stochastic>");
        double trucks = d.Assignments.Count(a => a["B"] == "truck") / 4000.0;
        Assert.InRange(trucks, 0.8 - 4 * Math.Sqrt(0.16 / 4000), 0.8 + 4 * Math.Sqrt(0.16 / 4000));
        Assert.All(d.Assignments, a => Assert.Contains(a["B"], new[] { "car", "truck" }));
    }

    [Fact]
    public void DrawsDependOnTheSeedOnlyAndNotOnOtherParameters()
    {
        const string normal = "<NormalDistribution expectedValue=\"0\" variance=\"1\"/>";
        double[] a = Draws(normal, 50, seed: 1), again = Draws(normal, 50, seed: 1), other = Draws(normal, 50, seed: 2);
        Assert.Equal(a, again);
        Assert.NotEqual(a, other);
        // The distribution's own randomSeed wins over the run's seed.
        Assert.Equal(Draws(normal, 50, seed: 1, " randomSeed=\"9\""), Draws(normal, 50, seed: 2, " randomSeed=\"9\""));
        // Another parameter drawn alongside leaves A's values as they were.
        ParameterDistribution both = Load($"<Stochastic numberOfTestRuns=\"50\"><StochasticDistribution parameterName=\"C\">{normal}</StochasticDistribution><StochasticDistribution parameterName=\"A\">{normal}</StochasticDistribution></Stochastic>", 1);
        Assert.Equal(a, both.Assignments.Select(x => double.Parse(x["A"], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    [Fact]
    public void ARangeThatHoldsNothingIsAnErrorNotAHang()
    {
        InputError e = Assert.Single(Errors("<Stochastic numberOfTestRuns=\"2\"><StochasticDistribution parameterName=\"A\"><NormalDistribution expectedValue=\"0\" variance=\"1\"><Range lowerLimit=\"50\" upperLimit=\"51\"/></NormalDistribution></StochasticDistribution></Stochastic>"));
        Assert.Contains("holds almost none of its distribution", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingADistributionPlaysItsFirstRunAndSaysSo()
    {
        string path = Write("<Deterministic><DeterministicSingleParameterDistribution parameterName=\"Speed\"><DistributionSet><Element value=\"12\"/><Element value=\"14\"/></DistributionSet></DeterministicSingleParameterDistribution></Deterministic>");
        var warnings = new List<InputError>();
        Scenario s = ScenarioFiles.Load(path, new LoadOptions { EgoDriver = EgoDriverMode.Scenario }, warnings);
        Assert.Equal("scenario", s.Name);
        Assert.Equal("12", s.Parameters["Speed"].Text);
        InputError note = Assert.Single(warnings, w => w.Severity == Severity.Note);
        Assert.Equal("a parameter value distribution of 2 runs over scenario.xosc: playing the first (Speed=12); `sim batch test.xosc` runs them all", note.Message);
        // A value given with --param still wins.
        Assert.Equal("13", ScenarioFiles.Load(path, new LoadOptions { Parameters = new Dictionary<string, string> { ["Speed"] = "13" } }).Parameters["Speed"].Text);
    }

    [Fact]
    public void AnAssignmentThatBreaksAConstraintFailsWhenItsRunLoads()
    {
        string path = Write("<Deterministic><DeterministicSingleParameterDistribution parameterName=\"Speed\"><DistributionSet><Element value=\"60\"/></DistributionSet></DeterministicSingleParameterDistribution></Deterministic>");
        InputError e = Assert.Single(Assert.Throws<InputException>(() => ScenarioFiles.Load(path)).Errors);
        Assert.Contains("parameter 'Speed' = '60' (as assigned) breaks its ConstraintGroup", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("scenario.xosc", e.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatingADistributionChecksEveryRun()
    {
        string path = Write("<Deterministic><DeterministicSingleParameterDistribution parameterName=\"Speed\"><DistributionSet><Element value=\"20\"/><Element value=\"60\"/><Element value=\"30\"/></DistributionSet></DeterministicSingleParameterDistribution></Deterministic>");
        InputError e = Assert.Single(ScenarioFiles.Validate(path));
        Assert.Contains("'60' (as assigned) breaks its ConstraintGroup", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(run 2 of test.xosc: Speed=60)", e.Message, StringComparison.Ordinal);
    }
}
