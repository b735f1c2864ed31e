package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtTickListener;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.DeterministicRandom;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.service.dhcp.LeaseCallback;
import org.ipop.overlay.service.dhcp.LeaseProvider;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decentralized DHCP on the DHT: a lease of {@code ip} is a DHT create of {@code dhcp:<namespace>:<ip>} whose value
 * is this node's overlay address and the client's MAC, with the namespace's lease time as TTL; renewing is the same
 * create again (an equal value counts as success and extends the lease). For "any address" it draws random
 * assignable addresses and retries on conflict ({@link DhtStatus#EXISTS}) or timeout, preferring the address the
 * client already holds. With each lease it puts the address record {@code ip:<namespace>:<ip>} (overlay address)
 * and, when the client sent a hostname, creates the hostname record {@code host:<namespace>:<name>} (first holder
 * wins).
 * <p>
 * Creates made before the ring is consistent can falsely succeed (a partial ring has other "nearest" nodes), so
 * every lease granted before this node has been placed on the ring for {@link #CONFIRM_DELAY_NS} is created again
 * then; a lease that turns out held by someone else is dropped (the client's next renewal is denied). A renewal
 * of a confirmed lease that times out (the DHT did not answer) is granted: only a conflict takes an address away.
 * <p>
 * Signed mode (a {@link RecordSigner} given): every record is a {@link org.ipop.overlay.dht.signed.SignedRecord} of
 * this node naming the signer's overlay address, written with the short {@link ClaimRecords#RECORD_TTL_SECONDS} and
 * written again every third of it while the client's lease runs (so a record outlives this node by at most that),
 * and deleted with delete tokens. Replicas then refuse another node's attempt to take or remove the records.
 * <p>
 * Randomness: a generator seeded from the control plane's journaled seed and the namespace name (it does not
 * consume the control plane's own draws); the chosen addresses reach the DHT as journaled commands. Threading: the
 * control-plane thread only.
 */
public final class DhtLeaseProvider implements LeaseProvider, DhtTickListener
{
    /** Time the node must have been placed on the ring before leases granted earlier are confirmed again. */
    public static final long CONFIRM_DELAY_NS = 5_000_000_000L;
    /** Addresses tried for one "any address" request before it is denied. */
    public static final int MAX_ATTEMPTS = 24;

    private final ReplicatedDht dht;
    private final ControlPlane plane;
    private final NamespaceConfig namespace;
    private final DeterministicRandom random;
    private final Address self;
    private final RecordSigner signer;
    private final LinkedHashMap<Long, Lease> leases = new LinkedHashMap<>();
    private final HashMap<Integer, Long> declinedUntilNs = new HashMap<>();
    private long placedSinceNs = -1;
    private long granted;
    private long conflicts;
    private long lost;

    private static final class Lease
    {
        final int ip;
        String hostname;
        boolean confirmed;
        long endsNs;
        long nextRefreshNs;

        Lease(final int ip, final String hostname, final boolean confirmed)
        {
            this.ip = ip;
            this.hostname = hostname;
            this.confirmed = confirmed;
        }
    }

    /**
     * @param dht       the node's DHT; the provider registers as its tick listener.
     * @param namespace the namespace handed out.
     */
    public DhtLeaseProvider(final ReplicatedDht dht, final NamespaceConfig namespace)
    {
        this(dht, namespace, null);
    }

    /**
     * @param dht       the node's DHT; the provider registers as its tick listener.
     * @param namespace the namespace handed out.
     * @param signer    signs the records (signed mode), or null for plain records.
     */
    public DhtLeaseProvider(final ReplicatedDht dht, final NamespaceConfig namespace, final RecordSigner signer)
    {
        this.dht = dht;
        this.plane = dht.plane();
        this.namespace = namespace;
        this.signer = signer;
        this.self = signer != null ? signer.address() : plane.address();
        this.random = new DeterministicRandom(plane.config().seed() * 0x9E3779B97F4A7C15L + namespace.name().hashCode());
        dht.addTickListener(this);
    }

    @Override
    public void requestLease(
        final long clientMac, final int requestedIp, final String hostname, final LeaseCallback callback)
    {
        final Lease held = leases.get(clientMac);
        if (requestedIp != 0)
        {
            if (!namespace.assignable(requestedIp) || declined(requestedIp))
            {
                callback.onLeaseDenied();
                return;
            }
            attempt(clientMac, requestedIp, hostname, callback, 0);
            return;
        }
        final int first = held != null ? held.ip : pick();
        if (first == 0)
        {
            callback.onLeaseDenied();
            return;
        }
        attempt(clientMac, first, hostname, callback, MAX_ATTEMPTS - 1);
    }

    private void attempt(
        final long mac, final int ip, final String hostname, final LeaseCallback callback, final int retriesLeft)
    {
        final byte[] key = IpopKeys.lease(namespace.name(), ip);
        dht.create(key, seal(key, leaseValue(mac)), recordSeconds(), status ->
        {
            if (status == DhtStatus.OK)
            {
                grant(mac, ip, hostname);
                callback.onLeaseGranted(ip, namespace.leaseSeconds());
                return;
            }
            final Lease held = leases.get(mac);
            final boolean renewal = held != null && held.ip == ip;
            if (status == DhtStatus.EXISTS || status == DhtStatus.REFUSED)
            {
                conflicts++;
                if (renewal)
                {
                    leases.remove(mac);
                    lost++;
                }
            }
            else if (renewal && held.confirmed)
            {
                // the DHT did not answer (not "someone else holds it"): keep the client's address meanwhile
                held.endsNs = plane.nowNs() + namespace.leaseSeconds() * 1_000_000_000L;
                callback.onLeaseGranted(ip, namespace.leaseSeconds());
                return;
            }
            final int next = retriesLeft > 0 ? pick() : 0;
            if (next == 0)
            {
                callback.onLeaseDenied();
            }
            else
            {
                attempt(mac, next, hostname, callback, retriesLeft - 1);
            }
        });
    }

    private void grant(final long mac, final int ip, final String hostname)
    {
        granted++;
        final Lease previous = leases.get(mac);
        if (previous != null && previous.ip != ip)
        {
            forget(mac, previous);
        }
        Lease lease = leases.get(mac);
        final boolean confirmed = isPlacedLongEnough();
        if (lease == null)
        {
            lease = new Lease(ip, hostname, confirmed);
            leases.put(mac, lease);
        }
        else
        {
            lease.confirmed |= confirmed;
            if (hostname != null && !hostname.equals(lease.hostname))
            {
                if (lease.hostname != null)
                {
                    delete(IpopKeys.host(namespace.name(), lease.hostname), ipBytes(ip));
                }
                lease.hostname = hostname;
            }
        }
        final long now = plane.nowNs();
        lease.endsNs = now + namespace.leaseSeconds() * 1_000_000_000L;
        lease.nextRefreshNs = now + refreshIntervalNs();
        writeAddressRecords(lease);
    }

    private void writeAddressRecords(final Lease lease)
    {
        final int ttl = recordSeconds();
        final byte[] address = IpopKeys.address(namespace.name(), lease.ip);
        dht.put(address, seal(address, self.toBytes()), ttl, s -> { });
        if (lease.hostname != null)
        {
            final byte[] host = IpopKeys.host(namespace.name(), lease.hostname);
            dht.create(host, seal(host, ipBytes(lease.ip)), ttl, s -> { });
        }
    }

    /** Signed mode: writes the records of every running lease again, a third of their TTL after the last time. */
    private void refreshRecords(final long nowNs)
    {
        for (final Map.Entry<Long, Lease> e : leases.entrySet())
        {
            final Lease lease = e.getValue();
            if (nowNs < lease.nextRefreshNs || nowNs >= lease.endsNs)
            {
                continue;
            }
            lease.nextRefreshNs = nowNs + refreshIntervalNs();
            final long mac = e.getKey();
            final byte[] key = IpopKeys.lease(namespace.name(), lease.ip);
            dht.create(key, seal(key, leaseValue(mac)), recordSeconds(), status ->
            {
                if ((status == DhtStatus.EXISTS || status == DhtStatus.REFUSED) && leases.get(mac) == lease)
                {
                    leases.remove(mac);
                    lost++;
                }
            });
            writeAddressRecords(lease);
        }
    }

    /** @return the TTL of the records: the lease time, or the short claim TTL in signed mode. */
    private int recordSeconds()
    {
        return signer == null ? namespace.leaseSeconds() :
            Math.min(namespace.leaseSeconds(), ClaimRecords.RECORD_TTL_SECONDS);
    }

    private long refreshIntervalNs()
    {
        return recordSeconds() * 1_000_000_000L / 3;
    }

    private byte[] seal(final byte[] key, final byte[] payload)
    {
        return signer == null ? payload : signer.seal(key, payload, dht.epochMillis() + recordSeconds() * 1000L);
    }

    private void delete(final byte[] key, final byte[] payload)
    {
        dht.delete(key, signer == null ? payload :
            signer.sealDelete(key, payload, dht.epochMillis() + ClaimRecords.DELETE_TOKEN_MS), s -> { });
    }

    @Override
    public void release(final long clientMac, final int ip)
    {
        final Lease lease = leases.get(clientMac);
        if (lease != null && lease.ip == ip)
        {
            leases.remove(clientMac);
            forget(clientMac, lease);
        }
    }

    @Override
    public void decline(final long clientMac, final int ip)
    {
        release(clientMac, ip);
        if (namespace.assignable(ip))
        {
            declinedUntilNs.put(ip, plane.nowNs() + namespace.leaseSeconds() * 1_000_000_000L);
        }
    }

    private void forget(final long mac, final Lease lease)
    {
        delete(IpopKeys.lease(namespace.name(), lease.ip), leaseValue(mac));
        delete(IpopKeys.address(namespace.name(), lease.ip), self.toBytes());
        if (lease.hostname != null)
        {
            delete(IpopKeys.host(namespace.name(), lease.hostname), ipBytes(lease.ip));
        }
    }

    @Override
    public void onTick(final long nowNs)
    {
        if (signer != null)
        {
            refreshRecords(nowNs);
        }
        final boolean placed = plane.placed() && plane.ringLinked();
        if (!placed)
        {
            placedSinceNs = -1;
            return;
        }
        if (placedSinceNs < 0)
        {
            placedSinceNs = nowNs;
        }
        if (!isPlacedLongEnough())
        {
            return;
        }
        for (final Map.Entry<Long, Lease> e : leases.entrySet())
        {
            final Lease lease = e.getValue();
            if (!lease.confirmed)
            {
                lease.confirmed = true;
                final long mac = e.getKey();
                final byte[] key = IpopKeys.lease(namespace.name(), lease.ip);
                dht.create(key, seal(key, leaseValue(mac)), recordSeconds(),
                    status ->
                    {
                        if ((status == DhtStatus.EXISTS || status == DhtStatus.REFUSED) && leases.get(mac) == lease)
                        {
                            leases.remove(mac);
                            lost++;
                        }
                    });
            }
        }
    }

    private boolean isPlacedLongEnough()
    {
        return placedSinceNs >= 0 && plane.nowNs() - placedSinceNs >= CONFIRM_DELAY_NS;
    }

    private int pick()
    {
        final int hosts = namespace.size();
        for (int i = 0; i < 64; i++)
        {
            final int ip = namespace.network() + 1 + random.nextInt(hosts - 2);
            if (namespace.assignable(ip) && !declined(ip) && !heldHere(ip))
            {
                return ip;
            }
        }
        return 0;
    }

    private boolean heldHere(final int ip)
    {
        for (final Lease l : leases.values())
        {
            if (l.ip == ip)
            {
                return true;
            }
        }
        return false;
    }

    private boolean declined(final int ip)
    {
        final Long until = declinedUntilNs.get(ip);
        if (until == null)
        {
            return false;
        }
        if (plane.nowNs() >= until)
        {
            declinedUntilNs.remove(ip);
            return false;
        }
        return true;
    }

    private byte[] leaseValue(final long mac)
    {
        return ByteBuffer.allocate(Address.LENGTH + 6).put(self.toBytes())
            .putShort((short)(mac >>> 32)).putInt((int)mac).array();
    }

    static byte[] ipBytes(final int ip)
    {
        return ByteBuffer.allocate(4).putInt(ip).array();
    }

    /**
     * @param clientMac client hardware address.
     * @return the address the client holds here, or 0.
     */
    public int leasedIp(final long clientMac)
    {
        final Lease l = leases.get(clientMac);
        return l == null ? 0 : l.ip;
    }

    /** @return leases held for clients of this node. */
    public int leaseCount()
    {
        return leases.size();
    }

    /** @return leases granted (renewals included). */
    public long granted()
    {
        return granted;
    }

    /** @return creates refused because another node held the address. */
    public long conflicts()
    {
        return conflicts;
    }

    /** @return leases dropped because a re-confirmation or renewal found the address held by another node. */
    public long lost()
    {
        return lost;
    }

    /** @return the namespace. */
    public NamespaceConfig namespace()
    {
        return namespace;
    }
}
