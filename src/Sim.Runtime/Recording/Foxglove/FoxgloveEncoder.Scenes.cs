using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Sim.Runtime.Scoring;
using SensorModels.GroundTruth;

namespace Sim.Runtime.Recording.Foxglove;

internal sealed partial class FoxgloveEncoder
{
    /// <summary>Frame of the ground-truth boxes (x east, y north, z up).</summary>
    public const string WorldFrame = "world";

    private const int RadarObjectBytes = 36;

    // Radar tracks carry no extent; a metre cube marks the track's position without claiming a size.
    private const double TrackMarkerSize = 1.0;

    // Labels float this far above a box's top (m).
    private const double LabelClearance = 0.5;

    // Per ground_truth.v1 class (0 car ... 5 obstacle): name and colour (r, g, b).
    private static readonly string[] ClassNames = [ObjectClasses.Car, ObjectClasses.Truck, ObjectClasses.Bus, ObjectClasses.Pedestrian, ObjectClasses.Cyclist, ObjectClasses.Obstacle];

    private static readonly (double R, double G, double B)[] ClassColors =
    [
        (0.20, 0.55, 1.00), // car: blue
        (1.00, 0.55, 0.10), // truck: orange
        (0.95, 0.85, 0.10), // bus: yellow
        (1.00, 0.20, 0.25), // pedestrian: red
        (0.25, 0.85, 0.30), // cyclist: green
        (0.65, 0.65, 0.65), // obstacle: grey
    ];

    private const double BoxAlpha = 0.5;

    /// <summary>
    /// A <c>ground_truth.v1</c> payload (docs/sensors/ground-truth.md) as a
    /// <c>foxglove.SceneUpdate</c> in the frame "world": per object one entity (id = the entity id)
    /// with a cube at the world-frame box centre, turned by the heading about z, sized length ×
    /// width × height, coloured by class, and a text label "class id" above it; metadata class,
    /// lidar_points, vx, vy. Each entity lives <paramref name="lifetimeNs"/>, so an object that
    /// leaves the sensor's range disappears once its last box expires.
    /// </summary>
    /// <param name="timeNs">The output's time (ns).</param>
    /// <param name="lifetimeNs">How long each box stays without an update: about the sensor's period (ns, ≥ 0; 0 keeps it until replaced).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the ground_truth.v1 layout.</exception>
    public ReadOnlyMemory<byte> GroundTruthSceneUpdate(long timeNs, long lifetimeNs, ReadOnlySpan<byte> payload)
    {
        int count = ReadCount(payload, GroundTruthPayload.RecordBytes, GroundTruthPayload.Format);
        Utf8JsonWriter w = BeginSceneUpdate();
        Span<byte> label = stackalloc byte[48];
        for (int i = 0; i < count; i++)
        {
            GroundTruthObject o = GroundTruthPayload.Read(payload, i);
            (int id, int cls, int lidarPoints) = (o.Id, (int)o.Kind, o.LidarPoints);
            (double x, double y, double z) = (o.Centre.X, o.Centre.Y, o.Centre.Z);
            (double length, double width, double height, double heading) = (o.Length, o.Width, o.Height, o.Heading);
            (double vx, double vy) = (o.Velocity.X, o.Velocity.Y);
            // A class this encoder does not know (a newer payload) is drawn as an obstacle and named by number.
            bool known = (uint)cls < (uint)ClassNames.Length;
            (double cr, double cg, double cb) = ClassColors[known ? cls : ClassColors.Length - 1];
            int n = known
                ? FormatLabel(label, ClassNames[cls], id)
                : FormatLabel(label, "class " + cls.ToString(CultureInfo.InvariantCulture), id);

            BeginEntity(w, timeNs, WorldFrame, id, lifetimeNs);
            w.WriteStartArray("metadata"u8);
            WriteKeyValue(w, "class"u8, known ? ClassNames[cls] : cls.ToString(CultureInfo.InvariantCulture));
            WriteKeyValue(w, "lidar_points"u8, lidarPoints);
            WriteKeyValue(w, "vx"u8, vx);
            WriteKeyValue(w, "vy"u8, vy);
            w.WriteEndArray();
            WriteEmptyArrays(w, "arrows"u8);
            w.WriteStartArray("cubes"u8);
            w.WriteStartObject();
            WritePose(w, "pose"u8, x, y, z, FoxgloveQuaternion.FromYaw(heading));
            WriteVector3(w, "size"u8, length, width, height);
            WriteColor(w, "color"u8, cr, cg, cb, BoxAlpha);
            w.WriteEndObject();
            w.WriteEndArray();
            WriteEmptyArrays(w, "spheres"u8, "cylinders"u8, "lines"u8, "triangles"u8);
            WriteLabel(w, x, y, z + height / 2 + LabelClearance, label[..n]);
            WriteEmptyArrays(w, "models"u8);
            w.WriteEndObject();
        }
        return EndSceneUpdate(w);
    }

