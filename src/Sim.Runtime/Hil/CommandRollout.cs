using HilBridge.Protocol.Messages;

namespace Sim.Runtime.Hil;

/// <summary>
/// The trajectory a reactive driver implies: its command (road-wheel angle, acceleration) held
/// from the vehicle's state, rolled out with the kinematic single-track model (yaw rate =
/// v tan(delta) / wheelbase; speed not below 0) in 50 ms steps, as poses at 1 to 8 s. What
/// `sim target` sends as its plan, so open-loop replay can score a reference driver's trajectory.
/// </summary>
internal static class CommandRollout
{
    private const double Dt = 0.05;

    /// <summary>Poses at 1, 2, ..., <paramref name="seconds"/> s.</summary>
    public static PlannedPose[] Plan(VehicleState v, double steeringAngle, double acceleration, double wheelbase, int seconds = 8)
    {
        var plan = new PlannedPose[seconds];
        double x = v.X, y = v.Y, yaw = v.Yaw, speed = v.Speed;
        double yawRatePerSpeed = Math.Tan(steeringAngle) / wheelbase;
        int perSecond = (int)Math.Round(1 / Dt);
        for (int k = 1; k <= seconds * perSecond; k++)
        {
            x += speed * Math.Cos(yaw) * Dt;
            y += speed * Math.Sin(yaw) * Dt;
            yaw += speed * yawRatePerSpeed * Dt;
            double a = speed <= 0 && acceleration < 0 ? 0 : acceleration;
            speed = Math.Max(0, speed + a * Dt);
            if (k % perSecond == 0)
            {
                plan[k / perSecond - 1] = new PlannedPose(k * Dt, x, y, Math.IEEERemainder(yaw, 2 * Math.PI), speed, a, steeringAngle);
            }
        }
        return plan;
    }
}
