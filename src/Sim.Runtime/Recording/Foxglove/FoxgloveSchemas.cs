namespace Sim.Runtime.Recording.Foxglove;

/// <summary>
/// The JSON Schemas of the Foxglove message types the <see cref="FoxgloveEncoder"/> writes, by
/// schema name. An MCAP channel with <c>message_encoding: "json"</c> carries one of these as its
/// schema (<c>encoding: "jsonschema"</c>, the UTF-8 text as data, the name below as the schema's
/// name); Foxglove recognises the type by that name (docs/foxglove.md).
/// </summary>
/// <remarks>
/// Source: the message definitions of foxglove/foxglove-sdk, <c>schemas/jsonschema/*.json</c>
/// (commit 7250564fd61a for PointCloud, SceneUpdate and the primitives; the same field sets as
/// docs.foxglove.dev "Message schemas"), read in November 2026. The text here is our own compact
/// rendering of those definitions, not a copy: the same property names, JSON types, enum values
/// and "required" lists, with shared parts (time, Vector3, Quaternion, Pose, Color) inlined so each
/// schema stands alone as Foxglove's do. Left out: the experimental <c>message_id</c> and
/// <c>lineage</c> properties of the newest SDK, and the inner properties of the SceneEntity
/// primitive arrays we always write empty (arrows, spheres, cylinders, lines, triangles, models),
/// which are described only as objects of their Foxglove type. Every property the encoder writes
/// is defined upstream with the same JSON type.
/// </remarks>
internal static class FoxgloveSchemas
{
    /// <summary>The MCAP schema encoding of every schema here.</summary>
    public const string SchemaEncoding = "jsonschema";

    /// <summary>The MCAP message encoding of every message the encoder writes.</summary>
    public const string MessageEncoding = "json";

    /// <summary>Schema name of a point cloud (lidar, radar detections).</summary>
    public const string PointCloud = "foxglove.PointCloud";

    /// <summary>Schema name of a 3-D scene update (ground-truth boxes, radar tracks).</summary>
    public const string SceneUpdate = "foxglove.SceneUpdate";

    /// <summary>Schema name of an uncompressed image (camera rgb and depth).</summary>
    public const string RawImage = "foxglove.RawImage";

    /// <summary>Schema name of one transform (the ego pose, a sensor mount).</summary>
    public const string FrameTransform = "foxglove.FrameTransform";

    /// <summary>Schema name of a list of transforms (all sensor mounts at once).</summary>
    public const string FrameTransforms = "foxglove.FrameTransforms";

    /// <summary>Schema name of a GNSS fix.</summary>
    public const string LocationFix = "foxglove.LocationFix";

    /// <summary>Schema name of a log line.</summary>
    public const string Log = "foxglove.Log";

    // Shared parts, inlined into each schema so that a channel's schema needs no other document.
    private const string Time = """{"type":"object","title":"time","properties":{"sec":{"type":"integer","minimum":0},"nsec":{"type":"integer","minimum":0,"maximum":999999999}},"required":["sec","nsec"]}""";
    private const string Duration = """{"type":"object","title":"duration","properties":{"sec":{"type":"integer"},"nsec":{"type":"integer","minimum":0,"maximum":999999999}},"required":["sec","nsec"]}""";
    private const string Vector3 = """{"title":"foxglove.Vector3","type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"number"}},"required":["x","y","z"]}""";
    private const string Quaternion = """{"title":"foxglove.Quaternion","type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"z":{"type":"number"},"w":{"type":"number"}},"required":["x","y","z","w"]}""";
    private const string Color = """{"title":"foxglove.Color","type":"object","properties":{"r":{"type":"number"},"g":{"type":"number"},"b":{"type":"number"},"a":{"type":"number"}},"required":["r","g","b","a"]}""";
    private const string Pose = $$$"""{"title":"foxglove.Pose","type":"object","properties":{"position":{{{Vector3}}},"orientation":{{{Quaternion}}}},"required":["position","orientation"]}""";
    private const string KeyValuePair = """{"title":"foxglove.KeyValuePair","type":"object","properties":{"key":{"type":"string"},"value":{"type":"string"}},"required":["key","value"]}""";

