using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Perception.Bev;
using Perception.Camera;
using Perception.Decoding;
using Perception.Spec;
using SimCore.Diagnostics;

namespace Perception.Runtime;

/// <summary>
/// Runs a detector described by a model spec (docs/perception-models.md): a lidar bird's-eye-view
/// model (lidar.v1 payload -> raster -> ONNX Runtime -> peaks -> 3-D boxes, <see cref="Detect"/>)
/// or a camera model (camera.rgb8.v1 image -> normalised planes -> ONNX Runtime -> peaks -> 2-D
/// boxes, <see cref="DetectImage(ReadOnlySpan{byte})"/>). The model's inputs and outputs
/// are checked against the spec when it loads; the CUDA execution provider is used when it can be
/// appended, the CPU provider otherwise (<see cref="Provider"/>, <see cref="ProviderNote"/>).
/// Tensors are bound once, so a frame allocates nothing on the managed heap.
/// Not thread-safe: one runner per thread.
/// </summary>
public sealed class ModelRunner : IDisposable
{
    /// <summary>ONNX Runtime's name of the CPU provider.</summary>
    public const string CpuProvider = "CPUExecutionProvider";

    /// <summary>ONNX Runtime's name of the CUDA provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    private readonly ModelSpec _spec;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly BevRasterizer? _rasterizer;
    private readonly ImagePreprocessor? _image;
    private readonly CenterHeadDecoder? _decoder;
    private readonly Box2DDecoder? _decoder2D;
    private readonly float[] _input;
    private readonly float[] _heatmap;
    private readonly float[] _regression;
    private readonly OrtValue _inputValue;
    private readonly OrtValue _heatmapValue;
    private readonly OrtValue _regressionValue;
    private readonly List<Detection> _detections = new();
    private readonly List<ImageDetection> _imageDetections = new();
    private readonly LatencyRecorder _inference = new();
    private readonly LatencyRecorder _total = new();

