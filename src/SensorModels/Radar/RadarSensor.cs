using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Randomness;
using SimCore.Simulation;
using SimCore.Scenarios.Yaml;
using SimCore.Timing;

namespace SensorModels.Radar;

/// <summary>
/// An automotive radar (docs/sensors/radar.md): detections from scattering centres with range,
/// azimuth, elevation, radial velocity, RCS and SNR; Swerling 1 detection against a threshold set
/// by the false-alarm probability; measurement noise shrinking with SNR down to the accuracy
/// floor; occlusion by a line-of-sight check; Poisson false alarms; a cap on detections (the
/// strongest kept); optionally a tracked object list instead of the detections. In a rig that
/// casts on a device (<see cref="IRaySensor"/>), the line-of-sight segments of a cycle's candidates
/// go into the rig's batch and the cycle is finished from their hits.
/// </summary>
internal sealed class RadarSensor : Sensor, IRaySensor
{
    public const string DetectionsFormat = RadarPayload.DetectionsFormat;
    public const string ObjectsFormat = RadarPayload.ObjectsFormat;

    // Index spaces of the counter-based random numbers within one frame.
    private const ulong FalseAlarmSpace = 1UL << 62;
    private const ulong PoissonIndex = (1UL << 62) | (1UL << 61);

    private readonly RadarParameters _p;
    /// <summary>Detections a radar's buffers are sized for at the start (max_detections up to this): a cycle with more than the last ones would otherwise allocate mid-run.</summary>
    private const int PresizedDetections = 1024;

    /// <summary>Bytes of one detection in the payload (six float32 and an int32).</summary>
    private const int DetectionBytes = 28;

    /// <summary>Bytes of one track in the payload (three int32 and six float32); the tracker holds up to twice the detections.</summary>
    private const int TrackBytes = 36;

    private readonly PayloadBuffer _payload;
    private readonly RadarTracker? _tracker;
    private RadarDetection[] _detections;
    private int _count;
    private readonly List<Cycle> _queued = new();
    private int _queuedHead, _queuedCount;
    private Cycle _cycle = new();

    /// <summary>A scattering centre that passed the detection threshold, waiting for its line of sight.</summary>
    private struct Candidate
    {
        public int Entity;
        public Vec3 Position;
        public double Range, Azimuth, Elevation, Power;
        public ulong Index;
        /// <summary>The occlusion query's slot in the batch, -1 when none was needed.</summary>
        public int Ray;
    }

    /// <summary>One cycle's state between its candidates and its detections (queued when the rig casts on a device).</summary>
    private sealed class Cycle
    {
        public long Sequence;
        public RayBatch? Batch;
        public EntitySnapshot[] At = [];
        public Candidate[] Candidates = new Candidate[64];
        public int Count;
        public int EgoIndex;
        public Vec3 Sensor, SensorVelocity;
    }

    public RadarSensor(SensorDefinition definition, RadarParameters parameters) : base(definition)
    {
        _p = parameters;
        int expected = Math.Min(parameters.MaxDetections, PresizedDetections);
        _tracker = parameters.Output == RadarOutput.Objects ? new RadarTracker(parameters, expected) : null;
        _payload = new PayloadBuffer(4 + expected * (_tracker is null ? DetectionBytes : 2 * TrackBytes));
        _detections = new RadarDetection[Math.Max(64, expected)];
    }

    public override string Format => _p.Output == RadarOutput.Objects ? ObjectsFormat : DetectionsFormat;

    public RadarParameters Parameters => _p;

    /// <inheritdoc />
    public override SensorCoverage? Coverage => SensorCoverage.Centred(_p.MinRange, _p.MaxRange, _p.AzimuthFov);

    /// <inheritdoc />
    public override string? CalibrationJson => SensorCalibration.Json("radar", w =>
    {
        w.WriteString("output", _p.Output == RadarOutput.Objects ? "objects" : "detections");
        w.WriteNumber("min_range_m", _p.MinRange);
        w.WriteNumber("max_range_m", _p.MaxRange);
        w.WriteNumber("azimuth_fov_rad", _p.AzimuthFov);
        w.WriteNumber("elevation_fov_rad", _p.ElevationFov);
        w.WriteNumber("max_velocity_mps", _p.MaxVelocity);
        w.WriteNumber("max_detections", _p.MaxDetections);
        w.WriteNumber("range_resolution_m", _p.RangeResolution);
        w.WriteNumber("range_accuracy_m", _p.RangeAccuracy);
        w.WriteNumber("azimuth_resolution_rad", _p.AzimuthResolution);
        w.WriteNumber("azimuth_accuracy_rad", _p.AzimuthAccuracy);
        w.WriteNumber("elevation_resolution_rad", _p.ElevationResolution);
        w.WriteNumber("elevation_accuracy_rad", _p.ElevationAccuracy);
        w.WriteNumber("velocity_resolution_mps", _p.VelocityResolution);
        w.WriteNumber("velocity_accuracy_mps", _p.VelocityAccuracy);
    });

