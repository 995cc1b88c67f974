using Osi3;
using SimCore.Mathematics;
using SimCore.Roads;
using SimCore.Simulation;

namespace Osi;

/// <summary>
/// The road's signals in osi3: each traffic light of the standard's lamp types as one
/// <c>TrafficLight</c> per bulb (top to bottom, their modes following the run's signal states each
/// step), every other signal as a <c>TrafficSign</c> with its OpenDRIVE country, type and subtype.
/// </summary>
internal sealed class OsiSignals
{
    private readonly List<(string SignalId, int Lamp, TrafficLight Bulb)> _bulbs = new();

    public OsiSignals(RoadNetwork network, OsiRoadMap map, GroundTruth lights, GroundTruth signs)
    {
        foreach (RoadSignal signal in network.Signals)
        {
            if (network.Find(signal.RoadId) is not { } road)
            {
                continue;
            }
            Pose2 at = road.ToWorld(signal.S, signal.T);
            double ground = road.ElevationAt(signal.S);
            // The x axis of a light's or sign's base is the normal of its face: towards the traffic it
            // governs, which for orientation "+" drives along +s, so the face looks down -s.
            double yaw = Angles.WrapPi(at.Heading + (signal.Orientation == "-" ? 0 : Math.PI) + signal.HOffset);
            var lanes = new List<Identifier>();
            foreach (int lane in GovernedLanes(road, signal))
            {
                if (map.TryLane(road.Id, signal.S, lane, out ulong id))
                {
                    lanes.Add(OsiRoadMap.Id(id));
                }
            }
            var source = new ExternalReference { Type = OsiIds.OpenDrive, Identifier = { signal.Id } };
            if (signal.Dynamic && signal.LampCount > 0)
            {
                int n = signal.LampCount;
                double bulbHeight = signal.Height / n, top = ground + signal.ZOffset + signal.Height;
                for (int i = 0; i < n; i++)
                {
                    var bulb = new TrafficLight
                    {
                        Id = OsiRoadMap.Id(OsiIds.TrafficLights + (ulong)lights.TrafficLight.Count),
                        Base = new BaseStationary
                        {
                            Position = new Vector3d { X = at.X, Y = at.Y, Z = top - (i + 0.5) * bulbHeight },
                            Orientation = new Orientation3d { Yaw = yaw },
                            Dimension = new Dimension3d { Width = signal.Width, Height = bulbHeight },
                        },
                        Classification = new TrafficLight.Types.Classification
                        {
                            Color = LampColour(signal, i),
                            Icon = TrafficLight.Types.Classification.Types.Icon.None,
                            Mode = TrafficLight.Types.Classification.Types.Mode.Unknown,
                            AssignedLaneId = { lanes },
                        },
                        SourceReference = { source },
                    };
                    lights.TrafficLight.Add(bulb);
                    _bulbs.Add((signal.Id, i, bulb));
                }
            }
            else
            {
                var classification = new TrafficSign.Types.MainSign.Types.Classification
                {
                    Type = TrafficSign.Types.MainSign.Types.Classification.Types.Type.Other,
                    Variability = TrafficSign.Types.Variability.Fixed,
                    Code = signal.Type,
                    SubCode = signal.Subtype,
                    AssignedLaneId = { lanes },
                };
                if (signal.Country is { } country)
                {
                    classification.Country = country;
                }
                signs.TrafficSign.Add(new TrafficSign
                {
                    Id = OsiRoadMap.Id(OsiIds.TrafficSigns + (ulong)signs.TrafficSign.Count),
                    MainSign = new TrafficSign.Types.MainSign
                    {
                        Base = new BaseStationary
                        {
                            Position = new Vector3d { X = at.X, Y = at.Y, Z = ground + signal.ZOffset + signal.Height / 2 },
                            Orientation = new Orientation3d { Yaw = yaw },
                            Dimension = new Dimension3d { Width = signal.Width, Height = signal.Height },
                        },
                        Classification = classification,
                    },
                    SourceReference = { source },
                });
            }
        }
    }

    /// <summary>Sets each bulb's mode from the run's signal states (per lamp on, off or flashing).</summary>
    public void Update(Simulator sim)
    {
        foreach ((string id, int lamp, TrafficLight bulb) in _bulbs)
        {
            ReadOnlySpan<char> state = LampState(sim.SignalState(id), lamp);
            bulb.Classification.Mode = state switch
            {
                "on" => TrafficLight.Types.Classification.Types.Mode.Constant,
                "off" => TrafficLight.Types.Classification.Types.Mode.Off,
                "flashing" => TrafficLight.Types.Classification.Types.Mode.Flashing,
                _ => TrafficLight.Types.Classification.Types.Mode.Unknown,
            };
        }
    }

    private static ReadOnlySpan<char> LampState(string? state, int lamp)
    {
        ReadOnlySpan<char> rest = state;
        for (int i = 0; i < lamp; i++)
        {
            int semicolon = rest.IndexOf(';');
            if (semicolon < 0)
            {
                return default;
            }
            rest = rest[(semicolon + 1)..];
        }
        int end = rest.IndexOf(';');
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>Lamp colours of the standard's light types, top to bottom.</summary>
    private static TrafficLight.Types.Classification.Types.Color LampColour(RoadSignal signal, int lamp)
    {
        TrafficLight.Types.Classification.Types.Color red = TrafficLight.Types.Classification.Types.Color.Red,
            yellow = TrafficLight.Types.Classification.Types.Color.Yellow, green = TrafficLight.Types.Classification.Types.Color.Green;
        return signal.LampCount switch
        {
            3 => lamp == 0 ? red : lamp == 1 ? yellow : green,
            2 when signal.Type == "1000011" => yellow,
            2 => lamp == 0 ? red : green,
            _ => yellow,
        };
    }

    /// <summary>The lanes a signal applies to: its validity records, else every lane driven in the direction it faces.</summary>
    private static IEnumerable<int> GovernedLanes(Road road, RoadSignal signal)
    {
        (int min, int max) = road.LaneIdRange(signal.S);
        if (signal.Validity.Count > 0)
        {
            foreach ((int from, int to) in signal.Validity)
            {
                for (int id = Math.Min(from, to); id <= Math.Max(from, to); id++)
                {
                    if (id != 0 && id >= min && id <= max)
                    {
                        yield return id;
                    }
                }
            }
            yield break;
        }
        for (int id = min; id <= max; id++)
        {
            if (id != 0 && (signal.Orientation is not ("+" or "-") || road.LaneDirection(id) == (signal.Orientation == "+" ? 1 : -1)))
            {
                yield return id;
            }
        }
    }
}
