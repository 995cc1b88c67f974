using HilBridge.Protocol.Messages;
using Perception;
using Perception.Runtime;
using SensorModels.Lidar;
using SensorModels.Mathematics;
using SensorModels.Output;
using SimCore.Driver;
using SimCore.Entities;

namespace Sim.Runtime.Sil;

/// <summary>
/// A perception model on a lidar's outputs: joins a sweep's packets, runs the model on each whole
/// sweep and gives its detections in the world (for the planner) and in the ego's vehicle frame
/// (for scoring, as a HIL target reports them). Used in the loop (`--ego-driver onnx:`) and by
/// `sim target --driver onnx:`.
/// </summary>
internal sealed class ModelPerception : IDisposable
{
    private readonly Pose3 _mount;
    private readonly LidarSweepAssembler _sweeps;

    /// <summary>Runs <paramref name="model"/> on lidar <paramref name="lidar"/> mounted at <paramref name="mount"/> (vehicle frame).</summary>
    public ModelPerception(ModelRunner model, string lidar, Pose3 mount) => (Model, Lidar, _mount, _sweeps) = (model, lidar, mount, new LidarSweepAssembler(lidar));

    /// <summary>The runner (provider, frames, latency).</summary>
    public ModelRunner Model { get; }

    /// <summary>The lidar stream it reads.</summary>
    public string Lidar { get; }

    /// <summary>The last sweep's detections, world frame.</summary>
    public List<DetectedObject> World { get; } = new();

    /// <summary>The same, in the ego's vehicle frame (ISO 8855), as a HIL target reports what it perceived.</summary>
    public List<PerceivedObject> Perceived { get; } = new();

    /// <summary>Takes one output of the lidar; true when it completed a sweep (then call <see cref="Detect"/>).</summary>
    /// <exception cref="InvalidDataException">Not a lidar.v1 output.</exception>
    public bool Add(in SensorFrame frame, ReadOnlySpan<byte> payload) => _sweeps.Add(frame, payload);

    /// <summary>Runs the model on the sweep just completed, with the vehicle at <paramref name="vehicle"/> (its world pose at the sweep's end).</summary>
    public void Detect(Pose3 vehicle)
    {
        IReadOnlyList<Detection> found = Model.Detect(_sweeps.Sweep);
        Pose3 sensor = vehicle.Compose(_mount);
        Vec3 sensorForward = sensor.Rotate(new Vec3(1, 0, 0)), vehicleForward = vehicle.Rotate(new Vec3(1, 0, 0));
        double sensorYaw = Math.Atan2(sensorForward.Y, sensorForward.X), vehicleYaw = Math.Atan2(vehicleForward.Y, vehicleForward.X);
        World.Clear();
        Perceived.Clear();
        for (int i = 0; i < found.Count; i++)
        {
            Detection d = found[i];
            Vec3 c = sensor.TransformPoint(new Vec3(d.X, d.Y, d.Z));
            Vec3 v = sensor.Rotate(new Vec3(d.Vx, d.Vy, 0));
            double heading = sensorYaw + d.Yaw;
            World.Add(new DetectedObject(KindOf(d.ClassName), c.X, c.Y, c.Z, d.Length, d.Width, d.Height, heading, v.X, v.Y));
            Vec3 q = vehicle.InverseTransformPoint(c);
            Vec3 qv = vehicle.InverseRotate(v);
            Perceived.Add(new PerceivedObject(i, ScoredClass(d.ClassName), q.X, q.Y, q.Z, d.Length, d.Width, d.Height, heading - vehicleYaw, qv.X, qv.Y, d.Score));
        }
    }

    /// <summary>The entity kind the planner treats a detected class as.</summary>
    private static EntityKind KindOf(string cls) => cls.ToLowerInvariant() switch
    {
        "pedestrian" => EntityKind.Pedestrian,
        "cyclist" => EntityKind.Cyclist,
        "truck" => EntityKind.Truck,
        "bus" => EntityKind.Bus,
        "obstacle" => EntityKind.Obstacle,
        _ => EntityKind.Car,
    };

    /// <summary>
    /// The scorer's class for a model class: a model's "vehicle" covers car, truck and bus and is
    /// scored as "car" (docs/perception-models.md says how to read that).
    /// </summary>
    private static string ScoredClass(string cls) => cls.ToLowerInvariant() switch
    {
        "vehicle" => Sim.Runtime.Scoring.ObjectClasses.Car,
        var c => c,
    };

    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();
}