    /// <summary>
    /// A <c>radar.objects.v1</c> payload (docs/sensors/radar.md) as a <c>foxglove.SceneUpdate</c>
    /// in the sensor's frame: per confirmed track one entity (id = the track id) with a 1 m cube at
    /// the track's position (tracks have no size) and a label "track id"; metadata age, hits, vx,
    /// vy, rcs.
    /// </summary>
    /// <param name="frameId">The sensor's frame: its name in the rig.</param>
    /// <param name="timeNs">The output's time (ns).</param>
    /// <param name="lifetimeNs">How long each track marker stays without an update: about the sensor's period (ns, ≥ 0).</param>
    /// <param name="payload">One output's payload.</param>
    /// <exception cref="ArgumentException">The payload does not have the radar.objects.v1 layout.</exception>
    public ReadOnlyMemory<byte> RadarObjectsSceneUpdate(string frameId, long timeNs, long lifetimeNs, ReadOnlySpan<byte> payload)
    {
        int count = ReadCount(payload, RadarObjectBytes, "radar.objects.v1");
        Utf8JsonWriter w = BeginSceneUpdate();
        Span<byte> label = stackalloc byte[32];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> r = payload.Slice(4 + i * RadarObjectBytes, RadarObjectBytes);
            int id = BinaryPrimitives.ReadInt32LittleEndian(r);
            int age = BinaryPrimitives.ReadInt32LittleEndian(r[4..]);
            int hits = BinaryPrimitives.ReadInt32LittleEndian(r[8..]);
            double x = BinaryPrimitives.ReadSingleLittleEndian(r[12..]);
            double y = BinaryPrimitives.ReadSingleLittleEndian(r[16..]);
            double z = BinaryPrimitives.ReadSingleLittleEndian(r[20..]);
            double vx = BinaryPrimitives.ReadSingleLittleEndian(r[24..]);
            double vy = BinaryPrimitives.ReadSingleLittleEndian(r[28..]);
            double rcs = BinaryPrimitives.ReadSingleLittleEndian(r[32..]);
            int n = FormatLabel(label, "track", id);

            BeginEntity(w, timeNs, frameId, id, lifetimeNs);
            w.WriteStartArray("metadata"u8);
            WriteKeyValue(w, "age"u8, age);
            WriteKeyValue(w, "hits"u8, hits);
            WriteKeyValue(w, "vx"u8, vx);
            WriteKeyValue(w, "vy"u8, vy);
            WriteKeyValue(w, "rcs"u8, rcs);
            w.WriteEndArray();
            WriteEmptyArrays(w, "arrows"u8);
            w.WriteStartArray("cubes"u8);
            w.WriteStartObject();
            WritePose(w, "pose"u8, x, y, z, FoxgloveQuaternion.Identity);
            WriteVector3(w, "size"u8, TrackMarkerSize, TrackMarkerSize, TrackMarkerSize);
            WriteColor(w, "color"u8, 1.0, 0.0, 1.0, BoxAlpha);
            w.WriteEndObject();
            w.WriteEndArray();
            WriteEmptyArrays(w, "spheres"u8, "cylinders"u8, "lines"u8, "triangles"u8);
            WriteLabel(w, x, y, z + TrackMarkerSize / 2 + LabelClearance, label[..n]);
            WriteEmptyArrays(w, "models"u8);
            w.WriteEndObject();
        }
        return EndSceneUpdate(w);
    }

    /// <summary>Reads and checks the int32 record count of a count-prefixed payload.</summary>
    private static int ReadCount(ReadOnlySpan<byte> payload, int recordBytes, string format)
    {
        RequireHeader(payload, 4, format);
        int count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (count < 0)
        {
            throw new ArgumentException($"a {format} payload with a negative count {count}", nameof(payload));
        }
        RequireLength(payload, 4 + (long)count * recordBytes, format);
        return count;
    }

    private Utf8JsonWriter BeginSceneUpdate()
    {
        Utf8JsonWriter w = Begin();
        w.WriteStartObject();
        // No deletions: entities expire by their lifetime, which also holds when a viewer seeks.
        w.WriteStartArray("deletions"u8);
        w.WriteEndArray();
        w.WriteStartArray("entities"u8);
        return w;
    }

    private ReadOnlyMemory<byte> EndSceneUpdate(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
        return End();
    }

    private static void BeginEntity(Utf8JsonWriter w, long timeNs, string frameId, int id, long lifetimeNs)
    {
        w.WriteStartObject();
        WriteTime(w, "timestamp"u8, timeNs);
        w.WriteString("frame_id"u8, frameId);
        WriteIntString(w, "id"u8, id);
        WriteDuration(w, "lifetime"u8, lifetimeNs);
        // The boxes are where the objects were at this time, not attached to a moving frame.
        w.WriteBoolean("frame_locked"u8, false);
    }

    private static void WriteLabel(Utf8JsonWriter w, double x, double y, double z, ReadOnlySpan<byte> text)
    {
        w.WriteStartArray("texts"u8);
        w.WriteStartObject();
        WritePose(w, "pose"u8, x, y, z, FoxgloveQuaternion.Identity);
        w.WriteBoolean("billboard"u8, true);
        w.WriteNumber("font_size"u8, 12);
        w.WriteBoolean("scale_invariant"u8, true);
        WriteColor(w, "color"u8, 1, 1, 1, 1);
        w.WriteString("text"u8, text);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    // Foxglove has required every primitive array of a SceneEntity in some versions; empty ones cost a few bytes.
    private static void WriteEmptyArrays(Utf8JsonWriter w, ReadOnlySpan<byte> a)
    {
        w.WriteStartArray(a);
        w.WriteEndArray();
    }

    private static void WriteEmptyArrays(Utf8JsonWriter w, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d)
    {
        WriteEmptyArrays(w, a);
        WriteEmptyArrays(w, b);
        WriteEmptyArrays(w, c);
        WriteEmptyArrays(w, d);
    }

    /// <summary>Writes "prefix id" as UTF-8 into <paramref name="destination"/> and returns its length.</summary>
    private static int FormatLabel(Span<byte> destination, string prefix, int id)
    {
        int n = System.Text.Encoding.UTF8.GetBytes(prefix, destination);
        destination[n++] = (byte)' ';
        id.TryFormat(destination[n..], out int digits, default, CultureInfo.InvariantCulture);
        return n + digits;
    }

    private static void WriteKeyValue(Utf8JsonWriter w, ReadOnlySpan<byte> key, string value)
    {
        w.WriteStartObject();
        w.WriteString("key"u8, key);
        w.WriteString("value"u8, value);
        w.WriteEndObject();
    }

    private static void WriteKeyValue(Utf8JsonWriter w, ReadOnlySpan<byte> key, long value)
    {
        w.WriteStartObject();
        w.WriteString("key"u8, key);
        WriteIntString(w, "value"u8, value);
        w.WriteEndObject();
    }

    private static void WriteKeyValue(Utf8JsonWriter w, ReadOnlySpan<byte> key, double value)
    {
        // Metadata values are strings: the shortest round-trip form, as JSON numbers are written.
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out int n, "R", CultureInfo.InvariantCulture);
        w.WriteStartObject();
        w.WriteString("key"u8, key);
        w.WriteString("value"u8, text[..n]);
        w.WriteEndObject();
    }
}
