using System.Globalization;
using SimCore.Diagnostics;

namespace Sim.Runtime.Hil;

/// <summary>
/// Where the simulator listens for a target: `--target tcp://HOST:PORT` binds the control channel
/// on PORT and the data stream on PORT+1 (docs/hil-protocol.md, "Sockets").
/// </summary>
/// <param name="Host">Interface to bind: an IP address, "localhost" or "*".</param>
/// <param name="Port">Control port; the data stream is on the next one.</param>
public sealed record HilEndpoint(string Host, int Port)
{
    /// <summary>The control channel's endpoint.</summary>
    public string Control => $"tcp://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The data stream's endpoint.</summary>
    public string Data => $"tcp://{Host}:{(Port + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <paramref name="text"/>; <paramref name="option"/> names the option in errors.</summary>
    /// <exception cref="InputException">Not tcp://HOST:PORT with PORT in 1..65534.</exception>
    public static HilEndpoint Parse(string text, string option)
    {
        const string prefix = "tcp://";
        InputException Bad(string why) => new(new SourceLocation(option, 0, 0), $"'{text}' {why} (expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:5555, or PORT alone for 127.0.0.1)");
        // A bare port, or no host, means the loopback interface: nothing is exposed unless asked.
        string rest = text.All(char.IsAsciiDigit) ? ":" + text
            : text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..]
            : throw Bad("is not a tcp:// endpoint");
        int colon = rest.LastIndexOf(':');
        if (colon < 0)
        {
            throw Bad("has no port");
        }
        string host = colon == 0 ? "127.0.0.1" : rest[..colon];
        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65534)
        {
            throw Bad("has no port in 1..65534 (the data stream takes the port after it)");
        }
        if (host != "*" && host != "localhost" && !System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            throw Bad("does not name an interface by IP address, 'localhost' or '*'");
        }
        return new HilEndpoint(host, port);
    }
}
