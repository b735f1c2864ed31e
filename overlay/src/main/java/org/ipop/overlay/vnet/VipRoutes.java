package org.ipop.overlay.vnet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.namespace.DhtVirtualIpResolver;
import org.ipop.overlay.control.ControlPlane;

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
 * <b>Source check.</b> The engine delivers a received frame to the TAP only when its IPv4 source is routed to the
 * node that sent it. Frames from a source without a route come here ({@link #onUnverifiedSource}): they wait
 * (a few per address, a bounded number of addresses) while the owner is resolved; if the owner is the sender, the
 * route is installed (so the next frames pass in the engine and replies have a route) and the waiting frames are
 * written to the TAP; otherwise they are dropped and counted as spoofed, and with no owner at all as unknown.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class VipRoutes
{
    /** How often routed destinations are sampled. */
    public static final long SAMPLE_INTERVAL_NS = 1_000_000_000L;
    /** Frames held per unverified source address while its owner is resolved. */
    public static final int MAX_FRAMES_PER_SOURCE = 8;
    /** Unverified source addresses being resolved at once. */
    public static final int MAX_UNVERIFIED_SOURCES = 64;

    private record HeldFrame(Address sender, byte[] frame)
    {
    }

    private final EngineProxy proxy;
    private final PeerIds peers;
    private final DhtVirtualIpResolver resolver;
    private final Address self;
    private final Map<Integer, Address> routes = new HashMap<>();
    private final Map<Address, long[]> lastSent = new HashMap<>();
    private final HashSet<Integer> resolving = new HashSet<>();
    private final ArrayDeque<Object[]> resolved = new ArrayDeque<>();
    private final HashMap<Integer, ArrayList<HeldFrame>> held = new HashMap<>();
    private final UnsafeBuffer frameBuffer = new UnsafeBuffer(new byte[0]);
    private long nextSampleNs;
    private long sourceVerified;
    private long sourceSpoofed;
    private long sourceUnknown;
    private long sourceHeldDropped;

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

    /**
     * A frame for this node arrived from {@code sender} with source address {@code vip}, which has no route here:
     * holds a copy and resolves the owner; {@link #doWork} delivers or drops it.
     *
     * @param vip    the frame's IPv4 source.
     * @param sender the overlay address that sent it.
     * @param buffer holding the Ethernet frame.
     * @param offset of the frame.
     * @param length of the frame.
     */
    public void onUnverifiedSource(
        final int vip, final Address sender, final DirectBuffer buffer, final int offset, final int length)
    {
        ArrayList<HeldFrame> frames = held.get(vip);
        if (frames == null)
        {
            if (held.size() >= MAX_UNVERIFIED_SOURCES)
            {
                sourceHeldDropped++;
                return;
            }
            frames = new ArrayList<>(2);
            held.put(vip, frames);
        }
        if (frames.size() >= MAX_FRAMES_PER_SOURCE)
        {
            sourceHeldDropped++;
            return;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        frames.add(new HeldFrame(sender, copy));
        startResolve(vip);
    }

    private void release(final int vip, final Address owner)
    {
        final ArrayList<HeldFrame> frames = held.remove(vip);
        if (frames == null)
        {
            return;
        }
        for (final HeldFrame f : frames)
        {
            if (owner == null)
            {
                sourceUnknown++;
            }
            else if (!owner.equals(f.sender()))
            {
                sourceSpoofed++;
            }
            else
            {
                frameBuffer.wrap(f.frame());
                proxy.writeTapFrame(frameBuffer, 0, f.frame().length);
                sourceVerified++;
            }
        }
    }

    /** @return held frames whose sender proved to own their source address (delivered). */
    public long sourceVerified()
    {
        return sourceVerified;
    }

    /** @return received frames dropped because their source address belongs to another node than the sender. */
    public long sourceSpoofed()
    {
        return sourceSpoofed;
    }

    /** @return received frames dropped because nobody in the namespace holds their source address. */
    public long sourceUnknown()
    {
        return sourceUnknown;
    }

    /** @return received frames dropped because too many were already waiting for their source to resolve. */
    public long sourceHeldDropped()
    {
        return sourceHeldDropped;
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
        if (!node.equals(previous) && proxy.setRoute(vip, id))   // a lost command (counted) is not a route
        {
            routes.put(vip, node);
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
            release(vip, (Address)r[1]);
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
