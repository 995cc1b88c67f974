using System.Xml.Linq;
using SimCore.Roads;
using SimCore.Scenarios;

namespace SimCore.OpenScenario;

internal sealed partial class OscReader
{
    private GeoProjection? _projection;
    private string? _projectionError;

    /// <summary>
    /// GeoPosition: 1.2's latitudeDeg / longitudeDeg (degrees), or 1.0's latitude / longitude
    /// (radians); the altitude or height is not used (entities sit on the road surface).
    /// </summary>
    private PositionSpec? GeoPosition(XElement p, ParameterScope scope)
    {
        double lat, lon;
        if (p.Attribute("latitudeDeg") is not null || p.Attribute("longitudeDeg") is not null)
        {
            (lat, lon) = (_ctx.RequiredNum(p, "latitudeDeg", scope), _ctx.RequiredNum(p, "longitudeDeg", scope));
        }
        else
        {
            (lat, lon) = (_ctx.RequiredNum(p, "latitude", scope) * 180 / Math.PI, _ctx.RequiredNum(p, "longitude", scope) * 180 / Math.PI);
        }
        if (lat is < -90 or > 90)
        {
            _ctx.Error(p, $"latitude {lat} degrees is outside [-90, 90]");
            return null;
        }
        if (_projection is null && _projectionError is null)
        {
            _projection = GeoProjection.Parse(_network.Header?.GeoReference, _network.Header?.Offset, out _projectionError);
        }
        if (_projection is null)
        {
            _ctx.Error(p, $"a GeoPosition needs the road's georeference: {_projectionError}");
            return null;
        }
        (double x, double y) = _projection.ToRoad(lat * Math.PI / 180, lon * Math.PI / 180);
        return new GeoPositionSpec(_ctx.Where(p), lat, lon, x, y);
    }
}
