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
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError e in parsed.Errors)
            {
                Console.Error.WriteLine($"error: {e.Message}");
            }
            Console.Error.WriteLine("run 'sim --help' for usage");
            return ExitCodes.BadInput;
        }
        return ExitCodes.Guard(() => parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }
}
