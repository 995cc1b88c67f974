using System.Runtime.ExceptionServices;

namespace SensorModels.Rendering;

/// <summary>
/// Runs jobs 0..n-1 on thread-pool helpers and the calling thread, allocating nothing per call
/// (Parallel.For allocates its loop state and tasks every time). One <see cref="Run"/> at a time.
/// </summary>
internal sealed class JobFanOut : IDisposable
{
    private readonly Helper[] _helpers;
    private readonly CountdownEvent _done = new(0);
    private Action<int>? _job;
    private int _next, _count;
    private Exception? _error;

    /// <summary>Creates a fan-out with up to <paramref name="helpers"/> pool threads beside the caller.</summary>
    public JobFanOut(int helpers)
    {
        _helpers = new Helper[Math.Max(0, helpers)];
        for (int i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new Helper(this);
        }
    }

    /// <summary>Runs <paramref name="job"/> for 0..<paramref name="count"/>-1 and returns when all are done; rethrows the first failure.</summary>
    public void Run(int count, Action<int> job)
    {
        _job = job;
        _count = count;
        _next = -1;
        _error = null;
        int helpers = Math.Min(_helpers.Length, count - 1);
        _done.Reset(Math.Max(0, helpers));
        for (int i = 0; i < helpers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_helpers[i], preferLocal: false);
        }
        Drain();
        _done.Wait();
        _job = null;
        if (_error is { } e)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(e);
        }
    }

    private void Drain()
    {
        try
        {
            int j;
            while ((j = Interlocked.Increment(ref _next)) < _count)
            {
                _job!(j);
            }
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
            Volatile.Write(ref _next, _count); // the others stop at their next job
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _done.Dispose();

    private sealed class Helper(JobFanOut owner) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            owner.Drain();
            owner._done.Signal();
        }
    }
}
