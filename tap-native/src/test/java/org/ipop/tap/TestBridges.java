package org.ipop.tap;

import java.util.stream.Stream;

/** The bridges every parameterized test runs against, and devices over arbitrary descriptors. */
final class TestBridges
{
    private TestBridges()
    {
    }

    /** Parameter source: {@code @MethodSource("org.ipop.tap.TestBridges#names")}. */
    static Stream<String> names()
    {
        return Stream.of(Bridges.JNI, Bridges.JNA);
    }

    static TapLibrary library(final String bridge)
    {
        Bridges.byName(bridge);
        return Bridges.JNI.equals(bridge) ? JniTapLibrary.INSTANCE : JnaTapLibrary.INSTANCE;
    }

    /** @return a frame device of this bridge over {@code fd} (e.g. a socket pair end); it owns the fd. */
    static FrameDevice frameDevice(final String bridge, final int fd, final int maxFrameLength)
    {
        Bridges.byName(bridge);
        final byte[] noMac = new byte[6];
        return Bridges.JNI.equals(bridge) ?
            new JniFrameDevice(fd, "fd" + fd, maxFrameLength, maxFrameLength, noMac) :
            new JnaFrameDevice(fd, "fd" + fd, maxFrameLength, maxFrameLength, noMac);
    }

    /** @return both ends of a non-blocking AF_UNIX SOCK_SEQPACKET pair: reads keep write boundaries, like a TAP. */
    static int[] seqPacketPair()
    {
        final int[] fds = new int[2];
        final int result = LibC.INSTANCE.socketpair(
            LibC.AF_UNIX, LibC.SOCK_SEQPACKET | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0, fds);
        if (result != 0)
        {
            throw new AssertionError("socketpair failed: errno " + com.sun.jna.Native.getLastError());
        }
        return fds;
    }
}
