using SimCore.Diagnostics;
using SimCore.OpenScenario;
using SimCore.Roads;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SimCore.Tests.OpenScenario;

/// <summary>Small inline OpenSCENARIO files on a straight road built in code, written to a temp folder and read back.</summary>
internal static class Xosc
{
    /// <summary>Road "r": 1000 m straight along +x from the origin; lanes 1 (left) and -1, -2, -3, each 3.5 m wide.</summary>
    public static RoadNetwork Road()
    {
        ReferenceLine line = new ReferenceLineBuilder(0, 0, 0).Line(1000).Build();
        PiecewiseCubic w = PiecewiseCubic.Constant(3.5);
        return new RoadNetwork([new Road("r", line, [new LaneSection(0, [new Lane(1, LaneType.Driving, w)],
            [new Lane(-1, LaneType.Driving, w), new Lane(-2, LaneType.Driving, w), new Lane(-3, LaneType.Driving, w)])])]);
    }

    public const string Car = """
        <Vehicle name="car" vehicleCategory="car">
          <BoundingBox><Center x="1.4" y="0" z="0.75"/><Dimensions width="2.0" length="5.0" height="1.5"/></BoundingBox>
          <Performance maxSpeed="70" maxDeceleration="10" maxAcceleration="5"/>
          <Axles><FrontAxle maxSteering="0.5" wheelDiameter="0.8" trackWidth="1.68" positionX="2.98" positionZ="0.4"/>
                 <RearAxle maxSteering="0.5" wheelDiameter="0.8" trackWidth="1.68" positionX="0" positionZ="0.4"/></Axles>
        </Vehicle>
        """;

    public static string Entities(params string[] names)
        => "<Entities>" + string.Concat(names.Select(n => $"<ScenarioObject name=\"{n}\">{Car}</ScenarioObject>")) + "</Entities>";

    public static string Place(string entity, string position, double speed)
        => $"""
           <Private entityRef="{entity}">
             <PrivateAction><TeleportAction><Position>{position}</Position></TeleportAction></PrivateAction>
             <PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="step" dynamicsDimension="time" value="0"/>
               <SpeedActionTarget><AbsoluteTargetSpeed value="{speed}"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>
           </Private>
           """;

    public static string Lane(int lane, double s, double offset = 0) => $"<LanePosition roadId=\"r\" laneId=\"{lane}\" s=\"{s}\" offset=\"{offset}\"/>";

    public static string SimTime(double t, string rule = "greaterThan")
        => $"<Condition name=\"t{t}\" delay=\"0\" conditionEdge=\"none\"><ByValueCondition><SimulationTimeCondition value=\"{t}\" rule=\"{rule}\"/></ByValueCondition></Condition>";

    public static string Trigger(string conditions) => $"<StartTrigger><ConditionGroup>{conditions}</ConditionGroup></StartTrigger>";

    public static string SpeedTo(double v, string shape = "step", string dimension = "time", double value = 0)
        => $"""<PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="{shape}" dynamicsDimension="{dimension}" value="{value}"/><SpeedActionTarget><AbsoluteTargetSpeed value="{v}"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>""";

    public static string Event(string name, string action, string trigger, string priority = "overwrite", int max = 1)
        => $"<Event name=\"{name}\" priority=\"{priority}\" maximumExecutionCount=\"{max}\"><Action name=\"{name}Action\">{action}</Action>{trigger}</Event>";

    public static string Story(string actor, string events, string maneuverParameters = "")
        => $"""
           <Story name="S"><Act name="A"><ManeuverGroup maximumExecutionCount="1" name="G">
             <Actors selectTriggeringEntities="false"><EntityRef entityRef="{actor}"/></Actors>
             <Maneuver name="M">{maneuverParameters}{events}</Maneuver></ManeuverGroup>
             <StartTrigger><ConditionGroup>{SimTime(0)}</ConditionGroup></StartTrigger></Act></Story>
           """;

    public static string Doc(string entities, string init, string stories = "", string parameters = "", string catalogs = "", double stopAt = 10)
        => $"""
           <?xml version="1.0" encoding="UTF-8"?>
           <OpenSCENARIO>
             <FileHeader revMajor="1" revMinor="2" date="2024-01-01T00:00:00" description="test" author="tests"/>
             <ParameterDeclarations>{parameters}</ParameterDeclarations>
             <CatalogLocations>{catalogs}</CatalogLocations>
             <RoadNetwork><LogicFile filepath="road.xodr"/></RoadNetwork>
             {entities}
             <Storyboard>
               <Init><Actions>{init}</Actions></Init>
               {stories}
               <StopTrigger><ConditionGroup>{SimTime(stopAt)}</ConditionGroup></StopTrigger>
             </Storyboard>
           </OpenSCENARIO>
           """;

    /// <summary>Writes <paramref name="xml"/> (and extra files, relative paths) into a fresh folder; returns the scenario path.</summary>
    public static string Write(string xml, params (string Path, string Text)[] extra)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xosc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach ((string p, string text) in extra)
        {
            string full = Path.Combine(dir, p);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        string path = Path.Combine(dir, "test.xosc");
        File.WriteAllText(path, xml);
        return path;
    }

    public static Scenario Load(string xml, out List<InputError> warnings, OpenScenarioOptions? options = null, IReadOnlyDictionary<string, string>? overrides = null, params (string, string)[] extra)
    {
        warnings = new List<InputError>();
        options ??= new OpenScenarioOptions { EgoDriver = EgoDriverMode.Scenario };
        return OpenScenarioReader.Load(Write(xml, extra), overrides, options with { Network = options.Network ?? Road() }, warnings);
    }

    public static Scenario Load(string xml) => Load(xml, out _);

    public static IReadOnlyList<InputError> Errors(string xml, OpenScenarioOptions? options = null, IReadOnlyDictionary<string, string>? overrides = null, params (string, string)[] extra)
    {
        InputException e = Assert.Throws<InputException>(() => Load(xml, out _, options, overrides, extra));
        return e.Errors;
    }

    /// <summary>1-based line of the first line of <paramref name="xml"/> containing <paramref name="fragment"/>.</summary>
    public static int LineOf(string xml, string fragment)
    {
        string[] lines = xml.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(fragment, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }
        throw new InvalidOperationException($"'{fragment}' not in the document");
    }

    public static RunResult Run(Scenario s, double step = 0.01) => new Simulator(s, new SimulationOptions { Step = step }).Run();

    /// <summary>Time of the first event_start of <paramref name="name"/>, null if it never started.</summary>
    public static double? Started(RunResult r, string name)
        => r.Events.FirstOrDefault(e => e.Type == "event_start" && e.Name == name)?.Time;
}
