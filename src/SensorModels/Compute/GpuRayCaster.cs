using System.Runtime.InteropServices;
using SensorModels.Geometry;
using SensorModels.Rendering;
using Silk.NET.Vulkan;

namespace SensorModels.Compute;

/// <summary>
/// Casts a <see cref="RayBatch"/> on a Vulkan device with a compute shader (Compute/Shaders/
/// raycast.comp): no ray-tracing extension, so any Vulkan device runs it, lavapipe included. The
/// static scene's 4-wide BVH and every entity template's are uploaded once into device-local
/// buffers (through a staging buffer); each cast copies the batch's rays and pose sets (instance
/// transforms and the top levels over them) in through host-visible staging buffers, traverses all
/// rays in one dispatch, and copies the hits back out through a host-visible buffer: one
/// submission and one fence wait per cast. Buffers grow with the largest batch and are kept.
/// Not thread-safe: one thread casts (the queue is the device's only one, shared with the cameras).
/// </summary>
internal sealed unsafe class GpuRayCaster : IDisposable
{
    /// <summary>Stack of the shader's top level (as <see cref="SceneGeometry"/>'s).</summary>
    public const int TopStack = 64;

    private const int GroupSize = 64;
    private const int MaxGroupsX = 65535; // the least maxComputeWorkGroupCount[0] a device may have
    private const int Bindings = 8;

    private readonly VulkanDevice _d;
    private readonly Vk _vk;
    private readonly Device _dev;
    private readonly SceneGeometry _scene;
    private readonly GpuBuffer _nodes;
    private readonly GpuBuffer _tris;
    private readonly int[] _templateRoots;
    private readonly DescriptorSetLayout _setLayout;
    private readonly PipelineLayout _layout;
    private readonly Pipeline _pipeline;
    private readonly DescriptorPool _pool;
    private readonly DescriptorSet _set;
    private readonly CommandBuffer _cmd;
    private readonly Fence _fence;
    private readonly QueryPool _timestamps;
    private readonly bool _timed;
    private readonly double _timestampNs;
    // Per cast, host staging and device copies: top nodes, top order, instances, pose sets, rays; hits back.
    private readonly Staged _top, _order, _instances, _poseSets, _rays, _hits;
    private bool _descriptorsStale = true;
    private bool _disposed;

