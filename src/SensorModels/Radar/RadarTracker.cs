namespace SensorModels.Radar;

/// <summary>One tracked object (as written in radar.objects.v1), sensor frame.</summary>
internal struct RadarTrack
{
    public int Id;
    public int Age;
    public int Hits;
    public int Misses;
    public int Detections;
    public double X, Y, Z, Vx, Vy, RcsDbsm;
    public bool Confirm;
}

/// <summary>
/// The radar's object list: each cycle the detections are clustered (single linkage within the
/// cluster distance), clusters are associated with predicted tracks (nearest first, within the
/// gate), tracks are updated by an alpha-beta filter on position and velocity in the sensor
/// frame, unassociated clusters start tentative tracks (velocity from the Doppler along the line
/// of sight), tracks are confirmed after a number of hits and dropped after a number of
/// consecutive misses. Deterministic: every choice is ordered.
/// </summary>
internal sealed class RadarTracker
{
    private readonly RadarParameters _p;
    private readonly List<RadarTrack> _tracks;
    private readonly List<Cluster> _clusters;
    private int[] _label;
    private bool[] _trackUsed;
    private readonly Stack<int> _stack;
    private int _nextId = 1;
    private long _lastTime = long.MinValue;

    private struct Cluster
    {
        public double X, Y, Z, Vr, Rcs;
        public int Count;
        public int Track;
    }

    /// <summary>Sized for <paramref name="expectedDetections"/> a cycle (and twice as many tracks), so that cycles up to it allocate nothing.</summary>
    public RadarTracker(RadarParameters p, int expectedDetections)
    {
        _p = p;
        int n = Math.Max(64, expectedDetections);
        (_tracks, _clusters, _label, _trackUsed, _stack) = (new(2 * n), new(n), new int[n], new bool[2 * n], new(n));
    }

    public IReadOnlyList<RadarTrack> Tracks => _tracks;

    public void Update(ReadOnlySpan<RadarDetection> detections, long timeNanoseconds)
    {
        double dt = _lastTime == long.MinValue ? 0 : (timeNanoseconds - _lastTime) / 1e9;
        _lastTime = timeNanoseconds;
        BuildClusters(detections);
        // Predict.
        for (int i = 0; i < _tracks.Count; i++)
        {
            RadarTrack t = _tracks[i];
            t.X += t.Vx * dt;
            t.Y += t.Vy * dt;
            t.Age++;
            t.Detections = 0;
            _tracks[i] = t;
        }
        // Associate: every cluster goes to its nearest track within the gate (ties to the older
        // track); a track's measurement is the weighted centroid of its clusters, so an object whose
        // detections split into several clusters keeps one track.
        if (_trackUsed.Length < _tracks.Count)
        {
            _trackUsed = new bool[_tracks.Count * 2];
        }
        Span<bool> trackUsed = _trackUsed.AsSpan(0, _tracks.Count);
        trackUsed.Clear();
        for (int ci = 0; ci < _clusters.Count; ci++)
        {
            double best = double.PositiveInfinity;
            int bestTrack = -1;
            for (int ti = 0; ti < _tracks.Count; ti++)
            {
                double dx = _clusters[ci].X - _tracks[ti].X, dy = _clusters[ci].Y - _tracks[ti].Y;
                double d = Math.Sqrt(dx * dx + dy * dy);
                if (d <= _p.Gate && d < best)
                {
                    best = d;
                    bestTrack = ti;
                }
            }
            Cluster c = _clusters[ci];
            c.Track = bestTrack;
            _clusters[ci] = c;
        }
        for (int ti = 0; ti < _tracks.Count; ti++)
        {
            double mx = 0, my = 0, mz = 0, rcs = 0;
            int count = 0;
            foreach (Cluster c in _clusters)
            {
                if (c.Track != ti)
                {
                    continue;
                }
                mx += c.X * c.Count;
                my += c.Y * c.Count;
                mz += c.Z * c.Count;
                rcs += RadarMath.FromDb(c.Rcs);
                count += c.Count;
            }
            if (count == 0)
            {
                continue;
            }
            trackUsed[ti] = true;
            RadarTrack t = _tracks[ti];
            double rx = mx / count - t.X, ry = my / count - t.Y;
            t.X += _p.Alpha * rx;
            t.Y += _p.Alpha * ry;
            t.Z = mz / count;
            if (dt > 0)
            {
                t.Vx += _p.Beta * rx / dt;
                t.Vy += _p.Beta * ry / dt;
            }
            t.RcsDbsm = RadarMath.ToDb(rcs);
            t.Hits++;
            t.Misses = 0;
            t.Detections = count;
            t.Confirm |= t.Hits >= _p.ConfirmHits;
            _tracks[ti] = t;
        }
        // Misses and deletions.
        for (int i = _tracks.Count - 1; i >= 0; i--)
        {
            if (!trackUsed[i])
            {
                RadarTrack t = _tracks[i];
                t.Misses++;
                _tracks[i] = t;
                if (t.Misses > _p.MaxMisses || !t.Confirm)
                {
                    _tracks.RemoveAt(i);
                }
            }
        }
        // Two tracks closer than the cluster distance follow one object: keep the older.
        for (int i = _tracks.Count - 1; i > 0; i--)
        {
            for (int j = 0; j < i; j++)
            {
                double dx = _tracks[i].X - _tracks[j].X, dy = _tracks[i].Y - _tracks[j].Y;
                if (dx * dx + dy * dy <= _p.ClusterDistance * _p.ClusterDistance)
                {
                    _tracks.RemoveAt(i);
                    break;
                }
            }
        }
        // New tentative tracks.
        foreach (Cluster c in _clusters)
        {
            if (c.Track >= 0)
            {
                continue;
            }
            double r = Math.Sqrt(c.X * c.X + c.Y * c.Y);
            double ux = r > 0 ? c.X / r : 1, uy = r > 0 ? c.Y / r : 0;
            _tracks.Add(new RadarTrack
            {
                Id = _nextId++, Age = 1, Hits = 1, Detections = c.Count,
                X = c.X, Y = c.Y, Z = c.Z, Vx = c.Vr * ux, Vy = c.Vr * uy, RcsDbsm = c.Rcs,
                Confirm = _p.ConfirmHits <= 1,
            });
        }
    }

