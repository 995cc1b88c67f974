using SensorModels.Lidar;
using SensorModels.Lidar.Packets;
using SensorModels.Lidar.Wire;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Diagnostics;

namespace SensorModels.Tests.Lidar.Wire;

/// <summary>The rig's 'wire' entries: the geometry each sensor imposes, and located errors for what it cannot be.</summary>
public sealed class WireRigTests
{
    private static IReadOnlyList<InputError> Errors(string yaml)
        => Assert.Throws<InputException>(() => RigLoader.Parse("rig.yaml", yaml)).Errors;

    private static LidarConfig Lidar(string yaml) => ((LidarSensor)RigLoader.Parse("rig.yaml", yaml).Sensors[0]).Config;

    [Fact]
    public void A_vlp32c_fires_at_the_manuals_elevations_offsets_and_times_clockwise()
    {
        LidarConfig c = Lidar("sensors:\n  - {name: v, type: lidar, rate: 10, mount: {}, wire: {format: vlp32c}}\n");
        VelodyneCalibration manual = VelodyneCalibration.BuiltIn(VelodyneModel.Vlp32C)!;
        Assert.Equal(32, c.Channels);
        // 600 rpm: 1e6 / (10 x 55.296 us) = 1808.4 firings a turn.
        Assert.Equal(1808, c.Columns);
        Assert.Equal(-25 * Math.PI / 180, c.Elevations[0], 12);
        Assert.Equal(15 * Math.PI / 180, c.Elevations[29], 12);
        Assert.Equal(-2 * Math.PI / 1808, c.Azimuths[1], 15);
        // Laser 3 fires at 2.304 us of 55.296 (two at a time): the head has turned 1/24 of a column; its offset is -1.4 deg (clockwise).
        Assert.Equal(2.304 / 55.296, c.ChannelFireFractions[3], 12);
        Assert.Equal(-(2.304 / 55.296) * 2 * Math.PI / 1808 - manual.AzimuthOffsetsDeg[3] * Math.PI / 180, c.ChannelAzimuths[3], 12);
        Assert.Equal(-1.4, manual.AzimuthOffsetsDeg[3]);
        Assert.Equal(2368, c.Wire!.Port);
        Assert.Equal(8308, c.Wire.PositionPort);
    }

    [Fact]
    public void An_ouster_keeps_the_rigs_beams_and_turns_clockwise()
    {
        LidarConfig c = Lidar("sensors:\n  - {name: o, type: lidar, rate: 20, channels: 64, azimuth_steps: 512, mount: {}, wire: {format: ouster, profile: LEGACY}}\n");
        Assert.Equal((64, 512), (c.Channels, c.Columns));
        Assert.Equal(-2 * Math.PI * 3 / 512, c.Azimuths[3], 15);
        Assert.Equal(OusterProfile.Legacy, c.Wire!.Profile);
        Assert.Equal(7502, c.Wire.Port);
    }

    [Fact]
    public void What_the_sensor_cannot_be_is_a_located_error()
    {
        IReadOnlyList<InputError> e = Errors("sensors:\n  - {name: o, type: lidar, rate: 15, channels: 40, mount: {},\n     wire: {format: ouster, position_port: 9}}\n");
        Assert.Contains(e, x => x.Message.Contains("16, 32, 64 or 128 beams, not 40") && x.Location.Line == 2);
        Assert.Contains(e, x => x.Message.Contains("not an Ouster lidar mode") && x.Message.Contains("1024 columns at 15 Hz"));
        Assert.Contains(e, x => x.Message.Contains("'position_port' is for the Velodyne formats only") && x.Location.Line == 3);

        e = Errors("sensors:\n  - {name: v, type: lidar, rate: 25, channels: 32, azimuth_steps: 900, mount: {}, wire: {format: vlp32c}}\n");
        Assert.Contains(e, x => x.Message.Contains("'channels' does not apply"));
        Assert.Contains(e, x => x.Message.Contains("'azimuth_steps' does not apply"));
        Assert.Contains(e, x => x.Message.Contains("5 to 20 Hz, not 25"));

        e = Errors("sensors:\n  - {name: v, type: lidar, rate: 10, elevations_deg: [1, 2], mount: {}, wire: {format: vls128, profile: LEGACY}}\n");
        Assert.Contains(e, x => x.Message.Contains("128 laser elevations") && x.Message.Contains("not 2"));
        Assert.Contains(e, x => x.Message.Contains("'profile' is for the ouster formats only"));

        e = Errors("sensors:\n  - {name: v, type: lidar, rate: 10, mount: {}, wire: {format: hesai}}\n");
        Assert.Contains(e, x => x.Message.Contains("ouster, vlp32c or vls128"));

        e = Errors("sensors:\n  - {name: v, type: lidar, rate: 10, mount: {}, wire: {format: vlp32c, prot: 1}}\n");
        Assert.Contains(e, x => x.Message.Contains("unknown key 'prot'") && x.Message.Contains("port"));

        e = Errors("sensors:\n  - {name: g, type: gnss, rate: 10, mount: {}, origin_latitude: 1, origin_longitude: 2, wire: {format: ubx}}\n");
        Assert.Contains(e, x => x.Message.Contains("must be nmea, not 'ubx'"));
    }

    [Fact]
    public void A_velodyne_names_a_gnss_the_rig_has()
    {
        SensorRig rig = RigLoader.Parse("rig.yaml", "sensors:\n  - {name: v, type: lidar, rate: 10, mount: {}, wire: {format: vlp32c, gnss: gps}}\n");
        InputException e = Assert.Throws<InputException>(() => SensorWire.For(rig, DateTimeOffset.UnixEpoch));
        Assert.Contains("'gps', which is not a gnss sensor of the rig", e.Errors[0].Message);
        Assert.Equal(2, e.Errors[0].Location.Line);
    }
}
