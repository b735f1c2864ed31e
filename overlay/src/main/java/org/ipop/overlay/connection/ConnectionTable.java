package org.ipop.overlay.connection;

import org.agrona.collections.Long2ObjectHashMap;
import org.ipop.overlay.address.Address;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The node's connections, at most one per peer, kept sorted by clockwise offset from the local address:
 * index 0 is the nearest neighbour on the right (clockwise), the last index the nearest on the left.
 * Single-threaded (the control-plane thread).
 */
public final class ConnectionTable
{
    private final Address self;
    private final ConnectionListener listener;
    private final ArrayList<Connection> sorted = new ArrayList<>();
    private final HashMap<Address, Connection> byAddress = new HashMap<>();
    private final Long2ObjectHashMap<Connection> byTransport = new Long2ObjectHashMap<>();

    /**
     * @param self     local address.
     * @param listener told of changes.
     */
    public ConnectionTable(final Address self, final ConnectionListener listener)
    {
        this.self = self;
        this.listener = listener;
    }

    /** @return the local address. */
    public Address self()
    {
        return self;
    }

    /** @return number of connections. */
    public int size()
    {
        return sorted.size();
    }

    /**
     * @param i index in clockwise order.
     * @return the connection.
     */
    public Connection get(final int i)
    {
        return sorted.get(i);
    }

    /**
     * @param peer overlay address.
     * @return the connection to that peer, or null.
     */
    public Connection get(final Address peer)
    {
        return byAddress.get(peer);
    }

    /**
     * @param transport packed transport address.
     * @return the connection over that edge, or null.
     */
    public Connection byTransport(final long transport)
    {
        return byTransport.get(transport);
    }

    /**
     * Adds a connection, or merges type bits into the existing connection to the same peer. A connection to
     * the same peer over another transport address is replaced only if {@code replace} is set.
     *
     * @param peer      peer address.
     * @param transport packed transport address.
     * @param types     type bits.
     * @param nowNs     current time.
     * @return the connection now in the table.
     */
    public Connection add(final Address peer, final long transport, final int types, final long nowNs)
    {
        final Connection existing = byAddress.get(peer);
        if (existing != null)
        {
            if ((existing.types() | types) != existing.types())
            {
                existing.types(existing.types() | types);
                listener.onConnectionTypesChanged(existing);
            }
            existing.heard(nowNs);
            return existing;
        }
        final Connection stale = byTransport.get(transport);
        if (stale != null)
        {
            remove(stale);
        }
        final Connection c = new Connection(self, peer, transport, types, nowNs);
        final Address key = c.clockwiseOffset();
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).clockwiseOffset().compareTo(key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        sorted.add(lo, c);
        byAddress.put(peer, c);
        byTransport.put(transport, c);
        listener.onConnectionAdded(c);
        return c;
    }

    /**
     * Sets type bits of a connection without touching its liveness state.
     *
     * @param c     connection.
     * @param types bits to set.
     */
    public void addTypes(final Connection c, final int types)
    {
        if ((c.types() | types) != c.types())
        {
            c.types(c.types() | types);
            listener.onConnectionTypesChanged(c);
        }
    }

    /**
     * Clears type bits of a connection; the caller decides whether a connection left with no type goes.
     *
     * @param c     connection.
     * @param types bits to clear.
     */
    public void clearTypes(final Connection c, final int types)
    {
        if ((c.types() & types) != 0)
        {
            c.types(c.types() & ~types);
            listener.onConnectionTypesChanged(c);
        }
    }

    /**
     * @param c connection to remove; ignored if not present.
     * @return true if it was removed.
     */
    public boolean remove(final Connection c)
    {
        if (byAddress.get(c.peer()) != c)
        {
            return false;
        }
        byAddress.remove(c.peer());
        byTransport.remove(c.transport());
        sorted.remove(c);
        listener.onConnectionRemoved(c);
        return true;
    }

    /**
     * @param k 0 for the nearest.
     * @return the k-th nearest connection clockwise, or null if there are not that many.
     */
    public Connection right(final int k)
    {
        return k < sorted.size() ? sorted.get(k) : null;
    }

    /**
     * @param k 0 for the nearest.
     * @return the k-th nearest connection counter-clockwise, or null if there are not that many.
     */
    public Connection left(final int k)
    {
        return k < sorted.size() ? sorted.get(sorted.size() - 1 - k) : null;
    }

    /**
     * @param c a connection in the table.
     * @return how many places away it is on the nearer side: 0 for an immediate neighbour.
     */
    public int placesAway(final Connection c)
    {
        final int i = sorted.indexOf(c);
        return Math.min(i, sorted.size() - 1 - i);
    }

    /**
     * @param address an address on the ring.
     * @param side    +1 for the clockwise side of the local node, -1 for the counter-clockwise side.
     * @return how many connections lie strictly between the local node and {@code address} on that side.
     */
    public int rankOf(final Address address, final int side)
    {
        final Address off = self.clockwiseTo(address);
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).clockwiseOffset().compareTo(off) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        if (side > 0)
        {
            return lo;
        }
        int after = lo;
        while (after < sorted.size() && sorted.get(after).clockwiseOffset().equals(off))
        {
            after++;
        }
        return sorted.size() - after;
    }

    /** @return a snapshot list of connections in clockwise order. */
    public List<Connection> snapshot()
    {
        return new ArrayList<>(sorted);
    }
}
