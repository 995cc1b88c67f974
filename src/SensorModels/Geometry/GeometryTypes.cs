using System.Runtime.CompilerServices;
using SensorModels.Mathematics;

namespace SensorModels.Geometry;

/// <summary>What a triangle belongs to (written into lidar points as one byte; values are stable).</summary>
internal enum SemanticClass : byte
{
    /// <summary>Nothing / not classified.</summary>
    Unknown = 0,
    /// <summary>Drivable road surface.</summary>
    Road = 1,
    /// <summary>Painted lane marking.</summary>
    LaneMarking = 2,
    /// <summary>Curb face.</summary>
    Curb = 3,
    /// <summary>Guard rail or wall at the road edge.</summary>
    Barrier = 4,
    /// <summary>Sidewalk surface.</summary>
    Sidewalk = 5,
    /// <summary>Unpaved ground, medians, border lanes.</summary>
    Terrain = 6,
    /// <summary>Car, truck, bus.</summary>
    Vehicle = 7,
    /// <summary>Pedestrian.</summary>
    Pedestrian = 8,
    /// <summary>Cyclist with bicycle.</summary>
    Cyclist = 9,
    /// <summary>Static or moving obstacle.</summary>
    Obstacle = 10,
    /// <summary>Street lamp column and head.</summary>
    Pole = 11,
}

/// <summary>Radar cross-section class of a material (the radar model maps it to a mean RCS per unit area).</summary>
internal enum RadarClass : byte
{
    /// <summary>Weak, diffuse (asphalt, paint, people's clothing).</summary>
    Weak = 0,
    /// <summary>Medium (plastic, bodies of pedestrians, wood).</summary>
    Medium = 1,
    /// <summary>Strong (metal panels, guard rails).</summary>
    Metal = 2,
}

/// <summary>Surface properties sensors read at a hit.</summary>
/// <param name="Reflectivity">Lidar (near-infrared) diffuse reflectivity, 0..1.</param>
/// <param name="Radar">Radar cross-section class.</param>
internal readonly record struct Material(float Reflectivity, RadarClass Radar)
{
    public static Material Asphalt => new(0.10f, RadarClass.Weak);
    public static Material Paint => new(0.60f, RadarClass.Weak);
    public static Material Concrete => new(0.25f, RadarClass.Medium);
    public static Material Grass => new(0.30f, RadarClass.Weak);
    public static Material GuardRail => new(0.45f, RadarClass.Metal);
    public static Material CarBody => new(0.35f, RadarClass.Metal);
    public static Material Glass => new(0.08f, RadarClass.Medium);
    public static Material Tyre => new(0.04f, RadarClass.Weak);
    public static Material Clothing => new(0.30f, RadarClass.Medium);
    public static Material Plate => new(0.80f, RadarClass.Metal);
}

/// <summary>A ray in the world frame: origin + t * direction (unit) for t in [TMin, TMax].</summary>
internal readonly struct Ray
{
    /// <summary>Creates a ray.</summary>
    /// <param name="origin">Start point (world, m).</param>
    /// <param name="direction">Unit direction (world).</param>
    /// <param name="tMax">Farthest distance (m).</param>
    /// <param name="tMin">Nearest distance (m).</param>
    /// <param name="ignoreEntity">An entity whose own geometry the ray passes through (e.g. the sensor's carrier), -1 for none.</param>
    public Ray(Vec3 origin, Vec3 direction, double tMax, double tMin = 0, int ignoreEntity = -1)
    {
        Origin = origin;
        Direction = direction;
        TMax = tMax;
        TMin = tMin;
        IgnoreEntity = ignoreEntity;
    }

    public Vec3 Origin { get; }
    public Vec3 Direction { get; }
    public double TMax { get; }
    public double TMin { get; }
    public int IgnoreEntity { get; }
}

/// <summary>The nearest surface a ray meets.</summary>
internal struct Hit
{
    /// <summary>Distance along the ray (m).</summary>
    public double Distance;
    /// <summary>World point.</summary>
    public Vec3 Point;
    /// <summary>Unit world normal, facing against the ray.</summary>
    public Vec3 Normal;
    /// <summary>Entity id (<see cref="SimCore.Simulation.EntitySnapshot.Id"/>), -1 for static geometry.</summary>
    public int EntityId;
    /// <summary>Semantic class of the triangle.</summary>
    public SemanticClass Semantic;
    /// <summary>Lidar reflectivity of the triangle's material.</summary>
    public float Reflectivity;
    /// <summary>Radar class of the triangle's material.</summary>
    public RadarClass Radar;
    /// <summary>Triangle index within its mesh (static scene or instance template).</summary>
    public int Triangle;
}

/// <summary>A float vector for traversal (relative to the scene origin).</summary>
internal struct F3
{
    public float X, Y, Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public F3(float x, float y, float z) { X = x; Y = y; Z = z; }

    public static F3 operator -(F3 a, F3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static F3 operator +(F3 a, F3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static F3 operator *(F3 a, float k) => new(a.X * k, a.Y * k, a.Z * k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F3 Cross(F3 a, F3 b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(F3 a, F3 b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    public static F3 Min(F3 a, F3 b) => new(MathF.Min(a.X, b.X), MathF.Min(a.Y, b.Y), MathF.Min(a.Z, b.Z));
    public static F3 Max(F3 a, F3 b) => new(MathF.Max(a.X, b.X), MathF.Max(a.Y, b.Y), MathF.Max(a.Z, b.Z));

    public float this[int axis] => axis == 0 ? X : axis == 1 ? Y : Z;
}
