using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SensorModels.Compute;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Output;
using SensorModels.Rig;
using SensorModels.Runtime;
using SimCore.Randomness;
using SimCore.Timing;

namespace SensorModels.Lidar;

/// <summary>
/// A spinning or solid-state lidar (docs/sensors/lidar.md). A sweep lasts one period (1 / rate)
/// and ends at the output time; column k of C fires at k / C of the sweep (channels of a column at
/// once, or one after another with <see cref="FiringOrder.Sequential"/>), from the sensor pose at
/// that column's time (the carrier's states interpolated within the step the time falls in),
/// so a moving sensor's sweep shows motion distortion. Entity poses are re-interpolated per block of
/// columns (<see cref="LidarConfig.MotionBlocks"/> blocks per sweep, at each block's middle
/// column's time). In a rig the columns are cast as the sweep goes, in the step in which both
/// their firing time and their block's time have passed (<see cref="Sensor.Advance"/>), from the
/// states of the steps those times fall in; with several packets per sweep (and no motion
/// compensation, which needs the sweep's end pose) each packet is written in the step in which its
/// columns are all cast and its end has passed, as the real sensor streams them, else the sweep is
/// written at its end: the bytes do not depend on which step cast a column. Per return: range with Gaussian noise;
/// intensity = reflectivity x |cos incidence| x min(1, (r0 / r)^2) x exp(-2 alpha r); the return is lost with probability
/// dropout + (1 - dropout) / (1 + (I / I_half)^4). Random numbers are keyed by (seed, sensor,
/// sweep, ray), rays are written into fixed slots, so the bytes never depend on the thread count.
/// In a rig that casts on a device (<see cref="IRaySensor"/>), a sweep's rays go into the rig's batch
/// (each block of columns against its own pose set) and the same model shades the hits that come back.
/// Payload "lidar.v1": see <see cref="LidarPayload"/>.
/// </summary>
internal sealed class LidarSensor : Sensor, IRaySensor
{
    /// <summary>Payload layout: <see cref="LidarPayload"/>.</summary>
    public const string FormatId = LidarPayload.Format;

    public const int HeaderBytes = LidarPayload.HeaderBytes;
    public const int PointBytes = LidarPayload.PointBytes;
    public const int CompensatedPointBytes = LidarPayload.CompensatedPointBytes;
    private const int Chunk = 64;
    private const ulong DropStream = 0x5DEECE66DUL;

    private readonly LidarConfig _c;
    private readonly Vec3[] _dirs;
    private readonly float[] _rayTime;
    private readonly Slot[] _slots;
    private readonly Vec3[]? _hitWorld;
    private Pose3[] _colPose;
    private readonly int[] _columnBlock;
    private readonly Action<int> _job, _fillJob, _shadeJob;
    private readonly List<QueuedSweep> _queued = new();
    private int _queuedHead, _queuedCount;
    private QueuedSweep? _work;
    private readonly ulong _stream;
    private byte[]? _buffer;

    // State of the block being cast (read by the workers).
    private SensorWorld? _world;
    private int _block0, _block1, _ignore;
    private ulong _sequence;

    // The sweep being cast as it goes: its sequence, start, the columns cast and the packets written so far, their points.
    private long _castSequence = -1, _castStart;
    private int _castColumns, _castPackets, _castPoints;

    /// <summary>A sweep whose rays wait in a <see cref="RayBatch"/>: its column poses and pose sets.</summary>
    private sealed class QueuedSweep(int columns, int blocks)
    {
        public long Sequence;
        public RayBatch? Batch;
        public int First;
        public Pose3[] ColumnPoses = new Pose3[columns];
        public readonly int[] BlockPose = new int[blocks];
    }

    private struct Slot
    {
        public float X, Y, Z, Range, Intensity;
        public int Entity;
        public byte Class;
        public bool Valid;
    }

