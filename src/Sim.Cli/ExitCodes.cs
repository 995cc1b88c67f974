namespace Sim.Cli;

/// <summary>Exit codes of every verb.</summary>
internal static class ExitCodes
{
    public const int Pass = 0;
    public const int CriterionFailed = 1;
    public const int BadInput = 2;
}
