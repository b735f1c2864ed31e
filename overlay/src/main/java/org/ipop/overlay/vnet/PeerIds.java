package org.ipop.overlay.vnet;

import java.util.HashMap;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.Address;

/**
 * The engine names nodes by small peer ids; this binds each overlay address the node talks to (neighbours,
 * relay destinations, owners of virtual IPs) to one id for the life of the process, sending
 * {@link EngineProxy#addPeer} the first time. Ids are not reused. Control-plane thread only.
 */
public final class PeerIds
{
    private final EngineProxy proxy;
    private final Map<Address, Integer> ids = new HashMap<>();
    private final Address[] byId;
    private final UnsafeBuffer addressBuffer = new UnsafeBuffer(new byte[Address.LENGTH]);
    private int nextId = 1;

    /** @param proxy the engine's proxy (its maxPeers bounds the ids). */
    public PeerIds(final EngineProxy proxy)
    {
        this.proxy = proxy;
        this.byId = new Address[proxy.maxPeers()];
    }

    /**
     * @return the id of {@code peer}, binding a new one in the engine on first use, or 0 when the engine's
     *         peer table is exhausted or the engine lost the binding command (its backlog was full; counted
     *         there): the next call tries again.
     */
    public int idOf(final Address peer)
    {
        final Integer id = ids.get(peer);
        if (id != null)
        {
            return id;
        }
        if (nextId >= byId.length)
        {
            return 0;
        }
        final int newId = nextId;
        peer.write(addressBuffer, 0);
        if (!proxy.addPeer(newId, addressBuffer, 0))
        {
            return 0;
        }
        nextId++;
        ids.put(peer, newId);
        byId[newId] = peer;
        return newId;
    }

    /** @return the id of {@code peer} or 0 when it has none. */
    public int existingId(final Address peer)
    {
        final Integer id = ids.get(peer);
        return id == null ? 0 : id;
    }

    /** @return the address bound to {@code id}, or null. */
    public Address address(final int id)
    {
        return id > 0 && id < byId.length ? byId[id] : null;
    }

    /** @return ids handed out so far plus one (iterate {@code 1..limit()-1}). */
    public int limit()
    {
        return nextId;
    }
}