    public LidarSensor(SensorDefinition definition, LidarConfig config) : base(definition)
    {
        _c = config;
        int ch = config.Channels, cols = config.Columns;
        _dirs = new Vec3[ch * cols];
        _rayTime = new float[ch * cols];
        _slots = new Slot[ch * cols];
        // Compensated points need the pose at the sweep's end, known only then: keep the world point.
        _hitWorld = config.MotionCompensated ? new Vec3[ch * cols] : null;
        _colPose = new Pose3[cols];
        double period = 1.0 / definition.RateHz, slot = period / cols;
        bool offsets = config.ChannelAzimuths.Length == ch, fractions = config.ChannelFireFractions.Length == ch;
        for (int a = 0; a < cols; a++)
        {
            for (int c = 0; c < ch; c++)
            {
                (double sa, double ca) = Math.SinCos(config.Azimuths[a] + (offsets ? config.ChannelAzimuths[c] : 0));
                (double se, double ce) = Math.SinCos(config.Elevations[c]);
                _dirs[a * ch + c] = new Vec3(ce * ca, ce * sa, se);
                double fire = fractions ? config.ChannelFireFractions[c] : config.Firing == FiringOrder.Sequential ? (double)c / ch : 0;
                _rayTime[a * ch + c] = (float)(a * slot + fire * slot);
            }
        }
        int blocks = Math.Min(config.MotionBlocks, cols);
        _columnBlock = new int[cols];
        for (int b = 0; b < blocks; b++)
        {
            for (int a = (int)((long)b * cols / blocks); a < (int)((long)(b + 1) * cols / blocks); a++)
            {
                _columnBlock[a] = b;
            }
        }
        _job = Work;
        _fillJob = Fill;
        _shadeJob = ShadeQueued;
        _stream = Stream;
    }

    /// <inheritdoc />
    public override string Format => FormatId;

    /// <summary>A full sweep: one period.</summary>
    public override double AcquisitionSeconds => 1.0 / Definition.RateHz;

    /// <summary>The parameters.</summary>
    public LidarConfig Config => _c;

    /// <inheritdoc />
    public override SensorCoverage? Coverage => _c.Pattern == LidarPattern.Spinning || _c.Columns == 0
        ? SensorCoverage.Centred(_c.MinRange, _c.MaxRange, 2 * Math.PI)
        : new SensorCoverage(_c.MinRange, _c.MaxRange, _c.Azimuths.Min(), _c.Azimuths.Max());

    /// <inheritdoc />
    public override string? CalibrationJson => SensorCalibration.Json("lidar", w =>
    {
        w.WriteString("pattern", _c.Pattern == LidarPattern.Spinning ? "spinning" : "solid_state");
        w.WriteNumber("channels", _c.Channels);
        w.WriteNumber("columns", _c.Columns);
        SensorCalibration.Array(w, "elevations_rad", _c.Elevations);
        SensorCalibration.Array(w, "azimuths_rad", _c.Azimuths);
        w.WriteString("firing", _c.Firing == FiringOrder.Simultaneous ? "simultaneous" : "sequential");
        w.WriteNumber("sweep_s", AcquisitionSeconds);
        w.WriteNumber("packets_per_sweep", _c.Packets);
        w.WriteNumber("min_range_m", _c.MinRange);
        w.WriteNumber("max_range_m", _c.MaxRange);
        w.WriteNumber("range_noise_m", _c.RangeNoise);
        w.WriteNumber("dropout", _c.Dropout);
        w.WriteBoolean("motion_compensated", _c.MotionCompensated);
    });

    /// <summary>The geometry it casts into; built from the world's roads and entities on the first output unless set.</summary>
    public SceneGeometry? Scene { get; set; }

    /// <summary>Worker threads (the output does not depend on it).</summary>
    public int Threads { get; set; } = 0;

    /// <summary>Rays per sweep.</summary>
    public int RaysPerSweep => _slots.Length;

    /// <summary>Rays cast on the CPU so far (what <see cref="Sensor.Advance"/> spreads over the steps).</summary>
    internal long RaysCast { get; private set; }

    /// <summary>False: cast a whole sweep in the step it ends in (as before; the bytes are the same).</summary>
    internal bool CastAsItGoes { get; set; } = true;

    /// <summary>Points of the last sweep.</summary>
    public int LastPointCount { get; private set; }

    /// <summary>Time offset of a ray from the sweep start (s).</summary>
    public double RayTime(int column, int channel) => _rayTime[column * _c.Channels + channel];

    /// <summary>Sensor-frame direction of a ray.</summary>
    public Vec3 RayDirection(int column, int channel) => _dirs[column * _c.Channels + channel];

