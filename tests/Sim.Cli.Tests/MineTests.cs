using System.Globalization;
using System.Text.Json;
using Sim.Cli.Tests.Infrastructure;

namespace Sim.Cli.Tests;

/// <summary>`sim mine`: frames of a generated dataset ranked by model uncertainty (issue #9), with the hand-weighted test model.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class MineTests
{
    private static string ToySpec => Path.Combine(Repo.Root, "tools", "onnx-testmodels", "bev_toy.yaml");

    [Fact]
    public void Mining_ranks_the_frames_of_a_dataset_and_keeps_their_lineage()
    {
        using var dir = new TempDir();
        dir.Write("static.yaml", """
            name: mine
            duration: 3
            step: 0.01
            seed: 3
            road: {id: straight, geometry: [line: 400], lanes: {right: [{width: 3.5}, {width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: straight, lane: -2, s: 60}, speed: 0, driver: {type: reference, cruise_speed: 0.001}}
            """);
        dir.Write("rig.yaml", """
            name: mine
            sensors:
              - {name: top, type: lidar, mount: {x: 1.3, y: 0, z: 1.95}, rate: 10, channels: 16, fov_up_deg: 10, fov_down_deg: 25, azimuth_steps: 512, max_range: 60, motion_compensated: true}
              - {name: ground_truth, type: ground_truth, mount: {x: 1.3, y: 0, z: 1.95}, rate: 10, range: 60}
            """);
        string spec = dir.Write("spec.yaml", """
            seed: 11
            scenarios: [static.yaml]
            variants: 6
            frames: 1
            interval: 0.5
            start: 0.5
            rig: rig.yaml
            format: kitti
            actors: {count: {min: 1, max: 4}, types: {car: 1, pedestrian: 1}, ds: {min: 3, max: 9}, speed: 0, pedestrian_speed: 0}
            environment: {time_of_day: {min: 0, max: 23.9}}
            """);
        CliResult g = SimCli.InProcess("generate", spec, "--out", dir.File("data"), "--quiet");
        Assert.True(g.ExitCode == 0, g.ToString());

        string selection = dir.File("sel");
        CliResult m = SimCli.InProcess("mine", dir.File("data"), "--model", ToySpec, "--top", "4", "--out", selection);
        Assert.True(m.ExitCode == 0, m.ToString());
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(selection + ".json"));
        JsonElement[] frames = doc.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(6, doc.RootElement.GetProperty("frames_considered").GetInt32());
        Assert.Equal(4, frames.Length);
        double[] u = frames.Select(f => f.GetProperty("uncertainty").GetDouble()).ToArray();
        Assert.Equal(u.OrderDescending(), u);
        Assert.Equal(frames.Select(f => f.GetProperty("id").GetString()), File.ReadAllLines(selection + ".txt"));
        Assert.All(frames, f => Assert.Equal(JsonValueKind.Object, f.GetProperty("lineage").GetProperty("randomised").ValueKind));

        // Night only: exactly the frames whose drawn time of day has the sun below -6 degrees, per the
        // manifest. By hand, equinox at 48 N: sin(elevation) = cos(48 deg) cos(15 deg/h (h - 12)) < sin(-6 deg)
        // when |h - 12| > acos(-0.10453 / 0.66913) / 15 deg = 6.599 h, i.e. before 5.401 h or after 18.599 h.
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.File("data"), "manifest.json")));
        string[] night = manifest.RootElement.GetProperty("frames").EnumerateArray()
            .Where(f => f.GetProperty("lineage").GetProperty("randomised").GetProperty("time_of_day").GetDouble() is var h && (h < 5.401 || h > 18.599))
            .Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        CliResult n = SimCli.InProcess("mine", dir.File("data"), "--model", ToySpec, "--top", "100", "--condition", "night", "--out", dir.File("night"));
        Assert.True(n.ExitCode == 0, n.ToString());
        Assert.Equal(night, File.ReadAllLines(dir.File("night") + ".txt").Order(StringComparer.Ordinal));

        // The same inputs select the same bytes.
        Assert.Equal(0, SimCli.InProcess("mine", dir.File("data"), "--model", ToySpec, "--top", "4", "--out", dir.File("again")).ExitCode);
        Assert.Equal(File.ReadAllBytes(selection + ".txt"), File.ReadAllBytes(dir.File("again") + ".txt"));

        CliResult bad = SimCli.InProcess("mine", dir.File("data"), "--model", ToySpec, "--class", "unicorn", "--out", dir.File("x"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'unicorn' is not a class of the model (vehicle, pedestrian)", bad.StdErr);
        CliResult both = SimCli.InProcess("mine", dir.File("data"), "--model", ToySpec, "--ensemble", ToySpec + "," + ToySpec, "--out", dir.File("z"));
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both or neither", both.StdErr);
        CliResult notData = SimCli.InProcess("mine", dir.File("nowhere"), "--model", ToySpec, "--out", dir.File("y"));
        Assert.Equal(2, notData.ExitCode);
        Assert.Contains("no manifest.json", notData.StdErr);
    }
}
