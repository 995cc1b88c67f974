using System.Buffers;
using NetMQ;

namespace HilBridge.Transport;

/// <summary>
/// NetMQ's buffer pool for this process: a shared <see cref="ArrayPool{T}"/> (not the thread-affine
/// <see cref="ArrayPool{T}.Shared"/>: the simulation thread takes, NetMQ's I/O thread returns). A
/// real-time tick's payloads travel in pooled messages (<see cref="Msg.InitPool"/>) that the socket
/// returns here once their bytes are on the wire; with NetMQ's default every payload was a fresh
/// array, 50 MB/s of large-object garbage for the full rig and a blocking collection (1-13 ms)
/// every second or two.
/// </summary>
internal sealed class PayloadBufferPool : IBufferPool
{
    /// <summary>Arrays up to this length are pooled; longer ones are plain arrays.</summary>
    public const int MaxPooledLength = 64 << 20;

    /// <summary>Arrays kept per size class.</summary>
    public const int ArraysPerClass = 64;

    private static readonly object InstallGate = new();
    private static bool _installed;

    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create(MaxPooledLength, ArraysPerClass);

    /// <summary>Makes this NetMQ's pool for the process (once; later calls change nothing).</summary>
    public static void Install()
    {
        lock (InstallGate)
        {
            if (!_installed)
            {
                BufferPool.SetCustomBufferPool(new PayloadBufferPool());
                _installed = true;
            }
        }
    }

    /// <inheritdoc/>
    public byte[] Take(int size) => _pool.Rent(size);

    /// <inheritdoc/>
    public void Return(byte[] buffer)
    {
        // The pool's classes are powers of two from 16 bytes; an array of another length was taken
        // before the pool was installed (or was too long to pool), and the pool would refuse it.
        if (buffer.Length >= 16 && buffer.Length <= MaxPooledLength && System.Numerics.BitOperations.IsPow2(buffer.Length))
        {
            _pool.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
