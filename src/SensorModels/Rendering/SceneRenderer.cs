using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SensorModels.Geometry;
using SensorModels.Mathematics;
using SensorModels.Runtime;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;
using SimCore.Entities;
using SimCore.Simulation;
using VkBuffer = Silk.NET.Vulkan.Buffer;

namespace SensorModels.Rendering;

/// <summary>
/// Renders a <see cref="SceneGeometry"/> for any number of cameras per frame, headless. The static
/// mesh and the entity templates are uploaded once (device-local); each frame writes one instance
/// record per entity and one uniform block per camera into host-visible buffers, records every
/// camera (render pass, then a compute pass for lens remap and packing, then NV12 if wanted) into
/// one command buffer, submits once and waits on one fence, and copies the host-visible results
/// into the caller's arrays. Per-camera targets are created when a camera is first seen and again
/// only when its size, remap or wanted outputs change; nothing is allocated per frame otherwise.
/// Not thread-safe: one thread renders.
/// </summary>
public sealed unsafe class SceneRenderer : IDisposable
{
    /// <summary>Cameras per <see cref="Render"/> call.</summary>
    public const int MaxCameras = 32;

    /// <summary>Lights considered per camera (the nearest headlights and street lamps to it).</summary>
    public const int MaxLights = 16;

    private const Format ColourFormat = Format.R8G8B8A8Unorm;
    private const Format DepthLinearFormat = Format.R32Sfloat;
    private const Format LabelFormat = Format.R32Uint;
    private const Format DepthFormat = Format.D32Sfloat;
    private const float HeadlightRange = 120f;
    private const float StreetLampRange = 60f;

    // Template order; the instance buffer groups entities by it.
    private static readonly EntityKind[] Kinds = [EntityKind.Car, EntityKind.Truck, EntityKind.Bus, EntityKind.Pedestrian, EntityKind.Cyclist, EntityKind.Obstacle];

    private readonly VulkanDevice _d;
    private readonly Vk _vk;
    private readonly Device _dev;
    private readonly Vec3 _origin;
    private readonly F3[] _streetLamps;
    private readonly GpuBuffer _vertices;
    private readonly int _staticVertices;
    private readonly int[] _templateFirst = new int[Kinds.Length];
    private readonly int[] _templateCount = new int[Kinds.Length];
    private readonly GpuBuffer _uniforms;
    private readonly ulong _uniformStride;
    private readonly GpuBuffer _dummy;
    private GpuBuffer _instances;
    private int _instanceCapacity;
    private readonly DescriptorSetLayout _sceneSetLayout, _outputSetLayout, _nv12SetLayout;
    private readonly PipelineLayout _sceneLayout, _outputLayout, _nv12Layout;
    private readonly DescriptorPool _pool;
    private readonly DescriptorSet _sceneSet;
    private readonly RenderPass _renderPass;
    private readonly Pipeline _scenePipeline, _outputPipeline, _nv12Pipeline;
    private readonly CommandBuffer _cmd;
    private readonly Fence _fence;
    private readonly CameraSlot?[] _slots = new CameraSlot?[MaxCameras];
    private readonly int[] _kindCount = new int[Kinds.Length];
    private readonly int[] _kindFirst = new int[Kinds.Length];
    private readonly int[] _kindNext = new int[Kinds.Length];
    // Light candidates: xyz position, w range; xyz beam axis scaled by intensity, w cosine of the outer half-angle.
    private Vector4[] _lightPos;
    private Vector4[] _lightDir;
    private readonly int[] _nearest = new int[MaxLights];
    private readonly float[] _nearestD2 = new float[MaxLights];
    private readonly CameraTargets?[] _pending = new CameraTargets?[MaxCameras];
    private readonly Action<int> _copyJob;
    private readonly JobFanOut _copyFanOut = new(Math.Min(15, Environment.ProcessorCount - 1));
    private bool _disposed;

