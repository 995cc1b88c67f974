using System.Text;

namespace Sim.Runtime.Batch;

/// <summary>
/// Stable run ids: the scenario's name relative to its input (folders kept, extension dropped)
/// and its sorted parameter values, e.g. <c>euroncap/ccrs__ego_speed=13.89</c>. The id names the
/// run's output folder, so it does not depend on the shard, the job count or the order of runs.
/// </summary>
internal static class RunId
{
    /// <summary>The id of <paramref name="family"/> run with <paramref name="parameters"/>.</summary>
    public static string Of(string family, IReadOnlyDictionary<string, string> parameters)
        => parameters.Count == 0 ? family : family + ParameterSuffix(parameters);

    /// <summary>`__a=1__b=x` with names in ordinal order, sanitised; empty without parameters.</summary>
    public static string ParameterSuffix(IReadOnlyDictionary<string, string> parameters)
    {
        var sb = new StringBuilder();
        foreach (KeyValuePair<string, string> kv in parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append("__").Append(Sanitise(kv.Key)).Append('=').Append(Sanitise(kv.Value));
        }
        return sb.ToString();
    }

    /// <summary>
    /// A family name (relative path without extension, '/'-separated) made safe for every file
    /// system: each segment sanitised, '/' kept so the output mirrors the library's folders.
    /// </summary>
    public static string Family(string relativePathWithoutExtension)
        => string.Join('/', relativePathWithoutExtension.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Sanitise));

    /// <summary>Keeps letters, digits and . _ - + =; anything else (spaces, slashes, colons) becomes '_'.</summary>
    public static string Sanitise(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '=' ? c : '_');
        }
        // "." and ".." are not names a folder may have.
        string r = sb.ToString();
        return r.Length == 0 || r.All(c => c == '.') ? r.Replace('.', '_') + "_" : r;
    }
}
