namespace Sim.Tests.Shared;

/// <summary>
/// Deterministic mutations of an input file for bounded fuzz tests (issue 16): each case applies a
/// few edits drawn from a seeded generator: a span deleted, duplicated or moved, a line swapped,
/// a token from the list of what breaks parsers (brackets, extreme numbers, anchors, expressions) put in,
/// or 100,000 openings of one kind.
/// </summary>
internal static class Mutator
{
    private static readonly string[] Tokens =
    {
        "[", "]", "{", "}", ":", "- ", "\n", "  ", "\t", "$", "${", "(", ")", "\"", "'", "&a ", "*a", "!!str ", "<", ">", "/>", "</a>", "<a>",
        "0", "-1", "1e308", "-1e308", "1e-300", "NaN", ".inf", "-2147483648", "2147483648", "9223372036854775808", "4294967296", "0x7f",
        "null", "~", "true", "#", ",", ";", "\\", "\0", "é", "\uFFFD", "&amp;", "&#0;", "<!DOCTYPE a [<!ENTITY x \"y\">]>", "BO_ ", "SG_ ", "VAL_ ",
    };

    /// <summary>Openings that nest: 100,000 of one overflowed the stack of every recursive reader (YAML, XML, expressions).</summary>
    private static readonly string[] Deep = { "[", "{", "- ", "<a>", "${(", "(" };

    /// <summary>Mutation number <paramref name="index"/> of <paramref name="text"/> under <paramref name="seed"/>.</summary>
    public static string Text(string text, int seed, int index)
    {
        var random = new Random(CaseSeed(seed, index));
        string s = text;
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits && s.Length > 0; e++)
        {
            int at = random.Next(s.Length);
            int len = Math.Min(s.Length - at, 1 + random.Next(40));
            s = random.Next(8) switch
            {
                7 => s.Insert(at, string.Concat(Enumerable.Repeat(Deep[random.Next(Deep.Length)], 100_000))),
                0 => s.Remove(at, len),
                1 => s.Insert(at, s.Substring(at, len)),
                2 => s.Insert(at, Tokens[random.Next(Tokens.Length)]),
                3 => s.Remove(at, len).Insert(random.Next(s.Length - len + 1), s.Substring(at, len)),
                4 => SwapLines(s, random),
                5 => ReplaceNumber(s, at, Tokens[23 + random.Next(12)]),
                _ => s.Insert(at, string.Concat(Enumerable.Repeat(Tokens[random.Next(8)], 1 + random.Next(300)))),
            };
        }
        return s;
    }

    /// <summary>Mutation number <paramref name="index"/> of binary <paramref name="data"/>: bytes flipped, spans cut, duplicated or zeroed, lengths set extreme.</summary>
    public static byte[] Bytes(byte[] data, int seed, int index)
    {
        var random = new Random(CaseSeed(seed, index));
        var b = new List<byte>(data);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int at = random.Next(b.Count);
            int len = Math.Min(b.Count - at, 1 + random.Next(64));
            switch (random.Next(5))
            {
                case 0:
                    b[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    b.RemoveRange(at, len);
                    break;
                case 2:
                    b.InsertRange(at, b.GetRange(at, len));
                    break;
                case 3:
                    for (int i = at; i < at + len && i < b.Count; i++)
                    {
                        b[i] = 0;
                    }
                    break;
                default:
                    // A length or count field set to an extreme (little-endian 0xFFFFFFFF.. or 0x7FFFFFFF).
                    byte fill = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F;
                    for (int i = at; i < at + Math.Min(8, len) && i < b.Count; i++)
                    {
                        b[i] = fill;
                    }
                    break;
            }
        }
        return b.ToArray();
    }

    private static string SwapLines(string s, Random random)
    {
        string[] lines = s.Split('\n');
        if (lines.Length < 2)
        {
            return s;
        }
        int i = random.Next(lines.Length), j = random.Next(lines.Length);
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return string.Join('\n', lines);
    }

    private static string ReplaceNumber(string s, int at, string number)
    {
        for (int i = at; i < s.Length; i++)
        {
            if (char.IsDigit(s[i]))
            {
                int end = i;
                while (end < s.Length && (char.IsDigit(s[end]) || s[end] == '.'))
                {
                    end++;
                }
                return s[..i] + number + s[end..];
            }
        }
        return s;
    }

    /// <summary>
    /// The generator's seed of one case: a fixed function of (seed, index). Not HashCode.Combine, whose
    /// per-process random key made each test run fuzz different inputs.
    /// </summary>
    private static int CaseSeed(int seed, int index) => unchecked((seed * 1_000_003) + index) & int.MaxValue;
}
