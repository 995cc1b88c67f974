using System.CommandLine;
using System.Globalization;
using SensorModels.Can;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim dbc FILE...`: checks DBC files and prints their messages and signals.</summary>
internal static class DbcCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "DBC files to check and print", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("dbc", "Check DBC files and print their messages (id, name, length, cycle time) and signals (start|length@order, factor, offset, range, unit, receivers, multiplexing). Exit 0 when all are valid, 2 otherwise, with every error as file:line:col.");
        cmd.Arguments.Add(files);
        cmd.SetAction(r =>
        {
            int bad = 0;
            foreach (string f in r.GetValue(files) ?? Array.Empty<string>())
            {
                var warnings = new List<InputError>();
                try
                {
                    DbcDatabase db = DbcReader.Load(f, warnings);
                    CommonOptions.Print(warnings);
                    Print(db);
                }
                catch (InputException e)
                {
                    CommonOptions.Print(warnings);
                    CommonOptions.Print(e.Errors);
                    bad++;
                }
            }
            return bad == 0 ? ExitCodes.Pass : ExitCodes.BadInput;
        });
        return cmd;
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
