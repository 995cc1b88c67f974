using SimCore.Entities;

namespace SensorModels.Geometry;

/// <summary>
/// Low-poly shapes per entity kind in a unit box (x and y in [-0.5, 0.5] about the bounding-box
/// centre, z in [0, 1] from the ground); an instance scales them to the entity's length, width and
/// height. Each template has its own object-space BVH, shared by all instances.
/// </summary>
internal static class MeshTemplates
{
    private static readonly Lazy<Bvh[]> All = new(() =>
    [
        new Bvh(Car()), new Bvh(Truck()), new Bvh(Bus()), new Bvh(Pedestrian()), new Bvh(Cyclist()), new Bvh(Obstacle()),
    ]);

    /// <summary>Every template, in a fixed order (what a device uploads once).</summary>
    public static IReadOnlyList<Bvh> Templates => All.Value;

    /// <summary>The template for an entity kind.</summary>
    public static Bvh For(EntityKind kind) => All.Value[IndexOf(kind)];

    /// <summary>Index of an entity kind's template in <see cref="Templates"/>.</summary>
    public static int IndexOf(EntityKind kind) => kind switch
    {
        EntityKind.Car => 0,
        EntityKind.Truck => 1,
        EntityKind.Bus => 2,
        EntityKind.Pedestrian => 3,
        EntityKind.Cyclist => 4,
        _ => 5,
    };

    /// <summary>The semantic class of an entity kind.</summary>
    public static SemanticClass Semantic(EntityKind kind) => kind switch
    {
        EntityKind.Car or EntityKind.Truck or EntityKind.Bus => SemanticClass.Vehicle,
        EntityKind.Pedestrian => SemanticClass.Pedestrian,
        EntityKind.Cyclist => SemanticClass.Cyclist,
        _ => SemanticClass.Obstacle,
    };

    private static void Wheels(MeshBuilder m, float front, float rear, float radius, SemanticClass sem)
    {
        Axle(m, front, radius, sem);
        Axle(m, rear, radius, sem);
    }

    // Tyre faces 1 % of the width inside the body's sides: flush, they lay in the same plane as the
    // body where the two overlap, and which of two coplanar faces a ray or a depth test finds (body
    // or tyre, 0.35 or 0.04 reflective) came down to rounding and traversal order.
    private static void Axle(MeshBuilder m, float x, float radius, SemanticClass sem)
    {
        var oct = MeshBuilder.Polygon(x, radius, radius, radius, 8);
        m.Prism(oct, -0.49f, -0.36f, 1, sem, Material.Tyre);
        m.Prism(oct, 0.36f, 0.49f, 1, sem, Material.Tyre);
    }

    /// <summary>Car: bevelled body, trapezoid glass cabin, underbody, four wheels (156 triangles).</summary>
    public static TriangleMesh Car()
    {
        var m = new MeshBuilder();
        const SemanticClass v = SemanticClass.Vehicle;
        m.Prism([(-0.5f, 0.2f), (0.5f, 0.2f), (0.5f, 0.42f), (0.42f, 0.55f), (-0.46f, 0.58f), (-0.5f, 0.48f)], -0.5f, 0.5f, 1, v, Material.CarBody);
        m.Prism([(-0.4f, 0.57f), (0.2f, 0.555f), (0.02f, 1.0f), (-0.33f, 1.0f)], -0.43f, 0.43f, 1, v, Material.Glass);
        m.Box(new F3(-0.47f, -0.45f, 0.1f), new F3(0.47f, 0.45f, 0.2f), v, Material.CarBody); // underbody
        Wheels(m, 0.31f, -0.3f, 0.2f, v);
        return m.Build();
    }

    /// <summary>Truck: cab in front, cargo box behind, six wheels.</summary>
    public static TriangleMesh Truck()
    {
        var m = new MeshBuilder();
        const SemanticClass v = SemanticClass.Vehicle;
        m.Prism([(0.3f, 0.12f), (0.5f, 0.12f), (0.5f, 0.62f), (0.47f, 0.78f), (0.3f, 0.8f)], -0.48f, 0.48f, 1, v, Material.CarBody);
        m.Prism([(0.34f, 0.6f), (0.49f, 0.6f), (0.47f, 0.76f), (0.34f, 0.78f)], -0.46f, 0.46f, 1, v, Material.Glass);
        m.Box(new F3(-0.5f, -0.5f, 0.15f), new F3(0.28f, 0.5f, 1.0f), v, Material.CarBody);
        m.Box(new F3(-0.5f, -0.35f, 0.08f), new F3(0.5f, 0.35f, 0.15f), v, Material.CarBody); // chassis
        // Front axle at 0.38: an octagon of radius 0.12 reaches 0.111 from its centre, so the wheel
        // stays inside the unit box (at 0.4 it poked 0.011 out: 10 cm ahead of a 9.5 m truck's box).
        Axle(m, 0.38f, 0.12f, v);
        Axle(m, -0.22f, 0.12f, v);
        Axle(m, -0.36f, 0.12f, v); // the tandem: drawn twice before, every tyre face a tie
        return m.Build();
    }

