using System.Text.Json;
using Perception;
using Perception.Runtime;
using StbImageSharp;

namespace Sim.Runtime.Tests.Mining;

/// <summary>
/// models/camera_det through the C# runner on its reference frame (a test-set image committed beside
/// it) against what PyTorch computed at export (reference_frame.json, tools/train/cam_export.py).
/// </summary>
public sealed class ShippedCameraModelTests
{
    [Fact]
    public void The_runner_reproduces_pytorch_on_the_reference_frame()
    {
        string dir = Path.Combine(Repo.Root, "models", "camera_det");
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "reference_frame.json")));
        JsonElement root = reference.RootElement;
        ImageResult image = ImageResult.FromMemory(File.ReadAllBytes(Path.Combine(dir, root.GetProperty("data").GetString()!)), ColorComponents.RedGreenBlue);
        using ModelRunner runner = ModelRunner.Load(Path.Combine(dir, "model.yaml"));
        IReadOnlyList<ImageDetection> found = runner.DetectImage(image.Width, image.Height, image.Data);

        double heatmapSum = 0;
        foreach (float v in runner.Heatmap)
        {
            heatmapSum += v;
        }
        double expectedSum = root.GetProperty("heatmap_logit_sum").GetDouble();
        // 6144 logits of float32 convolutions summed in another order: agreement to 1e-5 relative.
        Assert.True(Math.Abs(heatmapSum - expectedSum) <= 1e-5 * Math.Abs(expectedSum), $"heatmap sum {heatmapSum}, PyTorch {expectedSum}");

        JsonElement[] expected = root.GetProperty("detections").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, found.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].GetProperty("cls").GetString(), found[i].ClassName);
            // The reference rounds scores to 5 decimals and boxes to 3 (pixels).
            Assert.InRange(found[i].Score - expected[i].GetProperty("score").GetDouble(), -2e-5, 2e-5);
            double[] box = expected[i].GetProperty("box").EnumerateArray().Select(b => b.GetDouble()).ToArray();
            float[] got = [found[i].Left, found[i].Top, found[i].Right, found[i].Bottom];
            for (int k = 0; k < 4; k++)
            {
                Assert.InRange(got[k] - box[k], -2e-3, 2e-3);
            }
        }
    }
}
