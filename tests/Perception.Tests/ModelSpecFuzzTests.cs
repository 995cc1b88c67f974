using System.Diagnostics;
using Perception.Runtime;
using Perception.Spec;
using SimCore.Diagnostics;

namespace Perception.Tests;

/// <summary>
/// Bounded mutation fuzzing of the model spec (issue 16), as the shipped models' specs are read:
/// every mutation must load, or be refused with located errors (an <see cref="InputException"/>
/// naming the spec). A spec that loads is then loaded with its ONNX model as a run does, which
/// checks one against the other and sizes the runner's buffers from them.
/// </summary>
public sealed class ModelSpecFuzzTests
{
    private const int Cases = 300;

    [Theory]
    [InlineData("lidar_bev", 21)]
    [InlineData("camera_det", 22)]
    public void Shipped_spec_mutations_load_or_are_located_errors(string model, int seed)
    {
        string dir = Path.Combine(Repo.Root, "models", model);
        string text = File.ReadAllText(Path.Combine(dir, "model.yaml"));
        Assert.Contains("\nmodel: model.onnx\n", text);
        text = text.Replace("\nmodel: model.onnx\n", $"\nmodel: \"{Path.Combine(dir, "model.onnx").Replace('\\', '/')}\"\n", StringComparison.Ordinal);
        using var temp = new TempDir();
        string path = temp.File("model.yaml");
        int specsRead = 0, runnersLoaded = 0, refused = 0;
        for (int i = 0; i < Cases; i++)
        {
            string mutated = Mutator.Text(text, seed, i);
            File.WriteAllText(path, mutated);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                ModelSpecReader.Load(path);
                specsRead++;
                using ModelRunner runner = ModelRunner.Load(path);
                runnersLoaded++;
            }
            catch (InputException e)
            {
                refused++;
                foreach (InputError error in e.Errors)
                {
                    Assert.True(error.Location.File == path || error.Location.File.Length > 0 && error.Message.Contains(path, StringComparison.Ordinal),
                        $"case {i} (seed {seed}): an error that names neither the spec nor a file: {error}");
                    Assert.True(error.Message.Length is > 0 and < 2000, $"case {i} (seed {seed}): a {error.Message.Length}-character error message");
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} (seed {seed}): {e.GetType().Name}: {e.Message}\n--- spec ---\n{mutated}\n{e.StackTrace}");
            }
            // Generous bounds: a case that needs either asked for work or memory the spec should have refused.
            long mib = (GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20;
            Assert.True(mib < 256, $"case {i} (seed {seed}): {mib} MiB allocated\n--- spec ---\n{mutated}");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"case {i} (seed {seed}): {watch.Elapsed.TotalSeconds:F1} s\n--- spec ---\n{mutated}");
        }
        // Each outcome must occur, or the mutations test nothing.
        Assert.True(refused > 0 && specsRead > 0 && runnersLoaded > 0, $"{model}: {specsRead} specs read, {runnersLoaded} runners loaded, {refused} refused");
    }
}
