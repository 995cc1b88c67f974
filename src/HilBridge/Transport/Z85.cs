namespace HilBridge.Transport;

/// <summary>Z85 (ZeroMQ RFC 32), the text form of CURVE keys: 5 characters per 4 bytes.</summary>
internal static class Z85
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException("Z85 encodes whole 4-byte groups", nameof(data));
        }
        var chars = new char[data.Length / 4 * 5];
        for (int g = 0; g < data.Length / 4; g++)
        {
            uint value = (uint)data[4 * g] << 24 | (uint)data[4 * g + 1] << 16 | (uint)data[4 * g + 2] << 8 | data[4 * g + 3];
            for (int i = 4; i >= 0; i--)
            {
                chars[5 * g + i] = Alphabet[(int)(value % 85)];
                value /= 85;
            }
        }
        return new string(chars);
    }

    /// <summary>Decodes <paramref name="text"/>; null with <paramref name="error"/> saying why when it is not Z85.</summary>
    public static byte[]? TryDecode(string text, out string? error)
    {
        if (text.Length % 5 != 0)
        {
            error = $"Z85 text has {text.Length} characters, not a multiple of 5";
            return null;
        }
        var bytes = new byte[text.Length / 5 * 4];
        for (int g = 0; g < text.Length / 5; g++)
        {
            ulong value = 0;
            for (int i = 0; i < 5; i++)
            {
                char c = text[5 * g + i];
                int digit = Alphabet.IndexOf(c);
                if (digit < 0)
                {
                    error = $"'{c}' (position {5 * g + i + 1}) is not a Z85 character";
                    return null;
                }
                value = value * 85 + (ulong)digit;
            }
            // Five digits reach 85^5 > 2^32: such a group names no 4 bytes, and NetMQ would wrap it silently.
            if (value > uint.MaxValue)
            {
                error = $"characters {5 * g + 1}..{5 * g + 5} are not valid Z85 (the group exceeds 32 bits)";
                return null;
            }
            bytes[4 * g] = (byte)(value >> 24);
            bytes[4 * g + 1] = (byte)(value >> 16);
            bytes[4 * g + 2] = (byte)(value >> 8);
            bytes[4 * g + 3] = (byte)value;
        }
        error = null;
        return bytes;
    }
}
