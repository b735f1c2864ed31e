package org.ipop.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.ipop.engine.control.EngineEventHandler;
import org.ipop.engine.control.EngineProxy;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.control.RingDescriptor;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.status.EngineCounters;
import org.ipop.tap.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

/** Drives the agents of one engine in INVOKER mode over queue devices and checks each path and drop reason. */
class EngineDataPathTest
{
    static final byte[] LOCAL = node(1);
    static final byte[] NODE_B = node(50);
    static final byte[] NODE_C = node(100);
    static final int PEER_B = 2;
    static final int PEER_C = 3;
    static final int VIP_LOCAL = ipv4(10, 0, 0, 1);
    static final int VIP_B = ipv4(10, 0, 0, 2);
    static final int VIP_C = ipv4(10, 0, 0, 3);
    static final int VIP_DNS = ipv4(10, 0, 0, 53);
    static final int UDP = 17;
    static final int EDGE_B = ipv4(192, 168, 1, 2);
    static final int EDGE_B_PORT = 5000;
    static final int SESSION_B = 77;

    @TempDir
    File dir;

    final QueueFrameDevice tap = new QueueFrameDevice();
    final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
    final CachedNanoClock clock = new CachedNanoClock();
    final RecordingHandler handler = new RecordingHandler();
    Engine engine;
    EngineProxy proxy;
    EngineCounters counters;

