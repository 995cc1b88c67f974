using System.Text.Json;
using Sim.Runtime.Datagen;
using Sim.Runtime.Mining;
using SimCore.Diagnostics;

namespace Sim.Runtime.Tests.Mining;

/// <summary>
/// `sim mine --ensemble` on a hand-made camera dataset (uniform 16 x 8 images) with two hand-weighted
/// members (tools/onnx-testmodels: cam_toy, vehicle logit 10 r - 5, and cam_toy_b, 10 r - 3; both
/// pedestrian 10 g - 5): every cell's mutual information follows from the pixel alone, computed here
/// from the closed form.
/// </summary>
public sealed class DatasetMinerTests
{
    private static string Model(string name) => Path.Combine(Repo.Root, "tools", "onnx-testmodels", name + ".yaml");

    /// <summary>
    /// BALD for two members at one cell: each member's distribution over (background, vehicle,
    /// pedestrian) is softmax(0, l_vehicle, l_pedestrian); MI = H(mean) - mean H, in bits.
    /// </summary>
    private static double CellMi(double r, double g)
    {
        static double[] Q(double lv, double lp)
        {
            double z = 1 + Math.Exp(lv) + Math.Exp(lp);
            return [1 / z, Math.Exp(lv) / z, Math.Exp(lp) / z];
        }
        static double H(double[] p) => -p.Where(x => x > 0).Sum(x => x * Math.Log2(x));
        double[] a = Q(10 * r - 5, 10 * g - 5), b = Q(10 * r - 3, 10 * g - 5);
        double[] m = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
        return H(m) - (H(a) + H(b)) / 2;
    }

