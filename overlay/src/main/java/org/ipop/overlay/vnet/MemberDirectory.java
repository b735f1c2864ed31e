package org.ipop.overlay.vnet;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.namespace.ClaimRecords;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.namespace.IpopKeys;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.DataPlaneCommands;

/**
 * The members of this node's virtual network, for broadcast and multicast: every node registers its overlay address
 * under {@code members:<namespace>} in the DHT (kept alive with a {@link #RECORD_TTL_SECONDS} lease by a
 * {@link DhtKeeper}, so a dead node drops out within one lease), reads the list back every
 * {@link #REFRESH_INTERVAL_NS}, and makes every other member an engine member ({@link EngineProxy#addMember}): the
 * engine then copies each broadcast or multicast frame from the TAP to every member as a unicast overlay frame.
 * Members that left the record are removed. At most {@link #MAX_MEMBERS} are copied to; the rest are counted.
 * <p>
 * Members without a connection are reached through the overlay: every {@link #PATH_INTERVAL_NS} their next hop is
 * set to the greedy next hop toward them (and cleared once they are connected), so a copy leaves on a neighbour's
 * edge and is relayed like any unicast frame.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class MemberDirectory
{
    /** Lease of this node's member record; it is rewritten at half this. */
    public static final int RECORD_TTL_SECONDS = 120;
    /** How often the member list is read back. */
    public static final long REFRESH_INTERVAL_NS = 5_000_000_000L;
    /** How often paths to unconnected members are set again (the ring changes under them). */
    public static final long PATH_INTERVAL_NS = 1_000_000_000L;
    /** Most members a broadcast is copied to. */
    public static final int MAX_MEMBERS = 256;

    private final ReplicatedDht dht;
    private final DhtKeeper keeper;
    private final EngineProxy proxy;
    private final PeerIds peers;
    private final DataPlaneCommands dataPlane;
    private final byte[] key;
    private final Address self;
    private final BooleanSupplier ready;
    private ClaimRecords claims;
    private RecordSigner signer;
    private final Set<Address> members = new HashSet<>();
    private boolean registered;
    private boolean reading;
    private long nextRefreshNs;
    private long nextPathNs;
    private long refreshes;
    private long overflow;

    /**
     * @param dht       the node's DHT.
     * @param keeper    keeps this node's member record alive.
     * @param proxy     the engine's proxy.
     * @param peers     the id registry.
     * @param dataPlane where next hops toward unconnected members are set.
     * @param namespace the virtual network's name.
     * @param ready     true once DHT writes reach the nodes that hold the record (placed on the ring).
     */
    public MemberDirectory(
        final ReplicatedDht dht,
        final DhtKeeper keeper,
        final EngineProxy proxy,
        final PeerIds peers,
        final DataPlaneCommands dataPlane,
        final String namespace,
        final BooleanSupplier ready)
    {
        this.dht = dht;
        this.keeper = keeper;
        this.proxy = proxy;
        this.peers = peers;
        this.dataPlane = dataPlane;
        this.key = IpopKeys.members(namespace);
        this.self = dht.plane().address();
        this.ready = ready;
    }

    /**
     * Signs this node's member record and checks the others' (certificates mode); without this call records are
     * plain addresses, as in the simulator.
     *
     * @param claims the claim-record rules the replicas apply too.
     * @param signer signs this node's record.
     * @return this.
     */
    public MemberDirectory signed(final ClaimRecords claims, final RecordSigner signer)
    {
        this.claims = claims;
        this.signer = signer;
        return this;
    }

    /**
     * Registers once ready, reads the member list and sets paths when due.
     *
     * @return work done.
     */
    public int doWork(final ControlPlane plane, final long nowNs)
    {
        if (!ready.getAsBoolean())
        {
            return 0;
        }
        int work = 0;
        if (!registered)
        {
            registered = true;
            if (signer != null)
            {
                keeper.keep(key, self.toBytes(), RECORD_TTL_SECONDS, false, signer, status -> { });
            }
            else
            {
                keeper.keep(key, self.toBytes(), RECORD_TTL_SECONDS, false, status -> { });
            }
            work++;
        }
        if (!reading && nowNs - nextRefreshNs >= 0)
        {
            nextRefreshNs = nowNs + REFRESH_INTERVAL_NS;
            reading = true;
            dht.get(key, (status, values) ->
            {
                reading = false;
                if (status == DhtStatus.OK)
                {
                    onMembers(ClaimRecords.open(claims, key, values, dht.epochMillis()));
                }
            });
            work++;
        }
        if (nowNs - nextPathNs >= 0)
        {
            nextPathNs = nowNs + PATH_INTERVAL_NS;
            work += setPaths(plane);
        }
        return work;
    }

    private void onMembers(final Iterable<DhtValue> values)
    {
        refreshes++;
        final Set<Address> current = new HashSet<>();
        for (final DhtValue v : values)
        {
            if (v.value().length != Address.LENGTH)
            {
                continue;
            }
            final Address member = Address.fromBytes(v.value());
            if (member.equals(self) || current.contains(member))
            {
                continue;
            }
            if (current.size() >= MAX_MEMBERS)
            {
                overflow++;
                continue;
            }
            current.add(member);
        }
        for (final Address gone : members)
        {
            if (!current.contains(gone))
            {
                final int id = peers.existingId(gone);
                if (id > 0)
                {
                    proxy.removeMember(id);
                }
            }
        }
        final Set<Address> added = new HashSet<>();
        for (final Address member : current)
        {
            if (members.contains(member))
            {
                added.add(member);
                continue;
            }
            final int id = peers.idOf(member);
            if (id > 0 && proxy.addMember(id))
            {
                added.add(member);
            }
        }
        members.clear();
        members.addAll(added);
    }

    private int setPaths(final ControlPlane plane)
    {
        int work = 0;
        for (final Address member : members)
        {
            if (plane.table().get(member) != null)
            {
                continue;
            }
            final Connection via = plane.router().greedyNextHop(member, null);
            dataPlane.nextHop(member, via != null ? via.peer() : null);
            work++;
        }
        return work;
    }

    /** @return the members broadcast and multicast frames are copied to (live view). */
    public Set<Address> members()
    {
        return members;
    }

    /** @return member lists read so far. */
    public long refreshes()
    {
        return refreshes;
    }

    /** @return members left out because the list was longer than {@link #MAX_MEMBERS}. */
    public long overflow()
    {
        return overflow;
    }
}
