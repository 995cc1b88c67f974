using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Scenarios.Yaml;
using SimCore.Simulation;
using SimCore.Timing;

namespace SensorModels.Camera;

/// <summary>The images a camera's render produced for one frame, at the output size (row-major, top row first).</summary>
internal sealed class CameraImages
{
    /// <summary>Allocates the arrays the camera needs.</summary>
    public CameraImages(int width, int height, bool rgb, bool nv12, bool depth, bool semantic, bool instance)
    {
        Width = width;
        Height = height;
        int n = width * height;
        Rgb = rgb ? new byte[3 * n] : null;
        Nv12 = nv12 ? new byte[n * 3 / 2] : null;
        Depth = depth ? new float[n] : null;
        Semantic = semantic ? new byte[n] : null;
        Instance = instance ? new int[n] : null;
    }

    /// <summary>Width (pixels).</summary>
    public int Width { get; }

    /// <summary>Height (pixels).</summary>
    public int Height { get; }

    /// <summary>sRGB bytes, 3 per pixel.</summary>
    public byte[]? Rgb { get; }

    /// <summary>NV12 bytes.</summary>
    public byte[]? Nv12 { get; }

    /// <summary>Metres along the optical axis; 0: nothing.</summary>
    public float[]? Depth { get; }

    /// <summary>Semantic class per pixel.</summary>
    public byte[]? Semantic { get; }

    /// <summary>Entity id + 1 per pixel; 0: none.</summary>
    public int[]? Instance { get; }
}

/// <summary>Renders cameras' images (the Vulkan renderer in a run; a stand-in in tests).</summary>
internal interface ICameraRenderer
{
    /// <summary>
    /// Fills <paramref name="camera"/>'s <see cref="CameraSensor.Images"/> for the frame at
    /// <paramref name="nanoseconds"/> (a renderer may render every camera due then in one go).
    /// </summary>
    void Render(CameraSensor camera, SensorWorld world, long nanoseconds);
}

/// <summary>
/// A camera (docs/sensors/camera.md): renders the scene through its calibrated lens and writes one
/// output per wanted stream, each under the name "CAMERA.STREAM" ("front.rgb", "front.boxes", ...)
/// with its own payload format; gain and noise are applied to RGB (and NV12 is then converted from
/// the processed RGB); 2-D boxes come from the instance mask.
/// </summary>
public sealed class CameraSensor : Sensor
{
    /// <summary>Payload format ids by stream.</summary>
    internal static readonly IReadOnlyDictionary<CameraStreams, string> Formats = new Dictionary<CameraStreams, string>
    {
        [CameraStreams.Rgb] = "camera.rgb8.v1",
        [CameraStreams.Nv12] = "camera.nv12.v1",
        [CameraStreams.Depth] = "camera.depth32f.v1",
        [CameraStreams.Semantic] = "camera.semantic8.v1",
        [CameraStreams.Instance] = "camera.instance32.v1",
        [CameraStreams.Boxes] = "camera.boxes2d.v1",
    };

    /// <summary>Bytes per box record of "camera.boxes2d.v1".</summary>
    internal const int BoxRecordBytes = 40;

    private readonly (CameraStreams Stream, string Name, string Format)[] _streams;
    private SensorStream[]? _outputStreams;
    private readonly ImagePipeline _pipeline;
    private readonly BoxLabeler? _labeler;
    private byte[] _payload;
    private EntitySnapshot[] _at = Array.Empty<EntitySnapshot>();

