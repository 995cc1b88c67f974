using System.Diagnostics;
using System.Text.Json;

namespace Sim.Runtime.Tests.Osi;

/// <summary>
/// A test that needs the independent OSI decoder (/usr/bin/python3 with Debian's python3-protobuf,
/// and protoc from protobuf-compiler): skipped with the reason when absent, run (and so failing)
/// when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class OsiDecoderFactAttribute : FactAttribute
{
    public OsiDecoderFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && OsiDecoder.Missing() is { } why)
        {
            Skip = why + " (apt-get install python3-protobuf protobuf-compiler; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }

    /// <summary>The test also reads the shared esmini conformance data (skipped without it, failing under SIM_REQUIRE_ALL=1).</summary>
    public bool NeedsEsminiData
    {
        get => false;
        init
        {
            if (value && Skip is null && Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && OsiDecoder.EsminiData is null)
            {
                Skip = "the esmini conformance data (../shared/conformance/esmini beside the repository) is absent (set SIM_REQUIRE_ALL=1 to make this a failure)";
            }
        }
    }
}

/// <summary>Runs tests/Sim.Runtime.Tests/Osi/osi_decode.py: protoc compiles third_party/osi, python3-protobuf decodes.</summary>
internal sealed class OsiDecoder : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private OsiDecoder(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(Repo.Root, "tests", "Sim.Runtime.Tests", "Osi", "osi_decode.py"));
        psi.ArgumentList.Add(Path.Combine(Repo.Root, "third_party", "osi"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        _process = Process.Start(psi)!;
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    /// <summary>shared/conformance/esmini above the test binary, or null.</summary>
    public static string? EsminiData
    {
        get
        {
            for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                string p = Path.Combine(d.FullName, "shared", "conformance", "esmini");
                if (Directory.Exists(p))
                {
                    return p;
                }
            }
            return null;
        }
    }

    public static string? Missing()
    {
        if (!File.Exists(Python))
        {
            return Python + " not found";
        }
        try
        {
            using Process p = Process.Start(new ProcessStartInfo(Python, "-c \"import google.protobuf, shutil, sys; sys.exit(0 if shutil.which('protoc') else 3)\"")
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit(30_000);
            return p.ExitCode == 0 ? null : p.ExitCode == 3 ? "protoc not found" : "python3-protobuf missing";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }

    /// <summary>Starts the UDP receiver; returns it and the port it listens on.</summary>
    public static (OsiDecoder Decoder, int Port) ListenUdp()
    {
        var d = new OsiDecoder("udp");
        string? first = d._process.StandardOutput.ReadLine();
        if (first is null)
        {
            throw new InvalidOperationException("the decoder did not start: " + d._stderr.Result);
        }
        using JsonDocument j = JsonDocument.Parse(first);
        return (d, j.RootElement.GetProperty("port").GetInt32());
    }

    /// <summary>Decodes every OSI message of an (uncompressed) MCAP file.</summary>
    public static List<JsonElement> Mcap(string file) => new OsiDecoder("mcap", file).Lines();

    /// <summary>Decodes one message of <paramref name="type"/> (GroundTruth, SensorView).</summary>
    public static JsonElement Message(string type, byte[] bytes)
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, bytes);
            return new OsiDecoder("file", type, file).Lines().Single().GetProperty("msg");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Every JSON line the decoder prints until it exits (it must exit 0).</summary>
    public List<JsonElement> Lines()
    {
        var lines = new List<JsonElement>();
        while (_process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }
        if (!_process.WaitForExit(120_000))
        {
            _process.Kill();
            throw new TimeoutException("the OSI decoder did not finish in 120 s");
        }
        Assert.True(_process.ExitCode == 0, $"the OSI decoder failed ({_process.ExitCode}): {_stderr.Result}");
        return lines;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
