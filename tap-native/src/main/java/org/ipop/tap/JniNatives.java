package org.ipop.tap;

/**
 * The JNI entry points into {@code libipoptap.so} ({@code ipop_jni.c}), registered by its {@code JNI_OnLoad}
 * with {@code RegisterNatives}. Each method forwards to the C function of the same purpose in
 * {@code ipop_tap.h} and returns what it returns: a non-negative result or {@code -errno}.
 * <p>
 * Hot-path methods take only primitives, so a call does not allocate or touch JNI objects. Call
 * {@link NativeLibraryLoader#loadJni()} before the first call.
 */
final class JniNatives
{
    private JniNatives()
    {
    }

    static native int layoutConstant(int id);

    static native int tapOpen(String name, int flags, byte[] actualName);

    static native int tapSetMtu(String name, int mtu);

    static native int tapSetMac(String name, byte[] mac);

    static native int tapGetMac(String name, byte[] mac);

    static native int tapSetIpv4(String name, int address, int prefixLength);

    static native int tapSetUp(String name, boolean up);

    static native int tapReadBatch(int fd, long address, int capacity, int maxFrames, int frameSpace);

    static native int tapWriteBatch(int fd, long address, int length, int frameCount);

    static native int udpOpen(int address, int port, int receiveBufferSize, int sendBufferSize);

    static native long udpLocalAddress(int fd);

    static native int udpBufferSize(int fd, boolean receive);

    static native int udpReceiveBatch(int fd, long address, int capacity, int maxDatagrams, int maxPayload);

    static native int udpSendBatch(int fd, long address, int length, int datagramCount);

    static native long keysOpen(int capacity);

    static native void keysClose(long handle);

    static native int keysCapacity(long handle);

    static native int keysLocalNode(long handle, long node);

    static native int keysInstall(
        long handle, int slot, int cipher, long peerNode, int peerIndex, long sendKey, long receiveKey);

    static native int keysRemove(long handle, int slot);

    static native int keysIsActive(long handle, int slot);

    static native long keysSendCounter(long handle, int slot);

    static native int sealBatch(long handle, long address, int length, int count);

    static native int openBatch(long handle, long address, int capacity, int count);

    static native int udpSendSealedBatch(int fd, long handle, long address, int length, int count);

    static native int udpReceiveOpenBatch(
        int fd, long handle, long address, int capacity, int maxDatagrams, int maxPayload);

    static native int close(int fd);

    static native int waitReadable(int fdA, int fdB, int fdC, long timeoutNs);

    static native int doorbellOpen();

    static native int doorbellRing(int fd);

    static native int doorbellDrain(int fd);
}
