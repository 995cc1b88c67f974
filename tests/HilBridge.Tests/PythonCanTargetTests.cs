using System.Diagnostics;
using HilBridge.Protocol;
using HilBridge.Protocol.Messages;
using HilBridge.Session;
using HilBridge.Transport;
using SensorModels.Can;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace HilBridge.Tests;

/// <summary>
/// The second target written from the documents alone (examples/python_can_target.py): CAN
/// actuation encoded from the Hello's DBC at the messages' cycle times, the IMU and ground-truth
/// payloads decoded, calibrations read, heartbeats and sequence numbers checked.
/// </summary>
public sealed class PythonCanTargetTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static Scenario Road() => ScenarioLoader.Parse("can.yaml", """
        name: can
        duration: 5
        step: 0.01
        road: {id: r, geometry: [line: 1000], lanes: {right: [{width: 3.5}, {width: 3.5}]}}
        entities:
          - {name: ego, type: car, position: {road: r, lane: -1, s: 50}, speed: 15, driver: reference}
          - {name: lead, type: car, position: {road: r, lane: -1, s: 150}, speed: 20}
        """);

    [PythonFact]
    public void The_can_target_written_from_the_documents_gives_the_run_of_its_controller_in_process()
    {
        string dbcPath = TestFiles.Repo("scenarios", "can", "vehicle.dbc");
        string rigPath = Path.Combine(Path.GetTempPath(), $"can-rig-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(rigPath, $$"""
            name: can-target
            sensors:
              - {name: vehicle_bus, type: can, mount: {x: 0}, rate: 100, dbc: "{{dbcPath}}", target_node: ADAS}
              - {name: imu, type: imu, mount: {x: 1.4, y: 0, z: 0.35}, rate: 100}
              - {name: objects, type: ground_truth, mount: {x: 0, y: 0, z: 0}, rate: 10, range: 250}
            """);
        // In process: the controller the script runs, with the acceleration request quantised as the
        // DBC says (factor 0.001, halves away from zero) and sent every 20 ms (its cycle time), held between.
        var local = new Simulator(Road());
        var snap = new EntitySnapshot[local.EntityCount];
        local.UseExternalDriver(0);
        double held = 0;
        long k = 0;
        do
        {
            local.GetSnapshot(snap);
            if (k++ % 2 == 0)
            {
                double demand = Math.Min(Math.Max(0.8 * (20 - snap[0].Speed), -3.0), 2.0);
                held = Math.Round(demand / 0.001, MidpointRounding.AwayFromZero) * 0.001;
            }
            local.SetDemand(0, 0, held);
        }
        while (local.Advance());

        (ControlServer control, int cport) = ControlServer.BindRandom("tcp://127.0.0.1");
        (FrameStreamSender data, int dport) = FrameStreamSender.BindRandom("tcp://127.0.0.1");
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "python_can_target.py");
        var psi = new ProcessStartInfo(PythonPeer.Python, $"\"{script}\" tcp://127.0.0.1:{cport} tcp://127.0.0.1:{dport} 20")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (control)
        using (data)
        using (Process python = Process.Start(psi)!)
        {
            Task<string> stdout = python.StandardOutput.ReadToEndAsync();
            Task<string> stderr = python.StandardError.ReadToEndAsync();
            try
            {
                Scenario scenario = Road();
                var sim = new Simulator(scenario);
                using RigSession rig = RigSession.Create(rigPath, null, scenario, sim);
                CanBusSensor bus = rig.Rig.Sensors.OfType<CanBusSensor>().Single();
                var hello = new Hello(scenario.Name, sim.Step.Nanoseconds, sim.Seed, SensorManifest.FromRig(rig.Rig), File.ReadAllText(dbcPath), [WireCodec.Version]);
                HelloReply reply = Handshake.Accept(control, hello, "python", Wait, Wait);
                Assert.Equal(("python-can-acc", ActuationMode.Can), (reply.TargetName, reply.Mode));
                Assert.Equal(["imu", "objects"], reply.Streams);
                var runner = new HilRunner(control, data, reply, new HilRunOptions { AnswerTimeout = Wait, Can = new CanActuationDecoder(bus.Dbc) });
                var stages = new StepStages(sim);
                rig.Attach(stages);
                runner.Attach(stages, 0);
                RunResult via = stages.Run();
                runner.End(0, "pass", via.EndReason.Name(), "{}");
                Assert.True(python.WaitForExit(20_000), "python target did not exit");
                Assert.Equal(0, python.ExitCode);
                // 500 ticks; IMU at 100 Hz and ground truth at 10 Hz in the ticked states 0..499; the lead car seen.
                Assert.Equal((500UL, 500L, 50L), (runner.Report.Ticks, runner.Report.Stream("imu").Frames, runner.Report.Stream("objects").Frames));
                Assert.Equal("end of run after 500 ticks: pass (duration); imu 500, ground truth 50 (at most 1 objects); sequence gaps 0 control, 0 ticks",
                    stdout.Result.Trim());
                // Steering every tick, acceleration every other: 750 frames, all decoded, counters in order.
                Assert.Equal(new HilReport.CanCounts(750, 0, 0, 0, 0), runner.Report.Can);
                Assert.Empty(runner.Report.Warnings);
                Assert.Equal(local.Result().StateHash, via.StateHash);
            }
            finally
            {
                if (!python.HasExited)
                {
                    python.Kill();
                }
                Console.Error.Write(stderr.Result);
                File.Delete(rigPath);
            }
        }
    }
}
