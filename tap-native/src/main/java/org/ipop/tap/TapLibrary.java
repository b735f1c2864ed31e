package org.ipop.tap;

/**
 * The setup half of the C API ({@code ipop_tap.h}) as one bridge calls it, so opening and configuring
 * devices is written once ({@link TapSetup}) for both bridges. Every method returns what the C function
 * returns: a non-negative result or {@code -errno}. Hot-path calls are not here: the device classes call
 * their bridge's static natives directly.
 */
interface TapLibrary
{
    /** @return {@code "jni"} or {@code "jna"}. */
    String bridgeName();

    int layoutConstant(int id);

    /** @param actualName receives the kernel's NUL-terminated name; at least IFNAMSIZ bytes. */
    int tapOpen(String name, int flags, byte[] actualName);

    int tapSetMtu(String name, int mtu);

    int tapSetMac(String name, byte[] mac);

    int tapGetMac(String name, byte[] mac);

    /** @param address host order, {@code (a << 24) | ... | d}. */
    int tapSetIpv4(String name, int address, int prefixLength);

    int tapSetUp(String name, boolean up);

    int udpOpen(int address, int port, int receiveBufferSize, int sendBufferSize);

    /** @return {@code (address << 16) | port} with the address in host order, or {@code -errno}. */
    long udpLocalAddress(int fd);

    int udpBufferSize(int fd, boolean receive);

    int close(int fd);
}
