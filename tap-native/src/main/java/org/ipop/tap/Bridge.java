package org.ipop.tap;

/**
 * One way of calling the C library: JNI (the hot-path default) or JNA (same C functions, easier to
 * debug). Both give devices and endpoints with identical behaviour; {@link Bridges#select()} picks one.
 * <p>
 * Setup methods throw {@link NativeException} with the errno name and what to do about it.
 */
public interface Bridge
{
    /** @return {@code "jni"} or {@code "jna"}. */
    String name();

    /** Opens (creating if needed) and configures a TAP device as described; non-blocking. */
    FrameDevice openTap(TapConfig config);

    /** Opens and binds a non-blocking UDP socket as described. */
    DatagramEndpoint openUdp(UdpConfig config);

    /**
     * Opens a table of session keys in native memory, to seal and open overlay frames and to attach to the endpoints
     * of this bridge ({@link DatagramEndpoint#attachKeys}).
     *
     * @param capacity number of slots, 1 to {@link NativeSessionKeys#MAX_CAPACITY}.
     * @throws IllegalArgumentException for a bad capacity.
     * @throws NativeException when the table cannot be allocated or libcrypto offers no cipher.
     */
    SessionKeys openSessionKeys(int capacity);

    /** Opens a doorbell (a non-blocking eventfd) for waking a thread blocked on its descriptors. */
    Doorbell openDoorbell();
}
