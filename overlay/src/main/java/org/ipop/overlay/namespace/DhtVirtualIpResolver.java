package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.service.arp.VirtualIpResolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Virtual IP to overlay address, from the records {@code ip:<namespace>:<ip>} (a 20-byte overlay address; with
 * several values, the one with the longest remaining lease), cached: a found address for {@code cacheSeconds},
 * "nobody" for {@code negativeSeconds}. An expired entry is still answered while one refresh is in flight (a lease
 * moves rarely; the data plane keeps working). Serves proxy ARP ({@link #lookup}), the node's route installation
 * ({@link #resolve}) and the source check of received packets ({@link #cachedOwner}).
 * <p>
 * Control-plane thread only.
 */
public final class DhtVirtualIpResolver implements VirtualIpResolver
{
    private static final long SECOND = 1_000_000_000L;

    private final ReplicatedDht dht;
    private final String namespace;
    private final Address self;
    private final long cacheNs;
    private final long negativeNs;
    private final ClaimRecords claims;
    private final HashMap<Integer, Entry> cache = new HashMap<>();
    private long lookups;

    private static final class Entry
    {
        Address node;
        long expiresNs;
        boolean inFlight;
        ArrayList<VirtualIpCallback> waiting;
    }

    /**
     * @param dht             the node's DHT.
     * @param namespace       namespace name.
     * @param cacheSeconds    how long a found address is trusted.
     * @param negativeSeconds how long "nobody holds it" is trusted.
     */
    public DhtVirtualIpResolver(
        final ReplicatedDht dht, final String namespace, final int cacheSeconds, final int negativeSeconds)
    {
        this(dht, namespace, cacheSeconds, negativeSeconds, null);
    }

    /**
     * @param dht             the node's DHT.
     * @param namespace       namespace name.
     * @param cacheSeconds    how long a found address is trusted.
     * @param negativeSeconds how long "nobody holds it" is trusted.
     * @param claims          signed mode: only valid signed records of the owner count; null to read values as
     *                        they are.
     */
    public DhtVirtualIpResolver(
        final ReplicatedDht dht, final String namespace, final int cacheSeconds, final int negativeSeconds,
        final ClaimRecords claims)
    {
        this.claims = claims;
        this.dht = dht;
        this.namespace = namespace;
        this.self = dht.plane().address();
        this.cacheNs = cacheSeconds * SECOND;
        this.negativeNs = negativeSeconds * SECOND;
    }

    @Override
    public int lookup(final int virtualIp)
    {
        final Entry e = cache.get(virtualIp);
        final long now = dht.plane().nowNs();
        if (e == null || e.expiresNs <= now)
        {
            refresh(virtualIp, null);
        }
        if (e == null || (e.expiresNs <= 0 && e.node == null))
        {
            return UNKNOWN;
        }
        return e.node != null && !e.node.equals(self) ? REMOTE : NOT_REMOTE;
    }

    /**
     * Resolves a virtual IP to the overlay address of its node: from the cache when fresh (the callback then runs
     * before this returns), else by a DHT get.
     *
     * @param virtualIp address in the namespace.
     * @param callback  completed exactly once.
     */
    public void resolve(final int virtualIp, final VirtualIpCallback callback)
    {
        final Entry e = cache.get(virtualIp);
        if (e != null && e.expiresNs > dht.plane().nowNs())
        {
            callback.onResolved(virtualIp, e.node);
            return;
        }
        refresh(virtualIp, callback);
    }

    /**
     * @param virtualIp address in the namespace.
     * @return the node the cache says holds it (fresh or being refreshed), or null: for checking that a packet's
     * source IP belongs to the node that sent it.
     */
    public Address cachedOwner(final int virtualIp)
    {
        final Entry e = cache.get(virtualIp);
        return e == null ? null : e.node;
    }

    /**
     * Visits the cached owners (fresh or being refreshed; "nobody" entries skipped), e.g. for a status report.
     *
     * @param consumer given each virtual IP and its node.
     */
    public void forEachCached(final java.util.function.BiConsumer<Integer, Address> consumer)
    {
        for (final java.util.Map.Entry<Integer, Entry> e : cache.entrySet())
        {
            if (e.getValue().node != null)
            {
                consumer.accept(e.getKey(), e.getValue().node);
            }
        }
    }

    /** @return DHT lookups started. */
    public long lookups()
    {
        return lookups;
    }

    private void refresh(final int virtualIp, final VirtualIpCallback callback)
    {
        Entry e = cache.get(virtualIp);
        if (e == null)
        {
            e = new Entry();
            cache.put(virtualIp, e);
        }
        if (callback != null)
        {
            if (e.waiting == null)
            {
                e.waiting = new ArrayList<>(1);
            }
            e.waiting.add(callback);
        }
        if (e.inFlight)
        {
            return;
        }
        e.inFlight = true;
        lookups++;
        final Entry entry = e;
        final byte[] key = IpopKeys.address(namespace, virtualIp);
        dht.get(key, (status, rawValues) ->
        {
            entry.inFlight = false;
            final List<DhtValue> values = ClaimRecords.open(claims, key, rawValues, dht.epochMillis());
            if (status == DhtStatus.OK)
            {
                Address best = null;
                int bestRemaining = -1;
                for (final DhtValue v : values)
                {
                    if (v.value().length == Address.LENGTH && v.remainingSeconds() > bestRemaining)
                    {
                        best = Address.fromBytes(v.value());
                        bestRemaining = v.remainingSeconds();
                    }
                }
                entry.node = best;
                entry.expiresNs = dht.plane().nowNs() + (best != null ? cacheNs : negativeNs);
            }
            final ArrayList<VirtualIpCallback> waiting = entry.waiting;
            entry.waiting = null;
            if (waiting != null)
            {
                for (final VirtualIpCallback c : waiting)
                {
                    c.onResolved(virtualIp, entry.node);
                }
            }
        });
    }
}
