using System.CommandLine;
using SimCore.Diagnostics;
using SimCore.Scenarios;

namespace Sim.Cli.Commands;

/// <summary>`sim validate FILE...`: checks scenarios without running them.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Scenario files to check", Arity = ArgumentArity.OneOrMore };
        var loading = new CommonOptions.Loading();
        var cmd = new Command("validate", "Check scenario files (syntax, keys, references, values, initial placement) and what a run of them loads (the rig, its DBC files, an onnx: model) without running them. Exit 0 when all are valid, 2 otherwise.");
        cmd.Arguments.Add(files);
        loading.AddTo(cmd);
        cmd.SetAction(r =>
        {
            LoadOptions? load = loading.Read(r);
            if (load is null)
            {
                return ExitCodes.BadInput;
            }
            int bad = 0;
            foreach (string f in r.GetValue(files) ?? Array.Empty<string>())
            {
                var warnings = new List<InputError>();
                IReadOnlyList<InputError> errors = Sim.Runtime.RunValidation.Validate(f, load, loading.ModelSpec(r), warnings);
                CommonOptions.Print(warnings);
                if (errors.Count == 0)
                {
                    Console.WriteLine($"ok: {f}");
                    continue;
                }
                bad++;
                CommonOptions.Print(errors);
            }
            return bad == 0 ? ExitCodes.Pass : ExitCodes.BadInput;
        });
        return cmd;
    }
}
