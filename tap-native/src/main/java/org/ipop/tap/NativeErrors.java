package org.ipop.tap;

/**
 * Turns a failed setup call's {@code -errno} into a {@link NativeException} whose message names the call,
 * the errno and what to do about it. Used by both bridges, so their messages are identical.
 */
final class NativeErrors
{
    static final String NEEDS_NET_ADMIN =
        "needs root or CAP_NET_ADMIN: run as root, or grant the capability " +
        "(setcap cap_net_admin+ep on the java binary)";

    private NativeErrors()
    {
    }

    /** @return the exception for a failed {@code ipop_tap_open} of TAP {@code name}. */
    static NativeException tapOpen(final String name, final int result)
    {
        final int errno = -result;
        final String hint;
        switch (errno)
        {
            case Errno.ENOENT:
                hint = "/dev/net/tun is missing: load the tun module (modprobe tun) or create the device node " +
                    "(mkdir -p /dev/net && mknod /dev/net/tun c 10 200)";
                break;
            case Errno.ENODEV:
            case Errno.ENXIO:
                hint = "the kernel has no TUN/TAP driver: load the tun module (modprobe tun)";
                break;
            case Errno.EACCES:
                hint = "/dev/net/tun cannot be opened read-write: " + NEEDS_NET_ADMIN;
                break;
            case Errno.EPERM:
                hint = NEEDS_NET_ADMIN + ", or create the device for your user first " +
                    "(ip tuntap add dev " + name + " mode tap user <user>)";
                break;
            case Errno.EBUSY:
                hint = "the device is in use by another process, or exists with a different multi-queue " +
                    "setting: choose another name or close the other user";
                break;
            case Errno.EINVAL:
                hint = "the kernel rejected the name or flags: a device of that name may exist that is not a " +
                    "TAP or has different vnet-header/multi-queue flags (ip link delete " + name + ")";
                break;
            default:
                hint = "see errno " + Errno.name(errno);
                break;
        }
        return new NativeException(
            "open TAP " + name + " (/dev/net/tun, TUNSETIFF) failed: " + Errno.name(errno) + ": " + hint, errno);
    }

    /**
     * @param operation what was attempted, e.g. {@code "set MTU 1400 (SIOCSIFMTU)"}.
     * @return the exception for a failed interface ioctl on TAP {@code name}.
     */
    static NativeException tapConfigure(final String name, final String operation, final int result)
    {
        final int errno = -result;
        final String hint;
        switch (errno)
        {
            case Errno.EPERM:
            case Errno.EACCES:
                hint = NEEDS_NET_ADMIN;
                break;
            case Errno.ENODEV:
                hint = "no interface of that name exists any more";
                break;
            case Errno.EINVAL:
                hint = "the device does not accept this value";
                break;
            case Errno.EBUSY:
                hint = "the device must be down for this change (TapConfig.up(false) first)";
                break;
            default:
                hint = "see errno " + Errno.name(errno);
                break;
        }
        return new NativeException(
            "TAP " + name + ": " + operation + " failed: " + Errno.name(errno) + ": " + hint, errno);
    }

    /** @return the exception for a failed {@code ipop_udp_open} binding {@code address:port}. */
    static NativeException udpOpen(final int address, final int port, final int result)
    {
        final int errno = -result;
        final String endpoint = ipv4ToString(address) + ":" + port;
        final String hint;
        switch (errno)
        {
            case Errno.EADDRINUSE:
                hint = "another socket is bound to this port: pick another port, or 0 to let the kernel choose";
                break;
            case Errno.EADDRNOTAVAIL:
                hint = ipv4ToString(address) + " is not an address of this host (or namespace): bind 0.0.0.0 " +
                    "or an address shown by 'ip addr'";
                break;
            case Errno.EACCES:
            case Errno.EPERM:
                hint = "ports below 1024 need root or CAP_NET_BIND_SERVICE: use a port >= 1024";
                break;
            case Errno.EMFILE:
            case Errno.ENFILE:
                hint = "too many open files: raise the limit (ulimit -n) or close descriptors";
                break;
            case Errno.ENOBUFS:
            case Errno.ENOMEM:
                hint = "the kernel is out of memory for socket buffers: ask for smaller buffers";
                break;
            default:
                hint = "see errno " + Errno.name(errno);
                break;
        }
        return new NativeException(
            "open UDP socket on " + endpoint + " failed: " + Errno.name(errno) + ": " + hint, errno);
    }

    /** @return the exception for a doorbell (eventfd) that could not be opened. */
    static NativeException doorbellOpen(final int result)
    {
        final int errno = -result;
        return new NativeException("open doorbell (eventfd) failed: " + Errno.name(errno) +
            (errno == Errno.EMFILE || errno == Errno.ENFILE ? ": too many open files; raise the limit (ulimit -n)" : ""),
            errno);
    }

    /** @return the exception for a failed close of a descriptor. */
    static NativeException close(final String what, final int fd, final int result)
    {
        final int errno = -result;
        return new NativeException(
            "close " + what + " (fd " + fd + ") failed: " + Errno.name(errno) +
            (errno == Errno.EBADF ? ": the descriptor was already closed elsewhere, a bug in its owner" : ""),
            errno);
    }

    /** @return {@code a.b.c.d} for an address given as {@code (a << 24) | ... | d}. */
    static String ipv4ToString(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }
}
