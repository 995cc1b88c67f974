using System.Diagnostics;

namespace Sim.Cli.Tests.Infrastructure;

/// <summary>
/// A test that opens a page in headless Chromium (Debian package chromium): skipped with the reason
/// when it is not installed, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && Chromium.Path is null)
        {
            Skip = "chromium not found on PATH (apt-get install chromium; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Where the chromium binary is.</summary>
internal static class Chromium
{
    public static string? Path { get; } = Find();

    /// <summary>Runs chromium with <paramref name="args"/>; killed after 120 s (a test machine under load starts it slowly).</summary>
    public static (int Code, string Out, string Err) Run(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Path ?? "chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish in 120 s");
        }
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>Headless options: no GPU, no sandbox (root in CI), its own profile, a window of the given size.</summary>
    public static string[] Headless(string profile, int width, int height)
        => ["--headless=new", "--disable-gpu", "--no-sandbox", $"--user-data-dir={profile}", $"--window-size={width},{height}"];

    /// <summary>The (width, height) of a PNG file, after checking its signature.</summary>
    public static (int Width, int Height) PngSize(byte[] png)
    {
        if (png.Length < 24 || !png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A })
            || System.Text.Encoding.ASCII.GetString(png, 12, 4) != "IHDR")
        {
            throw new InvalidDataException("not a PNG file");
        }
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in new[] { "chromium", "chromium-browser" })
            {
                string p = System.IO.Path.Combine(dir, name);
                if (File.Exists(p))
                {
                    return p;
                }
            }
        }
        return null;
    }
}
