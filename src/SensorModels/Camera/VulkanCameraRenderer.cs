using SensorModels.Geometry;
using SensorModels.Rendering;
using SensorModels.Runtime;
using SimCore.Simulation;

namespace SensorModels.Camera;

/// <summary>
/// Renders a rig's cameras with the Vulkan <see cref="SceneRenderer"/>: cameras on the same
/// schedule (rate and phase) form a group that renders in one <see cref="SceneRenderer.Render"/>
/// call (one submission) at each of their frame times, when the first of them asks; the others then
/// find their images ready. Each group has its own renderer, because the renderer keeps per-camera
/// resources by position in the call: a fixed set of cameras per call keeps them, so nothing is
/// allocated per frame.
/// </summary>
internal sealed class VulkanCameraRenderer : ICameraRenderer, IDisposable
{
    private readonly Dictionary<CameraSensor, Group> _groups = new();
    private readonly List<Group> _all = new();

    private sealed class Group(SceneRenderer renderer, CameraSensor[] cameras, RemapTable?[] remaps, CameraTargets[] targets)
    {
        public readonly SceneRenderer Renderer = renderer;
        public readonly CameraSensor[] Cameras = cameras;
        public readonly RemapTable?[] Remaps = remaps;
        public readonly CameraTargets[] Targets = targets;
        public readonly CameraView[] Views = new CameraView[cameras.Length];
        public long Time = long.MinValue;
    }

    /// <summary>Prepares renderers for <paramref name="cameras"/> over <paramref name="scene"/>.</summary>
    public VulkanCameraRenderer(VulkanDevice device, SceneGeometry scene, IReadOnlyList<CameraSensor> cameras, Lighting lighting)
    {
        Device = device;
        Lighting = lighting;
        foreach (IGrouping<(long, long), CameraSensor> g in cameras.GroupBy(c => (c.Definition.PeriodNanoseconds, c.Definition.PhaseNanoseconds)))
        {
            CameraSensor[] members = g.ToArray();
            if (members.Length > SceneRenderer.MaxCameras)
            {
                throw new InvalidOperationException($"at most {SceneRenderer.MaxCameras} cameras on one schedule");
            }
            var remaps = members.Select(c => c.Remap is { } r ? new RemapTable(r.Width, r.Height, r.SourceX, r.SourceY) : null).ToArray();
            var targets = members.Select(c => new CameraTargets
            {
                Rgb = c.Images.Rgb,
                Nv12 = c.Images.Nv12,
                Depth = c.Images.Depth,
                Semantic = c.Images.Semantic,
                Instance = c.Images.Instance,
            }).ToArray();
            var group = new Group(new SceneRenderer(device, scene), members, remaps, targets);
            _all.Add(group);
            foreach (CameraSensor c in members)
            {
                _groups[c] = group;
                c.Renderer = this;
            }
        }
    }

    /// <summary>The lighting of a scenario: sun, sky and lights from its time of day.</summary>
    public static Lighting LightingFor(SimCore.Scenarios.Scenario scenario) => Lighting.FromTimeOfDay(scenario.Environment.TimeOfDay);

    /// <summary>The device.</summary>
    public VulkanDevice Device { get; }

    /// <summary>Sun, sky and lights of the run.</summary>
    public Lighting Lighting { get; set; }

    /// <inheritdoc />
    public void Render(CameraSensor camera, SensorWorld world, long nanoseconds)
    {
        Group g = _groups[camera];
        if (g.Time == nanoseconds)
        {
            return;
        }
        int ego = world.Current[world.EgoIndex].Id;
        for (int i = 0; i < g.Cameras.Length; i++)
        {
            g.Views[i] = View(g.Cameras[i], world, nanoseconds, g.Remaps[i], ego);
        }
        ReadOnlySpan<EntitySnapshot> entities = g.Cameras[0].EntitiesAt(world, nanoseconds);
        g.Renderer.Render(g.Views, entities, Lighting, g.Targets);
        g.Time = nanoseconds;
    }

    /// <summary>The camera's view: the undistorted render's size and intrinsics, the lens's remap, the carrier hidden.</summary>
    internal static CameraView View(CameraSensor c, SensorWorld world, long nanoseconds, RemapTable? remap, int hidden)
    {
        CameraIntrinsics k = c.Remap?.Render ?? c.Model.Intrinsics;
        return new CameraView(c.SensorPose(world, nanoseconds), k.Width, k.Height, k.Fx, k.Fy, k.Cx, k.Cy)
        {
            Remap = remap,
            HiddenEntity = hidden,
            Near = c.Parameters.Near,
            Far = c.Parameters.Far,
        };
    }

    /// <summary>Releases the renderers (not the device).</summary>
    public void Dispose()
    {
        foreach (Group g in _all)
        {
            g.Renderer.Dispose();
        }
        _all.Clear();
    }
}
