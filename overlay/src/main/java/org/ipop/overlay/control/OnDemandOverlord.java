package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionTable;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.link.Linker;
import org.ipop.overlay.routing.Router;
import org.ipop.overlay.routing.RoutingMode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * On-demand shortcuts from the data plane's traffic counters: each sample adds to a per-destination score
 * that decays x0.8 per tick; at {@link NodeConfig#onDemandHigh()} an exact connect-to asks for a direct
 * connection; below {@link NodeConfig#onDemandLow()} the on-demand type is dropped (and the connection if
 * nothing else uses it) and the next-hop entry removed. Control-plane thread only.
 */
final class OnDemandOverlord
{
    private static final double DECAY = 0.8;

    private final OverlordHost host;
    private final ConnectionTable table;
    private final Linker linker;
    private final Router router;
    private final NodeConfig config;
    private final DataPlaneCommands dataPlane;
    private final LinkedHashMap<Address, double[]> traffic = new LinkedHashMap<>();

    OnDemandOverlord(
        final OverlordHost host, final ConnectionTable table, final Linker linker, final Router router,
        final NodeConfig config, final DataPlaneCommands dataPlane)
    {
        this.host = host;
        this.table = table;
        this.linker = linker;
        this.router = router;
        this.config = config;
        this.dataPlane = dataPlane;
    }

    void onSample(final Address destination, final long packets)
    {
        double[] score = traffic.get(destination);
        if (score == null)
        {
            score = new double[1];
            traffic.put(destination, score);
        }
        score[0] += Math.max(0, packets);
        final Connection direct = table.get(destination);
        final Connection via = direct != null ? direct : router.greedyNextHop(destination, null);
        dataPlane.nextHop(destination, via != null ? via.peer() : null);
    }

    void onTick()
    {
        final Iterator<Map.Entry<Address, double[]>> it = traffic.entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<Address, double[]> e = it.next();
            final Address dst = e.getKey();
            final double[] score = e.getValue();
            score[0] *= DECAY;
            final Connection c = table.get(dst);
            if (score[0] >= config.onDemandHigh())
            {
                if (c == null && !linker.linking(dst) && host.placed() && !host.ctmPendingTo(dst))
                {
                    host.sendCtm(RoutingMode.EXACT, dst, ConnectionType.ON_DEMAND, null, null);
                }
            }
            else if (score[0] < config.onDemandLow())
            {
                if (c != null && (c.types() & ConnectionType.ON_DEMAND) != 0)
                {
                    table.clearTypes(c, ConnectionType.ON_DEMAND);
                    if (c.types() == 0)
                    {
                        host.close(c, true);
                    }
                }
                dataPlane.nextHop(dst, null);
                it.remove();
            }
        }
    }
}
