package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.ipop.tap.OverlayFrames.HEADER_LENGTH;
import static org.ipop.tap.OverlayFrames.HOP_BY_HOP;
import static org.ipop.tap.OverlayFrames.TYPE_CONTROL;
import static org.ipop.tap.OverlayFrames.TYPE_DATA;
import static org.ipop.tap.OverlayFrames.frame;
import static org.ipop.tap.OverlayFrames.key;
import static org.ipop.tap.OverlayFrames.node;
import static org.ipop.tap.OverlayFrames.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sealing and opening with the native session-key table of both bridges: node A seals with its slot 3 (the peer B
 * gave the session index 7), node B opens with its slot 7 (A gave index 3). No root, no sockets.
 */
class SessionKeysTest
{
    private static final int LOOPBACK = ipv4(127, 0, 0, 1);
    private static final byte[] NODE_A = node(0x10);
    private static final byte[] NODE_B = node(0x40);
    private static final byte[] NODE_C = node(0x70);
    private static final int SLOT_A = 3;
    private static final int SLOT_B = 7;

    private SessionKeys keysA;
    private SessionKeys keysB;

    @AfterEach
    void closeTables()
    {
        if (keysA != null)
        {
            keysA.close();
        }
        if (keysB != null)
        {
            keysB.close();
        }
    }

    static Stream<Arguments> bridgesAndCiphers()
    {
        return TestBridges.names().flatMap(bridge -> Stream.of(
            Arguments.of(bridge, SessionKeys.CIPHER_AES_256_GCM),
            Arguments.of(bridge, SessionKeys.CIPHER_CHACHA20_POLY1305)));
    }

    static Stream<Arguments> bridgesCiphersAndSizes()
    {
        return bridgesAndCiphers().flatMap(arguments -> Stream.of(
            Arguments.of(arguments.get()[0], arguments.get()[1], 64),
            Arguments.of(arguments.get()[0], arguments.get()[1], 1400)));
    }

    /** Opens the tables of A and B and installs the session between them. */
    private void pair(final String bridge, final int cipher)
    {
        keysA = Bridges.byName(bridge).openSessionKeys(16);
        keysB = Bridges.byName(bridge).openSessionKeys(16);
        keysA.localNode(NODE_A);
        keysB.localNode(NODE_B);
        keysA.install(SLOT_A, cipher, NODE_B, SLOT_B, key(1), key(2));
        keysB.install(SLOT_B, cipher, NODE_A, SLOT_A, key(2), key(1));
    }

    /** @return the frame sealed by A for B (each call takes the next counter). */
    private byte[] sealAtA(final byte[] clearFrame)
    {
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(4096).clear().seal(SLOT_A, LOOPBACK, 1, clearFrame);
        assertEquals(0, keysA.sealBatch(batch.address, batch.length, batch.count), "rejected");
        final OverlayFrames.Record record = batch.record(0);
        assertEquals(0, record.flags(), "a sealed record is a plain record");
        assertEquals(0, record.reserved());
        return record.payload();
    }

    /** @return record 0 after B opened a batch holding only {@code sealed}. */
    private OverlayFrames.Record openAtB(final byte[] sealed, final int expectedOpened)
    {
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(4096).clear().add(0, 0, LOOPBACK, 1, sealed);
        assertEquals(expectedOpened, keysB.openBatch(batch.address, batch.capacityOf(), batch.count));
        return batch.record(0);
    }

    private static void assertRejected(final OverlayFrames.Record record, final int reason)
    {
        assertEquals(SessionKeys.FLAG_REJECTED, record.flags(), "flags");
        assertEquals(reason, record.reserved(), "reject reason");
    }

    @ParameterizedTest
    @MethodSource("bridgesCiphersAndSizes")
    void shouldOpenWhatThePeerSealed(final String bridge, final int cipher, final int payloadLength)
    {
        pair(bridge, cipher);
        final byte[] clear = frame(TYPE_DATA, NODE_A, NODE_B, payload(payloadLength, 5));

        final byte[] sealed = sealAtA(clear);

        assertEquals(OverlayFrames.FLAG_AEAD, sealed[OverlayFrames.FLAGS_OFFSET] & 0xFF);
        assertEquals(SLOT_B, OverlayFrames.sessionId(sealed), "session id = the receiver's slot");
        assertEquals(1L, OverlayFrames.counter(sealed), "first counter");
        assertEquals(1L, keysA.sendCounter(SLOT_A));
        assertFalse(Arrays.equals(payload(payloadLength, 5), Arrays.copyOfRange(sealed, HEADER_LENGTH,
            HEADER_LENGTH + payloadLength)), "payload encrypted");

        final OverlayFrames.Record opened = openAtB(sealed, 1);
        assertEquals(SessionKeys.FLAG_OPENED, opened.flags());
        assertEquals(SLOT_B, opened.reserved(), "reserved = the slot it was opened with");
        assertEquals(HEADER_LENGTH + payloadLength, opened.length(), "length without the tag");
        assertArrayEquals(Arrays.copyOf(sealed, HEADER_LENGTH), Arrays.copyOf(opened.payload(), HEADER_LENGTH));
        assertArrayEquals(payload(payloadLength, 5), Arrays.copyOfRange(opened.payload(), HEADER_LENGTH,
            opened.length()));
        assertEquals(2L, OverlayFrames.counter(sealAtA(clear)), "counters go up by one");
    }

