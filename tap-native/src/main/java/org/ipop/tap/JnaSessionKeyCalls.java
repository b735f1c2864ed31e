package org.ipop.tap;

/** {@link SessionKeyCalls} through the JNA bridge. */
enum JnaSessionKeyCalls implements SessionKeyCalls
{
    INSTANCE;

    @Override
    public long keysOpen(final int capacity)
    {
        return JnaNatives.ipop_keys_open(capacity);
    }

    @Override
    public void keysClose(final long handle)
    {
        JnaNatives.ipop_keys_close(handle);
    }

    @Override
    public int keysLocalNode(final long handle, final long node)
    {
        return JnaNatives.ipop_keys_local_node(handle, node);
    }

    @Override
    public int keysInstall(
        final long handle, final int slot, final int cipher, final long peerNode, final int peerIndex, final long sendKey,
        final long receiveKey)
    {
        return JnaNatives.ipop_keys_install(handle, slot, cipher, peerNode, peerIndex, sendKey, receiveKey);
    }

    @Override
    public int keysRemove(final long handle, final int slot)
    {
        return JnaNatives.ipop_keys_remove(handle, slot);
    }

    @Override
    public int keysIsActive(final long handle, final int slot)
    {
        return JnaNatives.ipop_keys_is_active(handle, slot);
    }

    @Override
    public long keysSendCounter(final long handle, final int slot)
    {
        return JnaNatives.ipop_keys_send_counter(handle, slot);
    }

    @Override
    public int sealBatch(final long handle, final long address, final int length, final int count)
    {
        return JnaNatives.ipop_seal_batch(handle, address, length, count);
    }

    @Override
    public int openBatch(final long handle, final long address, final int capacity, final int count)
    {
        return JnaNatives.ipop_open_batch(handle, address, capacity, count);
    }
}
