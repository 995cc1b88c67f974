using System.Text.Json;
using Sim.Runtime.Hil;

namespace Sim.Cli.Tests.Infrastructure;

/// <summary>`sim replay` into a target that the test runs on a thread of its own.</summary>
internal static class ScriptedReplay
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Replays <paramref name="recording"/> to the target <paramref name="target"/> starts for a port and
    /// returns result.json; a port pair another process took between choosing and binding is chosen
    /// again (the machine is shared).
    /// </summary>
    public static JsonElement Run(string recording, string outDir, Func<int, Action> target)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = LoopbackPorts.FreePair();
            Exception? failure = null;
            // An exception on a thread of its own would end the test host; the target of an abandoned attempt fails this way.
            var thread = new Thread(() =>
            {
                try
                {
                    target(port)();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }) { IsBackground = true };
            thread.Start();
            CliResult replay = SimCli.InProcess("replay", recording, "--target", $"tcp://127.0.0.1:{port}", "--out", outDir, "--connect-timeout", "60", "--quiet");
            if (replay.ExitCode == 2 && replay.StdErr.Contains("AddressAlreadyInUse", StringComparison.Ordinal) && attempt < 3)
            {
                continue; // the target thread of this attempt gives up on its own
            }
            Assert.True(thread.Join(Long), "the target did not finish");
            Assert.True(failure is null, $"the target failed: {failure}\n{replay}");
            Assert.True(replay.ExitCode == 0, replay.ToString());
            return JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "result.json"))).RootElement.Clone();
        }
    }
}
