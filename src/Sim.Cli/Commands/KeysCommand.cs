using System.CommandLine;
using HilBridge.Transport;

namespace Sim.Cli.Commands;

/// <summary>`sim keys generate NAME`: a CurveZMQ key pair for `sim run --target` and its target (docs/hil-security.md).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Base name of the files: NAME.key (public) and NAME.key_secret" };
        var dir = new Option<string>("--dir") { Description = "Directory to write them to", DefaultValueFactory = _ => "." };
        var generate = new Command("generate", "Write a new CurveZMQ key pair (czmq/pyzmq certificate format); never overwrites");
        generate.Arguments.Add(name);
        generate.Options.Add(dir);
        generate.SetAction(r =>
        {
            try
            {
                (CurveCertificate cert, string pub, string secret) = CurveKeys.Generate(r.GetValue(dir)!, r.GetValue(name)!);
                Console.WriteLine($"public key {cert.PublicKey}: {pub} (give it to the peer); secret: {secret} (keep it)");
                return ExitCodes.Pass;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or CurveKeyFileException)
            {
                Console.Error.WriteLine($"sim keys generate: error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        var cmd = new Command("keys", "CurveZMQ keys for HIL sessions");
        cmd.Subcommands.Add(generate);
        return cmd;
    }
}
