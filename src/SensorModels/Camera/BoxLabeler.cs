using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Runtime;
using SimCore.Simulation;

namespace SensorModels.Camera;

/// <summary>One 2-D box of a camera frame ("camera.boxes2d.v1", docs/sensors/camera.md).</summary>
/// <param name="EntityId">Entity id (index in the scenario).</param>
/// <param name="Class">Semantic class of the entity (<see cref="SemanticClass"/> values).</param>
/// <param name="MinX">Leftmost column with a pixel of the entity (inclusive).</param>
/// <param name="MinY">Top row (inclusive).</param>
/// <param name="MaxX">Rightmost column (inclusive).</param>
/// <param name="MaxY">Bottom row (inclusive).</param>
/// <param name="Pixels">Pixels of the entity in the instance mask.</param>
/// <param name="Truncation">Fraction (0..1) of the projected 3-D box's area outside the image.</param>
/// <param name="Occlusion">Fraction (0..1) of the entity's in-image projection hidden by other things.</param>
/// <param name="Distance">Distance from the camera to the box centre (m).</param>
internal readonly record struct Box2D(int EntityId, byte Class, int MinX, int MinY, int MaxX, int MaxY, int Pixels, float Truncation, float Occlusion, float Distance);

/// <summary>
/// Ground-truth 2-D boxes from a camera's instance mask: per visible entity its pixel bounding box
/// and pixel count; truncation from the entity's 3-D box projected through the lens (its 12 edges
/// sampled, so curved edges of a distorted image count) as the part of the projection's convex hull
/// outside the image; occlusion as 1 - visible / unoccluded, both counted on the same grid of
/// pixels over the projection, where "unoccluded" casts each pixel's ray at the entity's own mesh
/// alone (the mesh the renderer draws), so shapes that do not fill their box (a pedestrian) are not
/// counted as occluded. Buffers grow once; nothing is allocated per frame after the first.
/// </summary>
internal sealed class BoxLabeler
{
    /// <summary>Samples per edge of the 3-D box for the projected hull.</summary>
    public const int EdgeSamples = 16;

    /// <summary>Most rays cast per entity for the occlusion estimate (the sampling grid thins beyond).</summary>
    public const int MaxOcclusionSamples = 4096;

    private static readonly (int A, int B)[] Edges =
    [
        (0, 1), (2, 3), (4, 5), (6, 7), (0, 2), (1, 3), (4, 6), (5, 7), (0, 4), (1, 5), (2, 6), (3, 7),
    ];

    private readonly CameraModel _camera;
    private readonly LensRemap? _remap;
    private int[] _minX = Array.Empty<int>(), _minY = Array.Empty<int>(), _maxX = Array.Empty<int>(), _maxY = Array.Empty<int>(), _count = Array.Empty<int>();
    private int[] _entityIndex = Array.Empty<int>();
    private Box2D[] _boxes = new Box2D[16];
    private readonly double[] _px = new double[12 * EdgeSamples], _py = new double[12 * EdgeSamples];
    private readonly double[] _hx = new double[24 * EdgeSamples + 1], _hy = new double[24 * EdgeSamples + 1];
    private readonly double[] _cx = new double[24 * EdgeSamples + 16], _cy = new double[24 * EdgeSamples + 16];
    private readonly double[] _tx = new double[24 * EdgeSamples + 16], _ty = new double[24 * EdgeSamples + 16];
    private readonly int[] _order = new int[12 * EdgeSamples];

    /// <summary>Labels images of <paramref name="camera"/>; <paramref name="remap"/> gives each pixel's ray for a distorted lens.</summary>
    public BoxLabeler(CameraModel camera, LensRemap? remap)
    {
        _camera = camera;
        _remap = remap;
    }

    /// <summary>The boxes of the last <see cref="Label"/>, by entity id.</summary>
    public ReadOnlySpan<Box2D> Boxes => _boxes.AsSpan(0, Count);

