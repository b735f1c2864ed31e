package org.ipop.overlay.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.link.LinkStatus;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.ControlCounters;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ManualNetwork;
import org.ipop.overlay.routing.RoutingMode;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MalformedFrameTest
{
    private static final long TA = TransportAddress.pack(0x0A000001, 4000);
    private static final long TB = TransportAddress.pack(0x0A000002, 4000);

    @Test
    void shouldRejectEveryTruncationOfValidFrames()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
        final Address a = Address.of(1, 2, 3);
        int off = LinkRequestFlyweight.writeHeader(b, 0, 7, 42, 2, a, a, 1, 2);
        NeighbourEntries.putTransport(b, off, TA);
        final int full = off + NeighbourEntries.TRANSPORT_LENGTH + 2 * NeighbourEntries.NEIGHBOUR_LENGTH;
        final LinkRequestFlyweight req = new LinkRequestFlyweight();
        assertTrue(req.wrap(b, 0, full));
        assertEquals(42, req.token());
        assertEquals(TA, req.transport(0));
        for (int len = 0; len < full; len++)
        {
            assertFalse(req.wrap(b, 0, len), "length " + len);
        }
        off = RoutedFlyweight.writeHeader(b, 0, RoutingMode.GREEDY, 9, 0, a, a, RoutedFlyweight.PAYLOAD_CTM_REQUEST,
            5, 1, 2, 0);
        final RoutedFlyweight routed = new RoutedFlyweight();
        final int routedFull = off + 2 * NeighbourEntries.TRANSPORT_LENGTH;
        assertTrue(routed.wrap(b, 0, routedFull));
        for (int len = 0; len < routedFull; len++)
        {
            assertFalse(routed.wrap(b, 0, len), "length " + len);
        }
        b.putByte(LinkRequestFlyweight.NEIGHBOUR_COUNT_OFFSET, (byte)200);
        assertFalse(req.wrap(b, 0, FrameHeader.MAX_FRAME_LENGTH), "hostile neighbour count");
    }

    @Test
    void shouldDropAndCountRandomAndTruncatedInputWithoutThrowing()
    {
        final ManualNetwork net = new ManualNetwork();
        final ControlPlane a = net.add(0x10, TA, 1);
        final ControlPlane b = net.add(0x7000_0000_0000L, TB, 2);
        a.linker().link(new long[]{TB}, 1, b.address(), 2, net.now);
        final byte[] request = net.inFlight.get(0).data.clone();
        net.deliverAll();
        assertEquals(1, b.table().size());

        final SplittableRandom r = new SplittableRandom(11);
        final byte[] junk = new byte[600];
        final UnsafeBuffer buffer = new UnsafeBuffer(junk);
        long fed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final int len = r.nextInt(junk.length + 1);
            r.nextBytes(junk);
            if (i % 3 == 0)
            {
                junk[0] = FrameHeader.VERSION;
                junk[1] = (byte)(1 + r.nextInt(8));
            }
            if (i % 5 == 0)
            {
                System.arraycopy(request, 0, junk, 0, request.length);
                junk[r.nextInt(request.length)] ^= (byte)(1 + r.nextInt(255));
            }
            b.onControlFrame(TransportAddress.ip(TA), TransportAddress.port(TA), net.now, buffer, 0, len);
            fed++;
            net.inFlight.clear();
        }
        for (int len = 0; len < request.length; len++)
        {
            b.onControlFrame(TransportAddress.ip(TA), 4000, net.now, new UnsafeBuffer(request), 0, len);
            fed++;
        }
        final ControlCounters c = b.counters();
        assertEquals(fed + 1, c.get(ControlCounter.FRAMES_IN));
        assertTrue(c.get(ControlCounter.DROP_HEADER) > 0);
        assertTrue(c.get(ControlCounter.DROP_MALFORMED) > 0);
        assertTrue(c.get(ControlCounter.DROP_UNKNOWN_TYPE) > 0);
        assertTrue(c.drops() > fed / 2);
    }

    @Test
    void shouldRefuseAFloodOfLinkRequestsBeyondTheTableLimit()
    {
        final ManualNetwork net = new ManualNetwork();
        final ControlPlane b = net.add(0x7000_0000_0000L, TB, 2);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_LENGTH]);
        final SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < b.config().maxConnections() + 100; i++)
        {
            final Address forged = Address.of(r.nextLong(), r.nextLong(), r.nextInt()).withClass(Address.NODE_CLASS);
            final int length = LinkRequestFlyweight.writeHeader(frame, 0, b.config().realm(), i + 1, 4, forged, null, 0, 0);
            b.onControlFrame(0x0B000000 + i, 5000, net.now, frame, 0, length);
        }
        assertEquals(b.config().maxConnections(), b.table().size());
        final LinkReplyFlyweight reply = new LinkReplyFlyweight();
        final ManualNetwork.Frame last = net.inFlight.get(net.inFlight.size() - 1);
        assertTrue(reply.wrap(new UnsafeBuffer(last.data), 0, last.data.length));
        assertEquals(LinkStatus.TABLE_FULL, reply.status());
    }
}
