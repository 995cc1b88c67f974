namespace SensorModels.Lidar;

/// <summary>
/// A fixed set of persistent worker threads for ray loops: <see cref="Run"/> calls the job once on
/// every worker (index, count) and returns when all are done. Unlike Parallel.For it allocates
/// nothing per call. Jobs must partition their work by a fixed rule and write results into
/// preallocated slots, so results never depend on the worker count. One pool per thread count is
/// shared process-wide; calls are serialised.
/// </summary>
internal sealed class RayWorkers
{
    private static readonly Dictionary<int, RayWorkers> Pools = new();
    private readonly Barrier? _start;
    private readonly Barrier? _done;
    private readonly object _gate = new();
    private Action<int, int>? _job;
    private Exception? _error;

    private RayWorkers(int count)
    {
        Count = count;
        if (count > 1)
        {
            _start = new Barrier(count);
            _done = new Barrier(count);
            for (int k = 1; k < count; k++)
            {
                var t = new Thread(Loop) { IsBackground = true, Name = $"lidar-rays-{k}/{count}" };
                t.Start(k);
            }
        }
    }

    /// <summary>Number of workers (the calling thread is one of them).</summary>
    public int Count { get; }

    /// <summary>The shared pool with <paramref name="count"/> workers.</summary>
    public static RayWorkers Shared(int count)
    {
        count = Math.Clamp(count, 1, 256);
        lock (Pools)
        {
            if (!Pools.TryGetValue(count, out RayWorkers? w))
            {
                Pools[count] = w = new RayWorkers(count);
            }
            return w;
        }
    }

    /// <summary>Runs <paramref name="job"/>(worker, count) on every worker and waits for all.</summary>
    public void Run(Action<int, int> job)
    {
        lock (_gate)
        {
            if (Count == 1)
            {
                job(0, 1);
                return;
            }
            _job = job;
            _error = null;
            _start!.SignalAndWait();
            try
            {
                job(0, Count);
            }
            finally
            {
                _done!.SignalAndWait();
                _job = null;
            }
            if (_error is { } e)
            {
                throw new AggregateException("a lidar worker failed", e);
            }
        }
    }

    private void Loop(object? state)
    {
        int k = (int)state!;
        while (true)
        {
            _start!.SignalAndWait();
            try
            {
                _job!(k, Count);
            }
            catch (Exception e)
            {
                _error = e;
            }
            _done!.SignalAndWait();
        }
    }
}
