using Mcap;
using SensorModels.Can;
using SensorModels.Rig;
using Sim.Runtime.Batch;
using Sim.Runtime.Datagen;
using SimCore.Diagnostics;
using SimCore.Scenarios;

namespace Sim.Runtime.Tests.Hostile;

/// <summary>
/// Bounded mutation fuzzing of every input kind (issue 16), in process through the loaders a run
/// uses: a few hundred seeded mutations each, and every outcome must be a load or a located
/// bad-input error (an <see cref="InputException"/> whose errors name a file or field, or an MCAP
/// error at a byte offset). Anything else (a crash, a hang) fails with the case that caused it.
/// </summary>
public sealed class FuzzTests
{
    private const int Cases = 300;

    private static string Scenarios => Repo.Scenarios;

    [Fact]
    public void Scenario_yaml() => Fuzz(11, ScenarioText.CutIn(), "scenario.yaml", path => Validate(path));

    [Fact]
    public void Road_yaml()
    {
        string road = File.ReadAllText(Path.Combine(Scenarios, "roads", "highway_3lane.yaml"));
        Fuzz(12, road, "road.yaml", path => Validate(WithRoad(path, "road.yaml")));
    }

    [Fact]
    public void OpenDrive()
    {
        string xodr = File.ReadAllText(Path.Combine(Scenarios, "roads", "t_junction.xodr"));
        Fuzz(13, xodr, "road.xodr", path =>
        {
            string scenario = File.ReadAllText(Path.Combine(Scenarios, "t_junction_straight.yaml"));
            Assert.Contains("road: {file: roads/t_junction.xodr}", scenario);
            string s = Path.Combine(Path.GetDirectoryName(path)!, "s.yaml");
            File.WriteAllText(s, scenario.Replace("road: {file: roads/t_junction.xodr}", $"road: {{file: \"{path}\"}}", StringComparison.Ordinal));
            Validate(s);
        });
    }

    [Fact]
    public void OpenScenario()
    {
        string dir = Path.Combine(Scenarios, "xosc");
        string xosc = File.ReadAllText(Path.Combine(dir, "cut_in_parameters.xosc"))
            .Replace("path=\"Catalogs/", $"path=\"{dir}/Catalogs/", StringComparison.Ordinal)
            .Replace("filepath=\"../roads/", $"filepath=\"{Scenarios}/roads/", StringComparison.Ordinal);
        Fuzz(14, xosc, "scenario.xosc", path => Validate(path));
    }

    [Fact]
    public void Rig() => Fuzz(15, File.ReadAllText(Path.Combine(Scenarios, "rigs", "full.yaml")), "rig.yaml", path => RigLoader.Load(path));

    [Fact]
    public void Dbc() => Fuzz(16, File.ReadAllText(Path.Combine(Scenarios, "can", "vehicle.dbc")), "bus.dbc", path => DbcReader.Load(path));

    [Fact]
    public void Datagen()
    {
        string spec = File.ReadAllText(Path.Combine(Scenarios, "datagen", "highway_kitti.yaml"))
            .Replace("  - ../highway_cut_in.yaml", $"  - {Repo.CutIn}", StringComparison.Ordinal)
            .Replace("rig: ../rigs/datagen.yaml", $"rig: {Scenarios}/rigs/datagen.yaml", StringComparison.Ordinal);
        Fuzz(17, spec, "gen.yaml", path => GenerationSpec.Load(path));
    }

    [Fact]
    public void Sweep()
    {
        const string sweep = "seed: 3\ncombine: product\nparameters:\n  ego_speed: {from: 20, to: 30, step: 2.5}\n  cut_in_gap: [15, 25, 35]\n  cutter_speed: {uniform: {min: 15, max: 25}, count: 3}\n";
        Fuzz(18, sweep, "sweep.yaml", path => SweepFile.Load(path).Combinations(new HashSet<string> { "ego_speed", "cut_in_gap", "cutter_speed" }));
    }

