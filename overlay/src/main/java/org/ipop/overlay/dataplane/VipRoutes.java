package org.ipop.overlay.dataplane;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.ipop.DhtVirtualIpResolver;
import org.ipop.overlay.node.ControlPlane;

/**
 * Installs the engine's virtual-IP routes: when the data plane punts a frame for a virtual IP it has no
 * route for, the owner is resolved from the DHT ({@link DhtVirtualIpResolver}: the record
 * {@code ip:<namespace>:<ip>}, cached) and {@link EngineProxy#setRoute} binds the address to the owner's peer id.
 * The path to the owner is the overlay's: its own edge when it is a connection, else the next hop the control
 * plane chooses from a traffic sample ({@link ControlPlane#onTrafficSample}, journaled). Resolutions complete
 * through callbacks (possibly while the DHT handles an input), so they are queued and installed from
 * {@link #doWork}. Every {@link #SAMPLE_INTERVAL_NS} the frames sent to each routed node are fed back as samples
 * (so busy destinations get on-demand connections and next hops follow ring changes), and every route is
 * resolved again (from the cache while it is fresh): routes whose owner changed or vanished are replaced or
 * removed.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class VipRoutes
{
    /** How often routed destinations are sampled. */
    public static final long SAMPLE_INTERVAL_NS = 1_000_000_000L;

    private final EngineProxy proxy;
    private final PeerIds peers;
    private final DhtVirtualIpResolver resolver;
    private final Address self;
    private final Map<Integer, Address> routes = new HashMap<>();
    private final Map<Address, long[]> lastSent = new HashMap<>();
    private final HashSet<Integer> resolving = new HashSet<>();
    private final ArrayDeque<Object[]> resolved = new ArrayDeque<>();
    private long nextSampleNs;

    /**
     * @param proxy    the engine's proxy.
     * @param peers    the id registry.
     * @param resolver where owners of virtual IPs are found.
     * @param self     this node's overlay address (never routed to).
     */
    public VipRoutes(final EngineProxy proxy, final PeerIds peers, final DhtVirtualIpResolver resolver, final Address self)
    {
        this.proxy = proxy;
        this.peers = peers;
        this.resolver = resolver;
        this.self = self;
    }

    /**
     * A frame for {@code vip} found no route: resolves its owner; the route is installed by {@link #doWork}.
     *
     * @return true when a resolution was started.
     */
    public boolean onNoRoute(final ControlPlane plane, final long nowNs, final int vip)
    {
        return startResolve(vip);
    }

    private boolean startResolve(final int vip)
    {
        if (!resolving.add(vip))
        {
            return false;
        }
        resolver.resolve(vip, (ip, node) -> resolved.add(new Object[] {ip, node}));
        return true;
    }

    private void install(final ControlPlane plane, final long nowNs, final int vip, final Address node)
    {
        final Address previous = routes.get(vip);
        if (node == null || node.equals(self))
        {
            if (previous != null)
            {
                proxy.removeRoute(vip);
                routes.remove(vip);
            }
            return;
        }
        final int id = peers.idOf(node);
        if (id == 0)
        {
            return;
        }
        if (!node.equals(previous))
        {
            routes.put(vip, node);
            proxy.setRoute(vip, id);
            lastSent.putIfAbsent(node, new long[] {proxy.sentFrames(id)});
            plane.onTrafficSample(nowNs, node, 1);
        }
    }

    /** @return the routes installed: virtual IP to owner, live view. */
    public Map<Integer, Address> routes()
    {
        return routes;
    }

    /**
     * Installs resolved routes, samples traffic, follows owner changes and removes stale routes when due.
     *
     * @return work done.
     */
    public int doWork(final ControlPlane plane, final long nowNs)
    {
        int work = 0;
        Object[] r;
        while ((r = resolved.poll()) != null)
        {
            final int vip = (Integer)r[0];
            resolving.remove(vip);
            install(plane, nowNs, vip, (Address)r[1]);
            work++;
        }
        if (nowNs - nextSampleNs < 0)
        {
            return work;
        }
        nextSampleNs = nowNs + SAMPLE_INTERVAL_NS;
        for (final Integer vip : new ArrayList<>(routes.keySet()))
        {
            startResolve(vip);
        }
        for (final Map.Entry<Address, long[]> sample : lastSent.entrySet())
        {
            final Address node = sample.getKey();
            if (!routes.containsValue(node))
            {
                continue;
            }
            final int id = peers.existingId(node);
            final long sent = proxy.sentFrames(id);
            final long delta = sent - sample.getValue()[0];
            sample.getValue()[0] = sent;
            if (delta > 0 || plane.table().get(node) == null)
            {
                plane.onTrafficSample(nowNs, node, delta);
                work++;
            }
        }
        return work;
    }
}
