namespace Sim.Runtime.Datagen;

/// <summary>
/// Our object classes (ground_truth.v1) as KITTI object-detection types. KITTI has no bus, so a bus
/// is Misc (as KITTI annotators labelled vehicles outside its classes); obstacles (boxes, debris) are
/// Misc; no class of ours is a Van, Tram or Person_sitting.
/// </summary>
internal static class KittiClass
{
    /// <summary>The KITTI type of a ground_truth.v1 class code (0 car, 1 truck, 2 bus, 3 pedestrian, 4 cyclist, 5 obstacle).</summary>
    public static string Of(int groundTruthClass) => groundTruthClass switch
    {
        0 => "Car",
        1 => "Truck",
        2 => "Misc",
        3 => "Pedestrian",
        4 => "Cyclist",
        _ => "Misc",
    };
}
