using System.Globalization;
using SimCore.Diagnostics;

namespace SensorModels.Can;

/// <summary>
/// Reads Vector DBC files. Every problem is reported with file:line:col and all of them at once:
/// syntax errors (the statement is skipped and reading goes on), bad numbers, references to
/// unknown switches, duplicate names. What Vector's and cantools' readers tolerate in production
/// files (overlapping signals, signals beyond their message, 29-bit ids without bit 31, names
/// starting with a digit, comments, value tables and attributes naming what does not exist,
/// min &gt; max, a node listed twice, a missing ';' before the next statement) is a warning, or an
/// error when reading strictly. Sections this reader does not use (environment variables, signal
/// groups, relations...) are skipped with a warning. opendbc's <c>CM_ "IMPORT file.dbc";</c> reads
/// that file first, as opendbc's generator assembles a car's file from its parts.
/// </summary>
public static class DbcReader
{
    private const string IndependentSignals = "VECTOR__INDEPENDENT_SIG_MSG";

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "VERSION", "NS_", "BS_", "BU_", "VAL_TABLE_", "BO_", "SG_", "BO_TX_BU_", "EV_", "ENVVAR_DATA_", "SGTYPE_",
        "SGTYPE_VAL_", "SIG_GROUP_", "SIG_TYPE_REF_", "CM_", "BA_DEF_", "BA_DEF_DEF_", "BA_", "VAL_", "SIG_VALTYPE_",
        "SG_MUL_VAL_", "BA_DEF_REL_", "BA_DEF_DEF_REL_", "BA_REL_", "BU_SG_REL_", "BU_EV_REL_", "BU_BO_REL_",
        "CAT_DEF_", "CAT_", "FILTER", "BA_DEF_SGTYPE_", "BA_SGTYPE_", "SIGTYPE_VALTYPE_", "EV_DATA_",
    };

    /// <summary>Files larger than this are refused (the largest production DBC files are a few MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    private const int MaxImportDepth = 8;

    /// <summary>Reads a DBC file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="warnings">Receives warnings (skipped sections, tolerated oddities), when given.</param>
    /// <param name="strict">Report what production files get away with as errors, not warnings.</param>
    /// <exception cref="InputException">The file is missing or invalid (every error found).</exception>
    public static DbcDatabase Load(string path, List<InputError>? warnings = null, bool strict = false)
        => Parse(path, ReadText(path, new SourceLocation(path, 0, 0)), warnings, strict);

    /// <summary>Reads DBC text (<paramref name="path"/> names it in messages; imports are found beside it).</summary>
    /// <exception cref="InputException">The text is invalid (every error found).</exception>
    public static DbcDatabase Parse(string path, string text, List<InputError>? warnings = null, bool strict = false)
    {
        var problems = new List<InputError>();
        DbcDatabase db = new Parser(path, text, problems, strict).Run();
        List<InputError> errors = problems.Where(p => p.Severity == Severity.Error).ToList();
        warnings?.AddRange(problems.Where(p => p.Severity == Severity.Warning));
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        return db;
    }

    private static string ReadText(string path, SourceLocation where)
    {
        try
        {
            return InputFiles.ReadText(path, "DBC", MaxFileBytes);
        }
        catch (InputException e) when (where.Line > 0)
        {
            // An import: the error is at the import's line, and names the imported file.
            throw new InputException(where, $"imported DBC file {path}: {e.Errors[0].Message}");
        }
    }

    private sealed record Pending(SourceLocation Where, string Kind, ulong Id, string Name, Action<DbcMessage?, DbcSignal?> Apply, bool NeedsSignal);

    private sealed class Parser(string path, string text, List<InputError> problems, bool strict)
    {
        private DbcCursor _c = new(path, text);
        private readonly string _topFile = path;
        private readonly List<string> _importing = new();
        private readonly List<DbcMessage> _messages = new();
        private readonly Dictionary<ulong, DbcMessage> _byWrittenId = new();
        private readonly HashSet<ulong> _ignoredIds = new();
        private readonly List<string> _nodes = new();
        private readonly Dictionary<string, IReadOnlyDictionary<long, string>> _tables = new(StringComparer.Ordinal);
        private readonly List<DbcAttributeDefinition> _definitions = new();
        private readonly List<Pending> _pending = new();
        private readonly List<(SourceLocation Where, string Name, DbcAttributeValue Value)> _defaults = new();
        private readonly List<(SourceLocation Where, string Name, DbcAttributeValue Value)> _networkAttributes = new();
        private readonly List<(SourceLocation Where, string Node, string Text)> _nodeComments = new();
        private readonly List<(SourceLocation Where, string Node)> _nodeRefs = new();
        private readonly Dictionary<DbcSignal, (SourceLocation Where, string Switch, List<DbcMultiplexRange> Ranges)> _extended = new();
        private string _version = "";
        private string? _comment;
        private DbcMessage? _current;

        /// <summary>The last BO_ could not be read: its SG_ lines are dropped with it, not given to the message before.</summary>
        private bool _orphanSignals;

        private void Error(SourceLocation where, string message) => problems.Add(new InputError(where, message));

        private void Warn(SourceLocation where, string message) => problems.Add(InputError.Warning(where, message));

        /// <summary>What Vector's and cantools' readers accept in production files: a warning, an error when strict.</summary>
        private void Tolerated(SourceLocation where, string message)
            => problems.Add(new InputError(where, message, strict ? Severity.Error : Severity.Warning));

        public DbcDatabase Run()
        {
            _importing.Add(System.IO.Path.GetFullPath(_c.File));
            ReadStatements();
            if (_statements == 0 && _others > 0)
            {
                // A YAML or any other text has no DBC keyword: every line would only be an "unknown section" warning.
                Error(new SourceLocation(_c.File, 1, 1), "not a DBC file: it holds no DBC statement (VERSION, BU_, BO_, SG_...)");
            }
            return Finish();
        }

        private int _statements;
        private int _others;

        private void ReadStatements()
        {
            _current = null;
            _orphanSignals = false;
            while (!_c.AtEnd)
            {
                SourceLocation at = _c.Here;
                string? keyword = _c.TryIdent();
                if (keyword is null)
                {
                    _others++;
                    Error(at, $"expected a DBC keyword (BO_, SG_, CM_, BA_, VAL_...), found {_c.Describe()}");
                    _c.SkipStatement(Keywords);
                    continue;
                }
                if (Keywords.Contains(keyword))
                {
                    _statements++;
                }
                else
                {
                    _others++;
                }
                try
                {
                    Statement(keyword, at);
                }
                catch (DbcSyntaxException e)
                {
                    Error(e.Where, e.Message);
                    if (keyword == "BO_")
                    {
                        (_current, _orphanSignals) = (null, true);
                    }
                    if (keyword is "BO_" or "SG_" or "BU_" or "BS_" or "VERSION")
                    {
                        _c.SkipLine();
                    }
                    else
                    {
                        _c.SkipStatement(Keywords);
                    }
                }
            }
        }

        /// <summary>
        /// The ';' closing a statement. A missing one before the next statement's keyword (or the
        /// end) is tolerated: taking the next statement into this one would turn one slip into
        /// hundreds of errors (a BO_ swallowed, its signals given to the message before it).
        /// </summary>
        private void End(string what)
        {
            SourceLocation at = _c.EndOfLastToken;
            if (_c.TryChar(';'))
            {
                return;
            }
            if (_c.AtKeywordLineOrEnd(Keywords))
            {
                Tolerated(at, $"missing ';' at the end of {what}");
                return;
            }
            throw _c.Fail($"expected ';' at the end of {what}, found {_c.Describe()}");
        }

        /// <summary>opendbc's generator convention: CM_ "IMPORT part.dbc"; reads the part (beside this file) before the rest.</summary>
        private void Import(string name, SourceLocation where)
        {
            string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_c.File)) ?? ".";
            string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, name));
            if (_importing.Contains(full))
            {
                Error(where, $"IMPORT {name}: imports itself (through {string.Join(" -> ", _importing.Select(System.IO.Path.GetFileName))})");
                return;
            }
            if (_importing.Count > MaxImportDepth)
            {
                Error(where, $"IMPORT {name}: imports nested deeper than {MaxImportDepth}");
                return;
            }
            string text;
            if (!System.IO.File.Exists(full))
            {
                // opendbc's generator makes some parts with scripts; without them the rest still reads.
                Tolerated(where, $"IMPORT {name}: no such file beside {System.IO.Path.GetFileName(_c.File)}; read without it");
                return;
            }
            try
            {
                text = ReadText(full, where);
            }
            catch (InputException e)
            {
                problems.AddRange(e.Errors);
                return;
            }
            DbcCursor outer = _c;
            _importing.Add(full);
            _c = new DbcCursor(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(outer.File) ?? "", name), text);
            ReadStatements();
            _c = outer;
            _importing.RemoveAt(_importing.Count - 1);
            (_current, _orphanSignals) = (null, false);
        }

        private void Statement(string keyword, SourceLocation at)
        {
            switch (keyword)
            {
                case "VERSION":
                    _version = _c.Str("the version");
                    break;
                case "NS_":
                    // The list of new symbols: indented lines under "NS_ :", nothing to use.
                    _c.Expect(':', "after NS_");
                    _c.SkipLine();
                    while (!_c.AtEnd && !_c.AtColumnOne())
                    {
                        _c.SkipLine();
                    }
                    break;
                case "BS_":
                    _c.Expect(':', "after BS_");
                    _c.SkipLine();
                    break;
                case "BU_":
                    _c.Expect(':', "after BU_");
                    while (!_c.AtLineEnd)
                    {
                        SourceLocation where = _c.Here;
                        string node = _c.Ident("a node name");
                        if (_nodes.Contains(node))
                        {
                            Tolerated(where, $"node '{node}' is listed twice");
                            continue;
                        }
                        _nodes.Add(node);
                        if (_c.PeekOnLine() == ',')
                        {
                            _c.TryChar(',');
                        }
                    }
                    break;
                case "VAL_TABLE_":
                {
                    SourceLocation where = _c.Here;
                    string name = _c.Name("a value table name");
                    Dictionary<long, string> table = ValueList("VAL_TABLE_");
                    if (!_tables.TryAdd(name, table))
                    {
                        Error(where, $"value table '{name}' is defined twice");
                    }
                    break;
                }
                case "BO_":
                    Message();
                    break;
                case "SG_":
                    Signal(at);
                    break;
                case "CM_":
                    Comment();
                    break;
                case "BA_DEF_":
                    AttributeDefinition();
                    break;
                case "BA_DEF_DEF_":
                {
                    SourceLocation where = _c.Here;
                    string name = _c.Str("the attribute name");
                    DbcAttributeValue v = Value();
                    End("BA_DEF_DEF_");
                    _defaults.Add((where, name, v));
                    break;
                }
                case "BA_":
                    Attribute();
                    break;
                case "VAL_":
                    Values(at);
                    break;
                case "SG_MUL_VAL_":
                    ExtendedMultiplexing();
                    break;
                case "SIG_VALTYPE_":
                {
                    SourceLocation where = _c.Here;
                    ulong id = _c.Unsigned("a message id");
                    string sig = _c.Name("a signal name");
                    _c.TryChar(':');
                    SourceLocation typeAt = _c.Here;
                    ulong type = _c.Unsigned("a value type (0 integer, 1 float, 2 double)");
                    End("SIG_VALTYPE_");
                    if (type > 2)
                    {
                        Error(typeAt, $"value type {type} is not 0 (integer), 1 (IEEE float) or 2 (IEEE double)");
                        break;
                    }
                    _pending.Add(new Pending(where, "SIG_VALTYPE_", id, sig, (_, s) => s!.ValueType = (DbcValueType)type, true));
                    break;
                }
                default:
                    Warn(at, Keywords.Contains(keyword) ? $"'{keyword}' is not used by this reader; skipped" : $"unknown DBC section '{keyword}'; skipped");
                    _c.SkipStatement(Keywords);
                    break;
            }
        }

        private void Message()
        {
            SourceLocation idAt = _c.Here;
            ulong raw = _c.Unsigned("a message id");
            SourceLocation nameAt = _c.Here;
            string name = _c.Name("a message name", out bool digit);
            _c.Expect(':', "after the message name");
            SourceLocation lengthAt = _c.Here;
            ulong length = _c.Unsigned("the message length in bytes");
            string transmitter = _c.TryIdent() ?? "Vector__XXX";
            if (!_c.AtLineEnd)
            {
                throw _c.Fail($"unexpected {_c.Describe()} after the message's transmitter");
            }
            bool extended = (raw & 0x8000_0000UL) != 0;
            uint id = (uint)(raw & 0x7FFF_FFFFUL);
            _orphanSignals = false;
            if (name == IndependentSignals)
            {
                // Vector's container for signals not yet placed in a message: not a frame, and
                // comments or attributes on it or its signals are not about the bus either.
                _current = new DbcMessage(id, extended, name, (int)Math.Min(length, 64), transmitter, idAt);
                _ignoredIds.Add(raw);
                return;
            }
            if (digit)
            {
                Tolerated(nameAt, $"message name '{name}' starts with a digit");
            }
            if (raw > uint.MaxValue)
            {
                Error(idAt, $"message {name}: id {raw} is larger than 32 bits");
            }
            else if (id > 0x1FFF_FFFF)
            {
                Tolerated(idAt, $"message {name}: id 0x{id:X} is larger than 29 bits: no CAN frame carries it (kept, never matched)");
                extended = true;
            }
            else if (!extended && id > 0x7FF)
            {
                Tolerated(idAt, $"message {name}: id {raw} (0x{raw:X}) is larger than 11 bits without bit 31 set (id + 2147483648); read as a 29-bit id");
                extended = true;
            }
            var message = new DbcMessage(id, extended, name, (int)Math.Min(length, 64), transmitter, idAt);
            _current = message;
            if (length > 64 || (length > 8 && length is not (12 or 16 or 20 or 24 or 32 or 48 or 64)))
            {
                Error(lengthAt, $"message {name}: length {length} bytes is not a CAN length (0-8) or CAN FD length (12, 16, 20, 24, 32, 48, 64)");
            }
            if (_messages.FirstOrDefault(m => m.DbcId == message.DbcId) is { } same)
            {
                Error(idAt, $"message id 0x{id:X} is used by {same.Name} ({same.Where}) and {name}");
            }
            if (_messages.FirstOrDefault(m => m.Name == name) is { } named)
            {
                Error(idAt, $"message name '{name}' is used twice (first at {named.Where})");
            }
            _messages.Add(message);
            _byWrittenId.TryAdd(raw, message);
        }

        private void Signal(SourceLocation at)
        {
            if (_current is null)
            {
                if (_orphanSignals)
                {
                    _c.SkipLine(); // its message was reported already
                    return;
                }
                throw new DbcSyntaxException(at, "SG_ before any BO_: a signal must follow its message");
            }
            SourceLocation where = _c.Here;
            string name = _c.Name("a signal name", out bool digit);
            if (digit)
            {
                Tolerated(where, $"signal name '{name}' starts with a digit");
            }
            bool isSwitch = false;
            ulong? muxValue = null;
            if (_c.Peek() != ':')
            {
                SourceLocation muxAt = _c.Here;
                string mux = _c.Ident("a multiplexer indicator (M, mN or mNM) or ':'");
                if (mux == "M")
                {
                    isSwitch = true;
                }
                else if (mux == "m")
                {
                    Tolerated(muxAt, $"signal {name}: 'm' without a value is not a multiplexer indicator; read as 'M' (a switch)");
                    isSwitch = true;
                }
                else if (mux.Length > 1 && mux[0] == 'm')
                {
                    string digits = mux[1..];
                    if (digits.EndsWith('M'))
                    {
                        isSwitch = true;
                        digits = digits[..^1];
                    }
                    if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
                    {
                        throw new DbcSyntaxException(muxAt, $"signal {name}: '{mux}' is not a multiplexer indicator (M, mN or mNM)");
                    }
                    muxValue = v;
                }
                else
                {
                    throw new DbcSyntaxException(muxAt, $"signal {name}: '{mux}' is not a multiplexer indicator (M, mN or mNM)");
                }
            }
            _c.Expect(':', $"after signal {name}");
            SourceLocation startAt = _c.Here;
            ulong start = _c.Unsigned("the start bit");
            _c.Expect('|', "between start bit and length");
            SourceLocation lengthAt = _c.Here;
            ulong length = _c.Unsigned("the length in bits");
            _c.Expect('@', "before the byte order");
            SourceLocation orderAt = _c.Here;
            ulong order = _c.Unsigned("the byte order (0 Motorola, 1 Intel)");
            if (order > 1)
            {
                throw new DbcSyntaxException(orderAt, $"byte order must be 0 (Motorola) or 1 (Intel), not {order}");
            }
            bool signed = _c.TryChar('-');
            if (!signed && !_c.TryChar('+'))
            {
                throw _c.Fail($"expected '+' (unsigned) or '-' (signed), found {_c.Describe()}");
            }
            _c.Expect('(', "before factor,offset");
            SourceLocation factorAt = _c.Here;
            double factor = _c.Number("the factor");
            _c.Expect(',', "between factor and offset");
            double offset = _c.Number("the offset");
            _c.Expect(')', "after the offset");
            _c.Expect('[', "before min|max");
            SourceLocation rangeAt = _c.Here;
            double min = _c.Number("the minimum");
            _c.Expect('|', "between minimum and maximum");
            double max = _c.Number("the maximum");
            _c.Expect(']', "after the maximum");
            string unit = _c.Str("the unit");
            var receivers = new List<string>();
            while (!_c.AtLineEnd)
            {
                if (!_c.TryChar(','))
                {
                    receivers.Add(_c.Ident("a receiving node"));
                }
            }
            bool bad = false;
            if (length is < 1 or > 64)
            {
                Error(lengthAt, $"signal {name}: length {length} bits is not between 1 and 64");
                bad = true;
            }
            if (start >= 512)
            {
                Error(startAt, $"signal {name}: start bit {start} is beyond the largest frame (64 bytes)");
                bad = true;
            }
            if (factor == 0)
            {
                Error(factorAt, $"signal {name}: factor must not be 0");
                bad = true;
            }
            if (min > max)
            {
                Tolerated(rangeAt, $"signal {name}: minimum {min.ToString(CultureInfo.InvariantCulture)} is greater than maximum {max.ToString(CultureInfo.InvariantCulture)}");
            }
            if (_current.Signal(name) is { } twin)
            {
                Error(where, $"signal name '{name}' is used twice in message {_current.Name} (first at {twin.Where})");
            }
            if (bad)
            {
                return;
            }
            var signal = new DbcSignal(name, (int)start, (int)length, (DbcByteOrder)order, signed, factor, offset, min, max, unit, receivers, where)
            {
                IsMultiplexor = isSwitch,
                MultiplexValue = muxValue,
            };
            _current.SignalList.Add(signal);
        }

        private void Comment()
        {
            SourceLocation where = _c.Here;
            if (_c.Peek() == '"')
            {
                string text = _c.Str("the comment");
                End("CM_");
                const string import = "IMPORT ";
                if (text.StartsWith(import, StringComparison.Ordinal) && text.EndsWith(".dbc", StringComparison.OrdinalIgnoreCase))
                {
                    Import(text[import.Length..].Trim(), where);
                }
                else
                {
                    _comment = text;
                }
                return;
            }
            if (char.IsAsciiDigit(_c.Peek()))
            {
                ulong id = _c.Unsigned("a message id");
                string text = _c.Str("the comment");
                Tolerated(where, $"CM_ {id} has no BO_ before the message id; read as the comment of message {id}");
                _pending.Add(new Pending(where, "CM_", id, "", (m, _) => m!.Comment = text, false));
            }
            else
            {
                string kind = _c.Ident("BU_, BO_, SG_, EV_ or a comment in quotes");
                switch (kind)
                {
                    case "BU_":
                    {
                        string node = _c.Ident("a node name");
                        _nodeComments.Add((where, node, _c.Str("the comment")));
                        break;
                    }
                    case "BO_":
                    {
                        ulong id = _c.Unsigned("a message id");
                        string text = _c.Str("the comment");
                        _pending.Add(new Pending(where, "CM_", id, "", (m, _) => m!.Comment = text, false));
                        break;
                    }
                    case "SG_":
                    {
                        ulong id = _c.Unsigned("a message id");
                        if (_c.Peek() == '"')
                        {
                            _c.Str("the comment");
                            Tolerated(where, $"CM_ SG_ {id} names no signal; comment ignored");
                            break;
                        }
                        string sig = _c.Name("a signal name");
                        string text = _c.Str("the comment");
                        _pending.Add(new Pending(where, "CM_", id, sig, (_, s) => s!.Comment = text, true));
                        break;
                    }
                    case "EV_":
                        _c.Ident("an environment variable name");
                        _c.Str("the comment");
                        break;
                    default:
                        throw new DbcSyntaxException(where, $"CM_ {kind}: expected BU_, BO_, SG_, EV_ or a comment in quotes");
                }
            }
            End("CM_");
        }

        private void AttributeDefinition()
        {
            DbcObjectKind kind = DbcObjectKind.Network;
            if (_c.Peek() != '"')
            {
                SourceLocation kindAt = _c.Here;
                kind = _c.Ident("BU_, BO_, SG_, EV_ or the attribute name") switch
                {
                    "BU_" => DbcObjectKind.Node,
                    "BO_" => DbcObjectKind.Message,
                    "SG_" => DbcObjectKind.Signal,
                    "EV_" => DbcObjectKind.EnvironmentVariable,
                    string other => throw new DbcSyntaxException(kindAt, $"BA_DEF_ {other}: expected BU_, BO_, SG_ or EV_"),
                };
            }
            SourceLocation where = _c.Here;
            string name = _c.Str("the attribute name");
            SourceLocation typeAt = _c.Here;
            string type = _c.Ident("the attribute type (INT, HEX, FLOAT, STRING, ENUM)");
            double min = 0, max = 0;
            var labels = new List<string>();
            switch (type)
            {
                case "INT" or "HEX" or "FLOAT":
                    if (_c.Peek() != ';')
                    {
                        min = _c.Number("the minimum");
                        max = _c.Number("the maximum");
                    }
                    break;
                case "STRING":
                    break;
                case "ENUM":
                    while (_c.Peek() == '"')
                    {
                        labels.Add(_c.Str("an enum label"));
                        _c.TryChar(',');
                    }
                    break;
                default:
                    throw new DbcSyntaxException(typeAt, $"attribute type '{type}' is not INT, HEX, FLOAT, STRING or ENUM");
            }
            End("BA_DEF_");
            if (_definitions.Any(d => d.Name == name && d.Kind == kind))
            {
                Error(where, $"attribute '{name}' is defined twice");
            }
            _definitions.Add(new DbcAttributeDefinition(name, kind, type, min, max, labels));
        }

        private DbcAttributeValue Value() => _c.Peek() == '"' ? new DbcAttributeValue(0, _c.Str("the value")) : new DbcAttributeValue(_c.Number("the value"), null);

        private void Attribute()
        {
            SourceLocation where = _c.Here;
            string name = _c.Str("the attribute name");
            if (_c.Peek() is '"' or '-' or '+' or '.' || char.IsAsciiDigit(_c.Peek()))
            {
                DbcAttributeValue v = Value();
                End("BA_");
                _networkAttributes.Add((where, name, v));
                return;
            }
            SourceLocation kindAt = _c.Here;
            string kind = _c.Ident("BU_, BO_, SG_, EV_ or a value");
            switch (kind)
            {
                case "BO_":
                {
                    ulong id = _c.Unsigned("a message id");
                    DbcAttributeValue v = Value();
                    _pending.Add(new Pending(where, "BA_", id, "", (m, _) => m!.Attributes[name] = v, false));
                    break;
                }
                case "SG_":
                {
                    ulong id = _c.Unsigned("a message id");
                    string sig = _c.Name("a signal name");
                    DbcAttributeValue v = Value();
                    _pending.Add(new Pending(where, "BA_", id, sig, (_, s) => s!.Attributes[name] = v, true));
                    break;
                }
                case "BU_":
                {
                    SourceLocation nodeAt = _c.Here;
                    string node = _c.Ident("a node name");
                    Value();
                    _nodeRefs.Add((nodeAt, node));
                    break;
                }
                case "EV_":
                    _c.Ident("an environment variable name");
                    Value();
                    break;
                default:
                    throw new DbcSyntaxException(kindAt, $"BA_ \"{name}\" {kind}: expected BU_, BO_, SG_, EV_ or a value");
            }
            End("BA_");
            if (!_definitions.Any(d => d.Name == name))
            {
                Warn(where, $"attribute '{name}' has no BA_DEF_ definition");
            }
        }

        private Dictionary<long, string> ValueList(string what)
        {
            var table = new Dictionary<long, string>();
            while (_c.Peek() != ';' && !_c.AtKeywordLineOrEnd(Keywords))
            {
                SourceLocation at = _c.Here;
                long v = _c.Integer("a raw value");
                string text = _c.Str("the value's description");
                if (!table.TryAdd(v, text))
                {
                    Error(at, $"value {v} is described twice");
                }
            }
            End(what);
            return table;
        }

        private void Values(SourceLocation at)
        {
            if (!_c.NextIsNumber())
            {
                // VAL_ of an environment variable.
                _c.Ident("a message id or environment variable");
                ValueList("VAL_");
                return;
            }
            SourceLocation where = _c.Here;
            ulong id = _c.Unsigned("a message id");
            string sig = _c.Name("a signal name");
            Dictionary<long, string> table = ValueList("VAL_");
            _pending.Add(new Pending(where, "VAL_", id, sig, (_, s) => s!.ValueDescriptions = table, true));
        }

        private void ExtendedMultiplexing()
        {
            SourceLocation where = _c.Here;
            ulong id = _c.Unsigned("a message id");
            string sig = _c.Name("a signal name");
            string sw = _c.Name("the multiplexor switch name");
            var ranges = new List<DbcMultiplexRange>();
            do
            {
                SourceLocation rangeAt = _c.Here;
                ulong low = _c.Unsigned("the first value of a range");
                _c.Expect('-', "in a value range");
                ulong high = _c.Unsigned("the last value of a range");
                if (high < low)
                {
                    Error(rangeAt, $"range {low}-{high} is empty");
                }
                ranges.Add(new DbcMultiplexRange(low, high));
            }
            while (_c.TryChar(','));
            End("SG_MUL_VAL_");
            _pending.Add(new Pending(where, "SG_MUL_VAL_", id, sig, (_, found) =>
            {
                DbcSignal s = found!;
                if (_extended.ContainsKey(s))
                {
                    Error(where, $"signal {s.Name} has two SG_MUL_VAL_ entries");
                }
                _extended[s] = (where, sw, ranges);
            }, true));
        }

        private DbcDatabase Finish()
        {
            foreach (Pending p in _pending)
            {
                if (_ignoredIds.Contains(p.Id))
                {
                    continue;
                }
                DbcMessage? m = _byWrittenId.GetValueOrDefault(p.Id) ?? _messages.FirstOrDefault(x => x.DbcId == p.Id);
                if (m is null)
                {
                    Tolerated(p.Where, $"{p.Kind}: no message has id {p.Id} (0x{p.Id & 0x7FFF_FFFF:X}); ignored");
                    continue;
                }
                DbcSignal? s = p.NeedsSignal ? m.Signal(p.Name) : null;
                if (p.NeedsSignal && s is null)
                {
                    Tolerated(p.Where, $"{p.Kind}: message {m.Name} has no signal '{p.Name}'{Hint(p.Name, m.Signals.Select(x => x.Name))}; ignored");
                    continue;
                }
                p.Apply(m, s);
            }
            foreach ((SourceLocation where, string node) in _nodeRefs.Concat(_nodeComments.Select(x => (x.Where, x.Node))))
            {
                if (!_nodes.Contains(node))
                {
                    Tolerated(where, $"no node '{node}' in BU_{Hint(node, _nodes)}; ignored");
                }
            }
            var db = new DbcDatabase(_topFile, _version, _nodes, _messages, _tables, _definitions) { Comment = _comment };
            foreach ((SourceLocation _, string node, string text) in _nodeComments)
            {
                db.NodeComments[node] = text;
            }
            foreach ((SourceLocation where, string name, DbcAttributeValue v) in _defaults)
            {
                DbcAttributeDefinition? d = _definitions.FirstOrDefault(x => x.Name == name);
                if (d is null)
                {
                    Error(where, $"BA_DEF_DEF_: attribute '{name}' has no BA_DEF_ definition");
                    continue;
                }
                d.Default = v;
            }
            foreach ((SourceLocation _, string name, DbcAttributeValue v) in _networkAttributes)
            {
                db.Attributes[name] = v;
            }
            foreach (DbcMessage m in _messages)
            {
                ResolveMessage(m);
            }
            return db;
        }

        private void ResolveMessage(DbcMessage m)
        {
            if (Effective(m, "GenMsgCycleTime") is { } c)
            {
                m.CycleTimeMs = c.Text is null ? c.Number : 0;
                if (m.CycleTimeMs < 0)
                {
                    Error(m.Where, $"message {m.Name}: GenMsgCycleTime {m.CycleTimeMs} ms is negative");
                }
            }
            DbcAttributeDefinition? format = _definitions.FirstOrDefault(d => d.Name == "VFrameFormat");
            bool fdByAttribute = false;
            if (format is not null && Effective(m, "VFrameFormat") is { } f)
            {
                fdByAttribute = format.Label(f).Contains("FD", StringComparison.Ordinal);
            }
            m.IsFd = fdByAttribute || m.Length > 8;
            if (m.Length > 8 && !fdByAttribute && format is not null && m.Attributes.ContainsKey("VFrameFormat"))
            {
                Error(m.Where, $"message {m.Name}: {m.Length} bytes needs a CAN FD frame format, but VFrameFormat is {format.Label(m.Attributes["VFrameFormat"])}");
            }
            ResolveMultiplexing(m);
            foreach (DbcSignal s in m.Signals)
            {
                if (s.ValueType == DbcValueType.Float32 && s.Length != 32 || s.ValueType == DbcValueType.Float64 && s.Length != 64)
                {
                    Error(s.Where, $"signal {s.Name}: an IEEE {(s.ValueType == DbcValueType.Float32 ? "float needs 32" : "double needs 64")} bits, not {s.Length}");
                }
                if (s.BytesNeeded > m.Length)
                {
                    Tolerated(s.Where, $"signal {s.Name} ({s.StartBit}|{s.Length}@{(int)s.ByteOrder}) needs {s.BytesNeeded} bytes but message {m.Name} has {m.Length}; it decodes as NaN");
                }
            }
            CheckOverlaps(m);
            m.Seal();
        }

        /// <summary>A message's attribute value, or the attribute's default.</summary>
        private DbcAttributeValue? Effective(DbcMessage m, string name)
            => m.Attributes.TryGetValue(name, out DbcAttributeValue v) ? v : _definitions.FirstOrDefault(d => d.Name == name)?.Default;

        private void ResolveMultiplexing(DbcMessage m)
        {
            List<DbcSignal> switches = m.Signals.Where(s => s.IsMultiplexor).ToList();
            foreach (DbcSignal s in m.Signals)
            {
                if (_extended.TryGetValue(s, out var ext))
                {
                    DbcSignal? sw = m.Signal(ext.Switch);
                    if (sw is null || !sw.IsMultiplexor)
                    {
                        Error(ext.Where, sw is null
                            ? $"SG_MUL_VAL_: message {m.Name} has no signal '{ext.Switch}'"
                            : $"SG_MUL_VAL_: signal {sw.Name} is not a multiplexor (M or mNM)");
                        continue;
                    }
                    if (s.MultiplexValue is null)
                    {
                        Error(ext.Where, $"SG_MUL_VAL_: signal {s.Name} is not multiplexed (mN)");
                        continue;
                    }
                    s.Multiplexor = sw;
                    s.MultiplexRanges = ext.Ranges;
                    continue;
                }
                if (s.MultiplexValue is null)
                {
                    continue;
                }
                List<DbcSignal> top = switches.Where(x => x.MultiplexValue is null).ToList();
                if (switches.Count == 1 && top.Count == 1)
                {
                    s.Multiplexor = top[0];
                }
                else if (switches.Count == 0)
                {
                    Error(s.Where, $"signal {s.Name} is multiplexed (m{s.MultiplexValue}) but message {m.Name} has no multiplexor signal (M)");
                }
                else
                {
                    Error(s.Where, $"signal {s.Name}: message {m.Name} has {switches.Count} multiplexors; SG_MUL_VAL_ must say which one selects it");
                }
            }
            foreach (DbcSignal s in m.Signals)
            {
                int depth = 0;
                for (DbcSignal? x = s.Multiplexor; x is not null; x = x.Multiplexor)
                {
                    if (++depth > m.Signals.Count)
                    {
                        Error(s.Where, $"signal {s.Name}: multiplexors select each other in a cycle");
                        s.Multiplexor = null;
                        break;
                    }
                }
            }
        }

        private void CheckOverlaps(DbcMessage m)
        {
            int n = m.Signals.Count;
            var masks = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                DbcSignal s = m.Signals[i];
                masks[i] = new byte[64];
                if (s.BytesNeeded <= 64)
                {
                    s.WriteRaw(masks[i], ulong.MaxValue);
                }
            }
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    DbcSignal a = m.Signals[i], b = m.Signals[j];
                    if (!CanCoexist(a, b))
                    {
                        continue;
                    }
                    for (int k = 0; k < 64; k++)
                    {
                        if ((masks[i][k] & masks[j][k]) != 0)
                        {
                            Tolerated(a.Where, $"signal {a.Name} overlaps signal {b.Name} ({b.Where}) in byte {k} of message {m.Name}");
                            break;
                        }
                    }
                }
            }
        }

        /// <summary>Whether two signals can be in the same frame; unsure cases (different switches) count as no.</summary>
        private static bool CanCoexist(DbcSignal a, DbcSignal b)
        {
            if (a.Multiplexor is null || b.Multiplexor is null)
            {
                return true;
            }
            if (a.Multiplexor != b.Multiplexor)
            {
                return false;
            }
            if (a.MultiplexRanges.Count == 0 && b.MultiplexRanges.Count == 0)
            {
                return a.MultiplexValue == b.MultiplexValue;
            }
            IEnumerable<DbcMultiplexRange> ra = a.MultiplexRanges.Count > 0 ? a.MultiplexRanges : new[] { new DbcMultiplexRange(a.MultiplexValue!.Value, a.MultiplexValue.Value) };
            IEnumerable<DbcMultiplexRange> rb = b.MultiplexRanges.Count > 0 ? b.MultiplexRanges : new[] { new DbcMultiplexRange(b.MultiplexValue!.Value, b.MultiplexValue.Value) };
            return ra.Any(x => rb.Any(y => x.Low <= y.High && y.Low <= x.High));
        }

    }

    /// <summary>" (did you mean 'X'?)" for the closest of <paramref name="known"/>, or "".</summary>
    internal static string Hint(string typed, IEnumerable<string> known)
        => SimCore.Scenarios.Yaml.Suggestions.Hint(typed, known);
}
