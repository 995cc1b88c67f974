using Osi3;
using SimCore.Mathematics;
using SimCore.Roads;
using Lane = SimCore.Roads.Lane;

namespace Osi;

/// <summary>
/// The OpenDRIVE road as osi3 lanes and lane boundaries, built once: one <c>Lane</c> per lane of
/// each lane section (centre line sampled along s), one <c>LaneBoundary</c> per border of a section
/// (the outer border of each lane, and the reference line's lane offset for the centre), each with
/// its OpenDRIVE source reference. Also answers which osi3 lane an entity's road position is in.
/// </summary>
internal sealed class OsiRoadMap
{
    private readonly Dictionary<(string Road, int Section, int Lane), ulong> _lanes = new();
    private readonly Dictionary<string, Road> _roads = new(StringComparer.Ordinal);

    public OsiRoadMap(RoadNetwork network, GroundTruth into)
    {
        foreach (Road road in network.Roads)
        {
            _roads[road.Id] = road;
            var built = new List<(int Section, Lane Lane, Osi3.Lane Osi)>();
            for (int k = 0; k < road.Sections.Count; k++)
            {
                AddSection(road, k, into, built);
            }
            // Pairs within the road (one section to the next); links across roads are not given (docs/osi.md).
            foreach ((int k, Lane lane, Osi3.Lane osi) in built)
            {
                var pairing = new Osi3.Lane.Types.Classification.Types.LanePairing();
                if (lane.Predecessor is { } p && _lanes.TryGetValue((road.Id, k - 1, p), out ulong before))
                {
                    pairing.AntecessorLaneId = Id(before);
                }
                if (lane.Successor is { } n && _lanes.TryGetValue((road.Id, k + 1, n), out ulong after))
                {
                    pairing.SuccessorLaneId = Id(after);
                }
                if (pairing.AntecessorLaneId is not null || pairing.SuccessorLaneId is not null)
                {
                    osi.Classification.LanePairing.Add(pairing);
                }
            }
        }
    }

    /// <summary>The osi3 id of lane <paramref name="laneId"/> of road <paramref name="roadId"/> at <paramref name="s"/>, or false.</summary>
    public bool TryLane(string? roadId, double s, int laneId, out ulong id)
    {
        id = 0;
        if (roadId is null || laneId == 0 || !_roads.TryGetValue(roadId, out Road? road))
        {
            return false;
        }
        LaneSection section = road.SectionAt(s);
        int index = 0;
        while (index < road.Sections.Count && !ReferenceEquals(road.Sections[index], section))
        {
            index++;
        }
        return _lanes.TryGetValue((roadId, index, laneId), out id);
    }

    private void AddSection(Road road, int k, GroundTruth into, List<(int, Lane, Osi3.Lane)> built)
    {
        LaneSection section = road.Sections[k];
        (double start, double end) = RoadSampling.SectionRange(road, k);
        if (end - start < 1e-6)
        {
            return;
        }
        // The last sample is taken just inside the section: at its end the next section's lanes apply.
        List<double> stations = RoadSampling.Along(road, start, end);
        double last = k + 1 < road.Sections.Count ? end - 1e-6 : end;
        stations[^1] = Math.Max(stations[^1] == end ? last : stations[^1], start);
        int right = section.Right.Count, left = section.Left.Count;

        // Boundaries first (ids the lanes point to): border b is lane b's outer border, 0 the centre.
        var boundaryIds = new Dictionary<int, ulong>();
        List<LaneMarking> marks = LaneMarkings.Of(road, section);
        for (int b = -right; b <= left; b++)
        {
            var boundary = new LaneBoundary { Id = Id(OsiIds.LaneBoundaries + (ulong)into.LaneBoundary.Count) };
            boundaryIds[b] = boundary.Id.Value;
            LaneMarking? mark = marks.FirstOrDefault(m => m.LaneId == b) is { Width: > 0 } m ? m : null;
            foreach (double s in stations)
            {
                if (!road.TryGetLaneBorders(b, s, out _, out double t))
                {
                    continue;
                }
                var point = new LaneBoundary.Types.BoundaryPoint { Position = Point(road, s, t) };
                if (mark is { } painted)
                {
                    point.Width = painted.Width;
                }
                boundary.BoundaryLine.Add(point);
            }
            boundary.Classification = new LaneBoundary.Types.Classification
            {
                Type = mark is null ? LaneBoundary.Types.Classification.Types.Type.NoLine
                    : mark.Value.Style == MarkingStyle.Solid ? LaneBoundary.Types.Classification.Types.Type.SolidLine
                    : LaneBoundary.Types.Classification.Types.Type.DashedLine,
                Color = mark is null ? LaneBoundary.Types.Classification.Types.Color.None : MarkColor(road, section, b),
            };
            boundary.SourceReference.Add(new ExternalReference { Type = OsiIds.OpenDrive, Identifier = { road.Id, Num(section.S), Num(b) } });
            into.LaneBoundary.Add(boundary);
        }

        // Lanes: ids in the order right outer .. right inner, left inner .. left outer.
        var laneIds = new Dictionary<int, ulong>();
        ulong next = OsiIds.Lanes + (ulong)into.Lane.Count;
        for (int id = -right; id <= left; id++)
        {
            if (id != 0)
            {
                laneIds[id] = next++;
                _lanes[(road.Id, k, id)] = laneIds[id];
            }
        }
        for (int id = -right; id <= left; id++)
        {
            if (id == 0)
            {
                continue;
            }
            Lane lane = section.GetLane(id)!;
            var classification = new Osi3.Lane.Types.Classification
            {
                Type = lane.Type == LaneType.Driving || lane.Type is LaneType.Entry or LaneType.Exit or LaneType.OnRamp or LaneType.OffRamp
                    ? Osi3.Lane.Types.Classification.Types.Type.Driving : Osi3.Lane.Types.Classification.Types.Type.Nondriving,
                Subtype = Subtype(lane.Type),
                CenterlineIsDrivingDirection = road.LaneDirection(id) > 0,
            };
            foreach (double s in stations)
            {
                if (road.TryGetLaneBorders(id, s, out double inner, out double outer))
                {
                    classification.Centerline.Add(Point(road, s, 0.5 * (inner + outer)));
                }
            }
            // Left and right are with respect to ascending s (the centre line's order): left is +t.
            int leftNeighbour = id == -1 ? 1 : id + 1, rightNeighbour = id == 1 ? -1 : id - 1;
            if (laneIds.TryGetValue(leftNeighbour, out ulong l))
            {
                classification.LeftAdjacentLaneId.Add(Id(l));
            }
            if (laneIds.TryGetValue(rightNeighbour, out ulong r))
            {
                classification.RightAdjacentLaneId.Add(Id(r));
            }
            // Lane id's outer border is boundary id; its inner one the next lane inward's (0: the centre).
            int outerBorder = id, innerBorder = id > 0 ? id - 1 : id + 1;
            classification.LeftLaneBoundaryId.Add(Id(boundaryIds[id > 0 ? outerBorder : innerBorder]));
            classification.RightLaneBoundaryId.Add(Id(boundaryIds[id > 0 ? innerBorder : outerBorder]));
            var osiLane = new Osi3.Lane { Id = Id(laneIds[id]), Classification = classification };
            built.Add((k, lane, osiLane));
            osiLane.SourceReference.Add(new ExternalReference { Type = OsiIds.OpenDrive, Identifier = { road.Id, Num(section.S), Num(id) } });
            into.Lane.Add(osiLane);
        }
    }