    [StructLayout(LayoutKind.Sequential)]
    private struct Vertex
    {
        public Vector3 Position;
        public Vector3 Normal;
        public uint Colour; // RGBA8 sRGB
        public uint Info;   // semantic | tint flag << 8
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct InstanceData
    {
        public Vector4 Row0, Row1, Row2;
        public uint Id1, Tint, Flags, Pad;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CameraBlock
    {
        public Vector4 Vp0, Vp1, Vp2, Vp3;
        public Vector4 CamPos, SunDir, SunColour, SkyColour, FogColour, Params;
        public LightArray LightPos;
        public LightArray LightDir;
    }

    [InlineArray(MaxLights)]
    private struct LightArray
    {
        private Vector4 _e;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OutputPush
    {
        public uint OutW, OutH, RenW, RenH, Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Nv12Push
    {
        public uint Width, Height, BytesPerPixel;
    }

    /// <summary>Uploads the scene's static mesh and the entity templates and builds the pipelines.</summary>
    public SceneRenderer(VulkanDevice device, SceneGeometry scene)
    {
        _d = device;
        _vk = device.Vk;
        _copyJob = CopyJob;
        ParallelReadback = !device.IsSoftware;
        _dev = device.Device;
        _origin = scene.Origin;
        _streetLamps = scene.StreetLamps;
        _lightPos = new Vector4[64 + _streetLamps.Length];
        _lightDir = new Vector4[64 + _streetLamps.Length];

        // Geometry: static mesh first, then one template per kind.
        TriangleMesh stat = scene.StaticMesh;
        int total = stat.Vertices.Length;
        foreach (EntityKind k in Kinds)
        {
            total += MeshTemplates.For(k).Mesh.Vertices.Length;
        }
        var verts = new Vertex[total];
        int at = Append(verts, 0, stat, isTemplate: false);
        _staticVertices = at;
        for (int k = 0; k < Kinds.Length; k++)
        {
            _templateFirst[k] = at;
            at = Append(verts, at, MeshTemplates.For(Kinds[k]).Mesh, isTemplate: true);
            _templateCount[k] = at - _templateFirst[k];
        }
        _vertices = device.Upload<Vertex>(verts, BufferUsageFlags.VertexBufferBit);

        const MemoryPropertyFlags host = MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit;
        ulong align = Math.Max(1, device.Limits.MinUniformBufferOffsetAlignment);
        _uniformStride = ((ulong)sizeof(CameraBlock) + align - 1) / align * align;
        _uniforms = device.CreateBuffer(_uniformStride * MaxCameras, BufferUsageFlags.UniformBufferBit, host);
        _dummy = device.CreateBuffer(16, BufferUsageFlags.StorageBufferBit, MemoryPropertyFlags.DeviceLocalBit);
        _instanceCapacity = 256;
        _instances = device.CreateBuffer((ulong)(_instanceCapacity * sizeof(InstanceData)), BufferUsageFlags.VertexBufferBit, host);

        _sceneSetLayout = SetLayout([(DescriptorType.UniformBufferDynamic, ShaderStageFlags.VertexBit | ShaderStageFlags.FragmentBit)]);
        _outputSetLayout = SetLayout([
            (DescriptorType.StorageImage, ShaderStageFlags.ComputeBit), (DescriptorType.StorageImage, ShaderStageFlags.ComputeBit),
            (DescriptorType.StorageImage, ShaderStageFlags.ComputeBit), (DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit),
            (DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit), (DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit),
            (DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit), (DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit)]);
        _nv12SetLayout = SetLayout([(DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit), (DescriptorType.StorageBuffer, ShaderStageFlags.ComputeBit)]);
        _sceneLayout = Layout(_sceneSetLayout, 0);
        _outputLayout = Layout(_outputSetLayout, (uint)sizeof(OutputPush));
        _nv12Layout = Layout(_nv12SetLayout, (uint)sizeof(Nv12Push));

        DescriptorPoolSize* sizes = stackalloc DescriptorPoolSize[]
        {
            new(DescriptorType.UniformBufferDynamic, 1),
            new(DescriptorType.StorageImage, 3 * MaxCameras),
            new(DescriptorType.StorageBuffer, 7 * MaxCameras),
        };
        var poolInfo = new DescriptorPoolCreateInfo
        {
            SType = StructureType.DescriptorPoolCreateInfo,
            Flags = DescriptorPoolCreateFlags.FreeDescriptorSetBit,
            MaxSets = 1 + 2 * MaxCameras,
            PoolSizeCount = 3,
            PPoolSizes = sizes,
        };
        VulkanDevice.Check(_vk.CreateDescriptorPool(_dev, in poolInfo, null, out _pool), "vkCreateDescriptorPool");
        _sceneSet = Allocate(_sceneSetLayout);
        var uboInfo = new DescriptorBufferInfo(_uniforms.Handle, 0, (ulong)sizeof(CameraBlock));
        var write = new WriteDescriptorSet
        {
            SType = StructureType.WriteDescriptorSet,
            DstSet = _sceneSet,
            DstBinding = 0,
            DescriptorCount = 1,
            DescriptorType = DescriptorType.UniformBufferDynamic,
            PBufferInfo = &uboInfo,
        };
        _vk.UpdateDescriptorSets(_dev, 1, in write, 0, null);

        _renderPass = CreateRenderPass();
        _scenePipeline = CreateScenePipeline();
        _outputPipeline = ShaderLibrary.ComputePipeline(device, "output.comp", _outputLayout);
        _nv12Pipeline = ShaderLibrary.ComputePipeline(device, "nv12.comp", _nv12Layout);

        _cmd = device.AllocateCommandBuffer();
        _fence = device.CreateFence();
    }

    /// <summary>The device rendered on.</summary>
    public VulkanDevice Device => _d;

    /// <summary>Seconds the last <see cref="Render"/> spent recording and submitting, waiting for the device, and copying into the caller's arrays.</summary>
    public (double Record, double Wait, double Copy) LastTimings { get; private set; }

    /// <summary>
    /// Copy several cameras' outputs into the caller's arrays on worker threads (default on for
    /// hardware devices: with 8 cameras the copies, ~18 MB each at 1920x1208 RGB + depth + semantic,
    /// cost more than the GPU's work). Nothing is allocated per frame either way.
    /// </summary>
    public bool ParallelReadback { get; set; }

    /// <summary>Vertices of the static mesh (3 per triangle).</summary>
    public int StaticVertexCount => _staticVertices;

    /// <summary>
    /// Renders every camera of <paramref name="views"/> with the entities at
    /// <paramref name="entities"/> (any order; entities without a size are skipped) and reads the
    /// wanted outputs back into <paramref name="outputs"/>[i] (one per view, arrays at the view's
    /// output size). One submission and one fence wait for all cameras.
    /// </summary>
    public void Render(ReadOnlySpan<CameraView> views, ReadOnlySpan<EntitySnapshot> entities, in Lighting lighting, ReadOnlySpan<CameraTargets> outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (views.Length != outputs.Length)
        {
            throw new ArgumentException("one CameraTargets per CameraView");
        }
        if (views.Length > MaxCameras)
        {
            throw new ArgumentException($"at most {MaxCameras} cameras per frame");
        }
        for (int i = 0; i < views.Length; i++)
        {
            PrepareSlot(i, views[i], outputs[i]);
        }
        int lights = WriteInstances(entities, lighting);
        for (int i = 0; i < views.Length; i++)
        {
            WriteCamera(i, views[i], lighting, lights);
        }
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        Record(views, lighting);
        CommandBuffer cmd = _cmd;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        VulkanDevice.Check(_vk.QueueSubmit(_d.Queue, 1, in submit, _fence), "vkQueueSubmit");
        long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        Fence fence = _fence;
        VulkanDevice.Check(_vk.WaitForFences(_dev, 1, in fence, true, ulong.MaxValue), "vkWaitForFences");
        VulkanDevice.Check(_vk.ResetFences(_dev, 1, in fence), "vkResetFences");
        long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (ParallelReadback && views.Length > 1)
        {
            for (int i = 0; i < views.Length; i++)
            {
                _pending[i] = outputs[i];
            }
            _copyFanOut.Run(views.Length * ReadBackParts, _copyJob);
            Array.Clear(_pending);
        }
        else
        {
            for (int i = 0; i < views.Length; i++)
            {
                for (int part = 0; part < ReadBackParts; part++)
                {
                    ReadBack(_slots[i]!, outputs[i], part);
                }
            }
        }
        long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        double f = System.Diagnostics.Stopwatch.Frequency;
        LastTimings = ((t1 - t0) / f, (t2 - t1) / f, (t3 - t2) / f);
    }

    private const int ReadBackParts = 5;

    private void CopyJob(int job) => ReadBack(_slots[job / ReadBackParts]!, _pending[job / ReadBackParts]!, job % ReadBackParts);

    private static int Append(Vertex[] verts, int at, TriangleMesh mesh, bool isTemplate)
    {
        for (int t = 0; t < mesh.TriangleCount; t++)
        {
            F3 a = mesh.Vertices[3 * t], b = mesh.Vertices[3 * t + 1], c = mesh.Vertices[3 * t + 2];
            F3 n = F3.Cross(b - a, c - a);
            (uint colour, bool tint) = BaseColour(mesh.Semantics[t], mesh.Materials[t], isTemplate);
            uint info = (uint)mesh.Semantics[t] | (tint ? 0x100u : 0u);
            for (int k = 0; k < 3; k++)
            {
                F3 p = mesh.Vertices[3 * t + k];
                verts[at++] = new Vertex { Position = new(p.X, p.Y, p.Z), Normal = new(n.X, n.Y, n.Z), Colour = colour, Info = info };
            }
        }
        return at;
    }

    private static uint Rgb(byte r, byte g, byte b) => r | ((uint)g << 8) | ((uint)b << 16) | 0xFF000000u;

    /// <summary>sRGB base colour of a triangle; tint = take the instance's colour (body paint, clothing).</summary>
    private static (uint Colour, bool Tint) BaseColour(SemanticClass s, Material m, bool template)
    {
        if (template)
        {
            if (m == Material.Glass)
            {
                return (Rgb(35, 45, 55), false);
            }
            if (m == Material.Tyre)
            {
                return (Rgb(22, 22, 22), false);
            }
            if (m == Material.Plate)
            {
                return (Rgb(230, 230, 225), false);
            }
            return (Rgb(128, 128, 128), true);
        }
        return s switch
        {
            SemanticClass.Road => (Rgb(88, 88, 90), false),
            SemanticClass.LaneMarking => (Rgb(235, 235, 228), false),
            SemanticClass.Curb => (Rgb(165, 163, 158), false),
            SemanticClass.Barrier => m == Material.GuardRail ? (Rgb(170, 175, 180), false) : (Rgb(150, 148, 142), false),
            SemanticClass.Sidewalk => (Rgb(180, 175, 168), false),
            SemanticClass.Terrain => m == Material.Grass ? (Rgb(86, 112, 60), false) : (Rgb(120, 110, 90), false),
            _ => (Rgb(128, 128, 128), false),
        };
    }

    private static readonly uint[] VehiclePaint =
    [
        Rgb(200, 200, 205), Rgb(30, 30, 32), Rgb(150, 20, 25), Rgb(25, 60, 140),
        Rgb(235, 235, 235), Rgb(110, 112, 118), Rgb(20, 90, 50), Rgb(200, 140, 30),
    ];

    private static readonly uint[] Clothing =
    [
        Rgb(40, 50, 90), Rgb(150, 30, 40), Rgb(60, 60, 60), Rgb(200, 180, 60),
        Rgb(30, 100, 60), Rgb(210, 210, 210), Rgb(120, 70, 40), Rgb(90, 40, 120),
    ];

    /// <summary>Tint of an entity: paint for vehicles, clothing for people, safety orange for obstacles; stable per id.</summary>
    internal static uint Tint(EntityKind kind, int id)
    {
        uint h = unchecked((uint)id * 2654435761u) >> 29;
        return kind switch
        {
            EntityKind.Car or EntityKind.Truck or EntityKind.Bus => VehiclePaint[h],
            EntityKind.Pedestrian or EntityKind.Cyclist => Clothing[h],
            _ => Rgb(255, 140, 20),
        };
    }

    private static int KindIndex(EntityKind kind) => kind switch
    {
        EntityKind.Car => 0,
        EntityKind.Truck => 1,
        EntityKind.Bus => 2,
        EntityKind.Pedestrian => 3,
        EntityKind.Cyclist => 4,
        _ => 5,
    };

    private static bool Active(in EntitySnapshot e)
        => e.SensorVisible && e.Length > 0 && e.Width > 0 && e.Height > 0 && double.IsFinite(e.X) && double.IsFinite(e.Y) && double.IsFinite(e.Z);

    /// <summary>Writes instance slot 0 (identity, static) and one slot per entity grouped by kind; collects headlights and, when lit, street lamps. Returns the light count.</summary>
    private int WriteInstances(ReadOnlySpan<EntitySnapshot> entities, in Lighting lighting)
    {
        if (entities.Length + 1 > _instanceCapacity)
        {
            // Growth only when the entity count rises (not in steady state).
            _instances.Dispose();
            _instanceCapacity = Math.Max(entities.Length + 1, 2 * _instanceCapacity);
            _instances = _d.CreateBuffer((ulong)(_instanceCapacity * sizeof(InstanceData)), BufferUsageFlags.VertexBufferBit, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit);
        }
        if (entities.Length + _streetLamps.Length > _lightPos.Length)
        {
            _lightPos = new Vector4[2 * entities.Length + _streetLamps.Length];
            _lightDir = new Vector4[2 * entities.Length + _streetLamps.Length];
        }
        Array.Clear(_kindCount);
        foreach (ref readonly EntitySnapshot e in entities)
        {
            if (Active(e))
            {
                _kindCount[KindIndex(e.Kind)]++;
            }
        }
        int next = 1;
        for (int k = 0; k < Kinds.Length; k++)
        {
            _kindFirst[k] = next;
            _kindNext[k] = next;
            next += _kindCount[k];
        }
        var inst = new Span<InstanceData>(_instances.Mapped, _instanceCapacity);
        inst[0] = new InstanceData { Row0 = new(1, 0, 0, 0), Row1 = new(0, 1, 0, 0), Row2 = new(0, 0, 1, 0) };
        int lights = 0;
        float cosOuter = MathF.Cos(20f * MathF.PI / 180f);
        (double sinDown, double cosDown) = Math.SinCos(3 * Math.PI / 180);
        foreach (ref readonly EntitySnapshot e in entities)
        {
            if (!Active(e))
            {
                continue;
            }
            int k = KindIndex(e.Kind);
            Pose3 pose = SensorWorld.VehiclePose(e);
            Vec3 c0 = pose.Rotate(new Vec3(1, 0, 0)), c1 = pose.Rotate(new Vec3(0, 1, 0)), c2 = pose.Rotate(new Vec3(0, 0, 1));
            Vec3 t = pose.Position + c0 * e.CenterOffsetX - _origin;
            double l = e.Length, w = e.Width, h = e.Height;
            bool vehicle = k <= 2;
            uint flags = vehicle ? LampFlags(e, lighting) : 0u;
            bool lamps = (flags & 1u) != 0;
            inst[_kindNext[k]++] = new InstanceData
            {
                // Unit-box template -> origin-relative world: columns scaled by the box, as SceneGeometry poses its instances.
                Row0 = new((float)(c0.X * l), (float)(c1.X * w), (float)(c2.X * h), (float)t.X),
                Row1 = new((float)(c0.Y * l), (float)(c1.Y * w), (float)(c2.Y * h), (float)t.Y),
                Row2 = new((float)(c0.Z * l), (float)(c1.Z * w), (float)(c2.Z * h), (float)t.Z),
                Id1 = (uint)(e.Id + 1),
                Tint = Tint(e.Kind, e.Id),
                Flags = flags,
            };
            if (lamps)
            {
                Vec3 p = t + c0 * (l / 2 + 0.05) + c2 * (0.36 * h);
                Vec3 d = c0 * cosDown - c2 * sinDown;
                _lightPos[lights] = new((float)p.X, (float)p.Y, (float)p.Z, HeadlightRange);
                // High beams reach further: about 2.5 times the intensity on the road ahead.
                float power = lighting.HeadlightIntensity * ((flags & 32u) != 0 ? 2.5f : 1f);
                _lightDir[lights] = new((float)d.X * power, (float)d.Y * power, (float)d.Z * power, cosOuter);
                lights++;
            }
        }
        if (lighting.StreetLightIntensity > 0)
        {
            float cosLamp = MathF.Cos(75f * MathF.PI / 180f);
            foreach (F3 p in _streetLamps)
            {
                _lightPos[lights] = new(p.X, p.Y, p.Z, StreetLampRange);
                _lightDir[lights] = new(0, 0, -lighting.StreetLightIntensity, cosLamp);
                lights++;
            }
        }
        return lights;
    }

    /// <summary>
    /// The shader's lamp flags (scene.frag): the lights the scenario switched (OpenSCENARIO
    /// LightStateAction), or, for a vehicle whose lights it never touched, head and tail lights
    /// when the time of day calls for them.
    /// </summary>
    internal static uint LampFlags(in EntitySnapshot e, in Lighting lighting)
    {
        if (!e.LightsSet)
        {
            return lighting.VehicleLights ? 1u : 0u;
        }
        VehicleLights l = e.Lights;
        uint f = (l & (VehicleLights.LowBeam | VehicleLights.HighBeam)) != 0 ? 1u : 0u;
        f |= (l & VehicleLights.Brake) != 0 ? 2u : 0u;
        f |= (l & VehicleLights.IndicatorLeft) != 0 ? 4u : 0u;
        f |= (l & VehicleLights.IndicatorRight) != 0 ? 8u : 0u;
        f |= (l & VehicleLights.Reversing) != 0 ? 16u : 0u;
        f |= (l & VehicleLights.HighBeam) != 0 ? 32u : 0u;
        return f;
    }

    private static Vector4 Row(Vec3 v, double w) => new((float)v.X, (float)v.Y, (float)v.Z, (float)w);

    private static Vector4 Srgb((float R, float G, float B) c, float scale)
    {
        static float E(float x) => MathF.Pow(Math.Clamp(x, 0f, 1f), 1f / 2.2f);
        return new(E(c.R * scale), E(c.G * scale), E(c.B * scale), 1f);
    }

    /// <summary>Fills camera <paramref name="i"/>'s uniform block: projection, sun, sky, fog and its nearest headlights.</summary>
    private void WriteCamera(int i, in CameraView v, in Lighting lighting, int lights)
    {
        ref CameraBlock b = ref Unsafe.AsRef<CameraBlock>((byte*)_uniforms.Mapped + (ulong)i * _uniformStride);
        Pose3 pose = v.Pose;
        Vec3 c = pose.Position - _origin;
        Vec3 f = pose.Rotate(new Vec3(1, 0, 0)), left = pose.Rotate(new Vec3(0, 1, 0)), up = pose.Rotate(new Vec3(0, 0, 1));
        // Camera (x fwd, y left, z up) -> Vulkan clip (x right, y down, w = depth). With OpenCV pixel
        // centres at integers and Vulkan's at +0.5: x_ndc = 2 (u + 0.5) / W - 1, u = cx + fx (-y / x).
        double kx = 2 * v.Fx / v.Width, ox = 2 * (v.Cx + 0.5) / v.Width - 1;
        double ky = 2 * v.Fy / v.Height, oy = 2 * (v.Cy + 0.5) / v.Height - 1;
        double a = v.Far / (v.Far - v.Near), bz = -v.Far * v.Near / (v.Far - v.Near);
        Vec3 rx = left * -kx + f * ox, ry = up * -ky + f * oy, rz = f * a;
        b.Vp0 = Row(rx, -Vec3.Dot(rx, c));
        b.Vp1 = Row(ry, -Vec3.Dot(ry, c));
        b.Vp2 = Row(rz, -Vec3.Dot(rz, c) + bz);
        b.Vp3 = Row(f, -Vec3.Dot(f, c));
        b.CamPos = new((float)c.X, (float)c.Y, (float)c.Z, v.HiddenEntity >= 0 ? v.HiddenEntity + 1 : 0);
        (double se, double ce) = Math.SinCos(lighting.SunElevation);
        (double sa, double ca) = Math.SinCos(lighting.SunAzimuth);
        b.SunDir = new((float)(ce * ca), (float)(ce * sa), (float)se, lighting.SunElevation > 0 ? lighting.SunIntensity : 0);
        b.SunColour = new(1f, 0.96f, 0.9f, lighting.Ambient);
        b.SkyColour = new(lighting.Sky.R, lighting.Sky.G, lighting.Sky.B, lighting.FogDensity);
        b.FogColour = new(lighting.Sky.R, lighting.Sky.G, lighting.Sky.B, lighting.Dimming);

        // Nearest lights to this camera (insertion into a fixed-size list; no allocation).
        int n = 0;
        var cam = new Vector3((float)c.X, (float)c.Y, (float)c.Z);
        for (int j = 0; j < lights; j++)
        {
            float d2 = Vector3.DistanceSquared(new Vector3(_lightPos[j].X, _lightPos[j].Y, _lightPos[j].Z), cam);
            if (n == MaxLights && d2 >= _nearestD2[n - 1])
            {
                continue;
            }
            int at = n < MaxLights ? n++ : n - 1;
            while (at > 0 && _nearestD2[at - 1] > d2)
            {
                _nearestD2[at] = _nearestD2[at - 1];
                _nearest[at] = _nearest[at - 1];
                at--;
            }
            _nearestD2[at] = d2;
            _nearest[at] = j;
        }
        for (int j = 0; j < n; j++)
        {
            b.LightPos[j] = _lightPos[_nearest[j]];
            b.LightDir[j] = _lightDir[_nearest[j]];
        }
        b.Params = new(lighting.Exposure, n, 0, 0);
    }

    private void Record(ReadOnlySpan<CameraView> views, in Lighting lighting)
    {
        VulkanDevice.Check(_vk.ResetCommandBuffer(_cmd, 0), "vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        VulkanDevice.Check(_vk.BeginCommandBuffer(_cmd, in begin), "vkBeginCommandBuffer");
        Vector4 sky = Srgb(lighting.Sky, lighting.Exposure);
        ClearValue* clears = stackalloc ClearValue[4];
        clears[0] = new ClearValue(new ClearColorValue(sky.X, sky.Y, sky.Z, 1f));
        clears[1] = new ClearValue(new ClearColorValue(0f, 0f, 0f, 0f));
        clears[2] = new ClearValue(new ClearColorValue(0u, 0u, 0u, 0u));
        clears[3] = new ClearValue(depthStencil: new ClearDepthStencilValue(1f, 0));
        VkBuffer* vbs = stackalloc VkBuffer[2];
        ulong* offs = stackalloc ulong[2];
        vbs[0] = _vertices.Handle;
        vbs[1] = _instances.Handle;
        offs[0] = 0;
        offs[1] = 0;
        for (int i = 0; i < views.Length; i++)
        {
            CameraSlot s = _slots[i]!;
            var rp = new RenderPassBeginInfo
            {
                SType = StructureType.RenderPassBeginInfo,
                RenderPass = _renderPass,
                Framebuffer = s.Framebuffer,
                RenderArea = new Rect2D(new Offset2D(0, 0), new Extent2D(s.RenderW, s.RenderH)),
                ClearValueCount = 4,
                PClearValues = clears,
            };
            _vk.CmdBeginRenderPass(_cmd, in rp, SubpassContents.Inline);
            var viewport = new Viewport(0, 0, s.RenderW, s.RenderH, 0, 1);
            var scissor = new Rect2D(new Offset2D(0, 0), new Extent2D(s.RenderW, s.RenderH));
            _vk.CmdSetViewport(_cmd, 0, 1, in viewport);
            _vk.CmdSetScissor(_cmd, 0, 1, in scissor);
            _vk.CmdBindPipeline(_cmd, PipelineBindPoint.Graphics, _scenePipeline);
            uint dyn = (uint)((ulong)i * _uniformStride);
            DescriptorSet set = _sceneSet;
            _vk.CmdBindDescriptorSets(_cmd, PipelineBindPoint.Graphics, _sceneLayout, 0, 1, &set, 1, &dyn);
            _vk.CmdBindVertexBuffers(_cmd, 0, 2, vbs, offs);
            if (_staticVertices > 0)
            {
                _vk.CmdDraw(_cmd, (uint)_staticVertices, 1, 0, 0);
            }
            for (int k = 0; k < Kinds.Length; k++)
            {
                if (_kindCount[k] > 0)
                {
                    _vk.CmdDraw(_cmd, (uint)_templateCount[k], (uint)_kindCount[k], (uint)_templateFirst[k], (uint)_kindFirst[k]);
                }
            }
            _vk.CmdEndRenderPass(_cmd);

            // The render pass's outgoing dependency makes the attachments visible to this compute pass.
            _vk.CmdBindPipeline(_cmd, PipelineBindPoint.Compute, _outputPipeline);
            DescriptorSet os = s.OutputSet;
            _vk.CmdBindDescriptorSets(_cmd, PipelineBindPoint.Compute, _outputLayout, 0, 1, &os, 0, null);
            var push = new OutputPush { OutW = s.OutW, OutH = s.OutH, RenW = s.RenderW, RenH = s.RenderH, Flags = s.ShaderFlags };
            _vk.CmdPushConstants(_cmd, _outputLayout, ShaderStageFlags.ComputeBit, 0, (uint)sizeof(OutputPush), &push);
            uint groups = (s.OutW * s.OutH + 255) / 256; // 64 invocations x 4 pixels
            _vk.CmdDispatch(_cmd, groups, 1, 1);
            if ((s.Wanted & CameraOutputs.Nv12) != 0)
            {
                var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.ShaderWriteBit, DstAccessMask = AccessFlags.ShaderReadBit };
                _vk.CmdPipelineBarrier(_cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.ComputeShaderBit, 0, 1, in barrier, 0, null, 0, null);
                _vk.CmdBindPipeline(_cmd, PipelineBindPoint.Compute, _nv12Pipeline);
                DescriptorSet ns = s.Nv12Set;
                _vk.CmdBindDescriptorSets(_cmd, PipelineBindPoint.Compute, _nv12Layout, 0, 1, &ns, 0, null);
                var np = new Nv12Push { Width = s.OutW, Height = s.OutH, BytesPerPixel = (s.ShaderFlags & 2) != 0 ? 4u : 3u };
                _vk.CmdPushConstants(_cmd, _nv12Layout, ShaderStageFlags.ComputeBit, 0, (uint)sizeof(Nv12Push), &np);
                _vk.CmdDispatch(_cmd, (s.OutW / 4 + 7) / 8, (s.OutH / 2 + 7) / 8, 1);
            }
        }
        if (_slots[0] is { Staged: true })
        {
            var toCopy = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.ShaderWriteBit, DstAccessMask = AccessFlags.TransferReadBit };
            _vk.CmdPipelineBarrier(_cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 1, in toCopy, 0, null, 0, null);
            for (int i = 0; i < views.Length; i++)
            {
                _slots[i]!.RecordCopies(_vk, _cmd);
            }
        }
        var toHost = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.ShaderWriteBit | AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        _vk.CmdPipelineBarrier(_cmd, PipelineStageFlags.ComputeShaderBit | PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 1, in toHost, 0, null, 0, null);
        VulkanDevice.Check(_vk.EndCommandBuffer(_cmd), "vkEndCommandBuffer");
    }

    /// <summary>Copies one output (<paramref name="part"/>: colour, depth, semantic, instance, NV12) of a camera.</summary>
    private static void ReadBack(CameraSlot s, CameraTargets t, int part)
    {
        int n = (int)(s.OutW * s.OutH);
        switch (part)
        {
            case 0: ReadColour(s, t, n); break;
            case 1 when t.Depth is { } depth: new ReadOnlySpan<float>(s.Depth!.Mapped, n).CopyTo(depth); break;
            case 2 when t.Semantic is { } sem: new ReadOnlySpan<byte>(s.Semantic!.Mapped, n).CopyTo(sem); break;
            case 3 when t.Instance is { } ins: new ReadOnlySpan<int>(s.Instance!.Mapped, n).CopyTo(ins); break;
            case 4 when t.Nv12 is { } nv: new ReadOnlySpan<byte>(s.Nv12!.Mapped, n * 3 / 2).CopyTo(nv); break;
        }
    }

    private static void ReadColour(CameraSlot s, CameraTargets t, int n)
    {
        if (t.Rgb is { } rgb)
        {
            new ReadOnlySpan<byte>(s.Colour!.Mapped, 3 * n).CopyTo(rgb);
        }
        else if (t.Rgba is { } rgba)
        {
            new ReadOnlySpan<byte>(s.Colour!.Mapped, 4 * n).CopyTo(rgba);
        }
    }

    private void PrepareSlot(int i, in CameraView v, CameraTargets t)
    {
        ArgumentNullException.ThrowIfNull(t);
        CameraOutputs wanted = t.Wanted;
        int ow = v.OutputWidth, oh = v.OutputHeight, n = ow * oh;
        if ((wanted & (CameraOutputs.Rgb | CameraOutputs.Rgba)) == (CameraOutputs.Rgb | CameraOutputs.Rgba))
        {
            throw new ArgumentException("give RGB or RGBA, not both");
        }
        if ((wanted & CameraOutputs.Nv12) != 0 && (ow % 4 != 0 || oh % 2 != 0))
        {
            throw new ArgumentException($"NV12 needs a width divisible by 4 and an even height (got {ow}x{oh})");
        }
        Need(t.Rgb, 3 * n, "Rgb");
        Need(t.Rgba, 4 * n, "Rgba");
        Need(t.Depth, n, "Depth");
        Need(t.Semantic, n, "Semantic");
        Need(t.Instance, n, "Instance");
        Need(t.Nv12, n * 3 / 2, "Nv12");
        CameraSlot? s = _slots[i];
        if (s is not null && s.RenderW == v.Width && s.RenderH == v.Height && s.OutW == ow && s.OutH == oh && ReferenceEquals(s.Remap, v.Remap) && s.Wanted == wanted)
        {
            return;
        }
        s?.Dispose();
        _slots[i] = new CameraSlot(this, v, wanted);
    }

    private static void Need<T>(T[]? a, int n, string what)
    {
        if (a is not null && a.Length < n)
        {
            throw new ArgumentException($"CameraTargets.{what} holds {a.Length} values; the camera needs {n}");
        }
    }

    private DescriptorSetLayout SetLayout(ReadOnlySpan<(DescriptorType Type, ShaderStageFlags Stages)> bindings)
    {
        DescriptorSetLayoutBinding* b = stackalloc DescriptorSetLayoutBinding[bindings.Length];
        for (int i = 0; i < bindings.Length; i++)
        {
            b[i] = new DescriptorSetLayoutBinding((uint)i, bindings[i].Type, 1, bindings[i].Stages);
        }
        var info = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = (uint)bindings.Length, PBindings = b };
        VulkanDevice.Check(_vk.CreateDescriptorSetLayout(_dev, in info, null, out DescriptorSetLayout layout), "vkCreateDescriptorSetLayout");
        return layout;
    }

    private PipelineLayout Layout(DescriptorSetLayout set, uint pushBytes)
    {
        var range = new PushConstantRange(ShaderStageFlags.ComputeBit, 0, pushBytes);
        var info = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &set,
            PushConstantRangeCount = pushBytes > 0 ? 1u : 0u,
            PPushConstantRanges = pushBytes > 0 ? &range : null,
        };
        VulkanDevice.Check(_vk.CreatePipelineLayout(_dev, in info, null, out PipelineLayout layout), "vkCreatePipelineLayout");
        return layout;
    }