    [StructLayout(LayoutKind.Sequential)]
    private struct Node4
    {
        public fixed float Bounds[24];
        public fixed int Child[4];
        public fixed int Count[4];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Tri
    {
        public F3 V0;
        public int Index;
        public F3 E1;
        public float Pad1;
        public F3 E2;
        public float Pad2;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Instance
    {
        public F3 Inv0;
        public int Root;
        public F3 Inv1;
        public int Entity;
        public F3 Inv2;
        public int Pad0;
        public F3 T;
        public int Pad1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PoseSet
    {
        public int Root, FirstInstance, FirstOrder, Pad;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Push
    {
        public uint RayCount;
        public int StaticRoot;
        public uint RowLength;
    }

    /// <summary>Uploads <paramref name="scene"/>'s static BVH and the entity templates and builds the pipeline.</summary>
    /// <exception cref="VulkanException">A Vulkan call failed.</exception>
    /// <exception cref="InvalidOperationException">A tree is too deep for the shader's stack.</exception>
    public GpuRayCaster(VulkanDevice device, SceneGeometry scene)
    {
        _d = device;
        _vk = device.Vk;
        _dev = device.Device;
        _scene = scene;

        // Static scene first (root 0), then every template, each rebased into the shared arrays.
        IReadOnlyList<Bvh> templates = MeshTemplates.Templates;
        var trees = new List<Bvh> { scene.StaticBvh };
        trees.AddRange(templates);
        int nodeCount = 0, triCount = 0, stack = 1;
        foreach (Bvh b in trees)
        {
            nodeCount += b.Wide.NodeCount;
            triCount += b.Triangles.Length;
            stack = Math.Max(stack, b.Wide.StackNeed());
        }
        StackSize = (stack + 7) / 8 * 8;
        var nodes = new Node4[nodeCount];
        var tris = new Tri[Math.Max(1, triCount)];
        _templateRoots = new int[templates.Count];
        int nodeBase = 0, triBase = 0;
        for (int t = 0; t < trees.Count; t++)
        {
            Bvh b = trees[t];
            if (t > 0)
            {
                _templateRoots[t - 1] = nodeBase;
            }
            Bvh4 w = b.Wide;
            for (int n = 0; n < w.NodeCount; n++)
            {
                ref Node4 dst = ref nodes[nodeBase + n];
                for (int k = 0; k < 24; k++)
                {
                    dst.Bounds[k] = w.Bounds[24 * n + k];
                }
                for (int k = 0; k < 4; k++)
                {
                    int c = w.Children[4 * n + k];
                    dst.Child[k] = c >= 0 ? c + nodeBase : ~(~c + triBase);
                    dst.Count[k] = w.Counts[4 * n + k];
                }
            }
            BvhTriangle[] src = b.Triangles;
            for (int i = 0; i < src.Length; i++)
            {
                tris[triBase + i] = new Tri { V0 = src[i].V0, Index = src[i].Index, E1 = src[i].E1, E2 = src[i].E2 };
            }
            nodeBase += w.NodeCount;
            triBase += src.Length;
        }
        _nodes = device.Upload<Node4>(nodes, BufferUsageFlags.StorageBufferBit);
        _tris = device.Upload<Tri>(tris, BufferUsageFlags.StorageBufferBit);
        StaticTriangles = scene.StaticBvh.Triangles.Length;
        _top = new Staged(device, false);
        _order = new Staged(device, false);
        _instances = new Staged(device, false);
        _poseSets = new Staged(device, false);
        _rays = new Staged(device, false);
        _hits = new Staged(device, true);

        DescriptorSetLayoutBinding* bindings = stackalloc DescriptorSetLayoutBinding[Bindings];
        for (int i = 0; i < Bindings; i++)
        {
            bindings[i] = new DescriptorSetLayoutBinding((uint)i, DescriptorType.StorageBuffer, 1, ShaderStageFlags.ComputeBit);
        }
        var setInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = Bindings, PBindings = bindings };
        VulkanDevice.Check(_vk.CreateDescriptorSetLayout(_dev, in setInfo, null, out _setLayout), "vkCreateDescriptorSetLayout");
        var range = new PushConstantRange(ShaderStageFlags.ComputeBit, 0, (uint)sizeof(Push));
        DescriptorSetLayout setLayout = _setLayout;
        var layoutInfo = new PipelineLayoutCreateInfo
        {
            SType = StructureType.PipelineLayoutCreateInfo,
            SetLayoutCount = 1,
            PSetLayouts = &setLayout,
            PushConstantRangeCount = 1,
            PPushConstantRanges = &range,
        };
        VulkanDevice.Check(_vk.CreatePipelineLayout(_dev, in layoutInfo, null, out _layout), "vkCreatePipelineLayout");
        _pipeline = ShaderLibrary.ComputePipeline(device, "raycast.comp", _layout, [StackSize]);

        var size = new DescriptorPoolSize(DescriptorType.StorageBuffer, Bindings);
        var poolInfo = new DescriptorPoolCreateInfo { SType = StructureType.DescriptorPoolCreateInfo, MaxSets = 1, PoolSizeCount = 1, PPoolSizes = &size };
        VulkanDevice.Check(_vk.CreateDescriptorPool(_dev, in poolInfo, null, out _pool), "vkCreateDescriptorPool");
        var allocInfo = new DescriptorSetAllocateInfo { SType = StructureType.DescriptorSetAllocateInfo, DescriptorPool = _pool, DescriptorSetCount = 1, PSetLayouts = &setLayout };
        VulkanDevice.Check(_vk.AllocateDescriptorSets(_dev, in allocInfo, out _set), "vkAllocateDescriptorSets");

        _cmd = device.AllocateCommandBuffer();
        _fence = device.CreateFence();

        uint families = 0;
        _vk.GetPhysicalDeviceQueueFamilyProperties(device.Physical, ref families, null);
        var props = new QueueFamilyProperties[families];
        fixed (QueueFamilyProperties* p = props)
        {
            _vk.GetPhysicalDeviceQueueFamilyProperties(device.Physical, ref families, p);
        }
        _timed = props[device.QueueFamily].TimestampValidBits > 0 && device.Limits.TimestampPeriod > 0;
        _timestampNs = device.Limits.TimestampPeriod;
        if (_timed)
        {
            var queryInfo = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = 2 };
            VulkanDevice.Check(_vk.CreateQueryPool(_dev, in queryInfo, null, out _timestamps), "vkCreateQueryPool");
        }
    }

    /// <summary>The device cast on.</summary>
    public VulkanDevice Device => _d;

    /// <summary>The scene whose static geometry was uploaded (queries must come from it).</summary>
    public SceneGeometry Scene => _scene;

    /// <summary>Entries of the shader's traversal stack (the deepest uploaded tree's need, rounded up).</summary>
    public int StackSize { get; }

    /// <summary>Triangles of the static scene on the device.</summary>
    public int StaticTriangles { get; }

    /// <summary>Seconds of the last cast's dispatch on the device (timestamps; NaN when the queue has none).</summary>
    public double LastDispatchSeconds { get; private set; } = double.NaN;

    /// <summary>Seconds of the last cast from submission to the fence: copies in, dispatch, copy out.</summary>
    public double LastSubmitSeconds { get; private set; }

    /// <summary>Traces every query of <paramref name="batch"/> (one dispatch) and fills its hits.</summary>
    /// <exception cref="VulkanException">A Vulkan call failed (a lost device, memory exhausted).</exception>
    /// <exception cref="InvalidOperationException">A pose set's top level is deeper than the shader's stack.</exception>
    public void Cast(RayBatch batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (batch.Scene != _scene)
        {
            throw new ArgumentException("the batch's scene is not the one this caster uploaded", nameof(batch));
        }
        int n = batch.Count;
        if (n == 0)
        {
            return;
        }
        WritePoses(batch);
        _descriptorsStale |= _rays.Ensure((ulong)n * (ulong)sizeof(RayQuery), BufferUsageFlags.StorageBufferBit);
        _descriptorsStale |= _hits.Ensure((ulong)n * (ulong)sizeof(RayHit), BufferUsageFlags.StorageBufferBit);
        MemoryMarshal.AsBytes(batch.Rays).CopyTo(new Span<byte>(_rays.Host!.Mapped, n * sizeof(RayQuery)));
        if (_descriptorsStale)
        {
            WriteDescriptors();
        }
        Record(n);
        CommandBuffer cmd = _cmd;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = &cmd };
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        VulkanDevice.Check(_vk.QueueSubmit(_d.Queue, 1, in submit, _fence), "vkQueueSubmit");
        Fence fence = _fence;
        VulkanDevice.Check(_vk.WaitForFences(_dev, 1, in fence, true, ulong.MaxValue), "vkWaitForFences");
        VulkanDevice.Check(_vk.ResetFences(_dev, 1, in fence), "vkResetFences");
        LastSubmitSeconds = (System.Diagnostics.Stopwatch.GetTimestamp() - t0) / (double)System.Diagnostics.Stopwatch.Frequency;
        new ReadOnlySpan<RayHit>(_hits.Host!.Mapped, n).CopyTo(batch.Hits);
        if (_timed)
        {
            ulong* stamps = stackalloc ulong[2];
            Result r = _vk.GetQueryPoolResults(_dev, _timestamps, 0, 2, 2 * sizeof(ulong), stamps, sizeof(ulong), QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit);
            LastDispatchSeconds = r == Result.Success ? (stamps[1] - stamps[0]) * _timestampNs * 1e-9 : double.NaN;
        }
    }

