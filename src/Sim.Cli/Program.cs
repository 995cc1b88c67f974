using System.CommandLine;
using Sim.Cli.Commands;

namespace Sim.Cli;

/// <summary>Entry point of the `sim` command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("sim: closed-loop driving simulation and HIL harness");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DbcCommand.Create());
        root.Subcommands.Add(TargetCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(LogCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(MineCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ViewCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError e in parsed.Errors)
            {
                Console.Error.WriteLine(Plain(e.Message));
            }
            Console.Error.WriteLine("run 'sim --help' for usage");
            return ExitCodes.BadInput;
        }
        return ExitCodes.Guard(() => parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    /// <summary>A parse error in the user's words: System.CommandLine names .NET types ("System.Nullable`1[System.Double]").</summary>
    internal static string Plain(string message)
    {
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(message, "^Cannot parse argument '(.*)' for (?:option|argument) '(.*)' as expected type '(.*)'\\.?$");
        if (!m.Success)
        {
            return $"error: {message}";
        }
        string type = m.Groups[3].Value;
        string expected = type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
            : type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
            : "a valid value";
        return $"{m.Groups[2].Value}: error: '{m.Groups[1].Value}' is not {expected}";
    }
}
