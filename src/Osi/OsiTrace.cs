using Google.Protobuf;
using Google.Protobuf.Reflection;
using Osi3;

namespace Osi;

/// <summary>
/// What OSI's multi-channel trace file format (OSI 3.8 "OSI trace file formats": OSI messages in
/// MCAP) asks of a file: a schema per message type (encoding <c>protobuf</c>, name the full message
/// name, data a FileDescriptorSet with every import, as <c>protoc --include_imports
/// --descriptor_set_out</c> writes it), channels with message encoding <c>protobuf</c> and the
/// version metadata, and one <c>net.asam.osi.trace</c> metadata record.
/// </summary>
public static class OsiTrace
{
    /// <summary>The schema and message encoding.</summary>
    public const string Encoding = "protobuf";

    /// <summary>The name of the file's metadata record.</summary>
    public const string MetadataName = "net.asam.osi.trace";

    /// <summary>The schema name of GroundTruth channels.</summary>
    public static string GroundTruthSchema => GroundTruth.Descriptor.FullName;

    /// <summary>The schema name of SensorView channels.</summary>
    public static string SensorViewSchema => SensorView.Descriptor.FullName;

    /// <summary>The protobuf version the messages are made with (Google.Protobuf's).</summary>
    public static string ProtobufVersion
    {
        get
        {
            Version v = typeof(IMessage).Assembly.GetName().Version ?? new Version(0, 0, 0);
            return $"{v.Major}.{v.Minor}.{v.Build}";
        }
    }

    /// <summary>The serialized FileDescriptorSet of GroundTruth's file and every file it imports, imports first.</summary>
    public static byte[] GroundTruthDescriptorSet() => DescriptorSet(GroundTruth.Descriptor.File);

    /// <summary>The serialized FileDescriptorSet of SensorView's file and every file it imports, imports first.</summary>
    public static byte[] SensorViewDescriptorSet() => DescriptorSet(SensorView.Descriptor.File);

    /// <summary>The <c>net.asam.osi.trace</c> record's entries.</summary>
    public static Dictionary<string, string> FileMetadata() => new()
    {
        ["version"] = OsiWorld.VersionText,
        ["min_osi_version"] = OsiWorld.VersionText,
        ["max_osi_version"] = OsiWorld.VersionText,
        ["min_protobuf_version"] = ProtobufVersion,
        ["max_protobuf_version"] = ProtobufVersion,
        ["description"] = "ground truth and sensor views of a simulation run (docs/osi.md)",
    };

    /// <summary>An OSI channel's metadata.</summary>
    public static Dictionary<string, string> ChannelMetadata(string description) => new()
    {
        ["net.asam.osi.trace.channel.osi_version"] = OsiWorld.VersionText,
        ["net.asam.osi.trace.channel.protobuf_version"] = ProtobufVersion,
        ["net.asam.osi.trace.channel.description"] = description,
    };

    private static byte[] DescriptorSet(FileDescriptor file)
    {
        var set = new FileDescriptorSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(FileDescriptor f)
        {
            if (!seen.Add(f.Name))
            {
                return;
            }
            foreach (FileDescriptor d in f.Dependencies)
            {
                Add(d);
            }
            set.File.Add(f.ToProto());
        }
        Add(file);
        return set.ToByteArray();
    }
}