    /// <summary>Instances, top levels and pose-set records of every pose set, into the host staging buffers.</summary>
    private void WritePoses(RayBatch batch)
    {
        int sets = batch.PoseCount, instances = 0, topNodes = 0;
        for (int p = 0; p < sets; p++)
        {
            ScenePose pose = batch.Pose(p);
            instances += pose.InstanceCount;
            topNodes += pose.TopNodeCount;
        }
        _descriptorsStale |= _top.Ensure((ulong)Math.Max(1, topNodes) * (ulong)sizeof(BvhNode), BufferUsageFlags.StorageBufferBit);
        _descriptorsStale |= _order.Ensure((ulong)Math.Max(1, instances) * sizeof(int), BufferUsageFlags.StorageBufferBit);
        _descriptorsStale |= _instances.Ensure((ulong)Math.Max(1, instances) * (ulong)sizeof(Instance), BufferUsageFlags.StorageBufferBit);
        _descriptorsStale |= _poseSets.Ensure((ulong)Math.Max(1, sets) * (ulong)sizeof(PoseSet), BufferUsageFlags.StorageBufferBit);
        var top = new Span<BvhNode>(_top.Host!.Mapped, topNodes);
        var order = new Span<int>(_order.Host!.Mapped, instances);
        var inst = new Span<Instance>(_instances.Host!.Mapped, instances);
        var records = new Span<PoseSet>(_poseSets.Host!.Mapped, sets);
        int nodeBase = 0, instanceBase = 0;
        for (int p = 0; p < sets; p++)
        {
            ScenePose pose = batch.Pose(p);
            if (TopDepth(pose) >= TopStack)
            {
                throw new InvalidOperationException($"the instance top level is deeper than the GPU ray caster's stack ({TopStack})");
            }
            for (int i = 0; i < pose.InstanceCount; i++)
            {
                ref readonly InstancePose s = ref pose.Instances[i];
                inst[instanceBase + i] = new Instance
                {
                    Inv0 = s.Inv0, Inv1 = s.Inv1, Inv2 = s.Inv2, T = s.T,
                    Root = _templateRoots[s.TemplateIndex], Entity = s.EntityId,
                };
                order[instanceBase + i] = pose.TopOrder[i];
            }
            for (int k = 0; k < pose.TopNodeCount; k++)
            {
                BvhNode node = pose.Top[k];
                // Inner nodes point at their children, leaves at their order slots: both move with this set's base.
                node.LeftOrFirst += node.Count == 0 ? nodeBase : instanceBase;
                top[nodeBase + k] = node;
            }
            records[p] = new PoseSet { Root = pose.Empty ? -1 : nodeBase, FirstInstance = instanceBase, FirstOrder = instanceBase };
            nodeBase += pose.TopNodeCount;
            instanceBase += pose.InstanceCount;
        }
        _top.Bytes = (ulong)topNodes * (ulong)sizeof(BvhNode);
        _order.Bytes = (ulong)instances * sizeof(int);
        _instances.Bytes = (ulong)instances * (ulong)sizeof(Instance);
        _poseSets.Bytes = (ulong)sets * (ulong)sizeof(PoseSet);
    }

