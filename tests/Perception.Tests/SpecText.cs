namespace Perception.Tests;

/// <summary>The toy spec's text, for tests that vary one line of it.</summary>
internal static class SpecText
{
    public static string Toy => File.ReadAllText(TestModels.Spec("bev_toy"));

    /// <summary>The toy spec with its model path made absolute, to be written elsewhere.</summary>
    public static string ToyElsewhere => Toy.Replace("model: bev_toy.onnx", "model: " + Path.Combine(TestModels.Dir, "bev_toy.onnx"));

    public static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "perception-spec-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>1-based line of the first line containing <paramref name="fragment"/>.</summary>
    public static int LineOf(string text, string fragment)
        => Array.FindIndex(text.Split('\n'), l => l.Contains(fragment, StringComparison.Ordinal)) + 1;
}
