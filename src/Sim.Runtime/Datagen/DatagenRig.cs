using SensorModels.Camera;
using SensorModels.GroundTruth;
using SensorModels.Imu;
using SensorModels.Lidar;
using SensorModels.Mathematics;
using SensorModels.Radar;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;

namespace Sim.Runtime.Datagen;

/// <summary>
/// The sensors of a rig that a dataset is made of: the lidar written as velodyne, the ground truth
/// the labels come from, the camera written as image_2 (or none: the virtual camera), the radars
/// written as side files and the IMU that Tr_imu_to_velo refers to. Checked once, before any run.
/// </summary>
internal sealed class DatagenRig
{
    private DatagenRig(SensorDefinition lidar, SensorDefinition groundTruth, CameraSensor? camera, IReadOnlyList<SensorDefinition> radars, Pose3? imu)
    {
        Lidar = lidar;
        GroundTruth = groundTruth;
        Camera = camera;
        Radars = radars;
        Imu = imu;
    }

    public SensorDefinition Lidar { get; }

    public SensorDefinition GroundTruth { get; }

    /// <summary>The image camera, or null (then the calibration is the virtual KITTI camera).</summary>
    public CameraSensor? Camera { get; }

    public IReadOnlyList<SensorDefinition> Radars { get; }

    /// <summary>The first IMU's mount, or null (the vehicle frame stands in).</summary>
    public Pose3? Imu { get; }

    /// <summary>Name of the camera's colour stream.</summary>
    public string? RgbStream => Camera is null ? null : Camera.Definition.Name + ".rgb";

    /// <summary>Name of the camera's box stream, or null when the camera does not output boxes.</summary>
    public string? BoxStream => Camera is not null && Camera.Streams.Any(s => s.Stream == CameraStreams.Boxes) ? Camera.Definition.Name + ".boxes" : null;

    /// <summary>The frame calibration (the same for every frame: mounts are fixed).</summary>
    public KittiCalibration Calibration()
        => KittiCalibration.Create(Lidar.Mount, Camera?.Definition.Mount, Camera?.Model, Imu);

    /// <summary>Loads the rig and picks its sensors; a rig that cannot make a dataset is an error at the rig's or the spec's line.</summary>
    public static DatagenRig Load(GenerationSpec spec)
    {
        SensorRig rig = RigLoader.Load(spec.Rig);
        var errors = new List<InputError>();
        SourceLocation At(string key) => spec.Where.TryGetValue(key, out SourceLocation w) ? w : spec.RigWhere;
        SensorDefinition? Pick(string type, string? name, string key)
        {
            Sensor[] all = rig.Sensors.Where(s => s.Definition.Type == type).ToArray();
            if (name is not null)
            {
                Sensor? named = rig.Sensors.FirstOrDefault(s => s.Definition.Name == name);
                if (named is not null && named.Definition.Type == type)
                {
                    return named.Definition;
                }
                errors.Add(new InputError(At(key), $"'{key}: {name}' is not a {type} of rig {spec.Rig} (its {type} sensors: {string.Join(", ", all.Select(s => s.Definition.Name).DefaultIfEmpty("none"))})"));
                return null;
            }
            if (all.Length == 1 || (all.Length > 1 && key == "camera"))
            {
                return all[0].Definition;
            }
            if (all.Length > 1)
            {
                errors.Add(new InputError(At(key == "ground_truth" ? "rig" : key), $"rig {spec.Rig} has {all.Length} {type} sensors ({string.Join(", ", all.Select(s => s.Definition.Name))}): name one with '{key}:' in the spec"));
            }
            else if (key != "camera")
            {
                errors.Add(new InputError(spec.RigWhere, $"rig {spec.Rig} has no {type} sensor; a KITTI dataset needs a lidar (velodyne) and a ground_truth sensor (labels), e.g. `- {{name: ground_truth, type: ground_truth, mount: <the lidar's>, rate: <the lidar's>}}`"));
            }
            return null;
        }
        SensorDefinition? lidar = Pick("lidar", spec.Lidar, "lidar");
        SensorDefinition? gt = Pick("ground_truth", null, "ground_truth");
        SensorDefinition? cam = Pick("camera", spec.Camera, "camera");
        var camera = cam is null ? null : (CameraSensor)rig.Sensors.First(s => s.Definition == cam);
        if (camera is not null)
        {
            var where = new SourceLocation(spec.Rig, camera.Definition.Where.Line, camera.Definition.Where.Column);
            if (camera.Model.Lens.Model != LensModel.Pinhole)
            {
                errors.Add(new InputError(where, $"camera '{camera.Definition.Name}': KITTI images are rectified (pinhole, P2 = K [I | 0]); this camera has a '{camera.Model.Lens.Model}' lens"));
            }
            if (!camera.Streams.Any(s => s.Stream == CameraStreams.Rgb))
            {
                errors.Add(new InputError(where, $"camera '{camera.Definition.Name}': image_2 needs its 'rgb' output (outputs: [rgb, boxes])"));
            }
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
        Pose3? imu = rig.Sensors.FirstOrDefault(s => s.Definition.Type == "imu")?.Definition.Mount;
        return new DatagenRig(lidar!, gt!, camera, rig.Sensors.Where(s => s.Definition.Type == "radar").Select(s => s.Definition).ToArray(), imu);
    }

    /// <summary>
    /// Checks that every frame time is one at which the lidar ends a sweep, the ground truth outputs
    /// and the camera renders, and that it is a step boundary: else the labels would be of another time.
    /// </summary>
    public void CheckSchedule(GenerationSpec spec, long stepNs, double duration, string scenario, List<InputError> errors)
    {
        SourceLocation interval = spec.Where.TryGetValue("interval", out SourceLocation w) ? w : new SourceLocation(spec.File, 0, 0);
        long start = (long)Math.Round(spec.Start * 1e9), every = (long)Math.Round(spec.Interval * 1e9);
        long last = start + (spec.Frames - 1) * every;
        if (last > (long)Math.Round(duration * 1e9))
        {
            errors.Add(new InputError(interval, $"{scenario}: the last frame (t = {last / 1e9:0.###} s: start + (frames - 1) x interval) is after the scenario's end ({duration:0.###} s)"));
        }
        if (start % stepNs != 0 || every % stepNs != 0)
        {
            errors.Add(new InputError(interval, $"{scenario}: 'start' and 'interval' must be multiples of the scenario's step ({stepNs / 1e9:0.######} s)"));
        }
        var sensors = new List<SensorDefinition> { Lidar, GroundTruth };
        if (Camera is not null)
        {
            sensors.Add(Camera.Definition);
        }
        foreach (SensorDefinition d in sensors)
        {
            if ((start - d.PhaseNanoseconds) % d.PeriodNanoseconds != 0 || start < d.PhaseNanoseconds || every % d.PeriodNanoseconds != 0)
            {
                errors.Add(new InputError(interval, $"sensor '{d.Name}' (rate {d.RateHz:0.###} Hz, phase {d.PhaseSeconds:0.###} s) has no output at every frame time (start {spec.Start:0.###} s + k x {spec.Interval:0.###} s): make 'interval' a multiple of its period and 'start' one of its output times"));
            }
        }
    }
}
