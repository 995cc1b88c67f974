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

    /// <summary>
    /// A built `sim` program to test instead of this build's sim.dll (env SIM_EXECUTABLE, e.g. the
    /// native AOT binary that .ci/run publishes): every call of <see cref="InProcess"/>,
    /// <see cref="Process"/> and <see cref="Start"/> then runs it as a child process.
    /// </summary>
    public static string? Executable { get; } = Environment.GetEnvironmentVariable("SIM_EXECUTABLE") is { Length: > 0 } exe
        ? (File.Exists(exe) ? Path.GetFullPath(exe) : throw new FileNotFoundException($"SIM_EXECUTABLE names no file: {exe}"))
        : null;

    /// <summary>Calls the private static Program.Main with the console captured (or runs <see cref="Executable"/> in the current directory).</summary>
    public static CliResult InProcess(params string[] args)
    {
        if (Executable is not null)
        {
            return Process(Environment.CurrentDirectory, args);
        }
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

    /// <summary>The built `sim` (copied next to the test assembly by the project reference).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "sim.dll");

    /// <summary>Runs the built sim.dll with `dotnet` as a child process.</summary>
    public static CliResult Process(string workingDirectory, params string[] args)
    {
        using BackgroundSim p = Start(workingDirectory, args);
        return p.Wait(TimeSpan.FromSeconds(120));
    }

    /// <summary>Starts the built sim.dll (or <see cref="Executable"/>) as a child process and returns at once.</summary>
    public static BackgroundSim Start(string workingDirectory, params string[] args)
        => Executable is null ? StartProgram("sim.dll", workingDirectory, args) : Launch(Executable, null, workingDirectory, args);

    /// <summary>Starts a program built beside the tests (sim.dll, an example) with `dotnet` and returns at once.</summary>
    public static BackgroundSim StartProgram(string dll, string workingDirectory, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        return Launch(dotnet, Path.Combine(AppContext.BaseDirectory, dll), workingDirectory, args); // copied beside the tests by the project references
    }

    private static BackgroundSim Launch(string program, string? dll, string workingDirectory, string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll is not null)
        {
            psi.ArgumentList.Add(dll);
        }
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        return new BackgroundSim(System.Diagnostics.Process.Start(psi)!, string.Join(' ', args));
    }
}

/// <summary>A `sim` child process (e.g. a HIL target) with its output collected line by line.</summary>
internal sealed class BackgroundSim : IDisposable
{
    private readonly Process _process;
    private readonly string _args;
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly object _lines = new();

    public BackgroundSim(Process process, string args)
    {
        (_process, _args) = (process, args);
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(System.Text.StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            to.AppendLine(line);
            Monitor.PulseAll(_lines);
        }
    }

    /// <summary>Waits until standard error has a line containing <paramref name="text"/>; false after <paramref name="timeout"/> or when the process exited.</summary>
    public bool WaitForStdErr(string text, TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        lock (_lines)
        {
            while (!_stderr.ToString().Contains(text, StringComparison.Ordinal))
            {
                TimeSpan left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited)
                {
                    return false;
                }
                Monitor.Wait(_lines, TimeSpan.FromMilliseconds(Math.Min(100, left.TotalMilliseconds)));
            }
            return true;
        }
    }

    /// <summary>Waits for the exit; kills the process and throws after <paramref name="timeout"/>.</summary>
    public CliResult Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sim {_args} did not finish in {timeout.TotalSeconds:G} s");
        }
        _process.WaitForExit(); // flushes the asynchronous readers
        lock (_lines)
        {
            return new CliResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    /// <summary>Sends it SIGTERM (15) or SIGINT (2), as a bench's supervisor or Ctrl-C does.</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>Kills it now (a target that dies mid-run).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
