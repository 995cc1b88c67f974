using System.Security.Cryptography;
using Sim.Runtime.Recording;

namespace Sim.Runtime.Tests;

/// <summary>The recording's file drops what it wrote from the page cache a fixed lag behind, and loses no byte doing so.</summary>
public class DropBehindStreamTests
{
    [Fact]
    public void A_file_written_in_flushed_pieces_keeps_every_byte_and_drops_all_but_the_lag()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("drop-behind-").FullName, "run.mcap");
        byte[] piece = new byte[3 * 1024 * 1024 + 5]; // not page-aligned: the drop point is rounded down to a page
        var rnd = new Random(11);
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long written = 0;
        try
        {
            using (var s = new DropBehindStream(path, 1 << 20))
            {
                for (int i = 0; i < 30; i++)
                {
                    rnd.NextBytes(piece);
                    s.Write(piece.AsSpan(0, piece.Length - (i * 7919 % 4096)));
                    s.Write(piece.AsSpan(0, 17)); // small writes go through the FileStream's buffer
                    expected.AppendData(piece, 0, piece.Length - (i * 7919 % 4096));
                    expected.AppendData(piece, 0, 17);
                    written += piece.Length - (i * 7919 % 4096) + 17;
                    s.Flush();
                }
                long dropped = OperatingSystem.IsLinux() ? (written - DropBehindStream.LagBytes) / 4096 * 4096 : 0;
                Assert.True(written > DropBehindStream.LagBytes, $"the test writes {written} bytes, under the lag");
                Assert.Equal(dropped, s.Dropped);
            }
            Assert.Equal(written, new FileInfo(path).Length);
            Assert.Equal(expected.GetHashAndReset(), SHA256.HashData(File.ReadAllBytes(path)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_device_without_a_page_cache_is_written_through()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        using var s = new DropBehindStream("/dev/null", 4096);
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < 80; i++)
        {
            s.Write(block);
            s.Flush();
        }
        Assert.Equal(0, s.Dropped);
    }
}
