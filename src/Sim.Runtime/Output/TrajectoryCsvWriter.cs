using System.Globalization;
using System.Text;
using SimCore.Simulation;

namespace Sim.Runtime.Output;

/// <summary>
/// Writes trajectories.csv in esmini's long format (one row per entity per step):
/// time,entity,x,y,z,heading,speed,road_s,lane_id,lane_offset. Road columns are empty off-road.
/// </summary>
internal sealed class TrajectoryCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly EntitySnapshot[] _buffer;
    private readonly StringBuilder _line = new(256);
    private readonly char[] _time = new char[FixedDecimal.MaxChars], _number = new char[FixedDecimal.MaxChars];

    public TrajectoryCsvWriter(string path, int entityCount)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _buffer = new EntitySnapshot[entityCount];
        _writer.WriteLine("time,entity,x,y,z,heading,speed,road_s,lane_id,lane_offset");
    }

    public void Write(Simulator sim)
    {
        sim.GetSnapshot(_buffer);
        ReadOnlySpan<char> time = _time.AsSpan(0, FixedDecimal.FormatF6(sim.Time.Seconds, _time));
        foreach (EntitySnapshot e in _buffer)
        {
            if (e.Removed)
            {
                // Out of the simulation (an OpenSCENARIO EntityAction): no row, as esmini logs none.
                continue;
            }
            _line.Clear();
            _line.Append(time).Append(',').Append(e.Name).Append(',');
            Append(e.X).Append(',');
            Append(e.Y).Append(',');
            Append(e.Z).Append(',');
            Append(e.Heading).Append(',');
            Append(e.Speed).Append(',');
            if (e.HasRoad)
            {
                Append(e.RoadS).Append(',').Append(e.LaneId.ToString(CultureInfo.InvariantCulture)).Append(',');
                Append(e.LaneOffset);
            }
            else
            {
                _line.Append(",,");
            }
            _writer.WriteLine(_line);
        }
    }

    // Formatted in place: a string per value was most of a short run's allocation (and its GC's page faults).
    private StringBuilder Append(double v) => _line.Append(_number, 0, FixedDecimal.FormatF6(v, _number));

    public void Dispose() => _writer.Dispose();
}
