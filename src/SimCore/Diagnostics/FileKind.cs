using System.Runtime.InteropServices;

namespace SimCore.Diagnostics;

/// <summary>
/// What kind of file a path names, asked of the kernel without opening it: opening a named pipe
/// blocks until a writer comes, and a device may never end. .NET reports neither (a FIFO and a
/// regular file have the same <see cref="FileAttributes"/>), so Linux's statx is called directly.
/// </summary>
public static partial class FileKind
{
    /// <summary>
    /// The kind of special file at <paramref name="path"/> in words ("a named pipe (FIFO)", "a
    /// character device", ...), following symbolic links; null for a regular file, a directory,
    /// nothing there, or where the kernel cannot be asked (then opening the file says what is wrong).
    /// </summary>
    public static string? Special(string path)
    {
        if (!OperatingSystem.IsLinux() || path.Length == 0)
        {
            return null;
        }
        int mode;
        try
        {
            mode = Mode(path);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a libc without statx (before glibc 2.28): the open reports what it finds
        }
        if (mode < 0)
        {
            return null;
        }
        return (mode & TypeMask) switch
        {
            RegularFile or DirectoryFile => null,
            Fifo => "a named pipe (FIFO)",
            CharacterDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            _ => "a special file",
        };
    }

    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, DirectoryFile = 0x4000, BlockDevice = 0x6000, RegularFile = 0x8000, Socket = 0xC000;

    /// <summary>st_mode of <paramref name="path"/> (links followed), or -1 when statx fails (missing, a link loop: the open says which).</summary>
    private static unsafe int Mode(string path)
    {
        // struct statx is 256 bytes with the same layout on every architecture; stx_mode is the u16 at offset 28.
        byte* buffer = stackalloc byte[256];
        const int AtFdCwd = -100;
        const uint StatxType = 0x1;
        return Statx(AtFdCwd, path, 0, StatxType, buffer) == 0 ? *(ushort*)(buffer + 28) : -1;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
