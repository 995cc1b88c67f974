using System.Globalization;

namespace SimCore.Storyboard;

/// <summary>Whether a <see cref="ScenarioValue"/> is an OpenSCENARIO parameter or a 1.2 variable.</summary>
internal enum ScenarioValueKind
{
    Parameter,
    Variable,
}

/// <summary>
/// A parameter or variable whose value can change while a run plays (ParameterSetAction,
/// VariableModifyAction...): actions write it, conditions read it. It holds its text and, when
/// the text is a number, that number, so a condition compares without parsing every step.
/// </summary>
internal sealed class ScenarioValue
{
    public ScenarioValue(string name, ScenarioValueKind kind, string type, string initial)
    {
        Name = name;
        Kind = kind;
        Type = type;
        Initial = initial;
        Set(initial);
    }

    public string Name { get; }

    public ScenarioValueKind Kind { get; }

    /// <summary>The declared type: integer, double, string, unsignedInt, unsignedShort, boolean or dateTime.</summary>
    public string Type { get; }

    /// <summary>The value the run starts with.</summary>
    public string Initial { get; }

    public string Text { get; private set; } = string.Empty;

    /// <summary>The value as a number; NaN when the text is not one.</summary>
    public double Number { get; private set; }

    public bool IsNumeric => Type is "integer" or "double" or "unsignedInt" or "unsignedShort";

    public string KindWord => Kind == ScenarioValueKind.Parameter ? "parameter" : "variable";

    public void Set(string text)
    {
        Text = text;
        Number = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
    }

    /// <summary>Sets a computed number, written as the declared type writes it (whole numbers for integer types).</summary>
    public void SetNumber(double v)
    {
        Set(Type is "integer" or "unsignedInt" or "unsignedShort"
            ? Math.Truncate(v).ToString("0", CultureInfo.InvariantCulture)
            : v.ToString("R", CultureInfo.InvariantCulture));
    }

    public void Reset() => Set(Initial);
}
