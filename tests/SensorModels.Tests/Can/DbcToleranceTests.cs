using SensorModels.Can;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Can;

/// <summary>
/// Production DBC files (opendbc) carry oddities that Vector's and cantools' readers accept: they
/// load with a warning at file:line:col, and --strict makes the same problems errors.
/// </summary>
public class DbcToleranceTests
{
    private const string Odd = """
        BU_: ECU ECU
        BO_ 100 One: 8 ECU
         SG_ A : 0|8@1+ (1,0) [0|255] "" ECU
         SG_ B : 4|8@1+ (1,0) [10|0] "" ECU
        BO_ 419364350 Big: 8 ECU
         SG_ 0_COUNTER : 0|4@1+ (1,0) [0|15] "" ECU
        BO_ 300 2017_5: 2 ECU
         SG_ Far : 16|8@1+ (1,0) [0|0] "" ECU
        CM_ SG_ 100 Nope "no such signal";
        CM_ BO_ 999 "no such message";
        VAL_ 100 Missing 0 "x" ;
        CM_ SG_ 100 "no signal named";
        """;

    [Fact]
    public void TheToleratedOdditiesAreWarningsWithTheirPlace()
    {
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Parse("odd.dbc", Odd, warnings);
        string[] got = warnings.Select(w => $"{w.Location.Line}:{w.Location.Column} {w.Message}").ToArray();
        Assert.All(warnings, w => Assert.Equal(Severity.Warning, w.Severity));
        Assert.Contains(got, x => x.StartsWith("1:10 ") && x.Contains("node 'ECU' is listed twice"));
        Assert.Contains(got, x => x.StartsWith("4:6 ") && x.Contains("B overlaps signal A"));
        Assert.Contains(got, x => x.StartsWith("4:24 ") && x.Contains("minimum 10 is greater than maximum 0"));
        Assert.Contains(got, x => x.StartsWith("5:5 ") && x.Contains("larger than 11 bits without bit 31") && x.Contains("29-bit"));
        Assert.Contains(got, x => x.StartsWith("6:6 ") && x.Contains("'0_COUNTER' starts with a digit"));
        Assert.Contains(got, x => x.StartsWith("7:9 ") && x.Contains("'2017_5' starts with a digit"));
        Assert.Contains(got, x => x.StartsWith("8:6 ") && x.Contains("needs 3 bytes but message 2017_5 has 2"));
        Assert.Contains(got, x => x.StartsWith("9:5 ") && x.Contains("no signal 'Nope'"));
        Assert.Contains(got, x => x.StartsWith("10:5 ") && x.Contains("no message has id 999"));
        Assert.Contains(got, x => x.StartsWith("11:6 ") && x.Contains("no signal 'Missing'"));
        Assert.Contains(got, x => x.StartsWith("12:5 ") && x.Contains("names no signal"));
        Assert.Equal(11, warnings.Count);

        // What loaded: the 29-bit id is found as a 29-bit id, the digit names are kept.
        DbcMessage big = db.Message(419364350, extended: true)!;
        Assert.Equal("Big", big.Name);
        Assert.Equal("0_COUNTER", big.Signals[0].Name);
        Assert.Equal("2017_5", db.Message(300, false)!.Name);
        var values = new double[1];
        db.Message("2017_5")!.Decode(new byte[] { 1, 2 }, values);
        Assert.True(double.IsNaN(values[0])); // the signal lies beyond the 2-byte frame

        InputException e = Assert.Throws<InputException>(() => DbcReader.Parse("odd.dbc", Odd, strict: true));
        Assert.Equal(got, e.Errors.Select(w => $"{w.Location.Line}:{w.Location.Column} {w.Message}").ToArray());
    }

    [Fact]
    public void ACommentOnTheIndependentSignalsMessageIsNoProblem()
    {
        const string text = """
            BO_ 3221225472 VECTOR__INDEPENDENT_SIG_MSG: 0 Vector__XXX
             SG_ Unplaced : 0|8@1+ (1,0) [0|0] "" Vector__XXX
            BO_ 100 Real: 8 Vector__XXX
             SG_ A : 0|8@1+ (1,0) [0|0] "" Vector__XXX
            CM_ BO_ 3221225472 "This is a message for not used signals, created by Vector CANdb++ DBC OLE DB Provider.";
            CM_ SG_ 3221225472 Unplaced "a signal not yet in a message";
            BA_DEF_ SG_ "GenSigStartValue" INT 0 100;
            BA_ "GenSigStartValue" SG_ 3221225472 Unplaced 1;
            """;
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Parse("v.dbc", text, warnings, strict: true);
        Assert.Empty(warnings);
        Assert.Equal("Real", Assert.Single(db.Messages).Name);
    }

