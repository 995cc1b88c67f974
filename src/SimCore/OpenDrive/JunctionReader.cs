using System.Xml.Linq;
using SimCore.Roads;

namespace SimCore.OpenDrive;

/// <summary>Reads one <c>&lt;junction&gt;</c> with its connections and lane links; road ids must exist.</summary>
internal static class JunctionReader
{
    public static Junction? Read(XodrContext ctx, XElement e, Dictionary<string, XElement> roads)
    {
        int before = ctx.ErrorCount;
        string id = ctx.RequiredString(e, "id");
        string scope = "junction:" + id;
        var connections = new List<JunctionConnection>();
        foreach (XElement c in e.Elements())
        {
            if (c.Name.LocalName != "connection")
            {
                ctx.Unsupported(c, scope, $"junction '{id}'");
                continue;
            }
            int cBefore = ctx.ErrorCount;
            string cid = ctx.OptionalString(c, "id") ?? connections.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string incoming = ctx.RequiredString(c, "incomingRoad");
            // 1.7 direct junctions name the road "linkedRoad".
            string? connecting = ctx.OptionalString(c, "connectingRoad") ?? ctx.OptionalString(c, "linkedRoad");
            if (connecting is null)
            {
                ctx.Error(c, $"junction '{id}' connection '{cid}' is missing required attribute 'connectingRoad'");
            }
            string? cp = ctx.OptionalString(c, "contactPoint")?.Trim();
            ContactPoint contact = ContactPoint.Start;
            if (cp == "end")
            {
                contact = ContactPoint.End;
            }
            else if (cp != "start")
            {
                ctx.Error(c, cp is null
                    ? $"junction '{id}' connection '{cid}' is missing required attribute 'contactPoint'"
                    : $"junction '{id}' connection '{cid}': contactPoint must be 'start' or 'end', found '{cp}'");
            }
            var links = new List<JunctionLaneLink>();
            foreach (XElement ll in c.Elements())
            {
                if (ll.Name.LocalName == "laneLink")
                {
                    links.Add(new JunctionLaneLink(ctx.RequiredInt(ll, "from"), ctx.RequiredInt(ll, "to")));
                }
                else
                {
                    ctx.Unsupported(ll, scope, $"junction '{id}' connection");
                }
            }
            if (ctx.ErrorCount == cBefore)
            {
                if (!roads.ContainsKey(incoming))
                {
                    ctx.Error(c, $"junction '{id}' connection '{cid}': unknown incomingRoad '{incoming}'");
                }
                if (!roads.ContainsKey(connecting!))
                {
                    ctx.Error(c, $"junction '{id}' connection '{cid}': unknown connectingRoad '{connecting}'");
                }
            }
            if (ctx.ErrorCount == cBefore)
            {
                connections.Add(new JunctionConnection(cid, incoming, connecting!, contact, links));
            }
        }
        return ctx.ErrorCount > before ? null : new Junction(id, ctx.OptionalString(e, "name"), connections);
    }
}
