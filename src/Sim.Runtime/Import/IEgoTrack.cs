using HilBridge.Protocol.Messages;

namespace Sim.Runtime.Import;

/// <summary>Where the ego was, and what its driver did, at any time of an imported recording.</summary>
internal interface IEgoTrack
{
    /// <summary>The ego's state at <paramref name="timeNs"/> (recording time).</summary>
    VehicleState At(long timeNs);

    /// <summary>What the driver commanded at <paramref name="timeNs"/>: road-wheel angle (rad) and acceleration (m/s^2), or null when unknown.</summary>
    (double SteeringAngle, double Acceleration)? Driver(long timeNs);
}

/// <summary>A sensor without a vehicle (a packet capture on a bench): the ego stands at the origin.</summary>
internal sealed class StandingEgo : IEgoTrack
{
    /// <inheritdoc/>
    public VehicleState At(long timeNs) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <inheritdoc/>
    public (double SteeringAngle, double Acceleration)? Driver(long timeNs) => null;
}