    private DescriptorSet Allocate(DescriptorSetLayout layout)
    {
        var info = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = _pool, DescriptorSetCount = 1, PSetLayouts = &layout };
        VulkanDevice.Check(_vk.AllocateDescriptorSets(_dev, in info, out DescriptorSet set), "vkAllocateDescriptorSets");
        return set;
    }

    private RenderPass CreateRenderPass()
    {
        AttachmentDescription* a = stackalloc AttachmentDescription[4];
        Format* formats = stackalloc Format[] { ColourFormat, DepthLinearFormat, LabelFormat };
        for (int i = 0; i < 3; i++)
        {
            // GENERAL at the end: the compute pass reads them as storage images.
            a[i] = new AttachmentDescription(0, formats[i], SampleCountFlags.Count1Bit, AttachmentLoadOp.Clear, AttachmentStoreOp.Store,
                AttachmentLoadOp.DontCare, AttachmentStoreOp.DontCare, ImageLayout.Undefined, ImageLayout.General);
        }
        a[3] = new AttachmentDescription(0, DepthFormat, SampleCountFlags.Count1Bit, AttachmentLoadOp.Clear, AttachmentStoreOp.DontCare,
            AttachmentLoadOp.DontCare, AttachmentStoreOp.DontCare, ImageLayout.Undefined, ImageLayout.DepthStencilAttachmentOptimal);
        AttachmentReference* colourRefs = stackalloc AttachmentReference[3];
        for (int i = 0; i < 3; i++)
        {
            colourRefs[i] = new AttachmentReference((uint)i, ImageLayout.ColorAttachmentOptimal);
        }
        var depthRef = new AttachmentReference(3, ImageLayout.DepthStencilAttachmentOptimal);
        var subpass = new SubpassDescription
        {
            PipelineBindPoint = PipelineBindPoint.Graphics,
            ColorAttachmentCount = 3,
            PColorAttachments = colourRefs,
            PDepthStencilAttachment = &depthRef,
        };
        SubpassDependency* deps = stackalloc SubpassDependency[2];
        // In: the previous frame's compute reads of these images finish before this frame writes them.
        deps[0] = new SubpassDependency(Vk.SubpassExternal, 0, PipelineStageFlags.ComputeShaderBit,
            PipelineStageFlags.ColorAttachmentOutputBit | PipelineStageFlags.EarlyFragmentTestsBit, AccessFlags.ShaderReadBit,
            AccessFlags.ColorAttachmentWriteBit | AccessFlags.DepthStencilAttachmentWriteBit, 0);
        // Out: attachment writes visible to the remap/pack compute shader.
        deps[1] = new SubpassDependency(0, Vk.SubpassExternal, PipelineStageFlags.ColorAttachmentOutputBit, PipelineStageFlags.ComputeShaderBit,
            AccessFlags.ColorAttachmentWriteBit, AccessFlags.ShaderReadBit, 0);
        var info = new RenderPassCreateInfo
        {
            SType = StructureType.RenderPassCreateInfo,
            AttachmentCount = 4,
            PAttachments = a,
            SubpassCount = 1,
            PSubpasses = &subpass,
            DependencyCount = 2,
            PDependencies = deps,
        };
        VulkanDevice.Check(_vk.CreateRenderPass(_dev, in info, null, out RenderPass pass), "vkCreateRenderPass");
        return pass;
    }