    @ParameterizedTest
    @MethodSource("bridgesAndCiphers")
    void shouldSealExactlyAsTheJdkDoesForTheDocumentedIvAndAdditionalData(final String bridge, final int cipher)
        throws Exception
    {
        pair(bridge, cipher);
        sealAtA(frame(TYPE_DATA, NODE_A, NODE_B, payload(10, 1)));
        final byte[] clear = frame(TYPE_DATA, NODE_A, NODE_B, payload(1000, 9));
        clear[OverlayFrames.HOP_COUNT_OFFSET] = 3;

        final byte[] sealed = sealAtA(clear);

        final byte[] iv = new byte[12];
        iv[4] = 2; // counter 2, little-endian after four zero bytes
        final Cipher jdk;
        if (cipher == SessionKeys.CIPHER_AES_256_GCM)
        {
            jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(1), "AES"), new GCMParameterSpec(128, iv));
        }
        else
        {
            jdk = Cipher.getInstance("ChaCha20-Poly1305");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(1), "ChaCha20"), new IvParameterSpec(iv));
        }
        jdk.updateAAD(sealed, 0, 2);
        jdk.updateAAD(sealed, 4, HEADER_LENGTH - 4);
        final byte[] expected = jdk.doFinal(payload(1000, 9));

        assertArrayEquals(expected, Arrays.copyOfRange(sealed, HEADER_LENGTH, sealed.length));
        assertEquals(2L, OverlayFrames.counter(sealed));
        assertEquals(3, sealed[OverlayFrames.HOP_COUNT_OFFSET]);
    }

    @ParameterizedTest
    @MethodSource("bridgesAndCiphers")
    void shouldRejectATamperedPayloadHeaderOrTagButNotAChangedTtlOrHopCount(final String bridge, final int cipher)
    {
        pair(bridge, cipher);
        final byte[] clear = frame(TYPE_DATA, NODE_A, NODE_B, payload(200, 3));
        final int[] tampered = {HEADER_LENGTH + 17, 0, OverlayFrames.SRC_OFFSET - 1, HEADER_LENGTH + 200 + 5};
        for (final int at : tampered)
        {
            final byte[] sealed = sealAtA(clear);
            sealed[at] ^= 0x01;
            final OverlayFrames.Record record = openAtB(sealed, 0);
            assertRejected(record, SessionKeys.REJECT_BAD_TAG);
            assertFalse(containsPattern(record.payload(), payload(200, 3)), "no plaintext left behind at " + at);
        }

        final byte[] relayed = sealAtA(clear);
        relayed[OverlayFrames.TTL_OFFSET] = 1;
        relayed[OverlayFrames.HOP_COUNT_OFFSET] = 7;
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(relayed, 1).flags(), "TTL and hop count are not authenticated");
    }

    @ParameterizedTest
    @MethodSource("bridgesAndCiphers")
    void shouldRejectAFrameWhoseSourceIsNotTheSlotsPeer(final String bridge, final int cipher)
    {
        pair(bridge, cipher);

        final byte[] sealed = sealAtA(frame(TYPE_DATA, NODE_C, NODE_B, payload(64, 1)));

        assertRejected(openAtB(sealed, 0), SessionKeys.REJECT_WRONG_PEER);
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectFramesForAnUnknownOrRemovedSlot(final String bridge)
    {
        pair(bridge, SessionKeys.CIPHER_AES_256_GCM);
        final byte[] sealed = sealAtA(frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1)));

        final byte[] unknown = sealed.clone();
        unknown[OverlayFrames.SESSION_OFFSET] = 5;
        assertRejected(openAtB(unknown, 0), SessionKeys.REJECT_NO_SESSION);
        final byte[] outOfRange = sealed.clone();
        outOfRange[OverlayFrames.SESSION_OFFSET + 3] = 0x40;
        assertRejected(openAtB(outOfRange, 0), SessionKeys.REJECT_NO_SESSION);

        keysB.remove(SLOT_B);
        assertFalse(keysB.isActive(SLOT_B));
        assertRejected(openAtB(sealed, 0), SessionKeys.REJECT_NO_SESSION);

        keysA.remove(SLOT_A);
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(4096).clear()
            .seal(SLOT_A, LOOPBACK, 1, frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1)))
            .seal(9, LOOPBACK, 1, frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1)))
            .seal(0, LOOPBACK, 1, new byte[HEADER_LENGTH + SessionKeys.TAG_LENGTH - 1]);
        assertEquals(3, keysA.sealBatch(batch.address, batch.length, batch.count), "rejected");
        final List<OverlayFrames.Record> records = batch.records(3);
        assertRejected(records.get(0), SessionKeys.REJECT_NO_SESSION);
        assertRejected(records.get(1), SessionKeys.REJECT_NO_SESSION);
        assertRejected(records.get(2), SessionKeys.REJECT_MALFORMED);
        assertEquals(1L, keysA.sendCounter(SLOT_A), "nothing sealed after the removal");
    }

    @ParameterizedTest
    @MethodSource("bridgesAndCiphers")
    void shouldRejectAReplayedCounter(final String bridge, final int cipher)
    {
        pair(bridge, cipher);
        final byte[] sealed = sealAtA(frame(TYPE_CONTROL, NODE_A, HOP_BY_HOP, payload(64, 1)));

        assertEquals(SessionKeys.FLAG_OPENED, openAtB(sealed, 1).flags(), "hop-by-hop frames are opened");
        assertRejected(openAtB(sealed, 0), SessionKeys.REJECT_REPLAY);
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldAcceptOutOfOrderCountersWithinTheWindowAndRejectThoseBehindIt(final String bridge)
    {
        pair(bridge, SessionKeys.CIPHER_CHACHA20_POLY1305);
        final int highest = 8300;
        final byte[][] sealed = new byte[highest + 1][];
        final byte[] clear = frame(TYPE_DATA, NODE_A, NODE_B, payload(16, 1));
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(64 * 1024);
        for (int counter = 1; counter <= highest; counter += 100)
        {
            batch.clear();
            for (int i = 0; i < 100 && counter + i <= highest; i++)
            {
                batch.seal(SLOT_A, LOOPBACK, 1, clear);
            }
            assertEquals(0, keysA.sealBatch(batch.address, batch.length, batch.count));
            final List<OverlayFrames.Record> records = batch.records(batch.count);
            for (int i = 0; i < records.size(); i++)
            {
                sealed[counter + i] = records.get(i).payload();
                assertEquals(counter + i, OverlayFrames.counter(sealed[counter + i]));
            }
        }
        final int oldestInWindow = highest - SessionKeys.REPLAY_WINDOW;

        assertEquals(SessionKeys.FLAG_OPENED, openAtB(sealed[200], 1).flags());
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(sealed[100], 1).flags(), "older, within the window");
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(sealed[highest], 1).flags());
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(sealed[highest - 1], 1).flags());
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(sealed[oldestInWindow], 1).flags(), "the window's last");
        assertRejected(openAtB(sealed[oldestInWindow - 1], 0), SessionKeys.REJECT_REPLAY);
        assertRejected(openAtB(sealed[1], 0), SessionKeys.REJECT_REPLAY);
        assertRejected(openAtB(sealed[200], 0), SessionKeys.REJECT_REPLAY);
        assertRejected(openAtB(sealed[highest], 0), SessionKeys.REJECT_REPLAY);
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldLeaveFramesSealedForAnotherNodeAndPlainFramesUntouched(final String bridge)
    {
        pair(bridge, SessionKeys.CIPHER_AES_256_GCM);
        final byte[] forC = sealAtA(frame(TYPE_DATA, NODE_A, NODE_C, payload(100, 1)));
        final byte[] plain = frame(TYPE_DATA, NODE_A, NODE_B, payload(30, 2));
        final byte[] forB = sealAtA(frame(TYPE_DATA, NODE_A, NODE_B, payload(90, 3)));
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(4096).clear()
            .add(0, 0, LOOPBACK, 11, forB)
            .add(0, 0, LOOPBACK, 12, forC)
            .add(0, 0, LOOPBACK, 13, plain)
            .add(0, 0, LOOPBACK, 14, forB.clone());

        assertEquals(1, keysB.openBatch(batch.address, batch.capacityOf(), batch.count));

        final List<OverlayFrames.Record> records = batch.records(4);
        assertEquals(SessionKeys.FLAG_OPENED, records.get(0).flags());
        assertArrayEquals(payload(90, 3), Arrays.copyOfRange(records.get(0).payload(), HEADER_LENGTH, HEADER_LENGTH + 90));
        assertEquals(12, records.get(1).port(), "the records after an opened one moved up, still packed");
        assertEquals(0, records.get(1).flags());
        assertArrayEquals(forC, records.get(1).payload(), "sealed for another node: forwarded unchanged");
        assertEquals(0, records.get(2).flags());
        assertArrayEquals(plain, records.get(2).payload());
        assertEquals(14, records.get(3).port());
        assertRejected(records.get(3), SessionKeys.REJECT_REPLAY);
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRefuseToReinstallAnActiveSlotOrOneInQuarantine(final String bridge)
    {
        pair(bridge, SessionKeys.CIPHER_AES_256_GCM);
        assertTrue(keysA.isActive(SLOT_A));
        assertThrows(IllegalStateException.class,
            () -> keysA.install(SLOT_A, SessionKeys.CIPHER_AES_256_GCM, NODE_C, 1, key(5), key(6)));

        keysA.remove(SLOT_A);

        assertFalse(keysA.isActive(SLOT_A));
        assertThrows(IllegalStateException.class,
            () -> keysA.install(SLOT_A, SessionKeys.CIPHER_AES_256_GCM, NODE_C, 1, key(5), key(6)));
        assertFalse(keysA.isActive(SLOT_A));
        keysA.install(SLOT_A + 1, SessionKeys.CIPHER_AES_256_GCM, NODE_C, 1, key(5), key(6));
        assertTrue(keysA.isActive(SLOT_A + 1), "a free slot installs at once");
        assertThrows(IllegalArgumentException.class,
            () -> keysA.install(16, SessionKeys.CIPHER_AES_256_GCM, NODE_C, 1, key(5), key(6)));
        assertThrows(IllegalArgumentException.class,
            () -> keysA.install(0, 3, NODE_C, 1, key(5), key(6)));
        assertThrows(IllegalArgumentException.class,
            () -> keysA.install(0, SessionKeys.CIPHER_AES_256_GCM, NODE_C, 1, new byte[16], key(6)));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReinstallAfterTheQuarantineWithNewKeysAndFreshCounters(final String bridge)
    {
        pair(bridge, SessionKeys.CIPHER_AES_256_GCM);
        final byte[] clear = frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1));
        final byte[] underOldKeys = sealAtA(clear);
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(underOldKeys, 1).flags());
        keysA.remove(SLOT_A);
        keysB.remove(SLOT_B);

        final long deadline = System.nanoTime() + SessionKeys.QUARANTINE_NS + TimeUnit.SECONDS.toNanos(10);
        boolean installed = false;
        while (!installed && System.nanoTime() < deadline)
        {
            try
            {
                keysA.install(SLOT_A, SessionKeys.CIPHER_CHACHA20_POLY1305, NODE_B, SLOT_B, key(3), key(4));
                installed = true;
            }
            catch (final IllegalStateException inQuarantine)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        assertTrue(installed, "reinstalled once the quarantine is over");
        keysB.install(SLOT_B, SessionKeys.CIPHER_CHACHA20_POLY1305, NODE_A, SLOT_A, key(4), key(3));

        assertEquals(0L, keysA.sendCounter(SLOT_A), "counters start afresh");
        final byte[] underNewKeys = sealAtA(clear);
        assertEquals(1L, OverlayFrames.counter(underNewKeys));
        assertEquals(SessionKeys.FLAG_OPENED, openAtB(underNewKeys, 1).flags(), "the replay window starts afresh");
        assertRejected(openAtB(underOldKeys, 0), SessionKeys.REJECT_REPLAY);
        final byte[] secondUnderOldKeys = underOldKeys.clone();
        secondUnderOldKeys[OverlayFrames.NONCE_OFFSET] = 2;
        assertRejected(openAtB(secondUnderOldKeys, 0), SessionKeys.REJECT_BAD_TAG);
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReturnEbadfFromTheBatchCallsOnceClosed(final String bridge)
    {
        pair(bridge, SessionKeys.CIPHER_AES_256_GCM);
        keysA.close();
        final OverlayFrames.Batch batch = new OverlayFrames.Batch(4096).clear()
            .seal(SLOT_A, LOOPBACK, 1, frame(TYPE_DATA, NODE_A, NODE_B, payload(64, 1)));

        assertEquals(-Errno.EBADF, keysA.sealBatch(batch.address, batch.length, batch.count));
        assertEquals(-Errno.EBADF, keysA.openBatch(batch.address, batch.capacityOf(), batch.count));
        assertFalse(keysA.isActive(SLOT_A));
        assertThrows(IllegalStateException.class, () -> keysA.remove(SLOT_A));
        keysA.close();
    }

    static boolean containsPattern(final byte[] haystack, final byte[] pattern)
    {
        final int probe = 16;
        outer:
        for (int i = 0; i + probe <= haystack.length; i++)
        {
            for (int j = 0; j < probe; j++)
            {
                if (haystack[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
