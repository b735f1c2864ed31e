package org.ipop.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.status.EngineCounters;
import org.ipop.tap.FrameDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.Arrays;
import java.util.Random;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

/** Malformed, truncated, random and lying input: the engine drops and counts, never throws. */
class HostileInputTest
{
    static final byte[] LOCAL = node(1);
    static final byte[] NODE_B = node(50);

    @TempDir
    File dir;

    private Engine launch(final FrameDevice tap, final QueueDatagramEndpoint udp, final int sendRingCapacity)
    {
        final Engine engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .threadingMode(ThreadingMode.INVOKER)
            .eventRingCapacity(16384)
            .sendRingCapacity(sendRingCapacity)
            .countersFile(new File(dir, "counters.dat")));
        engine.proxy().setLocalNode(new UnsafeBuffer(LOCAL), 0);
        engine.proxy().addPeer(2, new UnsafeBuffer(NODE_B), 0);
        engine.proxy().setEdge(2, ipv4(192, 168, 1, 2), 5000, 1);
        engine.proxy().setRoute(ipv4(10, 0, 0, 2), 2);
        engine.conductor().doWork();
        return engine;
    }

    @Test
    void shouldSurviveRandomAndMutatedDatagramsAndFramesWithoutErrors()
    {
        final Random random = new Random(42);
        final QueueFrameDevice tap = new QueueFrameDevice();
        final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
        try (Engine engine = launch(tap, udp, 1 << 20))
        {
            final byte[] good = dataFrame(NODE_B, LOCAL, 5, ipv4Frame(ipv4(10, 0, 0, 2), ipv4(10, 0, 0, 1), 6, 200));
            final int datagrams = 20_000;
            for (int i = 0; i < datagrams; i++)
            {
                final byte[] datagram;
                if (random.nextBoolean())
                {
                    datagram = new byte[random.nextInt(1600)];
                    random.nextBytes(datagram);
                }
                else
                {
                    datagram = Arrays.copyOf(good, random.nextInt(good.length + 1));
                    for (int flips = random.nextInt(4); flips > 0 && datagram.length > 0; flips--)
                    {
                        datagram[random.nextInt(Math.min(datagram.length, OverlayFrameFlyweight.HEADER_LENGTH + 40))] =
                            (byte)random.nextInt();
                    }
                }
                udp.receive(random.nextInt(), random.nextInt(65536), datagram);

                final byte[] frame = new byte[random.nextInt(1600)];
                random.nextBytes(frame);
                if (frame.length > 14 && random.nextBoolean())
                {
                    frame[12] = 0x08;
                    frame[13] = 0x00;
                }
                tap.inbound.add(frame);
            }
            while (!udp.inbound.isEmpty() || !tap.inbound.isEmpty())
            {
                engine.invoker().invoke();
                engine.eventPoller().poll(new EngineDataPathTest.RecordingHandler(), 1000);
            }
            engine.invoker().invoke();

            final EngineCounters c = engine.context().counters();
            assertEquals(0, c.errors.get());
            assertEquals(datagrams, c.udpDatagramsIn.get());
            assertEquals(datagrams, c.tapFramesIn.get());
            final long udpOutcomes = c.tapFramesOut.get() + c.controlFramesIn.get() + c.dropControlRingFull.get() +
                c.framesForwarded.get() + c.dropTruncated.get() + c.dropUnknownVersion.get() + c.dropUnknownType.get() +
                c.dropUnsupportedFlags.get() + c.dropOversize.get() + c.dropNoRoute.get() + c.dropTtlExpired.get() +
                c.dropReturnToSender.get() +
                c.dropForwardRingFull.get() + c.dropSourceMismatch.get() + c.dropNotIpv4.get() + c.framesSourceUnknown.get() +
                c.handshakeFramesIn.get() + c.dropHandshakeRateLimited.get();
            assertEquals(datagrams, udpOutcomes, "every datagram is delivered, forwarded, handed up or counted as a drop");
            final long tapOutcomes = c.udpDatagramsOut.get() + c.udpSendDropped.get() - c.controlFramesOut.get() -
                c.framesForwardedOut.get() + c.framesPunted.get() + c.dropPuntRingFull.get() + c.dropTapTruncated.get() +
                c.dropTapOversize.get() + c.dropTapUnsupported.get() + c.dropBroadcastNoMembers.get();
            assertEquals(datagrams, tapOutcomes, "every TAP frame is sent, punted or counted as a drop");
        }
    }

    @Test
    void shouldStopAtARecordThatOverrunsTheBatchInsteadOfReadingPastIt()
    {
        final FrameDevice lyingDevice = new QueueFrameDevice()
        {
            @Override
            public int readBatch(final long address, final int capacity, final int maxFrames)
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(address, capacity);
                final byte[] frame = ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 6, 100);
                buffer.putInt(0, frame.length);
                buffer.putBytes(8, frame);
                buffer.putInt(8 + 104, Integer.MAX_VALUE);
                return 5;
            }
        };
        final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
        try (Engine engine = launch(lyingDevice, udp, 1 << 20))
        {
            engine.tapReceiver().doWork();
            assertEquals(1, udp.sent.size(), "the one well-formed record before the bad one is sent");
            assertEquals(1, engine.context().counters().dropTapTruncated.get());
        }
    }

    @Test
    void shouldCountForwardsDroppedWhenTheSendRingIsFull()
    {
        final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
        try (Engine engine = launch(new QueueFrameDevice(), udp, 16384))
        {
            final byte[] transit = dataFrame(node(200), NODE_B, 5, ipv4Frame(1, ipv4(10, 0, 0, 2), 6, 1400));
            for (int i = 0; i < 20; i++)
            {
                udp.receive(ipv4(192, 168, 1, 9), 6000, transit);
            }
            engine.udpReceiver().doWork();

            final EngineCounters c = engine.context().counters();
            assertTrue(c.dropForwardRingFull.get() > 0);
            assertEquals(20, c.framesForwarded.get() + c.dropForwardRingFull.get());
            engine.tapReceiver().doWork();
            assertEquals(c.framesForwarded.get(), udp.sent.size());
        }
    }

    @Test
    void shouldCountControlFramesDroppedWhenTheControlPlaneDoesNotPoll()
    {
        final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
        try (Engine engine = launch(new QueueFrameDevice(), udp, 1 << 20))
        {
            final byte[] control = overlayFrame(OverlayFrameType.CONTROL, 1, 0, 0, NODE_B, new byte[20], new byte[1200]);
            for (int i = 0; i < 40; i++)
            {
                udp.receive(ipv4(192, 168, 1, 2), 5000, control);
            }
            engine.invoker().invoke();
            engine.invoker().invoke();

            final EngineCounters c = engine.context().counters();
            assertTrue(c.dropControlRingFull.get() > 0);
            assertEquals(40, c.controlFramesIn.get() + c.dropControlRingFull.get());
        }
    }
}