    /// <summary>Depth of a pose set's top level (the shader's top stack holds at most depth + 1 entries).</summary>
    private static int TopDepth(ScenePose pose)
    {
        if (pose.Empty)
        {
            return 0;
        }
        Span<(int Node, int Depth)> stack = stackalloc (int, int)[TopStack + 2];
        int sp = 0, deepest = 0;
        stack[sp++] = (0, 0);
        while (sp > 0)
        {
            (int node, int depth) = stack[--sp];
            deepest = Math.Max(deepest, depth);
            if (deepest >= TopStack)
            {
                return deepest;
            }
            if (pose.Top[node].Count == 0)
            {
                stack[sp++] = (pose.Top[node].LeftOrFirst, depth + 1);
                stack[sp++] = (pose.Top[node].LeftOrFirst + 1, depth + 1);
            }
        }
        return deepest;
    }

    private void WriteDescriptors()
    {
        DescriptorBufferInfo* info = stackalloc DescriptorBufferInfo[Bindings];
        info[0] = new DescriptorBufferInfo(_nodes.Handle, 0, Vk.WholeSize);
        info[1] = new DescriptorBufferInfo(_tris.Handle, 0, Vk.WholeSize);
        info[2] = new DescriptorBufferInfo(_top.Device!.Handle, 0, Vk.WholeSize);
        info[3] = new DescriptorBufferInfo(_order.Device!.Handle, 0, Vk.WholeSize);
        info[4] = new DescriptorBufferInfo(_instances.Device!.Handle, 0, Vk.WholeSize);
        info[5] = new DescriptorBufferInfo(_poseSets.Device!.Handle, 0, Vk.WholeSize);
        info[6] = new DescriptorBufferInfo(_rays.Device!.Handle, 0, Vk.WholeSize);
        info[7] = new DescriptorBufferInfo(_hits.Device!.Handle, 0, Vk.WholeSize);
        WriteDescriptorSet* writes = stackalloc WriteDescriptorSet[Bindings];
        for (int i = 0; i < Bindings; i++)
        {
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = _set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.StorageBuffer,
                PBufferInfo = &info[i],
            };
        }
        _vk.UpdateDescriptorSets(_dev, Bindings, writes, 0, null);
        _descriptorsStale = false;
    }

