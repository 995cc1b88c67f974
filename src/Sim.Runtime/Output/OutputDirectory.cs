using SimCore.Diagnostics;

namespace Sim.Runtime.Output;

/// <summary>
/// A run's output directory, taken for that run alone: an exclusive lock on DIR/.sim-run.lock
/// (an advisory lock the kernel drops when the process dies, so a killed run never leaves the
/// directory blocked), and temporary files named per run, so that two runs pointed at one
/// directory cannot interleave their rows in a shared temporary file.
/// </summary>
internal sealed class OutputDirectory : IDisposable
{
    private const string LockName = ".sim-run.lock";

    private readonly string _path;
    private readonly FileStream _lock;

    private OutputDirectory(string path, FileStream lockFile)
    {
        _path = path;
        _lock = lockFile;
    }

    /// <summary>Creates <paramref name="path"/> when needed and takes it.</summary>
    /// <exception cref="RunException">It cannot be created, or another run holds it.</exception>
    public static OutputDirectory Take(string path)
    {
        FileStream lockFile;
        try
        {
            Directory.CreateDirectory(path);
            // FileShare.None is an exclusive flock on Unix and a share-mode lock on Windows.
            lockFile = new FileStream(Path.Combine(path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (Directory.Exists(path) && File.Exists(Path.Combine(path, LockName)))
        {
            throw new RunException(path, $"another run is writing to this output directory; give each run its own --out ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException(path, $"cannot use it as the output directory: {e.Message}", e);
        }
        return new OutputDirectory(path, lockFile);
    }

    /// <summary>Deletes an earlier run's result.json and trajectories.csv, and temporary files a killed run left.</summary>
    /// <exception cref="RunException">They cannot be deleted.</exception>
    public void DeleteOlderOutputs()
    {
        try
        {
            // A page of an older run must not pass for this one's either (sim run --view writes it afresh).
            foreach (string name in new[] { "trajectories.csv", "result.json", KpiSeriesCsvWriter.FileName, SceneJson.FileName, View.ViewPage.FileName })
            {
                File.Delete(Path.Combine(_path, name));
                foreach (string stale in Directory.EnumerateFiles(_path, name + ".*.partial"))
                {
                    File.Delete(stale); // the directory is ours: no other run is writing it
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException(_path, $"cannot use it as the output directory: {e.Message}", e);
        }
    }

    /// <summary>The temporary name of <paramref name="file"/> while this run writes it.</summary>
    public string Partial(string file) => AtomicFile.TempName(file);

    public void Dispose() => _lock.Dispose();
}
