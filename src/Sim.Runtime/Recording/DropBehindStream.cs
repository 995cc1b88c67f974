using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sim.Runtime.Recording;

/// <summary>
/// A file written once, front to back, and not read while it is written (a recording). At each
/// <see cref="Flush"/> the bytes flushed since the last one start going to disk (Linux
/// sync_file_range, without waiting), and the page cache is told it may drop what lies more than
/// <see cref="LagBytes"/> behind the end (posix_fadvise DONTNEED): the streaming-write pattern of
/// `dd oflag=nocache`.
/// </summary>
/// <remarks>
/// Without it the page cache grows by the whole file, a new page for every 4 KiB written. On a VM
/// that hands freed memory back to its host (virtio-balloon free page reporting, as on the 2-core
/// machine) each of those pages is a host fault: measured there, 2 GB written plain cost 5.5-6.9 s
/// of system time after the machine had been idle a minute, 0.5 s right after another such write,
/// and 1.1-1.3 s every time with this (docs/mcap.md). Nothing here waits for the disk: a page still
/// being written when it is advised stays cached and is advised again at the next flushes (the last
/// <see cref="AdvisedWindows"/> lags are advised each time), and on a disk slower than the writer the
/// kernel's own dirty-page throttling applies as without this class. Elsewhere than Linux, or on a
/// file that refuses the calls (a pipe, a character device), a plain pass-through.
/// </remarks>
internal sealed partial class DropBehindStream : Stream
{
    /// <summary>How far behind the end the page cache may drop what was written: 16 MCAP chunks.</summary>
    internal const long LagBytes = 64L << 20;

    /// <summary>How many lags behind that point each flush advises again (pages then still under writeback).</summary>
    internal const int AdvisedWindows = 4;

    private const int PageBytes = 4096;
    private const uint StartWrite = 2;                            // SYNC_FILE_RANGE_WRITE
    private const int DontNeed = 4;                               // POSIX_FADV_DONTNEED

    private readonly SafeFileHandle _handle;
    private readonly FileStream _file;
    private bool _enabled = OperatingSystem.IsLinux();
    private long _written;
    private long _started;
    private long _dropped;

    /// <summary>Creates (or truncates) <paramref name="path"/> for writing; others may read it meanwhile.</summary>
    public DropBehindStream(string path, int bufferSize)
    {
        _handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _file = new FileStream(_handle, FileAccess.Write, bufferSize);
    }

    /// <summary>Bytes the page cache has been told it may drop (0 where drop-behind is off).</summary>
    internal long Dropped => _dropped;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _file.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _file.Write(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value)
    {
        _file.WriteByte(value);
        _written++;
    }

    public override void Flush()
    {
        _file.Flush();
        if (_enabled)
        {
            DropBehind(_written);
        }
    }

    private void DropBehind(long end)
    {
        int fd = (int)_handle.DangerousGetHandle();
        if (end > _started)
        {
            if (sync_file_range(fd, _started, end - _started, StartWrite) != 0)
            {
                _enabled = false; // not a file that has a page cache to manage
                return;
            }
            _started = end;
        }
        long upTo = (end - LagBytes) / PageBytes * PageBytes;
        if (upTo > 0)
        {
            // Advice only: a page that cannot be dropped yet (still dirty) stays cached, as without this class.
            long from = Math.Max(0, upTo - (AdvisedWindows * LagBytes));
            _ = posix_fadvise(fd, from, upTo - from, DontNeed);
            _dropped = upTo;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _file.Dispose();
            }
            finally
            {
                _handle.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    [LibraryImport("libc")]
    private static partial int sync_file_range(int fd, long offset, long nbytes, uint flags);

    [LibraryImport("libc")]
    private static partial int posix_fadvise(int fd, long offset, long len, int advice);
}
