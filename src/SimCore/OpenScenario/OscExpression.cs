using SimCore.Diagnostics;
using System.Globalization;

namespace SimCore.OpenScenario;

/// <summary>
/// Evaluates OpenSCENARIO 1.2 expressions, the text inside <c>${...}</c>: numbers, <c>$name</c>
/// parameters, + - * / %, unary minus, parentheses, comparisons (== != &lt; &lt;= &gt; &gt;=),
/// <c>not</c>/<c>and</c>/<c>or</c> (true is 1, false 0) and the functions the standard lists
/// (round, floor, ceil, sqrt, pow, abs, sign, min, max, sin, cos, tan, asin, acos, atan).
/// <para>
/// Not in the standard, but in esmini's own files: a sum of bare words, parameters and numbers
/// such as <c>${BrakeCondition_HWT + _ + $HeadwayTime_Brake}</c> concatenates their text
/// ("BrakeCondition_HWT_0.7"), as esmini does. <see cref="Evaluate"/> reports when it took that way.
/// </para>
/// </summary>
internal sealed class OscExpression
{
    private readonly string _text;
    private readonly Func<string, string?> _parameter;
    private int _pos;
    private int _depth;

    /// <summary>How deep parentheses, function calls and prefix operators may nest: the parser is recursive.</summary>
    internal const int MaxDepth = 200;

    private OscExpression(string text, Func<string, string?> parameter)
    {
        _text = text;
        _parameter = parameter;
    }

    /// <summary>Thrown for a malformed expression or an unknown parameter; the message says which.</summary>
    internal sealed class ExpressionException(string message) : Exception(message);

    /// <summary>
    /// Evaluates <paramref name="text"/> (without the <c>${</c> and <c>}</c>) and returns its value
    /// as attribute text. <paramref name="parameter"/> maps a parameter name (without '$') to its
    /// value text, null when unknown.
    /// </summary>
    /// <exception cref="ExpressionException">The expression is malformed, divides by zero or names an unknown parameter.</exception>
    public static string Evaluate(string text, Func<string, string?> parameter, out bool concatenated)
    {
        concatenated = false;
        try
        {
            double v = EvaluateNumber(text, parameter);
            return Format(v);
        }
        catch (ExpressionException numeric)
        {
            string? joined = TryConcatenate(text, parameter);
            if (joined is null)
            {
                throw new ExpressionException(numeric.Message);
            }
            concatenated = true;
            return joined;
        }
    }

    /// <summary>Evaluates to a number (booleans as 1 and 0).</summary>
    public static double EvaluateNumber(string text, Func<string, string?> parameter)
    {
        var e = new OscExpression(text, parameter);
        double v = e.Or();
        e.SkipSpace();
        if (e._pos < e._text.Length)
        {
            throw new ExpressionException($"unexpected '{e._text[e._pos..]}' in expression '{Shown(text)}'");
        }
        if (!double.IsFinite(v))
        {
            throw new ExpressionException($"expression '{Shown(text)}' has no finite value");
        }
        return v;
    }

    /// <summary>
    /// The text an expression's value becomes: rounded to six decimals, as esmini writes it back
    /// (C's %f); an entity moving at ${30/3.6} therefore moves at 8.333333 m/s, and the step at
    /// which it reaches a distance depends on that. Shortest round-trip text, invariant culture.
    /// </summary>
    public static string Format(double v) => Math.Round(v, 6, MidpointRounding.AwayFromZero).ToString("R", CultureInfo.InvariantCulture);

