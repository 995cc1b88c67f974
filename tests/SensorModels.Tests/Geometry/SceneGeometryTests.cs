using SensorModels.Geometry;
using SensorModels.Mathematics;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Geometry;

public class SceneGeometryTests
{
    private static EntitySnapshot Car(int id, double x, double y, double heading, EntityKind kind = EntityKind.Car, double length = 4.5, double width = 1.8, double height = 1.5)
        => new EntitySnapshot($"e{id}", x, y, 0, heading, 0, false, null, 0, 0, 0)
        {
            Id = id, Kind = kind, Length = length, Width = width, Height = height, CenterOffsetX = 1.3,
        };

    [Fact]
    public void BvhNearestHitEqualsBruteForceOnARandomTriangleSoup()
    {
        var rng = new Random(42);
        const int n = 3000;
        float[] soup = RandomSoup(rng, n);
        SceneGeometry scene = SceneGeometry.FromTriangles(soup);
        Assert.Equal(n, scene.TriangleCount);
        int hits = 0;
        for (int r = 0; r < 2000; r++)
        {
            var o = new Vec3(rng.NextDouble() * 60 - 30, rng.NextDouble() * 60 - 30, rng.NextDouble() * 20 - 10);
            var d = new Vec3(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1).Normalized();
            double tMax = 5 + rng.NextDouble() * 60;
            (int triangle, float t) = BruteForce(soup, o, d, (float)tMax);
            bool got = scene.Intersect(new Ray(o, d, tMax), out Hit hit);
            Assert.Equal(triangle >= 0, got);
            if (got)
            {
                hits++;
                Assert.Equal(triangle, hit.Triangle);
                Assert.Equal(t, (float)hit.Distance);
                Assert.Equal(-1, hit.EntityId);
                Assert.True(Vec3.Dot(hit.Normal, d) <= 0);
            }
        }
        Assert.InRange(hits, 200, 1900); // the test exercises both hits and misses
    }

    /// <summary><paramref name="n"/> triangles (9 floats each) with corners up to 2 m around centres in a 40 x 40 x 10 m box.</summary>
    internal static float[] RandomSoup(Random rng, int n)
    {
        var soup = new float[9 * n];
        for (int i = 0; i < n; i++)
        {
            float cx = (float)(rng.NextDouble() * 40 - 20), cy = (float)(rng.NextDouble() * 40 - 20), cz = (float)(rng.NextDouble() * 10 - 5);
            for (int k = 0; k < 3; k++)
            {
                soup[9 * i + 3 * k] = cx + (float)(rng.NextDouble() * 4 - 2);
                soup[9 * i + 3 * k + 1] = cy + (float)(rng.NextDouble() * 4 - 2);
                soup[9 * i + 3 * k + 2] = cz + (float)(rng.NextDouble() * 4 - 2);
            }
        }
        return soup;
    }

    internal static (int, float) BruteForce(float[] soup, Vec3 origin, Vec3 dir, float tMax)
    {
        var o = new F3((float)origin.X, (float)origin.Y, (float)origin.Z);
        var d = new F3((float)dir.X, (float)dir.Y, (float)dir.Z);
        int best = -1;
        float bt = tMax;
        for (int i = 0; i < soup.Length / 9; i++)
        {
            var a = new F3(soup[9 * i], soup[9 * i + 1], soup[9 * i + 2]);
            F3 e1 = new F3(soup[9 * i + 3], soup[9 * i + 4], soup[9 * i + 5]) - a;
            F3 e2 = new F3(soup[9 * i + 6], soup[9 * i + 7], soup[9 * i + 8]) - a;
            // The same Möller-Trumbore arithmetic as the BVH, so float results agree exactly.
            F3 p = F3.Cross(d, e2);
            float det = F3.Dot(e1, p);
            if (det == 0)
            {
                continue;
            }
            float inv = 1f / det;
            F3 s = o - a;
            float u = F3.Dot(s, p) * inv;
            if (u < 0 || u > 1)
            {
                continue;
            }
            F3 q = F3.Cross(s, e1);
            float v = F3.Dot(d, q) * inv;
            if (v < 0 || u + v > 1)
            {
                continue;
            }
            float t = F3.Dot(e2, q) * inv;
            if (t > 0 && t < bt)
            {
                bt = t;
                best = i;
            }
        }
        return (best, bt);
    }

