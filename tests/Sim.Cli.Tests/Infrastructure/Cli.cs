using System.Diagnostics;
using System.Reflection;
using Sim.Cli.Commands;
using Spectre.Console;

namespace Sim.Cli.Tests.Infrastructure;

/// <summary>What one invocation of `sim` returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>
/// Tests that redirect the process-wide console run one at a time (xunit runs collections in parallel).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary>Runs `sim` in-process (through Program.Main) or as a separate process.</summary>
internal static class SimCli
{
    private static readonly object Gate = new();

    /// <summary>Calls the private static Program.Main with the console captured.</summary>
    public static CliResult InProcess(params string[] args)
    {
        MethodInfo main = typeof(RunCommand).Assembly.EntryPoint
            ?? throw new InvalidOperationException("sim has no entry point");
        return Capture(() => (int)main.Invoke(null, new object[] { args })!);
    }

    /// <summary>Runs <paramref name="action"/> with Console.Out, Console.Error and Spectre's console captured.</summary>
    public static CliResult Capture(Func<int> action)
    {
        lock (Gate)
        {
            TextWriter oldOut = Console.Out, oldErr = Console.Error;
            IAnsiConsole oldAnsi = AnsiConsole.Console;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            try
            {
                int code = action();
                return new CliResult(code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                AnsiConsole.Console = oldAnsi;
            }
        }
    }

    /// <summary>Runs the built sim.dll with `dotnet` as a child process.</summary>
    public static CliResult Process(string workingDirectory, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Repo.SimDll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        using System.Diagnostics.Process p = System.Diagnostics.Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"sim {string.Join(' ', args)} did not finish in 120 s");
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