    /// <summary>Bus: long body with a rounded front and rear, a window band, four wheels.</summary>
    public static TriangleMesh Bus()
    {
        var m = new MeshBuilder();
        const SemanticClass v = SemanticClass.Vehicle;
        m.Prism([(-0.5f, 0.08f), (0.5f, 0.08f), (0.5f, 0.55f), (-0.5f, 0.55f)], -0.5f, 0.5f, 1, v, Material.CarBody);
        m.Prism([(-0.495f, 0.55f), (0.5f, 0.55f), (0.49f, 0.9f), (0.47f, 1.0f), (-0.48f, 1.0f), (-0.495f, 0.93f)], -0.49f, 0.49f, 1, v, Material.Glass);
        Wheels(m, 0.36f, -0.3f, 0.15f, v);
        return m.Build();
    }

    /// <summary>Pedestrian: two legs, torso, arms, head (octagonal prisms).</summary>
    public static TriangleMesh Pedestrian()
    {
        var m = new MeshBuilder();
        const SemanticClass p = SemanticClass.Pedestrian;
        m.Prism(MeshBuilder.Polygon(0, -0.2f, 0.22f, 0.2f, 6), 0, 0.48f, 2, p, Material.Clothing);
        m.Prism(MeshBuilder.Polygon(0, 0.2f, 0.22f, 0.2f, 6), 0, 0.48f, 2, p, Material.Clothing);
        m.Prism(MeshBuilder.Polygon(0, 0, 0.4f, 0.4f, 8), 0.46f, 0.82f, 2, p, Material.Clothing);
        m.Prism(MeshBuilder.Polygon(0, -0.45f, 0.15f, 0.08f, 6), 0.5f, 0.8f, 2, p, Material.Clothing);
        m.Prism(MeshBuilder.Polygon(0, 0.45f, 0.15f, 0.08f, 6), 0.5f, 0.8f, 2, p, Material.Clothing);
        m.Prism(MeshBuilder.Polygon(0, 0, 0.3f, 0.25f, 8), 0.85f, 1.0f, 2, p, Material.Clothing);
        return m.Build();
    }

    /// <summary>Cyclist: two thin wheels, frame, rider's torso and head.</summary>
    public static TriangleMesh Cyclist()
    {
        var m = new MeshBuilder();
        const SemanticClass c = SemanticClass.Cyclist;
        m.Prism(MeshBuilder.Polygon(0.3f, 0.19f, 0.2f, 0.19f, 10), -0.05f, 0.05f, 1, c, Material.Tyre);
        m.Prism(MeshBuilder.Polygon(-0.3f, 0.19f, 0.2f, 0.19f, 10), -0.05f, 0.05f, 1, c, Material.Tyre);
        m.Prism([(-0.3f, 0.19f), (0.3f, 0.19f), (0.15f, 0.45f), (-0.1f, 0.45f)], -0.04f, 0.04f, 1, c, Material.CarBody);
        m.Prism([(-0.18f, 0.42f), (0.0f, 0.42f), (0.12f, 0.78f), (-0.05f, 0.82f)], -0.3f, 0.3f, 1, c, Material.Clothing);
        m.Prism(MeshBuilder.Polygon(0.05f, 0, 0.1f, 0.22f, 8), 0.84f, 1.0f, 2, c, Material.Clothing);
        return m.Build();
    }

    /// <summary>Obstacle: a box.</summary>
    public static TriangleMesh Obstacle()
    {
        var m = new MeshBuilder();
        m.Box(new F3(-0.5f, -0.5f, 0), new F3(0.5f, 0.5f, 1), SemanticClass.Obstacle, Material.Concrete);
        return m.Build();
    }
}
