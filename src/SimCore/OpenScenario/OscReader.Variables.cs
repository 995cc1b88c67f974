using System.Globalization;
using System.Xml.Linq;
using SimCore.Scenarios.Yaml;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Storyboard.Conditions;

namespace SimCore.OpenScenario;

/// <summary>
/// Values that change while a run plays: parameters written by ParameterSetAction /
/// ParameterModifyAction, and OpenSCENARIO 1.2 variables (VariableDeclarations,
/// VariableSetAction / VariableModifyAction, VariableCondition). Each parameter or variable that
/// an action or condition names gets one <see cref="ScenarioValue"/>, shared by all of them and
/// reset at the start of each run.
/// </summary>
internal sealed partial class OscReader
{
    private static readonly string[] ValueTypes = { "integer", "double", "string", "unsignedInt", "unsignedShort", "boolean", "dateTime" };

    private readonly List<ScenarioValue> _runtimeValues = new();
    private readonly Dictionary<string, ScenarioValue> _variables = new(StringComparer.Ordinal);

    /// <summary>The parameters and variables the storyboard reads or writes at run time.</summary>
    public IReadOnlyList<ScenarioValue> RuntimeValues => _runtimeValues;

    /// <summary>Reads the root's VariableDeclarations (1.2); initial values may use parameters.</summary>
    public void DeclareVariables(XElement? declarations)
    {
        foreach (XElement d in declarations?.Elements() ?? Enumerable.Empty<XElement>())
        {
            if (d.Name.LocalName != "VariableDeclaration")
            {
                _ctx.Unsupported(d);
                continue;
            }
            string? name = d.Attribute("name")?.Value;
            string? type = d.Attribute("variableType")?.Value;
            string? value = _ctx.RequiredStr(d, "value", _global);
            if (string.IsNullOrEmpty(name))
            {
                _ctx.Error(d, "<VariableDeclaration> needs attribute 'name'");
                continue;
            }
            if (type is null)
            {
                _ctx.Error(d, "<VariableDeclaration> needs attribute 'variableType'");
                continue;
            }
            if (!ValueTypes.Contains(type))
            {
                _ctx.Error(d.Attribute("variableType"), $"'{type}' is not a variableType: use {string.Join(", ", ValueTypes)}{Suggestions.Hint(type, ValueTypes)}");
                continue;
            }
            if (value is null)
            {
                continue;
            }
            if (_variables.ContainsKey(name))
            {
                _ctx.Error(d, $"variable '{name}' is declared twice");
                continue;
            }
            if (IsNumericType(type) && !IsNumber(value))
            {
                _ctx.Error(d.Attribute("value"), $"variable '{name}' is of type {type}, and '{value}' is not a number");
                continue;
            }
            var cell = new ScenarioValue(name, ScenarioValueKind.Variable, type, value);
            _variables[name] = cell;
            _runtimeValues.Add(cell);
        }
    }

    private static bool IsNumericType(string type) => type is "integer" or "double" or "unsignedInt" or "unsignedShort";

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v);

    /// <summary>
    /// The parameter a parameterRef names. The name is written without '$'; esmini also takes it
    /// with one, and so do we (with a warning), rather than reading it as a reference whose value
    /// is the name.
    /// </summary>
    private ScenarioValue? ParameterRef(XElement el, ParameterScope scope)
    {
        XAttribute? a = el.Attribute("parameterRef");
        if (a is null)
        {
            _ctx.Error(el, $"<{el.Name.LocalName}> needs attribute 'parameterRef'");
            return null;
        }
        string name = a.Value.Trim();
        if (name.StartsWith('$') && scope.Lookup(name[1..]) is not null)
        {
            _ctx.Tolerated(a, $"parameterRef '{name}' names the parameter with its '$'; read as '{name[1..]}' as esmini does");
            name = name[1..];
        }
        ScenarioValue? cell = scope.Cell(name, _runtimeValues);
        if (cell is null)
        {
            _ctx.Error(a, $"unknown parameter '{name}'{Suggestions.Hint(name, scope.VisibleNames())}");
        }
        return cell;
    }

    private ScenarioValue? VariableRef(XElement el)
    {
        string? name = _ctx.RequiredStr(el, "variableRef", _global);
        if (name is null)
        {
            return null;
        }
        if (!_variables.TryGetValue(name, out ScenarioValue? cell))
        {
            string declared = _variables.Count == 0 ? " (the scenario declares no <VariableDeclarations>)" : Suggestions.Hint(name, _variables.Keys);
            _ctx.Error(el.Attribute("variableRef"), $"unknown variable '{name}'{declared}");
        }
        return cell;
    }

    /// <summary>ParameterCondition and VariableCondition: compare the value current at each evaluation.</summary>
    private ConditionBody? ValueCondition(XElement c, ScenarioValue? cell, ParameterScope scope)
    {
        string? value = _ctx.RequiredStr(c, "value", scope);
        Rule rule = Rule(c, scope);
        return cell is null || value is null ? null : new ScenarioValueCondition(cell, value, rule);
    }

    /// <summary>
    /// ParameterAction / VariableAction: a SetAction with a value, or a ModifyAction whose Rule
    /// adds or multiplies (numbers only).
    /// </summary>
    private ActionBase? ValueAction(XElement action, ScenarioValue? cell, string name, ParameterScope scope)
    {
        XElement? op = _ctx.Choice(action);
        if (op is null || cell is null)
        {
            return null;
        }
        switch (op.Name.LocalName)
        {
            case "SetAction":
            {
                string? value = _ctx.RequiredStr(op, "value", scope);
                if (value is null)
                {
                    return null;
                }
                if (cell.IsNumeric && !IsNumber(value))
                {
                    _ctx.Error(op.Attribute("value"), $"{cell.KindWord} '{cell.Name}' is of type {cell.Type}, and '{value}' is not a number");
                    return null;
                }
                return new ScenarioValueAction(name, cell, ScenarioValueOperation.Set, value);
            }
            case "ModifyAction":
            {
                XElement? rule = op.Element("Rule") is { } r ? _ctx.Choice(r) : null;
                if (rule is null)
                {
                    if (op.Element("Rule") is null)
                    {
                        _ctx.Error(op, "<ModifyAction> needs a <Rule> with <AddValue> or <MultiplyByValue>");
                    }
                    return null;
                }
                ScenarioValueOperation? operation = rule.Name.LocalName switch
                {
                    "AddValue" => ScenarioValueOperation.Add,
                    "MultiplyByValue" => ScenarioValueOperation.Multiply,
                    _ => null,
                };
                if (operation is null)
                {
                    _ctx.Error(rule, $"a modify rule is <AddValue> or <MultiplyByValue>, not <{rule.Name.LocalName}>");
                    return null;
                }
                if (!cell.IsNumeric)
                {
                    _ctx.Error(rule, $"{cell.KindWord} '{cell.Name}' is of type {cell.Type}: only numbers can be added to or multiplied");
                    return null;
                }
                double operand = _ctx.RequiredNum(rule, "value", scope);
                return new ScenarioValueAction(name, cell, operation.Value, operand.ToString("R", CultureInfo.InvariantCulture));
            }
            default:
                _ctx.Error(op, $"<{action.Name.LocalName}> holds <SetAction> or <ModifyAction>, not <{op.Name.LocalName}>");
                return null;
        }
    }
}
