package org.ipop.overlay.routing;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.wire.RoutedFlyweight;

/**
 * Chooses the next hop of a routed message from the connection table. Never chooses the connection the
 * message arrived on, nor the message's source (a message never returns to where it started).
 * Single-threaded; the returned {@link RouteDecision} is reused by the next call.
 */
public final class Router
{
    private final ConnectionTable table;
    private final RouteDecision decision = new RouteDecision();

    /**
     * @param table the local connection table.
     */
    public Router(final ConnectionTable table)
    {
        this.table = table;
    }

    /**
     * @param mode        a {@link RoutingMode} code.
     * @param destination destination address.
     * @param param       mode parameter (directional steps).
     * @param flags       routed-frame flags.
     * @param source      the message's source.
     * @param arrival     connection it arrived on, or null if it starts here.
     * @return the decision (reused object).
     */
    public RouteDecision route(
        final int mode, final Address destination, final int param, final int flags, final Address source,
        final Connection arrival)
    {
        final RouteDecision d = decision;
        d.reset(flags, param);
        final Address self = table.self();
        switch (mode)
        {
            case RoutingMode.GREEDY:
            case RoutingMode.EXACT:
            {
                final Connection best = nearest(destination, source, arrival);
                if (best != null && best.peer().distance(destination).compareTo(self.distance(destination)) < 0)
                {
                    d.next = best;
                }
                else
                {
                    d.deliver = mode == RoutingMode.GREEDY || self.equals(destination);
                }
                break;
            }
            case RoutingMode.ANNEALING:
            {
                final Connection best = nearest(destination, source, arrival);
                if (best != null && best.peer().distance(destination).compareTo(self.distance(destination)) < 0)
                {
                    d.next = best;
                }
                else
                {
                    d.deliver = true;
                    if ((flags & RoutedFlyweight.FLAG_DELIVERED) == 0 && !self.equals(destination))
                    {
                        d.next = otherSide(destination, source, arrival);
                        d.nextFlags = flags | RoutedFlyweight.FLAG_DELIVERED;
                    }
                }
                break;
            }
            case RoutingMode.DIRECTIONAL:
            {
                if (param == 0)
                {
                    d.deliver = true;
                }
                else
                {
                    final Connection n = param > 0 ? firstRight(source, arrival) : firstLeft(source, arrival);
                    if (n == null)
                    {
                        d.deliver = true;
                    }
                    else
                    {
                        d.next = n;
                        d.nextParam = param > 0 ? param - 1 : param + 1;
                    }
                }
                break;
            }
            case RoutingMode.SUCCESSOR:
            case RoutingMode.PREDECESSOR:
            {
                final boolean cw = mode == RoutingMode.SUCCESSOR;
                final boolean selfIsSource = self.equals(source);
                Connection best = null;
                Address bestOff = null;
                if (!selfIsSource)
                {
                    bestOff = cw ? destination.clockwiseTo(self) : self.clockwiseTo(destination);
                }
                for (int i = 0, n = table.size(); i < n; i++)
                {
                    final Connection c = table.get(i);
                    if (c == arrival || c.peer().equals(source))
                    {
                        continue;
                    }
                    final Address off = cw ? destination.clockwiseTo(c.peer()) : c.peer().clockwiseTo(destination);
                    if (bestOff == null || off.compareTo(bestOff) < 0)
                    {
                        best = c;
                        bestOff = off;
                    }
                }
                d.next = best;
                d.deliver = best == null && !selfIsSource;
                break;
            }
            default:
                break;
        }
        return d;
    }

    /**
     * Greedy next hop toward {@code destination} from this node, for hop counting and data-plane next-hop
     * commands.
     *
     * @param destination destination address.
     * @param exclude     a connection not to use (the arrival edge), or null.
     * @return the connection nearer the destination than this node, or null if this node is nearest.
     */
    public Connection greedyNextHop(final Address destination, final Connection exclude)
    {
        final Connection best = nearest(destination, null, exclude);
        if (best != null && best.peer().distance(destination).compareTo(table.self().distance(destination)) < 0)
        {
            return best;
        }
        return null;
    }

    private Connection nearest(final Address destination, final Address source, final Connection arrival)
    {
        Connection best = null;
        Address bestDistance = null;
        for (int i = 0, n = table.size(); i < n; i++)
        {
            final Connection c = table.get(i);
            if (c == arrival || (source != null && c.peer().equals(source)))
            {
                continue;
            }
            final Address dist = c.peer().distance(destination);
            if (bestDistance == null || dist.compareTo(bestDistance) < 0)
            {
                best = c;
                bestDistance = dist;
            }
        }
        return best;
    }

    private Connection otherSide(final Address destination, final Address source, final Connection arrival)
    {
        final Address self = table.self();
        final boolean selfIsClockwiseOfDest = destination.isClockwise(self);
        Connection best = null;
        Address bestOff = null;
        for (int i = 0, n = table.size(); i < n; i++)
        {
            final Connection c = table.get(i);
            if (c == arrival || c.peer().equals(source))
            {
                continue;
            }
            final Address off = selfIsClockwiseOfDest ?
                c.peer().clockwiseTo(destination) : destination.clockwiseTo(c.peer());
            if (off.compareTo(Address.HALF) >= 0)
            {
                continue;
            }
            if (bestOff == null || off.compareTo(bestOff) < 0)
            {
                best = c;
                bestOff = off;
            }
        }
        return best;
    }

    private Connection firstRight(final Address source, final Connection arrival)
    {
        for (int i = 0, n = table.size(); i < n; i++)
        {
            final Connection c = table.get(i);
            if (c != arrival && !c.peer().equals(source))
            {
                return c;
            }
        }
        return null;
    }

    private Connection firstLeft(final Address source, final Connection arrival)
    {
        for (int i = table.size() - 1; i >= 0; i--)
        {
            final Connection c = table.get(i);
            if (c != arrival && !c.peer().equals(source))
            {
                return c;
            }
        }
        return null;
    }
}
