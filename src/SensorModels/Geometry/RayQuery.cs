using System.Runtime.InteropServices;

namespace SensorModels.Geometry;

/// <summary>
/// A ray as traversal sees it: origin relative to the scene's origin and direction in float, the
/// (TMin, TMax) interval, up to two entities it passes through, the <see cref="ScenePose"/> it is
/// cast against and whether any hit will do (occlusion). Laid out as the compute shader's Ray
/// (std430: three 16-byte rows).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RayQuery
{
    public F3 Origin;
    public float TMin;
    public F3 Direction;
    public float TMax;
    public int IgnoreA;
    public int IgnoreB;
    /// <summary>Index of the pose set in its batch.</summary>
    public int Pose;
    /// <summary>Bit 0: any hit ends the query.</summary>
    public int Flags;

    public const int AnyHitFlag = 1;

    public readonly bool AnyHit => (Flags & AnyHitFlag) != 0;
}

/// <summary>
/// What traversal found for a <see cref="RayQuery"/>: the hit's t (float, the ray's parameter),
/// the instance (index in the scene, -1 static geometry) and the triangle (index in its mesh, -1:
/// no hit). Laid out as the compute shader's result (16 bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RayHit
{
    public float T;
    public int Instance;
    public int Triangle;
    public int Reserved;

    public readonly bool IsHit => Triangle >= 0;
}
