using Sim.Runtime;

namespace Sim.Cli;

/// <summary>Exit codes of every verb (README, docs/batch.md).</summary>
internal static class ExitCodes
{
    public const int Pass = 0;
    public const int CriterionFailed = 1;
    public const int BadInput = 2;

    /// <summary>The simulator itself failed (a bug to report): never a verdict on the input.</summary>
    public const int InternalError = 3;

    /// <summary>0 pass, 1 a criterion failed, 2 error.</summary>
    public static int Of(Verdict verdict) => verdict switch
    {
        Verdict.Pass => Pass,
        Verdict.Fail => CriterionFailed,
        _ => BadInput,
    };

    /// <summary>Prints <paramref name="e"/>'s line; 3 for a simulator fault, else 2.</summary>
    public static int Report(RunException e)
    {
        Console.Error.WriteLine(e.Message);
        return e.IsInternal ? InternalError : BadInput;
    }

    /// <summary>
    /// Runs a verb; an exception that escapes it is a simulator fault by definition (every input
    /// and environment error is reported where it is found): exit 3 with what a bug report needs.
    /// </summary>
    public static int Guard(Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (Exception e)
        {
            // The trace first: the last line is what `sim batch` quotes as the run's reason.
            Console.Error.WriteLine(e.StackTrace);
            Console.Error.WriteLine($"error: internal error (a simulator bug: please report it with the command line and inputs): {e.GetType().Name}: {e.Message}");
            return InternalError;
        }
    }
}
