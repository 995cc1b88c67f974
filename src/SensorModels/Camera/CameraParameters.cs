using SimCore.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace SensorModels.Camera;

/// <summary>The streams a camera writes (rig key 'outputs').</summary>
[Flags]
public enum CameraStreams
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>"camera.rgb8.v1": sRGB bytes.</summary>
    Rgb = 1,
    /// <summary>"camera.nv12.v1": BT.709 limited-range NV12.</summary>
    Nv12 = 2,
    /// <summary>"camera.depth32f.v1": metres along the optical axis.</summary>
    Depth = 4,
    /// <summary>"camera.semantic8.v1": semantic class per pixel.</summary>
    Semantic = 8,
    /// <summary>"camera.instance32.v1": entity id + 1 per pixel.</summary>
    Instance = 16,
    /// <summary>"camera.boxes2d.v1": 2-D boxes of the visible entities.</summary>
    Boxes = 32,
}

/// <summary>A camera's parameters (rig keys in docs/sensors/camera.md).</summary>
internal sealed class CameraParameters
{
    /// <summary>Default image width (pixels): a common automotive 2.3 MP imager.</summary>
    public const int DefaultWidth = 1920;

    /// <summary>Default image height (pixels).</summary>
    public const int DefaultHeight = 1208;

    /// <summary>The rig's output words, in stream order.</summary>
    public static readonly IReadOnlyDictionary<string, CameraStreams> StreamWords = new Dictionary<string, CameraStreams>(StringComparer.Ordinal)
    {
        ["rgb"] = CameraStreams.Rgb,
        ["nv12"] = CameraStreams.Nv12,
        ["depth"] = CameraStreams.Depth,
        ["semantic"] = CameraStreams.Semantic,
        ["instance"] = CameraStreams.Instance,
        ["boxes"] = CameraStreams.Boxes,
    };

    /// <summary>The calibrated camera (image size, intrinsics, lens).</summary>
    public required CameraModel Model { get; init; }

    /// <summary>Streams written.</summary>
    public CameraStreams Streams { get; init; } = CameraStreams.Rgb;

    /// <summary>Standard deviation of the per-pixel Gaussian read noise, in 8-bit digital numbers (0: none).</summary>
    public double NoiseStddev { get; init; }

    /// <summary>Exposure gain: a factor on linear light before the sRGB encoding (1: as rendered).</summary>
    public double Gain { get; init; } = 1;

    /// <summary>Render density factor for lenses with distortion (<see cref="LensRemap.Build"/>).</summary>
    public double RenderScale { get; init; } = 1;

    /// <summary>Nearest rendered distance along the optical axis (m).</summary>
    public double Near { get; init; } = 0.1;

    /// <summary>Farthest rendered distance along the optical axis (m); beyond is sky.</summary>
    public double Far { get; init; } = 1000;

    private static readonly YamlObject Intrinsics = new("camera_intrinsics", "Pinhole intrinsics in pixels.",
        Y.Required("fx", Y.Positive("px"), "Focal length in x."), Y.Required("fy", Y.Positive("px"), "Focal length in y."),
        Y.Required("cx", Y.Number("px"), "Principal point x."), Y.Required("cy", Y.Number("px"), "Principal point y."));

    private static readonly YamlObject OpenCvLens = new("opencv_distortion", "OpenCV's radial-tangential model: L = 1 + k1 r^2 + k2 r^4 + k3 r^6 and the tangential p1, p2.",
        Y.Required("model", Y.Word(["opencv"]), "The lens model."),
        Y.Key("k1", Y.Number(), "", "0"), Y.Key("k2", Y.Number(), "", "0"), Y.Key("k3", Y.Number(), "", "0"),
        Y.Key("p1", Y.Number(), "", "0"), Y.Key("p2", Y.Number(), "", "0"));

    private static readonly YamlObject FisheyeLens = new("fisheye_distortion", "Equidistant fisheye (cv::fisheye): theta_d = theta (1 + k1 theta^2 + k2 theta^4 + k3 theta^6 + k4 theta^8).",
        Y.Required("model", Y.Word(["fisheye"]), "The lens model."),
        Y.Key("k1", Y.Number(), "", "0"), Y.Key("k2", Y.Number(), "", "0"), Y.Key("k3", Y.Number(), "", "0"), Y.Key("k4", Y.Number(), "", "0"));