    private static LaneBoundary.Types.Classification.Types.Color MarkColor(Road road, LaneSection section, int border)
    {
        IReadOnlyList<RoadMark> marks = border == 0 ? section.CenterRoadMarks : section.GetLane(border)?.RoadMarks ?? [];
        string? colour = marks.Count > 0 ? marks[0].Color : null;
        return colour switch
        {
            "yellow" => LaneBoundary.Types.Classification.Types.Color.Yellow,
            "red" => LaneBoundary.Types.Classification.Types.Color.Red,
            "blue" => LaneBoundary.Types.Classification.Types.Color.Blue,
            "green" => LaneBoundary.Types.Classification.Types.Color.Green,
            "violet" => LaneBoundary.Types.Classification.Types.Color.Violet,
            "orange" => LaneBoundary.Types.Classification.Types.Color.Orange,
            _ => LaneBoundary.Types.Classification.Types.Color.White,
        };
    }

    private static Osi3.Lane.Types.Classification.Types.Subtype Subtype(LaneType type) => type switch
    {
        LaneType.Driving => Osi3.Lane.Types.Classification.Types.Subtype.Normal,
        LaneType.Biking => Osi3.Lane.Types.Classification.Types.Subtype.Biking,
        LaneType.Sidewalk => Osi3.Lane.Types.Classification.Types.Subtype.Sidewalk,
        LaneType.Parking => Osi3.Lane.Types.Classification.Types.Subtype.Parking,
        LaneType.Stop => Osi3.Lane.Types.Classification.Types.Subtype.Stop,
        LaneType.Restricted => Osi3.Lane.Types.Classification.Types.Subtype.Restricted,
        LaneType.Border => Osi3.Lane.Types.Classification.Types.Subtype.Border,
        LaneType.Shoulder => Osi3.Lane.Types.Classification.Types.Subtype.Shoulder,
        LaneType.Exit => Osi3.Lane.Types.Classification.Types.Subtype.Exit,
        LaneType.Entry => Osi3.Lane.Types.Classification.Types.Subtype.Entry,
        LaneType.OnRamp => Osi3.Lane.Types.Classification.Types.Subtype.Onramp,
        LaneType.OffRamp => Osi3.Lane.Types.Classification.Types.Subtype.Offramp,
        _ => Osi3.Lane.Types.Classification.Types.Subtype.Other,
    };

    /// <summary>World point of road position (s, t), on the road's elevation.</summary>
    internal static Vector3d Point(Road road, double s, double t)
    {
        Pose2 p = road.ToWorld(s, t);
        return new Vector3d { X = p.X, Y = p.Y, Z = road.ElevationAt(s) };
    }

    internal static Identifier Id(ulong value) => new() { Value = value };

    internal static string Num(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
