namespace Sim.Runtime.Batch;

/// <summary>The batch-level outputs: summary.json, junit.xml and report.html, each written atomically.</summary>
public static class BatchOutputs
{
    /// <summary>
    /// Makes <paramref name="outDir"/> ready for a batch: created, and without an earlier batch's
    /// summary.json, junit.xml and report.html (a previous attempt's summary would vouch for this
    /// one until it ends: `sim report merge` takes a folder without summary.json as a batch that
    /// has not finished).
    /// </summary>
    /// <exception cref="IOException">The folder cannot be created or cleared.</exception>
    public static void Prepare(string outDir)
    {
        Directory.CreateDirectory(outDir);
        foreach (string done in new[] { SummaryJson.FileName, JUnitXml.FileName, HtmlReport.FileName })
        {
            File.Delete(Path.Combine(outDir, done));
        }
    }

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
