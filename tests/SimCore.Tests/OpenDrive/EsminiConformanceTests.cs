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
/// <remarks>
/// One known exception, from esmini rather than the road: in cut-in.xosc, from the OverTaker's
/// lane change on (t >= 6.25 s), esmini moves that entity in world coordinates and logs road
/// coordinates it derives back from them. Those rows agree laterally to 1e-6 m but esmini's
/// road_s leads its own x, y by up to about 1.4 mm along the road, and z by up to 0.4 mm,
/// although the same road segments match to 1e-6 m for the Ego, which esmini moves in road
/// coordinates. For those rows the lateral residual keeps the 1e-4 m tolerance; the along-road
/// residual and z are bounded by 2 mm and 0.5 mm so a real regression still fails.
/// </remarks>
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

        int rows = 0, exempt = 0;
        double worstXy = 0, worstZ = 0, worstExemptAlong = 0, worstExemptLat = 0, worstExemptZ = 0;
        string worstRow = "";
        foreach (string line in File.ReadLines(Path.Combine(SharedData.Esmini, "reference", scenario + ".csv")).Skip(1))
        {
            string[] f = line.Split(',');
            double x = D(f[2]), y = D(f[3]), z = D(f[4]), s = D(f[7]), offset = D(f[9]);
            int lane = int.Parse(f[8], CultureInfo.InvariantCulture);
            Pose2 p = r.ToWorld(s, r.LaneCenterT(lane, s) + offset);
            double dxy = Math.Max(Math.Abs(p.Position.X - x), Math.Abs(p.Position.Y - y));
            double dz = Math.Abs(r.ElevationAt(s) - z);
            if (scenario == "cut-in" && f[1] == "OverTaker" && D(f[0]) >= 6.25)
            {
                (double sin, double cos) = Math.SinCos(p.Heading);
                double ex = x - p.Position.X, ey = y - p.Position.Y;
                worstExemptAlong = Math.Max(worstExemptAlong, Math.Abs(ex * cos + ey * sin));
                worstExemptLat = Math.Max(worstExemptLat, Math.Abs(-ex * sin + ey * cos));
                worstExemptZ = Math.Max(worstExemptZ, dz);
                exempt++;
                rows++;
                continue;
            }
            if (dxy > worstXy)
            {
                worstXy = dxy;
                worstRow = line;
            }
            worstZ = Math.Max(worstZ, dz);
            rows++;
        }
        output.WriteLine($"{scenario}: {rows} rows, worst |dx|,|dy| {worstXy:G3} m ({worstRow}), worst |dz| {worstZ:G3} m");
        output.WriteLine($"  {exempt} rows positioned by esmini in world coordinates: worst along {worstExemptAlong:G3} m, lateral {worstExemptLat:G3} m, |dz| {worstExemptZ:G3} m");
        Assert.True(worstExemptLat <= Tolerance, $"lateral residual {worstExemptLat} m on world-positioned rows");
        Assert.True(worstExemptAlong <= 2e-3, $"along-road residual {worstExemptAlong} m on world-positioned rows");
        Assert.True(worstExemptZ <= 5e-4, $"z residual {worstExemptZ} m on world-positioned rows");
        Assert.True(rows > 100);
        Assert.True(worstXy <= Tolerance, $"worst xy difference {worstXy} m at row {worstRow}");
        Assert.True(worstZ <= Tolerance, $"worst z difference {worstZ} m");
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
