namespace SimCore.Entities;

/// <summary>
/// A vehicle's lights, as OpenSCENARIO 1.2+ LightStateAction names them (vehicleLightType). A set
/// of them is the lights lit at one moment (a flashing light is lit during its on-phases).
/// </summary>
[Flags]
public enum VehicleLights : uint
{
    /// <summary>No light.</summary>
    None = 0,
    /// <summary>daytimeRunningLights.</summary>
    DaytimeRunning = 1 << 0,
    /// <summary>lowBeam (dipped headlights; also lights the position and tail lamps).</summary>
    LowBeam = 1 << 1,
    /// <summary>highBeam.</summary>
    HighBeam = 1 << 2,
    /// <summary>fogLightsFront (fogLights sets both front and rear).</summary>
    FogFront = 1 << 3,
    /// <summary>fogLightsRear.</summary>
    FogRear = 1 << 4,
    /// <summary>brakeLights.</summary>
    Brake = 1 << 5,
    /// <summary>indicatorLeft (warningLights sets both indicators).</summary>
    IndicatorLeft = 1 << 6,
    /// <summary>indicatorRight.</summary>
    IndicatorRight = 1 << 7,
    /// <summary>reversingLights.</summary>
    Reversing = 1 << 8,
    /// <summary>licensePlateIllumination.</summary>
    LicensePlate = 1 << 9,
    /// <summary>specialPurposeLights (a police car's or an ambulance's beacons).</summary>
    SpecialPurpose = 1 << 10,
}

/// <summary>How a light is switched.</summary>
internal enum LightMode
{
    Off,
    On,
    Flashing,
}

/// <summary>
/// The state of an entity's lights during a run: per light its mode, luminous intensity, flashing
/// rhythm and when it was last switched. A light switched on is lit at once (its intensity ramps
/// up over the transition); one switched off stays lit until its transition ends; a flashing one
/// starts with an on-phase when its transition ends.
/// </summary>
internal sealed class LightBank
{
    private const int Count = 11;
    private readonly LightMode[] _mode = new LightMode[Count];
    private readonly long[] _sinceNs = new long[Count];
    private readonly long[] _transitionNs = new long[Count];
    private readonly long[] _onNs = new long[Count];
    private readonly long[] _offNs = new long[Count];
    private readonly double[] _intensity = new double[Count];

    /// <summary>Switches the lights in <paramref name="lights"/> at <paramref name="nowNs"/>.</summary>
    public void Set(VehicleLights lights, LightMode mode, double intensity, double transition, double onDuration, double offDuration, long nowNs)
    {
        for (int i = 0; i < Count; i++)
        {
            if (((uint)lights & (1u << i)) == 0)
            {
                continue;
            }
            _mode[i] = mode;
            _intensity[i] = intensity;
            _sinceNs[i] = nowNs;
            _transitionNs[i] = Timing.SimTime.FromSeconds(transition).Nanoseconds;
            _onNs[i] = Timing.SimTime.FromSeconds(onDuration).Nanoseconds;
            _offNs[i] = Timing.SimTime.FromSeconds(offDuration).Nanoseconds;
        }
    }

    /// <summary>The lights lit at <paramref name="nowNs"/>. Allocates nothing.</summary>
    public VehicleLights LitAt(long nowNs)
    {
        uint lit = 0;
        for (int i = 0; i < Count; i++)
        {
            long since = nowNs - _sinceNs[i];
            bool on = _mode[i] switch
            {
                LightMode.On => true,
                LightMode.Off => since < _transitionNs[i],
                _ => since < _transitionNs[i] || (since - _transitionNs[i]) % Math.Max(_onNs[i] + _offNs[i], 1) < _onNs[i],
            };
            if (on)
            {
                lit |= 1u << i;
            }
        }
        return (VehicleLights)lit;
    }

    /// <summary>Luminous intensity (cd) a light was last set to.</summary>
    public double IntensityOf(VehicleLights light)
    {
        int i = System.Numerics.BitOperations.TrailingZeroCount((uint)light);
        return i < Count ? _intensity[i] : 0;
    }
}
