package org.ipop.engine.testkit;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.SessionKeys;

import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A reference {@link SessionKeys} on the JDK's ciphers ({@code AES/GCM/NoPadding}, {@code ChaCha20-Poly1305}),
 * implementing the frame and record contract of {@link SessionKeys} exactly: the AEAD flag, the peer's index in the
 * session id field, the counter in the nonce field (little-endian, first counter 1), the additional data (header
 * bytes 0..1 and 4..55), the IV (four zero bytes then the counter, little-endian), the 16-byte tag, the peer check,
 * the destination rule (all zeros or the local node) and the anti-replay window of 8192 bits (WireGuard's bitmap,
 * checked before decrypting, updated only after the tag verified).
 * <p>
 * <b>For tests and fake endpoints only</b>: keys live on the Java heap and every frame allocates (the JDK's ciphers
 * do), so it must never stand in for the native table on a data path that promises zero allocation. An opened
 * record keeps its place in the batch: its length field shrinks by the tag, the next record still starts where it
 * did ({@code recordLength(length + TAG_LENGTH)} from it).
 * <p>
 * Threads as the interface says: one sealing thread, one opening thread, one installing thread; slot state is
 * published through volatile fields.
 */
public final class JdkSessionKeys implements SessionKeys
{
    private static final int HEADER_LENGTH = 56;
    private static final int FLAGS_OFFSET = 1;
    private static final int SESSION_ID_OFFSET = 4;
    private static final int NONCE_OFFSET = 8;
    private static final int SRC_NODE_OFFSET = 16;
    private static final int DST_NODE_OFFSET = 36;
    private static final int FLAG_AEAD = 0x80;
    private static final int AAD_LENGTH = HEADER_LENGTH - 2;
    private static final int IV_LENGTH = 12;
    private static final int WINDOW_WORDS = 8192 / 64;

    private final Slot[] slots;
    private final NanoClock clock;
    private volatile byte[] localNode = new byte[NODE_LENGTH];
    private boolean closed;

    /** @param capacity number of slots. */
    public JdkSessionKeys(final int capacity)
    {
        this(capacity, SystemNanoClock.INSTANCE);
    }

