namespace Perception.Tests;

public class TestModelRegenerationTests
{
    [PythonOnnxFact]
    public void CommittedModelsAreWhatTheScriptMakes()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "onnx-testmodels-" + Guid.NewGuid().ToString("N"));
        try
        {
            (int code, _, string err) = PythonOnnx.Run($"\"{Path.Combine(TestModels.Dir, "make_models.py")}\" \"{outDir}\"");
            Assert.True(code == 0, "make_models.py failed: " + err);
            string[] made = Directory.GetFiles(outDir, "*.onnx").Select(Path.GetFileName).Order().ToArray()!;
            string[] committed = Directory.GetFiles(TestModels.Dir, "*.onnx").Select(Path.GetFileName).Order().ToArray()!;
            Assert.Equal(committed, made);
            foreach (string name in made)
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(outDir, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(TestModels.Dir, name))),
                    $"{name} differs from what tools/onnx-testmodels/make_models.py makes: rerun it and commit the result");
            }
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
