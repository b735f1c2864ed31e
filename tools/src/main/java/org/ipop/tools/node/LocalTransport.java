package org.ipop.tools.node;

import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;

import org.ipop.overlay.address.TransportAddress;

/** Finds the IPv4 address this node advertises when it binds the wildcard address. */
final class LocalTransport
{
    private LocalTransport()
    {
    }

    /**
     * @param bound     the address the socket is bound to (0: wildcard).
     * @param bootstrap nodes to join through; the source address toward the first one is preferred.
     * @return an IPv4 address as an int, 0 when none was found.
     */
    static int advertisedAddress(final int bound, final List<TransportAddress> bootstrap, final String tapName)
    {
        if (bound != 0)
        {
            return bound;
        }
        for (final TransportAddress b : bootstrap)
        {
            try (DatagramSocket probe = new DatagramSocket())
            {
                probe.connect(new InetSocketAddress(InetAddress.getByAddress(bytes(b.ipv4())), b.port()));
                final InetAddress local = probe.getLocalAddress();
                if (local instanceof Inet4Address && !local.isAnyLocalAddress())
                {
                    return toInt(local);
                }
            }
            catch (final Exception ignored)
            {
                // try the next bootstrap, then the interfaces
            }
        }
        try
        {
            for (final NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces()))
            {
                if (!nif.isUp() || nif.isLoopback() || nif.getName().equals(tapName))
                {
                    continue;
                }
                for (final InterfaceAddress a : nif.getInterfaceAddresses())
                {
                    if (a.getAddress() instanceof Inet4Address)
                    {
                        return toInt(a.getAddress());
                    }
                }
            }
        }
        catch (final Exception ignored)
        {
            // fall through: no address
        }
        return 0;
    }

    private static byte[] bytes(final int ip)
    {
        return new byte[] {(byte)(ip >>> 24), (byte)(ip >>> 16), (byte)(ip >>> 8), (byte)ip};
    }

    private static int toInt(final InetAddress address)
    {
        final byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
