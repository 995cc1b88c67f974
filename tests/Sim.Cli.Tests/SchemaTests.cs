using System.Text.Json;
using Sim.Runtime.Schema;
using Sim.Cli.Tests.Infrastructure;
using SimCore.Diagnostics;

namespace Sim.Cli.Tests;

/// <summary>
/// The JSON Schemas of the YAML formats: generated from the readers' own key tables, shipped in
/// schemas/, named by every shipped YAML file, and checked by an independent validator (Ajv) that
/// accepts every shipped file and rejects a misspelt key as the readers do.
/// </summary>
public sealed class SchemaTests
{
    private static string SchemaDir => Path.Combine(Repo.Root, "schemas");

    /// <summary>The YAML files the project ships, with the schema each must name.</summary>
    private static IEnumerable<(string File, string Schema)> Shipped()
    {
        IEnumerable<string> Under(string dir) => Directory.EnumerateFiles(Path.Combine(Repo.Root, dir), "*.yaml", SearchOption.AllDirectories);
        foreach (string f in Under("scenarios"))
        {
            string rel = Path.GetRelativePath(Path.Combine(Repo.Root, "scenarios"), f).Replace('\\', '/');
            yield return (f, rel.StartsWith("rigs/", StringComparison.Ordinal) ? "rig" : rel.StartsWith("roads/", StringComparison.Ordinal) ? "road"
                : rel.StartsWith("datagen/", StringComparison.Ordinal) ? "datagen" : "scenario");
        }
        foreach (string f in Under("models"))
        {
            yield return (f, "model-spec");
        }
        foreach (string f in Under(Path.Combine("tools", "train", "specs")))
        {
            // The training data's specs are datagen jobs, except the rig they name.
            yield return (f, Path.GetFileName(f).EndsWith("_rig.yaml", StringComparison.Ordinal) ? "rig" : "datagen");
        }
    }

    [Fact]
    public void The_shipped_schemas_are_what_the_readers_tables_generate()
    {
        Assert.Equal(6, FormatSchemas.All.Count);
        foreach (FormatSchema s in FormatSchemas.All)
        {
            string path = Path.Combine(SchemaDir, s.FileName);
            Assert.True(File.Exists(path), $"{path} is missing: run `sim schema`");
            Assert.True(File.ReadAllText(path) == s.Text(), $"{path} differs from what the readers' tables generate: run `sim schema` (dotnet run --project src/Sim.Cli -- schema)");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal("http://json-schema.org/draft-07/schema#", doc.RootElement.GetProperty("$schema").GetString());
        }
    }

