using System.Text;

namespace HilBridge.Transport;

/// <summary>
/// CURVE certificate files as libzmq's tools, czmq (<c>zcert_save</c>) and pyzmq
/// (<c>zmq.auth.create_certificates</c>) write them: <c>NAME.key</c> holds the public key and may
/// be handed to the peer; <c>NAME.key_secret</c> holds both keys and must stay with its owner.
/// Both are ZPL with the keys under <c>curve</c> as <c>public-key</c> and <c>secret-key</c>.
/// </summary>
public static class CurveKeys
{
    /// <summary>The extension of a public certificate file.</summary>
    public const string PublicExtension = ".key";

    /// <summary>The extension of a secret certificate file.</summary>
    public const string SecretExtension = ".key_secret";

    /// <summary>Loads a certificate file: a key pair from a secret file, a public key alone from a public one.</summary>
    /// <exception cref="CurveKeyFileException">The file is unreadable, not ZPL, or its keys are missing, malformed or do not match.</exception>
    public static CurveCertificate Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CurveKeyFileException(path, 0, "cannot read the file: " + e.Message);
        }
        return Parse(path, text);
    }

    /// <summary>Loads a file that must hold a secret key (this end's own certificate).</summary>
    /// <exception cref="CurveKeyFileException">As <see cref="Load"/>, or the file has no secret key.</exception>
    public static CurveCertificate LoadSecret(string path)
    {
        CurveCertificate c = Load(path);
        return c.HasSecretKey ? c : throw new CurveKeyFileException(path, 0,
            $"no 'secret-key' under 'curve': this is a public certificate; this end needs its {SecretExtension} file");
    }

    /// <summary>Parses certificate text; <paramref name="path"/> names it in errors.</summary>
    /// <exception cref="CurveKeyFileException">The text is not ZPL, or its keys are missing, malformed or do not match.</exception>
    public static CurveCertificate Parse(string path, string text)
    {
        Dictionary<string, ZplReader.Entry> values = ZplReader.Read(path, text);
        if (!values.TryGetValue("curve/public-key", out ZplReader.Entry pub))
        {
            throw new CurveKeyFileException(path, 0, "no 'public-key' under 'curve'");
        }
        byte[] publicKey = CurveCertificate.ParseKey(pub.Value, out string? error)
            ?? throw new CurveKeyFileException(path, pub.Line, "public-key: " + error);
        if (!values.TryGetValue("curve/secret-key", out ZplReader.Entry sec))
        {
            return CurveCertificate.FromPublicKey(pub.Value);
        }
        _ = CurveCertificate.ParseKey(sec.Value, out error) ?? throw new CurveKeyFileException(path, sec.Line, "secret-key: " + error);
        CurveCertificate pair = CurveCertificate.FromSecretKey(sec.Value);
        // A pair that does not belong together would fail every handshake with no hint why; say it here.
        if (!pair.PublicKeyBytes.AsSpan().SequenceEqual(publicKey))
        {
            throw new CurveKeyFileException(path, sec.Line, $"secret-key does not belong to the public-key on line {pub.Line}");
        }
        return pair;
    }

    /// <summary>
    /// Writes a fresh key pair as <c>NAME.key</c> and <c>NAME.key_secret</c> in <paramref name="directory"/>
    /// (created if missing) and returns it. The secret file is made readable by its owner only where the
    /// file system has Unix permissions. Existing files are not overwritten.
    /// </summary>
    /// <exception cref="IOException">A file of that name exists, or the files cannot be written.</exception>
    public static (CurveCertificate Certificate, string PublicPath, string SecretPath) Generate(string directory, string name)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/') || name.Contains('\\'))
        {
            throw new ArgumentException($"'{name}' is not a file name", nameof(name));
        }
        Directory.CreateDirectory(directory);
        string publicPath = Path.Combine(directory, name + PublicExtension);
        string secretPath = Path.Combine(directory, name + SecretExtension);
        foreach (string p in new[] { publicPath, secretPath })
        {
            // Checked before writing either, so a refusal leaves no half pair behind.
            if (File.Exists(p))
            {
                throw new IOException($"{p} exists; not overwriting a key");
            }
        }
        CurveCertificate c = CurveCertificate.Generate();
        WriteNew(secretPath, Format(c, secret: true), ownerOnly: true);
        WriteNew(publicPath, Format(c, secret: false), ownerOnly: false);
        return (c, publicPath, secretPath);
    }

    /// <summary>The file text of <paramref name="certificate"/>, with its secret key when <paramref name="secret"/>.</summary>
    public static string Format(CurveCertificate certificate, bool secret)
    {
        if (secret && !certificate.HasSecretKey)
        {
            throw new ArgumentException("the certificate has no secret key", nameof(certificate));
        }
        var sb = new StringBuilder();
        sb.Append(secret
            ? "#   ZeroMQ CURVE **Secret** Certificate\n#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n"
            : "#   ZeroMQ CURVE Public Certificate\n#   Exchange securely, or verify the key after exchange.\n");
        sb.Append('\n').Append("metadata\n").Append("curve\n");
        sb.Append("    public-key = \"").Append(certificate.PublicKey).Append("\"\n");
        if (secret)
        {
            sb.Append("    secret-key = \"").Append(certificate.SecretKey).Append("\"\n");
        }
        return sb.ToString();
    }

    private static void WriteNew(string path, string text, bool ownerOnly)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            // Set at creation so the secret is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(text);
    }
}
