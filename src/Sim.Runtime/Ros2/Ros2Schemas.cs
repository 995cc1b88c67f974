namespace Sim.Runtime.Ros2;

/// <summary>
/// The ros2msg schema text of the standard ROS 2 messages this project writes (the definitions of
/// ROS 2 Humble's common_interfaces and ros-drivers' can_msgs), as rosbag2 stores them in an MCAP
/// schema: the type's own fields, then each type it uses after a line of 80 '=' and "MSG: pkg/Type".
/// </summary>
internal static class Ros2Schemas
{
    private static readonly Dictionary<string, string> Own = new(StringComparer.Ordinal)
    {
        ["builtin_interfaces/Time"] = "int32 sec\nuint32 nanosec\n",
        ["std_msgs/Header"] = "builtin_interfaces/Time stamp\nstring frame_id\n",
        ["geometry_msgs/Point"] = "float64 x\nfloat64 y\nfloat64 z\n",
        ["geometry_msgs/Vector3"] = "float64 x\nfloat64 y\nfloat64 z\n",
        ["geometry_msgs/Quaternion"] = "float64 x 0\nfloat64 y 0\nfloat64 z 0\nfloat64 w 1\n",
        ["geometry_msgs/Pose"] = "geometry_msgs/Point position\ngeometry_msgs/Quaternion orientation\n",
        ["geometry_msgs/PoseWithCovariance"] = "geometry_msgs/Pose pose\nfloat64[36] covariance\n",
        ["geometry_msgs/Twist"] = "geometry_msgs/Vector3 linear\ngeometry_msgs/Vector3 angular\n",
        ["geometry_msgs/TwistWithCovariance"] = "geometry_msgs/Twist twist\nfloat64[36] covariance\n",
        ["geometry_msgs/Transform"] = "geometry_msgs/Vector3 translation\ngeometry_msgs/Quaternion rotation\n",
        ["geometry_msgs/TransformStamped"] = "std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/Transform transform\n",
        ["nav_msgs/Odometry"] = "std_msgs/Header header\nstring child_frame_id\ngeometry_msgs/PoseWithCovariance pose\ngeometry_msgs/TwistWithCovariance twist\n",
        ["tf2_msgs/TFMessage"] = "geometry_msgs/TransformStamped[] transforms\n",
        ["sensor_msgs/PointField"] = "uint8 INT8=1\nuint8 UINT8=2\nuint8 INT16=3\nuint8 UINT16=4\nuint8 INT32=5\nuint8 UINT32=6\nuint8 FLOAT32=7\nuint8 FLOAT64=8\nstring name\nuint32 offset\nuint8 datatype\nuint32 count\n",
        ["sensor_msgs/PointCloud2"] = "std_msgs/Header header\nuint32 height\nuint32 width\nsensor_msgs/PointField[] fields\nbool is_bigendian\nuint32 point_step\nuint32 row_step\nuint8[] data\nbool is_dense\n",
        ["sensor_msgs/Imu"] = "std_msgs/Header header\ngeometry_msgs/Quaternion orientation\nfloat64[9] orientation_covariance\ngeometry_msgs/Vector3 angular_velocity\nfloat64[9] angular_velocity_covariance\ngeometry_msgs/Vector3 linear_acceleration\nfloat64[9] linear_acceleration_covariance\n",
        ["sensor_msgs/NavSatStatus"] = "int8 STATUS_NO_FIX=-1\nint8 STATUS_FIX=0\nint8 STATUS_SBAS_FIX=1\nint8 STATUS_GBAS_FIX=2\nint8 status\nuint16 SERVICE_GPS=1\nuint16 SERVICE_GLONASS=2\nuint16 SERVICE_COMPASS=4\nuint16 SERVICE_GALILEO=8\nuint16 service\n",
        ["sensor_msgs/NavSatFix"] = "std_msgs/Header header\nsensor_msgs/NavSatStatus status\nfloat64 latitude\nfloat64 longitude\nfloat64 altitude\nfloat64[9] position_covariance\nuint8 COVARIANCE_TYPE_UNKNOWN=0\nuint8 COVARIANCE_TYPE_APPROXIMATED=1\nuint8 COVARIANCE_TYPE_DIAGONAL_KNOWN=2\nuint8 COVARIANCE_TYPE_KNOWN=3\nuint8 position_covariance_type\n",
        ["sensor_msgs/Image"] = "std_msgs/Header header\nuint32 height\nuint32 width\nstring encoding\nuint8 is_bigendian\nuint32 step\nuint8[] data\n",
        ["sensor_msgs/CompressedImage"] = "std_msgs/Header header\nstring format\nuint8[] data\n",
        ["can_msgs/Frame"] = "std_msgs/Header header\nuint32 id\nbool is_rtr\nbool is_extended\nbool is_error\nuint8 dlc\nuint8[8] data\n",
    };

    /// <summary>The schema name ROS 2 bags use: "pkg/msg/Type".</summary>
    public static string Name(string type) => type.Replace("/", "/msg/", StringComparison.Ordinal);

    /// <summary>The full schema text of <paramref name="type"/> ("pkg/Type").</summary>
    public static string Text(string type)
    {
        var order = new List<string>();
        Collect(type, order);
        var sb = new System.Text.StringBuilder(Own[type]);
        foreach (string dep in order.Where(d => d != type))
        {
            sb.Append(new string('=', 80)).Append("\nMSG: ").Append(dep).Append('\n').Append(Own[dep]);
        }
        return sb.ToString();
    }

    private static void Collect(string type, List<string> order)
    {
        if (order.Contains(type))
        {
            return;
        }
        order.Add(type);
        foreach (string line in Own[type].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string t = line.Split(' ')[0].Split('[')[0];
            if (t.Contains('/', StringComparison.Ordinal))
            {
                Collect(t, order);
            }
        }
    }
}
