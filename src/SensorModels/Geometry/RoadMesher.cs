using SensorModels.Mathematics;
using SimCore.Mathematics;
using SimCore.Roads;

namespace SensorModels.Geometry;

/// <summary>
/// Static geometry from the road model: each lane's surface tessellated along s (steps of at most
/// 4 m, shorter on curves so that the chord error stays under 2 cm) at the road's elevation;
/// lane markings as 5 mm-high strips on lane borders (the file's road marks where a road has any,
/// otherwise: solid edge and centre lines, broken lines between lanes of one direction; broken =
/// 3 m dash, 6 m gap); sidewalks 15 cm up with a curb face; a guard rail (0.5..0.8 m) at the outer
/// edge of shoulder and border lanes; 10 m of terrain beyond the outermost lanes.
/// </summary>
internal static class RoadMesher
{
    public static void Build(RoadNetwork network, Vec3 origin, MeshBuilder m)
    {
        foreach (Road road in network.Roads)
        {
            BuildRoad(road, origin, m);
            foreach (StreetLamp lamp in road.StreetLamps)
            {
                // A 0.2 m column up to the head and a 0.6 x 0.3 m luminaire box; axis-aligned is enough for a column.
                F3 foot = P(road, origin, lamp.S, lamp.T, 0);
                float top = foot.Z + (float)lamp.Height;
                m.Box(new F3(foot.X - 0.1f, foot.Y - 0.1f, foot.Z), new F3(foot.X + 0.1f, foot.Y + 0.1f, top), SemanticClass.Pole, Material.GuardRail);
                m.Box(new F3(foot.X - 0.3f, foot.Y - 0.15f, top), new F3(foot.X + 0.3f, foot.Y + 0.15f, top + 0.15f), SemanticClass.Pole, Material.GuardRail);
            }
        }
    }

    /// <summary>Light centres of every street lamp (scene frame): just under each luminaire box.</summary>
    public static F3[] Lamps(RoadNetwork network, Vec3 origin)
    {
        var lamps = new List<F3>();
        foreach (Road road in network.Roads)
        {
            foreach (StreetLamp lamp in road.StreetLamps)
            {
                lamps.Add(P(road, origin, lamp.S, lamp.T, lamp.Height - 0.05));
            }
        }
        return [.. lamps];
    }

    private static F3 P(Road road, Vec3 origin, double s, double t, double dz)
    {
        Pose2 p = road.ToWorld(s, t);
        return new F3((float)(p.X - origin.X), (float)(p.Y - origin.Y), (float)(road.ElevationAt(s) + dz - origin.Z));
    }

    private static (SemanticClass, Material, double Lift) Surface(LaneType type) => type switch
    {
        LaneType.Sidewalk or LaneType.Curb => (SemanticClass.Sidewalk, Material.Concrete, 0.15),
        LaneType.Border or LaneType.Median or LaneType.None => (SemanticClass.Terrain, Material.Grass, 0.0),
        _ => (SemanticClass.Road, Material.Asphalt, 0.0),
    };

    private static void BuildRoad(Road road, Vec3 origin, MeshBuilder m)
    {
        for (int si = 0; si < road.Sections.Count; si++)
        {
            LaneSection sec = road.Sections[si];
            (double s0, double s1) = RoadSampling.SectionRange(road, si);
            if (s1 - s0 < 1e-6)
            {
                continue;
            }
            List<double> ss = RoadSampling.Along(road, s0, s1);
            List<LaneMarking> marks = LaneMarkings.Of(road, sec);
            foreach (int sign in new[] { 1, -1 })
            {
                Lane[] lanes = sign > 0 ? [.. sec.Left] : [.. sec.Right];
                for (int i = 0; i < lanes.Length; i++)
                {
                    Lane lane = lanes[i];
                    (SemanticClass sem, Material mat, double lift) = Surface(lane.Type);
                    for (int k = 0; k + 1 < ss.Count; k++)
                    {
                        double a = ss[k], b = ss[k + 1];
                        road.TryGetLaneBorders(lane.Id, a, out double ia, out double oa);
                        road.TryGetLaneBorders(lane.Id, b, out double ib, out double ob);
                        if (Math.Abs(oa - ia) < 1e-4 && Math.Abs(ob - ib) < 1e-4)
                        {
                            continue;
                        }
                        m.Quad(P(road, origin, a, ia, lift), P(road, origin, a, oa, lift), P(road, origin, b, ob, lift), P(road, origin, b, ib, lift), sem, mat);
                        if (lift > 0)
                        {
                            // Curb face on the inner border.
                            m.Quad(P(road, origin, a, ia, 0), P(road, origin, b, ib, 0), P(road, origin, b, ib, lift), P(road, origin, a, ia, lift), SemanticClass.Curb, Material.Concrete);
                        }
                        bool outermost = i == lanes.Length - 1;
                        if (outermost && lane.Type is LaneType.Shoulder or LaneType.Border)
                        {
                            m.Quad(P(road, origin, a, oa, 0.5), P(road, origin, b, ob, 0.5), P(road, origin, b, ob, 0.8), P(road, origin, a, oa, 0.8), SemanticClass.Barrier, Material.GuardRail);
                        }
                        if (outermost)
                        {
                            double ea = oa + sign * 10, eb = ob + sign * 10;
                            m.Quad(P(road, origin, a, oa, lift), P(road, origin, a, ea, lift), P(road, origin, b, eb, lift), P(road, origin, b, ob, lift), SemanticClass.Terrain, Material.Grass);
                        }
                    }
                    foreach (LaneMarking mark in marks.Where(x => x.LaneId == lane.Id))
                    {
                        Marking(road, origin, m, ss, mark, lift);
                    }
                }
            }
            foreach (LaneMarking mark in marks.Where(x => x.LaneId == 0))
            {
                Marking(road, origin, m, ss, mark, 0);
            }
        }
    }

    private static void Marking(Road road, Vec3 origin, MeshBuilder m, List<double> ss, LaneMarking mark, double lift)
    {
        double hw = mark.Width / 2, dz = lift + 0.005;
        for (int k = 0; k + 1 < ss.Count; k++)
        {
            foreach ((double d0, double d1) in LaneMarkings.Painted(mark.Style, ss[k], ss[k + 1]))
            {
                Strip(road, origin, m, mark.LaneId, d0, d1, hw, dz);
            }
        }
    }

    private static void Strip(Road road, Vec3 origin, MeshBuilder m, int laneId, double a, double b, double hw, double dz)
    {
        road.TryGetLaneBorders(laneId, a, out _, out double ta);
        road.TryGetLaneBorders(laneId, b, out _, out double tb);
        m.Quad(P(road, origin, a, ta - hw, dz), P(road, origin, a, ta + hw, dz), P(road, origin, b, tb + hw, dz), P(road, origin, b, tb - hw, dz), SemanticClass.LaneMarking, Material.Paint);
    }
}
