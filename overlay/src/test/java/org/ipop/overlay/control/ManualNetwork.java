package org.ipop.overlay.control;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.sim.RecordingDataPlane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * A hand-driven network for tests: frames wait in a list until the test delivers them, in any order; an
 * optional source rewrite per sender imitates a NAT mapping.
 */
public final class ManualNetwork
{
    /** A frame in flight. */
    public static final class Frame
    {
        public final long src;
        public final long dst;
        public final byte[] data;

        Frame(final long src, final long dst, final byte[] data)
        {
            this.src = src;
            this.dst = dst;
            this.data = data;
        }

        /** @return frame type byte. */
        public int type()
        {
            return data[1];
        }
    }

    private final HashMap<Long, ControlPlane> planes = new HashMap<>();
    private final HashMap<Long, Long> natMappings = new HashMap<>();
    private final HashMap<Long, RecordingDataPlane> dataPlanes = new HashMap<>();
    public final List<Frame> inFlight = new ArrayList<>();
    public long now = 1_000_000_000L;

    /**
     * @param hi        high word of the address (the low word is 1).
     * @param transport packed transport address.
     * @param seed      random seed.
     * @return the control plane.
     */
    public ControlPlane add(final long hi, final long transport, final long seed)
    {
        final NodeConfig config = new NodeConfig().address(Address.of(hi, 0, 1)).localTransport(transport).seed(seed)
            .shortcutFactor(0);
        final RecordingDataPlane dp = new RecordingDataPlane();
        final ControlPlane p = new ControlPlane(config, (ip, port, buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            final long src = natMappings.getOrDefault(transport, transport);
            inFlight.add(new Frame(src, TransportAddress.pack(ip, port), copy));
            return true;
        }, dp, InputJournal.NULL);
        planes.put(transport, p);
        dataPlanes.put(transport, dp);
        return p;
    }

    /**
     * @param transport a node's local transport address.
     * @param mapped    the address its frames appear to come from.
     */
    public void nat(final long transport, final long mapped)
    {
        natMappings.put(transport, mapped);
    }

    /**
     * @param transport local transport address.
     * @return that node's recorded data plane.
     */
    public RecordingDataPlane dataPlane(final long transport)
    {
        return dataPlanes.get(transport);
    }

    /**
     * Delivers one frame in flight.
     *
     * @param i index in {@link #inFlight}.
     */
    public void deliver(final int i)
    {
        final Frame f = inFlight.remove(i);
        long dst = f.dst;
        for (final var e : natMappings.entrySet())
        {
            if (e.getValue() == dst)
            {
                dst = e.getKey();
            }
        }
        final ControlPlane p = planes.get(dst);
        if (p != null)
        {
            p.onControlFrame(TransportAddress.ip(f.src), TransportAddress.port(f.src), now,
                new UnsafeBuffer(f.data), 0, f.data.length);
        }
    }

    /** Delivers frames in order until none is left (bounded). */
    public void deliverAll()
    {
        for (int guard = 0; guard < 10_000 && !inFlight.isEmpty(); guard++)
        {
            deliver(0);
        }
    }
}
