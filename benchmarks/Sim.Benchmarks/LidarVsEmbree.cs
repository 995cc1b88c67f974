using System.Diagnostics;
using System.Globalization;
using SensorModels.Geometry;
using SensorModels.Mathematics;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks -- lidar-vs-embree SCENE.tri [sweeps] [embree-binary] [--gpu [--sweeps-per-cast N]] [--threads 1,2]`:
/// casts the rays of ../shared/bench/embree_lidar.c (128 channels -25..+15 deg, 2048 azimuths,
/// 0.3..200 m, closest hit, origin 0 0 0) through <see cref="SceneGeometry"/> on the same triangle
/// file, with 1 and 2 threads, prints hit rate, mean hit range and rays/s, runs Embree's program
/// on the same file in the same run (when given) and prints the ratio. With --gpu, also through
/// the Vulkan compute caster (<see cref="GpuRayBench"/>) on the best Vulkan device.
/// </summary>
internal static class LidarVsEmbree
{
    private const int Channels = 128, Azimuths = 2048;

    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("lidar-vs-embree" or "lidar-sweep"))
        {
            return false;
        }
        if (args[0] == "lidar-sweep")
        {
            LidarSweepBench.Run(args[1..]);
            return true;
        }
        bool gpu = args.Contains("--gpu");
        int perCast = Option(args, "--sweeps-per-cast") is { } k ? int.Parse(k, CultureInfo.InvariantCulture) : 4;
        int[] threadCounts = Option(args, "--threads") is { } t ? t.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray() : [1, 2];
        var positional = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                i += args[i] == "--gpu" ? 0 : 1; // the other flags take a value
                continue;
            }
            positional.Add(args[i]);
        }
        string path = positional.Count > 0 ? positional[0] : "/tmp/scene.tri";
        int sweeps = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 10;
        string? embree = positional.Count > 2 ? positional[2] : null;
        byte[] bytes = File.ReadAllBytes(path);
        float[] soup = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, soup, 0, soup.Length * 4);
        var sw = Stopwatch.StartNew();
        SceneGeometry scene = SceneGeometry.FromTriangles(soup);
        Console.WriteLine($"ours: {scene.TriangleCount} triangles, BVH build {sw.Elapsed.TotalMilliseconds:F0} ms");
        var rays = new (Vec3 Dir, int Pad)[Channels * Azimuths];
        for (int r = 0; r < rays.Length; r++)
        {
            // Exactly embree_lidar.c's float arithmetic.
            int ch = r % Channels, az = r / Channels;
            float el = (-25.0f + 40.0f * ch / (Channels - 1)) * 3.14159265f / 180, th = 2 * 3.14159265f * az / Azimuths;
            rays[r] = (new Vec3(MathF.Cos(el) * MathF.Cos(th), MathF.Cos(el) * MathF.Sin(th), MathF.Sin(el)), 0);
        }
        var ours = new Dictionary<int, double>();
        foreach (int threads in threadCounts)
        {
            Sweep(scene, rays, threads, 1); // warm-up (tier-1 JIT)
            long before = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            (long hits, double sum) = (0, 0);
            for (int s = 0; s < sweeps; s++)
            {
                (long h, double r) = Sweep(scene, rays, threads, 1);
                hits += h;
                sum += r;
            }
            double secs = sw.Elapsed.TotalSeconds;
            double rate = (double)rays.Length * sweeps / secs;
            ours[threads] = rate;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours: {threads} threads, {rate / 1e6:F2} M rays/s, hit rate {(double)hits / ((long)rays.Length * sweeps):F3}, mean hit range {sum / hits:F3} m"));
            Console.WriteLine($"ours: {threads} threads, {GC.GetAllocatedBytesForCurrentThread() - before} bytes allocated on the calling thread (the harness's Parallel.For and result arrays)");
        }
        double? gpuRate = gpu ? GpuRayBench.Run(scene, rays.Select(r => r.Dir).ToArray(), sweeps, perCast) : null;
        if (embree is not null)
        {
            foreach (int threads in threadCounts)
            {
                var psi = new ProcessStartInfo(embree, $"{path} {sweeps}") { RedirectStandardOutput = true };
                psi.Environment["OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
                using Process p = Process.Start(psi)!;
                string line = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                Console.WriteLine(line);
                var m = System.Text.RegularExpressions.Regex.Match(line, @"([0-9.]+) M rays/s");
                if (m.Success)
                {
                    double e = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1e6;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio ours / embree, {threads} threads: {ours[threads] / e:F2}"));
                    if (gpuRate is { } g)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio gpu / embree, {threads} threads: {g / e:F2}"));
                    }
                }
            }
        }
        return true;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static (long Hits, double Sum) Sweep(SceneGeometry scene, (Vec3 Dir, int Pad)[] rays, int threads, int unused)
    {
        const int chunk = 256;
        int chunks = rays.Length / chunk;
        var hits = new long[chunks];
        var sums = new double[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            long h = 0;
            double s = 0;
            for (int r = c * chunk; r < (c + 1) * chunk; r++)
            {
                if (scene.Raycast(default, rays[r].Dir, 200, 0.3, out double distance, out _))
                {
                    h++;
                    s += distance;
                }
            }
            hits[c] = h;
            sums[c] = s;
        });
        return (hits.Sum(), sums.Sum());
    }
}
