namespace SimCore.Roads;

/// <summary>Header data of a road network file (OpenDRIVE <c>&lt;header&gt;</c>).</summary>
/// <param name="RevMajor">Format major revision (1 for OpenDRIVE 1.x).</param>
/// <param name="RevMinor">Format minor revision (4 to 8).</param>
/// <param name="Name">Database name, if given.</param>
/// <param name="Version">Database version string, if given.</param>
/// <param name="North">Maximum inertial y, metres (0 when absent).</param>
/// <param name="South">Minimum inertial y, metres.</param>
/// <param name="East">Maximum inertial x, metres.</param>
/// <param name="West">Minimum inertial x, metres.</param>
/// <param name="GeoReference">The <c>geoReference</c> projection string verbatim (trimmed), if any.</param>
/// <param name="Offset">The header offset, if any.</param>
public sealed record RoadNetworkHeader(
    int RevMajor,
    int RevMinor,
    string? Name,
    string? Version,
    double North,
    double South,
    double East,
    double West,
    string? GeoReference,
    GeoOffset? Offset);
