package org.ipop.engine;

import java.io.File;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

/** Control messages longer than MTU + 14 (the overlay's 1,400-byte DHT frames) with a small MTU. */
class ControlLengthTest
{
    @TempDir
    File dir;

    @Test
    void shouldDefaultToTheFrameLengthAndGrowWithMinControlLength()
    {
        final EngineContext plain = new EngineContext().mtu(1200);
        assertEquals(1214, plain.maxControlLength());
        final EngineContext grown = new EngineContext().mtu(1200).minControlLength(1400);
        assertEquals(1400, grown.maxControlLength());
        assertEquals(OverlayFrameFlyweight.HEADER_LENGTH + 1400 + OverlayFrameFlyweight.AEAD_TAG_LENGTH,
            grown.maxDatagramLength());
        assertEquals(9014, new EngineContext().mtu(9000).minControlLength(1400).maxControlLength());
    }

    @Test
    void shouldSendAndReceive1400ByteControlMessagesWithMtu1200()
    {
        final QueueFrameDevice tap = new QueueFrameDevice();
        final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
        final CachedNanoClock clock = new CachedNanoClock();
        try (Engine engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .threadingMode(ThreadingMode.INVOKER)
            .nanoClock(clock)
            .mtu(1200)
            .minControlLength(1400)
            .eventRingCapacity(65536)
            .countersFile(new File(dir, "counters.dat"))))
        {
            assertTrue(engine.proxy().setLocalNode(new UnsafeBuffer(EngineDataPathTest.LOCAL), 0));
            assertEquals(1400, engine.proxy().maxControlLength());
            final byte[] message = new byte[1400];
            message[1399] = 7;
            assertTrue(engine.proxy().sendControlFrame(ipv4(198, 51, 100, 7), 7000, new UnsafeBuffer(message), 0, 1400));
            engine.invoker().invoke();
            assertEquals(1, udp.sent.size());
            assertEquals(OverlayFrameFlyweight.HEADER_LENGTH + 1400, udp.sent.get(0).payload.length);

            final byte[] datagram = overlayFrame(OverlayFrameType.CONTROL, 1, 0, 0, EngineDataPathTest.NODE_B, new byte[20], message);
            udp.receive(ipv4(203, 0, 113, 5), 41000, datagram);
            engine.invoker().invoke();
            final EngineDataPathTest.RecordingHandler handler = new EngineDataPathTest.RecordingHandler();
            assertEquals(1, engine.eventPoller().poll(handler, 10));
            assertArrayEquals(datagram, handler.controlFrames.get(0));
        }
    }
}
