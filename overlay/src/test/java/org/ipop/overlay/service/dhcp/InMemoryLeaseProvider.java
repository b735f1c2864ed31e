package org.ipop.overlay.service.dhcp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.NanoClock;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.dns.InMemoryNameResolver;

/**
 * A {@link LeaseProvider} over a map, for tests (one instance may serve every node of a simulated
 * namespace). Hands out random free host addresses of the context's subnet, skipping the
 * network and broadcast addresses, the virtual gateway, DNS and router addresses, any address reserved
 * with {@link #reserve(int)} and any declined one. Leases expire after their lease time by the injected
 * clock. Callbacks complete synchronously, inside {@code requestLease}. Optionally registers the
 * hostnames that come with leases in an {@link InMemoryNameResolver}, as the node does in the DHT.
 * <p>
 * Thread: the control-plane thread only (not thread-safe).
 */
public final class InMemoryLeaseProvider implements LeaseProvider
{
    private static final int RANDOM_PROBES = 32;

    private final TapServicesContext context;
    private final int leaseSeconds;
    private final Random random;
    private final NanoClock clock;
    private final Map<Integer, Lease> leasesByIp = new HashMap<>();
    private final Map<Long, Integer> ipByMac = new HashMap<>();
    private final Set<Integer> unavailable = new HashSet<>();
    private InMemoryNameResolver names;

    private static final class Lease
    {
        final long mac;
        long expiresNs;
        String hostname;

        Lease(final long mac, final long expiresNs, final String hostname)
        {
            this.mac = mac;
            this.expiresNs = expiresNs;
            this.hostname = hostname;
        }
    }

    /**
     * @param context      concluded settings giving the subnet and the virtual addresses to skip.
     * @param leaseSeconds lease time granted.
     * @param random       source of address choices (seeded in tests).
     * @param clock        for lease expiry.
     */
    public InMemoryLeaseProvider(
        final TapServicesContext context, final int leaseSeconds, final Random random, final NanoClock clock)
    {
        if (leaseSeconds < 1)
        {
            throw new IllegalArgumentException("leaseSeconds must be positive: " + leaseSeconds);
        }
        this.context = context;
        this.leaseSeconds = leaseSeconds;
        this.random = random;
        this.clock = clock;
        reserve(context.gatewayIp());
        reserve(context.dnsIp());
        if (context.routerIp() != 0)
        {
            reserve(context.routerIp());
        }
    }

    /**
     * @param names where to register {@code hostname -> ip} when a lease with a hostname is granted, and
     *              to unregister it when the lease is released or declined.
     * @return this.
     */
    public InMemoryLeaseProvider registerHostnamesIn(final InMemoryNameResolver names)
    {
        this.names = names;
        return this;
    }

    /**
     * @param ip an address never to hand out.
     * @return this.
     */
    public InMemoryLeaseProvider reserve(final int ip)
    {
        unavailable.add(ip);
        return this;
    }

    @Override
    public void requestLease(
        final long clientMac, final int requestedIp, final String hostname, final LeaseCallback callback)
    {
        final long now = clock.nanoTime();
        final int ip = requestedIp != 0 ? requestedIp : chooseFor(clientMac, now);
        if (ip == 0 || !isAssignable(ip) || !isFreeFor(ip, clientMac, now))
        {
            callback.onLeaseDenied();
            return;
        }
        final Integer previous = ipByMac.get(clientMac);
        if (previous != null && previous != ip)
        {
            leasesByIp.remove(previous);
        }
        final long expiresNs = now + TimeUnit.SECONDS.toNanos(leaseSeconds);
        final Lease lease = leasesByIp.get(ip);
        if (lease != null && lease.mac == clientMac)
        {
            lease.expiresNs = expiresNs;
            if (hostname != null)
            {
                lease.hostname = hostname;
            }
        }
        else
        {
            leasesByIp.put(ip, new Lease(clientMac, expiresNs, hostname));
        }
        ipByMac.put(clientMac, ip);
        final String registered = leasesByIp.get(ip).hostname;
        if (names != null && registered != null)
        {
            names.register(registered, ip);
        }
        callback.onLeaseGranted(ip, leaseSeconds);
    }

    @Override
    public void release(final long clientMac, final int ip)
    {
        final Lease lease = leasesByIp.get(ip);
        if (lease != null && lease.mac == clientMac)
        {
            leasesByIp.remove(ip);
            ipByMac.remove(clientMac);
            if (names != null && lease.hostname != null)
            {
                names.unregister(lease.hostname);
            }
        }
    }

    @Override
    public void decline(final long clientMac, final int ip)
    {
        release(clientMac, ip);
        if (isAssignable(ip))
        {
            unavailable.add(ip);
        }
    }

    /**
     * @param ip an address.
     * @return the MAC holding an unexpired lease on it, or -1.
     */
    public long holderOf(final int ip)
    {
        final Lease lease = leasesByIp.get(ip);
        return lease != null && lease.expiresNs - clock.nanoTime() > 0 ? lease.mac : -1;
    }

    /**
     * @param ip an address.
     * @return the hostname registered with its lease, or null.
     */
    public String hostnameOf(final int ip)
    {
        final Lease lease = leasesByIp.get(ip);
        return lease != null ? lease.hostname : null;
    }

    private boolean isAssignable(final int ip)
    {
        return context.isHostAddress(ip) && !unavailable.contains(ip);
    }

    private boolean isFreeFor(final int ip, final long mac, final long now)
    {
        final Lease lease = leasesByIp.get(ip);
        if (lease == null || lease.mac == mac)
        {
            return true;
        }
        if (lease.expiresNs - now <= 0)
        {
            leasesByIp.remove(ip);
            ipByMac.remove(lease.mac, ip);
            return true;
        }
        return false;
    }

    private int chooseFor(final long mac, final long now)
    {
        final Integer held = ipByMac.get(mac);
        if (held != null && isAssignable(held) && isFreeFor(held, mac, now))
        {
            return held;
        }
        final int hosts = ~context.netmask() - 1;
        final int base = context.networkAddress() + 1;
        for (int i = 0; i < RANDOM_PROBES; i++)
        {
            final int ip = base + random.nextInt(hosts);
            if (isAssignable(ip) && isFreeFor(ip, mac, now))
            {
                return ip;
            }
        }
        final int start = random.nextInt(hosts);
        for (int i = 0; i < hosts; i++)
        {
            final int ip = base + (start + i) % hosts;
            if (isAssignable(ip) && isFreeFor(ip, mac, now))
            {
                return ip;
            }
        }
        return 0;
    }
}
