using SimCore.Dynamics;

namespace SimCore.Tests.Dynamics;

public class VehicleParametersTests
{
    public static TheoryData<string> Presets => new() { "CommonRoadVehicle2", "Truck", "Bus" };

    private static VehicleParameters Preset(string name) => name switch
    {
        "CommonRoadVehicle2" => VehicleParameters.CommonRoadVehicle2,
        "Truck" => VehicleParameters.Truck,
        "Bus" => VehicleParameters.Bus,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void PresetsAreValid(string name)
    {
        Assert.Empty(Preset(name).Validate());
    }

    [Theory]
    [InlineData("Truck")]
    [InlineData("Bus")]
    public void HeavyVehiclePresetsUndersteer(string name)
    {
        VehicleParameters p = Preset(name);
        double k = p.Mass / p.Wheelbase * (p.DistanceCgToRear / p.CorneringStiffnessFront - p.DistanceCgToFront / p.CorneringStiffnessRear);
        Assert.True(k > 0, $"understeer gradient {k}");
    }

    [Fact]
    public void CommonRoadVehicle2MatchesPublishedNumbers()
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        Assert.Equal(4.508, p.Length);
        Assert.Equal(1.610, p.Width);
        Assert.Equal(1093.3, p.Mass, 0.1);
        Assert.Equal(1791.6, p.YawInertia, 0.1);
        Assert.Equal(2.5789, p.Wheelbase, 1e-4);
        // CommonRoad's load-normalised C_S = 20.898/rad scaled by mu and the static axle load.
        double frontLoad = p.Mass * 9.81 * p.DistanceCgToRear / p.Wheelbase;
        double rearLoad = p.Mass * 9.81 * p.DistanceCgToFront / p.Wheelbase;
        Assert.Equal(20.898083706740398 * 1.0489 * frontLoad, p.CorneringStiffnessFront, 1e-6);
        Assert.Equal(20.898083706740398 * 1.0489 * rearLoad, p.CorneringStiffnessRear, 1e-6);
        Assert.Equal(p.Length / 2 - p.RearOverhang, p.BoundingBoxCentreX);
    }

    [Fact]
    public void NegativeMassIsNamed()
    {
        IReadOnlyList<string> errors = (VehicleParameters.CommonRoadVehicle2 with { Mass = -1 }).Validate();
        Assert.Single(errors);
        Assert.Contains("Mass", errors[0]);
    }

    [Fact]
    public void NegativeWheelbaseIsNamed()
    {
        IReadOnlyList<string> errors = (VehicleParameters.CommonRoadVehicle2 with { DistanceCgToFront = -2, DistanceCgToRear = 1 }).Validate();
        Assert.Contains(errors, e => e.StartsWith("Wheelbase", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DistanceCgToFront", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("DistanceCgToRear", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("FrictionCoefficient")]
    [InlineData("YawInertia")]
    [InlineData("MaxSteeringAngle")]
    [InlineData("CorneringStiffnessRear")]
    public void NaNIsRejectedAndNamed(string field)
    {
        VehicleParameters p = VehicleParameters.CommonRoadVehicle2;
        p = field switch
        {
            "FrictionCoefficient" => p with { FrictionCoefficient = double.NaN },
            "YawInertia" => p with { YawInertia = double.NaN },
            "MaxSteeringAngle" => p with { MaxSteeringAngle = double.NaN },
            _ => p with { CorneringStiffnessRear = double.NaN },
        };
        IReadOnlyList<string> errors = p.Validate();
        Assert.Single(errors);
        Assert.StartsWith(field, errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void SteeringAtRightAngleIsRejected()
    {
        IReadOnlyList<string> errors = (VehicleParameters.CommonRoadVehicle2 with { MaxSteeringAngle = Math.PI / 2 }).Validate();
        Assert.Single(errors);
        Assert.Contains("MaxSteeringAngle", errors[0]);
    }

    [Fact]
    public void EmptyParametersReportEveryRequiredField()
    {
        IReadOnlyList<string> errors = new VehicleParameters().Validate();
        foreach (string field in new[] { "Length", "Width", "Height", "Mass", "YawInertia", "Wheelbase", "MaxSpeed", "MaxJerk" })
        {
            Assert.Contains(errors, e => e.StartsWith(field, StringComparison.Ordinal));
        }
        // Zero time constants mean "no lag" and zero overhang is allowed.
        Assert.DoesNotContain(errors, e => e.StartsWith("SteeringTimeConstant", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("RearOverhang", StringComparison.Ordinal));
    }

    [Fact]
    public void ModelsRefuseInvalidParameters()
    {
        VehicleParameters bad = VehicleParameters.CommonRoadVehicle2 with { Mass = 0 };
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new DynamicSingleTrack(bad));
        Assert.Contains("Mass", ex.Message);
        Assert.Throws<ArgumentException>(() => new KinematicSingleTrack(bad));
    }
}
