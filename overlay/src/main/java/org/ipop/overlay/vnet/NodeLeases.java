package org.ipop.overlay.vnet;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.namespace.DhtLeaseProvider;
import org.ipop.overlay.namespace.NamespaceConfig;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.dhcp.LeaseProvider;

/**
 * The lease provider of the one host behind this node's TAP, over the DHT's {@link DhtLeaseProvider} (a lease is a
 * DHT create of {@code dhcp:<namespace>:<ip>}):
 * <ul>
 *   <li>requests wait until the node is ready (placed on the ring, or alone for a while) so that the create reaches
 *   the nodes that hold the record;</li>
 *   <li>a request for "any address" first asks for an address derived from the node's overlay address (so a
 *   restarted node, whose lease record the DHT still holds with the same value, gets the same one back), then for
 *   any address;</li>
 *   <li>it remembers the address and hostname granted (the node's own record, for the status) and renews leases it
 *   took for itself ({@link #requestOwn}: auto and static modes) at half the lease time.</li>
 * </ul>
 * Thread: the control-plane thread only.
 */
public final class NodeLeases implements LeaseProvider
{
    private record Pending(long clientMac, int requestedIp, String hostname, LeaseCallback callback)
    {
    }

    private final DhtLeaseProvider dht;
    private final NamespaceConfig namespace;
    private final Address self;
    private final BooleanSupplier ready;
    private final LongSupplier clock;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int selfVip;
    private String selfHostname = "";
    private long selfMac = -1;
    private long ownMac = -1;
    private int ownIp;
    private String ownHostname;
    private LeaseCallback ownCallback;
    private long ownRenewNs = Long.MAX_VALUE;

    /**
     * @param dht   the DHT lease provider of the namespace.
     * @param self  this node's overlay address (seeds the preferred address).
     * @param ready true once requests may go to the DHT.
     * @param clock nanosecond clock (renewals).
     */
    public NodeLeases(final DhtLeaseProvider dht, final Address self, final BooleanSupplier ready, final LongSupplier clock)
    {
        this.dht = dht;
        this.namespace = dht.namespace();
        this.self = self;
        this.ready = ready;
        this.clock = clock;
    }

    /**
     * A lease for the node itself (auto mode: any address; static mode: its configured one), renewed at half the
     * lease time.
     *
     * @param mac         the TAP's hardware address.
     * @param requestedIp the static address, or 0 for any.
     * @param hostname    the node's hostname, or null.
     * @param callback    told of every grant and denial (renewals included).
     */
    public void requestOwn(final long mac, final int requestedIp, final String hostname, final LeaseCallback callback)
    {
        ownMac = mac;
        ownIp = requestedIp;
        ownHostname = hostname;
        ownCallback = callback;
        ownRenewNs = Long.MAX_VALUE;
        requestLease(mac, requestedIp, hostname, callback);
    }

    @Override
    public void requestLease(final long clientMac, final int requestedIp, final String hostname, final LeaseCallback callback)
    {
        if (pending.size() >= 16)
        {
            pending.poll().callback().onLeaseDenied();
        }
        pending.add(new Pending(clientMac, requestedIp, hostname, callback));
        doWork();
    }

    /**
     * Sends waiting requests once ready and renews the node's own lease when due.
     *
     * @return work done.
     */
    public int doWork()
    {
        int work = 0;
        if (ownCallback != null && clock.getAsLong() - ownRenewNs >= 0)
        {
            ownRenewNs = Long.MAX_VALUE;
            pending.add(new Pending(ownMac, ownIp != 0 ? ownIp : selfVip, ownHostname, ownCallback));
            work++;
        }
        if (pending.isEmpty() || !ready.getAsBoolean())
        {
            return work;
        }
        Pending p;
        while ((p = pending.poll()) != null)
        {
            start(p);
            work++;
        }
        return work;
    }

    private void start(final Pending p)
    {
        final int held = dht.leasedIp(p.clientMac());
        final int preferred = p.requestedIp() != 0 ? p.requestedIp() : held != 0 ? held : preferredIp();
        if (preferred == 0)
        {
            dht.requestLease(p.clientMac(), 0, p.hostname(), track(p));
            return;
        }
        dht.requestLease(p.clientMac(), preferred, p.hostname(), new LeaseCallback()
        {
            @Override
            public void onLeaseGranted(final int ip, final int leaseSeconds)
            {
                track(p).onLeaseGranted(ip, leaseSeconds);
            }

            @Override
            public void onLeaseDenied()
            {
                if (p.requestedIp() != 0)
                {
                    track(p).onLeaseDenied();
                }
                else
                {
                    dht.requestLease(p.clientMac(), 0, p.hostname(), track(p));
                }
            }
        });
    }

    private LeaseCallback track(final Pending p)
    {
        return new LeaseCallback()
        {
            @Override
            public void onLeaseGranted(final int ip, final int leaseSeconds)
            {
                selfVip = ip;
                selfMac = p.clientMac();
                if (p.hostname() != null)
                {
                    selfHostname = p.hostname();
                }
                if (p.clientMac() == ownMac && p.callback() == ownCallback)
                {
                    ownRenewNs = clock.getAsLong() + leaseSeconds * 500_000_000L;
                }
                p.callback().onLeaseGranted(ip, leaseSeconds);
            }

            @Override
            public void onLeaseDenied()
            {
                if (p.clientMac() == ownMac && p.callback() == ownCallback)
                {
                    ownRenewNs = clock.getAsLong() + 10_000_000_000L;   // try again later
                }
                p.callback().onLeaseDenied();
            }
        };
    }

    /** @return the address derived from the overlay address (same across restarts), or 0 if none is assignable. */
    public int preferredIp()
    {
        final int size = namespace.size();
        final long seed = self.hi() ^ self.mid() ^ self.lo();
        final int start = (int)Long.remainderUnsigned(seed * 0x9E3779B97F4A7C15L, size);
        for (int i = 0; i < size; i++)
        {
            final int ip = namespace.network() + ((start + i) % size);
            if (namespace.assignable(ip))
            {
                return ip;
            }
        }
        return 0;
    }

    @Override
    public void release(final long clientMac, final int ip)
    {
        if (clientMac == selfMac && ip == selfVip)
        {
            selfVip = 0;
            selfHostname = "";
        }
        dht.release(clientMac, ip);
    }

    @Override
    public void decline(final long clientMac, final int ip)
    {
        if (clientMac == selfMac && ip == selfVip)
        {
            selfVip = 0;
            selfHostname = "";
        }
        dht.decline(clientMac, ip);
    }

    /** @return the address last granted to the host behind this node, or 0. */
    public int selfVip()
    {
        return selfVip;
    }

    /** @return the hostname registered with it, or "". */
    public String selfHostname()
    {
        return selfHostname;
    }

    /** @return the DHT lease provider. */
    public DhtLeaseProvider dht()
    {
        return dht;
    }
}