    @BeforeEach
    void launch()
    {
        clock.update(123_456_789L);
        engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .threadingMode(ThreadingMode.INVOKER)
            .nanoClock(clock)
            .eventRingCapacity(16384)
            .countersFile(new File(dir, "counters.dat")));
        proxy = engine.proxy();
        counters = engine.context().counters();
        assertTrue(proxy.setLocalNode(new UnsafeBuffer(LOCAL), 0));
        assertTrue(proxy.addPeer(PEER_B, new UnsafeBuffer(NODE_B), 0));
        assertTrue(proxy.addPeer(PEER_C, new UnsafeBuffer(NODE_C), 0));
        assertTrue(proxy.setEdge(PEER_B, EDGE_B, EDGE_B_PORT, SESSION_B));
        assertTrue(proxy.setRoute(VIP_B, PEER_B));
        assertTrue(proxy.setRoute(VIP_C, PEER_C));
        assertTrue(proxy.setNextHop(PEER_C, PEER_B));
        engine.invoker().invoke();
        assertEquals(7, counters.commandsApplied.get());
    }

    @AfterEach
    void close()
    {
        engine.close();
    }

    @Test
    void shouldEncapsulateIpv4FrameToTheDestinationEdge()
    {
        final byte[] frame = ipv4Frame(VIP_LOCAL, VIP_B, 1, 100);
        tap.inbound.add(frame);
        engine.invoker().invoke();

        assertEquals(1, udp.sent.size());
        final QueueDatagramEndpoint.Datagram d = udp.sent.get(0);
        assertEquals(EDGE_B, d.address);
        assertEquals(EDGE_B_PORT, d.port);
        final OverlayFrameFlyweight header = new OverlayFrameFlyweight().wrap(new UnsafeBuffer(d.payload), 0);
        assertEquals(OverlayFrameFlyweight.CURRENT_VERSION, header.version());
        assertEquals(OverlayFrameType.DATA, header.type());
        assertEquals(SESSION_B, header.sessionId());
        assertEquals(0, header.hopCount());
        assertEquals(EngineConfiguration.TTL_DEFAULT, header.ttl());
        assertArrayEquals(LOCAL, Arrays.copyOfRange(d.payload, header.srcNodeOffset(), header.srcNodeOffset() + 20));
        assertArrayEquals(NODE_B, Arrays.copyOfRange(d.payload, header.dstNodeOffset(), header.dstNodeOffset() + 20));
        assertArrayEquals(frame, Arrays.copyOfRange(d.payload, OverlayFrameFlyweight.HEADER_LENGTH, d.payload.length));
        assertEquals(1, proxy.sentFrames(PEER_B));
        assertEquals(100, proxy.sentBytes(PEER_B));
        assertEquals(1, counters.udpDatagramsOut.get());
        assertEquals(1, counters.tapFramesIn.get());
    }

    @Test
    void shouldSendThroughTheNextHopEdgeWithTheFinalDestinationInTheHeader()
    {
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_C, 1, 60));
        engine.invoker().invoke();

        assertEquals(1, udp.sent.size());
        final QueueDatagramEndpoint.Datagram d = udp.sent.get(0);
        assertEquals(EDGE_B, d.address);
        final OverlayFrameFlyweight header = new OverlayFrameFlyweight().wrap(new UnsafeBuffer(d.payload), 0);
        assertArrayEquals(NODE_C, Arrays.copyOfRange(d.payload, header.dstNodeOffset(), header.dstNodeOffset() + 20));
        assertEquals(1, proxy.sentFrames(PEER_C));
    }

    @Test
    void shouldPuntArpUnroutedFramesAndWhatTheRulesAskFor()
    {
        assertTrue(proxy.addPuntRule(-1, UDP, 67, PuntReason.DHCP));
        assertTrue(proxy.addPuntRule(VIP_DNS, UDP, 53, PuntReason.DNS));
        engine.invoker().invoke();
        tap.inbound.add(arpFrame());
        tap.inbound.add(udpFrame(0, -1, 67, 300));
        tap.inbound.add(udpFrame(VIP_LOCAL, VIP_DNS, 53, 80));
        tap.inbound.add(ipv4Frame(VIP_LOCAL, ipv4(10, 0, 0, 99), 1, 60));
        engine.invoker().invoke();

        assertEquals(4, engine.eventPoller().poll(handler, 10));
        assertEquals(List.of(PuntReason.ARP, PuntReason.DHCP, PuntReason.DNS, PuntReason.NO_ROUTE), handler.tapReasons);
        assertEquals(123_456_789L, handler.times.get(0));
        assertArrayEquals(arpFrame(), handler.tapFrames.get(0));
        assertTrue(udp.sent.isEmpty());
        assertEquals(4, counters.framesPunted.get());
    }

    @Test
    void shouldAddAndRemovePuntRulesThroughTheConductor()
    {
        final byte[] query = udpFrame(VIP_LOCAL, VIP_B, 53, 80);
        assertTrue(proxy.addPuntRule(VIP_B, UDP, 53, PuntReason.DNS));
        engine.invoker().invoke();
        assertEquals(8, counters.commandsApplied.get());
        tap.inbound.add(query);
        engine.invoker().invoke();
        assertEquals(1, engine.eventPoller().poll(handler, 10));
        assertEquals(List.of(PuntReason.DNS), handler.tapReasons);
        assertTrue(udp.sent.isEmpty());

        assertTrue(proxy.removePuntRule(VIP_B, UDP, 53));
        assertTrue(proxy.removePuntRule(VIP_B, UDP, 53));
        engine.invoker().invoke();
        assertEquals(9, counters.commandsApplied.get());
        assertEquals(1, counters.commandsRejected.get(), "the second remove finds no rule");
        tap.inbound.add(query);
        engine.invoker().invoke();
        assertEquals(0, engine.eventPoller().poll(handler, 10));
        assertEquals(1, udp.sent.size(), "forwarded to B once the rule is gone");
        assertEquals(EDGE_B, udp.sent.get(0).address);
    }

    @Test
    void shouldRejectPuntRulesBeyondTheTableAndOfOtherProtocols()
    {
        final int capacity = engine.context().puntTable().capacity();
        for (int port = 1; port <= capacity + 1; port++)
        {
            assertTrue(proxy.addPuntRule(VIP_DNS, UDP, port, PuntReason.DNS));
        }
        engine.invoker().invoke();
        assertEquals(1, counters.commandsRejected.get(), "one rule more than the table holds");
        assertEquals(capacity, engine.context().puntTable().count());

        final int index = engine.context().commandRing().tryClaim(RingDescriptor.ADD_PUNT_RULE, 16);
        engine.context().commandRing().buffer().putInt(index, VIP_DNS);
        engine.context().commandRing().buffer().putInt(index + 4, 6);
        engine.context().commandRing().buffer().putInt(index + 8, 80);
        engine.context().commandRing().buffer().putInt(index + 12, PuntReason.DNS);
        engine.context().commandRing().commit(index);
        engine.invoker().invoke();
        assertEquals(2, counters.commandsRejected.get(), "TCP rules are not supported");
        assertThrows(IllegalArgumentException.class, () -> proxy.addPuntRule(VIP_DNS, 6, 80, PuntReason.DNS));
        assertThrows(IllegalArgumentException.class, () -> proxy.addPuntRule(VIP_DNS, UDP, 0, PuntReason.DNS));
        assertThrows(IllegalArgumentException.class, () -> proxy.addPuntRule(VIP_DNS, UDP, 53, 0));
    }

    @Test
    void shouldForwardDnsToAnotherVirtualHost()
    {
        final byte[] query = udpFrame(VIP_LOCAL, VIP_B, 53, 80);
        tap.inbound.add(query);
        engine.invoker().invoke();

        assertEquals(0, engine.eventPoller().poll(handler, 10), "only the node's own DNS address is punted");
        assertEquals(1, udp.sent.size());
        assertEquals(EDGE_B, udp.sent.get(0).address);
        assertArrayEquals(query, Arrays.copyOfRange(udp.sent.get(0).payload, OverlayFrameFlyweight.HEADER_LENGTH,
            udp.sent.get(0).payload.length));
    }

    @Test
    void shouldForwardEveryFragmentOfAUdpDatagram()
    {
        assertTrue(proxy.addPuntRule(VIP_B, UDP, 53, PuntReason.DNS));
        engine.invoker().invoke();
        // MF, offset 0: the UDP header is there but not the whole datagram
        tap.inbound.add(fragment(udpFrame(VIP_LOCAL, VIP_B, 53, 100), 0x20, 0));
        tap.inbound.add(fragment(udpFrame(VIP_LOCAL, VIP_B, 53, 100), 0x00, 10));
        engine.invoker().invoke();

        assertEquals(0, engine.eventPoller().poll(handler, 10), "no fragment is punted, though a rule names B:53");
        assertEquals(2, udp.sent.size());
    }

    static byte[] fragment(final byte[] frame, final int flags, final int offsetUnits)
    {
        frame[20] = (byte)(flags | (offsetUnits >>> 8));
        frame[21] = (byte)offsetUnits;
        return frame;
    }

    @Test
    void shouldCopyBroadcastAndMulticastFramesToEveryMemberWithARoute()
    {
        tap.inbound.add(ipv4Frame(VIP_LOCAL, ipv4(224, 0, 0, 251), 17, 60));
        engine.invoker().invoke();
        assertTrue(udp.sent.isEmpty(), "no members yet");
        assertEquals(1, counters.dropBroadcastNoMembers.get());

        assertTrue(proxy.addMember(PEER_B));
        assertTrue(proxy.addMember(PEER_C));
        assertTrue(proxy.addMember(PEER_C));
        engine.invoker().invoke();
        assertEquals(1, counters.commandsRejected.get(), "a second add of the same member is refused");

        final byte[] broadcast = ipv4Frame(VIP_LOCAL, -1, 1, 90);
        tap.inbound.add(broadcast);
        engine.invoker().invoke();
        assertEquals(2, udp.sent.size());
        final List<byte[]> destinations = new ArrayList<>();
        for (final QueueDatagramEndpoint.Datagram d : udp.sent)
        {
            assertEquals(EDGE_B, d.address, "C is reached through B");
            final OverlayFrameFlyweight header = new OverlayFrameFlyweight().wrap(new UnsafeBuffer(d.payload), 0);
            assertEquals(OverlayFrameType.DATA, header.type());
            destinations.add(Arrays.copyOfRange(d.payload, header.dstNodeOffset(), header.dstNodeOffset() + 20));
            assertArrayEquals(broadcast, Arrays.copyOfRange(d.payload, OverlayFrameFlyweight.HEADER_LENGTH, d.payload.length));
        }
        assertTrue(destinations.stream().anyMatch(d -> Arrays.equals(d, NODE_B)));
        assertTrue(destinations.stream().anyMatch(d -> Arrays.equals(d, NODE_C)));
        assertEquals(2, counters.broadcastCopies.get());

        udp.sent.clear();
        assertTrue(proxy.removeEdge(PEER_B));
        assertTrue(proxy.removeMember(PEER_C));
        engine.invoker().invoke();
        tap.inbound.add(broadcast);
        engine.invoker().invoke();
        assertTrue(udp.sent.isEmpty());
        assertEquals(1, counters.dropBroadcastNoRoute.get(), "B lost its edge, C is no member any more");
        assertEquals(0, engine.eventPoller().poll(handler, 10), "broadcast is never punted");
    }

    @Test
    void shouldDropFramesWhoseSourceAddressBelongsToAnotherNode()
    {
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_C, VIP_LOCAL, 1, 200)));
        engine.invoker().invoke();

        assertTrue(tap.written.isEmpty());
        assertEquals(1, counters.dropSourceMismatch.get());
        assertEquals(0, engine.eventPoller().poll(handler, 10));
    }

    @Test
    void shouldHandFramesFromAnUnroutedSourceAddressToTheControlPlane()
    {
        final byte[] datagram = dataFrame(NODE_B, LOCAL, 5, ipv4Frame(ipv4(10, 0, 0, 77), VIP_LOCAL, 1, 200));
        udp.receive(EDGE_B, EDGE_B_PORT, datagram);
        engine.invoker().invoke();

        assertTrue(tap.written.isEmpty());
        assertEquals(1, counters.framesSourceUnknown.get());
        assertEquals(1, engine.eventPoller().poll(handler, 10));
        assertEquals(List.of(PuntReason.SOURCE_UNKNOWN), handler.peerReasons);
        assertArrayEquals(datagram, handler.peerFrames.get(0));
        assertEquals(123_456_789L, handler.times.get(0));
    }

    @Test
    void shouldDropTunnelledFramesThatAreNotIpv4()
    {
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, arpFrame()));
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv6Frame()));
        engine.invoker().invoke();

        assertTrue(tap.written.isEmpty());
        assertEquals(2, counters.dropNotIpv4.get());
    }

    @Test
    void shouldPuntFrameWhoseRouteLostItsEdge()
    {
        assertTrue(proxy.removeEdge(PEER_B));
        engine.invoker().invoke();
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        engine.invoker().invoke();

        assertEquals(1, engine.eventPoller().poll(handler, 10));
        assertEquals(List.of(PuntReason.NO_ROUTE), handler.tapReasons);
    }

    @Test
    void shouldDropOversizeTruncatedAndUnsupportedTapFrames()
    {
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, EngineConfiguration.MTU_DEFAULT + 15));
        tap.inbound.add(new byte[10]);
        tap.inbound.add(Arrays.copyOf(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60), 30));
        tap.inbound.add(ipv6Frame());
        engine.invoker().invoke();

        assertEquals(1, counters.dropTapOversize.get());
        assertEquals(2, counters.dropTapTruncated.get());
        assertEquals(1, counters.dropTapUnsupported.get());
        assertTrue(udp.sent.isEmpty());
        assertEquals(0, engine.eventPoller().poll(handler, 10));
    }

    @Test
    void shouldSendTheMaximumFrameAndDropOneByteMore()
    {
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, EngineConfiguration.MTU_DEFAULT + 14));
        engine.invoker().invoke();
        assertEquals(1, udp.sent.size());
        assertEquals(0, counters.dropTapOversize.get());
    }

    @Test
    void shouldDeliverDataFrameForThisNodeToTheTap()
    {
        final byte[] frame = ipv4Frame(VIP_B, VIP_LOCAL, 1, 200);
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, frame));
        engine.invoker().invoke();

        assertEquals(1, tap.written.size());
        assertArrayEquals(frame, tap.written.get(0));
        assertEquals(1, counters.tapFramesOut.get());
        assertEquals(200, counters.tapBytesOut.get());
    }

    @Test
    void shouldForwardDataFrameForAnotherNodeToItsNextHop()
    {
        final byte[] frame = ipv4Frame(ipv4(10, 0, 0, 9), VIP_C, 1, 120);
        final byte[] datagram = overlayFrame(OverlayFrameType.DATA, 5, 2, 1234, node(200), NODE_C, frame);
        udp.receive(ipv4(192, 168, 1, 9), 6000, datagram);
        engine.invoker().invoke();
        engine.invoker().invoke();

        assertTrue(tap.written.isEmpty());
        assertEquals(1, udp.sent.size());
        final QueueDatagramEndpoint.Datagram d = udp.sent.get(0);
        assertEquals(EDGE_B, d.address);
        assertEquals(EDGE_B_PORT, d.port);
        final OverlayFrameFlyweight header = new OverlayFrameFlyweight().wrap(new UnsafeBuffer(d.payload), 0);
        assertEquals(4, header.ttl());
        assertEquals(3, header.hopCount());
        assertEquals(SESSION_B, header.sessionId());
        assertArrayEquals(node(200), Arrays.copyOfRange(d.payload, header.srcNodeOffset(), header.srcNodeOffset() + 20));
        assertArrayEquals(frame, Arrays.copyOfRange(d.payload, OverlayFrameFlyweight.HEADER_LENGTH, d.payload.length));
        assertEquals(1, counters.framesForwarded.get());
        assertEquals(1, proxy.forwardedFrames(PEER_C));
        assertEquals(datagram.length, proxy.forwardedBytes(PEER_C));
    }

    @Test
    void shouldDropForwardedFrameWhoseTtlExpires()
    {
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(node(200), NODE_C, 1, ipv4Frame(1, VIP_C, 1, 60)));
        engine.invoker().invoke();
        assertEquals(1, counters.dropTtlExpired.get());
        assertTrue(udp.sent.isEmpty());
    }

    @Test
    void shouldNotForwardAFrameBackToTheEdgeItCameFrom()
    {
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(node(200), NODE_C, 5, ipv4Frame(1, VIP_C, 1, 60)));
        engine.invoker().invoke();
        engine.invoker().invoke();
        assertEquals(1, counters.dropReturnToSender.get());
        assertTrue(udp.sent.isEmpty());
    }

    @Test
    void shouldDropDataFrameForUnknownNode()
    {
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, node(150), 5, ipv4Frame(1, 2, 1, 60)));
        engine.invoker().invoke();
        assertEquals(1, counters.dropNoRoute.get());
        assertTrue(udp.sent.isEmpty());
        assertTrue(tap.written.isEmpty());
    }

    @Test
    void shouldDropTruncatedUnknownVersionUnknownTypeOversizeAndEncryptedDatagrams()
    {
        final byte[] good = dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_B, VIP_LOCAL, 1, 60));
        udp.receive(EDGE_B, EDGE_B_PORT, Arrays.copyOf(good, OverlayFrameFlyweight.HEADER_LENGTH - 1));
        udp.receive(EDGE_B, EDGE_B_PORT, Arrays.copyOf(good, OverlayFrameFlyweight.HEADER_LENGTH + 5));

        final byte[] badVersion = good.clone();
        badVersion[0] = (byte)((2 << 4) | OverlayFrameType.DATA);
        udp.receive(EDGE_B, EDGE_B_PORT, badVersion);

        final byte[] badType = good.clone();
        badType[0] = (byte)((1 << 4) | 9);
        udp.receive(EDGE_B, EDGE_B_PORT, badType);

        final byte[] encrypted = good.clone();
        encrypted[OverlayFrameFlyweight.FLAGS_OFFSET] = (byte)OverlayFrameFlyweight.FLAG_AEAD;
        udp.receive(EDGE_B, EDGE_B_PORT, encrypted);

        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_B, VIP_LOCAL, 1, 2000)));
        engine.invoker().invoke();

        assertEquals(2, counters.dropTruncated.get());
        assertEquals(1, counters.dropUnknownVersion.get());
        assertEquals(1, counters.dropUnknownType.get());
        assertEquals(1, counters.dropUnsupportedFlags.get());
        assertEquals(1, counters.dropOversize.get());
        assertTrue(tap.written.isEmpty());
        assertEquals(6, counters.udpDatagramsIn.get());
    }

    @Test
    void shouldHandControlFrameToTheControlPlaneWithSourceAndReceiveTime()
    {
        final byte[] message = "link-request".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final byte[] datagram = overlayFrame(OverlayFrameType.CONTROL, 1, 0, 0, NODE_B, new byte[20], message);
        clock.update(999L);
        udp.receive(ipv4(203, 0, 113, 5), 41000, datagram);
        engine.invoker().invoke();

        assertEquals(1, engine.eventPoller().poll(handler, 10));
        assertEquals(ipv4(203, 0, 113, 5), handler.controlAddress);
        assertEquals(41000, handler.controlPort);
        assertEquals(999L, handler.times.get(0));
        assertArrayEquals(datagram, handler.controlFrames.get(0));
        assertEquals(1, counters.controlFramesIn.get());
    }

    @Test
    void shouldSendControlFrameFromTheControlPlaneWithTheLocalNodeAsSource()
    {
        final byte[] message = { 1, 2, 3, 4, 5 };
        assertTrue(proxy.sendControlFrame(ipv4(198, 51, 100, 7), 7000, new UnsafeBuffer(message), 0, message.length));
        engine.invoker().invoke();

        assertEquals(1, udp.sent.size());
        final QueueDatagramEndpoint.Datagram d = udp.sent.get(0);
        assertEquals(ipv4(198, 51, 100, 7), d.address);
        assertEquals(7000, d.port);
        final OverlayFrameFlyweight header = new OverlayFrameFlyweight().wrap(new UnsafeBuffer(d.payload), 0);
        assertEquals(OverlayFrameType.CONTROL, header.type());
        assertArrayEquals(LOCAL, Arrays.copyOfRange(d.payload, header.srcNodeOffset(), header.srcNodeOffset() + 20));
        assertArrayEquals(message, Arrays.copyOfRange(d.payload, OverlayFrameFlyweight.HEADER_LENGTH, d.payload.length));
        assertEquals(1, counters.controlFramesOut.get());
    }

    @Test
    void shouldWriteControlPlaneFrameToTheTap()
    {
        final byte[] reply = arpFrame();
        assertTrue(proxy.writeTapFrame(new UnsafeBuffer(reply), 0, reply.length));
        engine.invoker().invoke();
        assertEquals(1, tap.written.size());
        assertArrayEquals(reply, tap.written.get(0));
    }

    @Test
    void shouldCountPuntsDroppedWhenTheEventRingIsFull()
    {
        for (int i = 0; i < 20; i++)
        {
            tap.inbound.add(arpFrame());
            tap.inbound.add(ipv4Frame(VIP_LOCAL, ipv4(10, 9, 9, 9), 1, 1000));
        }
        while (!tap.inbound.isEmpty())
        {
            engine.invoker().invoke();
        }
        assertTrue(counters.dropPuntRingFull.get() > 0);
        assertEquals(40, counters.framesPunted.get() + counters.dropPuntRingFull.get());
    }

    @Test
    void shouldApplyCommandsTheFullCommandRingRefusedOnceTheConductorDrainsInOfferOrder()
    {
        final int routes = 3000;   // 6,000 commands: the default command ring holds about 4,000
        for (int i = 0; i < routes; i++)
        {
            assertTrue(proxy.setRoute(ipv4(10, 1, 0, 0) + i, PEER_B));
            assertTrue(proxy.removeRoute(ipv4(10, 1, 0, 0) + i));   // rejected if it overtook its setRoute
        }
        assertTrue(counters.commandsBacklogged.get() > 0);
        final long expected = 7 + 2L * routes;
        for (int cycle = 0; cycle < 10_000 && counters.commandsApplied.get() + counters.commandsRejected.get() < expected; cycle++)
        {
            proxy.flushCommands();
            engine.invoker().invoke();
        }
        assertEquals(expected, counters.commandsApplied.get());
        assertEquals(0, counters.commandsRejected.get());
        assertEquals(0, counters.commandsLost.get());
        assertFalse(proxy.hasBackloggedCommands());
    }

    @Test
    void shouldCountRejectedCommands()
    {
        assertTrue(proxy.setRoute(ipv4(10, 0, 0, 50), 40));
        assertTrue(proxy.setEdge(41, EDGE_B, 1, 0));
        assertTrue(proxy.setNextHop(PEER_B, PEER_B));
        assertTrue(proxy.addPeer(5, new UnsafeBuffer(NODE_B), 0));
        engine.invoker().invoke();
        assertEquals(4, counters.commandsRejected.get());
        assertThrows(IllegalArgumentException.class, () -> proxy.setRoute(VIP_B, 0));
        assertThrows(IllegalArgumentException.class, () -> proxy.setEdge(PEER_B, EDGE_B, 0, 1));
    }

    @Test
    void shouldCountShortWritesAndSendErrorsWithoutThrowing()
    {
        udp.sendResult = -Errno.ENOBUFS;
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        engine.invoker().invoke();
        assertEquals(2, counters.udpSendDropped.get());
        assertEquals(1, counters.udpSendErrors.get());
        assertEquals(1, counters.errors.get());

        tap.writeResult = 1;
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_B, VIP_LOCAL, 1, 60)));
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_B, VIP_LOCAL, 1, 60)));
        engine.invoker().invoke();
        assertEquals(1, counters.tapFramesOut.get());
        assertEquals(1, counters.tapWriteDropped.get());
    }

    @Test
    void shouldCountAnAgentErrorOnceAndLogIt()
    {
        tap.readFailure = new IllegalStateException("tap read exploded");
        engine.invoker().invoke();

        assertEquals(1, counters.errors.get());
        final List<String> logged = new ArrayList<>();
        assertEquals(1, ErrorLogReader.read(engine.context().errorLog().buffer(),
            (count, first, last, encoded) -> logged.add(count + " " + encoded)));
        assertTrue(logged.get(0).startsWith("1 java.lang.IllegalStateException: tap read exploded"), logged.get(0));
    }

    @Test
    void shouldCountTheErrorThatStoppedAPartialBatchAsAnErrorWithItsErrno()
    {
        udp.sendResult = 1;
        udp.stopErrno = Errno.EMSGSIZE;
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        engine.invoker().invoke();
        assertEquals(1, counters.udpDatagramsOut.get());
        assertEquals(2, counters.udpSendDropped.get());
        assertEquals(1, counters.udpSendErrors.get());

        tap.writeResult = 1;
        tap.stopErrno = Errno.EIO;
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_B, VIP_LOCAL, 1, 60)));
        udp.receive(EDGE_B, EDGE_B_PORT, dataFrame(NODE_B, LOCAL, 5, ipv4Frame(VIP_B, VIP_LOCAL, 1, 60)));
        engine.invoker().invoke();
        assertEquals(1, counters.tapFramesOut.get());
        assertEquals(1, counters.tapWriteDropped.get());
        assertEquals(1, counters.tapWriteErrors.get());

        assertEquals(2, counters.errors.get());
        final List<String> logged = new ArrayList<>();
        ErrorLogReader.read(engine.context().errorLog().buffer(), (count, first, last, encoded) -> logged.add(encoded));
        assertTrue(logged.get(0).contains("udp send failed: EMSGSIZE"), logged.get(0));
        assertTrue(logged.get(1).contains("tap write failed: EIO"), logged.get(1));
    }

    @Test
    void shouldCountAPartialBatchOfAFullDeviceAsDroppedWithoutAnError()
    {
        udp.sendResult = 1;
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        tap.inbound.add(ipv4Frame(VIP_LOCAL, VIP_B, 1, 60));
        engine.invoker().invoke();
        assertEquals(1, counters.udpSendDropped.get());
        assertEquals(0, counters.udpSendErrors.get());
        assertEquals(0, counters.errors.get());
    }

    @Test
    void shouldCloseTheDevicesOnClose()
    {
        engine.close();
        assertTrue(tap.closed);
        assertTrue(udp.closed);
    }

    static final class RecordingHandler implements EngineEventHandler
    {
        final List<Integer> tapReasons = new ArrayList<>();
        final List<byte[]> tapFrames = new ArrayList<>();
        final List<byte[]> controlFrames = new ArrayList<>();
        final List<Integer> peerReasons = new ArrayList<>();
        final List<byte[]> peerFrames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        int controlAddress;
        int controlPort;

        @Override
        public void onControlFrame(
            final int ipv4, final int port, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            controlAddress = ipv4;
            controlPort = port;
            times.add(receiveTimeNs);
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            controlFrames.add(bytes);
        }

        @Override
        public void onTapFrame(final int reason, final long readTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            tapReasons.add(reason);
            times.add(readTimeNs);
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            tapFrames.add(bytes);
        }

        @Override
        public void onPeerFrame(final int reason, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            peerReasons.add(reason);
            times.add(receiveTimeNs);
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            peerFrames.add(bytes);
        }
    }
}