    [Fact]
    public void ACarInstanceIsHitAtItsSideAndCarriesItsIdAndClass()
    {
        var road = ScenarioLoader.Parse("r.yaml", """
            name: r
            duration: 1
            road: {id: r, geometry: [line: 200], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 10}, speed: 0}
            """).Network;
        // A car whose reference point is at (50, 0), heading +y: its box spans x 50 +- 0.9, y 1.3 +- 2.25.
        SceneGeometry scene = SceneGeometry.Build(road, [Car(7, 50, 0, Math.PI / 2)]);
        Assert.True(scene.InstanceTriangleCount is >= 50 and <= 200, $"car template has {scene.InstanceTriangleCount} triangles");
        // From the west at 0.6 m height (body side is at the box's side x = 50 - 0.9).
        Assert.True(scene.Intersect(new Ray(new Vec3(40, 1.3, 0.6), new Vec3(1, 0, 0), 100), out Hit hit));
        Assert.Equal(7, hit.EntityId);
        Assert.Equal(SemanticClass.Vehicle, hit.Semantic);
        Assert.Equal(40 + 10 - 0.9 - 40 + 0, hit.Distance - 0, 3);
        Assert.Equal(-1, hit.Normal.X, 3);
        // Ignoring the car, the ray passes.
        Assert.False(scene.Intersect(new Ray(new Vec3(40, 1.3, 0.6), new Vec3(1, 0, 0), 100, 0, 7), out _));
        Assert.True(scene.Occluded(new Vec3(40, 1.3, 0.6), new Vec3(60, 1.3, 0.6), -1, -1));
        Assert.False(scene.Occluded(new Vec3(40, 1.3, 0.6), new Vec3(60, 1.3, 0.6), 7, -1));
        // Straight down onto the road: asphalt at z = 0.
        Assert.True(scene.Intersect(new Ray(new Vec3(20, -1.75, 5), new Vec3(0, 0, -1), 100), out hit));
        Assert.Equal(5, hit.Distance, 4);
        Assert.Equal(SemanticClass.Road, hit.Semantic);
        Assert.Equal(1, hit.Normal.Z, 6);
        // On the border between the two right lanes (t = -3.5), at s = 1 (inside a dash): a marking.
        Assert.True(scene.Intersect(new Ray(new Vec3(1, -3.5, 5), new Vec3(0, 0, -1), 100), out hit));
        Assert.Equal(SemanticClass.LaneMarking, hit.Semantic);
        Assert.True(hit.Reflectivity > Material.Asphalt.Reflectivity);

        // Moving the car 10 m east moves its hit 10 m further.
        scene.Update([Car(7, 60, 0, Math.PI / 2)]);
        Assert.True(scene.Intersect(new Ray(new Vec3(40, 1.3, 0.6), new Vec3(1, 0, 0), 100), out hit));
        Assert.Equal(19.1, hit.Distance, 3);
    }

    [Fact]
    public void StreetLampsStandWhereTheRoadPutsThemAndLightFromTheirHeads()
    {
        // A road heading north (start heading pi/2) from (100, 0): t = -9 lies 9 m east of it.
        var road = ScenarioLoader.Parse("r.yaml", """
            name: r
            duration: 1
            road: {id: r, start: {x: 100, y: 0, heading: 1.5707963267948966}, geometry: [line: 200], lanes: {right: [{width: 3.5}]}, street_lights: {spacing: 50, t: -9, height: 8, start: 25}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 10}, speed: 0}
            """).Network;
        SceneGeometry scene = SceneGeometry.Build(road, []);
        // s = 25, 75, 125, 175 -> lamp heads at (109, s) just under 8 m.
        Assert.Equal(4, scene.StreetLamps.Length);
        for (int k = 0; k < 4; k++)
        {
            F3 p = scene.StreetLamps[k];
            Assert.Equal(109, p.X + scene.Origin.X, 3);
            Assert.Equal(25 + 50 * k, p.Y + scene.Origin.Y, 3);
            Assert.Equal(7.95, p.Z + scene.Origin.Z, 3);
        }
        // The column (0.2 m square) is solid for lidar and camera: a ray from the west at 3 m meets its face at x = 108.9.
        Assert.True(scene.Intersect(new Ray(new Vec3(104, 75, 3), new Vec3(1, 0, 0), 20), out Hit hit));
        Assert.Equal(SemanticClass.Pole, hit.Semantic);
        Assert.Equal(4.9, hit.Distance, 3);
        // Between lamps nothing stands there.
        Assert.False(scene.Intersect(new Ray(new Vec3(104, 50, 3), new Vec3(1, 0, 0), 20), out _));
    }
}