    [Fact]
    public void Mcap_recording()
    {
        using var dir = new TempDir();
        string rec = dir.File("run.mcap");
        using (RunSession run = RunSession.Open(new RunRequest(Repo.CutIn, dir.File("out"))
        {
            Rig = Path.Combine(Scenarios, "rigs", "minimal.yaml"),
            Record = new RecordingRequest(rec),
            Simulation = new SimCore.Simulation.SimulationOptions { Step = 0.05 },
        }))
        {
            run.Run();
        }
        byte[] data = File.ReadAllBytes(rec);
        string path = dir.File("fuzz.mcap");
        for (int i = 0; i < Cases; i++)
        {
            File.WriteAllBytes(path, Mutator.Bytes(data, 19, i));
            try
            {
                using McapReader r = McapReader.Open(path);
                foreach (McapMessage m in r.ReadMessages())
                {
                    _ = m.Data.Length;
                }
                _ = r.Attachments.Count;
            }
            catch (McapException e)
            {
                Assert.True(e.File == path && e.What.Length > 0, $"case {i}: an MCAP error without file or reason: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} (seed 19): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
    }

    private static void Validate(string path)
    {
        IReadOnlyList<InputError> errors = ScenarioFiles.Validate(path);
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
    }

    private static string WithRoad(string road, string name)
    {
        string text = ScenarioText.CutIn();
        string real = Path.Combine(Scenarios, "roads", "highway_3lane.yaml").Replace('\\', '/');
        string s = Path.Combine(Path.GetDirectoryName(road)!, "s-" + name);
        File.WriteAllText(s, text.Replace(real, road, StringComparison.Ordinal));
        return s;
    }

    /// <summary>Writes each mutation of <paramref name="text"/> to a file and loads it; only a load or a located error may come out.</summary>
    private static void Fuzz(int seed, string text, string name, Action<string> load)
    {
        using var dir = new TempDir();
        string path = dir.File(name);
        int loaded = 0, refused = 0;
        for (int i = 0; i < Cases; i++)
        {
            string mutated = Mutator.Text(text, seed, i);
            File.WriteAllText(path, mutated);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                load(path);
                loaded++;
            }
            catch (InputException e)
            {
                refused++;
                foreach (InputError error in e.Errors)
                {
                    Assert.True(error.Location.File.Length > 0 && error.Message.Length > 0, $"case {i} (seed {seed}): an error that names no file or field: {error}");
                    Assert.True(error.Message.Length < 2000, $"case {i} (seed {seed}): a {error.Message.Length}-character error message");
                }
            }
            catch (Exception e)
            {
                File.WriteAllText(Path.Combine(Path.GetTempPath(), $"sim-fuzz-{name}-{seed}-{i}"), mutated);
                Assert.Fail($"case {i} (seed {seed}, input kept as {Path.GetTempPath()}sim-fuzz-{name}-{seed}-{i}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            if (watch.Elapsed.TotalSeconds > 2 && Environment.GetEnvironmentVariable("SIM_FUZZ_SLOW") is { } slowDir)
            {
                File.WriteAllText(Path.Combine(slowDir, $"slow-{name}-{seed}-{i}-{watch.Elapsed.TotalSeconds:F1}s"), mutated);
            }
            // Generous bounds (a case takes milliseconds and a few MiB): beyond them a loader did work or
            // took memory the input asked for, which it should have refused (a road of 1e308 m took 10 s and 1.8 GB).
            long mib = (GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20;
            Assert.True(mib < 512, $"case {i} (seed {seed}): {mib} MiB allocated to load it");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"case {i} (seed {seed}): {watch.Elapsed.TotalSeconds:F1} s to load it");
        }
        // Both outcomes must occur, or the mutations test nothing.
        Assert.True(refused > 0, $"no mutation of {name} was refused");
    }
}
