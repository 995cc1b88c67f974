using System.Text;

namespace Sim.Runtime.Output;

/// <summary>Writes a file under NAME.partial and renames it when complete.</summary>
/// <remarks>
/// A batch may be killed at any moment (a node drained, a job cancelled); a reader (a resumed
/// batch, `sim report merge`, a CI system) must then find either the whole file or none.
/// </remarks>
internal static class AtomicFile
{
    public static void WriteText(string path, string text) => Write(path, s =>
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false));
        w.Write(text);
    });

    public static void Write(string path, Action<Stream> write)
    {
        string temp = path + ".partial";
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
