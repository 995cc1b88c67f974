using System.Text.RegularExpressions;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests.Scaling;

/// <summary>
/// The Indexed Job of docs/scaling.md against the Kubernetes batch/v1 Job schema, offline
/// (tools/k8s-check: kubernetes-models' schema plus no unknown field, as the API server's strict
/// field validation). No cluster runs here: what this proves is that the manifest is one.
/// </summary>
public sealed class KubernetesJobTests
{
    [K8sCheckFact]
    public void The_documented_indexed_job_is_a_valid_batch_v1_job_with_as_many_shards_as_completions()
    {
        using var dir = new TempDir();
        string manifest = DocBlock.Read(Path.Combine(Repo.Root, "docs", "scaling.md"), "indexed-job.yaml");
        (int code, string output) = K8sCheck.Run(dir.Write("job.yaml", manifest));
        Assert.True(code == 0, output);
        Assert.Contains("\"valid\":true", output);
        // `sim batch` takes the shard count from --shards: it must be the Job's completions.
        Assert.Equal(Regex.Match(manifest, @"\bcompletions: (\d+)").Groups[1].Value, Regex.Match(manifest, @"--shards (\d+)").Groups[1].Value);
        Assert.Contains("completionMode: Indexed", manifest);
    }

    [K8sCheckFact]
    public void The_check_rejects_a_misspelt_field_and_a_wrong_type()
    {
        using var dir = new TempDir();
        string manifest = DocBlock.Read(Path.Combine(Repo.Root, "docs", "scaling.md"), "indexed-job.yaml");
        Assert.Contains("completionMode: Indexed", manifest);
        Assert.Contains("restartPolicy: Never", manifest);
        string bad = manifest.Replace("completionMode: Indexed", "completionMod: Indexed", StringComparison.Ordinal)
            .Replace("restartPolicy: Never", "restartPolicy: Sometimes", StringComparison.Ordinal);
        (int code, string output) = K8sCheck.Run(dir.Write("bad.yaml", bad));
        Assert.True(code == 1, output);
        Assert.Contains("/spec/completionMod: unknown field", output);
        Assert.Contains("/spec/template/spec/restartPolicy: must be equal to one of the allowed values", output);
    }
}

/// <summary>
/// A test that needs node and tools/k8s-check/node_modules (`npm ci` there): skipped with the reason
/// when absent, run (and so failing) when SIM_REQUIRE_ALL=1.
/// </summary>
public sealed class K8sCheckFactAttribute : FactAttribute
{
    public K8sCheckFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIM_REQUIRE_ALL") != "1" && K8sCheck.Missing() is { } why)
        {
            Skip = why + " (install node and run `npm ci` in tools/k8s-check; set SIM_REQUIRE_ALL=1 to make this a failure)";
        }
    }
}

/// <summary>Runs tools/k8s-check/check.mjs on a manifest.</summary>
internal static class K8sCheck
{
    private static readonly NodeTool Tool = new("k8s-check", "kubernetes-models");

    public static string? Missing() => Tool.Missing();

    public static (int Code, string Output) Run(string file)
    {
        (int code, string output, string err) = Tool.Run(TimeSpan.FromSeconds(60), "check.mjs", file);
        return (code, output + err);
    }
}
