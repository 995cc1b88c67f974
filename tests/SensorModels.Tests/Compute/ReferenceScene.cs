using System.Diagnostics;
using SensorModels.Mathematics;
using SensorModels.Tests.Rendering;

namespace SensorModels.Tests.Compute;

/// <summary>
/// The shared reference driving scene of ../shared/bench/embree_lidar.c (406,400 triangles: a
/// ground grid and 200 box cars), written by that program's --make-scene into a temporary folder:
/// built once per test run with gcc and Embree 3 (apt-get install gcc libembree-dev), as
/// ../shared/bench/README.md builds it.
/// </summary>
internal static class ReferenceScene
{
    private static readonly Lazy<float[]> Soup = new(Make);

    /// <summary>Why the scene cannot be made here, or null when it can.</summary>
    public static string? Missing
    {
        get
        {
            if (Source() is null)
            {
                return "../shared/bench/embree_lidar.c not found beside the repository";
            }
            if (!OnPath("gcc"))
            {
                return "gcc not found (apt-get install gcc libembree-dev)";
            }
            return File.Exists("/usr/include/embree3/rtcore.h") ? null : "Embree 3 headers not found (apt-get install libembree-dev)";
        }
    }

    /// <summary>The triangle soup (9 floats per triangle, world frame).</summary>
    public static float[] Triangles => Soup.Value;

    /// <summary>
    /// The direction of embree_lidar.c's ray (channel, azimuth) for a lidar of
    /// <paramref name="channels"/> x <paramref name="azimuths"/> over -25..+15 degrees, in its float arithmetic.
    /// </summary>
    public static Vec3 Direction(int channel, int azimuth, int channels, int azimuths)
    {
        float el = (-25.0f + 40.0f * channel / (channels - 1)) * 3.14159265f / 180, th = 2 * 3.14159265f * azimuth / azimuths;
        return new Vec3(MathF.Cos(el) * MathF.Cos(th), MathF.Cos(el) * MathF.Sin(th), MathF.Sin(el));
    }

    private static string? Source()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = Path.Combine(d.FullName, "shared", "bench", "embree_lidar.c");
            if (File.Exists(p))
            {
                return p;
            }
        }
        return null;
    }

    private static bool OnPath(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));

    private static float[] Make()
    {
        if (Missing is { } why)
        {
            throw new Xunit.Sdk.XunitException("the reference scene cannot be made and SIM_REQUIRE_ALL=1 requires it: " + why);
        }
        string dir = Directory.CreateTempSubdirectory("refscene").FullName;
        try
        {
            string exe = Path.Combine(dir, "embree_lidar"), scene = Path.Combine(dir, "scene.tri");
            Run("gcc", ["-O3", "-march=native", "-fopenmp", Source()!, "-o", exe, "-lembree3", "-lm"]);
            Run(exe, ["--make-scene", scene]);
            byte[] bytes = File.ReadAllBytes(scene);
            var soup = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, soup, 0, soup.Length * 4);
            return soup;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
        }
    }
}

/// <summary>A fact needing a Vulkan device and the reference scene (see <see cref="ReferenceScene"/>); skipped without them unless SIM_REQUIRE_ALL=1.</summary>
public sealed class ReferenceSceneFactAttribute : FactAttribute
{
    public ReferenceSceneFactAttribute()
    {
        if (VulkanTestDevice.Required)
        {
            return;
        }
        if (!VulkanTestDevice.Available)
        {
            Skip = "no Vulkan device: " + VulkanTestDevice.Why + " (set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
        else if (ReferenceScene.Missing is { } why)
        {
            Skip = why + " (set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}