    private void Record(int n)
    {
        VulkanDevice.Check(_vk.ResetCommandBuffer(_cmd, 0), "vkResetCommandBuffer");
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        VulkanDevice.Check(_vk.BeginCommandBuffer(_cmd, in begin), "vkBeginCommandBuffer");
        ulong rayBytes = (ulong)n * (ulong)sizeof(RayQuery);
        _rays.Bytes = rayBytes;
        _rays.RecordUpload(_vk, _cmd);
        _top.RecordUpload(_vk, _cmd);
        _order.RecordUpload(_vk, _cmd);
        _instances.RecordUpload(_vk, _cmd);
        _poseSets.RecordUpload(_vk, _cmd);
        var toShader = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.ShaderReadBit };
        _vk.CmdPipelineBarrier(_cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.ComputeShaderBit, 0, 1, in toShader, 0, null, 0, null);
        if (_timed)
        {
            _vk.CmdResetQueryPool(_cmd, _timestamps, 0, 2);
            _vk.CmdWriteTimestamp(_cmd, PipelineStageFlags.TopOfPipeBit, _timestamps, 0);
        }
        _vk.CmdBindPipeline(_cmd, PipelineBindPoint.Compute, _pipeline);
        DescriptorSet set = _set;
        _vk.CmdBindDescriptorSets(_cmd, PipelineBindPoint.Compute, _layout, 0, 1, &set, 0, null);
        uint groups = (uint)((n + GroupSize - 1) / GroupSize);
        uint gx = Math.Min(groups, MaxGroupsX), gy = (groups + gx - 1) / gx;
        var push = new Push { RayCount = (uint)n, StaticRoot = 0, RowLength = gx * GroupSize };
        _vk.CmdPushConstants(_cmd, _layout, ShaderStageFlags.ComputeBit, 0, (uint)sizeof(Push), &push);
        _vk.CmdDispatch(_cmd, gx, gy, 1);
        if (_timed)
        {
            _vk.CmdWriteTimestamp(_cmd, PipelineStageFlags.ComputeShaderBit, _timestamps, 1);
        }
        var toCopy = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.ShaderWriteBit, DstAccessMask = AccessFlags.TransferReadBit };
        _vk.CmdPipelineBarrier(_cmd, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.TransferBit, 0, 1, in toCopy, 0, null, 0, null);
        _hits.Bytes = (ulong)n * (ulong)sizeof(RayHit);
        _hits.RecordDownload(_vk, _cmd);
        var toHost = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = AccessFlags.TransferWriteBit, DstAccessMask = AccessFlags.HostReadBit };
        _vk.CmdPipelineBarrier(_cmd, PipelineStageFlags.TransferBit, PipelineStageFlags.HostBit, 0, 1, in toHost, 0, null, 0, null);
        VulkanDevice.Check(_vk.EndCommandBuffer(_cmd), "vkEndCommandBuffer");
    }

    /// <summary>Releases the device objects (not the device).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _vk.DeviceWaitIdle(_dev);
        if (_timed)
        {
            _vk.DestroyQueryPool(_dev, _timestamps, null);
        }
        _vk.DestroyFence(_dev, _fence, null);
        CommandBuffer cmd = _cmd;
        _vk.FreeCommandBuffers(_dev, _d.CommandPool, 1, in cmd);
        _vk.DestroyPipeline(_dev, _pipeline, null);
        _vk.DestroyPipelineLayout(_dev, _layout, null);
        _vk.DestroyDescriptorPool(_dev, _pool, null);
        _vk.DestroyDescriptorSetLayout(_dev, _setLayout, null);
        foreach (Staged s in new[] { _top, _order, _instances, _poseSets, _rays, _hits })
        {
            s.Dispose();
        }
        _nodes.Dispose();
        _tris.Dispose();
    }

    /// <summary>
    /// A device-local buffer the shader reads or writes and its host-visible staging twin, grown
    /// (to twice the need) only when a batch needs more; <see cref="Bytes"/> is what the next copy moves.
    /// </summary>
    private sealed class Staged(VulkanDevice device, bool download) : IDisposable
    {
        private ulong _capacity;

        public GpuBuffer? Host { get; private set; }

        public GpuBuffer? Device { get; private set; }

        public ulong Bytes { get; set; }

        /// <summary>Makes room for <paramref name="bytes"/>; true when the buffers were replaced.</summary>
        public bool Ensure(ulong bytes, BufferUsageFlags usage)
        {
            if (bytes <= _capacity && Host is not null)
            {
                return false;
            }
            Dispose();
            _capacity = Math.Max(bytes, 2 * _capacity);
            const MemoryPropertyFlags host = MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit;
            Device = device.CreateBuffer(_capacity, usage | (download ? BufferUsageFlags.TransferSrcBit : BufferUsageFlags.TransferDstBit), MemoryPropertyFlags.DeviceLocalBit);
            // Read-back memory is read by the CPU: cached where the device offers it.
            Host = device.CreateBuffer(_capacity, download ? BufferUsageFlags.TransferDstBit : BufferUsageFlags.TransferSrcBit, host,
                download ? MemoryPropertyFlags.HostCachedBit : 0);
            return true;
        }

        public void RecordUpload(Vk vk, CommandBuffer cmd)
        {
            if (Bytes > 0)
            {
                var region = new BufferCopy(0, 0, Bytes);
                vk.CmdCopyBuffer(cmd, Host!.Handle, Device!.Handle, 1, in region);
            }
        }

        public void RecordDownload(Vk vk, CommandBuffer cmd)
        {
            if (Bytes > 0)
            {
                var region = new BufferCopy(0, 0, Bytes);
                vk.CmdCopyBuffer(cmd, Device!.Handle, Host!.Handle, 1, in region);
            }
        }

        public void Dispose()
        {
            Host?.Dispose();
            Device?.Dispose();
            Host = null;
            Device = null;
        }
    }
}
