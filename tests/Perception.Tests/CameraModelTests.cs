using System.Buffers.Binary;
using Perception.Camera;
using Perception.Decoding;
using Perception.Runtime;
using Perception.Spec;
using SimCore.Diagnostics;

namespace Perception.Tests;

/// <summary>Camera models: the image pre-processing, the 2-D box decoding and the runner on cam_toy (tools/onnx-testmodels).</summary>
public class CameraModelTests
{
    private static readonly ModelRunnerOptions Cpu = new() { Provider = ExecutionProviderPreference.Cpu };

    private static string Toy => File.ReadAllText(TestModels.Spec("cam_toy"));

    /// <summary>A camera.rgb8.v1 payload of a black image with the given pixels set.</summary>
    private static byte[] Image(int width, int height, params (int X, int Y, byte R, byte G, byte B)[] pixels)
    {
        var bytes = new byte[8 + 3 * width * height];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), height);
        foreach ((int x, int y, byte r, byte g, byte b) in pixels)
        {
            int at = 8 + 3 * (y * width + x);
            (bytes[at], bytes[at + 1], bytes[at + 2]) = (r, g, b);
        }
        return bytes;
    }

    [Fact]
    public void PreprocessingScalesNormalisesAndOrdersThePlanes()
    {
        string text = Toy.Replace("channels: [r, g, b]", "channels: [b, g, r]\n  mean: [0.4, 0.5, 0.6]\n  std: [0.2, 0.25, 0.5]");
        ModelSpec spec = ModelSpecReader.Parse(Path.Combine(TestModels.Dir, "m.yaml"), text);
        var pre = new ImagePreprocessor(spec.Image!);
        Assert.Equal(3 * 16 * 8, pre.Length);
        var input = new float[pre.Length];
        pre.Process(Image(16, 8, (1, 0, 255, 51, 102), (15, 7, 0, 255, 0)), input);
        const int Plane = 16 * 8;
        // Pixel (1, 0) = (R 255, G 51, B 102). Plane 0 is blue: (102/255 - 0.4) / 0.2 = (0.4 - 0.4) / 0.2 = 0;
        // plane 1 green: (0.2 - 0.5) / 0.25 = -1.2; plane 2 red: (1 - 0.6) / 0.5 = 0.8.
        Assert.Equal(0f, input[0 * Plane + 1], 5);
        Assert.Equal(-1.2f, input[1 * Plane + 1], 5);
        Assert.Equal(0.8f, input[2 * Plane + 1], 5);
        // Black pixel (0, 0): -mean / std = -2, -2, -1.2.
        Assert.Equal(-2f, input[0], 5);
        Assert.Equal(-2f, input[Plane], 5);
        Assert.Equal(-1.2f, input[2 * Plane], 5);
        // Pixel (15, 7), the last: green 255 -> (1 - 0.5) / 0.25 = 2 in plane 1.
        Assert.Equal(2f, input[Plane + 7 * 16 + 15], 5);
    }

    [Fact]
    public void ImageOfAnotherSizeOrShortPayloadIsInvalidData()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("cam_toy"));
        var pre = new ImagePreprocessor(spec.Image!);
        var input = new float[pre.Length];
        var e = Assert.Throws<InvalidDataException>(() => pre.Process(Image(32, 8), input));
        Assert.Contains("the image is 32 x 8 pixels; the model takes 16 x 8", e.Message);
        byte[] cut = Image(16, 8)[..100];
        Assert.Contains("a 16 x 8 RGB image needs 384 bytes; the payload has 92", Assert.Throws<InvalidDataException>(() => pre.Process(cut, input)).Message);
        Assert.Contains("8-byte header", Assert.Throws<InvalidDataException>(() => pre.Process(new byte[5], input)).Message);
    }

    [Fact]
    public void BoxDecodesToTheHandComputedPixels()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("cam_toy"));
        var decoder = new Box2DDecoder(spec);
        const int W = 8, H = 4, Plane = W * H;
        var heat = new float[2 * Plane];
        Array.Fill(heat, -6f);
        var reg = new float[4 * Plane];
        // Pedestrian peak at row 1, column 6, logit 1.5, with a lower neighbour (logit 1, score 0.73:
        // above the threshold, not a peak). dx 0.4, dy 0.1, w e^2.5, h e^3.
        heat[Plane + 1 * W + 6] = 1.5f;
        heat[Plane + 1 * W + 5] = 1f;
        int cell = 1 * W + 6;
        (reg[cell], reg[Plane + cell], reg[2 * Plane + cell], reg[3 * Plane + cell]) = (0.4f, 0.1f, 2.5f, 3f);
        var found = new List<ImageDetection>();
        Assert.True(decoder.Decode(heat, reg, found));
        ImageDetection d = Assert.Single(found);
        Assert.Equal((1, "pedestrian"), (d.ClassId, d.ClassName));
        Assert.Equal(1 / (1 + Math.Exp(-1.5)), d.Score, 5);
        // u = (6 + 0.4) 2 - 0.5 = 12.3, v = (1 + 0.1) 2 - 0.5 = 1.7; w = e^2.5 = 12.1825, h = e^3 = 20.0855.
        Assert.Equal(12.3 - 12.182494 / 2, d.Left, 4);
        Assert.Equal(12.3 + 12.182494 / 2, d.Right, 4);
        Assert.Equal(1.7 - 20.085537 / 2, d.Top, 4);
        Assert.Equal(1.7 + 20.085537 / 2, d.Bottom, 4);

        heat[0] = float.NaN;
        Assert.False(decoder.Decode(heat, reg, found));
        Assert.Empty(found);
    }

    [Fact]
    public void ToyModelFindsTheHandComputedBoxes()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("cam_toy"), Cpu);
        Assert.Equal(ModelInput.Camera, runner.Input);
        Assert.Equal("front", runner.Stream);
        // Red at (6, 2): cell (1, 3) of the stride-2 head, vehicle logit 10 - 5 = 5. Green and blue at
        // (10, 4): cell (2, 5), pedestrian logit 5, dx = 0.25 + 0.5 = 0.75. A dim red pixel (51 = 0.2)
        // at (0, 6): logit 2 - 5 = -3, score 0.047, below the threshold.
        byte[] image = Image(16, 8, (6, 2, 255, 0, 0), (10, 4, 0, 255, 255), (0, 6, 51, 0, 0));
        IReadOnlyList<ImageDetection> found = runner.DetectImage(image);
        Assert.Equal(2, found.Count);
        // Equal scores: class order first. Vehicle: u = (3 + 0.25) 2 - 0.5 = 6, v = (1 + 0.75) 2 - 0.5 = 3,
        // 6 x 4 pixels -> (3, 1, 9, 5). Pedestrian: u = (5 + 0.75) 2 - 0.5 = 11, v = (2 + 0.75) 2 - 0.5 = 5 -> (8, 3, 14, 7).
        Assert.Equal(new[] { "vehicle", "pedestrian" }, found.Select(d => d.ClassName));
        float[] expected = { 3, 1, 9, 5, 8, 3, 14, 7 };
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-5)), found[i].Score, 5);
            Assert.Equal(expected[4 * i], found[i].Left, 4);
            Assert.Equal(expected[4 * i + 1], found[i].Top, 4);
            Assert.Equal(expected[4 * i + 2], found[i].Right, 4);
            Assert.Equal(expected[4 * i + 3], found[i].Bottom, 4);
        }
        // The heatmap the miner reads: [2, 4, 8] logits.
        Assert.Equal((4, 8), (runner.HeatmapHeight, runner.HeatmapWidth));
        Assert.Equal(5f, runner.Heatmap[0 * 32 + 1 * 8 + 3], 4);
        Assert.Equal(-3f, runner.Heatmap[0 * 32 + 3 * 8 + 0], 4);
        Assert.Equal(-5f, runner.Heatmap[1 * 32 + 0], 4);
        // The same image as raw RGB.
        Assert.Equal(2, runner.DetectImage(16, 8, image.AsSpan(8)).Count);
        Assert.Equal(2, runner.Frames);
    }

    [Fact]
    public void ModelOfTheOtherSensorIsAClearError()
    {
        using ModelRunner camera = ModelRunner.Load(TestModels.Spec("cam_toy"), Cpu);
        Assert.Contains("is a camera model: call DetectImage", Assert.Throws<InvalidOperationException>(() => camera.Detect(TestModels.Scene())).Message);
        using ModelRunner lidar = ModelRunner.Load(TestModels.Spec("bev_toy"), Cpu);
        Assert.Equal(ModelInput.Lidar, lidar.Input);
        Assert.Contains("is a lidar model: call Detect", Assert.Throws<InvalidOperationException>(() => lidar.DetectImage(Image(16, 8))).Message);
    }

    [Fact]
    public void FramesAllocateNothing()
    {
        using ModelRunner runner = ModelRunner.Load(TestModels.Spec("cam_toy"), Cpu);
        byte[] image = Image(16, 8, (6, 2, 255, 0, 0));
        for (int i = 0; i < 10; i++)
        {
            runner.DetectImage(image);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            runner.DetectImage(image);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static InputException Fails(string text) => Assert.Throws<InputException>(() => ModelSpecReader.Parse("m.yaml", text));

    [Theory]
    [InlineData("regression_channels: [dx, dy, log_w, log_h]", "regression_channels: [dx, dy, z, log_w]", "regression_channels:", "'regression_channels' lacks log_h; has z, which 2-D boxes do not use (center_box2d needs exactly dx, dy, log_w, log_h")]
    [InlineData("channels: [r, g, b]", "channels: [r, g, b]\n  mean: [0.5, 0.5]", "mean:", "'mean' has 2 values; 'channels' lists 3")]
    [InlineData("channels: [r, g, b]", "channels: [r, g, b]\n  std: [1, 0, 1]", "std:", "a 'std' value divides the input, so it must be positive, not 0")]
    [InlineData("channels: [r, g, b]", "channels: [r, g, x]", "channels:", "an image channel 'x' is not one of: r, g, b")]
    [InlineData("width: 16", "width: 0", "width:", "'width' is the image's size in pixels, 1..16384, not 0")]
    [InlineData("width: 16", "width: 15", "type: center_box2d", "the image's 8 x 15 pixels do not divide by 'stride' 2")]
    [InlineData("format: camera.rgb8.v1", "format: camera.nv12.v1", "format:", "'format' 'camera.nv12.v1' is not one of: camera.rgb8.v1")]
    public void SpecMistakesAreErrorsAtTheirLine(string from, string to, string lineOf, string message)
    {
        string text = Toy.Replace(from, to);
        InputError err = Assert.Single(Fails(text).Errors);
        Assert.Equal(SpecText.LineOf(text, lineOf), err.Location.Line);
        Assert.Contains(message, err.Message);
    }

    [Fact]
    public void ImageWithALidarHeadIsAnError()
    {
        string text = Toy.Replace("type: center_box2d", "type: center_head").Replace("regression_channels: [dx, dy, log_w, log_h]", "regression_channels: [dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw]").Replace("[1, 4, Ho, Wo]", "[1, 8, Ho, Wo]");
        InputError err = Assert.Single(Fails(text).Errors);
        Assert.Equal(SpecText.LineOf(text, "type: center_head"), err.Location.Line);
        Assert.Contains("'center_head' decodes 3-D boxes from a lidar raster; a 'camera_image' model needs 'center_box2d'", err.Message);
    }

    [Fact]
    public void LidarRasterWithAnImageHeadIsAnError()
    {
        string text = SpecText.Toy.Replace("type: center_head", "type: center_box2d").Replace("regression_channels: [dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw]", "regression_channels: [dx, dy, log_w, log_h]");
        InputError err = Assert.Single(Fails(text).Errors);
        Assert.Contains("a 'lidar_bev' model needs 'center_head'", err.Message);
    }
}