    /**
     * @param capacity number of slots.
     * @param clock    times removals for the quarantine.
     */
    public JdkSessionKeys(final int capacity, final NanoClock clock)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.clock = clock;
        slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new Slot();
        }
    }

    @Override
    public int capacity()
    {
        return slots.length;
    }

    @Override
    public void localNode(final byte[] node)
    {
        if (node.length != NODE_LENGTH)
        {
            throw new IllegalArgumentException("node address must be 20 bytes: " + node.length);
        }
        localNode = node.clone();
    }

    @Override
    public synchronized void install(
        final int slot, final int cipher, final byte[] peerNode, final int peerIndex, final byte[] sendKey, final byte[] receiveKey)
    {
        if (slot < 0 || slot >= slots.length || (CIPHER_AES_256_GCM != cipher && CIPHER_CHACHA20_POLY1305 != cipher) ||
            peerNode.length != NODE_LENGTH || sendKey.length != KEY_LENGTH || receiveKey.length != KEY_LENGTH)
        {
            throw new IllegalArgumentException("bad slot, cipher, node or key length");
        }
        final Slot s = slots[slot];
        if (s.active || (s.removedAtNs != Long.MIN_VALUE && clock.nanoTime() - s.removedAtNs < QUARANTINE_NS))
        {
            throw new IllegalStateException("slot " + slot + " is active or in quarantine");
        }
        final String algorithm = CIPHER_AES_256_GCM == cipher ? "AES" : "ChaCha20";
        s.wipe();
        s.cipher = cipher;
        s.peerNode = peerNode.clone();
        s.peerIndex = peerIndex;
        s.sendKey = new SecretKeySpec(sendKey, algorithm);
        s.receiveKey = new SecretKeySpec(receiveKey, algorithm);
        s.sendCounter = 0;
        s.highest = 0;
        Arrays.fill(s.window, 0L);
        s.removedAtNs = Long.MIN_VALUE;
        s.active = true;
    }

    @Override
    public synchronized void remove(final int slot)
    {
        if (slot >= 0 && slot < slots.length && slots[slot].active)
        {
            slots[slot].active = false;
            slots[slot].removedAtNs = clock.nanoTime();
        }
    }

    @Override
    public boolean isActive(final int slot)
    {
        return slot >= 0 && slot < slots.length && slots[slot].active;
    }

    @Override
    public long sendCounter(final int slot)
    {
        return slot >= 0 && slot < slots.length ? slots[slot].sendCounter : 0;
    }

    @Override
    public int sealBatch(final long address, final int length, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(address, length);
        int rejected = 0;
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            final int datagramLength = buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            final int flags = buffer.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & 0xFFFF;
            if (0 != (flags & FLAG_SEAL))
            {
                final int reason = seal(buffer, offset, datagramLength);
                if (0 != reason)
                {
                    buffer.putShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)(flags | FLAG_REJECTED));
                    buffer.putInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET, reason);
                    rejected++;
                }
            }
            offset += DatagramBatchDescriptor.recordLength(datagramLength);
        }
        return rejected;
    }

    private int seal(final UnsafeBuffer buffer, final int recordOffset, final int datagramLength)
    {
        final int slot = buffer.getInt(recordOffset + DatagramBatchDescriptor.RESERVED_OFFSET);
        if (slot < 0 || slot >= slots.length || !slots[slot].active)
        {
            return REJECT_NO_SESSION;
        }
        if (datagramLength < HEADER_LENGTH + TAG_LENGTH)
        {
            return REJECT_MALFORMED;
        }
        final Slot s = slots[slot];
        if (s.sendCounter >= REJECT_AFTER_MESSAGES)
        {
            return REJECT_EXHAUSTED;
        }
        final long counter = ++s.sendCounter;
        final int frame = recordOffset + DatagramBatchDescriptor.HEADER_LENGTH;
        buffer.putByte(frame + FLAGS_OFFSET, (byte)(buffer.getByte(frame + FLAGS_OFFSET) | FLAG_AEAD));
        buffer.putInt(frame + SESSION_ID_OFFSET, s.peerIndex, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(frame + NONCE_OFFSET, counter, ByteOrder.LITTLE_ENDIAN);

        final byte[] bytes = new byte[datagramLength];
        buffer.getBytes(frame, bytes);
        final int plainLength = datagramLength - HEADER_LENGTH - TAG_LENGTH;
        try
        {
            final Cipher cipher = cipher(s.cipher, Cipher.ENCRYPT_MODE, s.sendKey, counter);
            cipher.updateAAD(aad(bytes));
            final byte[] sealed = cipher.doFinal(bytes, HEADER_LENGTH, plainLength);
            buffer.putBytes(frame + HEADER_LENGTH, sealed);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        return 0;
    }

    @Override
    public int openBatch(final long address, final int capacity, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(address, capacity);
        int opened = 0;
        int readOffset = 0;
        int writeOffset = 0;
        for (int i = 0; i < count; i++)
        {
            final int datagramLength = buffer.getInt(readOffset + DatagramBatchDescriptor.LENGTH_OFFSET);
            final int frame = readOffset + DatagramBatchDescriptor.HEADER_LENGTH;
            final int nextRead = readOffset + DatagramBatchDescriptor.recordLength(datagramLength);
            if (datagramLength > FLAGS_OFFSET && 0 != (buffer.getByte(frame + FLAGS_OFFSET) & FLAG_AEAD))
            {
                final int result = open(buffer, readOffset, frame, datagramLength);
                if (result > 0)
                {
                    final int flags = buffer.getShort(readOffset + DatagramBatchDescriptor.FLAGS_OFFSET) & 0xFFFF;
                    buffer.putShort(readOffset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)(flags | FLAG_REJECTED));
                    buffer.putInt(readOffset + DatagramBatchDescriptor.RESERVED_OFFSET, result);
                }
                else if (0 == result)
                {
                    opened++;
                }
            }
            // as the C library does: an opened record is shorter, so the records after it move up (the batch stays packed)
            final int length = buffer.getInt(readOffset + DatagramBatchDescriptor.LENGTH_OFFSET);
            final int recordLength = DatagramBatchDescriptor.recordLength(length);
            if (writeOffset != readOffset)
            {
                buffer.putBytes(writeOffset, buffer, readOffset, DatagramBatchDescriptor.HEADER_LENGTH + length);
            }
            buffer.setMemory(writeOffset + DatagramBatchDescriptor.HEADER_LENGTH + length,
                recordLength - DatagramBatchDescriptor.HEADER_LENGTH - length, (byte)0);
            writeOffset += recordLength;
            readOffset = nextRead;
        }
        return opened;
    }

    /** @return 0 when opened, -1 when left alone (another node's frame), else a reject reason. */
    private int open(final UnsafeBuffer buffer, final int recordOffset, final int frame, final int datagramLength)
    {
        if (datagramLength < HEADER_LENGTH + TAG_LENGTH)
        {
            return REJECT_MALFORMED;
        }
        final byte[] bytes = new byte[datagramLength];
        buffer.getBytes(frame, bytes);
        if (!isZero(bytes, DST_NODE_OFFSET) && !Arrays.equals(bytes, DST_NODE_OFFSET, DST_NODE_OFFSET + NODE_LENGTH,
            localNode, 0, NODE_LENGTH))
        {
            return -1;
        }
        final int slot = buffer.getInt(frame + SESSION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (slot < 0 || slot >= slots.length || !slots[slot].active)
        {
            return REJECT_NO_SESSION;
        }
        final Slot s = slots[slot];
        if (!Arrays.equals(bytes, SRC_NODE_OFFSET, SRC_NODE_OFFSET + NODE_LENGTH, s.peerNode, 0, NODE_LENGTH))
        {
            return REJECT_WRONG_PEER;
        }
        final long counter = buffer.getLong(frame + NONCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (!s.mayAccept(counter))
        {
            return REJECT_REPLAY;
        }
        final byte[] plain;
        try
        {
            final Cipher cipher = cipher(s.cipher, Cipher.DECRYPT_MODE, s.receiveKey, counter);
            cipher.updateAAD(aad(bytes));
            plain = cipher.doFinal(bytes, HEADER_LENGTH, datagramLength - HEADER_LENGTH);
        }
        catch (final AEADBadTagException ex)
        {
            return REJECT_BAD_TAG;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        s.accept(counter);
        buffer.putBytes(frame + HEADER_LENGTH, plain);
        buffer.putInt(recordOffset + DatagramBatchDescriptor.LENGTH_OFFSET, datagramLength - TAG_LENGTH);
        final int flags = buffer.getShort(recordOffset + DatagramBatchDescriptor.FLAGS_OFFSET) & 0xFFFF;
        buffer.putShort(recordOffset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)(flags | FLAG_OPENED));
        buffer.putInt(recordOffset + DatagramBatchDescriptor.RESERVED_OFFSET, slot);
        return 0;
    }

    private static Cipher cipher(final int kind, final int mode, final SecretKeySpec key, final long counter)
        throws GeneralSecurityException
    {
        final byte[] iv = new byte[IV_LENGTH];
        for (int i = 0; i < 8; i++)
        {
            iv[4 + i] = (byte)(counter >>> (8 * i));
        }
        final Cipher cipher;
        if (CIPHER_AES_256_GCM == kind)
        {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
        }
        else
        {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(mode, key, new IvParameterSpec(iv));
        }
        return cipher;
    }

    /** @return header bytes 0..1 and 4..55: everything but TTL and hop count, which relays change. */
    private static byte[] aad(final byte[] frame)
    {
        final byte[] aad = new byte[AAD_LENGTH];
        aad[0] = frame[0];
        aad[1] = frame[1];
        System.arraycopy(frame, 4, aad, 2, HEADER_LENGTH - 4);
        return aad;
    }

    private static boolean isZero(final byte[] bytes, final int offset)
    {
        for (int i = offset; i < offset + NODE_LENGTH; i++)
        {
            if (0 != bytes[i])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            for (final Slot slot : slots)
            {
                slot.active = false;
                slot.wipe();
            }
        }
    }

    /** @return true once {@link #close()} ran. */
    public synchronized boolean isClosed()
    {
        return closed;
    }

    private static final class Slot
    {
        volatile boolean active;
        long removedAtNs = Long.MIN_VALUE;
        int cipher;
        byte[] peerNode = new byte[NODE_LENGTH];
        int peerIndex;
        SecretKeySpec sendKey;
        SecretKeySpec receiveKey;
        long sendCounter;
        long highest;
        final long[] window = new long[WINDOW_WORDS];

        boolean mayAccept(final long counter)
        {
            if (counter <= 0 || counter >= REJECT_AFTER_MESSAGES)
            {
                return false;
            }
            if (counter > highest)
            {
                return true;
            }
            if (highest - counter > REPLAY_WINDOW)   // WireGuard: up to REPLAY_WINDOW behind the highest is in
            {
                return false;
            }
            return 0 == (window[(int)((counter >>> 6) & (WINDOW_WORDS - 1))] & (1L << (counter & 63)));
        }

        void accept(final long counter)
        {
            final long index = counter >>> 6;
            if (counter > highest)
            {
                final long current = highest >>> 6;
                final long clear = Math.min(index - current, WINDOW_WORDS);
                for (long i = 1; i <= clear; i++)
                {
                    window[(int)((current + i) & (WINDOW_WORDS - 1))] = 0;
                }
                highest = counter;
            }
            window[(int)(index & (WINDOW_WORDS - 1))] |= 1L << (counter & 63);
        }

        void wipe()
        {
            // SecretKeySpec copies the key and cannot be wiped in place on JDK 17; dropping it is the best a
            // heap table can do (one more reason this class is for tests only)
            sendKey = null;
            receiveKey = null;
            Arrays.fill(peerNode, (byte)0);
        }
    }
}
