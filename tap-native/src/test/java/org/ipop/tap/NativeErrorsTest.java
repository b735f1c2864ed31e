package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Setup failures read as the errno name plus what to do. */
class NativeErrorsTest
{
    private static void assertMentions(final NativeException failure, final String... parts)
    {
        for (final String part : parts)
        {
            assertTrue(failure.getMessage().contains(part), "'" + part + "' missing from: " + failure.getMessage());
        }
    }

    @Test
    void shouldSayRootOrCapNetAdminIsNeededWhenTunsetiffIsNotPermitted()
    {
        final NativeException failure = NativeErrors.tapOpen("ipop0", -Errno.EPERM);

        assertEquals(Errno.EPERM, failure.errno());
        assertMentions(failure, "ipop0", "EPERM", "root or CAP_NET_ADMIN", "ip tuntap add dev ipop0");
    }

    @Test
    void shouldSayRootOrCapNetAdminIsNeededWhenTunCannotBeOpened()
    {
        assertMentions(NativeErrors.tapOpen("ipop0", -Errno.EACCES), "EACCES", "/dev/net/tun", "root or CAP_NET_ADMIN");
    }

    @Test
    void shouldSayTunDeviceIsMissing()
    {
        assertMentions(NativeErrors.tapOpen("ipop0", -Errno.ENOENT), "ENOENT", "/dev/net/tun is missing", "modprobe tun",
            "mknod /dev/net/tun c 10 200");
    }

    @Test
    void shouldExplainABusyOrMismatchedExistingDevice()
    {
        assertMentions(NativeErrors.tapOpen("ipop0", -Errno.EBUSY), "EBUSY", "in use");
        assertMentions(NativeErrors.tapOpen("ipop0", -Errno.EINVAL), "EINVAL", "not a TAP", "ip link delete ipop0");
    }

    @Test
    void shouldNameTheIoctlAndErrnoWhenConfigurationFails()
    {
        final NativeException failure = NativeErrors.tapConfigure("ipop0", "set MTU 99999 (SIOCSIFMTU)", -Errno.EINVAL);

        assertEquals(Errno.EINVAL, failure.errno());
        assertMentions(failure, "TAP ipop0", "SIOCSIFMTU", "EINVAL");
        assertMentions(NativeErrors.tapConfigure("ipop0", "set up", -Errno.EPERM), "root or CAP_NET_ADMIN");
    }

    @Test
    void shouldExplainUdpBindFailures()
    {
        assertMentions(NativeErrors.udpOpen(0x0A000001, 5000, -Errno.EADDRNOTAVAIL), "10.0.0.1:5000",
            "EADDRNOTAVAIL", "not an address of this host");
        assertMentions(NativeErrors.udpOpen(0, 80, -Errno.EACCES), "0.0.0.0:80", "below 1024");
    }

    @Test
    void shouldNameKnownErrnosAndNumberUnknownOnes()
    {
        assertEquals("EAGAIN", Errno.name(Errno.EAGAIN));
        assertEquals("EMSGSIZE", Errno.name(90));
        assertEquals("errno4095", Errno.name(4095));
    }
}