    private static string? TryConcatenate(string text, Func<string, string?> parameter)
    {
        var sb = new System.Text.StringBuilder();
        foreach (string raw in text.Split('+'))
        {
            string part = raw.Trim();
            if (part.Length == 0)
            {
                return null;
            }
            if (part[0] == '$')
            {
                string? v = parameter(part[1..]);
                if (v is null)
                {
                    return null;
                }
                sb.Append(v);
            }
            else if (part.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                sb.Append(part);
            }
            else
            {
                return null;
            }
        }
        return sb.ToString();
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0)
        {
            return false;
        }
        // Word operators must not be the start of a longer word ("order", "notice").
        if (char.IsLetter(token[0]) && _pos + token.Length < _text.Length && (char.IsLetterOrDigit(_text[_pos + token.Length]) || _text[_pos + token.Length] == '_'))
        {
            return false;
        }
        _pos += token.Length;
        return true;
    }

    private double Or()
    {
        Nest();
        double v = And();
        while (Accept("or"))
        {
            double r = And();
            v = (v != 0 || r != 0) ? 1 : 0;
        }
        _depth--;
        return v;
    }

    private double And()
    {
        double v = Not();
        while (Accept("and"))
        {
            double r = Not();
            v = (v != 0 && r != 0) ? 1 : 0;
        }
        return v;
    }

    private double Not()
    {
        if (!Accept("not"))
        {
            return Comparison();
        }
        Nest();
        double v = Not() == 0 ? 1 : 0;
        _depth--;
        return v;
    }

    private void Nest()
    {
        if (++_depth > MaxDepth)
        {
            throw new ExpressionException($"expression '{Shown(_text)}' nests more than {MaxDepth} deep");
        }
    }

    /// <summary>An expression as errors quote it: a long one is cut, not echoed whole.</summary>
    internal static string Shown(string text) => InputError.Excerpt(text);

    private double Comparison()
    {
        double v = Sum();
        // Two-character operators first, so "<=" is not read as "<".
        foreach (string op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (Accept(op))
            {
                double r = Sum();
                bool b = op switch
                {
                    "==" => v == r,
                    "!=" => v != r,
                    "<=" => v <= r,
                    ">=" => v >= r,
                    "<" => v < r,
                    _ => v > r,
                };
                return b ? 1 : 0;
            }
        }
        return v;
    }

    private double Sum()
    {
        double v = Product();
        while (true)
        {
            if (Accept("+"))
            {
                v += Product();
            }
            else if (Accept("-"))
            {
                v -= Product();
            }
            else
            {
                return v;
            }
        }
    }

    private double Product()
    {
        double v = Unary();
        while (true)
        {
            if (Accept("*"))
            {
                v *= Unary();
            }
            else if (Accept("/"))
            {
                double d = Unary();
                if (d == 0)
                {
                    throw new ExpressionException($"division by zero in expression '{Shown(_text)}'");
                }
                v /= d;
            }
            else if (Accept("%"))
            {
                double d = Unary();
                if (d == 0)
                {
                    throw new ExpressionException($"remainder by zero in expression '{Shown(_text)}'");
                }
                v %= d;
            }
            else
            {
                return v;
            }
        }
    }

    private double Unary()
    {
        if (Accept("-") || Accept("+"))
        {
            bool negate = _text[_pos - 1] == '-';
            Nest();
            double v = Unary();
            _depth--;
            return negate ? -v : v;
        }
        return Primary();
    }

    private double Primary()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw new ExpressionException($"expression '{Shown(_text)}' ends where a value is expected");
        }
        char c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            double v = Or();
            if (!Accept(")"))
            {
                throw new ExpressionException($"missing ')' in expression '{Shown(_text)}'");
            }
            return v;
        }
        if (c == '$')
        {
            int start = ++_pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }
            string name = _text[start.._pos];
            string? value = _parameter(name) ?? throw new ExpressionException($"unknown parameter '${name}' in expression '{Shown(_text)}'");
            if (value is "true")
            {
                return 1;
            }
            if (value is "false")
            {
                return 0;
            }
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double pv))
            {
                throw new ExpressionException($"parameter '${name}' is '{value}', not a number, in expression '{Shown(_text)}'");
            }
            return pv;
        }
        if (char.IsDigit(c) || c == '.')
        {
            int start = _pos;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                _pos++;
            }
            // Exponent: 1e-3, 2.5E+4.
            if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
            {
                int save = _pos++;
                if (_pos < _text.Length && _text[_pos] is '+' or '-')
                {
                    _pos++;
                }
                if (_pos < _text.Length && char.IsDigit(_text[_pos]))
                {
                    while (_pos < _text.Length && char.IsDigit(_text[_pos]))
                    {
                        _pos++;
                    }
                }
                else
                {
                    _pos = save;
                }
            }
            string number = _text[start.._pos];
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                throw new ExpressionException($"'{number}' is not a number in expression '{Shown(_text)}'");
            }
            return v;
        }
        if (char.IsLetter(c))
        {
            int start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }
            string word = _text[start.._pos];
            if (word == "true")
            {
                return 1;
            }
            if (word == "false")
            {
                return 0;
            }
            if (!Accept("("))
            {
                throw new ExpressionException($"'{word}' is neither a number, a $parameter nor a function in expression '{Shown(_text)}'");
            }
            var args = new List<double>();
            if (!Accept(")"))
            {
                do
                {
                    args.Add(Or());
                }
                while (Accept(","));
                if (!Accept(")"))
                {
                    throw new ExpressionException($"missing ')' after the arguments of {word} in expression '{Shown(_text)}'");
                }
            }
            return Call(word, args);
        }
        throw new ExpressionException($"unexpected '{c}' in expression '{Shown(_text)}'");
    }

    private static readonly string[] Functions = { "round", "floor", "ceil", "sqrt", "pow", "abs", "sign", "min", "max", "sin", "cos", "tan", "asin", "acos", "atan" };

    private double Call(string name, List<double> a)
    {
        int arity = name is "pow" or "min" or "max" ? 2 : 1;
        if (!Functions.Contains(name))
        {
            throw new ExpressionException($"unknown function '{name}'{Scenarios.Yaml.Suggestions.Hint(name, Functions)} in expression '{Shown(_text)}'");
        }
        if (a.Count != arity)
        {
            throw new ExpressionException($"{name} takes {arity} argument{(arity == 1 ? "" : "s")}, not {a.Count}, in expression '{Shown(_text)}'");
        }
        return name switch
        {
            // The standard rounds half away from zero (as C's round), not to even.
            "round" => Math.Round(a[0], MidpointRounding.AwayFromZero),
            "floor" => Math.Floor(a[0]),
            "ceil" => Math.Ceiling(a[0]),
            "sqrt" => a[0] < 0 ? throw new ExpressionException($"sqrt of a negative number in expression '{Shown(_text)}'") : Math.Sqrt(a[0]),
            "pow" => Math.Pow(a[0], a[1]),
            "abs" => Math.Abs(a[0]),
            "sign" => Math.Sign(a[0]),
            "min" => Math.Min(a[0], a[1]),
            "max" => Math.Max(a[0], a[1]),
            "sin" => Math.Sin(a[0]),
            "cos" => Math.Cos(a[0]),
            "tan" => Math.Tan(a[0]),
            "asin" => Math.Asin(a[0]),
            "acos" => Math.Acos(a[0]),
            _ => Math.Atan(a[0]),
        };
    }
}
