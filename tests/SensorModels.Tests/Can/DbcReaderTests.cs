using SensorModels.Can;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Can;

public class DbcReaderTests
{
    internal static string RepoFile(string relative)
    {
        for (string? d = AppContext.BaseDirectory; d is not null; d = Path.GetDirectoryName(d))
        {
            string p = Path.Combine(d, relative);
            if (File.Exists(p))
            {
                return p;
            }
        }
        throw new FileNotFoundException(relative);
    }

    private const string Sample = """
        VERSION "1.2"

        NS_ :
        	CM_
        	BA_DEF_
        	SIG_GROUP_

        BS_:

        BU_: ECU1 ECU2
        VAL_TABLE_ OnOff 0 "Off" 1 "On" ;

        BO_ 291 Status: 8 ECU1
         SG_ Speed : 0|16@1+ (0.01,0) [0|655.35] "km/h" ECU2
         SG_ Temp : 23|12@0- (0.5,-40) [-100|200] "degC" ECU2,ECU1

        BO_ 2566844926 Extended: 64 ECU2
         SG_ Big : 0|64@1+ (1,0) [0|0] "" ECU1

        BO_ 512 Muxed: 8 ECU1
         SG_ Mode M : 0|8@1+ (1,0) [0|255] "" ECU2
         SG_ A m0 : 8|16@1+ (1,0) [0|0] "" ECU2
         SG_ B m1 : 8|8@1+ (1,0) [0|0] "" ECU2

        BO_ 513 ExtMux: 8 ECU1
         SG_ S1 M : 0|8@1+ (1,0) [0|0] "" ECU2
         SG_ S2 m1M : 8|8@1+ (1,0) [0|0] "" ECU2
         SG_ X m3 : 16|8@1+ (1,0) [0|0] "" ECU2
         SG_ Y m4 : 16|16@1+ (1,0) [0|0] "" ECU2

        SIG_GROUP_ 291 G 1 : Speed;
        CM_ "The bus";
        CM_ BU_ ECU1 "first";
        CM_ BO_ 291 "status message";
        CM_ SG_ 291 Speed "vehicle
        speed";
        BA_DEF_ BO_ "GenMsgCycleTime" INT 0 10000;
        BA_DEF_ BO_ "VFrameFormat" ENUM "StandardCAN","ExtendedCAN","StandardCAN_FD","ExtendedCAN_FD";
        BA_DEF_DEF_ "GenMsgCycleTime" 100;
        BA_DEF_DEF_ "VFrameFormat" "StandardCAN";
        BA_ "GenMsgCycleTime" BO_ 291 20;
        BA_ "VFrameFormat" BO_ 2566844926 3;
        VAL_ 512 Mode 0 "ModeA" 1 "ModeB" ;
        SG_MUL_VAL_ 513 S2 S1 1-1;
        SG_MUL_VAL_ 513 X S2 3-3;
        SG_MUL_VAL_ 513 Y S2 4-4, 6-7;
        """;

    [Fact]
    public void ReadsMessagesSignalsAttributesAndComments()
    {
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Parse("s.dbc", Sample, warnings);
        Assert.Equal("1.2", db.Version);
        Assert.Equal(new[] { "ECU1", "ECU2" }, db.Nodes);
        Assert.Equal(4, db.Messages.Count);
        Assert.Equal("The bus", db.Comment);
        Assert.Equal("first", db.NodeComments["ECU1"]);
        Assert.Equal("On", db.ValueTables["OnOff"][1]);

        DbcMessage status = db.Message(0x123, false)!;
        Assert.Equal("Status", status.Name);
        Assert.Equal(20, status.CycleTimeMs);
        Assert.False(status.IsFd);
        Assert.Equal("status message", status.Comment);
        DbcSignal temp = status.Signal("Temp")!;
        Assert.Equal((23, 12, DbcByteOrder.Motorola, true), (temp.StartBit, temp.Length, temp.ByteOrder, temp.IsSigned));
        Assert.Equal((0.5, -40.0, -100.0, 200.0, "degC"), (temp.Factor, temp.Offset, temp.Minimum, temp.Maximum, temp.Unit));
        Assert.Equal(new[] { "ECU2", "ECU1" }, temp.Receivers);
        Assert.Equal("vehicle\nspeed", status.Signal("Speed")!.Comment!.Replace("\r", ""));

        // 2566844926 = 0x98FEF1FE: bit 31 set, id 0x18FEF1FE; 64 bytes and ExtendedCAN_FD.
        DbcMessage ext = db.Message(0x18FEF1FE, true)!;
        Assert.True(ext.IsExtended);
        Assert.True(ext.IsFd);
        Assert.Equal(64, ext.Length);
        Assert.Equal(100, ext.CycleTimeMs); // BA_DEF_DEF_

        // SIG_GROUP_ is skipped with a warning that names its line.
        InputError w = Assert.Single(warnings);
        Assert.Equal(31, w.Location.Line);
        Assert.Contains("SIG_GROUP_", w.Message);
    }

    [Fact]
    public void SimpleMultiplexingEncodesOnlyTheSelectedSignals()
    {
        DbcMessage m = DbcReader.Parse("s.dbc", Sample).Message("Muxed")!;
        Assert.True(m.Signal("Mode")!.IsMultiplexor);
        Assert.Equal("ModeB", m.Signal("Mode")!.ValueDescriptions[1]);
        var data = new byte[8];
        // Mode 1 selects B (8 bits at byte 1); A (16 bits from byte 1) is not written.
        m.Encode(data, new double[] { 1, 0x1234, 0x56 });
        Assert.Equal(new byte[] { 1, 0x56, 0, 0, 0, 0, 0, 0 }, data);
        var values = new double[3];
        m.Decode(data, values);
        Assert.Equal(1, values[0]);
        Assert.True(double.IsNaN(values[1]));
        Assert.Equal(0x56, values[2]);
        // Mode 0 selects A.
        m.Encode(data, new double[] { 0, 0x1234, 0x56 });
        Assert.Equal(new byte[] { 0, 0x34, 0x12, 0, 0, 0, 0, 0 }, data);
    }

