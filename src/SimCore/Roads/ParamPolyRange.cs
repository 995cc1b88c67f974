namespace SimCore.Roads;

/// <summary>Range of the parameter p of an OpenDRIVE <c>&lt;paramPoly3&gt;</c>.</summary>
public enum ParamPolyRange
{
    /// <summary>p runs over [0, length] (OpenDRIVE <c>pRange="arcLength"</c>).</summary>
    ArcLength,

    /// <summary>p runs over [0, 1] (OpenDRIVE <c>pRange="normalized"</c>).</summary>
    Normalized,
}
