using System.Globalization;
using Perception.Bev;
using SimCore.Diagnostics;
using SimCore.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace Perception.Spec;

/// <summary>
/// Reads a model spec (docs/perception-models.md). Every problem is collected with its file, line
/// and column and thrown together as an <see cref="InputException"/>; unknown keys are errors with
/// a suggestion, as in scenario files.
/// </summary>
internal static class ModelSpecReader
{
    /// <summary>Element types a spec may name, as ONNX calls them.</summary>
    internal static readonly string[] ElementTypes = { "float32", "float16", "float64", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool", "string" };

    private static readonly Dictionary<string, BevChannel> ChannelWords = new(StringComparer.Ordinal)
    {
        ["max_height"] = BevChannel.MaxHeight,
        ["mean_height"] = BevChannel.MeanHeight,
        ["mean_intensity"] = BevChannel.MeanIntensity,
        ["max_intensity"] = BevChannel.MaxIntensity,
        ["density"] = BevChannel.Density,
        ["occupancy"] = BevChannel.Occupancy,
    };

    private static readonly Dictionary<string, RegressionChannel> RegressionWords = new(StringComparer.Ordinal)
    {
        ["dx"] = RegressionChannel.Dx,
        ["dy"] = RegressionChannel.Dy,
        ["z"] = RegressionChannel.Z,
        ["log_l"] = RegressionChannel.LogL,
        ["log_w"] = RegressionChannel.LogW,
        ["log_h"] = RegressionChannel.LogH,
        ["sin_yaw"] = RegressionChannel.SinYaw,
        ["cos_yaw"] = RegressionChannel.CosYaw,
        ["vx"] = RegressionChannel.Vx,
        ["vy"] = RegressionChannel.Vy,
    };

    private static readonly Dictionary<string, ImageChannel> ImageChannelWords = new(StringComparer.Ordinal)
    {
        ["r"] = ImageChannel.R,
        ["g"] = ImageChannel.G,
        ["b"] = ImageChannel.B,
    };

    private const string LidarBev = "lidar_bev";
    private const string CameraImage = "camera_image";
    private static readonly Dictionary<string, string> PreprocessKinds = new(StringComparer.Ordinal) { [LidarBev] = LidarBev, [CameraImage] = CameraImage };
    private static readonly Dictionary<string, HeadKind> PostprocessKinds = new(StringComparer.Ordinal) { ["center_head"] = HeadKind.Boxes3D, ["center_box2d"] = HeadKind.Boxes2D };
    private static readonly Dictionary<string, string> Formats = new(StringComparer.Ordinal) { ["lidar.v1"] = "lidar.v1" };
    private static readonly Dictionary<string, string> ImageFormats = new(StringComparer.Ordinal) { ["camera.rgb8.v1"] = "camera.rgb8.v1" };

    /// <summary>The regression channels a 2-D box head has (in any order).</summary>
    private static readonly RegressionChannel[] Box2DChannels = { RegressionChannel.Dx, RegressionChannel.Dy, RegressionChannel.LogW, RegressionChannel.LogH };

    private static readonly YamlObject Tensor = new("tensor", "A tensor of the model.",
        Y.Required("name", Y.Text(), "The tensor's name in the ONNX file."),
        Y.Required("type", Y.Word(ElementTypes), "Element type."),
        Y.Required("shape", Y.List(Y.AnyOf(Y.Integer(1), Y.Text("^[A-Za-z_][A-Za-z0-9_]*$"))), "Dimensions: positive sizes or symbols (a name such as N)."));

    private static readonly YamlList MinMax = new(Y.Number("m")) { MinItems = 2, Description = "[min, max]" };

    private static readonly YamlObject BevPreprocessShape = new("preprocess_lidar_bev", "Lidar points to a bird's-eye-view raster (docs/perception-models.md).",
        Y.Required("type", Y.Word([LidarBev]), "The pre-processing."),
        Y.Required("input", Y.Text(), "The input tensor the raster feeds."),
        Y.Key("stream", Y.Text(), "The rig's lidar (for callers that pick frames by sensor)."),
        Y.Key("format", Y.Word(Formats.Keys), "Payload format of the frames.", "lidar.v1"),
        Y.Required("x_range", MinMax, "Raster x extent [min, max), lidar frame; whole cells."),
        Y.Required("y_range", MinMax, "Raster y extent [min, max); whole cells."),
        Y.Required("z_range", MinMax, "Points outside are dropped."),
        Y.Required("cell", Y.Positive("m"), "Square cell size."),
        Y.Required("channels", Y.List(Y.Word(ChannelWords.Keys), 1), "Raster channels in the input's order."),
        Y.Key("compensated", Y.Flag(), "Use the motion-compensated xyz (stride-48 payloads).", "false"));

    private static readonly YamlObject ImagePreprocessShape = new("preprocess_camera_image", "A camera image to a normalised planar tensor (docs/perception-models.md).",
        Y.Required("type", Y.Word([CameraImage]), "The pre-processing."),
        Y.Required("input", Y.Text(), "The input tensor the image feeds."),
        Y.Key("stream", Y.Text(), "The rig's camera (for callers that pick frames by sensor)."),
        Y.Key("format", Y.Word(ImageFormats.Keys), "Payload format of the frames.", "camera.rgb8.v1"),
        Y.Required("width", Y.Integer(1), "Image width the model takes (pixels)."),
        Y.Required("height", Y.Integer(1), "Image height the model takes (pixels)."),
        Y.Required("channels", Y.List(Y.Word(ImageChannelWords.Keys), 1), "The input's planes in order, each one of r, g, b."),
        Y.Key("scale", Y.Positive(), "Byte to value factor.", "1/255"),
        Y.Key("mean", Y.List(Y.Number()), "Per channel, subtracted after scaling.", "0"),
        Y.Key("std", Y.List(Y.Positive()), "Per channel, divides after the mean.", "1"));

    /// <summary>Every key of both pre-processings: what 'preprocess' is read against until its type is known.</summary>
    private static readonly YamlObject PreprocessUnion = new("preprocess", "How frames become the input.",
        new[] { BevPreprocessShape, ImagePreprocessShape }.SelectMany(o => o.Keys).DistinctBy(k => k.Name).ToArray());

    private static readonly YamlObject PostprocessShape = new("postprocess", "A centre head decoded into boxes: CenterPoint-style 3-D boxes (center_boxes) or CenterNet-style 2-D boxes (center_box2d) (docs/perception-models.md).",
        Y.Required("type", Y.Word(PostprocessKinds.Keys), "The post-processing."),
        Y.Required("heatmap", Y.Text(), "Output with the class logits."),
        Y.Required("regression", Y.Text(), "Output with the box regression."),
        Y.Required("regression_channels", Y.List(Y.Word(RegressionWords.Keys), 4), "3-D boxes: dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw in the model's order, and optionally vx, vy; 2-D boxes: dx, dy, log_w, log_h."),
        Y.Key("stride", Y.Integer(1), "Raster cells per output cell.", "1"),
        Y.Key("score_threshold", Y.Number(min: 0, max: 1), "Least score of a box.", "0.3"),
        Y.Key("max_objects", Y.Integer(1), "Most boxes per frame.", "100"),
        Y.Key("nms", Y.Word(["max_pool_3x3"]), "Peak extraction.", "max_pool_3x3"));

    private static readonly YamlObject Top = new("model_spec", "A perception model for the ONNX runner: the model file, its tensors, pre- and post-processing (docs/perception-models.md).",
        Y.Required("model", Y.Text(), "The ONNX file, relative to the spec."),
        Y.Key("description", Y.Text(), "What the model is."),
        Y.Required("classes", Y.List(Y.Text(), 1), "Class names in the heatmap's channel order."),
        Y.Required("inputs", Y.List(Tensor, 1), "The model's inputs."),
        Y.Required("outputs", Y.List(Tensor, 1), "The model's outputs."),
        Y.Required("preprocess", Y.AnyOf(BevPreprocessShape, ImagePreprocessShape), "How frames become the input."),
        Y.Required("postprocess", PostprocessShape, "How outputs become boxes."));

    /// <summary>The top level of a model spec: the root of the tables its reader checks keys against, and of schemas/model-spec.schema.json.</summary>
    public static YamlObject Schema => Top;

    public static ModelSpec Load(string path)
    {
        return Parse(path, InputFiles.ReadText(path, "model spec"));
    }

    public static ModelSpec Parse(string path, string text)
    {
        var errors = new List<InputError>();
        YamlNode? rootNode = YamlContext.LoadRoot(path, text, errors);
        if (rootNode is null)
        {
            throw new InputException(errors);
        }
        var ctx = new YamlContext(path, errors);
        MapReader? root = ctx.Map(rootNode, "a model spec", Top);
        if (root is null)
        {
            throw new InputException(errors);
        }

        string? model = root.RequiredString("model", "a model spec");
        string modelPath = model is null ? "" : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", model));
        root.String("description");

        var classes = new List<string>();
        if (root.Required("classes", "a model spec") is { } classesNode)
        {
            foreach (YamlNode n in ctx.Sequence(classesNode, "'classes'"))
            {
                if (ctx.Scalar(n, "a class name") is { Length: > 0 } c)
                {
                    if (classes.Contains(c))
                    {
                        ctx.Error(n, $"class '{c}' is listed twice");
                    }
                    classes.Add(c);
                }
            }
            if (classes.Count == 0)
            {
                ctx.Error(classesNode, "'classes' lists the class names in the heatmap's channel order, at least one");
            }
        }

        List<TensorSpec> inputs = Tensors(ctx, root, "inputs");
        List<TensorSpec> outputs = Tensors(ctx, root, "outputs");
        (BevSpec? bev, ImageSpec? image) = root.Required("preprocess", "a model spec") is { } pre ? Preprocess(ctx, pre) : (null, null);
        CenterHeadSpec? head = root.Required("postprocess", "a model spec") is { } post ? Postprocess(ctx, post) : null;
        root.Finish("a model spec");

        if (errors.Count == 0 && (bev is not null || image is not null) && head is not null)
        {
            var spec = new ModelSpec(path, modelPath, ctx.Where(root.Get("model")!), classes, inputs, outputs, bev, image, head);
            CheckPairing(spec, errors);
            if (errors.Count == 0)
            {
                CheckTensors(spec, errors);
            }
            if (errors.Count == 0)
            {
                return spec;
            }
        }
        throw new InputException(errors);
    }

    private static List<TensorSpec> Tensors(YamlContext ctx, MapReader root, string key)
    {
        var list = new List<TensorSpec>();
        if (root.Required(key, "a model spec") is not { } node)
        {
            return list;
        }
        foreach (YamlNode item in ctx.Sequence(node, $"'{key}'"))
        {
            if (ctx.Map(item, $"an entry of '{key}'", Tensor) is not { } m)
            {
                continue;
            }
            string? name = m.RequiredString("name", $"an entry of '{key}'");
            string? type = null;
            if (m.Required("type", $"an entry of '{key}'") is { } typeNode && ctx.Scalar(typeNode, "'type'") is { } t)
            {
                if (Array.IndexOf(ElementTypes, t) < 0)
                {
                    ctx.Error(typeNode, $"'type' '{t}' is not one of: {string.Join(", ", ElementTypes)}{Suggestions.Hint(t, ElementTypes)}");
                }
                else
                {
                    type = t;
                }
            }
            var shape = new List<TensorDim>();
            if (m.Required("shape", $"an entry of '{key}'") is { } shapeNode)
            {
                foreach (YamlNode d in ctx.Sequence(shapeNode, "'shape'"))
                {
                    string? s = ctx.Scalar(d, "a dimension");
                    if (s is null)
                    {
                        continue;
                    }
                    if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long size))
                    {
                        if (size < 1)
                        {
                            ctx.Error(d, $"a dimension is a positive size or a symbol (a name such as H), not {size}");
                        }
                        shape.Add(TensorDim.Fixed(size));
                    }
                    else if (IsSymbol(s))
                    {
                        shape.Add(TensorDim.Named(s));
                    }
                    else
                    {
                        ctx.Error(d, $"a dimension is a positive size or a symbol (a name such as H), not '{s}'");
                    }
                }
            }
            m.Finish($"an entry of '{key}'");
            if (name is not null && type is not null)
            {
                if (list.Any(x => x.Name == name))
                {
                    ctx.Error(item, $"'{name}' is listed twice in '{key}'");
                }
                list.Add(new TensorSpec(name, type, shape, ctx.Where(item)));
            }
        }
        return list;
    }

    private static bool IsSymbol(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static (BevSpec?, ImageSpec?) Preprocess(YamlContext ctx, YamlNode node)
    {
        if (ctx.Map(node, "'preprocess'", PreprocessUnion) is not { } m)
        {
            return (null, null);
        }
        string? kind = m.Required("type", "'preprocess'") is { } kindNode ? ctx.Choice(kindNode, "'preprocess' type", PreprocessKinds) : null;
        return kind switch
        {
            LidarBev => (BevPreprocess(ctx, m), null),
            CameraImage => (null, ImagePreprocess(ctx, m)),
            _ => (null, null),
        };
    }

    private static BevSpec? BevPreprocess(YamlContext ctx, MapReader m)
    {
        const string Owner = "'preprocess'";
        m.Use(BevPreprocessShape);
        string? input = m.RequiredString("input", Owner);
        string? stream = m.String("stream");
        string format = m.Get("format") is { } f ? ctx.Choice(f, "'format'", Formats) ?? "lidar.v1" : "lidar.v1";
        (double, double)? x = Range(ctx, m, "x_range", Owner);
        (double, double)? y = Range(ctx, m, "y_range", Owner);
        (double, double)? z = Range(ctx, m, "z_range", Owner);
        double? cell = m.Has("cell") ? m.Positive("cell") : m.RequiredDouble("cell", Owner);
        bool compensated = m.Bool("compensated") ?? false;
        var channels = new List<BevChannel>();
        if (m.Required("channels", Owner) is { } chNode)
        {
            foreach (YamlNode c in ctx.Sequence(chNode, "'channels'"))
            {
                if (ctx.Enum(c, "a channel", ChannelWords) is { } ch)
                {
                    if (channels.Contains(ch))
                    {
                        ctx.Error(c, "a channel is listed twice");
                    }
                    channels.Add(ch);
                }
            }
            if (channels.Count == 0)
            {
                ctx.Error(chNode, $"'channels' lists at least one of: {string.Join(", ", ChannelWords.Keys)}");
            }
        }
        m.Finish(Owner);
        if (input is null || x is null || y is null || z is null || cell is not { } size)
        {
            return null;
        }
        // The raster must tile the range exactly, or the last column would be a partial cell whose
        // size the model never saw in training.
        foreach ((string key, (double Lo, double Hi) r) in new[] { ("x_range", x.Value), ("y_range", y.Value) })
        {
            double cells = (r.Hi - r.Lo) / size;
            if (Math.Abs(cells - Math.Round(cells)) > 1e-6 * Math.Max(1, cells))
            {
                ctx.Error(m.Get(key)!, $"'{key}' spans {r.Hi - r.Lo} m, not a whole number of {size} m cells ({cells:0.###})");
            }
        }
        return new BevSpec(input, stream, format, x.Value.Item1, x.Value.Item2, y.Value.Item1, y.Value.Item2, z.Value.Item1, z.Value.Item2, size, channels, compensated, m.Location);
    }

    private static ImageSpec? ImagePreprocess(YamlContext ctx, MapReader m)
    {
        const string Owner = "'preprocess'";
        m.Use(ImagePreprocessShape);
        string? input = m.RequiredString("input", Owner);
        string? stream = m.String("stream");
        string format = m.Get("format") is { } f ? ctx.Choice(f, "'format'", ImageFormats) ?? "camera.rgb8.v1" : "camera.rgb8.v1";
        int? width = ImageSize(ctx, m, "width", Owner), height = ImageSize(ctx, m, "height", Owner);
        var channels = new List<ImageChannel>();
        if (m.Required("channels", Owner) is { } chNode)
        {
            foreach (YamlNode c in ctx.Sequence(chNode, "'channels'"))
            {
                if (ctx.Enum(c, "an image channel", ImageChannelWords) is { } ch)
                {
                    if (channels.Contains(ch))
                    {
                        ctx.Error(c, "an image channel is listed twice");
                    }
                    channels.Add(ch);
                }
            }
            if (channels.Count == 0)
            {
                ctx.Error(chNode, "'channels' lists the input's planes in order, each one of r, g, b (e.g. [r, g, b], or [b, g, r] for a BGR model)");
            }
        }
        double scale = m.Has("scale") ? m.Positive("scale") ?? 1 : 1.0 / 255;
        List<double>? mean = PerChannel(ctx, m, "mean", channels.Count, 0, positive: false);
        List<double>? std = PerChannel(ctx, m, "std", channels.Count, 1, positive: true);
        m.Finish(Owner);
        if (input is null || width is null || height is null || mean is null || std is null || channels.Count == 0)
        {
            return null;
        }
        return new ImageSpec(input, stream, format, width.Value, height.Value, channels, scale, mean, std, m.Location);
    }

    private static int? ImageSize(YamlContext ctx, MapReader m, string key, string owner)
    {
        if (m.Required(key, owner) is not { } node || ctx.Int(node, $"'{key}'") is not { } v)
        {
            return null;
        }
        if (v is < 1 or > 16384)
        {
            ctx.Error(node, $"'{key}' is the image's size in pixels, 1..16384, not {v}");
            return null;
        }
        return v;
    }

    /// <summary>A list with one number per image channel (mean, std), or the default for every channel when absent.</summary>
    private static List<double>? PerChannel(YamlContext ctx, MapReader m, string key, int channels, double fallback, bool positive)
    {
        if (m.Get(key) is not { } node)
        {
            return Enumerable.Repeat(fallback, channels).ToList();
        }
        IReadOnlyList<YamlNode> items = ctx.Sequence(node, $"'{key}'");
        var values = new List<double>();
        foreach (YamlNode item in items)
        {
            if (ctx.Double(item, $"a '{key}' value") is { } v)
            {
                if (positive && !(v > 0))
                {
                    ctx.Error(item, $"a '{key}' value divides the input, so it must be positive, not {v}");
                    return null;
                }
                values.Add(v);
            }
            else
            {
                return null;
            }
        }
        if (node is YamlSequenceNode && values.Count != channels)
        {
            ctx.Error(node, $"'{key}' has {values.Count} values; 'channels' lists {channels} (one value per channel, in its order)");
            return null;
        }
        return node is YamlSequenceNode ? values : null;
    }

    private static (double, double)? Range(YamlContext ctx, MapReader m, string key, string owner)
    {
        if (m.Required(key, owner) is not { } node)
        {
            return null;
        }
        IReadOnlyList<YamlNode> items = ctx.Sequence(node, $"'{key}'");
        if (items.Count != 2)
        {
            if (node is YamlSequenceNode)
            {
                ctx.Error(node, $"'{key}' is [min, max] in metres");
            }
            return null;
        }
        double? lo = ctx.Double(items[0], $"'{key}' min"), hi = ctx.Double(items[1], $"'{key}' max");
        if (lo is null || hi is null)
        {
            return null;
        }
        if (hi <= lo)
        {
            ctx.Error(node, $"'{key}' max ({hi}) must be greater than its min ({lo})");
            return null;
        }
        return (lo.Value, hi.Value);
    }

    private static CenterHeadSpec? Postprocess(YamlContext ctx, YamlNode node)
    {
        if (ctx.Map(node, "'postprocess'", PostprocessShape) is not { } m)
        {
            return null;
        }
        const string Owner = "'postprocess'";
        HeadKind kind = m.Required("type", Owner) is { } kindNode ? ctx.Enum(kindNode, "'postprocess' type", PostprocessKinds) ?? HeadKind.Boxes3D : HeadKind.Boxes3D;
        string? heatmap = m.RequiredString("heatmap", Owner);
        string? regression = m.RequiredString("regression", Owner);
        var channels = new List<RegressionChannel>();
        if (m.Required("regression_channels", Owner) is { } rcNode)
        {
            foreach (YamlNode c in ctx.Sequence(rcNode, "'regression_channels'"))
            {
                if (ctx.Enum(c, "a regression channel", RegressionWords) is { } ch)
                {
                    if (channels.Contains(ch))
                    {
                        ctx.Error(c, "a regression channel is listed twice");
                    }
                    channels.Add(ch);
                }
            }
            if (kind == HeadKind.Boxes2D)
            {
                var missing = Box2DChannels.Where(c => !channels.Contains(c)).Select(Word).ToList();
                var extra = channels.Where(c => Array.IndexOf(Box2DChannels, c) < 0).Select(Word).ToList();
                if ((missing.Count > 0 || extra.Count > 0) && rcNode is YamlSequenceNode)
                {
                    string what = string.Join("; ", new[] { missing.Count > 0 ? $"lacks {string.Join(", ", missing)}" : null, extra.Count > 0 ? $"has {string.Join(", ", extra)}, which 2-D boxes do not use" : null }.Where(x => x is not null));
                    ctx.Error(rcNode, $"'regression_channels' {what} (center_box2d needs exactly dx, dy, log_w, log_h, in the model's order)");
                }
            }
            else
            {
                var missing = RegressionWords.Where(kv => kv.Value < RegressionChannel.Vx && !channels.Contains(kv.Value)).Select(kv => kv.Key).ToList();
                if (missing.Count > 0 && rcNode is YamlSequenceNode)
                {
                    ctx.Error(rcNode, $"'regression_channels' lacks {string.Join(", ", missing)} (it needs dx, dy, z, log_l, log_w, log_h, sin_yaw, cos_yaw in the model's order, and optionally vx, vy)");
                }
            }
            if (channels.Contains(RegressionChannel.Vx) != channels.Contains(RegressionChannel.Vy) && kind == HeadKind.Boxes3D)
            {
                ctx.Error(rcNode, "'regression_channels' has one of vx, vy without the other");
            }
        }
        int stride = 1;
        if (m.Get("stride") is { } strideNode && ctx.Int(strideNode, "'stride'") is { } s)
        {
            if (s < 1)
            {
                ctx.Error(strideNode, $"'stride' is a positive number of raster cells per output cell, not {s}");
            }
            else
            {
                stride = s;
            }
        }
        double threshold = 0.3;
        if (m.Get("score_threshold") is { } tNode && ctx.Double(tNode, "'score_threshold'") is { } t)
        {
            if (t is <= 0 or >= 1)
            {
                ctx.Error(tNode, $"'score_threshold' is a probability strictly between 0 and 1, not {t}");
            }
            threshold = t;
        }
        int maxObjects = 100;
        if (m.Get("max_objects") is { } moNode && ctx.Int(moNode, "'max_objects'") is { } mo)
        {
            if (mo < 1)
            {
                ctx.Error(moNode, $"'max_objects' must be at least 1, not {mo}");
            }
            maxObjects = mo;
        }
        if (m.Get("nms") is { } nmsNode && ctx.Scalar(nmsNode, "'nms'") is { } nms && nms != "max_pool_3x3")
        {
            ctx.Error(nmsNode, $"'nms' is 'max_pool_3x3' (the only peak extraction there is), not '{nms}'");
        }
        m.Finish(Owner);
        if (heatmap is null || regression is null)
        {
            return null;
        }
        return new CenterHeadSpec(kind, heatmap, regression, channels, stride, threshold, maxObjects, m.Location);
    }

    private static string Word(RegressionChannel c) => RegressionWords.First(kv => kv.Value == c).Key;

    /// <summary>A lidar raster decodes into 3-D boxes, an image into 2-D boxes.</summary>
    private static void CheckPairing(ModelSpec spec, List<InputError> errors)
    {
        if (spec.Bev is not null && spec.Head.Kind != HeadKind.Boxes3D)
        {
            errors.Add(new InputError(spec.Head.Where, "'center_box2d' decodes boxes in image pixels; a 'lidar_bev' model needs 'center_head'"));
        }
        else if (spec.Image is not null && spec.Head.Kind != HeadKind.Boxes2D)
        {
            errors.Add(new InputError(spec.Head.Where, "'center_head' decodes 3-D boxes from a lidar raster; a 'camera_image' model needs 'center_box2d'"));
        }
    }

    /// <summary>
    /// The spec's tensors against its own pre- and post-processing: the input is the raster, the
    /// outputs the head's, every fixed dimension equals the raster's, and a symbol means one size.
    /// </summary>
    private static void CheckTensors(ModelSpec spec, List<InputError> errors)
    {
        CenterHeadSpec head = spec.Head;
        if (spec.GridHeight % head.Stride != 0 || spec.GridWidth % head.Stride != 0)
        {
            string grid = spec.Bev is not null ? "raster's" : "image's";
            string unit = spec.Bev is not null ? "cells" : "pixels";
            errors.Add(new InputError(head.Where, $"the {grid} {spec.GridHeight} x {spec.GridWidth} {unit} do not divide by 'stride' {head.Stride}"));
            return;
        }
        if (spec.Inputs.Count != 1 || spec.Inputs[0].Name != spec.InputName)
        {
            errors.Add(new InputError(spec.InputWhere, $"'inputs' must list exactly the pre-processing's input '{spec.InputName}'; it lists: {string.Join(", ", spec.Inputs.Select(i => i.Name))}"));
        }
        foreach (string needed in new[] { head.Heatmap, head.Regression })
        {
            if (!spec.Outputs.Any(o => o.Name == needed))
            {
                errors.Add(new InputError(head.Where, $"'outputs' lacks '{needed}', which the post-processing reads; it lists: {string.Join(", ", spec.Outputs.Select(o => o.Name))}"));
            }
        }
        var bound = new Dictionary<string, (long Size, string Tensor)>(StringComparer.Ordinal);
        foreach (TensorSpec t in spec.Inputs.Concat(spec.Outputs))
        {
            if (t.Name != spec.InputName && t.Name != head.Heatmap && t.Name != head.Regression)
            {
                errors.Add(new InputError(t.Where, $"'{t.Name}' is neither the pre-processing's input nor the post-processing's heatmap or regression"));
                continue;
            }
            if (t.ElementType != "float32")
            {
                errors.Add(new InputError(t.Where, $"'{t.Name}' must be float32 (the runner feeds and reads float32), not {t.ElementType}"));
            }
            long[] want = spec.ConcreteShape(t.Name);
            if (t.Shape.Count != want.Length)
            {
                errors.Add(new InputError(t.Where, $"'{t.Name}' has rank {t.Shape.Count} {t.ShapeText}; the processing makes it [{string.Join(", ", want)}] (NCHW)"));
                continue;
            }
            for (int i = 0; i < want.Length; i++)
            {
                TensorDim d = t.Shape[i];
                if (d.Symbol is null && d.Size != want[i])
                {
                    errors.Add(new InputError(t.Where, $"'{t.Name}' shape {t.ShapeText}: dimension {i} is {d.Size}, but the processing makes it {want[i]} (whole shape [{string.Join(", ", want)}], NCHW)"));
                }
                else if (d.Symbol is { } sym)
                {
                    if (bound.TryGetValue(sym, out var prior) && prior.Size != want[i])
                    {
                        errors.Add(new InputError(t.Where, $"symbol '{sym}' is {prior.Size} in '{prior.Tensor}' but {want[i]} in '{t.Name}'"));
                    }
                    else
                    {
                        bound[sym] = (want[i], t.Name);
                    }
                }
            }
        }
    }
}
