using StbImageSharp;

namespace Sim.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Sim.Benchmarks [-p:OnnxRuntimeGpu=true] -- onnx-camera [frames] [--providers cpu,cuda]`:
/// the active-learning camera detector (models/camera_det, 256 x 128) on its committed reference
/// frame, per provider: inference (ONNX Runtime's run) and whole DetectImage (normalisation, run,
/// heatmap decode) p50 / p99 after 50 warm-up frames, frames/s.
/// </summary>
internal static class OnnxCameraBench
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "onnx-camera")
        {
            return false;
        }
        (int frames, string[] providers) = ModelRunnerTiming.Arguments(args, 2000);
        string dir = Path.Combine(BenchScenarios.RepoRoot(), "models", "camera_det");
        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(dir, "reference_frame.png")), ColorComponents.RedGreenBlue);
        Console.WriteLine($"models/camera_det on its {image.Width} x {image.Height} reference frame, {frames} frames per provider after 50 warm-up frames, {Environment.ProcessorCount} CPU threads");
        ModelRunnerTiming.PerProvider(Path.Combine(dir, "model.yaml"), providers, frames, "DetectImage",
            runner => runner.DetectImage(image.Width, image.Height, image.Data).Count);
        return true;
    }
}