    /// <summary>A dataset of frames (id, variant, time, left half colour, right half colour).</summary>
    private static string Dataset(TempDir dir, params (string Id, int Variant, double Time, (byte R, byte G) Left, (byte R, byte G) Right)[] frames)
    {
        string root = dir.File("data");
        Directory.CreateDirectory(Path.Combine(root, "image_2"));
        var manifest = new List<object>();
        foreach ((string id, int variant, double time, (byte R, byte G) left, (byte R, byte G) right) in frames)
        {
            byte[] rgb = new byte[16 * 8 * 3];
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 16; x++)
                {
                    (byte r, byte g) = x < 8 ? left : right;
                    (rgb[(y * 16 + x) * 3], rgb[(y * 16 + x) * 3 + 1]) = (r, g);
                }
            }
            using (FileStream s = File.Create(Path.Combine(root, "image_2", id + ".png")))
            {
                PngWriter.Write(s, 16, 8, rgb);
            }
            manifest.Add(new { id, time, lineage = new { scenario = "s.yaml", variant, randomised = new { time_of_day = 23.0 } } });
        }
        File.WriteAllText(Path.Combine(root, "manifest.json"), JsonSerializer.Serialize(new { interval = 0.5, frames = manifest }));
        return root;
    }

    private static readonly (string, int, double, (byte, byte), (byte, byte))[] Frames =
    [
        ("000000", 0, 1.0, (0, 0), (0, 0)),        // black
        ("000001", 0, 1.5, (128, 0), (128, 0)),
        ("000002", 0, 2.0, (255, 0), (255, 0)),    // both sure it is a vehicle
        ("000003", 1, 1.0, (102, 0), (102, 0)),
        ("000004", 1, 2.0, (0, 0), (0, 0)),        // 1 s after 000003: not a near-duplicate
        ("000005", 2, 1.0, (0, 255), (0, 255)),    // both sure it is a pedestrian
        ("000006", 3, 1.0, (102, 0), (0, 0)),      // half 000003, half black: same max, lower mean
    ];

    [Fact]
    public void The_ensemble_ranks_by_mutual_information_and_skips_near_duplicates()
    {
        using var dir = new TempDir();
        string data = Dataset(dir, Frames);
        double black = CellMi(0, 0), r128 = CellMi(128 / 255.0, 0), red = CellMi(1, 0), r102 = CellMi(102 / 255.0, 0), green = CellMi(0, 1);
        // The order the closed form gives: r102 > r128 > black > red > green.
        Assert.True(r102 > r128 && r128 > black && black > red && red > green);

        string output = dir.File("sel");
        MineSummary summary = DatasetMiner.Run(new MineRequest(data, [Model("cam_toy"), Model("cam_toy_b")], true, 5, output, "mi-max", null, null, null));
        Assert.Equal(new MineSummary(5, 7, 2, 0.5), summary);
        // Ranking: 000003 and 000006 (r102; the tie goes by id), 000001 (r128), 000000 and 000004
        // (black), 000002 (red), 000005 (green). 000000 is 0.5 s from the taken 000001 (same variant),
        // 000002 too: both skipped.
        Assert.Equal(["000003", "000006", "000001", "000004", "000005"], File.ReadAllLines(output + ".txt"));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(output + ".json"));
        JsonElement[] f = doc.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        double[] expectedMax = [r102, r102, r128, black, green];
        double[] expectedMean = [r102, (r102 + black) / 2, r128, black, green];
        for (int i = 0; i < f.Length; i++)
        {
            Assert.Equal(expectedMax[i], f[i].GetProperty("mi_max").GetDouble(), 5);
            Assert.Equal(expectedMean[i], f[i].GetProperty("mi_mean").GetDouble(), 5);
        }
        Assert.Equal(2, doc.RootElement.GetProperty("near_duplicates_skipped").GetInt32());

        // mi-mean puts the half-black frame (mean (r102 + black) / 2) below 000001; --dedup 0 keeps 000000.
        DatasetMiner.Run(new MineRequest(data, [Model("cam_toy"), Model("cam_toy_b")], true, 4, dir.File("mean"), "mi-mean", null, null, 0));
        Assert.Equal(["000003", "000001", "000006", "000000"], File.ReadAllLines(dir.File("mean") + ".txt"));

        // The same inputs select the same bytes.
        DatasetMiner.Run(new MineRequest(data, [Model("cam_toy"), Model("cam_toy_b")], true, 5, dir.File("again"), "mi-max", null, null, null));
        Assert.Equal(File.ReadAllBytes(output + ".json").Length, File.ReadAllBytes(dir.File("again") + ".json").Length);
        Assert.Equal(File.ReadAllBytes(output + ".txt"), File.ReadAllBytes(dir.File("again") + ".txt"));
    }

    [Fact]
    public void Identical_members_do_not_disagree()
    {
        using var dir = new TempDir();
        string data = Dataset(dir, Frames);
        DatasetMiner.Run(new MineRequest(data, [Model("cam_toy"), Model("cam_toy")], true, 7, dir.File("same"), "mi-max", null, null, 0));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(dir.File("same") + ".json"));
        Assert.All(doc.RootElement.GetProperty("frames").EnumerateArray(), f => Assert.Equal(0.0, f.GetProperty("mi_max").GetDouble()));
        // All tie: by id.
        Assert.Equal(Frames.Select(f => f.Item1), File.ReadAllLines(dir.File("same") + ".txt"));
    }

    [Fact]
    public void Bad_requests_name_the_option_or_spec()
    {
        using var dir = new TempDir();
        string data = Dataset(dir, Frames);
        InputException one = Assert.Throws<InputException>(() => DatasetMiner.Run(new MineRequest(data, [Model("cam_toy")], true, 5, dir.File("x"), "mi-max", null, null, null)));
        Assert.Contains("two or more model specs", one.Message);
        InputException measure = Assert.Throws<InputException>(() => DatasetMiner.Run(new MineRequest(data, [Model("cam_toy")], false, 5, dir.File("x"), "mi-max", null, null, null)));
        Assert.Contains("mi-max and mi-mean need an ensemble", measure.Message);
        InputException mixed = Assert.Throws<InputException>(() => DatasetMiner.Run(new MineRequest(data, [Model("cam_toy"), Model("bev_toy")], true, 5, dir.File("x"), "mi-max", null, null, null)));
        Assert.Contains("bev_toy.yaml", mixed.Message);
        Assert.Contains("must read the same sensor", mixed.Message);
        InputException window = Assert.Throws<InputException>(() => DatasetMiner.Run(new MineRequest(data, [Model("cam_toy"), Model("cam_toy_b")], true, 5, dir.File("x"), "mi-max", null, null, -1)));
        Assert.Contains("--dedup", window.Message);
        Assert.False(File.Exists(dir.File("x") + ".json"));
    }
}
