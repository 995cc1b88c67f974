using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Target;
using HilBridge.Transport;

namespace HilBridge.Tests;

/// <summary>Both simulator sockets on random loopback ports.</summary>
internal sealed class Bridge : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public Bridge()
    {
        (Control, int c) = ControlServer.BindRandom("tcp://127.0.0.1");
        (Data, int d) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        (ControlUrl, DataUrl) = ($"tcp://127.0.0.1:{c}", $"tcp://127.0.0.1:{d}");
    }

    public ControlServer Control { get; }
    public FrameStreamSender Data { get; }
    public string ControlUrl { get; }
    public string DataUrl { get; }

    public HelloReply Accept(Hello hello) => Handshake.Accept(Control, hello, "test", Wait, Wait);

    public TargetClient Connect(HelloReply reply) => TargetClient.Connect(ControlUrl, DataUrl, _ => reply, Wait);

    public void Dispose()
    {
        Control.Dispose();
        Data.Dispose();
    }
}

/// <summary>Files of the repository the tests read.</summary>
internal static class TestFiles
{
    /// <summary>A path under the repository root (the folder holding Simulation.sln).</summary>
    public static string Repo(params string[] parts)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Simulation.sln")))
            {
                return Path.Combine([d.FullName, .. parts]);
            }
        }
        throw new DirectoryNotFoundException("repository root not found");
    }
}
