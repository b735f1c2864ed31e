package org.ipop.overlay.dataplane;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.node.ControlPlane;

/**
 * Installs the engine's virtual-IP routes: when the data plane punts a frame for a virtual IP it has no
 * route for, the owner is looked up in the {@link VipDirectory} and {@link EngineProxy#setRoute} binds the
 * address to the owner's peer id. The path to the owner is the overlay's: its own edge when it is a
 * connection, else the next hop the control plane chooses from a traffic sample
 * ({@link ControlPlane#onTrafficSample}, journaled). Every {@link #SAMPLE_INTERVAL_NS} the frames sent to
 * each routed node are fed back as samples (so busy destinations get on-demand connections and next hops
 * follow ring changes), and routes whose record vanished are removed.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class VipRoutes
{
    /** How often routed destinations are sampled. */
    public static final long SAMPLE_INTERVAL_NS = 1_000_000_000L;

    private final EngineProxy proxy;
    private final PeerIds peers;
    private final VipDirectory directory;
    private final Map<Integer, Address> routes = new HashMap<>();
    private final Map<Address, long[]> lastSent = new HashMap<>();
    private long nextSampleNs;

    /**
     * @param proxy     the engine's proxy.
     * @param peers     the id registry.
     * @param directory where owners of virtual IPs are found.
     */
    public VipRoutes(final EngineProxy proxy, final PeerIds peers, final VipDirectory directory)
    {
        this.proxy = proxy;
        this.peers = peers;
        this.directory = directory;
    }

    /**
     * A frame for {@code vip} found no route: installs one when the owner is known.
     *
     * @return true when a route was installed.
     */
    public boolean onNoRoute(final ControlPlane plane, final long nowNs, final int vip)
    {
        final VipDirectory.Entry entry = directory.entry(vip);
        if (entry == null)
        {
            return false;
        }
        return install(plane, nowNs, vip, entry.node());
    }

    private boolean install(final ControlPlane plane, final long nowNs, final int vip, final Address node)
    {
        final int id = peers.idOf(node);
        if (id == 0)
        {
            return false;
        }
        final Address previous = routes.put(vip, node);
        if (!node.equals(previous))
        {
            proxy.setRoute(vip, id);
            lastSent.putIfAbsent(node, new long[] {proxy.sentFrames(id)});
            plane.onTrafficSample(nowNs, node, 1);
        }
        return true;
    }

    /** @return the routes installed: virtual IP to owner, live view. */
    public Map<Integer, Address> routes()
    {
        return routes;
    }

    /**
     * Samples traffic, follows owner changes and removes stale routes when due.
     *
     * @return work done.
     */
    public int doWork(final ControlPlane plane, final long nowNs)
    {
        if (nowNs - nextSampleNs < 0)
        {
            return 0;
        }
        nextSampleNs = nowNs + SAMPLE_INTERVAL_NS;
        int work = 0;
        final Iterator<Map.Entry<Integer, Address>> it = routes.entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<Integer, Address> route = it.next();
            final VipDirectory.Entry entry = directory.entry(route.getKey());
            if (entry == null || !entry.node().equals(route.getValue()))
            {
                proxy.removeRoute(route.getKey());
                it.remove();
                work++;
            }
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
