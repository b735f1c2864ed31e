package org.ipop.overlay.link;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.ManualNetwork;
import org.ipop.overlay.control.NodeConfig;
import org.ipop.overlay.sim.RecordingDataPlane;
import org.ipop.overlay.wire.FrameHeader;
import org.ipop.overlay.wire.LinkReplyFlyweight;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkingTest
{
    private static final long TA = TransportAddress.pack(0x0A000001, 4000);
    private static final long TB = TransportAddress.pack(0x0A000002, 4000);

    private final ManualNetwork net = new ManualNetwork();
    private final ControlPlane a = net.add(0x1000, TA, 1);
    private final ControlPlane b = net.add(0x7000_0000_0000L, TB, 2);

    private void startBoth()
    {
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.NEAR, net.now);
        b.linker().link(new long[]{TA}, 1, a.address(), ConnectionType.NEAR, net.now);
        assertEquals(2, net.inFlight.size());
    }

    private void assertOneConnectionEachSide()
    {
        assertOneConnectionEachSide(TA);
    }

    private void assertOneConnectionEachSide(final long aSeenByB)
    {
        assertEquals(1, a.table().size());
        assertEquals(1, b.table().size());
        assertEquals(b.address(), a.table().get(0).peer());
        assertEquals(a.address(), b.table().get(0).peer());
        assertEquals(0, a.linker().pending());
        assertEquals(0, b.linker().pending());
        assertEquals(TB, net.dataPlane(TA).edges().get(b.address()));
        assertEquals(aSeenByB, net.dataPlane(TB).edges().get(a.address()));
    }

    @Test
    void shouldLinkAndLearnThePublicAddressFromTheReply()
    {
        final long mapped = TransportAddress.pack(0xC6336401, 61000);
        net.nat(TA, mapped);
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.NEAR, net.now);
        net.deliverAll();
        assertOneConnectionEachSide(mapped);
        assertArrayEquals(new long[]{mapped}, a.learnedAddresses());
        assertEquals(mapped, b.table().get(a.address()).transport());
    }

    @Test
    void shouldResolveSimultaneousLinkingToOneConnectionWhenRequestsCrossFirst()
    {
        startBoth();
        net.deliver(0);
        net.deliver(0);
        net.deliverAll();
        assertOneConnectionEachSide();
        final ControlPlane larger = a.address().compareTo(b.address()) > 0 ? a : b;
        final ControlPlane smaller = larger == a ? b : a;
        assertEquals(1, larger.linker().racesWon());
        assertEquals(1, smaller.linker().racesLost());
        assertEquals(0, smaller.linker().racesWon());
    }

    @Test
    void shouldResolveSimultaneousLinkingToOneConnectionInReverseOrder()
    {
        startBoth();
        net.deliver(1);
        net.deliverAll();
        assertOneConnectionEachSide();
    }

    @Test
    void shouldResolveSimultaneousLinkingWhenTheFirstReplyArrivesBeforeTheSecondRequest()
    {
        startBoth();
        net.deliver(0);
        final int reply = net.inFlight.get(1).type() == FrameHeader.TYPE_LINK_REPLY ? 1 : 0;
        net.deliver(reply);
        net.deliverAll();
        assertOneConnectionEachSide();
    }

    @Test
    void shouldRefuseALinkToSelf()
    {
        a.linker().link(new long[]{TA}, 1, null, ConnectionType.LEAF, net.now);
        net.deliverAll();
        assertEquals(0, a.table().size());
        assertEquals(1, a.linker().failures());
    }

    @Test
    void shouldFailWhenTheTargetIsSomeoneElse()
    {
        a.linker().link(new long[]{TB}, 1, a.address().add(a.address()), ConnectionType.NEAR, net.now);
        net.deliverAll();
        assertEquals(0, a.table().size());
        assertEquals(0, b.table().size());
        assertEquals(1, a.linker().failures());
    }

    @Test
    void shouldResendUntilAnsweredAndGiveUpAfterTheLastSend()
    {
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.NEAR, net.now);
        net.inFlight.clear();
        for (int i = 0; i < 200 && a.linker().pending() > 0; i++)
        {
            net.now += 500_000_000L;
            a.onTimer(net.now);
            net.inFlight.removeIf(f -> f.type() == FrameHeader.TYPE_LINK_REQUEST);
        }
        assertEquals(0, a.linker().pending());
        assertEquals(1, a.linker().failures());
        assertTrue(a.counters().get(ControlCounter.FRAMES_OUT) >= a.config().maxSends());
    }

    @Test
    void shouldMergeTypesWhenLinkingToAnExistingPeer()
    {
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.LEAF, net.now);
        net.deliverAll();
        assertNull(a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.SHORTCUT, net.now));
        final Connection c = a.table().get(b.address());
        assertNotNull(c);
        assertEquals(ConnectionType.LEAF | ConnectionType.SHORTCUT, c.types());
    }

    @Test
    void shouldConnectWhenTheFirstReplyIsLost()
    {
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.NEAR, net.now);
        net.deliver(0);
        assertEquals(1, b.table().size());
        assertEquals(FrameHeader.TYPE_LINK_REPLY, net.inFlight.get(0).type());
        net.inFlight.clear();
        for (int i = 0; i < 20 && a.table().size() == 0; i++)
        {
            net.now += a.config().tickNs();
            a.onTimer(net.now);
            net.deliverAll();
        }
        assertOneConnectionEachSide();
        assertTrue(a.linker().attempts().isEmpty());
    }

    @Test
    void shouldRefuseAnotherRealm()
    {
        final ManualNetwork other = new ManualNetwork();
        final ControlPlane x = other.add(0x10, TA, 1);
        final NodeConfig cfg = new NodeConfig()
            .address(Address.of(0x20, 0, 1)).localTransport(TB).seed(3).realm(4242);
        final List<byte[]> sent = new ArrayList<>();
        final ControlPlane y = new ControlPlane(cfg, (ip, port, buf, off, len) ->
        {
            final byte[] copy = new byte[len];
            buf.getBytes(off, copy);
            sent.add(copy);
            return true;
        }, new RecordingDataPlane(), InputJournal.NULL);
        x.linker().link(new long[]{TB}, 1, null, ConnectionType.LEAF, other.now);
        final byte[] request = other.inFlight.remove(0).data;
        y.onControlFrame(TransportAddress.ip(TA), 4000, other.now, new UnsafeBuffer(request), 0,
            request.length);
        assertEquals(0, y.table().size());
        final byte[] frame = sent.get(0);
        final LinkReplyFlyweight reply = new LinkReplyFlyweight();
        assertTrue(reply.wrap(new UnsafeBuffer(frame), 0, frame.length));
        assertEquals(LinkStatus.REALM_MISMATCH, reply.status());
    }
}