    private static readonly YamlObject AnyLens = new("distortion", "A lens model.", [.. OpenCvLens.Keys, .. FisheyeLens.Keys.Where(k => !OpenCvLens.Has(k.Name))]);

    /// <summary>A camera's own keys (docs/sensors/camera.md).</summary>
    public static readonly YamlKey[] Keys =
    [
        Y.Key("resolution", new YamlList(Y.Integer(16, 16384)) { MinItems = 2 }, "[width, height] in pixels.", "[1920, 1208]"),
        Y.Key("fov_deg", Y.Positive("deg"), "Horizontal field of view (square pixels, principal point at the centre); give this or intrinsics."),
        Y.Key("intrinsics", Intrinsics, "{fx, fy, cx, cy} in pixels; give this or fov_deg."),
        Y.Key("distortion", Y.AnyOf(OpenCvLens, FisheyeLens), "Lens distortion.", "none (pinhole)"),
        Y.Key("outputs", Y.List(Y.Word(StreamWords.Keys)), "Streams written.", "[rgb]"),
        Y.Key("noise_stddev", Y.NonNegative("DN"), "Gaussian read noise per pixel and channel (8-bit digital numbers), after the gain.", "0"),
        Y.Key("gain", Y.Positive(), "Exposure gain on linear light.", "1"),
        Y.Key("render_scale", Y.Number(above: 0, max: 4), "Distorted lenses: render density above the minimum.", "1"),
        Y.Key("near", Y.Positive("m"), "Nearest rendered distance along the optical axis.", "0.1"),
        Y.Key("far", Y.Positive("m"), "Farthest rendered distance; beyond is sky.", "1000"),
    ];