    /// <summary>
    /// The scene whose <see cref="SceneGeometry.Occluded"/> decides line of sight (roads, barriers,
    /// entity meshes), re-posed by the caller before each step's outputs. Null: the entities'
    /// bounding boxes are tested instead.
    /// </summary>
    public SceneGeometry? Scene { get; set; }

    /// <summary>The detections of the last output, strongest first (after the cap).</summary>
    public ReadOnlySpan<RadarDetection> LastDetections => _detections.AsSpan(0, _count);

    /// <summary>The object list after the last output (objects output only).</summary>
    internal RadarTracker? Tracker => _tracker;

    public static Sensor? Create(SensorDefinition d, MapReader m)
        => RadarParameters.Read(m, $"sensor '{d.Name}'") is { } p ? new RadarSensor(d, p) : null;

    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        Detect(world, frame);
        _payload.Clear();
        if (_tracker is null)
        {
            _payload.Int32(_count);
            foreach (ref readonly RadarDetection d in LastDetections)
            {
                _payload.Float32(d.Range);
                _payload.Float32(d.Azimuth);
                _payload.Float32(d.Elevation);
                _payload.Float32(d.RadialVelocity);
                _payload.Float32(d.RcsDbsm);
                _payload.Float32(d.SnrDb);
                _payload.Int32(d.EntityId);
            }
        }
        else
        {
            _tracker.Update(LastDetections, frame.EndNanoseconds);
            int at = _payload.Length;
            _payload.Int32(0);
            int n = 0;
            IReadOnlyList<RadarTrack> tracks = _tracker.Tracks;
            for (int i = 0; i < tracks.Count; i++) // an index loop: foreach on the interface boxes its enumerator every cycle
            {
                RadarTrack t = tracks[i];
                if (!t.Confirm)
                {
                    continue;
                }
                n++;
                _payload.Int32(t.Id);
                _payload.Int32(t.Age);
                _payload.Int32(t.Detections);
                _payload.Float32(t.X);
                _payload.Float32(t.Y);
                _payload.Float32(t.Z);
                _payload.Float32(t.Vx);
                _payload.Float32(t.Vy);
                _payload.Float32(t.RcsDbsm);
            }
            _payload.PatchInt32(at, n);
        }
        sink.Write(frame, _payload.Span);
    }

    /// <summary>Computes the detections of one cycle at the frame's end time.</summary>
    internal void Detect(SensorWorld world, in SensorFrame frame)
    {
        if (Dequeue(frame.Sequence) is { } queued)
        {
            (_cycle, _queued[_queuedHead - 1]) = (queued, _cycle);
        }
        else
        {
            // A shared scene may have been posed for another sensor's time (a lidar's firing times):
            // pose it at this cycle's instant (cheap: instances and the top level only).
            Candidates(world, frame, _cycle, null);
            Scene?.Update(world, new SimTime(frame.EndNanoseconds));
        }
        Resolve(world, frame, _cycle);
    }

    /// <inheritdoc />
    public bool Enqueue(SensorWorld world, in SensorFrame frame, RayBatch batch)
    {
        if (Scene is null || Scene != batch.Scene)
        {
            return false;
        }
        if (_queuedHead == _queuedCount)
        {
            _queuedHead = _queuedCount = 0;
        }
        if (_queuedCount == _queued.Count)
        {
            _queued.Add(new Cycle());
        }
        Candidates(world, frame, _queued[_queuedCount++], batch);
        return true;
    }

    private Cycle? Dequeue(long sequence)
    {
        while (_queuedHead < _queuedCount && _queued[_queuedHead].Sequence < sequence)
        {
            _queuedHead++;
        }
        return _queuedHead < _queuedCount && _queued[_queuedHead].Sequence == sequence ? _queued[_queuedHead++] : null;
    }

    /// <summary>
    /// The cycle's scattering centres above the detection threshold, into <paramref name="cycle"/>;
    /// with a batch, each one's line of sight is queued against the scene posed at the cycle's instant.
    /// </summary>
    private void Candidates(SensorWorld world, in SensorFrame frame, Cycle cycle, RayBatch? batch)
    {
        if (world.EgoIndex < 0)
        {
            throw new InvalidOperationException("a sensor rig needs an ego");
        }
        var t = new SimTime(frame.EndNanoseconds);
        int n = world.Current.Length;
        if (cycle.At.Length != n)
        {
            cycle.At = new EntitySnapshot[n];
        }
        for (int i = 0; i < n; i++)
        {
            cycle.At[i] = world.At(i, t);
        }
        cycle.Sequence = frame.Sequence;
        cycle.Batch = batch;
        cycle.Count = 0;
        cycle.EgoIndex = world.EgoIndex;
        EntitySnapshot ego = cycle.At[world.EgoIndex];
        Pose3 sensor = SensorWorld.VehiclePose(ego).Compose(Definition.Mount);
        Vec3 s = sensor.Position;
        cycle.Sensor = s;
        cycle.SensorVelocity = PointVelocity(ego, s);
        int pose = batch?.AddPose(world, t) ?? 0;
        ulong seed = world.Seed, stream = Stream, seq = (ulong)frame.Sequence;
        double threshold = RadarMath.Threshold(_p.FalseAlarmProbability);
        Span<ScatteringCentre> centres = stackalloc ScatteringCentre[ScatteringModel.MaxCentres];
        for (int i = 0; i < n; i++)
        {
            ref readonly EntitySnapshot e = ref cycle.At[i];
            if (i == world.EgoIndex || !e.SensorVisible)
            {
                continue;
            }
            // Cheap cull: the whole box beyond the maximum range.
            double reach = 0.5 * Math.Sqrt(e.Length * e.Length + e.Width * e.Width + e.Height * e.Height) + Math.Abs(e.CenterOffsetX);
            double cx = e.X - s.X, cy = e.Y - s.Y, cz = e.Z - s.Z;
            if (Math.Sqrt(cx * cx + cy * cy + cz * cz) - reach > _p.MaxRange)
            {
                continue;
            }
            int k = ScatteringModel.Centres(e, s, _p, centres);
            for (int c = 0; c < k; c++)
            {
                ScatteringCentre sc = centres[c];
                Vec3 q = sensor.InverseTransformPoint(sc.Position);
                double range = q.Length;
                if (range < _p.MinRange || range > _p.MaxRange || range <= 0)
                {
                    continue;
                }
                double az = Math.Atan2(q.Y, q.X), el = Math.Atan2(q.Z, Math.Sqrt(q.X * q.X + q.Y * q.Y));
                if (Math.Abs(az) > _p.AzimuthFov / 2 || Math.Abs(el) > _p.ElevationFov / 2)
                {
                    continue;
                }
                ulong index = ((ulong)(uint)e.Id << 8 | (uint)sc.Centre) << 3;
                double snr = RadarMath.FromDb(RadarMath.SnrDb(_p, sc.RcsDbsm, range));
                double power = RadarMath.SwerlingPower(snr, CounterRandom.Uniform(seed, stream, seq, index));
                if (power <= threshold)
                {
                    continue;
                }
                int ray = -1;
                if (batch is not null && Scene!.OcclusionQuery(s, sc.Position, ego.Id, e.Id, pose, out RayQuery query))
                {
                    ray = batch.Reserve(1);
                    batch.Rays[ray] = query;
                }
                if (cycle.Count == cycle.Candidates.Length)
                {
                    Array.Resize(ref cycle.Candidates, 2 * cycle.Count);
                }
                cycle.Candidates[cycle.Count++] = new Candidate { Entity = i, Position = sc.Position, Range = range, Azimuth = az, Elevation = el, Power = power, Index = index, Ray = ray };
            }
        }
    }

    /// <summary>The cycle's detections from its candidates that are in sight, false alarms, strongest first, capped.</summary>
    private void Resolve(SensorWorld world, in SensorFrame frame, Cycle cycle)
    {
        _count = 0;
        EntitySnapshot ego = cycle.At[cycle.EgoIndex];
        Vec3 s = cycle.Sensor, vs = cycle.SensorVelocity;
        ulong seed = world.Seed, stream = Stream, seq = (ulong)frame.Sequence;
        double threshold = RadarMath.Threshold(_p.FalseAlarmProbability);
        for (int k = 0; k < cycle.Count; k++)
        {
            ref readonly Candidate c = ref cycle.Candidates[k];
            ref readonly EntitySnapshot e = ref cycle.At[c.Entity];
            bool occluded = cycle.Batch is { } batch ? c.Ray >= 0 && batch.Hits[c.Ray].IsHit : IsOccluded(cycle.At, s, c.Position, ego.Id, e.Id);
            if (occluded)
            {
                continue;
            }
            double range = c.Range, az = c.Azimuth, el = c.Elevation, power = c.Power;
            ulong index = c.Index;
            Vec3 u = (c.Position - s) * (1 / (c.Position - s).Length);
            double vr = Vec3.Dot(PointVelocity(e, c.Position) - vs, u);
            double measured = Math.Max(power - 1, 1e-3);
            double snrDb = RadarMath.ToDb(measured);
            double mr = range + RadarMath.Sigma(_p.RangeResolution, _p.RangeAccuracy, measured) * CounterRandom.Gaussian(seed, stream, seq, index + 1);
            double maz = az + RadarMath.Sigma(_p.AzimuthResolution, _p.AzimuthAccuracy, measured) * CounterRandom.Gaussian(seed, stream, seq, index + 2);
            double mel = el + RadarMath.Sigma(_p.ElevationResolution, _p.ElevationAccuracy, measured) * CounterRandom.Gaussian(seed, stream, seq, index + 3);
            double mvr = vr + RadarMath.Sigma(_p.VelocityResolution, _p.VelocityAccuracy, measured) * CounterRandom.Gaussian(seed, stream, seq, index + 4);
            mr = Math.Max(mr, 0);
            Add(new RadarDetection(mr, maz, mel, Wrap(mvr), RadarMath.RcsDbsm(_p, snrDb, mr), snrDb, e.Id, _count));
        }
        // False alarms: a Poisson count, uniform over the field of view, range and velocity span;
        // their power is noise above the threshold (exponential, memoryless).
        int fa = RadarMath.Poisson(_p.FalseAlarmsPerCycle, CounterRandom.Uniform(seed, stream, seq, PoissonIndex));
        for (int j = 0; j < fa; j++)
        {
            ulong index = FalseAlarmSpace | ((ulong)j << 3);
            double range = _p.MinRange + (_p.MaxRange - _p.MinRange) * CounterRandom.Uniform(seed, stream, seq, index);
            double az = (CounterRandom.Uniform(seed, stream, seq, index + 1) - 0.5) * _p.AzimuthFov;
            double el = (CounterRandom.Uniform(seed, stream, seq, index + 2) - 0.5) * _p.ElevationFov;
            double vr = (2 * CounterRandom.Uniform(seed, stream, seq, index + 3) - 1) * _p.MaxVelocity;
            double power = threshold - Math.Log(1 - CounterRandom.Uniform(seed, stream, seq, index + 4));
            double snrDb = RadarMath.ToDb(Math.Max(power - 1, 1e-3));
            Add(new RadarDetection(range, az, el, vr, RadarMath.RcsDbsm(_p, snrDb, range), snrDb, -1, _count));
        }
        // Strongest first; keep the cap.
        _detections.AsSpan(0, _count).Sort(static (a, b) => a.SnrDb != b.SnrDb ? b.SnrDb.CompareTo(a.SnrDb) : a.Order.CompareTo(b.Order));
        _count = Math.Min(_count, _p.MaxDetections);
    }

    private bool IsOccluded(EntitySnapshot[] at, Vec3 from, Vec3 to, int ego, int target)
        => Scene is { } scene ? scene.Occluded(from, to, ego, target) : BoxOcclusion.Occluded(at, from, to, ego, target);

    private double Wrap(double v)
    {
        double span = 2 * _p.MaxVelocity;
        double w = v - span * Math.Floor((v + _p.MaxVelocity) / span);
        return w;
    }

    private void Add(in RadarDetection d)
    {
        if (_count == _detections.Length)
        {
            Array.Resize(ref _detections, _detections.Length * 2);
        }
        _detections[_count++] = d;
    }

    /// <summary>
    /// World velocity of a point rigidly attached to an entity: the reference point's velocity
    /// (speed along the heading, lateral velocity across it) plus yaw rate x lever arm. Pitch and
    /// roll rates are neglected.
    /// </summary>
    internal static Vec3 PointVelocity(in EntitySnapshot e, Vec3 p)
    {
        (double sh, double ch) = Math.SinCos(e.Heading);
        double vx = e.Speed * ch - e.LateralVelocity * sh, vy = e.Speed * sh + e.LateralVelocity * ch;
        double rx = p.X - e.X, ry = p.Y - e.Y;
        return new Vec3(vx - e.YawRate * ry, vy + e.YawRate * rx, 0);
    }
}