    internal CameraSensor(SensorDefinition definition, CameraParameters parameters) : base(definition)
    {
        Parameters = parameters;
        CameraModel m = parameters.Model;
        Remap = m.Lens.Model == LensModel.Pinhole ? null : LensRemap.Build(m, parameters.RenderScale);
        _pipeline = new ImagePipeline(parameters.Gain, parameters.NoiseStddev);
        CameraStreams s = parameters.Streams;
        _streams = Formats.Keys.Where(k => (s & k) != 0)
            .Select(k => (k, $"{definition.Name}.{CameraParameters.StreamWords.First(w => w.Value == k).Key}", Formats[k])).ToArray();
        bool wantRgb = (s & CameraStreams.Rgb) != 0 || ((s & CameraStreams.Nv12) != 0 && _pipeline.Active);
        bool rendererNv12 = (s & CameraStreams.Nv12) != 0;
        Images = new CameraImages(m.Width, m.Height, wantRgb, rendererNv12, (s & CameraStreams.Depth) != 0,
            (s & CameraStreams.Semantic) != 0, (s & (CameraStreams.Instance | CameraStreams.Boxes)) != 0);
        _labeler = (s & CameraStreams.Boxes) != 0 ? new BoxLabeler(m, Remap) : null;
        _payload = new byte[8 + 4 * m.Width * m.Height];
    }

    /// <summary>The camera's parameters.</summary>
    internal CameraParameters Parameters { get; }

    /// <summary>The lens's calibrated model.</summary>
    public CameraModel Model => Parameters.Model;

    /// <summary>
    /// The rays through the left and right image edges at the principal point's row, out to the far
    /// plane; a lens that images nothing at an edge (a fisheye's dark corners) counts as 90 degrees.
    /// </summary>
    public override SensorCoverage? Coverage
    {
        get
        {
            double cy = Model.Intrinsics.Cy;
            double left = Model.TryUnproject(-0.5, cy, out double al, out _) ? -Math.Atan(al) : Math.PI / 2;
            double right = Model.TryUnproject(Model.Width - 0.5, cy, out double ar, out _) ? -Math.Atan(ar) : -Math.PI / 2;
            return new SensorCoverage(Parameters.Near, Parameters.Far, right, left);
        }
    }

    /// <summary>The remap from the undistorted render to the lens's image; null for a pinhole.</summary>
    internal LensRemap? Remap { get; }

    /// <summary>The images the renderer fills for each frame.</summary>
    internal CameraImages Images { get; }

    /// <summary>The stream names and formats this camera writes, in order.</summary>
    public IReadOnlyList<(CameraStreams Stream, string Name, string Format)> Streams => _streams;

    /// <inheritdoc />
    public override IReadOnlyList<SensorStream> OutputStreams => _outputStreams ??= _streams.Select(s => new SensorStream(s.Name, s.Format)).ToArray();

    /// <inheritdoc />
    public override string? CalibrationJson => CalibrationWriter.ToJson(this);

    /// <summary>The renderer; set before the run (a camera without one cannot produce).</summary>
    internal ICameraRenderer? Renderer { get; set; }

    /// <summary>The first stream's format (the run summary's); every stream carries its own.</summary>
    public override string Format => _streams[0].Format;

    /// <summary>The boxes of the last output (when 'boxes' is wanted).</summary>
    internal ReadOnlySpan<Box2D> LastBoxes => _labeler is null ? default : _labeler.Boxes;

    internal static Sensor? Create(SensorDefinition d, MapReader m)
        => CameraParameters.Read(m, $"sensor '{d.Name}'") is { } p ? new CameraSensor(d, p) : null;

    /// <summary>The camera's sensor frame in the world at a time: the ego's pose then the mount.</summary>
    internal Pose3 SensorPose(SensorWorld world, long nanoseconds)
        => SensorWorld.VehiclePose(SceneGeometry.EntityAt(world, world.EgoIndex, nanoseconds)).Compose(Definition.Mount);

    /// <summary>Entity states at a time (a buffer reused across frames).</summary>
    internal ReadOnlySpan<EntitySnapshot> EntitiesAt(SensorWorld world, long nanoseconds)
    {
        int n = world.Current.Length;
        if (_at.Length != n)
        {
            _at = new EntitySnapshot[n];
        }
        for (int i = 0; i < n; i++)
        {
            _at[i] = SceneGeometry.EntityAt(world, i, nanoseconds);
        }
        return _at;
    }

