using System.Globalization;
using SimCore.Dynamics;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Actions;

/// <summary>One control an OverrideControllerValueAction sets: null value with Active false ends that override.</summary>
internal enum OverriddenControl
{
    Throttle,
    Brake,
    BrakeForce,
    ParkingBrake,
    ParkingBrakeForce,
    Clutch,
    SteeringWheel,
    Gear,
    Park,
}

/// <summary>A control's new value, or its release when <paramref name="Active"/> is false.</summary>
internal readonly record struct ControlOverride(OverriddenControl Control, bool Active, double Value);

/// <summary>
/// OpenSCENARIO OverrideControllerValueAction: overrides pedals, steering wheel, gear and clutch
/// of an entity driven by vehicle dynamics (the ego with the reference driver, or a HIL target's);
/// <see cref="ControlOverrides"/> says how they act. An entity moved by the storyboard has no
/// pedals: there the action has no effect, logged as such.
/// </summary>
internal sealed class OverrideControllerValueAction(string name, string entity, IReadOnlyList<ControlOverride> values) : ActionBase(name)
{
    public override IReadOnlyList<string> Actors { get; } = new[] { entity };

    public override IActionRun Start(World world)
    {
        Entity e = world.Get(entity);
        if (e.Mode != MotionMode.Dynamics || e.Vehicle is null)
        {
            world.Emit("controller_action", Name, $"no effect: '{e.Name}' is moved by the storyboard, not by vehicle dynamics", e);
            return CompletedRun.Instance;
        }
        ControlOverrides o = e.Overrides ?? new ControlOverrides();
        foreach (ControlOverride v in values)
        {
            double? value = v.Active ? v.Value : null;
            switch (v.Control)
            {
                case OverriddenControl.Throttle: o.Throttle = value; break;
                case OverriddenControl.Brake: o.Brake = value; o.BrakeForce = null; break;
                case OverriddenControl.BrakeForce: o.BrakeForce = value; o.Brake = null; break;
                case OverriddenControl.ParkingBrake: o.ParkingBrake = value; o.ParkingBrakeForce = null; break;
                case OverriddenControl.ParkingBrakeForce: o.ParkingBrakeForce = value; o.ParkingBrake = null; break;
                case OverriddenControl.Clutch: o.Clutch = value; break;
                case OverriddenControl.SteeringWheel: o.SteeringWheel = value; break;
                case OverriddenControl.Gear: o.Gear = v.Active ? (int)v.Value : null; o.Park = false; break;
                case OverriddenControl.Park: o.Park = v.Active; o.Gear = null; break;
            }
        }
        e.Overrides = o.Any ? o : null;
        world.Emit("controller_override", Name, string.Join(", ", values.Select(v => v.Active ? string.Create(CultureInfo.InvariantCulture, $"{v.Control} {v.Value:0.###}") : $"{v.Control} released")), e);
        return CompletedRun.Instance;
    }
}