    /// <summary>The sensor's world pose at <paramref name="nanoseconds"/> (carrier's pose composed with the mounting).</summary>
    public Pose3 SensorPoseAt(SensorWorld world, long nanoseconds)
    {
        int ego = world.EgoIndex;
        return ego < 0 ? Definition.Mount : SensorWorld.VehiclePose(SceneGeometry.EntityAt(world, ego, nanoseconds)).Compose(Definition.Mount);
    }

    /// <inheritdoc />
    protected override void Produce(SensorWorld world, ISensorSink sink, in SensorFrame frame)
    {
        Scene ??= SceneGeometry.Build(world.Network, world.Current);
        bool castAsItGoes = frame.Sequence == _castSequence && frame.StartNanoseconds == _castStart;
        int written = castAsItGoes ? _castPackets : 0, points = castAsItGoes ? _castPoints : 0;
        if (Dequeue(frame.Sequence) is { } queued)
        {
            // Cast in the rig's batch: shade what came back.
            _world = world;
            _sequence = (ulong)frame.Sequence;
            (_colPose, queued.ColumnPoses) = (queued.ColumnPoses, _colPose);
            _work = queued;
            RayWorkers.Shared(Threads > 0 ? Threads : _c.Threads).Run(Chunks(_slots.Length), _shadeJob);
            _work = null;
            _world = null;
        }
        else
        {
            CastColumns(world, frame, _c.Columns);
        }
        _castSequence = -1;
        LastPointCount = points + Write(sink, frame, written, _c.Packets, _hitWorld is null ? default : SensorPoseAt(world, frame.EndNanoseconds));
    }

    /// <summary>Casts the coming sweep's columns whose firing time and block time have passed; writes the packets that are complete.</summary>
    internal override void Advance(SensorWorld world, ISensorSink sink, in SensorFrame next)
    {
        if (!CastAsItGoes || _c.Columns == 0)
        {
            return;
        }
        long now = world.Time.Nanoseconds;
        int from = next.Sequence == _castSequence && next.StartNanoseconds == _castStart ? _castColumns : 0, upto = from;
        while (upto < _c.Columns && ColumnTime(next, upto) <= now && BlockTime(next, _columnBlock[upto]).Nanoseconds <= now)
        {
            upto++;
        }
        if (upto > from)
        {
            CastColumns(world, next, upto);
        }
        if (_c.Packets > 1 && _hitWorld is null && next.Sequence == _castSequence && next.StartNanoseconds == _castStart)
        {
            // Packets whose columns are all cast and whose end has passed; the last one ends the sweep (Produce).
            int ready = _castPackets;
            while (ready < _c.Packets - 1 && PacketColumn(ready + 1) <= _castColumns && PacketEnd(next, ready) <= now)
            {
                ready++;
            }
            if (ready > _castPackets)
            {
                _castPoints += Write(sink, next, _castPackets, ready, default);
                _castPackets = ready;
            }
        }
    }

    /// <summary>The first column of packet <paramref name="p"/> (of <see cref="LidarConfig.Packets"/>; p = Packets: the column count).</summary>
    private int PacketColumn(int p) => (int)((long)p * _c.Columns / _c.Packets);

    /// <summary>When packet <paramref name="p"/> of <paramref name="frame"/> ends: where its last column's slot ends (a period from the start); the last packet at the sweep's end.</summary>
    private long PacketEnd(in SensorFrame frame, int p) => p == _c.Packets - 1
        ? frame.EndNanoseconds
        : frame.StartNanoseconds + (long)Math.Round(1e9 / Definition.RateHz * PacketColumn(p + 1) / _c.Columns);

    /// <summary>Casts columns up to <paramref name="upto"/> of the sweep <paramref name="frame"/> (those not cast yet) into their slots.</summary>
    private void CastColumns(SensorWorld world, in SensorFrame frame, int upto)
    {
        if (frame.Sequence != _castSequence || frame.StartNanoseconds != _castStart)
        {
            (_castSequence, _castStart, _castColumns, _castPackets, _castPoints) = (frame.Sequence, frame.StartNanoseconds, 0, 0, 0);
        }
        Scene ??= SceneGeometry.Build(world.Network, world.Current);
        _world = world;
        _sequence = (ulong)frame.Sequence;
        _ignore = world.EgoIndex >= 0 ? world.Current[world.EgoIndex].Id : -1;
        RayWorkers workers = RayWorkers.Shared(Threads > 0 ? Threads : _c.Threads);
        for (int a = _castColumns; a < upto; a++)
        {
            _colPose[a] = SensorPoseAt(world, ColumnTime(frame, a));
        }
        while (_castColumns < upto)
        {
            int b = _columnBlock[_castColumns], blocks = Math.Min(_c.MotionBlocks, _c.Columns);
            _block0 = _castColumns;
            _block1 = Math.Min(upto, (int)((long)(b + 1) * _c.Columns / blocks));
            Scene.Update(world, BlockTime(frame, b));
            workers.Run(Chunks((_block1 - _block0) * _c.Channels), _job);
            RaysCast += (long)(_block1 - _block0) * _c.Channels;
            _castColumns = _block1;
        }
        _world = null;
    }

