using SensorModels.Mathematics;
using SimCore.Entities;
using SimCore.Simulation;

namespace SensorModels.Radar;

/// <summary>One point that reflects radar energy: where it is and its mean RCS.</summary>
/// <param name="Position">World position (m).</param>
/// <param name="RcsDbsm">Mean RCS (dBsm) before fluctuation.</param>
/// <param name="Centre">Which centre of the object (stable id, keys the noise).</param>
internal readonly record struct ScatteringCentre(Vec3 Position, double RcsDbsm, int Centre);

/// <summary>
/// Scattering centres of an entity seen from a point: a vehicle or obstacle reflects from the
/// centres of the faces turned towards the radar, from the corners of those faces and (vehicles)
/// from the wheel houses of a side in view; a pedestrian or cyclist is one centre. The class RCS,
/// raised broadside by the side gain, is shared among the visible centres by weight: a face
/// centre by cos^4 of its incidence (a flat panel is a specular reflector), a corner 0.5, a wheel
/// house 0.4 cos of the side's incidence.
/// </summary>
internal static class ScatteringModel
{
    public const int MaxCentres = 12;

    private const double FaceVisible = 0.02;

    /// <summary>Fills <paramref name="output"/> with the centres of <paramref name="e"/> seen from <paramref name="from"/>; returns the count.</summary>
    public static int Centres(in EntitySnapshot e, Vec3 from, RadarParameters p, Span<ScatteringCentre> output)
    {
        Pose3 pose = Runtime.SensorWorld.VehiclePose(e);
        double cx = e.CenterOffsetX, hl = e.Length / 2, hw = e.Width / 2;
        Vec3 local = pose.InverseTransformPoint(from) - new Vec3(cx, 0, 0);
        double dl = Math.Sqrt(local.X * local.X + local.Y * local.Y);
        double dx = dl > 0 ? local.X / dl : 1, dy = dl > 0 ? local.Y / dl : 0;
        double total = p.RcsByKind[(int)e.Kind] + p.SideGainDb * dy * dy;
        if (e.Kind is EntityKind.Pedestrian or EntityKind.Cyclist)
        {
            double z = e.Height * (e.Kind == EntityKind.Pedestrian ? 0.6 : 0.5);
            output[0] = new ScatteringCentre(pose.TransformPoint(new Vec3(cx, 0, z)), total, 0);
            return 1;
        }
        bool vehicle = e.Kind is EntityKind.Car or EntityKind.Truck or EntityKind.Bus;
        double zc = vehicle ? Math.Clamp(0.35 * e.Height, 0.3, 1.2) : e.Height / 2;
        double cFront = dx, cRear = -dx, cLeft = dy, cRight = -dy;
        bool front = cFront > FaceVisible, rear = cRear > FaceVisible, left = cLeft > FaceVisible, right = cRight > FaceVisible;
        Span<double> w = stackalloc double[MaxCentres];
        Span<Vec3> at = stackalloc Vec3[MaxCentres];
        Span<int> id = stackalloc int[MaxCentres];
        int n = 0;
        void Add(Span<double> w, Span<Vec3> at, Span<int> id, double x, double y, double weight, int centre)
        {
            w[n] = weight;
            at[n] = new Vec3(x, y, zc);
            id[n] = centre;
            n++;
        }
        if (rear) Add(w, at, id, cx - hl, 0, 1.5 * Math.Pow(cRear, 4), 0);
        if (front) Add(w, at, id, cx + hl, 0, 1.5 * Math.Pow(cFront, 4), 1);
        if (left) Add(w, at, id, cx, hw, 1.5 * Math.Pow(cLeft, 4), 2);
        if (right) Add(w, at, id, cx, -hw, 1.5 * Math.Pow(cRight, 4), 3);
        if (rear || left) Add(w, at, id, cx - hl, hw, 0.5, 4);
        if (rear || right) Add(w, at, id, cx - hl, -hw, 0.5, 5);
        if (front || left) Add(w, at, id, cx + hl, hw, 0.5, 6);
        if (front || right) Add(w, at, id, cx + hl, -hw, 0.5, 7);
        if (vehicle)
        {
            // Wheels: the rear axle is the vehicle origin; the front axle as far ahead of the box
            // centre as the rear one is behind it (equal overhangs), inside the box.
            double xf = Math.Min(2 * cx, cx + 0.75 * hl);
            if (xf <= 0)
            {
                xf = cx + 0.5 * hl;
            }
            if (left)
            {
                Add(w, at, id, 0, hw, 0.4 * cLeft, 8);
                Add(w, at, id, xf, hw, 0.4 * cLeft, 9);
            }
            if (right)
            {
                Add(w, at, id, 0, -hw, 0.4 * cRight, 10);
                Add(w, at, id, xf, -hw, 0.4 * cRight, 11);
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += w[i];
        }
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (w[i] <= 0)
            {
                continue;
            }
            output[k++] = new ScatteringCentre(pose.TransformPoint(at[i]), total + RadarMath.ToDb(w[i] / sum), id[i]);
        }
        return k;
    }
}
