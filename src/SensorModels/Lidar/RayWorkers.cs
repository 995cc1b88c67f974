namespace SensorModels.Lidar;

/// <summary>
/// A fixed set of persistent worker threads for ray loops: <see cref="Run"/> calls the body once for
/// every chunk index and returns when all are done. Chunks are claimed one at a time by whichever
/// thread is running, the caller included, so a worker the scheduler has not woken (the machine's
/// other core busy with a HIL target, say) delays nothing: the caller does its share, and waits
/// only for chunks a worker has already claimed. Bodies write results into preallocated slots keyed
/// by index, so results never depend on the worker count or on who ran a chunk. Unlike
/// Parallel.For it allocates nothing per call. One pool per thread count is shared process-wide;
/// calls are serialised.
/// </summary>
internal sealed class RayWorkers
{
    private static readonly Dictionary<int, RayWorkers> Pools = new();
    // Not SemaphoreSlim: its waits spin (sched_yield) before blocking, CPU a two-core HIL bench lacks;
    // a worker late to wake costs nothing, the caller does the chunks.
    private readonly Semaphore? _wake;
    private readonly object _gate = new();
    private Action<int>? _body;
    private int _chunks;
    // Generation in the high 32 bits, next unclaimed chunk in the low: a claim is one compare-exchange,
    // and a worker that wakes after its generation ended can claim nothing from the next one.
    private long _ticket;
    private int _completed;
    private Exception? _error;

    private RayWorkers(int count)
    {
        Count = count;
        if (count > 1)
        {
            _wake = new Semaphore(0, int.MaxValue);
            for (int k = 1; k < count; k++)
            {
                var t = new Thread(Loop) { IsBackground = true, Name = $"lidar-rays-{k}/{count}" };
                t.Start();
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

    /// <summary>Runs <paramref name="body"/>(chunk) for every chunk in [0, <paramref name="chunks"/>) and waits for all.</summary>
    public void Run(int chunks, Action<int> body)
    {
        lock (_gate)
        {
            if (Count == 1 || chunks <= 1)
            {
                for (int c = 0; c < chunks; c++)
                {
                    body(c);
                }
                return;
            }
            _body = body;
            _chunks = chunks;
            _error = null;
            Volatile.Write(ref _completed, 0);
            long generation = (Volatile.Read(ref _ticket) >> 32) + 1;
            Volatile.Write(ref _ticket, generation << 32);
            _wake!.Release(Math.Min(Count - 1, chunks - 1));
            Work(generation);
            var spin = new SpinWait();
            while (Volatile.Read(ref _completed) < chunks)
            {
                spin.SpinOnce(); // only for chunks a worker is running now
            }
            _body = null;
            if (_error is { } e)
            {
                throw new AggregateException("a lidar worker failed", e);
            }
        }
    }

    /// <summary>Claims and runs chunks of <paramref name="generation"/> until none is left.</summary>
    private void Work(long generation)
    {
        while (true)
        {
            long t = Volatile.Read(ref _ticket);
            if (t >> 32 != generation || (int)t >= Volatile.Read(ref _chunks))
            {
                return;
            }
            if (Interlocked.CompareExchange(ref _ticket, t + 1, t) != t)
            {
                continue;
            }
            try
            {
                _body!((int)t);
            }
            catch (Exception e)
            {
                _error = e;
            }
            Interlocked.Increment(ref _completed);
        }
    }

    private void Loop()
    {
        while (true)
        {
            _wake!.WaitOne();
            Work(Volatile.Read(ref _ticket) >> 32);
        }
    }
}
