package org.ipop.overlay.dht;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.util.ArrayDeque;

/**
 * Sends DHT message bodies from one scratch buffer: routed over the overlay through the control plane, or, when
 * this node is the destination, as a complete routed frame queued for local delivery (processed by
 * {@link ReplicatedDht} after the current message, never recursively). Control-plane thread only.
 */
final class DhtSender
{
    private final ControlPlane plane;
    private final Address self;
    private final DhtCounters counters;
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[DhtMessageFlyweight.MAX_BODY_LENGTH]);
    private final ArrayDeque<byte[]> local = new ArrayDeque<>();

    DhtSender(final ControlPlane plane, final DhtCounters counters)
    {
        this.plane = plane;
        this.self = plane.address();
        this.counters = counters;
    }

    /** @return the scratch buffer bodies are written to before {@link #send}. */
    UnsafeBuffer body()
    {
        return body;
    }

    /** @return the next frame delivered to this node by itself, or null. */
    byte[] pollLocal()
    {
        return local.poll();
    }

    void send(final int mode, final Address destination, final long token, final int length)
    {
        final int result = plane.sendRouted(mode, destination, ReplicatedDht.PAYLOAD_TYPE, token, body, 0, length);
        if (result == ControlPlane.ROUTED_LOCAL)
        {
            final int frameLength = RoutedFlyweight.EXTENSION_BODY_OFFSET + length;
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[frameLength]);
            RoutedFlyweight.writeHeader(frame, 0, mode, 1, 0, self, destination, ReplicatedDht.PAYLOAD_TYPE, token, 0, 0, 0);
            frame.putBytes(RoutedFlyweight.EXTENSION_BODY_OFFSET, body, 0, length);
            local.add(frame.byteArray());
        }
        else if (result == ControlPlane.ROUTED_NO_ROUTE)
        {
            counters.increment(DhtCounter.DROP_NO_ROUTE);
        }
    }
}
