namespace SimCore.Storyboard;

/// <summary>Run state of a storyboard element (OpenSCENARIO StoryboardElementState).</summary>
public enum ElementState
{
    /// <summary>Waiting for its start trigger.</summary>
    Standby,
    /// <summary>Executing.</summary>
    Running,
    /// <summary>Finished (ended or stopped) with no executions left.</summary>
    Complete,
}

/// <summary>Which change of a condition's value counts (OpenSCENARIO ConditionEdge).</summary>
public enum ConditionEdge
{
    /// <summary>The value itself.</summary>
    None,
    /// <summary>False to true.</summary>
    Rising,
    /// <summary>True to false.</summary>
    Falling,
    /// <summary>Any change.</summary>
    RisingOrFalling,
}

/// <summary>Comparison of a measured value with a condition's value.</summary>
public enum Rule
{
    /// <summary>measured &gt; value.</summary>
    GreaterThan,
    /// <summary>measured &lt; value.</summary>
    LessThan,
    /// <summary>measured == value (within 1e-9).</summary>
    EqualTo,
    /// <summary>measured &gt;= value.</summary>
    GreaterOrEqual,
    /// <summary>measured &lt;= value.</summary>
    LessOrEqual,
    /// <summary>measured != value.</summary>
    NotEqualTo,
}

/// <summary>What happens to other events of the same maneuver when an event starts.</summary>
public enum EventPriority
{
    /// <summary>Running events of the maneuver are stopped (OpenSCENARIO override/overwrite).</summary>
    Override,
    /// <summary>Runs alongside the others.</summary>
    Parallel,
    /// <summary>Does not start while another event of the maneuver runs.</summary>
    Skip,
}

/// <summary>Helpers for rules.</summary>
internal static class Rules
{
    public static bool Compare(double measured, Rule rule, double value) => rule switch
    {
        Rule.GreaterThan => measured > value,
        Rule.LessThan => measured < value,
        Rule.EqualTo => Math.Abs(measured - value) <= 1e-9,
        Rule.GreaterOrEqual => measured >= value,
        Rule.LessOrEqual => measured <= value,
        _ => Math.Abs(measured - value) > 1e-9,
    };

    public static string Symbol(Rule rule) => rule switch
    {
        Rule.GreaterThan => ">",
        Rule.LessThan => "<",
        Rule.EqualTo => "==",
        Rule.GreaterOrEqual => ">=",
        Rule.LessOrEqual => "<=",
        _ => "!=",
    };

    public static readonly IReadOnlyDictionary<string, Rule> Words = new Dictionary<string, Rule>
    {
        ["greater_than"] = Rule.GreaterThan, [">"] = Rule.GreaterThan,
        ["less_than"] = Rule.LessThan, ["<"] = Rule.LessThan,
        ["equal_to"] = Rule.EqualTo, ["=="] = Rule.EqualTo,
        ["greater_or_equal"] = Rule.GreaterOrEqual, [">="] = Rule.GreaterOrEqual,
        ["less_or_equal"] = Rule.LessOrEqual, ["<="] = Rule.LessOrEqual,
        ["not_equal_to"] = Rule.NotEqualTo, ["!="] = Rule.NotEqualTo,
    };
}
