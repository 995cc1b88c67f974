using System.Net;
using System.Net.Sockets;

namespace Sim.Runtime.Hil;

/// <summary>Loopback ports for a HIL session inside one machine (`sim replay --model`, tests): control on PORT, data on PORT+1.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port whose successor is free as well (free when asked: another process may take it after).</summary>
    public static int FreePair()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var a = new TcpListener(IPAddress.Loopback, 0);
            a.Start();
            int port = ((IPEndPoint)a.LocalEndpoint).Port;
            try
            {
                var b = new TcpListener(IPAddress.Loopback, port + 1);
                b.Start();
                b.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
            finally
            {
                a.Stop();
            }
        }
        throw new InvalidOperationException("no free pair of loopback ports");
    }
}
