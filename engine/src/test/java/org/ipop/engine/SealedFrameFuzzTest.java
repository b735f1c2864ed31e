package org.ipop.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.testkit.JdkSessionKeys;
import org.ipop.tap.SessionKeys;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Jazzer target for the UDP receiver with a key table attached: any datagram, raw or sealed with a real session
 * (so the opened paths are reached too), from a keyed neighbour's edge or a stranger, must end in exactly one outcome
 * counter (delivered, forwarded, handed up, or dropped for a reason) and never raise an error.
 * <p>
 * Input: byte 0 selects ({@code 0x01} seal with the session A -> B before receiving; {@code 0x02} from A's edge,
 * else from a stranger; {@code 0x04} flip one byte after sealing, at the offset in byte 2; {@code 0x08} the test
 * writes the header itself, type from byte 1, source A, destination B, or all zeros with {@code 0x10}, and the rest
 * is the payload), then the frame. Without {@code JAZZER_FUZZ=1} it runs in regression mode over the inputs in
 * {@code src/test/resources/org/ipop/engine/SealedFrameFuzzTestInputs/}.
 */
class SealedFrameFuzzTest
{
    static final byte[] NODE_A = node(1);
    static final byte[] NODE_B = node(50);
    static final byte[] NODE_C = node(100);
    static final int IP_A = ipv4(192, 168, 1, 1);
    static final int PORT_A = 4001;
    static final int SLOT_A = 1;
    static final int SLOT_B = 2;

    /** One engine (node B) for every input: launching one per input would spend the fuzzing time on files. */
    static final class Harness
    {
        static final Harness INSTANCE = new Harness();

        final QueueDatagramEndpoint udp = new QueueDatagramEndpoint();
        final QueueFrameDevice tap = new QueueFrameDevice();
        final JdkSessionKeys keysA = new JdkSessionKeys(4);
        final JdkSessionKeys keysB = new JdkSessionKeys(4);
        final Engine engine;
        final EngineCounters counters;
        final EngineDataPathTest.RecordingHandler events = new EngineDataPathTest.RecordingHandler();

        Harness()
        {
            final File dir;
            try
            {
                dir = Files.createTempDirectory("ipop-fuzz").toFile();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            dir.deleteOnExit();
            final byte[] ab = new byte[SessionKeys.KEY_LENGTH];
            final byte[] ba = new byte[SessionKeys.KEY_LENGTH];
            Arrays.fill(ab, (byte)1);
            Arrays.fill(ba, (byte)2);
            keysA.install(SLOT_A, SessionKeys.CIPHER_AES_256_GCM, NODE_B, SLOT_B, ab, ba);
            keysB.install(SLOT_B, SessionKeys.CIPHER_AES_256_GCM, NODE_A, SLOT_A, ba, ab);
            engine = Engine.launch(new EngineContext()
                .frameDevice(tap)
                .datagramEndpoint(udp)
                .sessionKeys(keysB)
                .threadingMode(ThreadingMode.INVOKER)
                .countersFile(new File(dir, "counters.dat")));
            counters = engine.context().counters();
            engine.proxy().setLocalNode(new UnsafeBuffer(NODE_B), 0);
            engine.proxy().addPeer(2, new UnsafeBuffer(NODE_A), 0);
            engine.proxy().setEdge(2, IP_A, PORT_A, 0);
            engine.proxy().setPeerKey(2, SLOT_B);
            engine.proxy().setRoute(ipv4(10, 0, 0, 1), 2);
            engine.proxy().addPeer(3, new UnsafeBuffer(NODE_C), 0);
            engine.proxy().setEdge(3, ipv4(192, 168, 1, 3), 4003, 0);
            engine.proxy().setRoute(ipv4(10, 0, 0, 3), 3);
            engine.invoker().invoke();
        }

        long outcomes()
        {
            final EngineCounters c = counters;
            return c.tapFramesOut.get() + c.tapWriteDropped.get() + c.controlFramesIn.get() + c.dropControlRingFull.get() +
                c.framesForwarded.get() + c.dropTruncated.get() + c.dropUnknownVersion.get() + c.dropUnknownType.get() +
                c.dropUnsupportedFlags.get() + c.dropOversize.get() + c.dropNoRoute.get() + c.dropTtlExpired.get() +
                c.dropReturnToSender.get() + c.dropForwardRingFull.get() + c.dropSourceMismatch.get() +
                c.dropNotIpv4.get() + c.framesSourceUnknown.get() + c.dropNoSession.get() + c.dropBadTag.get() +
                c.dropReplay.get() + c.dropWrongPeer.get() + c.dropMalformedSealed.get() +
                c.dropRelayUnauthenticated.get() + c.dropHandshakeRateLimited.get() + c.dropUnauthenticated.get() +
                c.handshakeFramesIn.get();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void everyDatagramEndsInOneOutcome(final byte[] data)
    {
        final Harness h = Harness.INSTANCE;
        final int mode = data.length > 0 ? data[0] & 0xFF : 0;
        final int selector = data.length > 1 ? data[1] & 0xFF : 0;
        final int flipAt = data.length > 2 ? data[2] & 0xFF : 0;
        // at most a jumbo datagram: the receive buffer holds a batch of those
        final byte[] rest = data.length > 3 ? Arrays.copyOfRange(data, 3, Math.min(data.length, 9000)) : new byte[0];

        byte[] frame = rest;
        if (0 != (mode & 0x08))
        {
            frame = overlayFrame(selector & 0x0F, 8, 0, 0, NODE_A, 0 != (mode & 0x10) ? new byte[20] : NODE_B, rest);
        }
        byte[] datagram = frame;
        if (0 != (mode & 0x01) && frame.length >= OverlayFrameFlyweight.HEADER_LENGTH)
        {
            frame[OverlayFrameFlyweight.FLAGS_OFFSET] = 0;
            datagram = SealedDataPathTest.sealWith(h.keysA, SLOT_A, frame);
            if (0 != (mode & 0x04))
            {
                datagram[flipAt % datagram.length] ^= (byte)(1 + (selector >>> 4));
            }
        }

        final long before = h.outcomes();
        final long errorsBefore = h.counters.errors.get();
        h.udp.receive(0 != (mode & 0x02) ? IP_A : ipv4(203, 0, 113, 9), PORT_A, datagram);
        h.engine.invoker().invoke();
        h.engine.invoker().invoke();   // forwarded frames leave on the next cycle
        h.engine.eventPoller().poll(h.events, 16);
        h.events.controlFrames.clear();
        h.events.peerFrames.clear();
        h.events.times.clear();
        h.events.peerReasons.clear();
        h.udp.sent.clear();
        h.tap.written.clear();

        assertEquals(errorsBefore, h.counters.errors.get(), "the agents raised an error");
        assertEquals(before + 1, h.outcomes(), "every datagram is counted exactly once");
    }
}
