using Sim.Runtime.Recording;

namespace Sim.Runtime.Tests;

/// <summary>The recording writer's lower priority is its own thread's (Linux keeps nice values per thread), not the process's.</summary>
public class BackgroundPriorityTests
{
    [Fact]
    public void Lowering_a_thread_leaves_the_others_as_they_were()
    {
        int mine = BackgroundPriority.CurrentThreadNice();
        int lowered = int.MinValue, before = int.MinValue;
        var t = new Thread(() =>
        {
            before = BackgroundPriority.CurrentThreadNice();
            BackgroundPriority.LowerCurrentThread(RunRecorder.WriterNice);
            lowered = BackgroundPriority.CurrentThreadNice();
        });
        t.Start();
        t.Join();
        Assert.Equal(mine, before); // a new thread starts with its creator's value
        Assert.Equal(Math.Min(19, before + RunRecorder.WriterNice), lowered);
        Assert.Equal(mine, BackgroundPriority.CurrentThreadNice());
    }

    [Fact]
    public void An_idle_class_thread_leaves_the_others_in_the_normal_class()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the scheduling class is Linux's
        }
        bool set = false, idle = false, before = true;
        var t = new Thread(() =>
        {
            before = BackgroundPriority.CurrentThreadIsIdle();
            set = BackgroundPriority.IdleCurrentThread();
            idle = BackgroundPriority.CurrentThreadIsIdle();
        });
        t.Start();
        t.Join();
        Assert.False(before);
        Assert.True(set, "sched_setscheduler(SCHED_IDLE) refused: an unprivileged thread may always lower its own class");
        Assert.True(idle);
        Assert.False(BackgroundPriority.CurrentThreadIsIdle());
    }
}