    private Pipeline CreateScenePipeline()
    {
        ShaderModule vert = ShaderLibrary.Module(_d, "scene.vert"), frag = ShaderLibrary.Module(_d, "scene.frag");
        byte* main = (byte*)SilkMarshal.StringToPtr("main");
        try
        {
            PipelineShaderStageCreateInfo* stages = stackalloc PipelineShaderStageCreateInfo[2];
            stages[0] = new PipelineShaderStageCreateInfo { SType = StructureType.PipelineShaderStageCreateInfo, Stage = ShaderStageFlags.VertexBit, Module = vert, PName = main };
            stages[1] = new PipelineShaderStageCreateInfo { SType = StructureType.PipelineShaderStageCreateInfo, Stage = ShaderStageFlags.FragmentBit, Module = frag, PName = main };
            VertexInputBindingDescription* bindings = stackalloc VertexInputBindingDescription[2];
            bindings[0] = new VertexInputBindingDescription(0, (uint)sizeof(Vertex), VertexInputRate.Vertex);
            bindings[1] = new VertexInputBindingDescription(1, (uint)sizeof(InstanceData), VertexInputRate.Instance);
            VertexInputAttributeDescription* attrs = stackalloc VertexInputAttributeDescription[8];
            attrs[0] = new(0, 0, Format.R32G32B32Sfloat, 0);
            attrs[1] = new(1, 0, Format.R32G32B32Sfloat, 12);
            attrs[2] = new(2, 0, Format.R32Uint, 24);
            attrs[3] = new(3, 0, Format.R32Uint, 28);
            attrs[4] = new(4, 1, Format.R32G32B32A32Sfloat, 0);
            attrs[5] = new(5, 1, Format.R32G32B32A32Sfloat, 16);
            attrs[6] = new(6, 1, Format.R32G32B32A32Sfloat, 32);
            attrs[7] = new(7, 1, Format.R32G32B32A32Uint, 48);
            var vertexInput = new PipelineVertexInputStateCreateInfo
            {
                SType = StructureType.PipelineVertexInputStateCreateInfo,
                VertexBindingDescriptionCount = 2,
                PVertexBindingDescriptions = bindings,
                VertexAttributeDescriptionCount = 8,
                PVertexAttributeDescriptions = attrs,
            };
            var assembly = new PipelineInputAssemblyStateCreateInfo { SType = StructureType.PipelineInputAssemblyStateCreateInfo, Topology = PrimitiveTopology.TriangleList };
            var viewport = new PipelineViewportStateCreateInfo { SType = StructureType.PipelineViewportStateCreateInfo, ViewportCount = 1, ScissorCount = 1 };
            var raster = new PipelineRasterizationStateCreateInfo
            {
                SType = StructureType.PipelineRasterizationStateCreateInfo,
                PolygonMode = PolygonMode.Fill,
                CullMode = CullModeFlags.None, // templates are not consistently wound; both faces are drawn
                FrontFace = FrontFace.CounterClockwise,
                LineWidth = 1,
            };
            var multisample = new PipelineMultisampleStateCreateInfo { SType = StructureType.PipelineMultisampleStateCreateInfo, RasterizationSamples = SampleCountFlags.Count1Bit };
            var depth = new PipelineDepthStencilStateCreateInfo
            {
                SType = StructureType.PipelineDepthStencilStateCreateInfo,
                DepthTestEnable = true,
                DepthWriteEnable = true,
                DepthCompareOp = CompareOp.Less,
            };
            PipelineColorBlendAttachmentState* blend = stackalloc PipelineColorBlendAttachmentState[3];
            for (int i = 0; i < 3; i++)
            {
                blend[i] = new PipelineColorBlendAttachmentState { ColorWriteMask = ColorComponentFlags.RBit | ColorComponentFlags.GBit | ColorComponentFlags.BBit | ColorComponentFlags.ABit };
            }
            var colourBlend = new PipelineColorBlendStateCreateInfo { SType = StructureType.PipelineColorBlendStateCreateInfo, AttachmentCount = 3, PAttachments = blend };
            DynamicState* dynamics = stackalloc DynamicState[] { DynamicState.Viewport, DynamicState.Scissor };
            var dynamic = new PipelineDynamicStateCreateInfo { SType = StructureType.PipelineDynamicStateCreateInfo, DynamicStateCount = 2, PDynamicStates = dynamics };
            var info = new GraphicsPipelineCreateInfo
            {
                SType = StructureType.GraphicsPipelineCreateInfo,
                StageCount = 2,
                PStages = stages,
                PVertexInputState = &vertexInput,
                PInputAssemblyState = &assembly,
                PViewportState = &viewport,
                PRasterizationState = &raster,
                PMultisampleState = &multisample,
                PDepthStencilState = &depth,
                PColorBlendState = &colourBlend,
                PDynamicState = &dynamic,
                Layout = _sceneLayout,
                RenderPass = _renderPass,
                Subpass = 0,
            };
            VulkanDevice.Check(_vk.CreateGraphicsPipelines(_dev, default, 1, in info, null, out Pipeline pipeline), "vkCreateGraphicsPipelines");
            return pipeline;
        }
        finally
        {
            SilkMarshal.Free((nint)main);
            _vk.DestroyShaderModule(_dev, vert, null);
            _vk.DestroyShaderModule(_dev, frag, null);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _copyFanOut.Dispose();
        _vk.DeviceWaitIdle(_dev);
        foreach (CameraSlot? s in _slots)
        {
            s?.Dispose();
        }
        _vk.DestroyFence(_dev, _fence, null);
        CommandBuffer cmd = _cmd;
        _vk.FreeCommandBuffers(_dev, _d.CommandPool, 1, in cmd);
        _vk.DestroyPipeline(_dev, _scenePipeline, null);
        _vk.DestroyPipeline(_dev, _outputPipeline, null);
        _vk.DestroyPipeline(_dev, _nv12Pipeline, null);
        _vk.DestroyRenderPass(_dev, _renderPass, null);
        _vk.DestroyDescriptorPool(_dev, _pool, null);
        _vk.DestroyPipelineLayout(_dev, _sceneLayout, null);
        _vk.DestroyPipelineLayout(_dev, _outputLayout, null);
        _vk.DestroyPipelineLayout(_dev, _nv12Layout, null);
        _vk.DestroyDescriptorSetLayout(_dev, _sceneSetLayout, null);
        _vk.DestroyDescriptorSetLayout(_dev, _outputSetLayout, null);
        _vk.DestroyDescriptorSetLayout(_dev, _nv12SetLayout, null);
        _instances.Dispose();
        _uniforms.Dispose();
        _dummy.Dispose();
        _vertices.Dispose();
    }

    /// <summary>One camera's targets, output buffers and descriptor sets.</summary>
    private sealed class CameraSlot : IDisposable
    {
        private readonly SceneRenderer _r;
        private readonly GpuImage _colour, _depthLinear, _label, _depth;
        private readonly GpuBuffer? _remap;

        public CameraSlot(SceneRenderer r, in CameraView v, CameraOutputs wanted)
        {
            _r = r;
            VulkanDevice d = r._d;
            RenderW = (uint)v.Width;
            RenderH = (uint)v.Height;
            OutW = (uint)v.OutputWidth;
            OutH = (uint)v.OutputHeight;
            Remap = v.Remap;
            Wanted = wanted;
            const ImageUsageFlags target = ImageUsageFlags.ColorAttachmentBit | ImageUsageFlags.StorageBit;
            _colour = d.CreateImage(RenderW, RenderH, ColourFormat, target, ImageAspectFlags.ColorBit);
            _depthLinear = d.CreateImage(RenderW, RenderH, DepthLinearFormat, target, ImageAspectFlags.ColorBit);
            _label = d.CreateImage(RenderW, RenderH, LabelFormat, target, ImageAspectFlags.ColorBit);
            _depth = d.CreateImage(RenderW, RenderH, DepthFormat, ImageUsageFlags.DepthStencilAttachmentBit, ImageAspectFlags.DepthBit);
            ImageView* views = stackalloc ImageView[] { _colour.View, _depthLinear.View, _label.View, _depth.View };
            var fb = new FramebufferCreateInfo
            {
                SType = StructureType.FramebufferCreateInfo,
                RenderPass = r._renderPass,
                AttachmentCount = 4,
                PAttachments = views,
                Width = RenderW,
                Height = RenderH,
                Layers = 1,
            };
            VulkanDevice.Check(d.Vk.CreateFramebuffer(d.Device, in fb, null, out Framebuffer framebuffer), "vkCreateFramebuffer");
            Framebuffer = framebuffer;

            // Pixel count padded to whole 4-pixel groups: the shader writes whole words.
            ulong n = (OutW * OutH + 3u) / 4u * 4u;
            const MemoryPropertyFlags host = MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit;
            // Host-cached where the device offers it: the CPU reads these back every frame.
            GpuBuffer? Out(bool want, ulong bytes) => want ? d.CreateBuffer(bytes, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferDstBit, host, MemoryPropertyFlags.HostCachedBit) : null;
            // A GPU writes its results to device-local memory and the copy engine moves them to the
            // host buffers (shader stores straight across PCIe cost ~5 ms per 1920x1208 camera on an
            // H100); on a CPU device all memory is host memory and the shader writes the host buffers.
            Staged = !d.IsSoftware;
            GpuBuffer? Dev(GpuBuffer? hostBuffer) => hostBuffer is null || !Staged ? hostBuffer
                : d.CreateBuffer(hostBuffer.Size, BufferUsageFlags.StorageBufferBit | BufferUsageFlags.TransferSrcBit, MemoryPropertyFlags.DeviceLocalBit);
            bool colour = (wanted & (CameraOutputs.Rgb | CameraOutputs.Rgba | CameraOutputs.Nv12)) != 0;
            Colour = Out(colour, 4 * n);
            Depth = Out((wanted & CameraOutputs.Depth) != 0, 4 * n);
            Semantic = Out((wanted & CameraOutputs.Semantic) != 0, n);
            Instance = Out((wanted & CameraOutputs.Instance) != 0, 4 * n);
            Nv12 = Out((wanted & CameraOutputs.Nv12) != 0, OutW * OutH * 3 / 2);
            DevColour = Dev(Colour);
            DevDepth = Dev(Depth);
            DevSemantic = Dev(Semantic);
            DevInstance = Dev(Instance);
            DevNv12 = Dev(Nv12);
            if (v.Remap is { } remap)
            {
                _remap = d.Upload<float>(remap.Interleaved, BufferUsageFlags.StorageBufferBit);
            }
            uint flags = (wanted & CameraOutputs.Rgba) != 0 ? 2u : colour ? 1u : 0u;
            flags |= (wanted & CameraOutputs.Depth) != 0 ? 4u : 0u;
            flags |= (wanted & CameraOutputs.Semantic) != 0 ? 8u : 0u;
            flags |= (wanted & CameraOutputs.Instance) != 0 ? 16u : 0u;
            flags |= _remap is not null ? 32u : 0u;
            ShaderFlags = flags;

            OutputSet = r.Allocate(r._outputSetLayout);
            DescriptorImageInfo* images = stackalloc DescriptorImageInfo[3];
            images[0] = new DescriptorImageInfo(default, _colour.View, ImageLayout.General);
            images[1] = new DescriptorImageInfo(default, _depthLinear.View, ImageLayout.General);
            images[2] = new DescriptorImageInfo(default, _label.View, ImageLayout.General);
            DescriptorBufferInfo* buffers = stackalloc DescriptorBufferInfo[5];
            GpuBuffer dummy = r._dummy;
            buffers[0] = Whole(_remap ?? dummy);
            buffers[1] = Whole(DevColour ?? dummy);
            buffers[2] = Whole(DevDepth ?? dummy);
            buffers[3] = Whole(DevSemantic ?? dummy);
            buffers[4] = Whole(DevInstance ?? dummy);
            WriteDescriptorSet* writes = stackalloc WriteDescriptorSet[8];
            for (int i = 0; i < 3; i++)
            {
                writes[i] = new WriteDescriptorSet { SType = StructureType.WriteDescriptorSet, DstSet = OutputSet, DstBinding = (uint)i, DescriptorCount = 1, DescriptorType = DescriptorType.StorageImage, PImageInfo = images + i };
            }
            for (int i = 0; i < 5; i++)
            {
                writes[3 + i] = new WriteDescriptorSet { SType = StructureType.WriteDescriptorSet, DstSet = OutputSet, DstBinding = (uint)(3 + i), DescriptorCount = 1, DescriptorType = DescriptorType.StorageBuffer, PBufferInfo = buffers + i };
            }
            d.Vk.UpdateDescriptorSets(d.Device, 8, writes, 0, null);

            Nv12Set = r.Allocate(r._nv12SetLayout);
            DescriptorBufferInfo* nb = stackalloc DescriptorBufferInfo[2];
            nb[0] = Whole(DevColour ?? dummy);
            nb[1] = Whole(DevNv12 ?? dummy);
            WriteDescriptorSet* nw = stackalloc WriteDescriptorSet[2];
            for (int i = 0; i < 2; i++)
            {
                nw[i] = new WriteDescriptorSet { SType = StructureType.WriteDescriptorSet, DstSet = Nv12Set, DstBinding = (uint)i, DescriptorCount = 1, DescriptorType = DescriptorType.StorageBuffer, PBufferInfo = nb + i };
            }
            d.Vk.UpdateDescriptorSets(d.Device, 2, nw, 0, null);
        }

        private static DescriptorBufferInfo Whole(GpuBuffer b) => new(b.Handle, 0, Vk.WholeSize);

        public uint RenderW { get; }
        public uint RenderH { get; }
        public uint OutW { get; }
        public uint OutH { get; }
        public RemapTable? Remap { get; }
        public CameraOutputs Wanted { get; }
        public uint ShaderFlags { get; }
        public Framebuffer Framebuffer { get; }
        public DescriptorSet OutputSet { get; }
        public DescriptorSet Nv12Set { get; }
        public GpuBuffer? Colour { get; }
        public GpuBuffer? Depth { get; }
        public GpuBuffer? Semantic { get; }
        public GpuBuffer? Instance { get; }
        public GpuBuffer? Nv12 { get; }
        public bool Staged { get; }
        public GpuBuffer? DevColour { get; }
        public GpuBuffer? DevDepth { get; }
        public GpuBuffer? DevSemantic { get; }
        public GpuBuffer? DevInstance { get; }
        public GpuBuffer? DevNv12 { get; }

        /// <summary>Records the device-to-host copies of the wanted outputs (staged slots only).</summary>
        public void RecordCopies(Vk vk, CommandBuffer cmd)
        {
            if (!Staged)
            {
                return;
            }
            ulong n = OutW * OutH;
            Copy(vk, cmd, (Wanted & (CameraOutputs.Rgb | CameraOutputs.Rgba)) != 0 ? DevColour : null, Colour, (Wanted & CameraOutputs.Rgba) != 0 ? 4 * n : 3 * n);
            Copy(vk, cmd, DevDepth, Depth, 4 * n);
            Copy(vk, cmd, DevSemantic, Semantic, n);
            Copy(vk, cmd, DevInstance, Instance, 4 * n);
            Copy(vk, cmd, DevNv12, Nv12, n * 3 / 2);
        }

        private static void Copy(Vk vk, CommandBuffer cmd, GpuBuffer? from, GpuBuffer? to, ulong bytes)
        {
            if (from is not null && to is not null && bytes > 0)
            {
                var region = new BufferCopy(0, 0, bytes);
                vk.CmdCopyBuffer(cmd, from.Handle, to.Handle, 1, in region);
            }
        }

        public void Dispose()
        {
            VulkanDevice d = _r._d;
            DescriptorSet* sets = stackalloc DescriptorSet[] { OutputSet, Nv12Set };
            d.Vk.FreeDescriptorSets(d.Device, _r._pool, 2, sets);
            d.Vk.DestroyFramebuffer(d.Device, Framebuffer, null);
            _colour.Dispose();
            _depthLinear.Dispose();
            _label.Dispose();
            _depth.Dispose();
            _remap?.Dispose();
            Colour?.Dispose();
            Depth?.Dispose();
            Semantic?.Dispose();
            Instance?.Dispose();
            Nv12?.Dispose();
            if (Staged)
            {
                DevColour?.Dispose();
                DevDepth?.Dispose();
                DevSemantic?.Dispose();
                DevInstance?.Dispose();
                DevNv12?.Dispose();
            }
        }
    }
}
