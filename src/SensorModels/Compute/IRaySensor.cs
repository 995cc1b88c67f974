using SensorModels.Output;
using SensorModels.Runtime;

namespace SensorModels.Compute;

/// <summary>
/// A sensor whose rays can be cast in a rig-wide <see cref="RayBatch"/>: the rig first asks every
/// such sensor due in a step to queue its rays, casts the batch once, then captures as usual, and
/// a sensor that queued the capture produces it from the batch's hits (same model, same bytes
/// layout; the traversal ran elsewhere).
/// </summary>
internal interface IRaySensor
{
    /// <summary>
    /// Queues the rays of the capture <paramref name="frame"/> (its sequence number identifies it
    /// when it is produced). False when this sensor cannot use the batch (it casts into another
    /// scene): that capture then casts on the CPU.
    /// </summary>
    bool Enqueue(SensorWorld world, in SensorFrame frame, RayBatch batch);
}
