namespace SensorModels.Radar;

/// <summary>The radar's payload formats (docs/sensors/radar.md): a detection list, or a tracked object list.</summary>
public static class RadarPayload
{
    /// <summary>The format id of a detection list (<c>output: detections</c>).</summary>
    public const string DetectionsFormat = "radar.detections.v1";

    /// <summary>The format id of a tracked object list (<c>output: objects</c>).</summary>
    public const string ObjectsFormat = "radar.objects.v1";
}