    /// <summary>Number of boxes of the last <see cref="Label"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Labels one frame: <paramref name="instance"/> holds entity id + 1 per pixel (0: none),
    /// <paramref name="sensorPose"/> is the camera's sensor frame in the world and
    /// <paramref name="entities"/> the entities' states at the frame's time.
    /// </summary>
    public void Label(ReadOnlySpan<int> instance, in Pose3 sensorPose, ReadOnlySpan<EntitySnapshot> entities)
    {
        int w = _camera.Width, h = _camera.Height;
        Count = 0;
        int maxId = 0;
        foreach (ref readonly EntitySnapshot e in entities)
        {
            maxId = Math.Max(maxId, e.Id);
        }
        EnsureIds(maxId + 2);
        for (int i = 0; i < entities.Length; i++)
        {
            _entityIndex[entities[i].Id + 1] = i;
        }
        // One pass over the mask: per id its pixel box and count.
        for (int j = 0; j < h; j++)
        {
            ReadOnlySpan<int> row = instance.Slice(j * w, w);
            for (int i = 0; i < w; i++)
            {
                int id = row[i];
                if (id <= 0 || id >= _count.Length)
                {
                    continue;
                }
                if (_count[id]++ == 0)
                {
                    _minX[id] = _maxX[id] = i;
                    _minY[id] = _maxY[id] = j;
                }
                else
                {
                    if (i < _minX[id]) { _minX[id] = i; }
                    if (i > _maxX[id]) { _maxX[id] = i; }
                    _maxY[id] = j;
                }
            }
        }
        Pose3 optical = CameraModel.OpticalPose(sensorPose);
        for (int id = 1; id < _count.Length; id++)
        {
            if (_count[id] == 0)
            {
                continue;
            }
            int index = _entityIndex[id];
            if (index >= 0)
            {
                ref readonly EntitySnapshot e = ref entities[index];
                (double hullArea, double inImage, double minU, double minV, double maxU, double maxV) = ProjectBox(e, optical);
                float truncation = hullArea > 0 ? (float)Math.Clamp(1 - inImage / hullArea, 0, 1) : 0f;
                float occlusion = Occlusion(instance, id, e, optical, minU, minV, maxU, maxV);
                Vec3 centre = BoxCentre(e);
                Add(new Box2D(e.Id, (byte)MeshTemplates.Semantic(e.Kind), _minX[id], _minY[id], _maxX[id], _maxY[id], _count[id],
                    truncation, occlusion, (float)(centre - sensorPose.Position).Length));
            }
            _count[id] = 0;
        }
    }

    /// <summary>
    /// The projected 3-D box's convex hull (pixels): its area, the area inside the image, and its
    /// bounding box. Points the lens cannot image (behind, or beyond its largest angle) are moved
    /// onto the edge of its field along their azimuth, so the hull stays finite.
    /// </summary>
    internal (double Area, double InImage, double MinU, double MinV, double MaxU, double MaxV) ProjectBox(in EntitySnapshot e, in Pose3 optical)
    {
        Span<Vec3> corners = stackalloc Vec3[8];
        Corners(e, corners);
        for (int k = 0; k < 8; k++)
        {
            corners[k] = optical.InverseTransformPoint(corners[k]);
        }
        int n = 0;
        foreach ((int a, int b) in Edges)
        {
            for (int s = 0; s < EdgeSamples; s++)
            {
                double f = s / (double)(EdgeSamples - 1);
                Vec3 p = corners[a] + (corners[b] - corners[a]) * f;
                if (ProjectClamped(p, out double u, out double v))
                {
                    _px[n] = u;
                    _py[n] = v;
                    n++;
                }
            }
        }
        if (n < 3)
        {
            return (0, 0, 0, 0, -1, -1);
        }
        int m = Hull(n);
        double area = Area(_hx, _hy, m);
        double minU = double.MaxValue, minV = double.MaxValue, maxU = double.MinValue, maxV = double.MinValue;
        for (int i = 0; i < m; i++)
        {
            minU = Math.Min(minU, _hx[i]);
            maxU = Math.Max(maxU, _hx[i]);
            minV = Math.Min(minV, _hy[i]);
            maxV = Math.Max(maxV, _hy[i]);
        }
        double inImage = ClippedArea(m, -0.5, -0.5, _camera.Width - 0.5, _camera.Height - 0.5);
        return (area, inImage, minU, minV, maxU, maxV);
    }

    /// <summary>The 8 corners of an entity's bounding box in the world (bit 0: front, bit 1: left, bit 2: top).</summary>
    internal static void Corners(in EntitySnapshot e, Span<Vec3> corners)
    {
        Pose3 pose = SensorWorld.VehiclePose(e);
        for (int k = 0; k < 8; k++)
        {
            double x = e.CenterOffsetX + ((k & 1) != 0 ? 0.5 : -0.5) * e.Length;
            double y = ((k & 2) != 0 ? 0.5 : -0.5) * e.Width;
            double z = (k & 4) != 0 ? e.Height : 0;
            corners[k] = pose.TransformPoint(new Vec3(x, y, z));
        }
    }

