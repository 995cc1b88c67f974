using System.Xml.Linq;
using SimCore.Scenarios;
using SimCore.Storyboard;
using SimCore.Storyboard.Actions;
using SimCore.Trajectories;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    // Bounds on the work a trajectory may ask for: samples are taken every metre.
    private const double MaxTrajectoryLength = 100_000;
    private const int MaxNurbsOrder = 16;

    private static readonly IReadOnlyDictionary<string, bool> FollowingModeWords = new Dictionary<string, bool>
    {
        ["position"] = false,
        ["follow"] = true,
    };

    private static readonly IReadOnlyDictionary<string, bool> TimeDomainWords = new Dictionary<string, bool>
    {
        ["absolute"] = true,
        ["relative"] = false,
    };

    /// <summary>FollowTrajectoryAction (1.0: Trajectory or CatalogReference directly; 1.1+: in TrajectoryRef).</summary>
    private ActionBase? Trajectory(XElement a, string name, string entity, ParameterScope scope)
    {
        (TrajectoryShape shape, bool closed)? t = TrajectoryRef(a.Element("TrajectoryRef") ?? a, a, scope);
        XElement? reference = a.Element("TimeReference");
        TrajectoryTiming? timing = null;
        if (reference is null)
        {
            _ctx.Error(a, "<FollowTrajectoryAction> needs a <TimeReference> (<None/> or <Timing>)");
        }
        else if (reference.Element("Timing") is { } timingEl)
        {
            double scale = _ctx.Num(timingEl, "scale", scope) ?? 1;
            if (!(scale > 0))
            {
                _ctx.Error(timingEl.Attribute("scale"), $"a trajectory's time scale must be positive, not {scale}");
                scale = 1;
            }
            timing = new TrajectoryTiming(_ctx.Enum(timingEl, "domainAbsoluteRelative", scope, TimeDomainWords) ?? false, scale, _ctx.Num(timingEl, "offset", scope) ?? 0);
        }
        else if (reference.Element("None") is null)
        {
            _ctx.Error(reference, "<TimeReference> needs <None/> or <Timing>");
        }
        bool follow = false;
        if (a.Element("TrajectoryFollowingMode") is { } fm)
        {
            follow = _ctx.Enum(fm, "followingMode", scope, FollowingModeWords) ?? false;
        }
        else
        {
            _ctx.Error(a, "<FollowTrajectoryAction> needs a <TrajectoryFollowingMode>");
        }
        double offset = _ctx.Num(a, "initialDistanceOffset", scope) ?? 0;
        if (offset < 0)
        {
            _ctx.Error(a.Attribute("initialDistanceOffset"), "initialDistanceOffset must not be negative");
        }
        if (t is not { } tt)
        {
            return null;
        }
        if (timing is not null && !tt.shape.IsTimed)
        {
            _ctx.Error(a, tt.shape switch
            {
                PolylineShape => "with <Timing>, every <Vertex> needs a 'time'",
                ClothoidShape => "with <Timing>, the <Clothoid> needs 'startTime' and 'stopTime'",
                ClothoidSplineShape => "with <Timing>, the <ClothoidSpline> needs 'timeEnd' and every segment a 'timeStart'",
                _ => "with <Timing>, every <ControlPoint> needs a 'time'",
            });
            return null;
        }
        return new FollowTrajectoryAction(name, entity, tt.shape, timing, follow, offset, closed: tt.closed);
    }

    /// <summary>A Trajectory given inline or by CatalogReference inside <paramref name="holder"/>; null after reporting.</summary>
    private (TrajectoryShape Shape, bool Closed)? TrajectoryRef(XElement holder, XElement owner, ParameterScope scope)
    {
        XElement? trajectory = InlineOrCatalog(holder, owner, "Trajectory", scope, out ParameterScope tscope);
        if (trajectory is null)
        {
            return null;
        }
        bool closed = _ctx.Bool(trajectory, "closed", tscope) ?? false;
        XElement? shape = trajectory.Element("Shape") is { } sh ? _ctx.Choice(sh) : null;
        if (shape is null)
        {
            if (trajectory.Element("Shape") is null)
            {
                _ctx.Error(trajectory, "<Trajectory> needs a <Shape>");
            }
            return null;
        }
        TrajectoryShape? result = shape.Name.LocalName switch
        {
            "Polyline" => Polyline(shape, tscope, closed),
            "Clothoid" => Clothoid(shape, tscope),
            "ClothoidSpline" => ClothoidSpline(shape, tscope),
            "Nurbs" => Nurbs(shape, tscope),
            _ => UnknownShape(shape),
        };
        return result is null ? null : (result, closed);
    }

    private TrajectoryShape? UnknownShape(XElement shape)
    {
        _ctx.Error(shape, $"<{shape.Name.LocalName}> is not a trajectory shape: use Polyline, Clothoid, ClothoidSpline or Nurbs");
        return null;
    }

    private TrajectoryShape? Polyline(XElement shape, ParameterScope scope, bool closed)
    {
        var vertices = new List<PolylineVertex>();
        double? last = null;
        bool ok = true;
        foreach (XElement v in shape.Elements("Vertex"))
        {
            PositionSpec? p = Position(v.Element("Position"), scope);
            if (v.Element("Position") is null)
            {
                _ctx.Error(v, "<Vertex> needs a <Position>");
            }
            double? time = _ctx.Num(v, "time", scope);
            if (time is not null && last is not null && time < last)
            {
                _ctx.Error(v.Attribute("time"), $"vertex times must not decrease ({time} after {last})");
            }
            last = time ?? last;
            if (p is null)
            {
                ok = false;
                continue;
            }
            vertices.Add(new PolylineVertex(p, time));
        }
        if (!shape.Elements("Vertex").Any())
        {
            _ctx.Error(shape, "a <Polyline> needs at least one <Vertex>");
            return null;
        }
        return ok ? new PolylineShape(_ctx.Where(shape), vertices, closed) : null;
    }

    private TrajectoryShape? Clothoid(XElement shape, ParameterScope scope)
    {
        double curvature = _ctx.RequiredNum(shape, "curvature", scope);
        // 1.0 names the rate of change curvatureDot; 1.1 renamed it curvaturePrime.
        double prime = _ctx.Num(shape, "curvaturePrime", scope) ?? _ctx.Num(shape, "curvatureDot", scope) ?? 0;
        if (shape.Attribute("curvaturePrime") is null && shape.Attribute("curvatureDot") is null)
        {
            _ctx.Error(shape, "<Clothoid> needs attribute 'curvaturePrime' (or 'curvatureDot' in OpenSCENARIO 1.0)");
        }
        double length = _ctx.RequiredNum(shape, "length", scope);
        if (!(length > 0) || length > MaxTrajectoryLength)
        {
            _ctx.Error(shape.Attribute("length") ?? (XObject)shape, $"a clothoid's length must be above 0 and at most {MaxTrajectoryLength} m, not {length}");
            return null;
        }
        double? start = _ctx.Num(shape, "startTime", scope), stop = _ctx.Num(shape, "stopTime", scope);
        if (start is not null && stop is not null && !(stop > start))
        {
            _ctx.Error(shape.Attribute("stopTime"), $"a clothoid's stopTime ({stop}) must be after its startTime ({start})");
        }
        PositionSpec? p = Position(shape.Element("Position"), scope);
        if (shape.Element("Position") is null)
        {
            _ctx.Error(shape, "<Clothoid> needs a start <Position>");
        }
        return p is null ? null : new ClothoidShape(_ctx.Where(shape), p, curvature, prime, length, start, stop);
    }

    private TrajectoryShape? ClothoidSpline(XElement shape, ParameterScope scope)
    {
        var segments = new List<ClothoidSplineSegment>();
        bool ok = true;
        double total = 0;
        double? lastTime = null;
        foreach (XElement s in shape.Elements("ClothoidSplineSegment"))
        {
            double length = _ctx.RequiredNum(s, "length", scope);
            if (!(length > 0))
            {
                _ctx.Error(s.Attribute("length") ?? (XObject)s, $"a clothoid spline segment's length must be above 0, not {length}");
                ok = false;
            }
            total += Math.Max(length, 0);
            PositionSpec? start = null;
            if (s.Element("PositionStart") is { } ps)
            {
                start = Position(ps, scope);
                ok &= start is not null;
            }
            double? time = _ctx.Num(s, "timeStart", scope);
            if (time is not null && lastTime is not null && !(time > lastTime))
            {
                _ctx.Error(s.Attribute("timeStart"), $"segment start times must increase ({time} after {lastTime})");
            }
            lastTime = time ?? lastTime;
            double curvStart = _ctx.RequiredNum(s, "curvatureStart", scope);
            segments.Add(new ClothoidSplineSegment(start, curvStart, _ctx.Num(s, "curvatureEnd", scope) ?? curvStart, length, _ctx.Num(s, "hOffset", scope) ?? 0, time));
        }
        if (segments.Count == 0)
        {
            _ctx.Error(shape, "a <ClothoidSpline> needs at least one <ClothoidSplineSegment>");
            return null;
        }
        if (total > MaxTrajectoryLength)
        {
            _ctx.Error(shape, $"a clothoid spline may be at most {MaxTrajectoryLength} m long, not {total}");
            return null;
        }
        double? end = _ctx.Num(shape, "timeEnd", scope);
        if (end is not null && lastTime is not null && !(end > lastTime))
        {
            _ctx.Error(shape.Attribute("timeEnd"), $"timeEnd ({end}) must be after the last segment's timeStart ({lastTime})");
        }
        return ok ? new ClothoidSplineShape(_ctx.Where(shape), segments, end) : null;
    }

    private TrajectoryShape? Nurbs(XElement shape, ParameterScope scope)
    {
        int order = (int)_ctx.RequiredNum(shape, "order", scope);
        if (order > MaxNurbsOrder)
        {
            _ctx.Error(shape.Attribute("order"), $"a NURBS order above {MaxNurbsOrder} is not supported, not {order}");
            return null;
        }
        var points = new List<NurbsControlPoint>();
        bool ok = true;
        foreach (XElement c in shape.Elements("ControlPoint"))
        {
            PositionSpec? p = Position(c.Element("Position"), scope);
            if (c.Element("Position") is null)
            {
                _ctx.Error(c, "<ControlPoint> needs a <Position>");
            }
            ok &= p is not null;
            if (p is not null)
            {
                points.Add(new NurbsControlPoint(p, _ctx.Num(c, "weight", scope) ?? 1, _ctx.Num(c, "time", scope)));
            }
        }
        var knots = shape.Elements("Knot").Select(k => _ctx.RequiredNum(k, "value", scope)).ToList();
        if (!ok)
        {
            return null;
        }
        var nurbs = new NurbsShape(_ctx.Where(shape), order, points, knots);
        if (nurbs.Problem() is { } problem)
        {
            _ctx.Error(shape, problem);
            return null;
        }
        return nurbs;
    }

    /// <summary>TrajectoryPosition: s along a trajectory and t to its left.</summary>
    private PositionSpec? TrajectoryPosition(XElement p, ParameterScope scope)
    {
        XElement? holder = p.Element("TrajectoryRef");
        if (holder is null)
        {
            _ctx.Error(p, "<TrajectoryPosition> needs a <TrajectoryRef>");
            return null;
        }
        (TrajectoryShape Shape, bool Closed)? t = TrajectoryRef(holder, holder, scope);
        double s = _ctx.RequiredNum(p, "s", scope);
        if (s < 0)
        {
            _ctx.Error(p.Attribute("s"), $"s must not be negative, not {s}");
        }
        return t is { } tt ? new TrajectoryPositionSpec(_ctx.Where(p), tt.Shape, s, _ctx.Num(p, "t", scope) ?? 0) : null;
    }
}
