package org.ipop.overlay.service;

/**
 * A UDP destination the {@link TapServices} answer. The list of them ({@link TapServices#udpEndpoints()}) is the one
 * place that says which datagrams from the host are the node's own: the services answer exactly these, and the
 * data plane is told to hand the node exactly these and to forward every other datagram, whatever its port.
 *
 * @param service the service answering.
 * @param ipv4    destination as an {@code a.b.c.d} int.
 * @param port    destination port.
 */
public record UdpServiceEndpoint(Service service, int ipv4, int port)
{
    /** The services reached over UDP. */
    public enum Service
    {
        /** The DHCP server. */
        DHCP,
        /** The DNS server. */
        DNS
    }
}