    [Fact]
    public void ExtendedMultiplexingFollowsTheChainOfSwitches()
    {
        DbcMessage m = DbcReader.Parse("s.dbc", Sample).Message("ExtMux")!;
        DbcSignal s2 = m.Signal("S2")!, y = m.Signal("Y")!;
        Assert.Same(m.Signal("S1"), s2.Multiplexor);
        Assert.Same(s2, y.Multiplexor);
        Assert.Equal(new[] { new DbcMultiplexRange(4, 4), new DbcMultiplexRange(6, 7) }, y.MultiplexRanges);
        Assert.True(DbcMessage.IsActive(y, new byte[] { 1, 7, 0, 0, 0, 0, 0, 0 }));
        Assert.False(DbcMessage.IsActive(y, new byte[] { 1, 5, 0, 0, 0, 0, 0, 0 }));
        // S2 = 6 but S1 = 2 does not select S2, so neither is Y selected.
        Assert.False(DbcMessage.IsActive(y, new byte[] { 2, 6, 0, 0, 0, 0, 0, 0 }));
        var data = new byte[8];
        m.Encode(data, new double[] { 1, 6, 0x11, 0x2233 });
        Assert.Equal(new byte[] { 1, 6, 0x33, 0x22, 0, 0, 0, 0 }, data);
    }

    [Fact]
    public void BadFilesGetEveryErrorWithItsLineAndColumn()
    {
        const string bad = """
            BU_: A B A
            BO_ 100 One: 8 A
             SG_ Wide : 60|8@1+ (1,0) [0|255] "" B
             SG_ Nan : 0|8@1+ (abc,0) [0|1] "" B
             SG_ P : 0|8@1+ (1,0) [0|1] "" B
             SG_ Q : 7|4@1+ (1,0) [0|1] "" B
             SG_ P : 16|8@1+ (1,0) [0|1] "" B
            BO_ 100 Two: 9 A
            BO_ 4096 One: 8 A
            BA_DEF_ BO_ "GenMsgCycleTime" INT 0 1000;
            BA_ "GenMsgCycleTime" BO_ 300 10;
            VAL_ 100 Nope 0 "x" ;
            """;
        InputException e = Assert.Throws<InputException>(() => DbcReader.Parse("bad.dbc", bad, strict: true));
        string[] got = e.Errors.Select(x => $"{x.Location.Line}:{x.Location.Column} {x.Message}").ToArray();
        Assert.Contains(got, x => x.StartsWith("1:10 ") && x.Contains("node 'A' is listed twice"));
        Assert.Contains(got, x => x.StartsWith("4:20 ") && x.Contains("factor") && x.Contains("'abc'"));
        Assert.Contains(got, x => x.StartsWith("3:6 ") && x.Contains("needs 9 bytes but message One has 8"));
        Assert.Contains(got, x => x.StartsWith("6:6 ") && x.Contains("Q overlaps signal P"));
        Assert.Contains(got, x => x.StartsWith("7:6 ") && x.Contains("'P' is used twice"));
        Assert.Contains(got, x => x.StartsWith("8:14 ") && x.Contains("length 9 bytes"));
        Assert.Contains(got, x => x.StartsWith("8:5 ") && x.Contains("id 0x64 is used by One"));
        Assert.Contains(got, x => x.StartsWith("9:5 ") && x.Contains("larger than 11 bits without bit 31"));
        Assert.Contains(got, x => x.StartsWith("9:5 ") && x.Contains("name 'One' is used twice"));
        Assert.Contains(got, x => x.StartsWith("11:5 ") && x.Contains("no message has id 300"));
        Assert.Contains(got, x => x.StartsWith("12:6 ") && x.Contains("no signal 'Nope'"));
        Assert.All(e.Errors, x => Assert.Equal("bad.dbc", x.Location.File));
    }

    [Fact]
    public void MultiplexedSignalsWithoutASwitchAreErrors()
    {
        InputException e = Assert.Throws<InputException>(() => DbcReader.Parse("m.dbc", "BO_ 1 M: 8 X\n SG_ A m1 : 0|8@1+ (1,0) [0|0] \"\" X\n"));
        Assert.Contains("no multiplexor signal", Assert.Single(e.Errors).Message);
        Assert.Equal(2, e.Errors[0].Location.Line);
    }

    [Fact]
    public void TheProjectsVehicleBusReadsCleanly()
    {
        var warnings = new List<InputError>();
        DbcDatabase db = DbcReader.Load(RepoFile("scenarios/can/vehicle.dbc"), warnings);
        Assert.Empty(warnings);
        Assert.Equal(9, db.Messages.Count);
        foreach (DbcMessage m in db.Messages)
        {
            Assert.InRange(m.CycleTimeMs, 10, 100);
            Assert.Contains(m.Signals, s => s.Name.EndsWith("_Counter"));
            Assert.Contains(m.Signals, s => s.Name.EndsWith("_Checksum"));
        }
        Assert.Equal(10, db.Message("ADAS_SteeringRequest")!.CycleTimeMs);
    }
}
