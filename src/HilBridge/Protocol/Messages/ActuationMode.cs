namespace HilBridge.Protocol.Messages;

/// <summary>How a target drives the ego.</summary>
public enum ActuationMode : byte
{
    /// <summary>Road-wheel steering angle (rad, left positive) and longitudinal acceleration (m/s^2).</summary>
    Command = 0,
    /// <summary>CAN frames per the DBC's actuation messages.</summary>
    Can = 1,
}
