using System.Buffers.Binary;
using SensorModels.Camera;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Camera;

public class CameraRigTests
{
    private static IReadOnlyList<InputError> Errors(string body)
        => Assert.Throws<InputException>(() => RigLoader.Parse("rig.yaml", "sensors:\n  - name: cam\n    type: camera\n    rate: 30\n    mount: {x: 2}\n" + body)).Errors;

    private static CameraSensor Camera(string body)
        => Assert.IsType<CameraSensor>(RigLoader.Parse("rig.yaml", "sensors:\n  - name: cam\n    type: camera\n    rate: 30\n    mount: {x: 2}\n" + body).Sensors[0]);

    [Fact]
    public void DefaultsAndFov()
    {
        CameraSensor c = Camera("    fov_deg: 90\n");
        Assert.Equal(1920, c.Model.Width);
        Assert.Equal(1208, c.Model.Height);
        Assert.Equal(960, c.Model.Intrinsics.Fx, 9);
        Assert.Equal(CameraStreams.Rgb, c.Parameters.Streams);
        Assert.Equal("camera.rgb8.v1", c.Format);
        Assert.Null(c.Remap);
    }

    [Fact]
    public void IntrinsicsDistortionAndOutputs()
    {
        CameraSensor c = Camera("    resolution: [640, 400]\n    intrinsics: {fx: 500, fy: 501, cx: 320, cy: 200}\n    distortion: {model: fisheye, k1: 0.01, k4: -0.001}\n    outputs: [rgb, depth, boxes]\n    noise_stddev: 2\n    gain: 1.5\n");
        Assert.Equal(new CameraIntrinsics(640, 400, 500, 501, 320, 200), c.Model.Intrinsics);
        Assert.Equal(LensModel.Fisheye, c.Model.Lens.Model);
        Assert.Equal(-0.001, c.Model.Lens.K4);
        Assert.NotNull(c.Remap);
        Assert.Equal(["cam.rgb", "cam.depth", "cam.boxes"], c.Streams.Select(s => s.Name));
        Assert.NotNull(c.Images.Instance); // boxes need the instance mask
    }

    [Fact]
    public void ErrorsCarryLineNumbers()
    {
        IReadOnlyList<InputError> e = Errors("    fov_deg: 60\n    intrinsics: {fx: 1, fy: 1, cx: 0, cy: 0}\n");
        Assert.Contains(e, x => x.Message.Contains("not both") && x.Location.Line == 6);
        e = Errors("    fov_deg: 60\n    outputs: [rgb, dpeth]\n");
        Assert.Contains(e, x => x.Message.Contains("'dpeth'") && x.Message.Contains("did you mean 'depth'") && x.Location.Line == 7);
        e = Errors("    fov_deg: 60\n    distortion: {model: fisheye, p1: 0.1}\n");
        Assert.Contains(e, x => x.Message.Contains("unknown key 'p1'") && x.Location.Line == 7);
        e = Errors("    fov_deg: 60\n    distortion: {model: kannala}\n");
        Assert.Contains(e, x => x.Message.Contains("'kannala'") && x.Location.Line == 7);
        e = Errors("    resolution: [640]\n    fov_deg: 60\n");
        Assert.Contains(e, x => x.Message.Contains("[width, height]") && x.Location.Line == 6);
        e = Errors("    resolution: [640, 400]\n");
        Assert.Contains(e, x => x.Message.Contains("needs 'fov_deg'") && x.Location.Line == 2);
        e = Errors("    fov_deg: 175\n    distortion: {model: fisheye}\n");
        Assert.Contains(e, x => x.Message.Contains("(0, 170]") && x.Location.Line == 6);
        e = Errors("    fov_deg: 60\n    fov: 3\n");
        Assert.Contains(e, x => x.Message.Contains("unknown key 'fov'") && x.Location.Line == 7);
    }

    private sealed class Recorder : ISensorSink
    {
        public readonly List<(SensorFrame Frame, byte[] Payload)> Frames = new();
        public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => Frames.Add((frame, payload.ToArray()));
    }

