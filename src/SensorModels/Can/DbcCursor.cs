using System.Globalization;
using SimCore.Diagnostics;

namespace SensorModels.Can;

/// <summary>
/// Reads DBC text token by token with line and column. DBC is not context free at the token
/// level ("@1-" is a byte order and a sign, "0-3" a range, "-3" a number), so the reader asks
/// for the token it expects instead of tokenising ahead.
/// </summary>
internal sealed class DbcCursor
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public DbcCursor(string file, string text)
    {
        File = file;
        _text = text;
    }

    public string File { get; }

    /// <summary>Location of the next token on this line (or of the line's end).</summary>
    public SourceLocation Here
    {
        get
        {
            Skip(false);
            return new(File, _line, _pos - _lineStart + 1);
        }
    }

    /// <summary>True at the end of the text (after skipping white space and newlines).</summary>
    public bool AtEnd
    {
        get
        {
            Skip(true);
            return _pos >= _text.Length;
        }
    }

    /// <summary>True when nothing but white space is left on the current line.</summary>
    public bool AtLineEnd
    {
        get
        {
            Skip(false);
            return _pos >= _text.Length || _text[_pos] == '\n';
        }
    }

    /// <summary>The next character after white space (and newlines), '\0' at the end.</summary>
    public char Peek()
    {
        Skip(true);
        return _pos < _text.Length ? _text[_pos] : '\0';
    }

    /// <summary>The next character on this line, '\0' at the line's end.</summary>
    public char PeekOnLine() => AtLineEnd ? '\0' : _text[_pos];

    /// <summary>True when the next token starts its line (column 1 after optional indentation).</summary>
    public bool StartsLine()
    {
        Skip(true);
        for (int i = _pos - 1; i >= 0 && _text[i] != '\n'; i--)
        {
            if (_text[i] != ' ' && _text[i] != '\t' && _text[i] != '\r')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when the next token is at column 1 (not indented).</summary>
    public bool AtColumnOne()
    {
        Skip(true);
        return _pos == _lineStart;
    }

    public bool TryChar(char c)
    {
        if (Peek() != c)
        {
            return false;
        }
        _pos++;
        return true;
    }

    public void Expect(char c, string what)
    {
        if (!TryChar(c))
        {
            throw Fail($"expected '{c}' {what}, found {Describe()}");
        }
    }

    /// <summary>A C identifier, or null when the next token is not one.</summary>
    public string? TryIdent()
    {
        Skip(true);
        if (_pos >= _text.Length || !(char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            return null;
        }
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }
        return _text[start.._pos];
    }

    public string Ident(string what) => TryIdent() ?? throw Fail($"expected {what}, found {Describe()}");

    /// <summary>
    /// A name: an identifier, or letters, digits and '_' starting with a digit ("2017_5",
    /// "0_COUNTER"), which the DBC grammar forbids but production files contain.
    /// </summary>
    public string Name(string what, out bool startsWithDigit)
    {
        Skip(true);
        startsWithDigit = _pos < _text.Length && char.IsAsciiDigit(_text[_pos]);
        if (!startsWithDigit)
        {
            return Ident(what);
        }
        int start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }
        string name = _text[start.._pos];
        if (name.All(char.IsAsciiDigit))
        {
            _pos = start;
            throw Fail($"expected {what}, found {Describe()}");
        }
        return name;
    }

    /// <summary>A name as <see cref="Name(string, out bool)"/> reads it.</summary>
    public string Name(string what) => Name(what, out _);

    /// <summary>Location just after the last token (before any newline): where a missing ';' belongs.</summary>
    public SourceLocation EndOfLastToken
    {
        get
        {
            int p = _pos, line = _line, lineStart = _lineStart;
            while (p > 0 && char.IsWhiteSpace(_text[p - 1]))
            {
                p--;
                if (_text[p] == '\n')
                {
                    line--;
                }
            }
            if (line != _line)
            {
                lineStart = _text.LastIndexOf('\n', Math.Max(p - 1, 0)) + 1;
            }
            return new(File, line, p - lineStart + 1);
        }
    }

    /// <summary>True when the next token starts a line and is one of <paramref name="keywords"/>, or the text ends.</summary>
    public bool AtKeywordLineOrEnd(IReadOnlySet<string> keywords)
    {
        Skip(true);
        if (_pos >= _text.Length)
        {
            return true;
        }
        return StartsLine() && KeywordAtLineStart(keywords, _pos);
    }

    /// <summary>A double-quoted string (may span lines; \" and \\ are escapes).</summary>
    public string Str(string what)
    {
        if (Peek() != '"')
        {
            throw Fail($"expected {what} in double quotes, found {Describe()}");
        }
        SourceLocation at = Here;
        _pos++;
        var sb = new System.Text.StringBuilder();
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            char c = _text[_pos++];
            if (c == '\\' && _pos < _text.Length && (_text[_pos] == '"' || _text[_pos] == '\\'))
            {
                c = _text[_pos++];
            }
            else if (c == '\n')
            {
                _line++;
                _lineStart = _pos;
            }
            sb.Append(c);
        }
        if (_pos >= _text.Length)
        {
            throw new DbcSyntaxException(at, $"{what}: string is not closed (missing '\"')");
        }
        _pos++;
        return sb.ToString();
    }

    /// <summary>A decimal number: optional sign, digits, fraction, exponent.</summary>
    public double Number(string what)
    {
        SourceLocation at = Here;
        string token = NumberToken();
        if (token.Length == 0 || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new DbcSyntaxException(at, $"expected {what} (a number), found {(token.Length > 0 ? $"'{token}'" : Describe())}");
        }
        return v;
    }

    /// <summary>An unsigned integer of digits only.</summary>
    public ulong Unsigned(string what)
    {
        Skip(true);
        SourceLocation at = Here;
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }
        if (_pos == start || !ulong.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
        {
            string bad = _pos == start ? Describe() : $"'{_text[start.._pos]}'";
            throw new DbcSyntaxException(at, $"expected {what} (a whole number), found {bad}");
        }
        return v;
    }

    /// <summary>A whole number that may be negative (value tables, attribute values).</summary>
    public long Integer(string what)
    {
        SourceLocation at = Here;
        double v = Number(what);
        if (v != Math.Floor(v) || v < long.MinValue || v > long.MaxValue)
        {
            throw new DbcSyntaxException(at, $"expected {what} (a whole number), found {v.ToString(CultureInfo.InvariantCulture)}");
        }
        return (long)v;
    }

    public bool NextIsNumber()
    {
        char c = Peek();
        return char.IsAsciiDigit(c) || c == '-' || c == '+' || c == '.';
    }

    /// <summary>Skips the rest of the current line.</summary>
    public void SkipLine()
    {
        while (_pos < _text.Length && _text[_pos] != '\n')
        {
            _pos++;
        }
    }

    /// <summary>
    /// Skips to just after the next ';' outside strings; stops early (before it) at a line that
    /// starts with one of <paramref name="keywords"/>, so a missing ';' costs one statement only.
    /// </summary>
    public void SkipStatement(IReadOnlySet<string> keywords)
    {
        // A statement that failed at its end may have left the cursor on the next statement's
        // keyword: that statement is not part of the bad one.
        if (AtKeywordLineOrEnd(keywords))
        {
            return;
        }
        bool inString = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
                if (!inString && KeywordAtLineStart(keywords, _pos))
                {
                    return;
                }
                continue;
            }
            _pos++;
            if (c == '"')
            {
                inString = !inString;
            }
            else if (c == '\\' && inString && _pos < _text.Length)
            {
                _pos++;
            }
            else if (c == ';' && !inString)
            {
                return;
            }
        }
    }

    private bool KeywordAtLineStart(IReadOnlySet<string> keywords, int p)
    {
        while (p < _text.Length && (_text[p] == ' ' || _text[p] == '\t'))
        {
            p++;
        }
        int start = p;
        while (p < _text.Length && (char.IsAsciiLetterOrDigit(_text[p]) || _text[p] == '_'))
        {
            p++;
        }
        return p > start && keywords.Contains(_text[start..p]);
    }

    public DbcSyntaxException Fail(string message) => new(Here, message);

    /// <summary>The next token for messages: a quoted character, "end of line" or "end of file".</summary>
    public string Describe()
    {
        Skip(false);
        if (_pos >= _text.Length)
        {
            return "end of file";
        }
        if (_text[_pos] == '\n')
        {
            return "end of line";
        }
        int end = _pos;
        while (end < _text.Length && end - _pos < 20 && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }
        return $"'{_text[_pos..Math.Max(end, _pos + 1)]}'";
    }

    private string NumberToken()
    {
        Skip(true);
        int start = _pos;
        if (_pos < _text.Length && (_text[_pos] == '-' || _text[_pos] == '+'))
        {
            _pos++;
        }
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.'))
        {
            _pos++;
        }
        if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E') && _pos > start)
        {
            int save = _pos++;
            if (_pos < _text.Length && (_text[_pos] == '-' || _text[_pos] == '+'))
            {
                _pos++;
            }
            if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }
        // A number runs into letters only when it is malformed ("12abc"): take them so the message shows them.
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }
        return _text[start.._pos];
    }

    private void Skip(bool newlines)
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\n')
            {
                if (!newlines)
                {
                    return;
                }
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                // Some tools write // comments; they are not DBC but are harmless to skip.
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }
}

/// <summary>A syntax error inside one DBC statement; the reader records it and resumes at the next statement.</summary>
internal sealed class DbcSyntaxException(SourceLocation where, string message) : Exception(message)
{
    public SourceLocation Where { get; } = where;
}
