package org.ipop.tap;

import static org.ipop.tap.EthernetFrames.ipv4;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** As root, socket buffers are set with SO_RCVBUFFORCE/SO_SNDBUFFORCE, beyond net.core.[rw]mem_max. */
class UdpBufferRootTest
{
    @BeforeAll
    static void requireRoot()
    {
        assumeTrue(Commands.isRoot(), "needs root: SO_RCVBUFFORCE/SO_SNDBUFFORCE need CAP_NET_ADMIN");
    }

    private static int sysctl(final String name) throws Exception
    {
        return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core", name)).trim());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldGetSocketBuffersLargerThanTheSysctlLimitAsRoot(final String bridge) throws Exception
    {
        final int rmemMax = sysctl("rmem_max");
        final int wmemMax = sysctl("wmem_max");
        final UdpConfig config = new UdpConfig().bindAddress(ipv4(127, 0, 0, 1))
            .receiveBufferSize(4 * rmemMax).sendBufferSize(4 * wmemMax);

        try (DatagramEndpoint endpoint = Bridges.byName(bridge).openUdp(config))
        {
            // without FORCE the kernel caps the request at the sysctl and doubles it: at most 2 * max
            final int receive = endpoint instanceof JniDatagramEndpoint ?
                ((JniDatagramEndpoint)endpoint).receiveBufferSize() : ((JnaDatagramEndpoint)endpoint).receiveBufferSize();
            final int send = endpoint instanceof JniDatagramEndpoint ?
                ((JniDatagramEndpoint)endpoint).sendBufferSize() : ((JnaDatagramEndpoint)endpoint).sendBufferSize();
            assertTrue(receive > 2 * rmemMax, "SO_RCVBUF " + receive + " vs rmem_max " + rmemMax);
            assertTrue(send > 2 * wmemMax, "SO_SNDBUF " + send + " vs wmem_max " + wmemMax);
        }
    }
}