    /// <inheritdoc />
    public bool Enqueue(SensorWorld world, in SensorFrame frame, RayBatch batch)
    {
        Scene ??= SceneGeometry.Build(world.Network, world.Current);
        if (Scene != batch.Scene)
        {
            return false;
        }
        if (_queuedHead == _queuedCount)
        {
            _queuedHead = _queuedCount = 0;
        }
        if (_queuedCount == _queued.Count)
        {
            _queued.Add(new QueuedSweep(_c.Columns, Math.Min(_c.MotionBlocks, _c.Columns)));
        }
        QueuedSweep q = _queued[_queuedCount++];
        q.Sequence = frame.Sequence;
        q.Batch = batch;
        ColumnPoses(world, frame, q.ColumnPoses);
        for (int b = 0; b < q.BlockPose.Length; b++)
        {
            q.BlockPose[b] = batch.AddPose(world, BlockTime(frame, b));
        }
        q.First = batch.Reserve(_slots.Length);
        _ignore = world.EgoIndex >= 0 ? world.Current[world.EgoIndex].Id : -1;
        _work = q;
        RayWorkers.Shared(Threads > 0 ? Threads : _c.Threads).Run(Chunks(_slots.Length), _fillJob);
        _work = null;
        return true;
    }

    /// <summary>The queued sweep with this sequence number, taken off the queue (stale ones are dropped), or null.</summary>
    private QueuedSweep? Dequeue(long sequence)
    {
        while (_queuedHead < _queuedCount && _queued[_queuedHead].Sequence < sequence)
        {
            _queuedHead++;
        }
        return _queuedHead < _queuedCount && _queued[_queuedHead].Sequence == sequence ? _queued[_queuedHead++] : null;
    }

    /// <summary>The sensor's pose at each column's firing time.</summary>
    private void ColumnPoses(SensorWorld world, in SensorFrame frame, Pose3[] into)
    {
        for (int a = 0; a < _c.Columns; a++)
        {
            into[a] = SensorPoseAt(world, ColumnTime(frame, a));
        }
    }

    /// <summary>When column <paramref name="a"/> fires (its first channel): the time its sensor pose is taken at.</summary>
    private long ColumnTime(in SensorFrame frame, int a) => frame.StartNanoseconds + (long)Math.Round(_rayTime[a * _c.Channels] * 1e9);

    /// <summary>The time entities are posed at for block <paramref name="b"/> of columns: its middle column's.</summary>
    private SimTime BlockTime(in SensorFrame frame, int b)
    {
        int cols = _c.Columns, blocks = Math.Min(_c.MotionBlocks, cols);
        int b0 = (int)((long)b * cols / blocks), b1 = (int)((long)(b + 1) * cols / blocks);
        return new SimTime(ColumnTime(frame, (b0 + b1 - 1) / 2));
    }

    /// <summary>Chunks of <see cref="Chunk"/> rays that cover <paramref name="rays"/> rays.</summary>
    private static int Chunks(int rays) => (rays + Chunk - 1) / Chunk;

    /// <summary>Writes chunk <paramref name="chunk"/> of the queued sweep's rays into its batch slots.</summary>
    private void Fill(int chunk)
    {
        QueuedSweep q = _work!;
        Span<RayQuery> rays = q.Batch!.Rays.Slice(q.First, _slots.Length);
        int ch = _c.Channels, c0 = chunk * Chunk, c1 = Math.Min(_slots.Length, c0 + Chunk);
        for (int i = c0; i < c1; i++)
        {
            int column = i / ch;
            ref readonly Pose3 pose = ref q.ColumnPoses[column];
            rays[i] = Scene!.Query(new Ray(pose.Position, pose.Rotate(_dirs[i]), _c.MaxRange, _c.MinRange, _ignore), q.BlockPose[_columnBlock[column]]);
        }
    }

