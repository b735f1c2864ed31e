package org.ipop.overlay.dataplane;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.dhcp.LeaseProvider;

/**
 * Leases for the one host behind this node's TAP, taken from the {@link VipDirectory}: the preferred address
 * is derived from the node's overlay address (so a restarted node asks for the same one), skipping the
 * network, broadcast, gateway and DNS addresses and every address another node announces. Requests wait
 * until the node is ready (joined the ring and heard its neighbours' records, or is the only node) so that
 * it knows what is taken; a granted address becomes the node's own directory record.
 * <p>
 * This is the directory-backed stand-in for the DHT lease ({@code dhcp:<namespace>:<ip>} Create); it does
 * not make the allocation atomic across the network (see {@link VipDirectory} for how a clash resolves).
 * Thread: the control-plane thread only.
 */
public final class DirectoryLeaseProvider implements LeaseProvider
{
    /** Lease time granted to the host's DHCP client. */
    public static final int LEASE_SECONDS = 3600;

    private record Pending(long clientMac, int requestedIp, String hostname, LeaseCallback callback)
    {
    }

    private final VipDirectory directory;
    private final Address self;
    private final int network;
    private final int prefixLength;
    private final int[] reserved;
    private final BooleanSupplier ready;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long clientMac = -1;

    /**
     * @param directory    the records of other nodes and this node's own.
     * @param self         this node's overlay address (seeds the preferred address).
     * @param network      the namespace's network address.
     * @param prefixLength its prefix length (8..30).
     * @param reserved     addresses never handed out (gateway, DNS).
     * @param ready        true once the directory can be trusted to know the taken addresses.
     */
    public DirectoryLeaseProvider(
        final VipDirectory directory,
        final Address self,
        final int network,
        final int prefixLength,
        final int[] reserved,
        final BooleanSupplier ready)
    {
        this.directory = directory;
        this.self = self;
        this.network = network;
        this.prefixLength = prefixLength;
        this.reserved = reserved.clone();
        this.ready = ready;
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
     * Completes waiting requests once ready.
     *
     * @return requests completed.
     */
    public int doWork()
    {
        if (pending.isEmpty() || !ready.getAsBoolean())
        {
            return 0;
        }
        int done = 0;
        Pending p;
        while ((p = pending.poll()) != null)
        {
            complete(p);
            done++;
        }
        return done;
    }

    private void complete(final Pending p)
    {
        if (clientMac != -1 && clientMac != p.clientMac() && directory.selfVip() != 0)
        {
            p.callback().onLeaseDenied();   // one host per TAP: a second client gets nothing
            return;
        }
        final int ip = p.requestedIp() != 0 ? p.requestedIp() : choose();
        if (ip == 0 || !assignable(ip))
        {
            p.callback().onLeaseDenied();
            return;
        }
        clientMac = p.clientMac();
        directory.setSelf(ip, p.hostname());
        p.callback().onLeaseGranted(ip, LEASE_SECONDS);
    }

    /** @return the address this node would take now: its current one, else the first free candidate; 0 if none. */
    public int choose()
    {
        if (directory.selfVip() != 0)
        {
            return directory.selfVip();
        }
        final int size = 1 << (32 - prefixLength);
        final long seed = self.hi() ^ self.mid() ^ self.lo();
        final int start = (int)Long.remainderUnsigned(seed * 0x9E3779B97F4A7C15L, size);
        for (int i = 0; i < size; i++)
        {
            final int ip = network + ((start + i) % size);
            if (assignable(ip))
            {
                return ip;
            }
        }
        return 0;
    }

    private boolean assignable(final int ip)
    {
        final int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        if ((ip & mask) != network || ip == network || ip == (network | ~mask))
        {
            return false;
        }
        for (final int r : reserved)
        {
            if (r == ip)
            {
                return false;
            }
        }
        return !directory.isTakenByOther(ip);
    }

    @Override
    public void release(final long clientMac, final int ip)
    {
        if (clientMac == this.clientMac && ip == directory.selfVip())
        {
            directory.setSelf(0, null);
        }
    }

    @Override
    public void decline(final long clientMac, final int ip)
    {
        release(clientMac, ip);
    }
}
