using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sim.Runtime.Import;
using Sim.Runtime.Import.Comma2k19;
using Sim.Runtime.Import.Pcap;
using Sim.Runtime.Import.Ros2;
using SimCore.Diagnostics;

namespace Sim.Cli.Commands;

/// <summary>`sim import pcap|comma2k19|ros2`: real logs as recordings `sim replay` and `sim log` read (docs/replay.md).</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var cmd = new Command("import", "Convert a real log (a lidar packet capture, a comma2k19 segment, a ROS 2 MCAP bag) into a recording with the channels `sim replay` reads (docs/replay.md). Exit 0 written (a damaged input is imported up to the damage, with a warning), 2 bad input.");
        cmd.Subcommands.Add(Pcap());
        cmd.Subcommands.Add(Comma());
        cmd.Subcommands.Add(Ros2());
        return cmd;
    }

    private static Command Ros2()
    {
        var bag = new Argument<string>("bag") { Description = "A ROS 2 bag in MCAP (ros2 bag record -s mcap)" };
        var output = new Option<string>("--out") { Description = "The recording to write (.mcap)", Required = true };
        var ego = new Option<string?>("--ego-topic") { Description = "The nav_msgs/Odometry topic that is the ego (default: the first)" };
        var step = new Option<double>("--step") { Description = "Tick step of the recording (s)", DefaultValueFactory = _ => 0.01 };
        var quiet = new Option<bool>("--quiet") { Description = "No summary" };
        var cmd = new Command("ros2", "Import a ROS 2 bag (MCAP, CDR): sensor_msgs PointCloud2, Image, CompressedImage, Imu, NavSatFix and can_msgs/Frame as streams, nav_msgs/Odometry as the ego, tf2_msgs/TFMessage on /tf_static as the streams' mounts; other types are counted and skipped.");
        cmd.Arguments.Add(bag);
        foreach (Option o in new Option[] { output, ego, step, quiet })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r => Run(r.GetValue(quiet), r.GetValue(bag)!, () => Ros2Importer.Run(new Ros2Importer.Options(
            r.GetValue(bag)!, r.GetValue(output)!, r.GetValue(ego), StepNs(r.GetValue(step))))));
        return cmd;
    }

    private static Command Comma()
    {
        var segment = new Argument<string>("segment") { Description = "The segment folder (holding processed_log/ and global_pose/)" };
        var dbc = new Option<string[]>("--dbc") { Description = "The car's DBC: FILE for every bus, or BUS=FILE (repeatable); opendbc generator parts read their IMPORTs", AllowMultipleArgumentsPerToken = false, Required = true };
        var output = new Option<string>("--out") { Description = "The recording to write (.mcap)", Required = true };
        var ratio = new Option<double?>("--steering-ratio") { Description = "Steering wheel angle per road-wheel angle (default: 16.88 for the comma2k19 RAV4, 15.38 for the Civic, openpilot's values)" };
        var steering = new Option<string?>("--steering") { Description = "Steering wheel angle signals, MESSAGE.SIGNAL[+MESSAGE.SIGNAL] (default: Toyota STEER_ANGLE_SENSOR.STEER_ANGLE+STEER_FRACTION, Honda STEERING_SENSORS.STEER_ANGLE)" };
        var step = new Option<double>("--step") { Description = "Tick step of the recording (s)", DefaultValueFactory = _ => 0.01 };
        var quiet = new Option<bool>("--quiet") { Description = "No summary" };
        var cmd = new Command("comma2k19", "Import a comma2k19 segment: raw CAN per bus and every frame the DBC knows decoded, the IMU, GNSS fixes, the car's radar tracks (Toyota), and the fused pose as the ego in a local east-north-up frame (origin in the metadata) with the driver's steering and acceleration as the logged actuation.");
        cmd.Arguments.Add(segment);
        foreach (Option o in new Option[] { dbc, output, ratio, steering, step, quiet })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r => Run(r.GetValue(quiet), r.GetValue(segment)!, () => Comma2k19Importer.Run(new Comma2k19Importer.Options(
            r.GetValue(segment)!, r.GetValue(dbc) ?? [], r.GetValue(output)!, r.GetValue(ratio), r.GetValue(steering), StepNs(r.GetValue(step))))));
        return cmd;
    }

    private static Command Pcap()
    {
        var file = new Argument<string>("file") { Description = "The capture (libpcap .pcap)" };
        var metadata = new Option<string?>("--metadata") { Description = "The Ouster sensor's metadata JSON (beam angles, data format, profile)" };
        var output = new Option<string>("--out") { Description = "The recording to write (.mcap)", Required = true };
        var lidarPort = new Option<int?>("--lidar-port") { Description = "Ouster lidar UDP port (default: the metadata's, else 7502)" };
        var imuPort = new Option<int?>("--imu-port") { Description = "Ouster IMU UDP port (default: the metadata's, else 7503)" };
        var velodyne = new Option<string?>("--velodyne") { Description = "Also read Velodyne data packets: auto (model from each packet's product id), VLP-16, HDL-32E or VLP-32C" };
        var velodynePort = new Option<int>("--velodyne-port") { Description = "Velodyne data port", DefaultValueFactory = _ => 2368 };
        var step = new Option<double>("--step") { Description = "Tick step of the recording (s)", DefaultValueFactory = _ => 0.01 };
        var quiet = new Option<bool>("--quiet") { Description = "No summary" };
        var cmd = new Command("pcap", "Import an Ouster capture (every packet profile: LEGACY, RNG19_RFL8_SIG16_NIR16[_DUAL], RNG15_RFL8_NIR8, FUSA_RNG15_RFL8_NIR8_DUAL; IMU LEGACY and ACCEL32_GYRO32_NMEA) with its metadata, and/or Velodyne packets: one lidar.v1 sweep per frame with points in the sensor frame and per-column timestamps, one imu.v1 output per IMU sample.");
        cmd.Arguments.Add(file);
        foreach (Option o in new Option[] { metadata, output, lidarPort, imuPort, velodyne, velodynePort, step, quiet })
        {
            cmd.Options.Add(o);
        }
        cmd.SetAction(r => Run(r.GetValue(quiet), r.GetValue(file)!, () => PcapImporter.Run(new PcapImporter.Options(
            r.GetValue(file)!, r.GetValue(metadata), r.GetValue(output)!, r.GetValue(lidarPort), r.GetValue(imuPort),
            r.GetValue(velodyne), r.GetValue(velodynePort), StepNs(r.GetValue(step))))));
        return cmd;
    }

    private static long StepNs(double seconds)
        => seconds is > 0 and <= 1 ? (long)Math.Round(seconds * 1e9) : throw new InputException(new SourceLocation("--step", 0, 0), $"{seconds} s is not a step above 0 and at most 1 s");

    /// <summary>Runs an import, prints its summary (facts, warnings, damage, speed) and maps errors to exit codes.</summary>
    private static int Run(bool quiet, string input, Func<ImportSummary> import)
    {
        var watch = Stopwatch.StartNew();
        ImportSummary s;
        try
        {
            s = import();
        }
        catch (InputException e)
        {
            CommonOptions.Print(e.Errors);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"{input}: error: {e.Message}");
            return ExitCodes.BadInput;
        }
        double seconds = watch.Elapsed.TotalSeconds;
        foreach (string w in s.Warnings)
        {
            Console.Error.WriteLine($"warning: {w}");
        }
        if (s.Damage is not null)
        {
            Console.Error.WriteLine($"warning: {s.Damage}");
        }
        if (!quiet)
        {
            foreach ((string name, string value) in s.Facts)
            {
                Console.WriteLine($"  {name}: {value}");
            }
            string outputs = string.Join(", ", s.Outputs.Select(kv => $"{kv.Key} {kv.Value}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {s.Output}: {s.Ticks} ticks; outputs: {outputs}; read {s.InputBytes / 1e6:F1} MB in {seconds:F2} s ({s.InputBytes / 1e6 / Math.Max(seconds, 1e-9):F1} MB/s)"));
        }
        return ExitCodes.Pass;
    }
}
