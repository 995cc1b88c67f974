using System.Globalization;
using System.Text;
using System.Xml;

using Sim.Runtime.Output;

namespace Sim.Runtime.Batch;

/// <summary>
/// junit.xml in the schema Jenkins, GitLab, GitHub test reporters and Azure DevOps read: one
/// &lt;testsuite&gt; per family, one &lt;testcase&gt; per run (classname = family, name = run id, time
/// in seconds); a failed criterion is a &lt;failure&gt;, an error run an &lt;error&gt;.
/// </summary>
internal static class JUnitXml
{
    public const string FileName = "junit.xml";

    public static void Write(string outDir, BatchOutcome b)
    {
        AtomicFile.Write(Path.Combine(outDir, FileName), s =>
        {
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
            using XmlWriter w = XmlWriter.Create(s, settings);
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "sim batch");
            w.WriteAttributeString("tests", Int(b.Runs.Count));
            w.WriteAttributeString("failures", Int(b.Fail));
            w.WriteAttributeString("errors", Int(b.Error));
            w.WriteAttributeString("time", Seconds(b.Runs.Sum(r => r.WallTime)));
            foreach (FamilySummary f in b.Families)
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", f.Family);
                w.WriteAttributeString("tests", Int(f.Runs.Count));
                w.WriteAttributeString("failures", Int(f.Fail));
                w.WriteAttributeString("errors", Int(f.Error));
                w.WriteAttributeString("skipped", "0");
                w.WriteAttributeString("time", Seconds(f.Runs.Sum(r => r.WallTime)));
                foreach (RunRecord r in f.Runs)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("classname", r.Family);
                    w.WriteAttributeString("name", r.Id);
                    w.WriteAttributeString("time", Seconds(r.WallTime));
                    if (r.Status == "fail")
                    {
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("type", "criterion");
                        w.WriteAttributeString("message", r.FailedCriteria.Count == 0
                            ? "a criterion failed"
                            : "failed: " + string.Join("; ", r.FailedCriteria.Select(c => c.Name)));
                        w.WriteString(string.Join("\n", r.FailedCriteria.Select(c => c.Describe())) + $"\nscenario: {r.Scenario}\nresult: {Path.Combine(r.Directory, "result.json")}");
                        w.WriteEndElement();
                    }
                    else if (r.Status == "error")
                    {
                        w.WriteStartElement("error");
                        w.WriteAttributeString("type", "error");
                        w.WriteAttributeString("message", r.Reason ?? "error");
                        w.WriteString($"{r.Reason}\nscenario: {r.Scenario}");
                        w.WriteEndElement();
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        });
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
