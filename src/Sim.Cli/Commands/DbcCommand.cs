using System.CommandLine;
using System.Globalization;
using SensorModels.Can;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim dbc FILE...`: checks DBC files and prints their messages and signals; `sim dbc decode|encode` for one frame at a bench.</summary>
internal static class DbcCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "DBC files to check and print", Arity = ArgumentArity.OneOrMore };
        var strict = StrictOption();
        var cmd = new Command("dbc", "Check DBC files and print their messages (id, name, length, cycle time) and signals (start|length@order, factor, offset, range, unit, receivers, multiplexing). What production files get away with (overlapping signals, 29-bit ids without bit 31, names starting with a digit, comments on missing signals, min > max...) is a warning unless --strict. Exit 0 when all load, 2 otherwise, with every error as file:line:col.");
        cmd.Arguments.Add(files);
        cmd.Options.Add(strict);
        cmd.Subcommands.Add(DecodeCommand());
        cmd.Subcommands.Add(EncodeCommand());
        cmd.SetAction(r =>
        {
            int bad = 0;
            foreach (string f in r.GetValue(files) ?? Array.Empty<string>())
            {
                if (Load(f, r.GetValue(strict)) is { } db)
                {
                    Print(db);
                }
                else
                {
                    bad++;
                }
            }
            return bad == 0 ? ExitCodes.Pass : ExitCodes.BadInput;
        });
        return cmd;
    }

    private static Option<bool> StrictOption() => new("--strict") { Description = "Report what Vector's and cantools' readers tolerate as errors, not warnings" };

    /// <summary>Loads a DBC file, printing warnings and errors; null when it does not load.</summary>
    private static DbcDatabase? Load(string file, bool strict)
    {
        var warnings = new List<InputError>();
        try
        {
            DbcDatabase db = DbcReader.Load(file, warnings, strict);
            CommonOptions.Print(warnings);
            return db;
        }
        catch (InputException e)
        {
            CommonOptions.Print(warnings);
            CommonOptions.Print(e.Errors);
            return null;
        }
    }

    private static Command DecodeCommand()
    {
        var file = new Argument<string>("file") { Description = "The DBC file" };
        var id = new Option<string>("--id") { Description = "CAN id, decimal or 0x hex; above 0x7FF (or with --extended) a 29-bit id", Required = true };
        var data = new Option<string>("--data") { Description = "Payload bytes in hex: 0011AABB, 00 11 AA BB or 00:11:aa:bb", Required = true };
        var extended = new Option<bool>("--extended") { Description = "The id is a 29-bit id even if it fits 11 bits" };
        var quiet = new Option<bool>("--quiet") { Description = "No DBC warnings" };
        var cmd = new Command("decode", "Decode one CAN frame with a DBC file: every signal present in it (multiplexing followed) with its physical value, unit, raw value and value description. Exit 0, or 2 for a bad file, id or payload.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(id);
        cmd.Options.Add(data);
        cmd.Options.Add(extended);
        cmd.Options.Add(quiet);
        cmd.SetAction(r =>
        {
            if (Open(r.GetValue(file)!, r.GetValue(quiet)) is not { } db || !TryHex(r.GetValue(data)!, out byte[] bytes)
                || ById(db, r.GetValue(id)!, r.GetValue(extended)) is not { } m)
            {
                return ExitCodes.BadInput;
            }
            (uint canId, bool ext) = (m.Id, m.IsExtended);
            Console.WriteLine($"0x{canId:X}{(ext ? "x" : "")} {m.Name} ({bytes.Length} of {m.Length} bytes)");
            if (bytes.Length != m.Length)
            {
                Console.Error.WriteLine($"warning: the message has {m.Length} bytes, the payload {bytes.Length}; signals beyond the payload are not decoded");
            }
            var values = new double[m.Signals.Count];
            m.Decode(bytes, values);
            for (int i = 0; i < m.Signals.Count; i++)
            {
                DbcSignal s = m.Signals[i];
                if (s.BytesNeeded > bytes.Length || (s.Multiplexor is { } sw && sw.BytesNeeded > bytes.Length) || !DbcMessage.IsActive(s, bytes))
                {
                    continue; // beyond the payload, or not selected by its multiplexor
                }
                ulong raw = s.ReadRaw(bytes);
                string unit = s.Unit.Length > 0 ? " " + s.Unit : "";
                long key = s.IsSigned ? (long)(raw << (64 - s.Length)) >> (64 - s.Length) : (long)raw;
                string text = s.ValueDescriptions.TryGetValue(key, out string? d) ? $" \"{d}\"" : "";
                Console.WriteLine($"  {s.Name} = {N(values[i])}{unit}  (raw {key}){text}");
            }
            return ExitCodes.Pass;
        });
        return cmd;
    }

    private static Command EncodeCommand()
    {
        var file = new Argument<string>("file") { Description = "The DBC file" };
        var signals = new Argument<string[]>("signals") { Description = "SIGNAL=VALUE in physical units; signals not given are raw 0", Arity = ArgumentArity.ZeroOrMore };
        var id = new Option<string?>("--id") { Description = "CAN id, decimal or 0x hex" };
        var message = new Option<string?>("--message") { Description = "The message by name (instead of --id)" };
        var extended = new Option<bool>("--extended") { Description = "The id is a 29-bit id even if it fits 11 bits" };
        var quiet = new Option<bool>("--quiet") { Description = "No DBC warnings" };
        var cmd = new Command("encode", "Encode one CAN frame from physical signal values with a DBC file and print its id and payload in hex (as `decode --data` takes it). A value outside the signal's range or bits is limited, as an ECU saturates, with a warning. Exit 0, or 2 for a bad file, message or value.");
        cmd.Arguments.Add(file);
        cmd.Arguments.Add(signals);
        cmd.Options.Add(id);
        cmd.Options.Add(message);
        cmd.Options.Add(extended);
        cmd.Options.Add(quiet);
        cmd.SetAction(r =>
        {
            if (Open(r.GetValue(file)!, r.GetValue(quiet)) is not { } db)
            {
                return ExitCodes.BadInput;
            }
            DbcMessage? m;
            if (r.GetValue(message) is { } name)
            {
                m = db.Message(name);
                if (m is null)
                {
                    Console.Error.WriteLine($"--message: error: {db.File} has no message '{name}'{SimCore.Scenarios.Yaml.Suggestions.Hint(name, db.Messages.Select(x => x.Name))}");
                    return ExitCodes.BadInput;
                }
            }
            else if (r.GetValue(id) is { } idText)
            {
                m = ById(db, idText, r.GetValue(extended));
                if (m is null)
                {
                    return ExitCodes.BadInput;
                }
            }
            else
            {
                Console.Error.WriteLine("error: give the message: --id ID or --message NAME");
                return ExitCodes.BadInput;
            }
            var values = new double[m.Signals.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = m.Signals[i].ToPhysical(0);
            }
            foreach (string pair in r.GetValue(signals) ?? [])
            {
                int eq = pair.IndexOf('=');
                string signal = eq < 0 ? pair : pair[..eq];
                int index = m.IndexOf(signal);
                if (eq < 0 || index < 0 || !double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    Console.Error.WriteLine(index < 0 && eq >= 0
                        ? $"{pair}: error: message {m.Name} has no signal '{signal}'{SimCore.Scenarios.Yaml.Suggestions.Hint(signal, m.Signals.Select(x => x.Name))}"
                        : $"{pair}: error: expected SIGNAL=VALUE with a finite number");
                    return ExitCodes.BadInput;
                }
                values[index] = v;
            }
            byte[] data = new byte[m.Length];
            if (!m.Encode(data, values))
            {
                Console.Error.WriteLine("warning: some values were limited to their signal's range or bits; the payload decodes to the limited values");
            }
            Console.WriteLine($"0x{m.Id:X}{(m.IsExtended ? "x" : "")} {m.Name} {Convert.ToHexString(data)}");
            return ExitCodes.Pass;
        });
        return cmd;
    }

    /// <summary>The DBC for decode/encode (its warnings printed unless <paramref name="quiet"/>), or null after printing its errors.</summary>
    private static DbcDatabase? Open(string file, bool quiet)
    {
        if (!quiet)
        {
            return Load(file, false);
        }
        try
        {
            return DbcReader.Load(file);
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return null;
        }
    }

    /// <summary>The message with id <paramref name="idText"/>, or null after printing why there is none.</summary>
    private static DbcMessage? ById(DbcDatabase db, string idText, bool forceExtended)
    {
        if (!TryId(idText, forceExtended, out uint canId, out bool ext))
        {
            return null;
        }
        DbcMessage? m = db.Message(canId, ext);
        if (m is null)
        {
            Console.Error.WriteLine($"--id: error: {db.File} has no message with {(ext ? "29" : "11")}-bit id 0x{canId:X}");
        }
        return m;
    }

    /// <summary>Reads a decimal or 0x hex id; prints the error and returns false when it is not one.</summary>
    internal static bool TryId(string text, bool forceExtended, out uint id, out bool extended)
    {
        string t = text.Trim();
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id)
            : uint.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out id);
        extended = forceExtended || id > 0x7FF;
        if (!ok || id > 0x1FFF_FFFF)
        {
            Console.Error.WriteLine($"--id: error: '{text}' is not a CAN id (decimal or 0x hex, at most 29 bits)");
            return false;
        }
        return true;
    }

    /// <summary>Reads hex bytes with optional spaces, ':' or '-' between them (at most 64); prints the error and returns false otherwise.</summary>
    internal static bool TryHex(string text, out byte[] bytes)
    {
        string digits = new(text.Where(c => c is not (' ' or ':' or '-' or '\t')).ToArray());
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }
        bytes = [];
        if (digits.Length % 2 != 0 || digits.Length > 128 || !digits.All(char.IsAsciiHexDigit))
        {
            Console.Error.WriteLine($"--data: error: '{text}' is not 0 to 64 bytes of hex (two digits each)");
            return false;
        }
        bytes = Convert.FromHexString(digits);
        return true;
    }

    private static string N(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    internal static void Print(DbcDatabase db)
    {
        Console.WriteLine($"{db.File}: {db.Messages.Count} messages, {db.Messages.Sum(m => m.Signals.Count)} signals, nodes: {string.Join(", ", db.Nodes)}");
        foreach (DbcMessage m in db.Messages)
        {
            string id = m.IsExtended ? $"0x{m.Id:X8}x" : $"0x{m.Id:X3}";
            string cycle = m.CycleTimeMs > 0 ? $"{N(m.CycleTimeMs)} ms" : "no cycle";
            Console.WriteLine($"  {id} {m.Name}  {m.Length} bytes{(m.IsFd ? " FD" : "")}  {cycle}  from {m.Transmitter}");
            foreach (DbcSignal s in m.Signals)
            {
                string mux = s.IsMultiplexor ? " [multiplexor]" : "";
                if (s.Multiplexor is { } sw)
                {
                    string values = s.MultiplexRanges.Count > 0
                        ? string.Join(",", s.MultiplexRanges.Select(x => x.Low == x.High ? $"{x.Low}" : $"{x.Low}-{x.High}"))
                        : $"{s.MultiplexValue}";
                    mux += $" [when {sw.Name} = {values}]";
                }
                string order = s.ByteOrder == DbcByteOrder.Intel ? "Intel" : "Motorola";
                string type = s.ValueType switch { DbcValueType.Float32 => " float", DbcValueType.Float64 => " double", _ => "" };
                string range = s.HasRange ? $"[{N(s.Minimum)}|{N(s.Maximum)}]" : "[no range]";
                string unit = s.Unit.Length > 0 ? $" \"{s.Unit}\"" : "";
                string receivers = s.Receivers.Count > 0 ? $" -> {string.Join(",", s.Receivers)}" : "";
                Console.WriteLine($"    {s.Name}  {s.StartBit}|{s.Length}@{(int)s.ByteOrder}{(s.IsSigned ? '-' : '+')} {order}{type}  ({N(s.Factor)},{N(s.Offset)}) {range}{unit}{receivers}{mux}");
                if (s.ValueDescriptions.Count > 0)
                {
                    Console.WriteLine($"      values: {string.Join(", ", s.ValueDescriptions.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}=\"{kv.Value}\""))}");
                }
            }
        }
    }
}
