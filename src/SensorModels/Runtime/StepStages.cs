using SensorModels.Output;
using SimCore.Simulation;

namespace SensorModels.Runtime;

/// <summary>A stage of a run's step loop, with the simulation at the state the stage is about.</summary>
public delegate void StageHandler(Simulator simulator);

/// <summary>One sensor output: its header and its payload bytes (valid only during the call).</summary>
public delegate void SensorOutputHandler(in SensorFrame frame, ReadOnlySpan<byte> payload);

/// <summary>
/// A run's step loop with its stages explicit, each an event raised in a fixed order (as
/// bepuphysics2's timestepper raises its stage events): the one place where sensors, recorders,
/// drivers outside the simulator and HIL targets hook into a run. Handlers of one stage run in the
/// order they were added.
/// </summary>
/// <remarks>
/// <para><see cref="Run"/> raises <see cref="Starting"/>, then for every state (the initial one,
/// each step's, and the final one unless a stop trigger ended the run before its step, see
/// <see cref="Simulator.EndedWithNewState"/>):</para>
/// <list type="number">
/// <item><see cref="StateReady"/>: the state is there to record (recordings, trajectories);</item>
/// <item><see cref="Sensing"/>: the rig samples it; each output is raised as <see cref="SensorOutput"/> as it is produced;</item>
/// <item><see cref="Sensed"/>: drivers outside the simulator decide from what the sensors gave (a model in the loop);</item>
/// </list>
/// <para>and between two states <see cref="BeforeStep"/> (the ego's demand for the coming step is
/// settled: a HIL target's tick and answer), then the simulator steps. When the run has ended,
/// <see cref="Ending"/> comes before its last state and <see cref="Ended"/> after it.</para>
/// </remarks>
public sealed class StepStages : ISensorSink
{
    private bool _stop;

    /// <summary>The stages of a run of <paramref name="simulator"/> (at its initial state).</summary>
    public StepStages(Simulator simulator) => Simulator = simulator;

    /// <summary>The simulation.</summary>
    public Simulator Simulator { get; }

    /// <summary>Before the first state: clocks start (a real-time HIL session's pacing).</summary>
    public event StageHandler? Starting;

    /// <summary>A new state, before the sensors sample it.</summary>
    public event StageHandler? StateReady;

    /// <summary>The sensors sample the state and write their outputs to this object (<see cref="Write"/>).</summary>
    public event StageHandler? Sensing;

    /// <summary>Each sensor output of <see cref="Sensing"/>, as it is produced.</summary>
    public event SensorOutputHandler? SensorOutput;

    /// <summary>After the sensors: what drives from their outputs sets the ego's demand.</summary>
    public event StageHandler? Sensed;

    /// <summary>Before each step (never after the last state): the demand for the coming step is settled.</summary>
    public event StageHandler? BeforeStep;

    /// <summary>The run has ended, before its last state is raised.</summary>
    public event StageHandler? Ending;

    /// <summary>After the last state.</summary>
    public event StageHandler? Ended;

    /// <summary>Raises <see cref="SensorOutput"/>: the sink a rig writes into.</summary>
    public void Write(in SensorFrame frame, ReadOnlySpan<byte> payload) => SensorOutput?.Invoke(frame, payload);

    /// <summary>
    /// Asks the loop to end after the stages of the current state (a dataset with all its frames):
    /// no further step is taken, and <see cref="Ended"/> follows.
    /// </summary>
    public void Stop() => _stop = true;

    /// <summary>Runs the simulation to its end (or to <see cref="Stop"/>), raising every stage; returns its result.</summary>
    public RunResult Run()
    {
        Simulator sim = Simulator;
        Starting?.Invoke(sim);
        Observe(sim);
        while (!_stop)
        {
            BeforeStep?.Invoke(sim);
            if (!sim.Advance())
            {
                Ending?.Invoke(sim);
                if (sim.EndedWithNewState)
                {
                    Observe(sim);
                }
                break;
            }
            Observe(sim);
        }
        Ended?.Invoke(sim);
        return sim.Result();
    }

    private void Observe(Simulator sim)
    {
        StateReady?.Invoke(sim);
        Sensing?.Invoke(sim);
        Sensed?.Invoke(sim);
    }
}
