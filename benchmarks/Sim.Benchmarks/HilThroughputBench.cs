using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using HilBridge.Protocol.Messages;
using HilBridge.Protocol;
using HilBridge.Transport;
using SensorModels.Output;

namespace Sim.Benchmarks;

/// <summary>
/// `hil-throughput [--frames N] [--size BYTES]`: streams camera-sized Tick messages (envelope +
/// one payload frame) from this process to a second process over TCP loopback with the
/// HilBridge transport (NetMQ PUSH/PULL), then runs the shared libzmq PUSH/PULL baseline
/// (../shared/bench/zmq_throughput.py) with the same message size, and prints both and the ratio.
/// </summary>
internal static class HilThroughputBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length > 0 && args[0] == "hil-pull")
        {
            // hil-pull PORT FRAMES [bind]: the receiving side (bind: against the Python PUSH of the baseline script).
            Pull(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 && args[3] == "bind");
            return true;
        }
        if (args.Length > 0 && args[0] == "hil-push")
        {
            // hil-push PORT FRAMES SIZE: the sending side alone, connecting (to the baseline script's Python PULL).
            using var sender = new FrameStreamSender($"tcp://127.0.0.1:{args[1]}", bind: false, highWatermark: 4);
            int n = int.Parse(args[2], CultureInfo.InvariantCulture);
            var payload = new byte[int.Parse(args[3], CultureInfo.InvariantCulture)];
            for (int i = 0; i < n; i++)
            {
                sender.Send(WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Heartbeat, i, (ulong)i), Heartbeat.Instance), [payload]);
            }
            Thread.Sleep(2000); // linger is zero: let the last messages leave
            return true;
        }
        if (args.Length == 0 || args[0] != "hil-throughput")
        {
            return false;
        }
        int frames = 300, size = 6_963_840; // one 1920x1208 RGB8 frame
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--frames": frames = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--size": size = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }
        double ours = Push(frames, size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HilBridge sender -> HilBridge receiver (NetMQ both ends), second process: {ours / size:F1} msg/s, {ours / 1e9:F2} GB/s, payload {size} B"));
        double? toLibzmq = PushToLibzmq(frames, size);
        if (toLibzmq is double z)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HilBridge sender -> libzmq PULL (python3-zmq, a target's side): {z / size:F1} msg/s, {z / 1e9:F2} GB/s"));
        }
        double? baseline = Baseline(frames, size);
        if (baseline is double b)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio to the libzmq pair: NetMQ both ends {ours / b:F2}; HilBridge sender -> libzmq target {(toLibzmq ?? double.NaN) / b:F2}"));
        }
        return true;
    }

    /// <summary>The envelope of tick <paramref name="i"/> carrying one camera image in payload frame 1.</summary>
    private static byte[] TickEnvelope(int i) => WireCodec.Encode(new Envelope(WireCodec.Version, MessageType.Tick, i, (ulong)i),
        new Tick((ulong)i, [new FrameDescriptor(new SensorFrame("front.rgb", "camera", "camera.rgb8.v1", i, i, i), 1)], null));

    /// <summary>Bytes per second the receiving process measured.</summary>
    private static double Push(int frames, int size)
    {
        (FrameStreamSender sender, int port) = FrameStreamSender.BindRandom("tcp://127.0.0.1", highWatermark: 4);
        using (sender)
        {
            Process child = StartSelf($"hil-pull {port} {frames}");
            var payload = new byte[size];
            new Random(1).NextBytes(payload);
            byte[][] payloads = [payload];
            for (int i = 0; i < frames; i++)
            {
                sender.Send(TickEnvelope(i), payloads);
            }
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException("puller failed: " + output + child.StandardError.ReadToEnd());
            }
            return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }
    }

    private static void Pull(int port, int frames, bool bind)
    {
        using var receiver = new FrameStreamReceiver($"tcp://127.0.0.1:{port}", bind, highWatermark: 4);
        ReceivedMessage first = receiver.Receive(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no first message");
        long bytes = 0;
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 1; i < frames; i++)
        {
            ReceivedMessage m = receiver.Receive(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException($"message {i} missing");
            bytes += m.Payloads[0].Length;
        }
        double secs = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        Console.WriteLine((bytes / secs).ToString("R", CultureInfo.InvariantCulture));
        _ = first;
    }

    internal static Process StartSelf(string arguments)
    {
        string exe = Environment.ProcessPath!;
        string args = arguments;
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
        {
            args = $"\"{Assembly.GetEntryAssembly()!.Location}\" {arguments}";
        }
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        return Process.Start(psi)!;
    }

    /// <summary>Our sender into a libzmq receiver (multipart aware); bytes per second, or null when Python or pyzmq is missing.</summary>
    private static double? PushToLibzmq(int frames, int size)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "zmq_pull_multipart.py");
        if (!File.Exists("/usr/bin/python3"))
        {
            return null;
        }
        int port = new Random().Next(30000, 40000);
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" {frames}") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        using Process puller = Process.Start(psi)!;
        Thread.Sleep(300);
        using (var sender = new FrameStreamSender($"tcp://127.0.0.1:{port}", bind: false, highWatermark: 4))
        {
            var payload = new byte[size];
            new Random(1).NextBytes(payload);
            for (int i = 0; i < frames; i++)
            {
                sender.Send(TickEnvelope(i), [payload]);
            }
            string line = puller.StandardOutput.ReadToEnd().Trim();
            puller.WaitForExit();
            if (puller.ExitCode != 0)
            {
                Console.WriteLine("libzmq receiver failed: " + puller.StandardError.ReadToEnd());
                return null;
            }
            return double.Parse(line, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Runs the shared libzmq pair; returns its bytes per second, or null (with the reason printed) when it cannot run.</summary>
    private static double? Baseline(int frames, int size)
    {
        string script = Path.Combine(BenchScenarios.RepoRoot(), "..", "shared", "bench", "zmq_throughput.py");
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3"))
        {
            Console.WriteLine($"baseline skipped: {script} or /usr/bin/python3 missing");
            return null;
        }
        string port = new Random().Next(20000, 30000).ToString(CultureInfo.InvariantCulture);
        var pull = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" pull {frames} {size}") { RedirectStandardOutput = true, RedirectStandardError = true };
        pull.Environment["PORT"] = port;
        var push = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" push {frames} {size}") { RedirectStandardError = true };
        push.Environment["PORT"] = port;
        using Process puller = Process.Start(pull)!;
        Thread.Sleep(300);
        using Process pusher = Process.Start(push)!;
        string line = puller.StandardOutput.ReadToEnd().Trim();
        puller.WaitForExit();
        pusher.WaitForExit();
        Console.WriteLine("baseline: " + line);
        int gb = line.IndexOf(" GB/s", StringComparison.Ordinal);
        if (puller.ExitCode != 0 || gb < 0)
        {
            Console.WriteLine("baseline failed: " + puller.StandardError.ReadToEnd());
            return null;
        }
        int start = line.LastIndexOf(' ', gb - 1) + 1;
        return double.Parse(line[start..gb], CultureInfo.InvariantCulture) * 1e9;
    }
}
