package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configs are validated before any system call: an invalid TAP or UDP config gives an
 * {@link IllegalArgumentException} naming the setting, never a {@link NativeException} from the kernel,
 * whether or not the process could open a TAP.
 */
class SetupValidationTest
{
    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectATapNameLongerThanIfnamsizBeforeAnySystemCall(final String bridge)
    {
        final IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
            () -> Bridges.byName(bridge).openTap(new TapConfig().name("ipop-0123456789a")));

        assertTrue(failure.getMessage().contains("IFNAMSIZ"), failure.getMessage());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectInvalidTapSettingsBeforeAnySystemCall(final String bridge)
    {
        final Bridge b = Bridges.byName(bridge);

        assertThrows(IllegalArgumentException.class, () -> b.openTap(new TapConfig().name("")));
        assertThrows(IllegalArgumentException.class, () -> b.openTap(new TapConfig().name("a/b")));
        assertThrows(IllegalArgumentException.class, () -> b.openTap(new TapConfig().mtu(67)));
        assertThrows(IllegalArgumentException.class, () -> b.openTap(new TapConfig().mac(new byte[5])));
        assertThrows(IllegalArgumentException.class, () -> b.openTap(new TapConfig().ipv4(1, 33)));
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectInvalidUdpSettingsBeforeAnySystemCall(final String bridge)
    {
        final Bridge b = Bridges.byName(bridge);

        assertThrows(IllegalArgumentException.class, () -> b.openUdp(new UdpConfig().port(65536)));
        assertThrows(IllegalArgumentException.class, () -> b.openUdp(new UdpConfig().receiveBufferSize(0)));
        final IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
            () -> b.openUdp(new UdpConfig().maxDatagramLength(65508)));
        assertTrue(failure.getMessage().contains("max datagram length"), failure.getMessage());
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldRejectOverlongNamesInCTooWhenCalledDirectly(final String bridge)
    {
        final TapLibrary library = TestBridges.library(bridge);

        assertEquals(-Errno.EINVAL, library.tapOpen("0123456789abcdef", 0, new byte[16]));
        assertEquals(-Errno.EINVAL, library.tapSetMtu("0123456789abcdef", 1400));
        assertEquals(-Errno.EINVAL, library.tapOpen("ipop0", 4, new byte[16]), "unknown flag");
    }

    @Test
    void shouldSizeTheLargestFrameFromMtuAndVnetHeader()
    {
        assertEquals(1418, new TapConfig().mtu(1400).maxFrameLength());
        assertEquals(1430, new TapConfig().mtu(1400).vnetHeader(true).maxFrameLength());
    }
}
