package org.ipop.tap;

/**
 * The calls on a native session-key table as one bridge makes them, so {@link NativeSessionKeys} and the
 * endpoints a table is attached to share one implementation over JNI and JNA. Each method returns what its C
 * function in {@code ipop_tap.h} returns: a non-negative result or {@code -errno}. Pointers are addresses of
 * direct memory; no method allocates.
 */
interface SessionKeyCalls
{
    /** {@code ipop_keys_open}: the table's handle, or 0. */
    long keysOpen(int capacity);

    /** {@code ipop_keys_close}. */
    void keysClose(long handle);

    /** {@code ipop_keys_local_node}. */
    int keysLocalNode(long handle, long node);

    /** {@code ipop_keys_install}. */
    int keysInstall(long handle, int slot, int cipher, long peerNode, int peerIndex, long sendKey, long receiveKey);

    /** {@code ipop_keys_remove}. */
    int keysRemove(long handle, int slot);

    /** {@code ipop_keys_is_active}. */
    int keysIsActive(long handle, int slot);

    /** {@code ipop_keys_send_counter}. */
    long keysSendCounter(long handle, int slot);

    /** {@code ipop_seal_batch}. */
    int sealBatch(long handle, long address, int length, int count);

    /** {@code ipop_open_batch}. */
    int openBatch(long handle, long address, int capacity, int count);
}
