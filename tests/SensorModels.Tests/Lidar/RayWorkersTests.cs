using SensorModels.Lidar;

namespace SensorModels.Tests.Lidar;

/// <summary>The lidar's worker pool: every chunk once, and a stalled worker holds up only the chunk it took.</summary>
public class RayWorkersTests
{
    [Fact]
    public void Every_chunk_runs_once_and_a_stalled_worker_holds_up_only_the_chunk_it_took()
    {
        RayWorkers pool = RayWorkers.Shared(3);
        const int chunks = 500;
        int stalls = 0;
        for (int round = 0; round < 20; round++)
        {
            int[] runs = new int[chunks];
            int done = 0, stalledThread = 0, stalledChunks = 0;
            bool finishedWithoutIt = false;
            pool.Run(chunks, c =>
            {
                Interlocked.Increment(ref runs[c]);
                int me = Environment.CurrentManagedThreadId;
                if (Thread.CurrentThread.Name?.StartsWith("lidar-rays-", StringComparison.Ordinal) == true
                    && Interlocked.CompareExchange(ref stalledThread, me, 0) == 0)
                {
                    // The first worker to take a chunk stalls (as when the scheduler gives its core to
                    // a HIL target) until every other chunk is done: the others must not wait for it.
                    var wait = System.Diagnostics.Stopwatch.StartNew();
                    while (Volatile.Read(ref done) < chunks - 1 && wait.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        Thread.Sleep(1);
                    }
                    finishedWithoutIt = Volatile.Read(ref done) == chunks - 1;
                }
                if (me == Volatile.Read(ref stalledThread))
                {
                    Interlocked.Increment(ref stalledChunks);
                }
                else
                {
                    Thread.SpinWait(500); // work enough that a worker wakes before the caller has done it all
                }
                Interlocked.Increment(ref done);
            });
            Assert.All(runs, n => Assert.Equal(1, n));
            if (stalledThread != 0)
            {
                // With a fixed split, a third of the chunks would have waited for the stalled worker.
                Assert.True(finishedWithoutIt, $"round {round}: the other chunks waited for the stalled worker");
                Assert.Equal(1, stalledChunks);
                stalls++;
            }
        }
        Assert.True(stalls > 0, "no worker took a chunk in 20 rounds");
    }

    [Fact]
    public void A_failing_chunk_is_reported_after_the_others_ran()
    {
        RayWorkers pool = RayWorkers.Shared(2);
        int ran = 0;
        AggregateException e = Assert.Throws<AggregateException>(() => pool.Run(100, c =>
        {
            Interlocked.Increment(ref ran);
            if (c == 37)
            {
                throw new InvalidOperationException("chunk 37");
            }
        }));
        Assert.Equal("chunk 37", e.InnerException!.Message);
        Assert.Equal(100, ran);
        int after = 0;
        pool.Run(10, _ => Interlocked.Increment(ref after));
        Assert.Equal(10, after);
    }
}
