using System.Diagnostics;
using System.Globalization;
using Sim.Runtime.Import;
using Sim.Runtime.Import.Comma2k19;
using Sim.Runtime.Import.Pcap;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks -- import [repeats]`: import speed of
/// `sim import pcap` (Ouster captures of ../shared/realdata) and `sim import comma2k19` (the RAV4
/// segment), each the median of several imports after a warm-up, against a baseline in the same run:
/// for pcap, only reading the capture's records and taking the UDP datagrams out (the I/O and parsing
/// floor); for comma2k19, only loading its NumPy arrays.
/// </summary>
internal static class ImportBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "import")
        {
            return false;
        }
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
        string shared = Path.Combine(Path.GetDirectoryName(BenchScenarios.RepoRoot())!, "shared", "realdata");
        if (!Directory.Exists(shared))
        {
            shared = Path.Combine(BenchScenarios.RepoRoot(), "..", "..", "shared", "realdata");
        }
        string tmp = Path.Combine(Path.GetTempPath(), "import-bench");
        Directory.CreateDirectory(tmp);
        Console.WriteLine($"CPU cores: {Environment.ProcessorCount}; load average {File.ReadAllText("/proc/loadavg").Trim()}; median of {repeats} after 2 warm-up runs");
        Console.WriteLine("| input | bytes | frames | baseline (read only) | import | MB/s | frames/s | import / baseline |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach ((string capture, string meta) in new[] { ("OS-2-128-U1_v2.3.0_1024x10", "OS-2-128-U1_v2.3.0_1024x10"), ("OS-1-128_v2.3.0_1024x10_lb_n3", "OS-1-128_v2.3.0_1024x10"), ("OS-0-32-U1_v2.2.0_1024x10", "OS-0-32-U1_v2.2.0_1024x10") })
        {
            string pcap = Path.Combine(shared, "ouster", capture + ".pcap"), json = Path.Combine(shared, "ouster", meta + ".json");
            int frames = 0;
            double baseline = Median(repeats, () => ReadOnly(pcap));
            double import = Median(repeats, () =>
            {
                ImportSummary s = PcapImporter.Run(new PcapImporter.Options(pcap, json, Path.Combine(tmp, "p.mcap")));
                frames = (int)s.Outputs[PcapImporter.LidarStream];
            });
            Row($"pcap {capture}", new FileInfo(pcap).Length, frames, baseline, import, "lidar frames");
        }
        string segment = Path.Combine(shared, "comma2k19", "Example_1", "b0c9d2329ad1606b--2018-08-02--08-34-47", "40");
        string[] dbc = [$"0={Path.Combine(shared, "opendbc", "generator", "toyota", "toyota_new_mc_pt.dbc")}", $"1={Path.Combine(shared, "opendbc", "toyota_adas.dbc")}"];
        long bytes = Directory.EnumerateFiles(segment, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
        double load = Median(repeats, () =>
        {
            foreach (string f in Directory.EnumerateFiles(segment, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
            {
                NpyArray.Load(f);
            }
        });
        int canFrames = 0;
        double comma = Median(repeats, () =>
        {
            Comma2k19Importer.Run(new Comma2k19Importer.Options(segment, dbc, Path.Combine(tmp, "c.mcap")));
            canFrames = 135_468;
        });
        Row("comma2k19 RAV4 segment 40 (60 s)", bytes, canFrames, load, comma, "CAN frames");
        return true;
    }

    private static void ReadOnly(string pcap)
    {
        using PcapReader r = PcapReader.Open(pcap);
        var udp = new UdpExtractor(r.LinkType);
        long sum = 0;
        while (r.TryNext(out int i, out long offset, out long t, out ReadOnlyMemory<byte> data))
        {
            if (udp.TryTake(data, i, offset, t, out UdpDatagram d))
            {
                sum += d.Payload.Length;
            }
        }
        GC.KeepAlive(sum);
    }

    private static double Median(int repeats, Action run)
    {
        run();
        run();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var w = Stopwatch.StartNew();
            run();
            times[i] = w.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static void Row(string input, long bytes, int frames, double baseline, double import, string unit)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {input} | {bytes / 1e6:F2} MB | {frames} {unit} | {baseline * 1e3:F1} ms | {import * 1e3:F1} ms | {bytes / 1e6 / import:F1} | {frames / import:F0} | {import / baseline:F1} |"));
}