    private const string NumericType = """{"title":"foxglove.NumericType","description":"0 UNKNOWN, 1 UINT8, 2 INT8, 3 UINT16, 4 INT16, 5 UINT32, 6 INT32, 7 FLOAT32, 8 FLOAT64; little endian","oneOf":[{"title":"UNKNOWN","const":0},{"title":"UINT8","const":1},{"title":"INT8","const":2},{"title":"UINT16","const":3},{"title":"INT16","const":4},{"title":"UINT32","const":5},{"title":"INT32","const":6},{"title":"FLOAT32","const":7},{"title":"FLOAT64","const":8}]}""";
    private const string PackedElementField = $$$"""{"title":"foxglove.PackedElementField","type":"object","properties":{"name":{"type":"string"},"offset":{"type":"integer","minimum":0},"type":{{{NumericType}}}},"required":["name","offset","type"]}""";

    private const string PointCloudText = $$$"""{"title":"foxglove.PointCloud","description":"A collection of N-dimensional points, which may contain additional fields with information like normals, intensity, etc.","type":"object","properties":{"timestamp":{{{Time}}},"frame_id":{"type":"string"},"pose":{{{Pose}}},"point_stride":{"type":"integer","minimum":0},"fields":{"type":"array","items":{{{PackedElementField}}}},"data":{"type":"string","contentEncoding":"base64"}},"required":["timestamp","frame_id","pose","point_stride","fields","data"]}""";

    private const string RawImageText = $$$"""{"title":"foxglove.RawImage","description":"A raw image","type":"object","properties":{"timestamp":{{{Time}}},"frame_id":{"type":"string"},"width":{"type":"integer","minimum":0},"height":{"type":"integer","minimum":0},"encoding":{"type":"string"},"step":{"type":"integer","minimum":0},"data":{"type":"string","contentEncoding":"base64"}},"required":["timestamp","frame_id","width","height","encoding","step","data"]}""";

    private const string FrameTransformObject = $$$"""{"title":"foxglove.FrameTransform","description":"A transform between two reference frames in 3D space: the pose of the child frame in the parent frame","type":"object","properties":{"timestamp":{{{Time}}},"parent_frame_id":{"type":"string"},"child_frame_id":{"type":"string"},"translation":{{{Vector3}}},"rotation":{{{Quaternion}}}},"required":["timestamp","parent_frame_id","child_frame_id","translation","rotation"]}""";

    private const string FrameTransformsText = $$$"""{"title":"foxglove.FrameTransforms","description":"An array of FrameTransform messages","type":"object","properties":{"transforms":{"type":"array","items":{{{FrameTransformObject}}}}},"required":["transforms"]}""";

