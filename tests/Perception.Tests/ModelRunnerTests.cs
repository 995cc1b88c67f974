using Perception.Runtime;
using SimCore.Diagnostics;

namespace Perception.Tests;

public class ModelRunnerTests
{
    private static readonly ModelRunnerOptions Cpu = new() { Provider = ExecutionProviderPreference.Cpu, IntraOpThreads = 1 };

    [Fact]
    public void ToyModelFindsTheHandComputedBoxes()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("bev_toy"), Cpu);
        IReadOnlyList<Detection> found = runner.Detect(TestModels.Scene());

        // make_models.py: vehicle logit = 10 density - 5; regression dx 0.25, dy 0.75,
        // z = 0.5 max_height - 2, l 4, w 2, h 1.5, sin = mean_intensity, cos = 0.5.
        Assert.Equal(2, found.Count);
        // Cell (row 1, col 6): density 1 -> logit 5; max_height 2 -> z = -1; sin 0.1.
        Detection b = found[0];
        Assert.Equal("vehicle", b.ClassName);
        Assert.Equal(1 / (1 + Math.Exp(-5)), b.Score, 5);
        Assert.Equal(0 + (6 + 0.25f) * 1, b.X, 5);
        Assert.Equal(-4 + (1 + 0.75f) * 1, b.Y, 5);
        Assert.Equal(-1f, b.Z, 5);
        Assert.Equal(4f, b.Length, 5);
        Assert.Equal(2f, b.Width, 5);
        Assert.Equal(1.5f, b.Height, 5);
        Assert.Equal(Math.Atan2(0.1, 0.5), b.Yaw, 5);
        // Cell (row 4, col 3): density 0.5 -> logit 0 -> score 0.5; max_height 3.2 -> z = -0.4; sin 0.5.
        Detection a = found[1];
        Assert.Equal(0.5f, a.Score, 5);
        Assert.Equal(3.25f, a.X, 5);
        Assert.Equal(0.75f, a.Y, 5);
        Assert.Equal(-0.4f, a.Z, 5);
        Assert.Equal(Math.PI / 4, a.Yaw, 5);
        // The lone point's cell scores sigmoid(10/6 - 5) = 0.034: below the threshold.

        Assert.Equal(ModelRunner.CpuProvider, runner.Provider);
        Assert.Null(runner.ProviderNote);
        Assert.Equal(1, runner.Frames);
        Assert.Equal(0, runner.NonFiniteFrames);
        Assert.Equal(71, runner.LastPointsUsed);
        Assert.Equal("top", runner.Stream);
    }

    [Fact]
    public void AutoFallsBackToTheCpuAndSaysWhy()
    {
        // This machine has no usable CUDA (CI has no GPU; the default build carries the CPU package).
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("bev_toy"));
        Assert.Equal(ModelRunner.CpuProvider, runner.Provider);
        Assert.NotNull(runner.ProviderNote);
        Assert.True(runner.ProviderNote!.Contains("CPU-only") || runner.ProviderNote.Contains("CUDA provider could not be used"), runner.ProviderNote);
        var e = Assert.Throws<InvalidOperationException>(() => ModelRunner.Load(TestModels.Spec("bev_toy"), new ModelRunnerOptions { Provider = ExecutionProviderPreference.Cuda }));
        Assert.Contains("the CUDA execution provider was required", e.Message);
    }

    [Fact]
    public void LatencyIsReportedPerFrame()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("bev_toy"), Cpu);
        byte[] scene = TestModels.Scene();
        for (int i = 0; i < 25; i++)
        {
            runner.Detect(scene);
        }
        LatencySummary run = runner.InferenceLatency, total = runner.TotalLatency;
        Assert.Equal(25, run.Count);
        Assert.Equal(25, total.Count);
        Assert.True(run.P50Ms > 0 && run.P50Ms <= run.P99Ms && run.P99Ms <= run.MaxMs);
        Assert.True(total.P50Ms >= run.P50Ms);
    }

    [Fact]
    public void FramesAllocateNothing()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("bev_toy"), Cpu);
        byte[] scene = TestModels.Scene();
        for (int i = 0; i < 10; i++)
        {
            runner.Detect(scene);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            runner.Detect(scene);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WrongInputShapeNamesWhatTheModelHasAndTheSpecWants()
    {
        string spec = TestModels.Spec("bev_wrong_input");
        var e = Assert.Throws<InputException>(() => ModelRunner.Load(spec, Cpu));
        string text = File.ReadAllText(spec);
        InputError input = e.Errors.Single(x => x.Message.Contains("input 'bev'"));
        Assert.Equal(new SourceLocation(spec, SpecText.LineOf(text, "- name: bev"), 5), input.Location);
        Assert.Contains("model bev_wrong_input.onnx: input 'bev' is float32 [1, 4, 16, 16]; the spec wants float32 [1, 3, H, W] = [1, 3, 8, 8]", input.Message);
        Assert.Contains(e.Errors, x => x.Location.Line == SpecText.LineOf(text, "name: heatmap")
            && x.Message.Contains("output 'heatmap' is float32 [1, 2, 16, 16]; the spec wants float32 [1, 2, H, W] = [1, 2, 8, 8]"));
    }

    [Fact]
    public void MissingOutputListsTheModelsTensors()
    {
        string text = SpecText.ToyElsewhere.Replace("name: heatmap", "name: heat").Replace("heatmap: heatmap", "heatmap: heat");
        string spec = SpecText.Write(text);
        var e = Assert.Throws<InputException>(() => ModelRunner.Load(spec, Cpu));
        InputError err = Assert.Single(e.Errors);
        Assert.Equal(SpecText.LineOf(text, "name: heat"), err.Location.Line);
        Assert.Contains("model bev_toy.onnx has no output 'heat'; the model has inputs 'bev' float32 [1, 3, H, W] and outputs 'heatmap' float32 [1, 2, H, W], 'regression' float32 [1, 8, H, W]", err.Message);
    }

    [Fact]
    public void MissingOrBrokenModelFileIsAnErrorAtTheModelLine()
    {
        string spec = SpecText.Write(SpecText.Toy.Replace("model: bev_toy.onnx", "model: nowhere.onnx"));
        var e = Assert.Throws<InputException>(() => ModelRunner.Load(spec, Cpu));
        Assert.Equal(new SourceLocation(spec, 2, 8), Assert.Single(e.Errors).Location);
        Assert.Contains("nowhere.onnx does not exist", e.Message);

        string junk = Path.Combine(Path.GetDirectoryName(spec)!, "junk-" + Guid.NewGuid().ToString("N") + ".onnx");
        File.WriteAllText(junk, "this is not protobuf");
        spec = SpecText.Write(SpecText.Toy.Replace("model: bev_toy.onnx", "model: " + junk));
        e = Assert.Throws<InputException>(() => ModelRunner.Load(spec, Cpu));
        Assert.Equal(2, Assert.Single(e.Errors).Location.Line);
        Assert.Contains("is not a model ONNX Runtime can load", e.Message);
    }

    [Fact]
    public void NaNOutputIsCountedNotFatal()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("bev_nan"), Cpu);
        Assert.Empty(runner.Detect(TestModels.Scene()));
        Assert.Empty(runner.Detect(TestModels.Scene()));
        Assert.Equal(2, runner.Frames);
        Assert.Equal(2, runner.NonFiniteFrames);
        Assert.Equal(1, runner.LastNonFiniteFrame);
    }

    [Fact]
    public void WrongOutputShapeAtRunTimeIsAClearException()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("bev_strided"), Cpu);
        var e = Assert.Throws<ModelOutputException>(() => runner.Detect(TestModels.Scene()));
        Assert.Contains("model bev_strided.onnx: output 'heatmap' has shape [1, 2, 4, 4], the spec", e.Message);
        Assert.Contains("fix [1, 2, 8, 8]", e.Message);
        Assert.Contains("output 'regression' has shape [1, 8, 4, 4]", e.Message);
    }
}
