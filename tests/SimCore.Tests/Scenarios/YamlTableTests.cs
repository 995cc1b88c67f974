using SimCore.Diagnostics;
using SimCore.Scenarios;
using SimCore.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace SimCore.Tests.Scenarios;

/// <summary>
/// The key tables are the one definition of each YAML format: a reader may only read keys its table
/// declares (so a key cannot reach a reader without reaching the schema), and the unknown-key check
/// is the table's.
/// </summary>
public sealed class YamlTableTests
{
    private static readonly YamlObject Table = new("thing", "A test mapping.",
        Y.Required("speed", Y.Number("m/s"), "Speed."),
        Y.Key("name", Y.Text(), "Name."));

    private static (MapReader Reader, List<InputError> Errors) Read(string yaml)
    {
        var errors = new List<InputError>();
        YamlNode root = YamlContext.LoadRoot("t.yaml", yaml, errors)!;
        var ctx = new YamlContext("t.yaml", errors);
        return (ctx.Map(root, "a thing", Table)!, errors);
    }

    [Fact]
    public void A_reader_asking_for_a_key_its_table_lacks_fails_at_once_even_when_the_file_lacks_it_too()
    {
        (MapReader m, _) = Read("speed: 3\n");
        Assert.Equal(3.0, m.Double("speed"));
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => m.Double("colour"));
        Assert.Contains("'colour'", e.Message);
        Assert.Contains("'thing'", e.Message);
        Assert.Throws<InvalidOperationException>(() => m.Has("colour"));
    }

    [Fact]
    public void Keys_outside_the_table_are_errors_with_the_closest_declared_key_even_when_nothing_read_them()
    {
        (MapReader m, List<InputError> errors) = Read("speed: 3\nnmae: x\nname: y\n");
        m.Finish("a thing");
        InputError e = Assert.Single(errors);
        Assert.Equal("unknown key 'nmae' in a thing (did you mean 'name'?)", e.Message);
        Assert.Equal(2, e.Location.Line);
    }

    [Fact]
    public void A_form_chosen_by_one_key_checks_the_rest_against_that_form()
    {
        // A world position does not take a lane: the reader switches to the world form's table.
        InputException e = Assert.Throws<InputException>(() => ScenarioLoader.Parse("s.yaml", """
            duration: 1
            road: {geometry: [{line: 100}], lanes: {right: [{width: 3.5}]}}
            entities:
              - {name: a, type: car, position: {x: 1, y: 2, lane: -1}}
            """));
        Assert.Contains(e.Errors, x => x.Message.StartsWith("unknown key 'lane' in position of entity 'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_condition_and_action_type_the_storyboard_reads_is_in_its_table()
    {
        Assert.Equal(StoryboardReader.ConditionTypes, StoryboardReader.ConditionShape.ExactlyOne);
        Assert.Equal(StoryboardReader.ActionTypes, StoryboardReader.ActionShape.ExactlyOne);
        Assert.All(StoryboardReader.ConditionTypes, t => Assert.True(StoryboardReader.ConditionShape.Has(t)));
        Assert.All(StoryboardReader.ActionTypes, t => Assert.True(StoryboardReader.ActionShape.Has(t)));
    }

    [Fact]
    public void The_schema_writer_emits_each_mapping_once_closed_with_units_and_parameter_references()
    {
        string json = JsonSchemaWriter.Write(ScenarioLoader.Schema, "scenario.schema.json", "t", parameterReferences: true);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        System.Text.Json.JsonElement defs = doc.RootElement.GetProperty("definitions");
        Assert.True(defs.TryGetProperty("parameter_reference", out _));
        foreach (System.Text.Json.JsonProperty d in defs.EnumerateObject().Where(p => p.Name != "parameter_reference"))
        {
            Assert.Equal("object", d.Value.GetProperty("type").GetString());
            Assert.False(d.Value.GetProperty("additionalProperties").GetBoolean(), d.Name);
        }
        Assert.Throws<InvalidOperationException>(() => JsonSchemaWriter.Write(
            new YamlObject("top", "", Y.Key("a", new YamlObject("same", "", Y.Key("x", Y.Text(), "")), ""), Y.Key("b", new YamlObject("same", "", Y.Key("y", Y.Text(), "")), "")),
            "x.json", "x", false));
    }
}
