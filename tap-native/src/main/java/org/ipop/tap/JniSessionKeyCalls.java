package org.ipop.tap;

/** {@link SessionKeyCalls} through the JNI bridge. */
enum JniSessionKeyCalls implements SessionKeyCalls
{
    INSTANCE;

    @Override
    public long keysOpen(final int capacity)
    {
        return JniNatives.keysOpen(capacity);
    }

    @Override
    public void keysClose(final long handle)
    {
        JniNatives.keysClose(handle);
    }

    @Override
    public int keysLocalNode(final long handle, final long node)
    {
        return JniNatives.keysLocalNode(handle, node);
    }

    @Override
    public int keysInstall(
        final long handle, final int slot, final int cipher, final long peerNode, final int peerIndex, final long sendKey,
        final long receiveKey)
    {
        return JniNatives.keysInstall(handle, slot, cipher, peerNode, peerIndex, sendKey, receiveKey);
    }

    @Override
    public int keysRemove(final long handle, final int slot)
    {
        return JniNatives.keysRemove(handle, slot);
    }

    @Override
    public int keysIsActive(final long handle, final int slot)
    {
        return JniNatives.keysIsActive(handle, slot);
    }

    @Override
    public long keysSendCounter(final long handle, final int slot)
    {
        return JniNatives.keysSendCounter(handle, slot);
    }

    @Override
    public int sealBatch(final long handle, final long address, final int length, final int count)
    {
        return JniNatives.sealBatch(handle, address, length, count);
    }

    @Override
    public int openBatch(final long handle, final long address, final int capacity, final int count)
    {
        return JniNatives.openBatch(handle, address, capacity, count);
    }
}
