using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Sim.Cli.Tests.Scaling;

/// <summary>
/// A real single-node Slurm cluster on localhost, from Debian's packages (slurm-wlm, munge): munged
/// with its own key and socket, slurmctld and slurmd in the foreground, all configured in one
/// temporary folder (state, spool, logs, pid files) with free ports, CPUs from the machine and
/// SlurmUser root. Dispose stops every process it started, by PID: the daemons, and any job
/// process left behind (each carries <see cref="Marker"/> in its environment).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class LocalSlurm : IDisposable
{
    /// <summary>Environment variable naming the cluster's folder, set in every process the cluster starts (daemons, and jobs through sbatch).</summary>
    public const string Marker = "SIM_LOCAL_SLURM";

    private const string Prefix = "sim-slurm-";
    private static readonly string[] Programs = { "munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel", "sacct", "sinfo" };
    private static readonly Dictionary<string, string> Found = new(StringComparer.Ordinal);
    private readonly List<Process> _slurm = new();
    private Process? _munged;

    private LocalSlurm(string dir)
    {
        Dir = dir;
        Conf = Path.Combine(dir, "slurm.conf");
    }

    /// <summary>The cluster's folder: slurm.conf, munge key and socket, state, spool, logs.</summary>
    public string Dir { get; }

    /// <summary>Its slurm.conf (SLURM_CONF of every client command).</summary>
    public string Conf { get; }

    /// <summary>Why a cluster cannot start here (a program missing from PATH), or null.</summary>
    public static string? MissingReason { get; } = FindMissing();

    /// <summary>Starts munged, slurmctld and slurmd and waits until the node is idle.</summary>
    public static LocalSlurm Start(TimeSpan timeout)
    {
        if (MissingReason is not null)
        {
            throw new InvalidOperationException(MissingReason);
        }
        KillStale();
        string dir = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        // Written before anything starts, so a later run can tell whether the starter is gone.
        File.WriteAllText(Path.Combine(dir, "owner"), $"{Environment.ProcessId} {StartTicks(Environment.ProcessId)}");
        var cluster = new LocalSlurm(dir);
        try
        {
            cluster.Launch(timeout);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    private void Launch(TimeSpan timeout)
    {
        // munged refuses a socket folder others cannot enter, and a key others can read.
        File.SetUnixFileMode(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string key = Path.Combine(Dir, "munge.key");
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        foreach (string sub in new[] { "state", "spool", "log" })
        {
            Directory.CreateDirectory(Path.Combine(Dir, sub));
        }
        string socket = Path.Combine(Dir, "munge.socket");
        _munged = StartDaemon("munged", "-F", "--socket=" + socket, "--key-file=" + key, "--pid-file=" + Path.Combine(Dir, "munged.pid"),
            "--log-file=" + Path.Combine(Dir, "log", "munged.log"), "--seed-file=" + Path.Combine(Dir, "munged.seed"));
        WaitUntil(() => File.Exists(socket), timeout, "munged did not create its socket");

        int cpus = Environment.ProcessorCount; // nproc: what this process may use
        string host = Dns.GetHostName().Split('.')[0];
        long memoryMb = MemTotalKb() / 1024 * 9 / 10;
        int ctldPort = FreePort(), slurmdPort = FreePort();
        while (slurmdPort == ctldPort)
        {
            slurmdPort = FreePort();
        }
        string conf = string.Join('\n', new[]
        {
            "ClusterName=simtest",
            $"SlurmctldHost={host}(127.0.0.1)",
            $"SlurmctldPort={ctldPort}",
            $"SlurmdPort={slurmdPort}",
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            $"AuthInfo=socket={socket}",
            $"StateSaveLocation={Path.Combine(Dir, "state")}",
            $"SlurmdSpoolDir={Path.Combine(Dir, "spool")}",
            $"SlurmctldPidFile={Path.Combine(Dir, "slurmctld.pid")}",
            $"SlurmdPidFile={Path.Combine(Dir, "slurmd.pid")}",
            $"SlurmctldLogFile={Path.Combine(Dir, "log", "slurmctld.log")}",
            $"SlurmdLogFile={Path.Combine(Dir, "log", "slurmd.log")}",
            "MailProg=/bin/true",
            "ProctrackType=proctrack/linuxproc", // no cgroups needed (CI runs in a container)
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "MpiDefault=none",
            // No slurmdbd: the job completion log is what `sacct --completion` reads.
            "AccountingStorageType=accounting_storage/none",
            "JobCompType=jobcomp/filetxt",
            $"JobCompLoc={Path.Combine(Dir, "log", "jobcomp.txt")}",
            "SchedulerType=sched/backfill",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "SlurmdParameters=config_overrides",
            "ReturnToService=2",
            "KillWait=5",
            "MinJobAge=600", // finished tasks stay visible to scontrol for the whole test
            $"NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memoryMb} State=UNKNOWN",
            $"PartitionName=sim Nodes={host} Default=YES MaxTime=INFINITE State=UP",
            "",
        });
        File.WriteAllText(Conf, conf);
        _slurm.Add(StartDaemon("slurmctld", "-D", "-i", "-f", Conf));
        _slurm.Add(StartDaemon("slurmd", "-D", "-f", Conf));
        WaitUntil(() => Run(TimeSpan.FromSeconds(20), "sinfo", "-h", "-N", "-o", "%T").Out.Trim() == "idle", timeout, "the node did not become idle");
    }

    /// <summary>The environment of a client command or job submitted to this cluster.</summary>
    public void Configure(ProcessStartInfo psi)
    {
        psi.Environment["SLURM_CONF"] = Conf;
        psi.Environment[Marker] = Dir;
    }

    /// <summary>Runs a Slurm command (sbatch, squeue, scontrol, ...) against this cluster, bounded in time.</summary>
    public (int Code, string Out, string Err) Run(TimeSpan timeout, string program, params string[] args)
        => Run(timeout, null, program, args);

    /// <summary>As <see cref="Run(TimeSpan, string, string[])"/>, in a working folder and with extra environment.</summary>
    public (int Code, string Out, string Err) Run(TimeSpan timeout, Action<ProcessStartInfo>? setup, string program, params string[] args)
    {
        var psi = new ProcessStartInfo(Found.GetValueOrDefault(program, program)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        Configure(psi);
        setup?.Invoke(psi);
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:G} s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The last lines of the daemons' logs, for a failure message.</summary>
    public string LogTail()
    {
        var b = new StringBuilder();
        foreach (string log in Directory.Exists(Path.Combine(Dir, "log")) ? Directory.GetFiles(Path.Combine(Dir, "log")) : Array.Empty<string>())
        {
            string[] lines = File.ReadAllLines(log);
            b.AppendLine($"--- {log} (last 15 lines)");
            foreach (string l in lines.Skip(Math.Max(0, lines.Length - 15)))
            {
                b.AppendLine(l);
            }
        }
        return b.ToString();
    }

    /// <summary>Stops slurmd, slurmctld, every process a job left, and munged; then removes the folder.</summary>
    public void Dispose()
    {
        foreach (Process p in Enumerable.Reverse(_slurm))
        {
            Stop(p);
            p.Dispose();
        }
        _slurm.Clear();
        // Job processes (slurmstepd, the script, sim) outlive a killed slurmd; they carry the marker.
        KillMarked(Dir);
        if (_munged is not null)
        {
            Stop(_munged);
            _munged.Dispose();
            _munged = null;
        }
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Processes that belong to this cluster's jobs (running or stopped), by PID.</summary>
    public IReadOnlyList<int> JobProcesses(string arrayJob, int task)
        => Processes().Where(p => Environ(p) is { } env
            && env.Contains($"{Marker}={Dir}")
            && env.Contains($"SLURM_ARRAY_JOB_ID={arrayJob}")
            && env.Contains($"SLURM_ARRAY_TASK_ID={task.ToString(CultureInfo.InvariantCulture)}")).ToList();

    private Process StartDaemon(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(Found[program]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        Configure(psi);
        Process p = Process.Start(psi)!;
        // Each logs to its own file too; the pipes are drained so that a chatty daemon never blocks.
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private void WaitUntil(Func<bool> ready, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!ready())
        {
            if (_slurm.Append(_munged!).FirstOrDefault(d => d.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{what}: {dead.StartInfo.FileName} exited with {dead.ExitCode}\n{LogTail()}");
            }
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} in {timeout.TotalSeconds:G} s\n{LogTail()}");
            }
            Thread.Sleep(200);
        }
    }

    private static void Stop(Process p)
    {
        if (p.HasExited)
        {
            return;
        }
        p.Kill(); // SIGKILL: the cluster's state is thrown away with its folder
        p.WaitForExit(10_000);
    }

    /// <summary>
    /// Clusters whose starting process is gone (a test run that crashed or was killed): their
    /// processes are killed and their folders removed. Only processes carrying such a folder's
    /// marker are touched, so nothing that this code did not start is.
    /// </summary>
    private static void KillStale()
    {
        foreach (string dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            string owner = Path.Combine(dir, "owner");
            if (!File.Exists(owner))
            {
                continue; // being created by another test process right now, or not ours
            }
            string[] parts = File.ReadAllText(owner).Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[0], out int pid) && StartTicks(pid) == parts[1])
            {
                continue; // its test process is alive: a cluster in use
            }
            KillMarked(dir);
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void KillMarked(string dir)
    {
        foreach (int pid in Processes().Where(p => p != Environment.ProcessId && Environ(p) is { } env && env.Contains($"{Marker}={dir}")))
        {
            try
            {
                using Process p = Process.GetProcessById(pid);
                p.Kill();
                p.WaitForExit(5_000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited meanwhile.
            }
        }
    }

    private static IEnumerable<int> Processes()
        => Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : -1).Where(pid => pid > 0);

    /// <summary>The NUL-separated environment of a process as a set of NAME=VALUE, or null when it cannot be read.</summary>
    private static HashSet<string>? Environ(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0').ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A process's start time in clock ticks since boot (field 22 of /proc/PID/stat); "" when it is gone. With the PID it names a process uniquely.</summary>
    private static string StartTicks(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static long MemTotalKb()
    {
        string line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string? FindMissing()
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(new[] { "/usr/sbin", "/sbin" }).ToArray();
        foreach (string p in Programs)
        {
            if (path.Select(d => Path.Combine(d, p)).FirstOrDefault(File.Exists) is { } full)
            {
                Found[p] = full;
            }
        }
        List<string> missing = Programs.Where(p => !Found.ContainsKey(p)).ToList();
        return missing.Count == 0 ? null : $"not found: {string.Join(", ", missing)} (apt-get install slurm-wlm munge)";
    }
}
