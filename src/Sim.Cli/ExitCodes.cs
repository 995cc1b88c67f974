using Sim.Runtime;

namespace Sim.Cli;

/// <summary>Exit codes of every verb.</summary>
internal static class ExitCodes
{
    public const int Pass = 0;
    public const int CriterionFailed = 1;
    public const int BadInput = 2;

    /// <summary>0 pass, 1 a criterion failed, 2 error.</summary>
    public static int Of(Verdict verdict) => verdict switch
    {
        Verdict.Pass => Pass,
        Verdict.Fail => CriterionFailed,
        _ => BadInput,
    };
}