    /// <summary>Shades chunk <paramref name="chunk"/> of the queued sweep's hits into the slots.</summary>
    private void ShadeQueued(int chunk)
    {
        QueuedSweep q = _work!;
        RayBatch batch = q.Batch!;
        ReadOnlySpan<RayHit> hits = batch.Hits.Slice(q.First, _slots.Length);
        ReadOnlySpan<RayQuery> rays = batch.Rays.Slice(q.First, _slots.Length);
        int ch = _c.Channels, c0 = chunk * Chunk, c1 = Math.Min(_slots.Length, c0 + Chunk);
        for (int i = c0; i < c1; i++)
        {
            _slots[i].Valid = false;
            if (!hits[i].IsHit)
            {
                continue;
            }
            ref readonly Pose3 pose = ref _colPose[i / ch];
            Vec3 dW = pose.Rotate(_dirs[i]);
            Shade(i, pose, dW, Scene!.MakeHit(pose.Position, dW, hits[i], batch.Pose(rays[i].Pose)));
        }
    }

    /// <summary>
    /// Casts chunk <paramref name="chunk"/> of the rays of the block's columns: neighbouring channels of
    /// a column in packets (<see cref="SceneGeometry.IntersectPacket"/>), whose hits are the single
    /// rays' ones.
    /// </summary>
    [SkipLocalsInit]
    private void Work(int chunk)
    {
        int ch = _c.Channels;
        int c0 = _block0 * ch + chunk * Chunk, c1 = Math.Min(_block1 * ch, c0 + Chunk);
        if (!RayPacket.Accelerated)
        {
            for (int i = c0; i < c1; i++)
            {
                Cast(i, i / ch);
            }
            return;
        }
        Span<Vec3> dirs = stackalloc Vec3[RayPacket.Width];
        Span<RayHit> found = stackalloc RayHit[RayPacket.Width];
        SceneGeometry scene = Scene!;
        for (int i = c0; i < c1;)
        {
            int column = i / ch;
            int n = Math.Min(RayPacket.Width, Math.Min(c1, (column + 1) * ch) - i);
            ref readonly Pose3 pose = ref _colPose[column];
            for (int k = 0; k < n; k++)
            {
                dirs[k] = pose.Rotate(_dirs[i + k]);
            }
            scene.IntersectPacket(pose.Position, dirs[..n], _c.MaxRange, _c.MinRange, _ignore, found);
            for (int k = 0; k < n; k++)
            {
                _slots[i + k].Valid = false;
                if (found[k].IsHit)
                {
                    Shade(i + k, pose, dirs[k], scene.MakeHit(pose.Position, dirs[k], found[k]));
                }
            }
            i += n;
        }
    }

    private void Cast(int i, int column)
    {
        _slots[i].Valid = false;
        ref readonly Pose3 pose = ref _colPose[column];
        Vec3 dW = pose.Rotate(_dirs[i]);
        if (Scene!.Intersect(new Ray(pose.Position, dW, _c.MaxRange, _c.MinRange, _ignore), out Hit hit))
        {
            Shade(i, pose, dW, hit);
        }
    }

    /// <summary>Ray <paramref name="i"/>'s return from its hit: intensity, dropout, range noise, the point.</summary>
    private void Shade(int i, in Pose3 pose, Vec3 dW, in Hit hit)
    {
        ref Slot s = ref _slots[i];
        Vec3 dS = _dirs[i];
        double r = hit.Distance;
        double cos = Math.Abs(Vec3.Dot(hit.Normal, dW));
        double r0 = _c.ReferenceRange;
        double falloff = r > r0 ? r0 * r0 / (r * r) : 1;
        double intensity = hit.Reflectivity * cos * falloff * (_c.Attenuation > 0 ? Math.Exp(-2 * _c.Attenuation * r) : 1);
        double pDrop = _c.Dropout;
        if (_c.IntensityThreshold > 0)
        {
            double q = intensity / _c.IntensityThreshold;
            q *= q;
            pDrop += (1 - _c.Dropout) / (1 + q * q);
        }
        ulong seed = _world!.Seed, stream = _stream;
        if (pDrop > 0 && CounterRandom.Uniform(seed, stream ^ DropStream, _sequence, (ulong)i) < pDrop)
        {
            return;
        }
        double range = _c.RangeNoise > 0 ? r + _c.RangeNoise * CounterRandom.Gaussian(seed, stream, _sequence, (ulong)i) : r;
        if (range < _c.MinRange || range > _c.MaxRange)
        {
            return;
        }
        Vec3 p = dS * range;
        s.X = (float)p.X;
        s.Y = (float)p.Y;
        s.Z = (float)p.Z;
        s.Range = (float)range;
        s.Intensity = (float)intensity;
        s.Entity = hit.EntityId;
        s.Class = (byte)hit.Semantic;
        if (_hitWorld is not null)
        {
            _hitWorld[i] = pose.Position + dW * range;
        }
        s.Valid = true;
    }

