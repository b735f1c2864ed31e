package org.ipop.overlay.routing;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionListener;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.wire.RoutedFlyweight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest
{
    private static final ConnectionListener QUIET = new ConnectionListener()
    {
        @Override
        public void onConnectionAdded(final Connection connection)
        {
        }

        @Override
        public void onConnectionTypesChanged(final Connection connection)
        {
        }

        @Override
        public void onConnectionRemoved(final Connection connection)
        {
        }
    };

    private static Address at(final int lo)
    {
        return Address.of(0, 0, lo);
    }

    private final ConnectionTable table = new ConnectionTable(at(1000), QUIET);
    private final Router router = new Router(table);
    private final Address stranger = at(99_999);

    RouterTest()
    {
        for (final int peer : new int[]{900, 950, 1050, 1100, 3000, 500})
        {
            table.add(at(peer), peer, ConnectionType.NEAR, 0);
        }
    }

    @Test
    void shouldForwardGreedilyToTheNearestConnection()
    {
        final RouteDecision d = router.route(RoutingMode.GREEDY, at(2900), 0, 0, stranger, null);
        assertFalse(d.deliver());
        assertEquals(at(3000), d.next().peer());
    }

    @Test
    void shouldNeverSendBackOnTheArrivalEdge()
    {
        final Connection arrival = table.get(at(3000));
        final RouteDecision d = router.route(RoutingMode.GREEDY, at(2900), 0, 0, stranger, arrival);
        assertFalse(d.deliver());
        assertEquals(at(1100), d.next().peer(), "the next nearest, never the arrival edge");
    }

    @Test
    void shouldDeliverGreedyWhereNoConnectionIsNearer()
    {
        final RouteDecision d = router.route(RoutingMode.GREEDY, at(1010), 0, 0, stranger, null);
        assertTrue(d.deliver());
        assertNull(d.next());
    }

    @Test
    void shouldDropExactMessagesForAnAbsentAddress()
    {
        final RouteDecision d = router.route(RoutingMode.EXACT, at(1010), 0, 0, stranger, null);
        assertFalse(d.deliver());
        assertNull(d.next());
        assertTrue(router.route(RoutingMode.EXACT, at(1000), 0, 0, stranger, null).deliver());
    }

    @Test
    void shouldDeliverAnnealingToBothNodesBracketingTheDestination()
    {
        final RouteDecision d = router.route(RoutingMode.ANNEALING, at(1010), 0, 0, stranger, null);
        assertTrue(d.deliver());
        assertEquals(at(1050), d.next().peer());
        assertEquals(RoutedFlyweight.FLAG_DELIVERED, d.nextFlags());
        final RouteDecision second =
            router.route(RoutingMode.ANNEALING, at(1010), 0, RoutedFlyweight.FLAG_DELIVERED, stranger, null);
        assertTrue(second.deliver());
        assertNull(second.next(), "only one uphill step");
    }

    @Test
    void shouldWalkDirectionallyAlongTheRing()
    {
        final RouteDecision right = router.route(RoutingMode.DIRECTIONAL, at(0), 3, 0, stranger, null);
        assertEquals(at(1050), right.next().peer());
        assertEquals(2, right.nextParam());
        final RouteDecision left = router.route(RoutingMode.DIRECTIONAL, at(0), -2, 0, stranger, null);
        assertEquals(at(950), left.next().peer());
        assertEquals(-1, left.nextParam());
        assertTrue(router.route(RoutingMode.DIRECTIONAL, at(0), 0, 0, stranger, null).deliver());
    }

    @Test
    void shouldFindTheSuccessorAndPredecessorOfAPointButNeverTheSource()
    {
        final RouteDecision s = router.route(RoutingMode.SUCCESSOR, at(1001), 0, 0, at(1000), null);
        assertEquals(at(1050), s.next().peer());
        final RouteDecision p = router.route(RoutingMode.PREDECESSOR, at(999), 0, 0, at(1000), null);
        assertEquals(at(950), p.next().peer());
        final RouteDecision skip = router.route(RoutingMode.SUCCESSOR, at(1001), 0, 0, at(1050), table.get(at(950)));
        assertEquals(at(1100), skip.next().peer(), "the source is skipped");
        final RouteDecision here = router.route(RoutingMode.SUCCESSOR, at(999), 0, 0, stranger, null);
        assertTrue(here.deliver(), "no connection lies between the point and this node");
        assertNull(here.next());
    }

    @Test
    void shouldCapTheDefaultTtl()
    {
        assertTrue(RoutingMode.defaultTtl(1000) >= 16);
        assertEquals(255, RoutingMode.defaultTtl(1e9));
    }
}
