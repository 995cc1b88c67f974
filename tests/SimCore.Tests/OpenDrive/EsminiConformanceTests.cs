using System.Globalization;
using SimCore.Diagnostics;
using SimCore.Mathematics;
using SimCore.OpenDrive;
using SimCore.Roads;
using Xunit.Abstractions;

namespace SimCore.Tests.OpenDrive;

/// <summary>
/// The shared esmini roads load, and every position esmini logged on them (road s, lane, lane
/// offset) maps to esmini's world x, y and z.
/// </summary>
public class EsminiConformanceTests(ITestOutputHelper output)
{
    // esmini prints 6 decimals; 1e-4 m leaves room for rounding only.
    private const double Tolerance = 1e-4;

    [SharedTheory]
    [InlineData("e6mini.xodr")]
    [InlineData("curve_r100.xodr")]
    [InlineData("straight_500m.xodr")]
    public void SharedRoadsLoadWithoutErrors(string file)
    {
        var warnings = new List<InputError>();
        RoadNetwork net = OpenDriveReader.Load(Path.Combine(SharedData.Esmini, "xodr", file), warnings);
        Assert.NotEmpty(net.Roads);
        foreach (InputError w in warnings)
        {
            output.WriteLine(w.ToString());
            Assert.True(w.Location.Line > 0, "every warning names a line: " + w);
        }
    }

    [SharedTheory]
    [InlineData("cut-in", "e6mini.xodr")]
    [InlineData("cut-in_simple", "straight_500m.xodr")]
    [InlineData("lane_change_simple", "curve_r100.xodr")]
    [InlineData("speed-profile", "straight_500m.xodr")]
    [InlineData("straight_500m", "straight_500m.xodr")]
    public void ReferencePositionsMatchEsmini(string scenario, string road)
    {
        // The xosc names its road; check the pairing here rather than trusting the table above.
        string xosc = File.ReadAllText(Path.Combine(SharedData.Esmini, "xosc", scenario + ".xosc"));
        Assert.Contains($"../xodr/{road}", xosc, StringComparison.Ordinal);
        RoadNetwork net = OpenDriveReader.Load(Path.Combine(SharedData.Esmini, "xodr", road), []);
        Road r = Assert.Single(net.Roads);

        int rows = 0;
        double worstXy = 0, worstZ = 0;
        string worstRow = "";
        foreach (string line in File.ReadLines(Path.Combine(SharedData.Esmini, "reference", scenario + ".csv")).Skip(1))
        {
            string[] f = line.Split(',');
            double x = D(f[2]), y = D(f[3]), z = D(f[4]), s = D(f[7]), offset = D(f[9]);
            int lane = int.Parse(f[8], CultureInfo.InvariantCulture);
            Pose2 p = r.ToWorld(s, r.LaneCenterT(lane, s) + offset);
            double dxy = Math.Max(Math.Abs(p.Position.X - x), Math.Abs(p.Position.Y - y));
            double dz = Math.Abs(r.ElevationAt(s) - z);
            if (dxy > worstXy)
            {
                worstXy = dxy;
                worstRow = line;
            }
            worstZ = Math.Max(worstZ, dz);
            rows++;
        }
        output.WriteLine($"{scenario}: {rows} rows, worst |dx|,|dy| {worstXy:G3} m ({worstRow}), worst |dz| {worstZ:G3} m");
        Assert.True(rows > 100);
        Assert.True(worstXy <= Tolerance, $"worst xy difference {worstXy} m at row {worstRow}");
        Assert.True(worstZ <= Tolerance, $"worst z difference {worstZ} m");
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
