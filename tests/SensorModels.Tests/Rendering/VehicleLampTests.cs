using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Rendering;
using SimCore.Entities;
using SimCore.Simulation;

namespace SensorModels.Tests.Rendering;

/// <summary>The lights a scenario switches (OpenSCENARIO LightStateAction) reach the camera.</summary>
[Collection("vulkan")]
public sealed class VehicleLampTests
{
    private const int W = 320, H = 200;

    private static EntitySnapshot Car(VehicleLights lights, bool set) => new("car", 10, 0, 0, 0, 0, false, null, 0, 0, 0)
    {
        Id = 1,
        Kind = EntityKind.Car,
        Length = 4.5,
        Width = 1.8,
        Height = 1.5,
        CenterOffsetX = 0,
        Lights = lights,
        LightsSet = set,
    };

    [Fact]
    public void Lamp_flags_are_the_switched_lights_or_the_time_of_days()
    {
        // Bits as scene.frag reads them: 1 head and tail, 2 brake, 4 left, 8 right, 16 reversing, 32 high beam.
        Assert.Equal(0u, SceneRenderer.LampFlags(Car(VehicleLights.None, false), Lighting.Noon));
        Assert.Equal(1u, SceneRenderer.LampFlags(Car(VehicleLights.None, false), Lighting.FromTimeOfDay(23)));
        // Switched by the scenario: the time of day no longer decides.
        Assert.Equal(0u, SceneRenderer.LampFlags(Car(VehicleLights.None, true), Lighting.FromTimeOfDay(23)));
        Assert.Equal(1u | 32u, SceneRenderer.LampFlags(Car(VehicleLights.HighBeam, true), Lighting.Noon));
        Assert.Equal(2u | 4u | 8u, SceneRenderer.LampFlags(Car(VehicleLights.Brake | VehicleLights.IndicatorLeft | VehicleLights.IndicatorRight, true), Lighting.Noon));
        Assert.Equal(1u | 16u, SceneRenderer.LampFlags(Car(VehicleLights.LowBeam | VehicleLights.Reversing | VehicleLights.FogRear, true), Lighting.Noon));
    }

    [VulkanFact]
    public void Brake_lights_and_an_indicator_light_the_rear_of_the_car()
    {
        VulkanDevice device = VulkanTestDevice.Get();
        var m = new MeshBuilder();
        m.Quad(new F3(-200, -200, 0), new F3(200, -200, 0), new F3(200, 200, 0), new F3(-200, 200, 0), SemanticClass.Road, Material.Asphalt);
        EntitySnapshot[] off = [Car(VehicleLights.None, true)];
        using var renderer = new SceneRenderer(device, SceneGeometry.FromMesh(m.Build(), default, off));
        var t = CameraTargets.Allocate(W, H, CameraOutputs.Rgb | CameraOutputs.Instance);
        // Behind the car at night (its body is dark, so lamps stand out), looking at its rear face.
        var cam = new CameraView(new Pose3(new Vec3(0, 0, 1.0), 0, 0, 0), W, H, 300, 300, (W - 1) / 2.0, (H - 1) / 2.0);
        Assert.Equal((0, 0), Lamps(renderer, cam, off, t));
        (int red, int amber) = Lamps(renderer, cam, [Car(VehicleLights.Brake, true)], t);
        Assert.True(red > 20 && amber == 0, $"brake lights: {red} red, {amber} amber pixels");
        (red, amber) = Lamps(renderer, cam, [Car(VehicleLights.IndicatorLeft, true)], t);
        Assert.True(amber > 5 && red == 0, $"left indicator: {red} red, {amber} amber pixels");
        // Its left (+y) is on the image's left looking along +x: every amber pixel is left of centre.
        Assert.True(AmberLeftOfCentre(t), "the lit indicator is the left one");
    }

    private static bool IsRed(byte[] rgb, int i) => rgb[3 * i] > 200 && rgb[3 * i + 1] < 140 && rgb[3 * i + 2] < 140;

    private static bool IsAmber(byte[] rgb, int i) => rgb[3 * i] > 200 && rgb[3 * i + 1] > 180 && rgb[3 * i + 2] < 140;

    private static (int Red, int Amber) Lamps(SceneRenderer renderer, CameraView cam, EntitySnapshot[] es, CameraTargets t)
    {
        renderer.Render([cam], es, Lighting.FromTimeOfDay(23), [t]);
        int red = 0, amber = 0, n = 0;
        for (int i = 0; i < t.Instance!.Length; i++)
        {
            if (t.Instance[i] == 2)
            {
                n++;
                red += IsRed(t.Rgb!, i) ? 1 : 0;
                amber += IsAmber(t.Rgb!, i) ? 1 : 0;
            }
        }
        Assert.True(n > 100, $"the car covers {n} pixels");
        return (red, amber);
    }

    private static bool AmberLeftOfCentre(CameraTargets t)
    {
        for (int i = 0; i < t.Instance!.Length; i++)
        {
            if (t.Instance[i] == 2 && IsAmber(t.Rgb!, i) && i % W >= W / 2)
            {
                return false;
            }
        }
        return true;
    }
}