    [Fact]
    public void The_schema_carries_the_readers_keys_with_units_and_defaults_from_the_docs()
    {
        using JsonDocument scenario = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaDir, "scenario.schema.json")));
        JsonElement root = scenario.RootElement;
        Assert.Contains("duration", root.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        Assert.Contains("Unit: s.", root.GetProperty("properties").GetProperty("duration").GetProperty("description").GetString());
        Assert.Contains("Default: 0.01.", root.GetProperty("properties").GetProperty("step").GetProperty("description").GetString());
        JsonElement entity = root.GetProperty("definitions").GetProperty("entity").GetProperty("properties");
        Assert.Contains("Unit: m/s.", entity.GetProperty("speed").GetProperty("description").GetString());
        Assert.Equal(["car", "truck", "bus", "pedestrian", "cyclist", "obstacle"], entity.GetProperty("type").GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        // Every condition type of the reader is a key of the condition mapping, exactly one of them required.
        JsonElement condition = root.GetProperty("definitions").GetProperty("condition");
        string[] types =
        [
            "simulation_time", "speed", "acceleration", "relative_speed", "time_headway", "time_to_collision", "relative_distance",
            "reach_position", "stand_still", "collision", "traveled_distance", "end_of_road", "off_road", "event_state",
        ];
        Assert.All(types, t => Assert.True(condition.GetProperty("properties").TryGetProperty(t, out _), t));
        Assert.Equal(types, condition.GetProperty("oneOf").EnumerateArray().Select(o => o.GetProperty("required")[0].GetString()));
    }

    [Fact]
    public void Every_shipped_yaml_file_names_its_schema_in_its_first_line()
    {
        List<(string File, string Schema)> files = Shipped().ToList();
        Assert.True(files.Count >= 35, $"{files.Count} files");
        foreach ((string file, string schema) in files)
        {
            string first = File.ReadLines(file).First();
            string expected = "# yaml-language-server: $schema=" + Path.GetRelativePath(Path.GetDirectoryName(file)!, Path.Combine(SchemaDir, schema + ".schema.json")).Replace('\\', '/');
            Assert.True(first == expected, $"{file}: first line '{first}', expected '{expected}'");
        }
    }

    [SchemaCheckFact]
    public void Ajv_accepts_every_shipped_yaml_file_against_the_schema_it_names()
    {
        string[] files = Shipped().Select(f => f.File).ToArray();
        (int code, string output, string err) = SchemaCheck.Run(files);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code == 0, output + err);
        Assert.Equal(files.Length, lines.Length);
        Assert.All(lines, l => Assert.True(JsonDocument.Parse(l).RootElement.GetProperty("valid").GetBoolean(), l));
    }

    /// <summary>A shipped file of each format with one key misspelt: Ajv rejects it naming the key, and so does the format's own reader.</summary>
    [SchemaCheckFact]
    public void A_misspelt_key_is_rejected_by_the_schema_and_by_the_reader()
    {
        using var dir = new TempDir();
        var cases = new (string Source, string Schema, string From, string To, Func<string, IEnumerable<string>> Errors)[]
        {
            ("scenarios/highway_cut_in.yaml", "scenario", "duration:", "duraton:", p => Reader(() => SimCore.Scenarios.ScenarioFiles.Load(p))),
            ("scenarios/euroncap/ccrs_50.yaml", "scenario", "    speed: $ego_speed", "    sped: $ego_speed", p => Reader(() => SimCore.Scenarios.ScenarioFiles.Load(p))),
            ("scenarios/highway_cut_in.yaml", "scenario", "shape: sinusoidal", "shap: sinusoidal", p => Reader(() => SimCore.Scenarios.ScenarioFiles.Load(p))),
            ("scenarios/roads/highway_3lane.yaml", "road", "speed_limit:", "speed_limt:", p => Reader(() => SimCore.Scenarios.ScenarioFiles.Load(Scenario(dir, p)))),
            ("scenarios/rigs/minimal.yaml", "rig", "max_range: 250", "max_rnge: 250", p => Reader(() => SensorModels.Rig.RigLoader.Load(p))),
            ("scenarios/datagen/highway_kitti.yaml", "datagen", "variants:", "variant:", p => Cli("generate", p, "--out", dir.File("gen"), "--quiet")),
            ("models/lidar_bev/model.yaml", "model-spec", "score_threshold:", "score_treshold:", p => Reader(() => Perception.Runtime.ModelRunner.Load(p))),
        };
        foreach ((string source, string schema, string from, string to, Func<string, IEnumerable<string>> errors) in cases)
        {
            string original = File.ReadAllText(Path.Combine(Repo.Root, source));
            Assert.Contains(from, original);
            // A copy elsewhere names its schema by absolute path; files it refers to may be missing
            // there, and the reader reports the misspelt key among whatever else it finds.
            string[] lines = ReplaceFirst(original, from, to).Split('\n');
            lines[0] = "# yaml-language-server: $schema=" + Path.Combine(SchemaDir, schema + ".schema.json");
            string dest = dir.Write($"misspelt-{Guid.NewGuid():N}.yaml", string.Join('\n', lines));
            (int code, string output, _) = SchemaCheck.Run([dest]);
            Assert.True(code == 1, $"{source} with '{to}': Ajv said {output}");
            string misspelt = to.Trim().Split(':')[0];
            Assert.Contains($"must NOT have additional properties: '{misspelt}'", output);
            Assert.Contains(errors(dest), x => x.Contains($"unknown key '{misspelt}'", StringComparison.Ordinal));
        }

        // A sweep file, written here: the project ships none. `sim batch` reads it before running anything.
        string scenario = dir.Write("ccrs.yaml", ScenarioText.Ccrs());
        string sweep = dir.Write("sweep.yaml", $"# yaml-language-server: $schema={Path.Combine(SchemaDir, "sweep.schema.json")}\ncombine: samples\nsampels: 1\nparameters:\n  target_speed: {{uniform: {{min: 0, max: 1}}}}\n");
        (int c, string o, _) = SchemaCheck.Run([sweep]);
        Assert.True(c == 1 && o.Contains("'sampels'", StringComparison.Ordinal), o);
        Assert.Contains(Cli("batch", scenario, "--sweep", sweep, "--out", dir.File("bad"), "--quiet"),
            x => x.Contains("unknown key 'sampels' in a sweep file (did you mean 'samples'?)", StringComparison.Ordinal));
        File.WriteAllText(sweep, File.ReadAllText(sweep).Replace("sampels", "samples", StringComparison.Ordinal));
        (c, o, _) = SchemaCheck.Run([sweep]);
        Assert.True(c == 0, o);
        CliResult ran = SimCli.InProcess("batch", scenario, "--sweep", sweep, "--out", dir.File("good"), "--quiet");
        Assert.True(ran.ExitCode is 0 or 1, ran.ToString());
        using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(dir.File("good/summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("total").GetInt32());
    }

    /// <summary>The errors a reader throws (none when it accepts).</summary>
    private static IEnumerable<string> Reader(Func<object> load)
    {
        try
        {
            load();
            return [];
        }
        catch (InputException e)
        {
            return e.Errors.Select(x => x.Message).ToArray();
        }
    }

    /// <summary>The error lines of a `sim` command that must fail with bad input.</summary>
    private static IEnumerable<string> Cli(params string[] args)
    {
        CliResult r = SimCli.InProcess(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        return r.StdErr.Split('\n');
    }

    /// <summary>A scenario on road file <paramref name="road"/>, so its reader reads it.</summary>
    private static string Scenario(TempDir dir, string road)
        => dir.Write($"on-road-{Guid.NewGuid():N}.yaml", $"duration: 1\nroad: {{file: {road}}}\nentities:\n  - {{name: a, type: car, position: {{road: highway, lane: -1, s: 10}}}}\n");

    private static string ReplaceFirst(string text, string from, string to)
    {
        int i = text.IndexOf(from, StringComparison.Ordinal);
        return text[..i] + to + text[(i + from.Length)..];
    }
}