    private static Vec3 BoxCentre(in EntitySnapshot e)
        => SensorWorld.VehiclePose(e).TransformPoint(new Vec3(e.CenterOffsetX, 0, e.Height / 2));

    private bool ProjectClamped(Vec3 p, out double u, out double v)
    {
        if (_camera.TryProjectOptical(p, out u, out v))
        {
            return true;
        }
        double rxy = Math.Sqrt(p.X * p.X + p.Y * p.Y);
        if (rxy == 0)
        {
            return false;
        }
        // Same azimuth, at the largest angle the lens images.
        double theta = _camera.Lens.MaxTheta * (1 - 1e-9);
        double s = Math.Sin(theta) / rxy;
        return _camera.TryProjectOptical(new Vec3(p.X * s, p.Y * s, Math.Cos(theta)), out u, out v);
    }

    /// <summary>Andrew's monotone chain over _px/_py[0..n): hull into _hx/_hy, counter-clockwise in (u, v); returns its size.</summary>
    private int Hull(int n)
    {
        for (int i = 0; i < n; i++)
        {
            _order[i] = i;
        }
        // Insertion sort: n is at most 192 and the samples come nearly sorted along edges.
        for (int i = 1; i < n; i++)
        {
            int key = _order[i];
            int j = i - 1;
            while (j >= 0 && Less(key, _order[j]))
            {
                _order[j + 1] = _order[j];
                j--;
            }
            _order[j + 1] = key;
        }
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            int p = _order[i];
            while (k >= 2 && Cross(_hx[k - 2], _hy[k - 2], _hx[k - 1], _hy[k - 1], _px[p], _py[p]) <= 0)
            {
                k--;
            }
            _hx[k] = _px[p];
            _hy[k] = _py[p];
            k++;
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--)
        {
            int p = _order[i];
            while (k >= lower && Cross(_hx[k - 2], _hy[k - 2], _hx[k - 1], _hy[k - 1], _px[p], _py[p]) <= 0)
            {
                k--;
            }
            _hx[k] = _px[p];
            _hy[k] = _py[p];
            k++;
        }
        return Math.Max(k - 1, 0);
    }

    private bool Less(int a, int b) => _px[a] < _px[b] || (_px[a] == _px[b] && _py[a] < _py[b]);

    private static double Cross(double ox, double oy, double ax, double ay, double bx, double by)
        => (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);

    private static double Area(double[] x, double[] y, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i + 1 == n ? 0 : i + 1;
            s += x[i] * y[j] - x[j] * y[i];
        }
        return Math.Abs(s) / 2;
    }

    /// <summary>Area of the hull (_hx/_hy, m vertices) clipped to a rectangle: Sutherland-Hodgman, one edge at a time.</summary>
    private double ClippedArea(int m, double x0, double y0, double x1, double y1)
    {
        Array.Copy(_hx, _cx, m);
        Array.Copy(_hy, _cy, m);
        int n = m;
        n = Clip(n, 0, x0, +1);
        n = Clip(n, 0, x1, -1);
        n = Clip(n, 1, y0, +1);
        n = Clip(n, 1, y1, -1);
        return n >= 3 ? Area(_cx, _cy, n) : 0;
    }

    /// <summary>Keeps the part of polygon _cx/_cy where sign * (coordinate - bound) >= 0.</summary>
    private int Clip(int n, int axis, double bound, int sign)
    {
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i + 1 == n ? 0 : i + 1;
            double ci = sign * ((axis == 0 ? _cx[i] : _cy[i]) - bound), cj = sign * ((axis == 0 ? _cx[j] : _cy[j]) - bound);
            if (ci >= 0)
            {
                _tx[m] = _cx[i];
                _ty[m] = _cy[i];
                m++;
            }
            if ((ci >= 0) != (cj >= 0))
            {
                double t = ci / (ci - cj);
                _tx[m] = _cx[i] + (_cx[j] - _cx[i]) * t;
                _ty[m] = _cy[i] + (_cy[j] - _cy[i]) * t;
                m++;
            }
        }
        Array.Copy(_tx, _cx, m);
        Array.Copy(_ty, _cy, m);
        return m;
    }

    /// <summary>
    /// 1 - (grid pixels showing the entity) / (grid pixels whose ray meets the entity's mesh alone),
    /// on a grid over the projection's bounding box clipped to the image (every pixel for small
    /// projections, thinned to at most <see cref="MaxOcclusionSamples"/> for large ones).
    /// </summary>
    private float Occlusion(ReadOnlySpan<int> instance, int id, in EntitySnapshot e, in Pose3 optical, double minU, double minV, double maxU, double maxV)
    {
        int w = _camera.Width, h = _camera.Height;
        int i0 = Math.Max(0, (int)Math.Floor(minU)), i1 = Math.Min(w - 1, (int)Math.Ceiling(maxU));
        int j0 = Math.Max(0, (int)Math.Floor(minV)), j1 = Math.Min(h - 1, (int)Math.Ceiling(maxV));
        // The mask's own box too: the hull is of the box, the mesh cannot reach beyond it, but be safe.
        i0 = Math.Min(i0, _minX[id]); i1 = Math.Max(i1, _maxX[id]);
        j0 = Math.Min(j0, _minY[id]); j1 = Math.Max(j1, _maxY[id]);
        long area = (long)(i1 - i0 + 1) * (j1 - j0 + 1);
        int stride = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(area / (double)MaxOcclusionSamples)));
        Bvh template = MeshTemplates.For(e.Kind);
        Pose3 pose = SensorWorld.VehiclePose(e);
        Vec3 c0 = pose.Rotate(new Vec3(1, 0, 0)), c1 = pose.Rotate(new Vec3(0, 1, 0)), c2 = pose.Rotate(new Vec3(0, 0, 1));
        Vec3 t = pose.Position + c0 * e.CenterOffsetX;
        double l = e.Length, wd = e.Width, ht = e.Height;
        if (!(l > 0 && wd > 0 && ht > 0))
        {
            return 0;
        }
        // The camera's origin in the template's unit-box frame.
        Vec3 ro = optical.Position - t;
        var o = new F3((float)(Vec3.Dot(c0, ro) / l), (float)(Vec3.Dot(c1, ro) / wd), (float)(Vec3.Dot(c2, ro) / ht));
        int visible = 0, unoccluded = 0;
        for (int j = j0; j <= j1; j += stride)
        {
            for (int i = i0; i <= i1; i += stride)
            {
                if (instance[j * w + i] == id)
                {
                    visible++;
                }
                if (!PixelRay(i, j, out double a, out double b))
                {
                    continue;
                }
                Vec3 d = optical.Rotate(new Vec3(a, b, 1));
                var dObj = new F3((float)(Vec3.Dot(c0, d) / l), (float)(Vec3.Dot(c1, d) / wd), (float)(Vec3.Dot(c2, d) / ht));
                float tMax = float.MaxValue;
                int tri = -1;
                if (template.Intersect(o, dObj, 0, ref tMax, ref tri, anyHit: true))
                {
                    unoccluded++;
                }
            }
        }
        return unoccluded > 0 ? (float)Math.Clamp(1 - visible / (double)unoccluded, 0, 1) : 0f;
    }

    /// <summary>The undistorted normalised ray (a, b) of output pixel (i, j).</summary>
    private bool PixelRay(int i, int j, out double a, out double b)
    {
        if (_remap is null)
        {
            CameraIntrinsics k = _camera.Intrinsics;
            a = (i - k.Cx) / k.Fx;
            b = (j - k.Cy) / k.Fy;
            return true;
        }
        int p = j * _remap.Width + i;
        float sx = _remap.SourceX[p], sy = _remap.SourceY[p];
        CameraIntrinsics r = _remap.Render;
        a = (sx - r.Cx) / r.Fx;
        b = (sy - r.Cy) / r.Fy;
        return !float.IsNaN(sx);
    }

    private void EnsureIds(int n)
    {
        if (_count.Length >= n)
        {
            Array.Fill(_entityIndex, -1);
            return;
        }
        _minX = new int[n];
        _minY = new int[n];
        _maxX = new int[n];
        _maxY = new int[n];
        _count = new int[n];
        _entityIndex = new int[n];
        Array.Fill(_entityIndex, -1);
    }

    private void Add(in Box2D box)
    {
        if (Count == _boxes.Length)
        {
            Array.Resize(ref _boxes, 2 * Count);
        }
        _boxes[Count++] = box;
    }
}
