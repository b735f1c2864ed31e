package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.routing.RoutingMode;

/**
 * Bootstrap links: a node with no connection links as a leaf to up to {@link NodeConfig#leafTarget()} random
 * bootstrap addresses (every 5 s while alone). A placed node checks the ring every
 * ~{@link NodeConfig#ringCheckIntervalNs()} by sending successor and predecessor searches through a random
 * bootstrap node (linking to it as a leaf first if needed): in one ring they find the neighbours it has;
 * after a partition they find its neighbours in the other ring, and the rings zip together through the
 * neighbour lists. Control-plane thread only.
 */
final class BootstrapOverlord
{
    private static final long RETRY_NS = 5_000_000_000L;

    private final OverlordHost host;
    private final ConnectionTable table;
    private final Linker linker;
    private final NodeConfig config;
    private final DeterministicRandom random;
    private final long[] oneTransport = new long[1];
    private long nextBootstrapNs;
    private long nextRingCheckNs = -1;
    private long ringCheckTransport = -1;

    BootstrapOverlord(
        final OverlordHost host, final ConnectionTable table, final Linker linker, final NodeConfig config,
        final DeterministicRandom random)
    {
        this.host = host;
        this.table = table;
        this.linker = linker;
        this.config = config;
        this.random = random;
    }

    void bootstrapIfAlone()
    {
        final long nowNs = host.nowNs();
        if (table.size() > 0 || linker.pending() > 0 || nowNs < nextBootstrapNs)
        {
            return;
        }
        nextBootstrapNs = nowNs + RETRY_NS;
        final long[] b = config.bootstraps();
        int candidates = 0;
        for (final long t : b)
        {
            if (t != config.localTransport())
            {
                candidates++;
            }
        }
        if (candidates == 0)
        {
            return;
        }
        final int want = Math.min(config.leafTarget(), candidates);
        final int start = random.nextInt(b.length);
        int made = 0;
        for (int i = 0; i < b.length && made < want; i++)
        {
            final long t = b[(start + i) % b.length];
            if (t != config.localTransport())
            {
                oneTransport[0] = t;
                if (linker.link(oneTransport, 1, null, ConnectionType.LEAF, nowNs) != null)
                {
                    made++;
                }
            }
        }
    }

    void checkRing()
    {
        final long interval = config.ringCheckIntervalNs();
        if (interval <= 0 || !host.placed())
        {
            return;
        }
        final long nowNs = host.nowNs();
        if (nextRingCheckNs < 0)
        {
            nextRingCheckNs = nowNs + interval / 2 + (long)(random.nextDouble() * interval);
            return;
        }
        if (nowNs < nextRingCheckNs)
        {
            return;
        }
        nextRingCheckNs = nowNs + interval / 2 + (long)(random.nextDouble() * interval);
        final long[] b = config.bootstraps();
        if (b.length == 0)
        {
            return;
        }
        final long t = b[random.nextInt(b.length)];
        if (t == config.localTransport())
        {
            return;
        }
        final Connection existing = table.byTransport(t);
        if (existing != null)
        {
            searchVia(existing);
            return;
        }
        oneTransport[0] = t;
        if (linker.link(oneTransport, 1, null, ConnectionType.LEAF, nowNs) != null)
        {
            ringCheckTransport = t;
        }
    }

    void onLinked(final Connection connection, final boolean initiator)
    {
        if (initiator && connection.transport() == ringCheckTransport)
        {
            ringCheckTransport = -1;
            searchVia(connection);
        }
    }

    void onLinkFailed()
    {
        if (table.size() == 0)
        {
            nextBootstrapNs = Math.min(nextBootstrapNs, host.nowNs() + config.tickNs());
        }
    }

    private void searchVia(final Connection via)
    {
        final Address self = config.address();
        host.sendCtm(RoutingMode.SUCCESSOR, self.add(Address.of(0, 0, 1)), ConnectionType.NEAR, null, via);
        host.sendCtm(RoutingMode.PREDECESSOR, self.subtract(Address.of(0, 0, 1)), ConnectionType.NEAR, null, via);
    }
}
