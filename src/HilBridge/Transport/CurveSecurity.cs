using NetMQ;

namespace HilBridge.Transport;

/// <summary>
/// CurveZMQ (RFC 26) for one socket: every frame encrypted and authenticated against tampering,
/// and the peer that plays CURVE server proves it holds the secret key of a public key the other
/// end already knows. The CURVE role is independent of who binds: a bound socket can be the CURVE
/// client. NetMQ 4.0.4.5 has no ZAP (RFC 27), so a CURVE server accepts any client key; who is
/// authenticated therefore depends on which end plays the server (see docs/hil-security.md).
/// </summary>
public sealed class CurveSecurity
{
    // Per frame on the wire: "\x07MESSAGE" (8), flags (1), short nonce (8) and Poly1305 tag (16).
    internal const int FrameOverheadBytes = 33;

    // MaxMsgSize applies to handshake commands too (INITIATE is ~260 bytes plus metadata), so a socket
    // with CURVE never gets a smaller limit than this, whatever the protocol limits say.
    internal const long MinMaxMessageSize = 4096;

    private CurveSecurity(CurveCertificate own, CurveCertificate? server)
    {
        if (!own.HasSecretKey)
        {
            throw new ArgumentException("this end's certificate needs its secret key", nameof(own));
        }
        Own = own;
        ServerKey = server;
    }

    /// <summary>This end's key pair.</summary>
    public CurveCertificate Own { get; }

    /// <summary>The public key the peer must prove (this end is the CURVE client), or null when this end is the CURVE server.</summary>
    public CurveCertificate? ServerKey { get; }

    /// <summary>Whether this end is the CURVE server (proves its own key, accepts any client key).</summary>
    public bool IsServer => ServerKey is null;

    /// <summary>This end plays CURVE server: it proves <paramref name="own"/> to the peer and accepts any client that knows its public key.</summary>
    public static CurveSecurity Server(CurveCertificate own) => new(own, null);

    /// <summary>
    /// This end plays CURVE client: it talks only to a peer that proves the secret key of
    /// <paramref name="serverPublicKey"/>; <paramref name="own"/> is its long-term key (the server cannot check it, see the type's remarks).
    /// </summary>
    public static CurveSecurity Client(CurveCertificate own, CurveCertificate serverPublicKey) => new(own, serverPublicKey);

    /// <summary>Sets the socket's CURVE options; must come before Bind or Connect.</summary>
    internal void Apply(NetMQSocket socket)
    {
        socket.Options.CurveCertificate = Own.ToNetMQ();
        if (ServerKey is { } server)
        {
            socket.Options.CurveServerCertificate = NetMQCertificate.FromPublicKey(server.PublicKeyBytes);
        }
        else
        {
            socket.Options.CurveServer = true;
        }
    }

    /// <summary>The socket MaxMsgSize for a plaintext limit of <paramref name="plaintextLimit"/> bytes, with or without CURVE.</summary>
    internal static long MaxMessageSize(long plaintextLimit, CurveSecurity? curve)
        => curve is null ? plaintextLimit : Math.Max(plaintextLimit + FrameOverheadBytes, MinMaxMessageSize);
}
