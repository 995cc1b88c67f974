using SensorModels.Geometry;
using SensorModels.Mathematics;
using SimCore.Entities;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Geometry;

/// <summary>Packet traversal (eight rays from one origin) against the single-ray path and brute force.</summary>
public class RayPacketTests
{
    private static EntitySnapshot Entity(int id, double x, double y, double heading, EntityKind kind, double length, double width, double height)
        => new EntitySnapshot($"e{id}", x, y, 0, heading, 0, false, null, 0, 0, 0)
        {
            Id = id, Kind = kind, Length = length, Width = width, Height = height, CenterOffsetX = length / 2 - 0.9,
        };

    /// <summary>A 300 m four-lane road with 40 cars, trucks, pedestrians and cyclists at random poses.</summary>
    private static SceneGeometry Street(Random rng)
    {
        var network = ScenarioLoader.Parse("r.yaml", """
            name: r
            duration: 1
            road: {id: r, geometry: [line: 150, arc: {length: 150, curvature: 0.004}], lanes: {left: [{width: 3.5}, {width: 3.5}], right: [{width: 3.5}, {width: 3.5}]}}
            entities:
              - {name: ego, type: car, position: {road: r, lane: -1, s: 10}, speed: 0}
            """).Network;
        var entities = new List<EntitySnapshot> { Entity(1, 20, -1.75, 0, EntityKind.Car, 4.8, 1.9, 1.5) };
        (EntityKind Kind, double L, double W, double H)[] kinds =
        [
            (EntityKind.Car, 4.5, 1.8, 1.5), (EntityKind.Truck, 12, 2.5, 3.8),
            (EntityKind.Pedestrian, 0.5, 0.6, 1.8), (EntityKind.Cyclist, 1.8, 0.6, 1.7),
        ];
        for (int i = 0; i < 40; i++)
        {
            var k = kinds[rng.Next(kinds.Length)];
            entities.Add(Entity(10 + i, 25 + rng.NextDouble() * 120, rng.NextDouble() * 14 - 7, rng.NextDouble() * 2 * Math.PI, k.Kind, k.L, k.W, k.H));
        }
        return SceneGeometry.Build(network, entities.ToArray());
    }

    [Fact]
    public void EachLaneFindsWhatItsSingleRayFinds()
    {
        var rng = new Random(7);
        SceneGeometry scene = Street(rng);
        Assert.True(scene.InstanceCount == 41);
        int rays = 0, hits = 0, entityHits = 0, exact = 0;
        Span<Vec3> dirs = stackalloc Vec3[RayPacket.Width];
        Span<RayHit> found = stackalloc RayHit[RayPacket.Width];
        for (int column = 0; column < 600; column++)
        {
            // A roof lidar on the ego (entity 1, ignored), columns of 128 channels from -25 to +15 deg in packets of 1 to 8.
            var origin = new Vec3(20 + rng.NextDouble(), -1.75 + rng.NextDouble() * 0.1, 1.95);
            double azimuth = rng.NextDouble() * 2 * Math.PI;
            int channel = 0;
            while (channel < 128)
            {
                int n = Math.Min(128 - channel, 1 + rng.Next(RayPacket.Width));
                for (int k = 0; k < n; k++)
                {
                    double el = (-25 + 40.0 * (channel + k) / 127) * Math.PI / 180;
                    dirs[k] = new Vec3(Math.Cos(el) * Math.Cos(azimuth), Math.Cos(el) * Math.Sin(azimuth), Math.Sin(el));
                }
                double tMax = rng.Next(4) == 0 ? 30 : 200;
                scene.IntersectPacket(origin, dirs[..n], tMax, 0.5, 1, found);
                for (int k = 0; k < n; k++)
                {
                    RayHit single = scene.Cast(scene.Query(new Ray(origin, dirs[k], tMax, 0.5, 1), 0));
                    Assert.Equal(single.IsHit, found[k].IsHit);
                    rays++;
                    if (!single.IsHit)
                    {
                        continue;
                    }
                    // The same t within rounding (a box whose slab test rounds past the nearest triangle
                    // is skipped in one visiting order and not in another), and the same surface.
                    Assert.InRange(Math.Abs(BitConverter.SingleToInt32Bits(single.T) - BitConverter.SingleToInt32Bits(found[k].T)), 0, 4);
                    exact += single.T == found[k].T && single.Triangle == found[k].Triangle ? 1 : 0;
                    Hit a = scene.MakeHit(origin, dirs[k], single), b = scene.MakeHit(origin, dirs[k], found[k]);
                    Assert.Equal(a.EntityId, b.EntityId);
                    Assert.Equal(a.Semantic, b.Semantic);
                    Assert.Equal(a.Reflectivity, b.Reflectivity);
                    Assert.True(Vec3.Dot(a.Normal, b.Normal) > 1 - 1e-9, $"normals {a.Normal} and {b.Normal}");
                    hits++;
                    entityHits += single.Instance >= 0 ? 1 : 0;
                }
                channel += n;
            }
        }
        // Both kinds of surface and misses are exercised.
        Assert.Equal(600 * 128, rays);
        Assert.InRange(hits, rays / 3, rays - 1000);
        Assert.InRange(entityHits, 500, hits / 2);
        // Nearly all bit for bit: only ties between touching or overlapping faces of one material may differ.
        Assert.InRange(exact, hits - hits / 1000, hits);
    }

    [Fact]
    public void PacketsOfARandomSoupFindTheBruteForceNearestHit()
    {
        var rng = new Random(11);
        float[] soup = SceneGeometryTests.RandomSoup(rng, 2000);
        SceneGeometry scene = SceneGeometry.FromTriangles(soup);
        Span<Vec3> dirs = stackalloc Vec3[RayPacket.Width];
        Span<RayHit> found = stackalloc RayHit[RayPacket.Width];
        int hits = 0;
        for (int p = 0; p < 300; p++)
        {
            var o = new Vec3(rng.NextDouble() * 60 - 30, rng.NextDouble() * 60 - 30, rng.NextDouble() * 20 - 10);
            // Rays of one packet spread up to a radian apart: packets need not be coherent to be right.
            var centre = new Vec3(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1).Normalized();
            for (int k = 0; k < RayPacket.Width; k++)
            {
                dirs[k] = (centre + new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).Normalized();
            }
            scene.IntersectPacket(o, dirs, 60, 0, -1, found);
            for (int k = 0; k < RayPacket.Width; k++)
            {
                (int triangle, float t) = SceneGeometryTests.BruteForce(soup, o, dirs[k], 60);
                Assert.Equal(triangle, found[k].Triangle);
                if (triangle >= 0)
                {
                    hits++;
                    Assert.Equal(t, found[k].T);
                    Assert.Equal(-1, found[k].Instance);
                }
            }
        }
        Assert.InRange(hits, 200, 2300);
    }
}
