using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sim.Runtime.Wire;

/// <summary>
/// Sends the sensors' datagrams to a host at the times they carry, as the devices would: each
/// datagram is due at its simulation time mapped onto the wall clock (divided by the real-time
/// factor), anchored at the first datagram plus <see cref="MarginNs"/>. A sweep's packets, encoded
/// together at its end, go out spread over the rotation by their own timestamps, not in a burst.
/// One FIFO per sensor (each sensor's datagrams come in time order); a sender thread sends the
/// earliest head. When a sensor's FIFO is full the run waits: a run faster than real time is held
/// to it. Slots keep their buffers: after the first rotation nothing is allocated.
/// </summary>
internal sealed class UdpWireSender : IDisposable
{
    /// <summary>Latency added to the first datagram, so that the jitter of a real-time run does not bunch packets.</summary>
    public const long MarginNs = 20_000_000;

    /// <summary>Datagrams each sensor may have waiting.</summary>
    public const int Capacity = 4096;

    private readonly Socket _socket;
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lane[] _all;
    private readonly Dictionary<int, SocketAddress> _addresses = new();
    private readonly IPAddress _host;
    private readonly double _factor;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = new();
    private long _anchorSimNs = long.MinValue;
    private long _anchorWallNs;
    private bool _closing, _stopped;
    private Exception? _failure;

    /// <summary>Opens a socket that sends to <paramref name="host"/> on the sensors' ports, with one FIFO per sensor of <paramref name="sensors"/>.</summary>
    public UdpWireSender(IPAddress host, IEnumerable<(string Sensor, IReadOnlyList<int> Ports)> sensors, double realTimeFactor)
    {
        _host = host;
        _factor = realTimeFactor;
        _socket = new Socket(host.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        foreach ((string sensor, IReadOnlyList<int> ports) in sensors)
        {
            _lanes[sensor] = new Lane();
            foreach (int p in ports)
            {
                _addresses[p] = new IPEndPoint(host, p).Serialize();
            }
        }
        _all = _lanes.Values.ToArray();
        _thread = new Thread(Run) { IsBackground = true, Name = "sensor wire UDP", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Datagrams sent.</summary>
    public long Sent { get; private set; }

    /// <summary>Datagrams sent more than a millisecond after they were due (the run fell behind real time).</summary>
    public long Late { get; private set; }

    /// <summary>The latest any datagram went out after it was due (ns).</summary>
    public long MaxLateNs { get; private set; }

    /// <summary>Wall-clock ns from the first to the last datagram sent.</summary>
    public long SpanNs { get; private set; }

    /// <summary>Queues one datagram (waits while the sensor's FIFO is full).</summary>
    /// <exception cref="IOException">Sending failed (the host is unreachable, no route...).</exception>
    public void Enqueue(string sensor, int port, long timeNs, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            Lane lane = _lanes[sensor];
            while (lane.Count == Capacity && _failure is null && !_stopped)
            {
                Monitor.Wait(_gate);
            }
            ThrowIfFailed();
            Slot s = lane.Slots[(lane.Head + lane.Count) % Capacity];
            if (s.Data.Length < payload.Length)
            {
                s.Data = new byte[Math.Max(payload.Length, 1500)];
            }
            payload.CopyTo(s.Data);
            (s.Length, s.Port, s.TimeNs) = (payload.Length, port, timeNs);
            lane.Count++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Sends what is queued, each at its time, then stops.</summary>
    /// <exception cref="IOException">Sending failed.</exception>
    public void Complete()
    {
        lock (_gate)
        {
            _closing = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        ThrowIfFailed();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } f)
        {
            throw new IOException($"sending sensor packets to {_host} failed: {f.Message}", f);
        }
    }

    private void Run()
    {
        try
        {
            _clock.Start();
            long first = -1;
            while (true)
            {
                Lane? lane;
                Slot slot;
                long dueWall;
                lock (_gate)
                {
                    while ((lane = Earliest()) is null)
                    {
                        if (_closing || _stopped)
                        {
                            return;
                        }
                        Monitor.Wait(_gate);
                    }
                    if (_stopped)
                    {
                        return;
                    }
                    slot = lane.Slots[lane.Head];
                    if (_anchorSimNs == long.MinValue)
                    {
                        (_anchorSimNs, _anchorWallNs) = (slot.TimeNs, Now() + MarginNs);
                    }
                    dueWall = _anchorWallNs + (long)((slot.TimeNs - _anchorSimNs) / _factor);
                }
                long wait = dueWall - Now();
                if (wait > 0)
                {
                    // Sleep in short steps: an earlier datagram of another sensor may arrive meanwhile.
                    if (wait > 2_000_000)
                    {
                        Thread.Sleep(1);
                        continue;
                    }
                    while (Now() < dueWall)
                    {
                        Thread.Yield();
                    }
                }
                _socket.SendTo(slot.Data.AsSpan(0, slot.Length), SocketFlags.None, _addresses[slot.Port]);
                long now = Now(), late = now - dueWall;
                first = first < 0 ? now : first;
                lock (_gate)
                {
                    lane.Head = (lane.Head + 1) % Capacity;
                    lane.Count--;
                    Sent++;
                    SpanNs = now - first;
                    if (late > 1_000_000)
                    {
                        Late++;
                    }
                    MaxLateNs = Math.Max(MaxLateNs, late);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_gate)
            {
                _failure = e;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The lane whose head is due first, or null when all are empty (under the lock).</summary>
    private Lane? Earliest()
    {
        Lane? best = null;
        foreach (Lane l in _all)
        {
            if (l.Count > 0 && (best is null || l.Slots[l.Head].TimeNs < best.Slots[best.Head].TimeNs))
            {
                best = l;
            }
        }
        return best;
    }

    private long Now() => (long)(_clock.ElapsedTicks * (1e9 / Stopwatch.Frequency));

    /// <summary>Stops at once (what is queued is dropped).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        _socket.Dispose();
    }

    private sealed class Slot
    {
        public byte[] Data = [];
        public int Length, Port;
        public long TimeNs;
    }

    private sealed class Lane
    {
        public readonly Slot[] Slots = Enumerable.Range(0, Capacity).Select(_ => new Slot()).ToArray();
        public int Head, Count;
    }
}