    /// <summary>A stand-in renderer: a mid-grey image and the CPU ray-cast instance mask.</summary>
    private sealed class FakeRenderer(EntitySnapshotProvider entities) : ICameraRenderer
    {
        public void Render(CameraSensor camera, SensorWorld world, long nanoseconds)
        {
            camera.Images.Rgb?.AsSpan().Fill(100);
            if (camera.Images.Instance is { } inst)
            {
                BoxLabelerTests.Mask(camera.Model, camera.SensorPose(world, nanoseconds), entities(world)).CopyTo(inst, 0);
            }
        }
    }

    private delegate SimCore.Simulation.EntitySnapshot[] EntitySnapshotProvider(SensorWorld world);

    [Fact]
    public void StreamsPayloadsAndDeterministicNoise()
    {
        SensorWorld world = Radar.RadarTestWorld.Create(0, "{name: box, type: obstacle, dimensions: {length: 1, width: 1, height: 1}, position: {road: r, lane: -1, s: 30}}");
        CameraSensor c = Camera("    resolution: [160, 100]\n    fov_deg: 60\n    outputs: [rgb, boxes, nv12]\n    noise_stddev: 3\n");
        c.Renderer = new FakeRenderer(w => w.Current.ToArray().Where(e => !e.IsEgo).ToArray());
        var sink = new Recorder();
        c.Capture(world, sink, world.Time, world.Time);
        Assert.Equal(["cam.rgb", "cam.nv12", "cam.boxes"], sink.Frames.Select(f => f.Frame.Sensor));
        Assert.Equal(["camera.rgb8.v1", "camera.nv12.v1", "camera.boxes2d.v1"], sink.Frames.Select(f => f.Frame.Format));
        byte[] rgb = sink.Frames[0].Payload;
        Assert.Equal(160, BinaryPrimitives.ReadInt32LittleEndian(rgb));
        Assert.Equal(100, BinaryPrimitives.ReadInt32LittleEndian(rgb.AsSpan(4)));
        Assert.Equal(8 + 160 * 100 * 3, rgb.Length);
        Assert.Equal(8 + 160 * 100 * 3 / 2, sink.Frames[1].Payload.Length);
        // Noise: mean ~100, standard deviation ~3 DN.
        double mean = rgb.Skip(8).Average(b => (double)b), sd = Math.Sqrt(rgb.Skip(8).Average(b => (b - mean) * (b - mean)));
        Assert.InRange(mean, 99.8, 100.2);
        Assert.InRange(sd, 2.8, 3.2);
        byte[] boxes = sink.Frames[2].Payload;
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(boxes));
        Assert.Equal(4 + CameraSensor.BoxRecordBytes, boxes.Length);
        Assert.Equal(10, BinaryPrimitives.ReadInt32LittleEndian(boxes.AsSpan(8))); // obstacle class
        // Same sequence number, same seed: identical bytes; the next frame draws new noise.
        var again = Camera("    resolution: [160, 100]\n    fov_deg: 60\n    outputs: [rgb, boxes, nv12]\n    noise_stddev: 3\n");
        again.Renderer = c.Renderer;
        var sink2 = new Recorder();
        again.Capture(world, sink2, world.Time, world.Time);
        Assert.Equal(rgb, sink2.Frames[0].Payload);
        again.Capture(world, sink2, world.Time, world.Time);
        Assert.NotEqual(rgb, sink2.Frames[3].Payload);
    }

    [Fact]
    public void CalibrationJsonHasTheCameraMatrixAndMount()
    {
        CameraSensor c = Camera("    resolution: [640, 400]\n    intrinsics: {fx: 500, fy: 501, cx: 320, cy: 200}\n    distortion: {model: opencv, k1: -0.1, p2: 0.001}\n");
        using var doc = System.Text.Json.JsonDocument.Parse(CalibrationWriter.ToJson(c));
        System.Text.Json.JsonElement root = doc.RootElement;
        Assert.Equal(500, root.GetProperty("camera_matrix")[0][0].GetDouble());
        Assert.Equal(-0.1, root.GetProperty("dist_coeffs")[0].GetDouble());
        Assert.Equal(0.001, root.GetProperty("dist_coeffs")[3].GetDouble());
        // Optical z (column 2) is the vehicle's x; translation the mount's x = 2.
        System.Text.Json.JsonElement t = root.GetProperty("T_vehicle_optical");
        Assert.Equal(1, t[0][2].GetDouble());
        Assert.Equal(2, t[0][3].GetDouble());
        Assert.True(root.GetProperty("render").GetProperty("width").GetDouble() >= 640);
    }
}
