using SensorModels.Output;
using SensorModels.Runtime;
using SimCore.Scenarios;
using SimCore.Simulation;

namespace SensorModels.Tests.Runtime;

/// <summary>The one per-step hook mechanism: which stage comes when, for each way a run can end.</summary>
public class StepStagesTests
{
    private static Simulator Sim(double duration, string extra = "")
        => new(ScenarioLoader.Parse(Path.Combine(Path.GetTempPath(), "stages.yaml"),
            $"name: t\nduration: {duration}\nstep: 0.25\nroad: {{id: r, geometry: [line: 200], lanes: {{right: [{{width: 3.5}}]}}}}\n"
            + "entities:\n  - {name: ego, type: car, position: {road: r, lane: -1, s: 10}, speed: 5, driver: reference}\n" + extra));

    private static (StepStages Stages, List<string> Log) Logged(Simulator sim)
    {
        var stages = new StepStages(sim);
        var log = new List<string>();
        stages.Starting += s => log.Add($"starting {s.Steps}");
        stages.StateReady += s => log.Add($"state {s.Steps}");
        stages.Sensing += s =>
        {
            log.Add($"sensing {s.Steps}");
            stages.Write(new SensorFrame("probe", "probe", "probe.v1", s.Steps, 0, 0), [1, 2]);
        };
        stages.SensorOutput += (in SensorFrame f, ReadOnlySpan<byte> p) => log.Add($"output {f.Sequence} {p.Length}");
        stages.Sensed += s => log.Add($"sensed {s.Steps}");
        stages.BeforeStep += s => log.Add($"before {s.Steps}");
        stages.Ending += s => log.Add($"ending {s.Steps}");
        stages.Ended += s => log.Add($"ended {s.Steps}");
        return (stages, log);
    }

    private static string[] Observed(int step) => [$"state {step}", $"sensing {step}", $"output {step} 2", $"sensed {step}"];

    [Fact]
    public void A_run_to_its_duration_raises_every_state_once_and_steps_between_them()
    {
        // 0.5 s in 0.25 s steps: states 0, 1, 2; the second step ends the run and its state is new.
        (StepStages stages, List<string> log) = Logged(Sim(0.5));
        RunResult r = stages.Run();
        Assert.Equal(EndReason.Duration, r.EndReason);
        Assert.Equal(["starting 0", .. Observed(0), "before 0", .. Observed(1), "before 1", "ending 2", .. Observed(2), "ended 2"], log);
    }

    [Fact]
    public void A_stop_trigger_ends_before_its_step_so_no_state_is_raised_twice()
    {
        // "time > 0.3" first holds at the start of the step from 0.5 s: the run ends at state 2 without stepping.
        (StepStages stages, List<string> log) = Logged(Sim(10, "stop:\n  simulation_time: {value: 0.3, rule: greater_than}\n"));
        RunResult r = stages.Run();
        Assert.Equal(EndReason.StopTrigger, r.EndReason);
        Assert.Equal(["starting 0", .. Observed(0), "before 0", .. Observed(1), "before 1", .. Observed(2), "before 2", "ending 2", "ended 2"], log);
    }

    [Fact]
    public void Stop_ends_the_loop_after_the_current_state()
    {
        (StepStages stages, List<string> log) = Logged(Sim(10));
        stages.Sensed += s =>
        {
            if (s.Steps == 1)
            {
                stages.Stop();
            }
        };
        RunResult r = stages.Run();
        Assert.Equal(EndReason.Running, r.EndReason);
        Assert.Equal(["starting 0", .. Observed(0), "before 0", .. Observed(1), "ended 1"], log);
    }
}
