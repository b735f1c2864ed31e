package org.ipop.overlay.connection;

import org.ipop.overlay.address.Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionTableTest
{
    private final List<String> events = new ArrayList<>();
    private final ConnectionListener listener = new ConnectionListener()
    {
        @Override
        public void onConnectionAdded(final Connection c)
        {
            events.add("add " + c.peer().lo());
        }

        @Override
        public void onConnectionTypesChanged(final Connection c)
        {
            events.add("types " + c.peer().lo() + " " + c.types());
        }

        @Override
        public void onConnectionRemoved(final Connection c)
        {
            events.add("remove " + c.peer().lo());
        }
    };

    private static Address at(final int lo)
    {
        return Address.of(0, 0, lo);
    }

    @Test
    void shouldOrderConnectionsClockwiseFromSelf()
    {
        final ConnectionTable t = new ConnectionTable(at(100), listener);
        t.add(at(50), 1, ConnectionType.NEAR, 0);
        t.add(at(150), 2, ConnectionType.NEAR, 0);
        t.add(at(120), 3, ConnectionType.NEAR, 0);
        t.add(at(90), 4, ConnectionType.NEAR, 0);
        assertEquals(at(120), t.right(0).peer());
        assertEquals(at(150), t.right(1).peer());
        assertEquals(at(90), t.left(0).peer());
        assertEquals(at(50), t.left(1).peer());
        assertNull(t.right(4));
        assertEquals(0, t.rankOf(at(110), 1));
        assertEquals(1, t.rankOf(at(130), 1));
        assertEquals(0, t.rankOf(at(95), -1));
        assertEquals(2, t.rankOf(at(10), -1));
        assertEquals(0, t.placesAway(t.get(at(90))));
    }

    @Test
    void shouldKeepOneConnectionPerPeerAndMergeTypes()
    {
        final ConnectionTable t = new ConnectionTable(at(100), listener);
        final Connection a = t.add(at(7), 11, ConnectionType.LEAF, 0);
        final Connection b = t.add(at(7), 11, ConnectionType.SHORTCUT, 5);
        assertSame(a, b);
        assertEquals(1, t.size());
        assertEquals(ConnectionType.LEAF | ConnectionType.SHORTCUT, a.types());
        t.clearTypes(a, ConnectionType.LEAF);
        assertEquals(ConnectionType.SHORTCUT, a.types());
        assertTrue(t.remove(a));
        assertNull(t.byTransport(11));
        assertEquals(List.of("add 7", "types 7 5", "types 7 4", "remove 7"), events);
    }

    @Test
    void shouldReplaceAStaleConnectionOnTheSameTransportAddress()
    {
        final ConnectionTable t = new ConnectionTable(at(100), listener);
        t.add(at(7), 11, ConnectionType.NEAR, 0);
        t.add(at(8), 11, ConnectionType.NEAR, 0);
        assertNull(t.get(at(7)));
        assertEquals(at(8), t.byTransport(11).peer());
        assertEquals(1, t.size());
    }
}
