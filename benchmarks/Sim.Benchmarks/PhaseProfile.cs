using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using SimCore.Entities;
using SimCore.Kpis;
using SimCore.Simulation;
using SimCore.Timing;

namespace Sim.Benchmarks;

/// <summary>
/// A quick Stopwatch breakdown of one step into the phases of Simulator.Advance (storyboard, lane
/// index, control, motion, collisions, KPIs, hash, criteria), plus steady-state allocation per step.
/// It re-enacts Advance() through the simulator's private parts (single-threaded path), so it must be
/// kept in step with Simulator.Advance; the BenchmarkDotNet figures remain the reference.
/// </summary>
internal static class PhaseProfile
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    public static int Run(string[] args)
    {
        int warm = 1000, steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3000;
        Report("cut-in (2 vehicles)", () => new Simulator(BenchScenarios.CutIn()), 500, 2000);
        Report("ring (1000 IDM vehicles)", () => new Simulator(BenchScenarios.Ring()), warm, steps);
        return 0;
    }

    private static void Report(string name, Func<Simulator> create, int warm, int steps)
    {
        // 1) Whole Advance(): time and allocation per step in steady state.
        Simulator sim = create();
        for (int i = 0; i < warm; i++)
        {
            sim.Advance();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        int n = 0;
        for (; n < steps && sim.Advance(); n++)
        {
        }
        double us = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / n;
        double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / n;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: Advance() {us:0.000} us/step, {bytes:0.0} bytes/step over {n} steps after {warm} warm-up steps"));

        // 2) Phase breakdown (re-enacted, single-threaded).
        sim = create();
        var p = new Parts(sim);
        for (int i = 0; i < warm; i++)
        {
            sim.Advance();
        }
        var ticks = new long[8];
        var alloc = new long[8];
        string[] phases = { "storyboard", "lane index", "control", "motion", "collisions", "kpis", "hash", "criteria" };
        int done = 0;
        for (; done < steps; done++)
        {
            World w = p.World;
            w.StepIndex++;
            w.Time = new SimTime(w.StepIndex * sim.Step.Nanoseconds);
            Time(0, () => w.Storyboard!.Step(w));
            Time(1, () => w.Lanes.Rebuild(w.Entities, w.Network));
            Time(2, () =>
            {
                foreach (Entity e in p.Driven)
                {
                    EntityMotion.Control(e, w);
                }
                foreach (Entity e in p.Others)
                {
                    EntityMotion.Control(e, w);
                }
            });
            Time(3, () =>
            {
                foreach (Entity e in w.Entities)
                {
                    EntityMotion.Move(e, w);
                }
            });
            Time(4, p.DetectCollisions);
            Time(5, () => p.Kpis?.Observe());
            Time(6, p.HashState);
            Time(7, p.CheckCriteria);
        }
        double total = ticks.Sum();
        for (int i = 0; i < phases.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {phases[i],-11} {ticks[i] * 1e6 / Stopwatch.Frequency / done,10:0.000} us/step {100 * ticks[i] / total,5:0.0} %  {(double)alloc[i] / done,8:0.0} bytes/step"));
        }

        void Time(int phase, Action a)
        {
            long b = GC.GetAllocatedBytesForCurrentThread();
            long t = Stopwatch.GetTimestamp();
            a();
            ticks[phase] += Stopwatch.GetTimestamp() - t;
            alloc[phase] += GC.GetAllocatedBytesForCurrentThread() - b;
        }
    }

    /// <summary>The simulator's private parts that Advance() works on.</summary>
    private sealed class Parts
    {
        public Parts(Simulator sim)
        {
            World = (World)Field(sim, "_world");
            Driven = (Entity[])Field(sim, "_driven");
            Others = (Entity[])Field(sim, "_others");
            Kpis = (KpiMonitor?)Field(sim, "_kpis");
            DetectCollisions = Method(sim, "DetectCollisions");
            HashState = Method(sim, "HashState");
            CheckCriteria = Method(sim, "CheckCriteria");
        }

        public World World { get; }

        public Entity[] Driven { get; }

        public Entity[] Others { get; }

        public KpiMonitor? Kpis { get; }

        public Action DetectCollisions { get; }

        public Action HashState { get; }

        public Action CheckCriteria { get; }

        private static object Field(Simulator sim, string name)
            => typeof(Simulator).GetField(name, Private)?.GetValue(sim) ?? (name == "_kpis" ? null! : throw new MissingFieldException(nameof(Simulator), name));

        private static Action Method(Simulator sim, string name)
            => (Action)Delegate.CreateDelegate(typeof(Action), sim,
                typeof(Simulator).GetMethod(name, Private) ?? throw new MissingMethodException(nameof(Simulator), name));
    }
}
