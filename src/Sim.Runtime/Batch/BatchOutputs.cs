namespace Sim.Runtime.Batch;

/// <summary>The batch-level outputs: summary.json, junit.xml and report.html, each written atomically.</summary>
public static class BatchOutputs
{
    /// <summary>Writes summary.json, junit.xml and report.html of <paramref name="outcome"/> into <paramref name="outDir"/>.</summary>
    public static void Write(string outDir, BatchOutcome outcome)
    {
        Directory.CreateDirectory(outDir);
        // summary.json last: a merge or a resumed batch that finds it can trust the others are there.
        JUnitXml.Write(outDir, outcome);
        HtmlReport.Write(outDir, outcome);
        SummaryJson.Write(outDir, outcome);
    }
}
