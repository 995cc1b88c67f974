using HilBridge.Transport;
using SimCore.Diagnostics;

namespace Sim.Runtime.Hil;

/// <summary>CurveZMQ settings from the command line (docs/hil-security.md); the same rule on both ends.</summary>
internal static class CurveSettings
{
    /// <summary>
    /// Null without keys. With this end's secret key file alone, this end is the CURVE server; with
    /// the peer's public key file as well, the CURVE client that accepts only that peer.
    /// </summary>
    /// <exception cref="InputException">A key file is bad, or a peer key came without our own.</exception>
    public static CurveSecurity? From(string? secretFile, string? peerKeyFile, string peerOption, string secretOption = "--curve-secret")
    {
        if (secretFile is null)
        {
            return peerKeyFile is null ? null
                : throw new InputException(new SourceLocation(peerOption, 0, 0), $"needs {secretOption} (this end's own key pair) as well");
        }
        try
        {
            CurveCertificate own = CurveKeys.LoadSecret(secretFile);
            return peerKeyFile is null ? CurveSecurity.Server(own) : CurveSecurity.Client(own, CurveKeys.Load(peerKeyFile));
        }
        catch (CurveKeyFileException e)
        {
            const string marker = ": error: ";
            int at = e.Message.IndexOf(marker, StringComparison.Ordinal);
            throw new InputException(new SourceLocation(e.FilePath, e.Line, 0), at < 0 ? e.Message : e.Message[(at + marker.Length)..]);
        }
    }
}