    /// <summary>Writes packets [<paramref name="from"/>, <paramref name="to"/>) of the sweep <paramref name="frame"/>; returns their points.</summary>
    private int Write(ISensorSink sink, in SensorFrame frame, int from, int to, in Pose3 endPose)
    {
        int ch = _c.Channels, packets = _c.Packets;
        int stride = _c.MotionCompensated ? CompensatedPointBytes : PointBytes;
        _buffer ??= new byte[HeaderBytes + stride * _slots.Length];
        int total = 0;
        for (int p = from; p < to; p++)
        {
            int col0 = PacketColumn(p), col1 = PacketColumn(p + 1);
            Span<byte> buf = _buffer;
            int n = 0;
            int o = HeaderBytes;
            for (int i = col0 * ch; i < col1 * ch; i++)
            {
                ref Slot s = ref _slots[i];
                if (!s.Valid)
                {
                    continue;
                }
                Span<byte> q = buf.Slice(o, stride);
                BinaryPrimitives.WriteSingleLittleEndian(q, s.X);
                BinaryPrimitives.WriteSingleLittleEndian(q[4..], s.Y);
                BinaryPrimitives.WriteSingleLittleEndian(q[8..], s.Z);
                BinaryPrimitives.WriteSingleLittleEndian(q[12..], s.Range);
                BinaryPrimitives.WriteSingleLittleEndian(q[16..], s.Intensity);
                BinaryPrimitives.WriteSingleLittleEndian(q[20..], _rayTime[i]);
                BinaryPrimitives.WriteInt32LittleEndian(q[24..], s.Entity);
                BinaryPrimitives.WriteUInt16LittleEndian(q[28..], (ushort)(i % ch));
                BinaryPrimitives.WriteUInt16LittleEndian(q[30..], (ushort)(i / ch));
                q[32] = s.Class;
                q[33] = 0;
                BinaryPrimitives.WriteUInt16LittleEndian(q[34..], 0);
                if (_hitWorld is not null)
                {
                    // Relative to the sensor at the sweep's end.
                    Vec3 pc = endPose.InverseTransformPoint(_hitWorld[i]);
                    BinaryPrimitives.WriteSingleLittleEndian(q[36..], (float)pc.X);
                    BinaryPrimitives.WriteSingleLittleEndian(q[40..], (float)pc.Y);
                    BinaryPrimitives.WriteSingleLittleEndian(q[44..], (float)pc.Z);
                }
                o += stride;
                n++;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(buf, (uint)n);
            BinaryPrimitives.WriteUInt16LittleEndian(buf[4..], (ushort)stride);
            BinaryPrimitives.WriteUInt16LittleEndian(buf[6..], (ushort)(_c.MotionCompensated ? 1 : 0));
            BinaryPrimitives.WriteUInt16LittleEndian(buf[8..], (ushort)p);
            BinaryPrimitives.WriteUInt16LittleEndian(buf[10..], (ushort)packets);
            BinaryPrimitives.WriteUInt32LittleEndian(buf[12..], (uint)_slots.Length);
            total += n;
            if (packets == 1)
            {
                sink.Write(frame, buf[..o]);
            }
            else
            {
                long s0 = p == 0 ? frame.StartNanoseconds : PacketEnd(frame, p - 1);
                sink.Write(frame with { StartNanoseconds = s0, EndNanoseconds = PacketEnd(frame, p) }, buf[..o]);
            }
        }
        return total;
    }
}
