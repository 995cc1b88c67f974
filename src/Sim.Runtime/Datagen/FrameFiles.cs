using System.Globalization;

namespace Sim.Runtime.Datagen;

/// <summary>
/// The files of one frame under the output folder (docs/datagen.md). Each is written atomically;
/// label_2 goes last, so a frame whose files all exist is complete (what --resume checks).
/// </summary>
internal static class FrameFiles
{
    /// <summary>The frame's file stem: its global id, six digits (more when the dataset has a million frames or more).</summary>
    public static string Stem(long id) => id.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Every file of a frame, relative to the output folder ('/'-separated), label_2 last.</summary>
    public static IReadOnlyList<string> All(long id, DatagenRig rig)
    {
        string n = Stem(id);
        var files = new List<string> { $"velodyne/{n}.bin", $"lidar/{n}.bin", $"calib/{n}.txt", $"ego/{n}.json" };
        if (rig.Camera is not null)
        {
            files.Add($"image_2/{n}.png");
        }
        files.AddRange(rig.Radars.Select(r => $"radar/{r.Name}/{n}.bin"));
        files.Add($"label_2/{n}.txt");
        return files;
    }

    /// <summary>True when every file of the frame exists under its final name.</summary>
    public static bool Complete(string outDir, long id, DatagenRig rig)
        => All(id, rig).All(f => File.Exists(Path.Combine(outDir, f)));
}
