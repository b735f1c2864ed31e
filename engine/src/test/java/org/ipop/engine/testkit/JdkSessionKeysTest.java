package org.ipop.engine.testkit;

import org.agrona.BufferUtil;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.SessionKeys;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.*;

/** {@link JdkSessionKeys} against the {@link SessionKeys} contract, computed independently where it fixes bytes. */
class JdkSessionKeysTest
{
    static final int HEADER = 56;
    static final byte[] LOCAL = node(1);
    static final byte[] PEER = node(50);
    static final byte[] SEND_KEY = filled(32, 3);
    static final byte[] RECEIVE_KEY = filled(32, 4);

    final CachedNanoClock clock = new CachedNanoClock();

    static byte[] node(final int seed)
    {
        final byte[] node = new byte[20];
        for (int i = 0; i < node.length; i++)
        {
            node[i] = (byte)(seed + i);
        }
        return node;
    }

    static byte[] filled(final int length, final int value)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }

    /** A clear frame: version 1 type DATA, TTL 9, hop count 2, the given source and destination, a payload. */
    static byte[] frame(final byte[] src, final byte[] dst, final int payloadLength)
    {
        final byte[] frame = new byte[HEADER + payloadLength];
        frame[0] = 0x11;
        frame[2] = 9;
        frame[3] = 2;
        System.arraycopy(src, 0, frame, 16, 20);
        System.arraycopy(dst, 0, frame, 36, 20);
        for (int i = HEADER; i < frame.length; i++)
        {
            frame[i] = (byte)i;
        }
        return frame;
    }

    /** A batch of one record holding {@code bytes} plus {@code extra} bytes, with flags and reserved. */
    static UnsafeBuffer record(final byte[] bytes, final int extra, final int flags, final int reserved)
    {
        final int length = bytes.length + extra;
        final UnsafeBuffer batch = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            DatagramBatchDescriptor.recordLength(length), 64));
        batch.putInt(DatagramBatchDescriptor.LENGTH_OFFSET, length);
        batch.putShort(DatagramBatchDescriptor.FLAGS_OFFSET, (short)flags);
        batch.putInt(DatagramBatchDescriptor.RESERVED_OFFSET, reserved);
        batch.putBytes(DatagramBatchDescriptor.HEADER_LENGTH, bytes);
        return batch;
    }

    static byte[] payloadOf(final UnsafeBuffer batch)
    {
        final byte[] bytes = new byte[batch.getInt(DatagramBatchDescriptor.LENGTH_OFFSET)];
        batch.getBytes(DatagramBatchDescriptor.HEADER_LENGTH, bytes);
        return bytes;
    }

    JdkSessionKeys sender(final int cipher)
    {
        final JdkSessionKeys keys = new JdkSessionKeys(8, clock);
        keys.localNode(LOCAL);
        keys.install(3, cipher, PEER, 6, SEND_KEY, RECEIVE_KEY);
        return keys;
    }

    /** The peer's table: its slot 6 holds the other direction of the same session. */
    JdkSessionKeys receiver(final int cipher)
    {
        final JdkSessionKeys keys = new JdkSessionKeys(8, clock);
        keys.localNode(PEER);
        keys.install(6, cipher, LOCAL, 3, RECEIVE_KEY, SEND_KEY);
        return keys;
    }

    byte[] seal(final JdkSessionKeys keys, final byte[] frame)
    {
        final UnsafeBuffer batch = record(frame, SessionKeys.TAG_LENGTH, SessionKeys.FLAG_SEAL, 3);
        assertEquals(0, keys.sealBatch(batch.addressOffset(), batch.capacity(), 1));
        return payloadOf(batch);
    }

    /** @return the record after opening: flags, reserved, then the bytes. */
    static int[] open(final JdkSessionKeys keys, final byte[] wire, final byte[][] out)
    {
        final UnsafeBuffer batch = record(wire, 0, 0, 0);
        keys.openBatch(batch.addressOffset(), batch.capacity(), 1);
        out[0] = payloadOf(batch);
        return new int[] {
            batch.getShort(DatagramBatchDescriptor.FLAGS_OFFSET), batch.getInt(DatagramBatchDescriptor.RESERVED_OFFSET)};
    }

    @Test
    void shouldSealWithTheDocumentedHeaderAadAndIvForBothCiphers() throws Exception
    {
        for (final int cipher : new int[] {SessionKeys.CIPHER_AES_256_GCM, SessionKeys.CIPHER_CHACHA20_POLY1305})
        {
            final JdkSessionKeys keys = sender(cipher);
            final byte[] clear = frame(LOCAL, PEER, 64);
            seal(keys, clear);
            final byte[] wire = seal(keys, clear);   // the second frame: counter 2
            final ByteBuffer header = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x80, wire[1] & 0xFF);
            assertEquals(6, header.getInt(4), "the peer's index");
            assertEquals(2, header.getLong(8), "the counter");
            assertEquals(2, keys.sendCounter(3));

            final byte[] iv = new byte[12];
            iv[4] = 2;
            final byte[] aad = new byte[54];
            aad[0] = wire[0];
            aad[1] = wire[1];
            System.arraycopy(wire, 4, aad, 2, 52);
            final Cipher jdk;
            if (SessionKeys.CIPHER_AES_256_GCM == cipher)
            {
                jdk = Cipher.getInstance("AES/GCM/NoPadding");
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SEND_KEY, "AES"), new GCMParameterSpec(128, iv));
            }
            else
            {
                jdk = Cipher.getInstance("ChaCha20-Poly1305");
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SEND_KEY, "ChaCha20"), new IvParameterSpec(iv));
            }
            jdk.updateAAD(aad);
            final byte[] expected = jdk.doFinal(clear, HEADER, 64);
            assertArrayEquals(expected, Arrays.copyOfRange(wire, HEADER, wire.length));
        }
    }

    @Test
    void shouldOpenInPlaceShrinkTheLengthAndNameTheSlotWhateverTheTtl()
    {
        final JdkSessionKeys a = sender(SessionKeys.CIPHER_AES_256_GCM);
        final JdkSessionKeys b = receiver(SessionKeys.CIPHER_AES_256_GCM);
        final byte[] clear = frame(LOCAL, PEER, 100);
        final byte[] wire = seal(a, clear);
        wire[2] = 1;   // a relay changed TTL and hop count
        wire[3] = 7;
        final byte[][] out = new byte[1][];
        final int[] record = open(b, wire, out);
        assertEquals(SessionKeys.FLAG_OPENED, record[0]);
        assertEquals(6, record[1]);
        assertEquals(clear.length, out[0].length);
        assertArrayEquals(Arrays.copyOfRange(clear, HEADER, clear.length), Arrays.copyOfRange(out[0], HEADER, out[0].length));
    }

    @Test
    void shouldRejectByReasonAndLeaveOtherNodesFramesAlone()
    {
        final JdkSessionKeys a = sender(SessionKeys.CIPHER_CHACHA20_POLY1305);
        final JdkSessionKeys b = receiver(SessionKeys.CIPHER_CHACHA20_POLY1305);
        final byte[][] out = new byte[1][];

        final byte[] tampered = seal(a, frame(LOCAL, PEER, 40));
        tampered[HEADER + 1] ^= 1;
        assertArrayEquals(new int[] {SessionKeys.FLAG_REJECTED, SessionKeys.REJECT_BAD_TAG}, open(b, tampered, out));

        final byte[] wire = seal(a, frame(LOCAL, PEER, 40));
        assertEquals(SessionKeys.FLAG_OPENED, open(b, wire, out)[0]);
        assertArrayEquals(new int[] {SessionKeys.FLAG_REJECTED, SessionKeys.REJECT_REPLAY}, open(b, wire, out));

        final byte[] otherSource = seal(a, frame(node(90), PEER, 40));
        assertArrayEquals(new int[] {SessionKeys.FLAG_REJECTED, SessionKeys.REJECT_WRONG_PEER}, open(b, otherSource, out));

        final byte[] forAnother = seal(a, frame(LOCAL, node(120), 40));
        assertArrayEquals(new int[] {0, 0}, open(b, forAnother, out), "left alone: sealed for another node");
        final byte[] hopByHop = seal(a, frame(LOCAL, new byte[20], 40));
        assertEquals(SessionKeys.FLAG_OPENED, open(b, hopByHop, out)[0], "destination all zeros");

        assertArrayEquals(new int[] {SessionKeys.FLAG_REJECTED, SessionKeys.REJECT_MALFORMED},
            open(b, Arrays.copyOf(wire, HEADER + 10), out));

        b.remove(6);
        assertArrayEquals(new int[] {SessionKeys.FLAG_REJECTED, SessionKeys.REJECT_NO_SESSION},
            open(b, seal(a, frame(LOCAL, PEER, 40)), out));

        final UnsafeBuffer unknownSlot = record(frame(LOCAL, PEER, 40), SessionKeys.TAG_LENGTH, SessionKeys.FLAG_SEAL, 5);
        assertEquals(1, a.sealBatch(unknownSlot.addressOffset(), unknownSlot.capacity(), 1));
        assertEquals(SessionKeys.FLAG_SEAL | SessionKeys.FLAG_REJECTED, unknownSlot.getShort(DatagramBatchDescriptor.FLAGS_OFFSET));
        assertEquals(SessionKeys.REJECT_NO_SESSION, unknownSlot.getInt(DatagramBatchDescriptor.RESERVED_OFFSET));
    }

    @Test
    void shouldAcceptOutOfOrderCountersInsideTheWindowAndRejectThemBehindIt()
    {
        final JdkSessionKeys a = sender(SessionKeys.CIPHER_AES_256_GCM);
        final JdkSessionKeys b = receiver(SessionKeys.CIPHER_AES_256_GCM);
        final byte[][] out = new byte[1][];
        final byte[] first = seal(a, frame(LOCAL, PEER, 8));
        final byte[] second = seal(a, frame(LOCAL, PEER, 8));
        byte[] last = null;
        for (int i = 0; i < SessionKeys.REPLAY_WINDOW; i++)
        {
            last = seal(a, frame(LOCAL, PEER, 8));
        }
        assertEquals(SessionKeys.FLAG_OPENED, open(b, last, out)[0]);   // counter REPLAY_WINDOW + 2
        assertEquals(SessionKeys.FLAG_OPENED, open(b, second, out)[0], "counter 2: REPLAY_WINDOW behind, inside");
        assertEquals(SessionKeys.REJECT_REPLAY, open(b, first, out)[1], "counter 1: behind the window");
        assertEquals(SessionKeys.REJECT_REPLAY, open(b, second, out)[1], "seen");
    }

    @Test
    void shouldRefuseToReinstallASlotDuringQuarantine()
    {
        clock.update(1_000_000_000L);
        final JdkSessionKeys a = sender(SessionKeys.CIPHER_AES_256_GCM);
        assertThrows(IllegalStateException.class,
            () -> a.install(3, SessionKeys.CIPHER_AES_256_GCM, PEER, 6, SEND_KEY, RECEIVE_KEY), "active");
        a.remove(3);
        assertFalse(a.isActive(3));
        clock.advance(SessionKeys.QUARANTINE_NS - 1);
        assertThrows(IllegalStateException.class,
            () -> a.install(3, SessionKeys.CIPHER_AES_256_GCM, PEER, 6, SEND_KEY, RECEIVE_KEY), "in quarantine");
        clock.advance(1);
        a.install(3, SessionKeys.CIPHER_AES_256_GCM, PEER, 6, SEND_KEY, RECEIVE_KEY);
        assertTrue(a.isActive(3));
        assertEquals(0, a.sendCounter(3));
        assertThrows(IllegalArgumentException.class,
            () -> a.install(8, SessionKeys.CIPHER_AES_256_GCM, PEER, 6, SEND_KEY, RECEIVE_KEY));
        assertThrows(IllegalArgumentException.class, () -> a.install(4, 9, PEER, 6, SEND_KEY, RECEIVE_KEY));
    }
}
