package org.ipop.tap;

import java.nio.charset.StandardCharsets;

/**
 * Opens and configures TAP devices and UDP sockets through a {@link TapLibrary}, the same way for both
 * bridges: validate the config before any system call, open, configure, and close the descriptor again
 * if a later step fails, so a failed open leaks nothing.
 */
final class TapSetup
{
    /** {@code IPOP_TAP_VNET_HDR} in {@code ipop_tap.h}. */
    static final int TAP_FLAG_VNET_HDR = 1;
    /** {@code IPOP_TAP_MULTI_QUEUE} in {@code ipop_tap.h}. */
    static final int TAP_FLAG_MULTI_QUEUE = 2;

    private static final int IFNAMSIZ = TapConfig.MAX_NAME_LENGTH + 1;

    /** An opened, configured TAP: its descriptor, the kernel's name for it and its MAC address. */
    record OpenedTap(int fd, String name, byte[] mac)
    {
    }

    /** A bound UDP socket: its descriptor and local address (host order) and port. */
    record OpenedUdp(int fd, int localAddress, int localPort)
    {
    }

    private TapSetup()
    {
    }

    /**
     * @return the opened device; the caller owns {@code fd} and must close it.
     * @throws IllegalArgumentException when the config is invalid (before any system call).
     * @throws NativeException          when a system call fails; nothing is left open.
     */
    static OpenedTap openTap(final TapLibrary library, final TapConfig config)
    {
        config.conclude();
        final String requestedName = config.name();
        final int flags = (config.vnetHeader() ? TAP_FLAG_VNET_HDR : 0) |
            (config.multiQueue() ? TAP_FLAG_MULTI_QUEUE : 0);
        final byte[] actualName = new byte[IFNAMSIZ];
        final int fd = library.tapOpen(requestedName, flags, actualName);
        if (fd < 0)
        {
            throw NativeErrors.tapOpen(requestedName, fd);
        }

        final String name = cString(actualName);
        boolean configured = false;
        try
        {
            check(name, "set MTU " + config.mtu() + " (SIOCSIFMTU)", library.tapSetMtu(name, config.mtu()));
            if (config.mac() != null)
            {
                check(name, "set MAC " + macToString(config.mac()) + " (SIOCSIFHWADDR)",
                    library.tapSetMac(name, config.mac()));
            }
            if (config.prefixLength() >= 0)
            {
                check(name, "set IPv4 " + NativeErrors.ipv4ToString(config.ipv4()) + "/" + config.prefixLength() +
                    " (SIOCSIFADDR, SIOCSIFNETMASK)",
                    library.tapSetIpv4(name, config.ipv4(), config.prefixLength()));
            }
            check(name, (config.up() ? "set up" : "set down") + " (SIOCSIFFLAGS)", library.tapSetUp(name, config.up()));
            final byte[] mac = new byte[6];
            check(name, "read MAC (SIOCGIFHWADDR)", library.tapGetMac(name, mac));
            configured = true;
            return new OpenedTap(fd, name, mac);
        }
        finally
        {
            if (!configured)
            {
                library.close(fd);
            }
        }
    }

    /**
     * @return the bound socket; the caller owns {@code fd} and must close it.
     * @throws IllegalArgumentException when the config is invalid (before any system call).
     * @throws NativeException          when a system call fails; nothing is left open.
     */
    static OpenedUdp openUdp(final TapLibrary library, final UdpConfig config)
    {
        config.conclude();
        final int fd = library.udpOpen(
            config.bindAddress(), config.port(), config.receiveBufferSize(), config.sendBufferSize());
        if (fd < 0)
        {
            throw NativeErrors.udpOpen(config.bindAddress(), config.port(), fd);
        }
        final long local = library.udpLocalAddress(fd);
        if (local < 0)
        {
            library.close(fd);
            throw new NativeException(
                "UDP socket: read local address (getsockname) failed: " + Errno.name((int)-local), (int)-local);
        }
        return new OpenedUdp(fd, (int)(local >>> 16), (int)(local & 0xFFFF));
    }

    private static void check(final String name, final String operation, final int result)
    {
        if (result < 0)
        {
            throw NativeErrors.tapConfigure(name, operation, result);
        }
    }

    static String cString(final byte[] bytes)
    {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0)
        {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    static String macToString(final byte[] mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++)
        {
            if (i > 0)
            {
                text.append(':');
            }
            text.append(Character.forDigit((mac[i] >> 4) & 0xF, 16)).append(Character.forDigit(mac[i] & 0xF, 16));
        }
        return text.toString();
    }
}
