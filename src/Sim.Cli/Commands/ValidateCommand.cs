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
        Option<string[]> param = CommonOptions.Params();
        var cmd = new Command("validate", "Check scenario files (syntax, keys, references, values, initial placement) without running them. Exit 0 when all are valid, 2 otherwise.");
        cmd.Arguments.Add(files);
        cmd.Options.Add(param);
        cmd.SetAction(r =>
        {
            Dictionary<string, string>? overrides = CommonOptions.ParseParams(r.GetValue(param));
            if (overrides is null)
            {
                return ExitCodes.BadInput;
            }
            int bad = 0;
            foreach (string f in r.GetValue(files) ?? Array.Empty<string>())
            {
                IReadOnlyList<InputError> errors = ScenarioLoader.Validate(f, overrides);
                if (errors.Count == 0)
                {
                    Console.WriteLine($"ok: {f}");
                    continue;
                }
                bad++;
                foreach (InputError e in errors)
                {
                    Console.Error.WriteLine(e.ToString());
                }
            }
            return bad == 0 ? ExitCodes.Pass : ExitCodes.BadInput;
        });
        return cmd;
    }
}
