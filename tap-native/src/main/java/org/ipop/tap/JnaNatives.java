package org.ipop.tap;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of the exported C API in {@code ipop_tap.h}: each method has the C function's name
 * and returns what it returns, a non-negative result or {@code -errno}. Pointers to direct memory are
 * passed as {@code long} addresses, so hot-path calls take primitives only and do not allocate.
 * <p>
 * {@link #register()} binds the methods to the library {@link NativeLibraryLoader} located; it must run
 * before the first call.
 */
final class JnaNatives
{
    private static boolean registered;

    private JnaNatives()
    {
    }

    /**
     * Binds the native methods of this class to the functions of {@code libipoptap.so}; later calls do
     * nothing.
     *
     * @throws NativeException when the library cannot be found or lacks one of the functions.
     */
    static synchronized void register()
    {
        if (registered)
        {
            return;
        }
        final String path = NativeLibraryLoader.libraryPath().toString();
        try
        {
            Native.register(JnaNatives.class, NativeLibrary.getInstance(path));
        }
        catch (final UnsatisfiedLinkError ex)
        {
            throw NativeLibraryLoader.loadFailure(NativeLibraryLoader.libraryPath(), ex);
        }
        registered = true;
    }

    static native int ipop_layout_constant(int id);

    static native int ipop_tap_open(String name, int flags, byte[] actualName);

    static native int ipop_tap_set_mtu(String name, int mtu);

    static native int ipop_tap_set_mac(String name, byte[] mac);

    static native int ipop_tap_get_mac(String name, byte[] mac);

    static native int ipop_tap_set_ipv4(String name, int address, int prefixLength);

    static native int ipop_tap_set_up(String name, int up);

    static native int ipop_tap_read_batch(int fd, long buffer, int capacity, int maxFrames, int frameSpace);

    static native int ipop_tap_write_batch(int fd, long buffer, int length, int frameCount);

    static native int ipop_udp_open(int address, int port, int receiveBufferSize, int sendBufferSize);

    static native long ipop_udp_local_address(int fd);

    static native int ipop_udp_buffer_size(int fd, int receive);

    static native int ipop_udp_receive_batch(int fd, long buffer, int capacity, int maxDatagrams, int maxPayload);

    static native int ipop_udp_send_batch(int fd, long buffer, int length, int datagramCount);

    static native long ipop_keys_open(int capacity);

    static native void ipop_keys_close(long handle);

    static native int ipop_keys_capacity(long handle);

    static native int ipop_keys_local_node(long handle, long node);

    static native int ipop_keys_install(
        long handle, int slot, int cipher, long peerNode, int peerIndex, long sendKey, long receiveKey);

    static native int ipop_keys_remove(long handle, int slot);

    static native int ipop_keys_is_active(long handle, int slot);

    static native long ipop_keys_send_counter(long handle, int slot);

    static native int ipop_seal_batch(long handle, long buffer, int length, int count);

    static native int ipop_open_batch(long handle, long buffer, int capacity, int count);

    static native int ipop_udp_send_sealed_batch(int fd, long handle, long buffer, int length, int count);

    static native int ipop_udp_receive_open_batch(
        int fd, long handle, long buffer, int capacity, int maxDatagrams, int maxPayload);

    static native int ipop_close(int fd);

    static native int ipop_wait_readable(int fdA, int fdB, int fdC, long timeoutNs);

    static native int ipop_doorbell_open();

    static native int ipop_doorbell_ring(int fd);

    static native int ipop_doorbell_drain(int fd);
}
