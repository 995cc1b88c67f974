using SensorModels.Rig;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Rig;

public class RigLoaderTests
{
    private static IReadOnlyList<InputError> Errors(string yaml)
        => Assert.Throws<InputException>(() => RigLoader.Parse("rig.yaml", yaml)).Errors;

    [Fact]
    public void MissingRateAndMountAreErrorsNamingTheSensor()
    {
        IReadOnlyList<InputError> errors = Errors("sensors:\n  - {name: a, type: imu}\n");
        Assert.Contains(errors, e => e.Message.Contains("needs 'rate'") && e.Location.Line == 2);
        Assert.Contains(errors, e => e.Message.Contains("needs 'mount'") && e.Location.Line == 2);
    }

    [Fact]
    public void UnknownTopLevelKeyHasASuggestion()
    {
        IReadOnlyList<InputError> errors = Errors("sensor:\n  - {name: a}\n");
        Assert.Contains(errors, e => e.Message.Contains("unknown key 'sensor'") && e.Message.Contains("did you mean 'sensors'") && e.Location.Line == 1);
    }

    [Fact]
    public void MissingFileIsAnError()
        => Assert.Contains("not found", Assert.Throws<InputException>(() => RigLoader.Load("/nonexistent/rig.yaml")).Errors[0].Message);

    [Fact]
    public void ACameraWithoutARateRunsAt30Hz()
    {
        SensorModels.Runtime.SensorRig rig = RigLoader.Parse("rig.yaml", "sensors:\n  - {name: cam, type: camera, fov_deg: 60, mount: {x: 1.5, z: 1.3}}\n");
        Assert.Equal(30.0, rig.Sensors[0].Definition.RateHz);
        // 1e9 / 30 rounded once to whole nanoseconds.
        Assert.Equal(33_333_333L, rig.Sensors[0].Definition.PeriodNanoseconds);
    }
}
