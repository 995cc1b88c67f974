using SimCore.Scenarios.Yaml;

namespace Perception.Spec;

/// <summary>The model spec format (docs/perception-models.md) as the table its reader checks keys against.</summary>
public static class ModelSpecFormat
{
    /// <summary>The top level of a model spec file.</summary>
    public static YamlObject Schema => ModelSpecReader.Schema;
}
