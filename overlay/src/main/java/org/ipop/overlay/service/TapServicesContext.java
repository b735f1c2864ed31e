package org.ipop.overlay.service;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.service.frame.MacAddress;

/**
 * Settings of the TAP services for one IPOP namespace: the virtual subnet, the virtual gateway and DNS
 * addresses the node answers for, the virtual MAC it answers with, and the bounds of the pending tables.
 * Fluent setters; {@link #conclude()} fills defaults and validates once.
 */
public final class TapServicesContext
{
    /** Default virtual MAC: locally administered, unicast, "ipop" in octets 1-4. */
    public static final long DEFAULT_VIRTUAL_MAC = 0x02_69_70_6F_70_01L;
    /** Default interface MTU handed out by DHCP: leaves room for overlay, edge and underlay headers. */
    public static final int DEFAULT_MTU = 1200;
    /** Default DNS TTL in seconds. */
    public static final int DEFAULT_DNS_TTL_SECONDS = 60;
    /** Upper bound of {@link #maxPendingForwards(int)}: upstream query IDs are 16 bits and drawn at random. */
    public static final int MAX_PENDING_FORWARDS = 4096;
    /** Default bound of each pending table. */
    public static final int DEFAULT_MAX_PENDING = 256;
    /** Default time a transaction may wait for the overlay. */
    public static final long DEFAULT_PENDING_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Default time a forwarded DNS query waits for one upstream before the next one is tried. */
    public static final long DEFAULT_DNS_FORWARD_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);

    private int networkAddress;
    private int prefixLength = -1;
    private int gatewayIp;
    private int dnsIp;
    private int routerIp;
    private long virtualMac = DEFAULT_VIRTUAL_MAC;
    private int mtu = DEFAULT_MTU;
    private String domainName = "ipop";
    private int dnsTtlSeconds = DEFAULT_DNS_TTL_SECONDS;
    private int maxPendingDhcp = DEFAULT_MAX_PENDING;
    private int maxPendingDns = DEFAULT_MAX_PENDING;
    private long pendingTimeoutNs = DEFAULT_PENDING_TIMEOUT_NS;
    private List<InetSocketAddress> dnsUpstreams = List.of();
    private long dnsForwardTimeoutNs = DEFAULT_DNS_FORWARD_TIMEOUT_NS;
    private int maxPendingForwards = DEFAULT_MAX_PENDING;
    private boolean verifyUdpChecksums = true;
    private NanoClock nanoClock;
    private boolean concluded;

    /**
     * Validates and fills defaults: gateway = network + 1, DNS = gateway, clock = system.
     *
     * @return this.
     * @throws IllegalStateException on an invalid or incomplete configuration.
     */
    public TapServicesContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (prefixLength < 8 || prefixLength > 30)
        {
            throw new IllegalStateException("prefixLength must be within 8..30: " + prefixLength);
        }
        if ((networkAddress & ~netmask()) != 0)
        {
            throw new IllegalStateException("network address has host bits: " + Ipv4Address.toString(networkAddress));
        }
        if (gatewayIp == 0)
        {
            gatewayIp = networkAddress + 1;
        }
        if (dnsIp == 0)
        {
            dnsIp = gatewayIp;
        }
        requireHostAddress("gatewayIp", gatewayIp);
        requireHostAddress("dnsIp", dnsIp);
        if (routerIp != 0)
        {
            requireHostAddress("routerIp", routerIp);
        }
        if (MacAddress.isMulticast(virtualMac) || !MacAddress.isLocallyAdministered(virtualMac) ||
            (virtualMac >>> 48) != 0)
        {
            throw new IllegalStateException("virtualMac must be unicast and locally administered: " +
                MacAddress.toString(virtualMac));
        }
        if (mtu < 576 || mtu > 9000)
        {
            throw new IllegalStateException("mtu must be within 576..9000: " + mtu);
        }
        if (domainName == null || !domainName.matches("[a-z0-9-]{1,63}"))
        {
            throw new IllegalStateException("domainName must be one lower-case label: " + domainName);
        }
        if (dnsTtlSeconds < 0 || maxPendingDhcp < 1 || maxPendingDns < 1 || pendingTimeoutNs <= 0)
        {
            throw new IllegalStateException("ttl, pending bounds and timeout must be positive");
        }
        if (dnsForwardTimeoutNs <= 0 || maxPendingForwards < 1 || maxPendingForwards > MAX_PENDING_FORWARDS)
        {
            throw new IllegalStateException("dnsForwardTimeoutNs must be positive and maxPendingForwards within 1.." +
                MAX_PENDING_FORWARDS + ": " + dnsForwardTimeoutNs + ", " + maxPendingForwards);
        }
        for (final InetSocketAddress upstream : dnsUpstreams)
        {
            if (upstream == null || upstream.isUnresolved() || !(upstream.getAddress() instanceof Inet4Address) ||
                upstream.getAddress().isAnyLocalAddress() || upstream.getAddress().isMulticastAddress() ||
                upstream.getPort() == 0)
            {
                throw new IllegalStateException("DNS upstream must be a unicast IPv4 address and a port: " + upstream);
            }
        }
        if (nanoClock == null)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        concluded = true;
        return this;
    }

    private void requireHostAddress(final String name, final int ip)
    {
        if (!isHostAddress(ip))
        {
            throw new IllegalStateException(name + " is not a host address of the subnet: " + Ipv4Address.toString(ip));
        }
    }

    /**
     * @param ip an address.
     * @return true if ip is in the subnet and neither its network nor its broadcast address.
     */
    public boolean isHostAddress(final int ip)
    {
        return isInSubnet(ip) && ip != networkAddress && ip != broadcastAddress();
    }

    /**
     * @param ip an address.
     * @return true if ip is inside the subnet.
     */
    public boolean isInSubnet(final int ip)
    {
        return (ip & netmask()) == networkAddress;
    }

    /**
     * @return the subnet mask.
     */
    public int netmask()
    {
        return Ipv4Address.mask(prefixLength);
    }

    /**
     * @return the directed broadcast address of the subnet.
     */
    public int broadcastAddress()
    {
        return networkAddress | ~netmask();
    }

    /**
     * @param networkAddress of the namespace's subnet, e.g. 10.128.0.0.
     * @param prefixLength   8 to 30.
     * @return this.
     */
    public TapServicesContext subnet(final int networkAddress, final int prefixLength)
    {
        this.networkAddress = networkAddress;
        this.prefixLength = prefixLength;
        return this;
    }

    /**
     * @return network address.
     */
    public int networkAddress()
    {
        return networkAddress;
    }

    /**
     * @return prefix length.
     */
    public int prefixLength()
    {
        return prefixLength;
    }

    /**
     * @param gatewayIp the virtual gateway: DHCP server identifier, answered by proxy ARP.
     * @return this.
     */
    public TapServicesContext gatewayIp(final int gatewayIp)
    {
        this.gatewayIp = gatewayIp;
        return this;
    }

    /**
     * @return the virtual gateway address.
     */
    public int gatewayIp()
    {
        return gatewayIp;
    }

    /**
     * @param dnsIp the virtual DNS address (may equal the gateway).
     * @return this.
     */
    public TapServicesContext dnsIp(final int dnsIp)
    {
        this.dnsIp = dnsIp;
        return this;
    }

    /**
     * @return the virtual DNS address.
     */
    public int dnsIp()
    {
        return dnsIp;
    }

    /**
     * @param routerIp handed out as DHCP option 3; 0 (default) for none.
     * @return this.
     */
    public TapServicesContext routerIp(final int routerIp)
    {
        this.routerIp = routerIp;
        return this;
    }

    /**
     * @return router address or 0.
     */
    public int routerIp()
    {
        return routerIp;
    }

    /**
     * @param virtualMac the MAC every virtual address is answered with.
     * @return this.
     */
    public TapServicesContext virtualMac(final long virtualMac)
    {
        this.virtualMac = virtualMac;
        return this;
    }

    /**
     * @return the virtual MAC.
     */
    public long virtualMac()
    {
        return virtualMac;
    }

    /**
     * @param mtu handed out as DHCP option 26.
     * @return this.
     */
    public TapServicesContext mtu(final int mtu)
    {
        this.mtu = mtu;
        return this;
    }

    /**
     * @return interface MTU.
     */
    public int mtu()
    {
        return mtu;
    }

    /**
     * @param domainName single label answered by DNS and handed out as DHCP option 15 (default "ipop").
     * @return this.
     */
    public TapServicesContext domainName(final String domainName)
    {
        this.domainName = domainName;
        return this;
    }

    /**
     * @return domain name.
     */
    public String domainName()
    {
        return domainName;
    }

    /**
     * @param dnsTtlSeconds TTL of A records.
     * @return this.
     */
    public TapServicesContext dnsTtlSeconds(final int dnsTtlSeconds)
    {
        this.dnsTtlSeconds = dnsTtlSeconds;
        return this;
    }

    /**
     * @return TTL of A records in seconds.
     */
    public int dnsTtlSeconds()
    {
        return dnsTtlSeconds;
    }

    /**
     * @param maxPendingDhcp bound of DHCP transactions waiting for a lease.
     * @return this.
     */
    public TapServicesContext maxPendingDhcp(final int maxPendingDhcp)
    {
        this.maxPendingDhcp = maxPendingDhcp;
        return this;
    }

    /**
     * @return bound of pending DHCP transactions.
     */
    public int maxPendingDhcp()
    {
        return maxPendingDhcp;
    }

    /**
     * @param maxPendingDns bound of DNS queries waiting for the resolver.
     * @return this.
     */
    public TapServicesContext maxPendingDns(final int maxPendingDns)
    {
        this.maxPendingDns = maxPendingDns;
        return this;
    }

    /**
     * @return bound of pending DNS queries.
     */
    public int maxPendingDns()
    {
        return maxPendingDns;
    }

    /**
     * @param pendingTimeoutNs how long a transaction may wait for the overlay before it is forgotten.
     * @return this.
     */
    public TapServicesContext pendingTimeoutNs(final long pendingTimeoutNs)
    {
        this.pendingTimeoutNs = pendingTimeoutNs;
        return this;
    }

    /**
     * @return pending timeout in nanoseconds.
     */
    public long pendingTimeoutNs()
    {
        return pendingTimeoutNs;
    }

    /**
     * @param verifyUdpChecksums false when the TAP is opened with checksum offload (partial checksums).
     * @return this.
     */
    public TapServicesContext verifyUdpChecksums(final boolean verifyUdpChecksums)
    {
        this.verifyUdpChecksums = verifyUdpChecksums;
        return this;
    }

    /**
     * @return true if non-zero UDP checksums are verified.
     */
    public boolean verifyUdpChecksums()
    {
        return verifyUdpChecksums;
    }

    /**
     * @param nanoClock for pending-transaction expiry (tests inject a manual one).
     * @return this.
     */
    public TapServicesContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * @return the clock.
     */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param dnsUpstreams DNS servers that names outside the domain are forwarded to, tried in order; empty
     *                     (default): such names are answered REFUSED. IPv4 only, reached from the node's own
     *                     network (not through the overlay).
     * @return this.
     */
    public TapServicesContext dnsUpstreams(final List<InetSocketAddress> dnsUpstreams)
    {
        this.dnsUpstreams = List.copyOf(dnsUpstreams);
        return this;
    }

    /**
     * @return DNS forwarding upstreams in the order they are tried; empty when forwarding is off.
     */
    public List<InetSocketAddress> dnsUpstreams()
    {
        return dnsUpstreams;
    }

    /**
     * @param dnsForwardTimeoutNs how long a forwarded query waits for one upstream before the next is tried
     *                            (after the last one the client is answered SERVFAIL).
     * @return this.
     */
    public TapServicesContext dnsForwardTimeoutNs(final long dnsForwardTimeoutNs)
    {
        this.dnsForwardTimeoutNs = dnsForwardTimeoutNs;
        return this;
    }

    /**
     * @return per-upstream timeout of a forwarded query in nanoseconds.
     */
    public long dnsForwardTimeoutNs()
    {
        return dnsForwardTimeoutNs;
    }

    /**
     * @param maxPendingForwards bound of forwarded queries waiting for an upstream (1 to
     *                           {@link #MAX_PENDING_FORWARDS}); beyond it queries are answered SERVFAIL.
     * @return this.
     */
    public TapServicesContext maxPendingForwards(final int maxPendingForwards)
    {
        this.maxPendingForwards = maxPendingForwards;
        return this;
    }

    /**
     * @return bound of pending forwarded queries.
     */
    public int maxPendingForwards()
    {
        return maxPendingForwards;
    }
}
