using System.Text.Json;

namespace Sim.Runtime.Recording;

/// <summary>
/// How far a target's control departs from the logged one in open-loop replay: RMS and largest
/// difference of road-wheel angle and of acceleration over the ticks both answered, and where the
/// largest happened.
/// </summary>
public sealed class ControlDivergence
{
    private double _steerSq, _accelSq, _steerMax, _accelMax;
    private long _steerMaxAt = -1, _accelMaxAt = -1;

    /// <summary>Ticks compared.</summary>
    public long Count { get; private set; }

    /// <summary>Compares one tick's answer (at <paramref name="timeNs"/>) with the logged actuation.</summary>
    public void Add(long timeNs, double loggedSteer, double loggedAccel, double steer, double accel)
    {
        double ds = Math.Abs(steer - loggedSteer), da = Math.Abs(accel - loggedAccel);
        _steerSq += ds * ds;
        _accelSq += da * da;
        if (ds > _steerMax || _steerMaxAt < 0)
        {
            (_steerMax, _steerMaxAt) = (ds, timeNs);
        }
        if (da > _accelMax || _accelMaxAt < 0)
        {
            (_accelMax, _accelMaxAt) = (da, timeNs);
        }
        Count++;
    }

    /// <summary>RMS steering difference (rad), 0 without ticks.</summary>
    public double SteeringRms => Count == 0 ? 0 : Math.Sqrt(_steerSq / Count);

    /// <summary>RMS acceleration difference (m/s^2), 0 without ticks.</summary>
    public double AccelerationRms => Count == 0 ? 0 : Math.Sqrt(_accelSq / Count);

    /// <summary>Largest steering difference (rad).</summary>
    public double SteeringMax => _steerMax;

    /// <summary>Largest acceleration difference (m/s^2).</summary>
    public double AccelerationMax => _accelMax;

    /// <summary>Writes {ticks, steering_rms_rad, steering_max_rad, steering_max_at, acceleration_rms, acceleration_max, acceleration_max_at}.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("ticks", Count);
        w.WriteNumber("steering_rms_rad", SteeringRms);
        w.WriteNumber("steering_max_rad", SteeringMax);
        Time(w, "steering_max_at", _steerMaxAt);
        w.WriteNumber("acceleration_rms", AccelerationRms);
        w.WriteNumber("acceleration_max", AccelerationMax);
        Time(w, "acceleration_max_at", _accelMaxAt);
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, string name, long ns)
    {
        if (ns < 0)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, ns / 1e9);
        }
    }
}
