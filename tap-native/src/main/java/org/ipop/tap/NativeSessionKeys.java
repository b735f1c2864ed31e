package org.ipop.tap;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * The {@link SessionKeys} table of the C library ({@code ipop_crypto.c}), shared by the JNI and JNA bridges,
 * which differ only in their {@link SessionKeyCalls}. Obtained from {@link Bridge#openSessionKeys(int)}.
 * <p>
 * Keys live in native memory only: {@link #install} copies them into one direct scratch buffer, passes its
 * address to C (which keys its cipher contexts with them) and wipes the scratch buffer before returning.
 * {@link #localNode}, {@link #install} and {@link #remove} are setup calls of one control thread (serialised
 * here, as they share the scratch buffer) and throw on failure; {@link #sealBatch} and {@link #openBatch} are
 * hot-path calls that do not allocate and return {@code -errno} ({@code -EBADF} once closed) instead of throwing.
 */
public final class NativeSessionKeys implements SessionKeys
{
    /**
     * Most slots a table may have (the C library's {@code IPOP_KEYS_MAX_CAPACITY}); each slot takes about 1.2 KB of
     * native memory, most of it the 8192-bit anti-replay window.
     */
    public static final int MAX_CAPACITY = 65536;

    private static final AtomicLongFieldUpdater<NativeSessionKeys> HANDLE_UPDATER =
        AtomicLongFieldUpdater.newUpdater(NativeSessionKeys.class, "handle");

    private static final int PEER_OFFSET = 0;
    private static final int SEND_KEY_OFFSET = 32;
    private static final int RECEIVE_KEY_OFFSET = SEND_KEY_OFFSET + KEY_LENGTH;
    private static final int SCRATCH_LENGTH = RECEIVE_KEY_OFFSET + KEY_LENGTH;

    private final SessionKeyCalls calls;
    private final String bridge;
    private final int capacity;
    private final ByteBuffer scratch = DirectBuffers.allocateAligned(SCRATCH_LENGTH, 8);
    private final long scratchAddress = DirectBuffers.address(scratch);

    /** The C table's address, or 0 once closed; read on every hot-path call. */
    volatile long handle;

    /**
     * @throws IllegalArgumentException when capacity is outside {@code [1, MAX_CAPACITY]}.
     * @throws NativeException when the table cannot be allocated or libcrypto offers neither cipher.
     */
    NativeSessionKeys(final SessionKeyCalls calls, final String bridge, final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "], got: " + capacity);
        }
        this.calls = calls;
        this.bridge = bridge;
        this.capacity = capacity;
        this.handle = calls.keysOpen(capacity);
        if (handle == 0)
        {
            throw new NativeException("open session-key table of " + capacity + " slots failed: out of native " +
                "memory, or libcrypto offers neither AES-256-GCM nor ChaCha20-Poly1305", Errno.ENOMEM);
        }
    }

    /** @return the C table's address for the endpoints' sealed calls, or 0 once closed. */
    long handle()
    {
        return handle;
    }

    @Override
    public int capacity()
    {
        return capacity;
    }

    @Override
    public synchronized void localNode(final byte[] node)
    {
        checkLength("node", node, NODE_LENGTH);
        scratch.put(PEER_OFFSET, node, 0, NODE_LENGTH);
        final int result = calls.keysLocalNode(handle, scratchAddress + PEER_OFFSET);
        if (result < 0)
        {
            throw failure("set local node", -1, result);
        }
    }

    @Override
    public synchronized void install(
        final int slot, final int cipher, final byte[] peerNode, final int peerIndex, final byte[] sendKey,
        final byte[] receiveKey)
    {
        checkSlot(slot);
        if (cipher != CIPHER_AES_256_GCM && cipher != CIPHER_CHACHA20_POLY1305)
        {
            throw new IllegalArgumentException("unknown cipher: " + cipher);
        }
        checkLength("peer node", peerNode, NODE_LENGTH);
        checkLength("send key", sendKey, KEY_LENGTH);
        checkLength("receive key", receiveKey, KEY_LENGTH);
        final int result;
        try
        {
            scratch.put(PEER_OFFSET, peerNode, 0, NODE_LENGTH);
            scratch.put(SEND_KEY_OFFSET, sendKey, 0, KEY_LENGTH);
            scratch.put(RECEIVE_KEY_OFFSET, receiveKey, 0, KEY_LENGTH);
            result = calls.keysInstall(handle, slot, cipher, scratchAddress + PEER_OFFSET, peerIndex,
                scratchAddress + SEND_KEY_OFFSET, scratchAddress + RECEIVE_KEY_OFFSET);
        }
        finally
        {
            for (int i = 0; i < SCRATCH_LENGTH; i++)
            {
                scratch.put(i, (byte)0);
            }
        }
        if (result < 0)
        {
            throw failure("install", slot, result);
        }
    }

    @Override
    public synchronized void remove(final int slot)
    {
        checkSlot(slot);
        final int result = calls.keysRemove(handle, slot);
        if (result < 0)
        {
            throw failure("remove", slot, result);
        }
    }

    /** @return true when the slot holds an active session; false also once the table is closed. */
    @Override
    public boolean isActive(final int slot)
    {
        checkSlot(slot);
        return calls.keysIsActive(handle, slot) > 0;
    }

    /** @return the last counter sealed with the slot; 0 before the first and once the table is closed. */
    @Override
    public long sendCounter(final int slot)
    {
        checkSlot(slot);
        return Math.max(0L, calls.keysSendCounter(handle, slot));
    }

    /**
     * A sealed record's flags lose {@link #FLAG_SEAL} and its reserved field becomes 0, so it is sent as a plain
     * record and never sealed twice.
     *
     * @return records rejected; {@code -EBADF} once closed; {@code -EINVAL} for a negative length or count.
     */
    @Override
    public int sealBatch(final long address, final int length, final int count)
    {
        return calls.sealBatch(handle, address, length, count);
    }

    /**
     * Opened records are shorter by the tag, so the records after one move up to keep the batch packed
     * ({@link DatagramBatchDescriptor#recordLength}): walk the batch again after opening it.
     *
     * @return records opened; {@code -EBADF} once closed; {@code -EINVAL} for a negative capacity or count.
     */
    @Override
    public int openBatch(final long address, final int capacity, final int count)
    {
        return calls.openBatch(handle, address, capacity, count);
    }

    /** Wipes every key and frees the table; idempotent. Only after the threads sealing and opening stopped. */
    @Override
    public void close()
    {
        final long old = HANDLE_UPDATER.getAndSet(this, 0L);
        if (old != 0)
        {
            calls.keysClose(old);
        }
    }

    @Override
    public String toString()
    {
        return "NativeSessionKeys{" + bridge + ", capacity=" + capacity + (handle == 0 ? ", closed" : "") + "}";
    }

    private void checkSlot(final int slot)
    {
        if (slot < 0 || slot >= capacity)
        {
            throw new IllegalArgumentException("slot must be in [0, " + capacity + "), got: " + slot);
        }
    }

    private static void checkLength(final String what, final byte[] bytes, final int length)
    {
        if (bytes == null || bytes.length != length)
        {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got: " +
                (bytes == null ? "null" : bytes.length));
        }
    }

    private static RuntimeException failure(final String operation, final int slot, final int result)
    {
        final String what = operation + (slot >= 0 ? " slot " + slot : "");
        switch (-result)
        {
            case Errno.EBUSY:
                return new IllegalStateException(what + ": the slot is active, or was removed less than " +
                    QUARANTINE_NS / 1_000_000_000L + " s ago (a batch in flight may still use its keys)");
            case Errno.EBADF:
                return new IllegalStateException(what + ": the session-key table is closed");
            case Errno.EINVAL:
                return new IllegalArgumentException(what + ": bad slot, cipher or key");
            case Errno.EOPNOTSUPP:
                return new NativeException(what + ": libcrypto does not offer this cipher (FIPS mode?)", -result);
            default:
                return new NativeException(what + " failed: " + Errno.name(-result), -result);
        }
    }
}
