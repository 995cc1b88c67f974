using NetMQ;

namespace HilBridge.Transport;

/// <summary>
/// A CURVE key pair, or a public key alone (a peer's certificate). Keys are the 40-character Z85
/// text that libzmq, czmq and pyzmq print and store in certificate files.
/// </summary>
public sealed class CurveCertificate
{
    private CurveCertificate(byte[] publicKey, byte[]? secretKey)
    {
        PublicKeyBytes = publicKey;
        SecretKeyBytes = secretKey;
    }

    /// <summary>The public key (Z85).</summary>
    public string PublicKey => Z85.Encode(PublicKeyBytes);

    /// <summary>The secret key (Z85), or null for a public-only certificate.</summary>
    public string? SecretKey => SecretKeyBytes is null ? null : Z85.Encode(SecretKeyBytes);

    /// <summary>Whether this holds a secret key (and so can identify this end).</summary>
    public bool HasSecretKey => SecretKeyBytes is not null;

    internal byte[] PublicKeyBytes { get; }

    internal byte[]? SecretKeyBytes { get; }

    /// <summary>A fresh random key pair.</summary>
    public static CurveCertificate Generate()
    {
        var c = new NetMQCertificate();
        return new CurveCertificate(c.PublicKey, c.SecretKey);
    }

    /// <summary>A public-only certificate from a 40-character Z85 key.</summary>
    /// <exception cref="ArgumentException">The key is not 40 Z85 characters.</exception>
    public static CurveCertificate FromPublicKey(string publicKeyZ85)
        => new(DecodeKey(publicKeyZ85, nameof(publicKeyZ85)), null);

    /// <summary>A key pair from its secret key (Z85); the public key is derived from it.</summary>
    /// <exception cref="ArgumentException">The key is not 40 Z85 characters.</exception>
    public static CurveCertificate FromSecretKey(string secretKeyZ85)
    {
        byte[] secret = DecodeKey(secretKeyZ85, nameof(secretKeyZ85));
        return new CurveCertificate(NetMQCertificate.CreateFromSecretKey(secret).PublicKey, secret);
    }

    internal static byte[] DecodeKey(string z85, string parameter)
        => ParseKey(z85, out string? error) ?? throw new ArgumentException(error, parameter);

    /// <summary>Decodes a Z85 key; null with <paramref name="error"/> when it is not one.</summary>
    internal static byte[]? ParseKey(string z85, out string? error)
    {
        if (z85.Length != 40)
        {
            error = $"a CURVE key is 40 Z85 characters, this one has {z85.Length}";
            return null;
        }
        return Z85.TryDecode(z85, out error);
    }

    internal NetMQCertificate ToNetMQ()
        => SecretKeyBytes is null ? NetMQCertificate.FromPublicKey(PublicKeyBytes) : new NetMQCertificate(SecretKeyBytes, PublicKeyBytes);
}
