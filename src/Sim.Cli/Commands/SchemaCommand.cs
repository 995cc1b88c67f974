using System.CommandLine;
using Sim.Runtime.Schema;

namespace Sim.Cli.Commands;

/// <summary>`sim schema [--out DIR]`: writes the JSON Schemas of the YAML formats (docs/scenario-format.md, "Editor support").</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the schemas to", DefaultValueFactory = _ => "schemas" };
        var cmd = new Command("schema", "Write the JSON Schemas of the scenario, road, rig, sweep, datagen and model-spec YAML formats, generated from the readers' own key tables, for editors (VS Code's YAML extension) and validators. Exit 0 written, 2 error.");
        cmd.Options.Add(output);
        cmd.SetAction(r => Execute(r.GetValue(output)!));
        return cmd;
    }

    internal static int Execute(string outDir)
    {
        try
        {
            foreach (string path in FormatSchemas.WriteAll(outDir))
            {
                Console.WriteLine($"wrote {path}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{outDir}: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        return ExitCodes.Pass;
    }
}