    private ModelRunner(ModelSpec spec, InferenceSession session, string provider, string? note)
    {
        _spec = spec;
        _session = session;
        Provider = provider;
        ProviderNote = note;
        if (spec.Bev is not null)
        {
            _rasterizer = new BevRasterizer(spec.Bev);
            _decoder = new CenterHeadDecoder(spec);
            _input = new float[_rasterizer.Length];
            _heatmap = new float[_decoder.HeatmapLength];
            _regression = new float[_decoder.RegressionLength];
        }
        else
        {
            _image = new ImagePreprocessor(spec.Image!);
            _decoder2D = new Box2DDecoder(spec);
            _input = new float[_image.Length];
            _heatmap = new float[_decoder2D.HeatmapLength];
            _regression = new float[_decoder2D.RegressionLength];
        }
        // The OrtValues pin the arrays for their lifetime: ONNX Runtime reads and writes them in place.
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input, spec.ConcreteShape(spec.InputName));
        _heatmapValue = OrtValue.CreateTensorValueFromMemory(_heatmap, spec.ConcreteShape(spec.Head.Heatmap));
        _regressionValue = OrtValue.CreateTensorValueFromMemory(_regression, spec.ConcreteShape(spec.Head.Regression));
        _runOptions = new RunOptions();
        _binding = session.CreateIoBinding();
        _binding.BindInput(spec.InputName, _inputValue);
        _binding.BindOutput(spec.Head.Heatmap, _heatmapValue);
        _binding.BindOutput(spec.Head.Regression, _regressionValue);
    }

    /// <summary>The model spec file.</summary>
    public string SpecPath => _spec.File;

    /// <summary>The ONNX file.</summary>
    public string ModelPath => _spec.ModelPath;

    /// <summary>Class names, in the heatmap's channel order.</summary>
    public IReadOnlyList<string> ClassNames => _spec.Classes;

    /// <summary>The sensor stream the spec reads (its 'stream'), or null when it names none.</summary>
    public string? Stream => _spec.Stream;

    /// <summary>What the model looks at: a lidar sweep (<see cref="Detect"/>) or a camera image (<see cref="DetectImage(ReadOnlySpan{byte})"/>).</summary>
    public ModelInput Input => _spec.Bev is not null ? ModelInput.Lidar : ModelInput.Camera;

    /// <summary>
    /// The last frame's class heatmap: logits, [classes, <see cref="HeatmapHeight"/>,
    /// <see cref="HeatmapWidth"/>] row-major (score = sigmoid). Overwritten by the next frame.
    /// </summary>
    public ReadOnlySpan<float> Heatmap => _heatmap;

    /// <summary>Columns of the image a camera model takes (0 for a lidar model).</summary>
    public int ImageWidth => _spec.Image?.Width ?? 0;

    /// <summary>Rows of the image a camera model takes (0 for a lidar model).</summary>
    public int ImageHeight => _spec.Image?.Height ?? 0;

    /// <summary>Rows of <see cref="Heatmap"/>.</summary>
    public int HeatmapHeight => _spec.GridHeight / _spec.Head.Stride;

    /// <summary>Columns of <see cref="Heatmap"/>.</summary>
    public int HeatmapWidth => _spec.GridWidth / _spec.Head.Stride;

    /// <summary>The execution provider that runs the model: <see cref="CudaProvider"/> or <see cref="CpuProvider"/>.</summary>
    public string Provider { get; }

    /// <summary>Why the runner fell back to the CPU when CUDA was asked for (null when the preferred provider runs).</summary>
    public string? ProviderNote { get; }

    /// <summary>Frames given to <see cref="Detect"/>.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames whose outputs held NaN or infinity (and so yielded no detections).</summary>
    public long NonFiniteFrames { get; private set; }

    /// <summary>Index (0-based, in calls to <see cref="Detect"/>) of the last non-finite frame, or -1.</summary>
    public long LastNonFiniteFrame { get; private set; } = -1;

    /// <summary>Lidar points of the last frame inside the raster (0 for a camera model).</summary>
    public int LastPointsUsed => _rasterizer?.PointsUsed ?? 0;

    /// <summary>Latency of the model alone (ONNX Runtime's run), per frame.</summary>
    public LatencySummary InferenceLatency => _inference.Summary();

    /// <summary>Latency of a whole <see cref="Detect"/>: raster, run and decoding.</summary>
    public LatencySummary TotalLatency => _total.Summary();

    /// <summary>
    /// Loads a model spec and its model, checks one against the other and sets up the session.
    /// </summary>
    /// <exception cref="InputException">The spec is invalid, the model file unreadable or not ONNX,
    /// or the model's tensors differ from the spec's (each error at the spec's line).</exception>
    /// <exception cref="InvalidOperationException">CUDA was required and cannot be used.</exception>
    public static ModelRunner Load(string specPath, ModelRunnerOptions? options = null)
    {
        options ??= new ModelRunnerOptions();
        ModelSpec spec = ModelSpecReader.Load(specPath);
        if (!File.Exists(spec.ModelPath))
        {
            throw new InputException(spec.ModelWhere, $"the model file {spec.ModelPath} does not exist");
        }
        (InferenceSession session, string provider, string? note) = CreateSession(spec, options);
        try
        {
            ModelSignatureCheck.Check(spec, session.InputMetadata, session.OutputMetadata);
            return new ModelRunner(spec, session, provider, note);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Detects objects in one lidar.v1 payload. The list is the runner's own and is overwritten by
    /// the next call: copy what must outlive it. A frame whose outputs hold NaN or infinity yields
    /// no detections and counts in <see cref="NonFiniteFrames"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is not well-formed lidar.v1.</exception>
    /// <exception cref="ModelOutputException">The model's outputs do not have the shapes the spec fixes.</exception>
    /// <exception cref="InvalidOperationException">The model is a camera model.</exception>
    public IReadOnlyList<Detection> Detect(ReadOnlySpan<byte> lidarPayload)
    {
        if (_rasterizer is null)
        {
            throw new InvalidOperationException($"{_spec.File} is a camera model: call DetectImage with camera images");
        }
        long start = Stopwatch.GetTimestamp();
        _rasterizer.Rasterize(lidarPayload, _input);
        Run();
        Finish(_decoder!.Decode(_heatmap, _regression, _detections), start);
        return _detections;
    }

    /// <summary>
    /// Detects objects in one camera.rgb8.v1 payload (int32 width, int32 height, RGB bytes; the
    /// spec's size). The list is the runner's own and is overwritten by the next call.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is short or the image is not the spec's size.</exception>
    /// <exception cref="ModelOutputException">The model's outputs do not have the shapes the spec fixes.</exception>
    /// <exception cref="InvalidOperationException">The model is a lidar model.</exception>
    public IReadOnlyList<ImageDetection> DetectImage(ReadOnlySpan<byte> rgb8Payload)
    {
        long start = Stopwatch.GetTimestamp();
        CameraPreprocessor().Process(rgb8Payload, _input);
        return DetectImage(start);
    }

    /// <summary>Detects objects in an RGB image of <paramref name="width"/> x <paramref name="height"/> pixels (3 bytes each, top row first).</summary>
    /// <exception cref="InvalidDataException">The image is not the spec's size, or <paramref name="rgb"/> is short.</exception>
    /// <exception cref="ModelOutputException">The model's outputs do not have the shapes the spec fixes.</exception>
    /// <exception cref="InvalidOperationException">The model is a lidar model.</exception>
    public IReadOnlyList<ImageDetection> DetectImage(int width, int height, ReadOnlySpan<byte> rgb)
    {
        long start = Stopwatch.GetTimestamp();
        CameraPreprocessor().Process(width, height, rgb, _input);
        return DetectImage(start);
    }

    private ImagePreprocessor CameraPreprocessor()
        => _image ?? throw new InvalidOperationException($"{_spec.File} is a lidar model: call Detect with lidar.v1 sweeps");

    private IReadOnlyList<ImageDetection> DetectImage(long start)
    {
        Run();
        Finish(_decoder2D!.Decode(_heatmap, _regression, _imageDetections), start);
        return _imageDetections;
    }

    /// <summary>Runs the session on the bound input.</summary>
    private void Run()
    {
        long runStart = Stopwatch.GetTimestamp();
        try
        {
            _session.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelOutputException(DiagnoseRunFailure(e), e);
        }
        _inference.Add(Stopwatch.GetTimestamp() - runStart);
    }

    private void Finish(bool finite, long start)
    {
        if (!finite)
        {
            NonFiniteFrames++;
            LastNonFiniteFrame = Frames;
        }
        Frames++;
        _total.Add(Stopwatch.GetTimestamp() - start);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        _runOptions.Dispose();
        _inputValue.Dispose();
        _heatmapValue.Dispose();
        _regressionValue.Dispose();
        _session.Dispose();
    }

    private static (InferenceSession Session, string Provider, string? Note) CreateSession(ModelSpec spec, ModelRunnerOptions options)
    {
        string? note = null;
        if (options.Provider != ExecutionProviderPreference.Cpu)
        {
            SessionOptions cuda = BaseOptions(options);
            try
            {
                cuda.AppendExecutionProvider_CUDA(options.CudaDevice);
                return (OpenSession(spec, cuda), CudaProvider, null);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                // The CPU-only package has no CUDA entry point; the Gpu package without CUDA 12/13
                // and cuDNN libraries, or without a device, fails to load the provider.
                note = e is EntryPointNotFoundException
                    ? "this build has the CPU-only ONNX Runtime package (build with -p:OnnxRuntimeGpu=true for CUDA)"
                    : "the CUDA provider could not be used: " + FirstLine(e.Message);
                if (options.Provider == ExecutionProviderPreference.Cuda)
                {
                    throw new InvalidOperationException($"the CUDA execution provider was required but {note}", e);
                }
            }
            finally
            {
                cuda.Dispose();
            }
        }
        using SessionOptions cpu = BaseOptions(options);
        return (OpenSession(spec, cpu), CpuProvider, note);
    }

    private static SessionOptions BaseOptions(ModelRunnerOptions options)
    {
        var o = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        if (options.IntraOpThreads > 0)
        {
            o.IntraOpNumThreads = options.IntraOpThreads;
        }
        o.AddSessionConfigEntry("session.intra_op.allow_spinning", options.SpinWait ? "1" : "0");
        return o;
    }

    private static InferenceSession OpenSession(ModelSpec spec, SessionOptions options)
    {
        byte[] bytes;
        try
        {
            // ONNX files are protobuf messages, which cannot exceed 2 GiB.
            bytes = InputFiles.ReadBytes(spec.ModelPath, "ONNX model", int.MaxValue);
        }
        catch (InputException e)
        {
            throw new InputException(spec.ModelWhere, $"the model file {spec.ModelPath}: {e.Errors[0].Message}");
        }
        try
        {
            return new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException e) when (!e.Message.Contains("CUDA", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException(spec.ModelWhere, $"the model file {spec.ModelPath} is not a model ONNX Runtime can load: {FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// Runs once more with outputs that ONNX Runtime allocates, to name the shapes the model
    /// actually produced next to the ones the spec fixes. Only on the error path.
    /// </summary>
    private string DiagnoseRunFailure(OnnxRuntimeException failure)
    {
        string model = Path.GetFileName(_spec.ModelPath);
        string[] names = { _spec.Head.Heatmap, _spec.Head.Regression };
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> outs = _session.Run(_runOptions, new[] { _spec.InputName }, new[] { _inputValue }, names);
            var parts = new List<string>();
            for (int i = 0; i < names.Length; i++)
            {
                long[] got = outs[i].GetTensorTypeAndShape().Shape;
                long[] want = _spec.ConcreteShape(names[i]);
                if (!got.SequenceEqual(want))
                {
                    parts.Add($"output '{names[i]}' has shape [{string.Join(", ", got)}], the spec {_spec.File} and its pre-processing fix [{string.Join(", ", want)}]");
                }
            }
            if (parts.Count > 0)
            {
                return $"model {model}: {string.Join("; ", parts)} (check 'stride' and the raster size)";
            }
        }
        catch (OnnxRuntimeException)
        {
            // The model fails on its own too: its message below says why.
        }
        return $"model {model} failed to run: {FirstLine(failure.Message)}";
    }

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return (nl < 0 ? s : s[..nl]).Trim();
    }
}
