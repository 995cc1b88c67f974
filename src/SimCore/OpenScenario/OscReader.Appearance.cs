using System.Xml.Linq;
using SimCore.Entities;
using SimCore.Scenarios.Yaml;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private static readonly IReadOnlyDictionary<string, VehicleLights> LightWords = new Dictionary<string, VehicleLights>
    {
        ["daytimeRunningLights"] = VehicleLights.DaytimeRunning,
        ["lowBeam"] = VehicleLights.LowBeam,
        ["highBeam"] = VehicleLights.HighBeam,
        ["fogLights"] = VehicleLights.FogFront | VehicleLights.FogRear,
        ["fogLightsFront"] = VehicleLights.FogFront,
        ["fogLightsRear"] = VehicleLights.FogRear,
        ["brakeLights"] = VehicleLights.Brake,
        ["warningLights"] = VehicleLights.IndicatorLeft | VehicleLights.IndicatorRight,
        ["indicatorLeft"] = VehicleLights.IndicatorLeft,
        ["indicatorRight"] = VehicleLights.IndicatorRight,
        ["reversingLights"] = VehicleLights.Reversing,
        ["licensePlateIllumination"] = VehicleLights.LicensePlate,
        ["specialPurposeLights"] = VehicleLights.SpecialPurpose,
    };

    private static readonly IReadOnlyDictionary<string, LightMode> LightModeWords = new Dictionary<string, LightMode>
    {
        ["on"] = LightMode.On,
        ["off"] = LightMode.Off,
        ["flashing"] = LightMode.Flashing,
    };

    /// <summary>
    /// AppearanceAction (1.2+): LightStateAction on a vehicle light. Flashing lights without a
    /// rhythm flash 0.5 s on, 0.5 s off; a light switched on without an intensity keeps its last
    /// one, or 6000 cd (esmini's defaults). AnimationAction and user-defined lights are reported.
    /// </summary>
    private ActionBase? Appearance(XElement aa, string name, string entity, ParameterScope scope)
    {
        XElement? a = _ctx.Choice(aa);
        if (a is null)
        {
            return null;
        }
        if (a.Name.LocalName != "LightStateAction")
        {
            _ctx.Unsupported(a);
            return null;
        }
        double transition = _ctx.Num(a, "transitionTime", scope) ?? 0;
        if (transition < 0)
        {
            _ctx.Error(a.Attribute("transitionTime"), "transitionTime must not be negative");
            transition = 0;
        }
        XElement? type = a.Element("LightType") is { } lt ? _ctx.Choice(lt) : null;
        XElement? state = a.Element("LightState");
        if (type is null || state is null)
        {
            if (a.Element("LightType") is null || state is null)
            {
                _ctx.Error(a, "<LightStateAction> needs <LightType> and <LightState>");
            }
            return null;
        }
        if (type.Name.LocalName != "VehicleLight")
        {
            _ctx.Unsupported(type, "only vehicle lights exist here");
            return null;
        }
        string? word = _ctx.RequiredStr(type, "vehicleLightType", scope);
        if (word is null)
        {
            return null;
        }
        if (!LightWords.TryGetValue(word, out VehicleLights lights))
        {
            _ctx.Error(type.Attribute("vehicleLightType"), $"'{word}' is not a vehicleLightType{Suggestions.Hint(word, LightWords.Keys)}");
            return null;
        }
        if (state.Attribute("mode") is null)
        {
            _ctx.Error(state, "<LightState> needs attribute 'mode' (on, off or flashing)");
            return null;
        }
        LightMode? mode = _ctx.Enum(state, "mode", scope, LightModeWords);
        if (mode is null)
        {
            return null;
        }
        double intensity = _ctx.Num(state, "luminousIntensity", scope) ?? (mode == LightMode.Off ? 0 : 6000);
        double on = _ctx.Num(state, "flashingOnDuration", scope) ?? 0.5;
        double off = _ctx.Num(state, "flashingOffDuration", scope) ?? 0.5;
        if (intensity < 0 || on < 0 || off < 0)
        {
            _ctx.Error(state, "luminousIntensity and the flashing durations must not be negative");
            return null;
        }
        return new LightStateAction(name, entity, lights, mode.Value, intensity, transition, on, off);
    }
}
