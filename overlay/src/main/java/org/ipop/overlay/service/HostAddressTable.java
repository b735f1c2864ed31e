package org.ipop.overlay.service;

import org.ipop.overlay.service.frame.MacAddress;

/**
 * What the node has learned about the local host behind its TAP: its MAC (where to write frames) and its
 * virtual IP (never answered by proxy ARP). Learned from ARP senders, IPv4 sources and DHCP ACKs.
 * <p>
 * Thread: the control-plane thread only. The data plane gets the values through the integrator.
 */
public final class HostAddressTable
{
    private final TapServicesContext context;
    private final ServiceCounters counters;
    private long hostMac = -1;
    private int hostIp;

    /**
     * @param context  concluded settings.
     * @param counters to count changes in.
     */
    public HostAddressTable(final TapServicesContext context, final ServiceCounters counters)
    {
        this.context = context;
        this.counters = counters;
    }

    /**
     * Learns a source MAC if it is a unicast address other than the virtual MAC.
     *
     * @param mac a frame's source MAC.
     */
    public void learnMac(final long mac)
    {
        if (!MacAddress.isMulticast(mac) && mac != context.virtualMac() && mac != 0 && mac != hostMac)
        {
            hostMac = mac;
            counters.increment(ServiceCounter.HOST_ADDRESS_CHANGED);
        }
    }

    /**
     * Learns the source MAC (see {@link #learnMac(long)}) and, if it is the host's MAC, the host's IP if
     * it is a host address of the subnet other than the virtual ones (0.0.0.0 is ignored).
     *
     * @param mac source MAC the address was seen with.
     * @param ip  source IP, or 0.
     */
    public void learn(final long mac, final int ip)
    {
        learnMac(mac);
        if (mac == hostMac && ip != hostIp && context.isHostAddress(ip) &&
            ip != context.gatewayIp() && ip != context.dnsIp())
        {
            hostIp = ip;
            counters.increment(ServiceCounter.HOST_ADDRESS_CHANGED);
        }
    }

    /**
     * @return true once a host MAC has been learned.
     */
    public boolean hasHostMac()
    {
        return hostMac != -1;
    }

    /**
     * @return the host's MAC, or -1 if not learned yet.
     */
    public long hostMac()
    {
        return hostMac;
    }

    /**
     * @return the host's virtual IP, or 0 if not learned yet.
     */
    public int hostIp()
    {
        return hostIp;
    }
}