    private const string CubePrimitive = $$$"""{"title":"foxglove.CubePrimitive","type":"object","properties":{"pose":{{{Pose}}},"size":{{{Vector3}}},"color":{{{Color}}}},"required":["pose","size","color"]}""";
    private const string TextPrimitive = $$$"""{"title":"foxglove.TextPrimitive","type":"object","properties":{"pose":{{{Pose}}},"billboard":{"type":"boolean"},"font_size":{"type":"number"},"scale_invariant":{"type":"boolean"},"color":{{{Color}}},"text":{"type":"string"}},"required":["pose","billboard","font_size","scale_invariant","color","text"]}""";
    private const string SceneEntity = $$$"""{"title":"foxglove.SceneEntity","type":"object","properties":{"timestamp":{{{Time}}},"frame_id":{"type":"string"},"id":{"type":"string"},"lifetime":{{{Duration}}},"frame_locked":{"type":"boolean"},"metadata":{"type":"array","items":{{{KeyValuePair}}}},"arrows":{"type":"array","items":{"title":"foxglove.ArrowPrimitive","type":"object"}},"cubes":{"type":"array","items":{{{CubePrimitive}}}},"spheres":{"type":"array","items":{"title":"foxglove.SpherePrimitive","type":"object"}},"cylinders":{"type":"array","items":{"title":"foxglove.CylinderPrimitive","type":"object"}},"lines":{"type":"array","items":{"title":"foxglove.LinePrimitive","type":"object"}},"triangles":{"type":"array","items":{"title":"foxglove.TriangleListPrimitive","type":"object"}},"texts":{"type":"array","items":{{{TextPrimitive}}}},"models":{"type":"array","items":{"title":"foxglove.ModelPrimitive","type":"object"}} },"required":["timestamp","frame_id","id","lifetime","frame_locked","metadata","arrows","cubes","spheres","cylinders","lines","triangles","texts","models"]}""";
    private const string SceneEntityDeletion = $$$"""{"title":"foxglove.SceneEntityDeletion","type":"object","properties":{"timestamp":{{{Time}}},"type":{"title":"foxglove.SceneEntityDeletionType","oneOf":[{"title":"MATCHING_ID","const":0},{"title":"ALL","const":1}]},"id":{"type":"string"}},"required":["timestamp","type","id"]}""";
    private const string SceneUpdateText = $$$"""{"title":"foxglove.SceneUpdate","description":"An update to the entities displayed in a 3D scene","type":"object","properties":{"deletions":{"type":"array","items":{{{SceneEntityDeletion}}}},"entities":{"type":"array","items":{{{SceneEntity}}}}},"required":["deletions","entities"]}""";

    private const string LocationFixText = $$$"""{"title":"foxglove.LocationFix","description":"A navigation satellite fix for any Global Navigation Satellite System","type":"object","properties":{"timestamp":{{{Time}}},"frame_id":{"type":"string"},"latitude":{"type":"number"},"longitude":{"type":"number"},"altitude":{"type":"number"},"position_covariance":{"type":"array","items":{"type":"number"},"minItems":9,"maxItems":9},"position_covariance_type":{"title":"foxglove.PositionCovarianceType","oneOf":[{"title":"UNKNOWN","const":0},{"title":"APPROXIMATED","const":1},{"title":"DIAGONAL_KNOWN","const":2},{"title":"KNOWN","const":3}]},"color":{{{Color}}}},"required":["timestamp","frame_id","latitude","longitude","altitude","position_covariance","position_covariance_type"]}""";

    private const string LogText = $$$"""{"title":"foxglove.Log","description":"A log message","type":"object","properties":{"timestamp":{{{Time}}},"level":{"title":"foxglove.LogLevel","oneOf":[{"title":"UNKNOWN","const":0},{"title":"DEBUG","const":1},{"title":"INFO","const":2},{"title":"WARNING","const":3},{"title":"ERROR","const":4},{"title":"FATAL","const":5}]},"message":{"type":"string"},"name":{"type":"string"},"file":{"type":"string"},"line":{"type":"integer","minimum":0}},"required":["timestamp","level","message","name","file","line"]}""";

    private static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        [PointCloud] = PointCloudText,
        [SceneUpdate] = SceneUpdateText,
        [RawImage] = RawImageText,
        [FrameTransform] = FrameTransformObject,
        [FrameTransforms] = FrameTransformsText,
        [LocationFix] = LocationFixText,
        [Log] = LogText,
    };

    /// <summary>Every schema, by name.</summary>
    public static IReadOnlyDictionary<string, string> All => ByName;

    /// <summary>The JSON Schema text of <paramref name="name"/> (e.g. "foxglove.PointCloud").</summary>
    /// <exception cref="KeyNotFoundException">A schema the encoder does not write.</exception>
    public static string Text(string name)
        => ByName.TryGetValue(name, out string? text) ? text : throw new KeyNotFoundException($"no Foxglove schema '{name}' here; known: {string.Join(", ", ByName.Keys)}");
}
