using System.Text;

namespace Sim.Runtime.Output;

/// <summary>Writes a file under NAME.partial and renames it when complete.</summary>
/// <remarks>
/// A batch may be killed at any moment (a node drained, a job cancelled); a reader (a resumed
/// batch, `sim report merge`, a CI system) must then find either the whole file or none.
/// </remarks>
internal static class AtomicFile
{
    /// <summary>
    /// A temporary name beside <paramref name="path"/>, unique to this write: two processes writing
    /// the same file each fill their own, and the last complete one wins the rename.
    /// </summary>
    public static string TempName(string path) => $"{path}.{Environment.ProcessId}-{Random.Shared.Next():x8}.partial";

    public static void WriteText(string path, string text) => Write(path, s =>
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false));
        w.Write(text);
    });

    public static void Write(string path, Action<Stream> write)
    {
        string temp = TempName(path);
        string? dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        try
        {
            using (var s = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(s);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
