using System.Diagnostics;
using SensorModels.Rendering;

namespace SensorModels.Tests.Rendering;

public sealed class ShaderTests
{
    private static string ShaderDir()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string dir = Path.Combine(d.FullName, "src", "SensorModels");
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("src/SensorModels not found above " + AppContext.BaseDirectory);
    }

    private static string? Glslc()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string p = Path.Combine(dir, "glslc");
            if (File.Exists(p))
            {
                return p;
            }
        }
        return null;
    }

    [Fact]
    public void Embedded_spirv_is_the_committed_file()
    {
        string dir = ShaderDir();
        foreach (string source in ShaderLibrary.Sources)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, source + ".spv")), ShaderLibrary.Spirv(Path.GetFileName(source)));
        }
    }

    [SkippableGlslcFact]
    public void Committed_spirv_matches_glslc_output_of_the_sources()
    {
        string glslc = Glslc() ?? throw new Xunit.Sdk.XunitException("glslc not found and SIM_REQUIRE_ALL=1 requires it (apt-get install glslc)");
        string dir = ShaderDir();
        string tmp = Directory.CreateTempSubdirectory("spv").FullName;
        try
        {
            foreach (string path in ShaderLibrary.Sources)
            {
                string source = Path.GetFileName(path), folder = Path.Combine(dir, Path.GetDirectoryName(path)!);
                string output = Path.Combine(tmp, source + ".spv");
                // Same command as committed: glslc -O NAME -o NAME.spv, run in the shader folder.
                var psi = new ProcessStartInfo(glslc, ["-O", source, "-o", output]) { WorkingDirectory = folder, RedirectStandardError = true };
                using Process p = Process.Start(psi)!;
                string err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, $"glslc {source}: {err}");
                Assert.True(File.ReadAllBytes(output).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, source + ".spv"))),
                    $"{source}.spv is stale: run `glslc -O {source} -o {source}.spv` in src/SensorModels/{Path.GetDirectoryName(path)} and commit it");
            }
        }
        finally
        {
            Directory.Delete(tmp, true);
        }
    }

    /// <summary>Skipped without glslc on the PATH, unless SIM_REQUIRE_ALL=1.</summary>
    public sealed class SkippableGlslcFactAttribute : FactAttribute
    {
        public SkippableGlslcFactAttribute()
        {
            if (Glslc() is null && !VulkanTestDevice.Required)
            {
                Skip = "glslc not found (apt-get install glslc; set SIM_REQUIRE_ALL=1 to make this a failure)";
            }
        }
    }
}
