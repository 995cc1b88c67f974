using SimCore.Diagnostics;

namespace Sim.Runtime.Output;

/// <summary>
/// The checks before a single-file output (a recording, an export) is written beside and renamed
/// onto its path: an existing file is replaced only when asked, and a device or directory never
/// (a rename would put a regular file where /dev/null or a named pipe was).
/// </summary>
internal static class OutputFile
{
    /// <summary>Throws unless <paramref name="path"/> (given by <paramref name="option"/>) may be written.</summary>
    /// <exception cref="InputException">The path is empty, a directory, a device, or an existing file without <paramref name="overwrite"/>.</exception>
    public static void Claim(string path, string option, bool overwrite)
    {
        var where = new SourceLocation(path.Length == 0 ? option : path, 0, 0);
        if (path.Length == 0)
        {
            throw new InputException(where, "the output path is empty");
        }
        if (Directory.Exists(path))
        {
            throw new InputException(where, $"is a directory: {option} names the file to write");
        }
        string real;
        try
        {
            if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                return;
            }
            real = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException e)
        {
            throw new InputException(where, $"cannot write there: {e.Message}");
        }
        if (real.StartsWith("/dev/", StringComparison.Ordinal) || real.StartsWith("/proc/", StringComparison.Ordinal) || real.StartsWith("/sys/", StringComparison.Ordinal))
        {
            throw new InputException(where, $"is a device or system file ({real}): {option} writes a regular file (written whole, then renamed onto the path)");
        }
        if (FileKind.Special(path) is { } kind)
        {
            throw new InputException(where, $"is {kind}: {option} writes a regular file (written whole, then renamed onto the path)");
        }
        if (!overwrite)
        {
            throw new InputException(where, "already exists: give --overwrite to replace it, or another path");
        }
    }
}