    /// <inheritdoc />
    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        if (Renderer is null)
        {
            throw new InvalidOperationException($"camera '{Definition.Name}' has no renderer");
        }
        if (world.EgoIndex < 0)
        {
            throw new InvalidOperationException("a sensor rig needs an ego");
        }
        long t = frame.EndNanoseconds;
        Renderer.Render(this, world, t);
        CameraImages img = Images;
        if (img.Rgb is not null && _pipeline.Active)
        {
            _pipeline.Apply(img.Rgb, world.Seed, Stream, (ulong)frame.Sequence);
            if (img.Nv12 is not null)
            {
                ImagePipeline.RgbToNv12(img.Rgb, img.Width, img.Height, img.Nv12);
            }
        }
        if (_labeler is not null)
        {
            _labeler.Label(img.Instance, SensorPose(world, t), EntitiesAt(world, t));
        }
        foreach ((CameraStreams s, string name, string format) in _streams)
        {
            ReadOnlySpan<byte> payload = s switch
            {
                CameraStreams.Rgb => Image(img.Rgb),
                CameraStreams.Nv12 => Image(img.Nv12),
                CameraStreams.Depth => Image(MemoryMarshal.AsBytes(img.Depth.AsSpan())),
                CameraStreams.Semantic => Image(img.Semantic),
                CameraStreams.Instance => Image(MemoryMarshal.AsBytes(img.Instance.AsSpan())),
                _ => BoxesPayload(),
            };
            sink.Write(frame with { Sensor = name, Format = format }, payload);
        }
    }

    /// <summary>int32 width, int32 height, then the image's bytes (little endian).</summary>
    private ReadOnlySpan<byte> Image(ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_payload.AsSpan(0), Images.Width);
        BinaryPrimitives.WriteInt32LittleEndian(_payload.AsSpan(4), Images.Height);
        data.CopyTo(_payload.AsSpan(8));
        return _payload.AsSpan(0, 8 + data.Length);
    }

    /// <summary>int32 count, then per box: int32 id, int32 class, int32 x0, y0, x1, y1, int32 pixels, float32 truncation, occlusion, distance.</summary>
    private ReadOnlySpan<byte> BoxesPayload()
    {
        ReadOnlySpan<Box2D> boxes = _labeler!.Boxes;
        int size = 4 + BoxRecordBytes * boxes.Length;
        if (_payload.Length < size)
        {
            Array.Resize(ref _payload, size);
        }
        Span<byte> p = _payload;
        BinaryPrimitives.WriteInt32LittleEndian(p, boxes.Length);
        int o = 4;
        foreach (ref readonly Box2D b in boxes)
        {
            BinaryPrimitives.WriteInt32LittleEndian(p[o..], b.EntityId);
            BinaryPrimitives.WriteInt32LittleEndian(p[(o + 4)..], b.Class);
            BinaryPrimitives.WriteInt32LittleEndian(p[(o + 8)..], b.MinX);
            BinaryPrimitives.WriteInt32LittleEndian(p[(o + 12)..], b.MinY);
            BinaryPrimitives.WriteInt32LittleEndian(p[(o + 16)..], b.MaxX);
            BinaryPrimitives.WriteInt32LittleEndian(p[(o + 20)..], b.MaxY);
            BinaryPrimitives.WriteInt32LittleEndian(p[(o + 24)..], b.Pixels);
            BinaryPrimitives.WriteSingleLittleEndian(p[(o + 28)..], b.Truncation);
            BinaryPrimitives.WriteSingleLittleEndian(p[(o + 32)..], b.Occlusion);
            BinaryPrimitives.WriteSingleLittleEndian(p[(o + 36)..], b.Distance);
            o += BoxRecordBytes;
        }
        return p[..size];
    }
}
