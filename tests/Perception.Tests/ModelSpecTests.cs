using Perception.Spec;
using SimCore.Diagnostics;

namespace Perception.Tests;

public class ModelSpecTests
{
    [Fact]
    public void ToySpecReads()
    {
        ModelSpec spec = ModelSpecReader.Load(TestModels.Spec("bev_toy"));
        Assert.Equal(new[] { "vehicle", "pedestrian" }, spec.Classes);
        Assert.Equal(Path.Combine(TestModels.Dir, "bev_toy.onnx"), spec.ModelPath);
        Assert.Equal(8, spec.Bev!.Width);
        Assert.Equal(8, spec.Bev!.Height);
        Assert.Equal("top", spec.Bev!.Stream);
        Assert.Equal(new long[] { 1, 3, 8, 8 }, spec.ConcreteShape("bev"));
        Assert.Equal(new long[] { 1, 8, 8, 8 }, spec.ConcreteShape("regression"));
        Assert.Equal(0.3, spec.Head.ScoreThreshold);
        Assert.Equal(16, spec.Head.MaxObjects);
    }

    private static InputException Fails(string text)
        => Assert.Throws<InputException>(() => ModelSpecReader.Parse("m.yaml", text));

    [Fact]
    public void TypoIsAnErrorWithSuggestionAtItsLine()
    {
        string text = SpecText.Toy.Replace("score_threshold: 0.3", "scor_threshold: 0.3");
        InputException e = Fails(text);
        InputError err = Assert.Single(e.Errors);
        Assert.Equal(new SourceLocation("m.yaml", SpecText.LineOf(text, "scor_threshold"), 3), err.Location);
        Assert.Contains("unknown key 'scor_threshold'", err.Message);
        Assert.Contains("did you mean 'score_threshold'", err.Message);
    }

    [Fact]
    public void RangeThatIsNotWholeCellsIsAnError()
    {
        string text = SpecText.Toy.Replace("x_range: [0, 8]", "x_range: [0, 8.5]");
        InputError err = Assert.Single(Fails(text).Errors);
        Assert.Equal(SpecText.LineOf(text, "x_range"), err.Location.Line);
        Assert.Contains("'x_range' spans 8.5 m, not a whole number of 1 m cells", err.Message);
    }

    [Fact]
    public void ShapeDisagreeingWithChannelsIsAnError()
    {
        string text = SpecText.Toy.Replace("shape: [1, 3, H, W]", "shape: [1, 4, H, W]");
        InputError err = Assert.Single(Fails(text).Errors);
        Assert.Equal(SpecText.LineOf(text, "- name: bev"), err.Location.Line);
        Assert.Contains("'bev' shape [1, 4, H, W]: dimension 1 is 4, but the processing makes it 3 (whole shape [1, 3, 8, 8]", err.Message);
    }

    [Fact]
    public void SymbolWithTwoSizesIsAnError()
    {
        // The heatmap's dims are H, W too: with stride 2 they are 4 there, 8 in the input.
        string text = SpecText.Toy.Replace("stride: 1", "stride: 2");
        InputException e = Fails(text);
        Assert.Contains(e.Errors, x => x.Message.Contains("symbol 'H' is 8 in 'bev' but 4 in 'heatmap'"));
    }

    [Fact]
    public void SeveralMistakesAreReportedTogether()
    {
        string text = SpecText.Toy
            .Replace("channels: [max_height, mean_intensity, density]", "channels: [max_height, mean_intensty, density]")
            .Replace("type: float32\n", "type: float33\n")
            .Replace("regression_channels: [dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw]", "regression_channels: [dx, dy, z, log_l, log_w, log_h, sin_yaw]")
            .Replace("score_threshold: 0.3", "score_threshold: 1.5");
        InputException e = Fails(text);
        Assert.Contains(e.Errors, x => x.Location.Line == SpecText.LineOf(text, "mean_intensty") && x.Message.Contains("did you mean 'mean_intensity'"));
        Assert.Contains(e.Errors, x => x.Location.Line == SpecText.LineOf(text, "float33") && x.Message.Contains("'type' 'float33' is not one of"));
        Assert.Contains(e.Errors, x => x.Message.Contains("lacks cos_yaw"));
        Assert.Contains(e.Errors, x => x.Location.Line == SpecText.LineOf(text, "score_threshold") && x.Message.Contains("strictly between 0 and 1"));
    }

    [Fact]
    public void MissingSectionsAndBadYaml()
    {
        InputException e = Fails("model: a.onnx\nclasses: [car]\n");
        Assert.Contains(e.Errors, x => x.Message.Contains("a model spec needs 'inputs'"));
        Assert.Contains(e.Errors, x => x.Message.Contains("a model spec needs 'preprocess'"));
        e = Fails("model: [a.onnx\n");
        Assert.Contains("YAML syntax", Assert.Single(e.Errors).Message);
    }
}