    /// <summary>Reads a camera's keys from its rig entry; null after recording errors.</summary>
    public static CameraParameters? Read(MapReader m, string label)
    {
        YamlContext ctx = m.Context;
        int errors = ctx.Errors.Count;
        int width = DefaultWidth, height = DefaultHeight;
        if (m.Get("resolution") is { } resNode)
        {
            IReadOnlyList<YamlNode> res = ctx.Sequence(resNode, "'resolution'");
            if (res.Count != 2)
            {
                ctx.Error(resNode, $"{label}: 'resolution' is [width, height] in pixels");
            }
            else if (ctx.Int(res[0], "the width") is { } w && ctx.Int(res[1], "the height") is { } h)
            {
                if (w < 16 || h < 16 || w > 16384 || h > 16384)
                {
                    ctx.Error(resNode, $"{label}: 'resolution' must be 16 to 16384 pixels a side, not {w}x{h}");
                }
                else
                {
                    (width, height) = (w, h);
                }
            }
        }
        LensDistortion lens = ReadLens(m, label);
        YamlNode? fovNode = m.Get("fov_deg");
        MapReader? intr = m.Map("intrinsics");
        CameraIntrinsics k = default;
        if (fovNode is not null && intr is not null)
        {
            ctx.Error(fovNode, $"{label}: give 'fov_deg' or 'intrinsics', not both");
        }
        else if (fovNode is not null)
        {
            if (ctx.Double(fovNode, "'fov_deg'") is { } fov)
            {
                // A pinhole image cannot span 180 degrees; the fisheye's limit is one render's (85 degrees off axis).
                double max = lens.Model == LensModel.Fisheye ? 170 : 179;
                if (fov <= 0 || fov > max)
                {
                    ctx.Error(fovNode, $"{label}: 'fov_deg' must be in (0, {max}], not {fov}");
                }
                else
                {
                    double rad = fov * Math.PI / 180;
                    k = lens.Model == LensModel.Fisheye
                        ? CameraIntrinsics.FromHorizontalFovEquidistant(width, height, rad)
                        : CameraIntrinsics.FromHorizontalFov(width, height, rad);
                }
            }
        }
        else if (intr is not null)
        {
            double? fx = intr.Positive("fx"), fy = intr.Positive("fy");
            double? cx = intr.RequiredDouble("cx", "'intrinsics'"), cy = intr.RequiredDouble("cy", "'intrinsics'");
            if (!intr.Has("fx") || !intr.Has("fy"))
            {
                ctx.Error(intr.Node, $"{label}: 'intrinsics' needs fx, fy, cx, cy (pixels)");
            }
            intr.Finish("'intrinsics'");
            if (fx is not null && fy is not null && cx is not null && cy is not null)
            {
                k = new CameraIntrinsics(width, height, fx.Value, fy.Value, cx.Value, cy.Value);
            }
        }
        else if (!m.Has("intrinsics"))
        {
            ctx.Error(m.Node, $"{label} needs 'fov_deg' (horizontal field of view, degrees) or 'intrinsics' ({{fx, fy, cx, cy}} in pixels)");
        }

        CameraStreams streams = CameraStreams.None;
        if (m.Get("outputs") is { } outNode)
        {
            foreach (YamlNode n in ctx.Sequence(outNode, "'outputs'"))
            {
                if (ctx.Enum(n, "output", StreamWords) is { } s)
                {
                    if ((streams & s) != 0)
                    {
                        ctx.Error(n, $"{label}: output '{((YamlScalarNode)n).Value}' is listed twice");
                    }
                    streams |= s;
                }
            }
            if (streams == CameraStreams.None && ctx.Errors.Count == errors)
            {
                ctx.Error(outNode, $"{label}: 'outputs' lists none of: {string.Join(", ", StreamWords.Keys)}");
            }
        }
        else
        {
            streams = CameraStreams.Rgb;
        }
        double noise = m.NonNegative("noise_stddev") ?? 0;
        double gain = m.Positive("gain") ?? 1;
        double scale = m.Positive("render_scale") ?? 1;
        if (scale > 4)
        {
            ctx.Error(m.Get("render_scale")!, $"{label}: 'render_scale' must be at most 4, not {scale}");
        }
        double near = m.Positive("near") ?? 0.1;
        double far = m.Positive("far") ?? 1000;
        if (far <= near)
        {
            ctx.Error(m.Get("far") ?? m.Node, $"{label}: 'far' ({far} m) must exceed 'near' ({near} m)");
        }
        if (ctx.Errors.Count > errors)
        {
            return null;
        }
        var model = new CameraModel(k, lens);
        // A lens that images nothing at the principal point is a calibration error, not a render.
        if (!model.TryUnproject(k.Cx, k.Cy, out _, out _) && lens.Model != LensModel.Pinhole)
        {
            ctx.Error(m.Get("distortion") ?? m.Node, $"{label}: the lens images nothing at the principal point");
            return null;
        }
        return new CameraParameters
        {
            Model = model,
            Streams = streams,
            NoiseStddev = noise,
            Gain = gain,
            RenderScale = scale,
            Near = near,
            Far = far,
        };
    }

    private static LensDistortion ReadLens(MapReader m, string label)
    {
        MapReader? d = m.Get("distortion") is { } dn ? m.Context.Map(dn, "'distortion'", AnyLens) : null;
        if (d is null)
        {
            return LensDistortion.None;
        }
        var models = new Dictionary<string, LensModel>(StringComparer.Ordinal) { ["opencv"] = LensModel.OpenCv, ["fisheye"] = LensModel.Fisheye };
        LensModel? model = d.Required("model", "'distortion'") is { } mn ? m.Context.Enum(mn, "'model'", models) : null;
        LensDistortion lens = LensDistortion.None;
        // Only the chosen model's coefficients are keys: a 'p1' on a fisheye is reported as unknown.
        if (model == LensModel.OpenCv)
        {
            d.Use(OpenCvLens);
            lens = new LensDistortion(LensModel.OpenCv, k1: d.Double("k1", 0), k2: d.Double("k2", 0), k3: d.Double("k3", 0), p1: d.Double("p1", 0), p2: d.Double("p2", 0));
        }
        else if (model == LensModel.Fisheye)
        {
            d.Use(FisheyeLens);
            lens = new LensDistortion(LensModel.Fisheye, k1: d.Double("k1", 0), k2: d.Double("k2", 0), k3: d.Double("k3", 0), k4: d.Double("k4", 0));
        }
        // An unknown model keeps the union of both: its own error says what is wrong.
        d.Finish($"{label}'s 'distortion' ({(model == LensModel.Fisheye ? "fisheye: k1, k2, k3, k4" : "opencv: k1, k2, k3, p1, p2")})");
        return lens;
    }
}
