namespace SimCore.Roads;

/// <summary>
/// A lane's road mark record (OpenDRIVE <c>&lt;roadMark&gt;</c>), kept as data for rendering: the
/// marking on the lane's outer border (on the centre line for the centre lane) from
/// <see cref="SOffset"/> on. Strings are the file's keywords (e.g. type "solid", "broken").
/// </summary>
/// <param name="SOffset">Start, metres from the lane section start.</param>
/// <param name="Type">Mark type keyword, e.g. "solid", "broken", "solid broken", "none".</param>
/// <param name="Weight">Weight keyword ("standard", "bold"), if given.</param>
/// <param name="Color">Colour keyword ("standard", "white", "yellow", ...), if given.</param>
/// <param name="Width">Line width, metres, if given.</param>
/// <param name="LaneChange">Lane change rule keyword ("increase", "decrease", "both", "none"), if given.</param>
public sealed record RoadMark(double SOffset, string Type, string? Weight, string? Color, double? Width, string? LaneChange);