    [Fact]
    public void ACommentMissingItsSemicolonIsOneWarningAndTakesNothingWithIt()
    {
        const string text = """
            BO_ 791 OBJECT_11: 8 RADAR
             SG_ ID : 5|6@0+ (1,0) [0|255] "" XXX
             SG_ RCS : 63|8@0+ (1,0) [0|255] "" XXX

            CM_ "Front target"
            BO_ 1664 CLUSTER_F: 8 RADAR
             SG_ LONG_DIST : 7|13@1+ (0.03,0) [0|255] "m" XXX
             SG_ ID : 0|6@1+ (1,0) [0|63] "" XXX
            VAL_ 1664 ID 0 "none"
            BO_ 1665 CLUSTER_F_A: 8 RADAR
             SG_ ID : 0|6@1+ (1,0) [0|63] "" XXX
            """;
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Parse("radar.dbc", text, warnings);
        Assert.Equal(["5:19 missing ';' at the end of CM_", "9:22 missing ';' at the end of VAL_"],
            warnings.Select(w => $"{w.Location.Line}:{w.Location.Column} {w.Message}"));
        Assert.Equal(["OBJECT_11", "CLUSTER_F", "CLUSTER_F_A"], db.Messages.Select(m => m.Name));
        Assert.Equal(["ID", "RCS"], db.Message("OBJECT_11")!.Signals.Select(s => s.Name));
        Assert.Equal(["LONG_DIST", "ID"], db.Message("CLUSTER_F")!.Signals.Select(s => s.Name));
        Assert.Equal("none", db.Message("CLUSTER_F")!.Signal("ID")!.ValueDescriptions[0]);
        Assert.Equal("Front target", db.Comment);
        InputException e = Assert.Throws<InputException>(() => DbcReader.Parse("radar.dbc", text, strict: true));
        Assert.Equal(2, e.Errors.Count);
    }

    [Fact]
    public void AMessageThatCannotBeReadDoesNotGiveItsSignalsToThePreviousOne()
    {
        const string text = """
            BO_ 100 First: 8 X
             SG_ A : 0|8@1+ (1,0) [0|0] "" X
            BO_ 200 Bad Name: 8 X
             SG_ A : 0|8@1+ (1,0) [0|0] "" X
             SG_ B : 8|8@1+ (1,0) [0|0] "" X
            """;
        InputException e = Assert.Throws<InputException>(() => DbcReader.Parse("b.dbc", text));
        InputError only = Assert.Single(e.Errors);
        Assert.Equal(3, only.Location.Line);
    }

    [Fact]
    public void AnImportThatImportsItselfIsAnErrorAndAMissingOneAWarning()
    {
        string dir = Directory.CreateTempSubdirectory("dbc-import").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.dbc"), "CM_ \"IMPORT b.dbc\";\nBO_ 1 A: 8 X\n");
            File.WriteAllText(Path.Combine(dir, "b.dbc"), "CM_ \"IMPORT a.dbc\";\nBO_ 2 B: 8 X\n");
            File.WriteAllText(Path.Combine(dir, "c.dbc"), "CM_ \"IMPORT gone.dbc\";\nBO_ 3 C: 8 X\n");
            InputException e = Assert.Throws<InputException>(() => DbcReader.Load(Path.Combine(dir, "a.dbc")));
            Assert.Contains("imports itself", Assert.Single(e.Errors).Message);
            Assert.Equal(Path.Combine(dir, "b.dbc"), e.Errors[0].Location.File);
            var warnings = new List<InputError>();
            Assert.Single(DbcReader.Load(Path.Combine(dir, "c.dbc"), warnings).Messages);
            Assert.Contains("IMPORT gone.dbc", Assert.Single(warnings).Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [RealDataFact]
    public void EveryOpendbcFileLoadsAndStrictReportsTheSameProblemsAsErrors()
    {
        string[] files = Directory.GetFiles(RealData.Path("opendbc"), "*.dbc", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(118, files.Length);
        int tolerated = 0, skipped = 0, withWarnings = 0;
        foreach (string f in files)
        {
            var warnings = new List<InputError>();
            DbcDatabase db = DbcReader.Load(f, warnings);
            Assert.NotEmpty(db.Messages);
            // Sections this reader skips stay warnings when strict; everything else becomes an error.
            List<InputError> oddities = warnings.Where(w => !w.Message.Contains("skipped", StringComparison.Ordinal)).ToList();
            skipped += warnings.Count - oddities.Count;
            tolerated += oddities.Count;
            withWarnings += oddities.Count > 0 ? 1 : 0;
            if (oddities.Count == 0)
            {
                DbcReader.Load(f, null, strict: true);
                continue;
            }
            InputException e = Assert.Throws<InputException>(() => DbcReader.Load(f, null, strict: true));
            Assert.Equal(oddities.Select(w => w.ToString().Replace("warning:", "error:")), e.Errors.Select(x => x.ToString()));
        }
        // Counted on this data set (opendbc at 7343a66d): the numbers change only with the reader's rules.
        Assert.Equal(2296, tolerated);
        Assert.Equal(59, skipped);
        Assert.Equal(61, withWarnings);
    }

    [RealDataFact]
    public void TheToyotaRadarFileKeepsItsClusterMessages()
    {
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Load(RealData.Path("opendbc", "toyota_radar_dsu_tssp.dbc"), warnings);
        Assert.Equal(6, warnings.Count);
        Assert.All(warnings, w => Assert.Equal("missing ';' at the end of CM_", w.Message));
        Assert.Equal(19, db.Messages.Count);
        Assert.Equal(6, db.Message("OBJECT_11")!.Signals.Count);
        Assert.Equal(6, db.Message(0x680, false)!.Signals.Count);
    }

    [RealDataFact]
    public void AGeneratorPartReadsItsImportsAsOpendbcAssemblesThem()
    {
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Load(RealData.Path("opendbc", "generator", "toyota", "toyota_nodsu_pt.dbc"), warnings);
        DbcMessage speed = db.Message(0xB4, false)!; // defined in _toyota_2017.dbc
        Assert.Equal("SPEED", speed.Name);
        Assert.Contains("_toyota_2017.dbc", speed.Where.File);
        Assert.NotNull(db.Message("STEERING_LTA")); // the file's own part
        Assert.All(warnings, w => Assert.Contains("_toyota_2017.dbc", w.Location.File));
    }
}
