namespace SensorModels.Geometry;

/// <summary>
/// Triangles with per-triangle semantic class, material and entity id (-1 for static geometry),
/// in float coordinates of some frame (the scene's origin-relative world frame for the static
/// scene, object space for entity templates).
/// </summary>
internal sealed class TriangleMesh
{
    internal TriangleMesh(F3[] vertices, SemanticClass[] semantics, Material[] materials, int[] entities)
    {
        Vertices = vertices;
        Semantics = semantics;
        Materials = materials;
        Entities = entities;
    }

    /// <summary>Three vertices per triangle.</summary>
    public F3[] Vertices { get; }

    /// <summary>Class per triangle.</summary>
    public SemanticClass[] Semantics { get; }

    /// <summary>Material per triangle.</summary>
    public Material[] Materials { get; }

    /// <summary>Entity id per triangle (-1 static).</summary>
    public int[] Entities { get; }

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Semantics.Length;
}

/// <summary>Collects triangles for a <see cref="TriangleMesh"/>.</summary>
internal sealed class MeshBuilder
{
    private readonly List<F3> _v = new();
    private readonly List<SemanticClass> _s = new();
    private readonly List<Material> _m = new();
    private readonly List<int> _e = new();

    /// <summary>Triangles so far.</summary>
    public int Count => _s.Count;

    /// <summary>Adds a triangle (degenerate ones are skipped).</summary>
    public void Triangle(F3 a, F3 b, F3 c, SemanticClass semantic, Material material, int entity = -1)
    {
        F3 n = F3.Cross(b - a, c - a);
        if (F3.Dot(n, n) <= 1e-14f)
        {
            return;
        }
        _v.Add(a);
        _v.Add(b);
        _v.Add(c);
        _s.Add(semantic);
        _m.Add(material);
        _e.Add(entity);
    }

    /// <summary>Adds a quad a-b-c-d (in order around it) as two triangles.</summary>
    public void Quad(F3 a, F3 b, F3 c, F3 d, SemanticClass semantic, Material material, int entity = -1)
    {
        Triangle(a, b, c, semantic, material, entity);
        Triangle(a, c, d, semantic, material, entity);
    }

    /// <summary>
    /// A prism: a convex polygon <paramref name="profile"/> (u, v) extruded from w0 to w1 along
    /// <paramref name="axis"/> (1: y, profile in x-z; 2: z, profile in x-y), caps included.
    /// </summary>
    public void Prism(ReadOnlySpan<(float U, float V)> profile, float w0, float w1, int axis, SemanticClass semantic, Material material)
    {
        int n = profile.Length;
        for (int i = 1; i + 1 < n; i++)
        {
            Triangle(P(profile, 0, w0, axis), P(profile, i, w0, axis), P(profile, i + 1, w0, axis), semantic, material);
            Triangle(P(profile, 0, w1, axis), P(profile, i + 1, w1, axis), P(profile, i, w1, axis), semantic, material);
        }
        for (int i = 0; i < n; i++)
        {
            int j = (i + 1) % n;
            Quad(P(profile, i, w0, axis), P(profile, j, w0, axis), P(profile, j, w1, axis), P(profile, i, w1, axis), semantic, material);
        }
    }

    private static F3 P(ReadOnlySpan<(float U, float V)> profile, int i, float w, int axis)
        => axis == 1 ? new F3(profile[i].U, w, profile[i].V) : new F3(profile[i].U, profile[i].V, w);

    /// <summary>A regular polygon of <paramref name="sides"/> around (cu, cv) with radius r (for <see cref="Prism"/>).</summary>
    public static (float U, float V)[] Polygon(float cu, float cv, float ru, float rv, int sides)
    {
        var p = new (float, float)[sides];
        for (int i = 0; i < sides; i++)
        {
            double a = 2 * Math.PI * (i + 0.5) / sides;
            p[i] = (cu + ru * (float)Math.Cos(a), cv + rv * (float)Math.Sin(a));
        }
        return p;
    }

    /// <summary>An axis-aligned box.</summary>
    public void Box(F3 min, F3 max, SemanticClass semantic, Material material)
    {
        ReadOnlySpan<(float, float)> p = [(min.X, min.Z), (max.X, min.Z), (max.X, max.Z), (min.X, max.Z)];
        Prism(p, min.Y, max.Y, 1, semantic, material);
    }

    /// <summary>The mesh.</summary>
    public TriangleMesh Build() => new(_v.ToArray(), _s.ToArray(), _m.ToArray(), _e.ToArray());
}
