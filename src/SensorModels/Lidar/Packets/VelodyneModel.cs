namespace SensorModels.Lidar.Packets;

/// <summary>Velodyne sensors whose data packets this project reads and writes.</summary>
public enum VelodyneModel
{
    /// <summary>VLP-16 (Puck): 16 lasers, two firing sequences per block, 2 mm distance unit, product id 0x22.</summary>
    Vlp16,

    /// <summary>HDL-32E: 32 lasers, one firing per block, 2 mm, product id 0x21.</summary>
    Hdl32E,

    /// <summary>VLP-32C (Ultra Puck): 32 lasers with azimuth offsets, one firing per block, 4 mm, product id 0x28.</summary>
    Vlp32C,

    /// <summary>VLS-128 (Alpha Prime): 128 lasers in four banks of 32 (block flags FFEE, FFDD, FFCC, FFBB), four blocks per firing, 4 mm, product id 0xA1.</summary>
    Vls128,
}

/// <summary>What the Velodyne manuals say about each model's data packet and firing timing.</summary>
public static class VelodyneModels
{
    /// <summary>Bytes of a data packet's payload: 12 blocks of 100 bytes, a 4-byte timestamp, return mode and product id.</summary>
    public const int PacketBytes = 1206;

    /// <summary>Blocks per packet.</summary>
    public const int Blocks = 12;

    /// <summary>Channels (distance + reflectivity records) per block.</summary>
    public const int ChannelsPerBlock = 32;

    /// <summary>Return mode byte: strongest.</summary>
    public const byte Strongest = 0x37;

    /// <summary>Return mode byte: last.</summary>
    public const byte Last = 0x38;

    /// <summary>Return mode byte: dual (blocks in pairs: last, then strongest or second strongest).</summary>
    public const byte Dual = 0x39;

    /// <summary>The product id byte of a model.</summary>
    public static byte ProductId(VelodyneModel m) => m switch
    {
        VelodyneModel.Vlp16 => 0x22,
        VelodyneModel.Hdl32E => 0x21,
        VelodyneModel.Vlp32C => 0x28,
        _ => 0xA1,
    };

    /// <summary>The model of a product id byte, or null (0x24, VLP-16 Hi-Res, reads as a VLP-16).</summary>
    public static VelodyneModel? FromProductId(byte id) => id switch
    {
        0x22 or 0x24 => VelodyneModel.Vlp16,
        0x21 => VelodyneModel.Hdl32E,
        0x28 => VelodyneModel.Vlp32C,
        0xA1 => VelodyneModel.Vls128,
        _ => null,
    };

    /// <summary>Lasers of a model.</summary>
    public static int Lasers(VelodyneModel m) => m switch { VelodyneModel.Vlp16 => 16, VelodyneModel.Vls128 => 128, _ => 32 };

    /// <summary>Metres per distance count.</summary>
    public static double DistanceUnit(VelodyneModel m) => m is VelodyneModel.Vlp32C or VelodyneModel.Vls128 ? 0.004 : 0.002;

    /// <summary>Duration of one firing sequence (all lasers once), microseconds.</summary>
    public static double SequenceUs(VelodyneModel m) => m switch
    {
        VelodyneModel.Hdl32E => 46.08,
        VelodyneModel.Vls128 => 53.3,
        _ => 55.296,
    };

    /// <summary>Blocks a firing sequence fills: 4 for VLS-128, 1 otherwise (the VLP-16 fits two sequences in a block).</summary>
    public static int BlocksPerSequence(VelodyneModel m) => m == VelodyneModel.Vls128 ? 4 : 1;

    /// <summary>Firing sequences per block: 2 for the VLP-16, 1 otherwise.</summary>
    public static int SequencesPerBlock(VelodyneModel m) => m == VelodyneModel.Vlp16 ? 2 : 1;

    /// <summary>
    /// When laser <paramref name="laser"/> fires after its sequence starts (microseconds): VLP-16 one
    /// laser every 2.304 us; VLP-32C two at a time every 2.304 us; HDL-32E one every 1.152 us;
    /// VLS-128 eight at a time every 2.665 us (lasers in index order: an approximation of the
    /// manual's firing-group table, within one 53.3 us sequence).
    /// </summary>
    public static double LaserTimeUs(VelodyneModel m, int laser) => m switch
    {
        VelodyneModel.Vlp16 => laser * 2.304,
        VelodyneModel.Vlp32C => laser / 2 * 2.304,
        VelodyneModel.Hdl32E => laser * 1.152,
        _ => laser / 8 * 2.665,
    };

    /// <summary>The block flag for VLS-128 bank <paramref name="bank"/> (0-3) as the little-endian uint16 of bytes FF EE, FF DD, FF CC, FF BB.</summary>
    public static ushort BankFlag(int bank) => (ushort)(0x00FF | (0xEE - 0x11 * bank) << 8);
}