    private void BuildClusters(ReadOnlySpan<RadarDetection> d)
    {
        _clusters.Clear();
        if (_label.Length < d.Length)
        {
            _label = new int[d.Length * 2];
        }
        Span<int> label = _label.AsSpan(0, d.Length);
        label.Fill(-1);
        double eps2 = _p.ClusterDistance * _p.ClusterDistance;
        int clusters = 0;
        Stack<int> stack = _stack;
        stack.Clear();
        for (int i = 0; i < d.Length; i++)
        {
            if (label[i] >= 0)
            {
                continue;
            }
            label[i] = clusters;
            stack.Push(i);
            while (stack.Count > 0)
            {
                int a = stack.Pop();
                (double ax, double ay, double az) = Cartesian(d[a]);
                for (int b = 0; b < d.Length; b++)
                {
                    if (label[b] >= 0)
                    {
                        continue;
                    }
                    (double bx, double by, double bz) = Cartesian(d[b]);
                    double dx = ax - bx, dy = ay - by, dz = az - bz;
                    if (dx * dx + dy * dy + dz * dz <= eps2)
                    {
                        label[b] = clusters;
                        stack.Push(b);
                    }
                }
            }
            clusters++;
        }
        for (int k = 0; k < clusters; k++)
        {
            var c = new Cluster { Track = -1, Rcs = double.NegativeInfinity };
            for (int i = 0; i < d.Length; i++)
            {
                if (label[i] != k)
                {
                    continue;
                }
                (double x, double y, double z) = Cartesian(d[i]);
                c.X += x;
                c.Y += y;
                c.Z += z;
                c.Vr += d[i].RadialVelocity;
                c.Count++;
                // Power sum of the cluster's RCS.
                c.Rcs = c.Rcs == double.NegativeInfinity ? d[i].RcsDbsm : RadarMath.ToDb(RadarMath.FromDb(c.Rcs) + RadarMath.FromDb(d[i].RcsDbsm));
            }
            c.X /= c.Count;
            c.Y /= c.Count;
            c.Z /= c.Count;
            c.Vr /= c.Count;
            _clusters.Add(c);
        }
    }

    public static (double X, double Y, double Z) Cartesian(in RadarDetection d)
    {
        (double se, double ce) = Math.SinCos(d.Elevation);
        (double sa, double ca) = Math.SinCos(d.Azimuth);
        return (d.Range * ce * ca, d.Range * ce * sa, d.Range * se);
    }
}
