package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Doorbells ({@code ipop_doorbell_*}): a ring makes the eventfd readable until drained, rings before a drain
 * wake once, and a thread blocked without a timeout on a device and a doorbell wakes when another thread rings.
 * Every test runs against both bridges; no root needed.
 */
@Timeout(30)
class DoorbellTest
{
    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldBeReadableFromRingUntilDrained(final String bridge)
    {
        try (Doorbell doorbell = Bridges.byName(bridge).openDoorbell())
        {
            assertTrue(doorbell.fd() >= 0);
            assertEquals(0, doorbell.awaitReadable(0), "a new doorbell is quiet");
            assertEquals(0, doorbell.drain(), "nothing to drain");

            assertEquals(0, doorbell.ring());
            assertEquals(0, doorbell.ring());
            assertEquals(1, doorbell.awaitReadable(0));
            assertEquals(1, doorbell.awaitReadable(0), "waiting does not consume the ring");

            assertEquals(1, doorbell.drain(), "two rings, one drain");
            assertEquals(0, doorbell.awaitReadable(0), "quiet again after the drain");
            assertEquals(0, doorbell.drain());
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldWakeAThreadBlockedWithoutATimeoutOnADeviceAndTheDoorbell(final String bridge) throws Exception
    {
        final int[] fds = TestBridges.seqPacketPair();
        try (FrameDevice writer = TestBridges.frameDevice(bridge, fds[0], 1518);
            FrameDevice reader = TestBridges.frameDevice(bridge, fds[1], 1518);
            Doorbell doorbell = Bridges.byName(bridge).openDoorbell())
        {
            final PollableDescriptor device = (PollableDescriptor)reader;
            final CountDownLatch waiting = new CountDownLatch(1);
            final CompletableFuture<Integer> woken = CompletableFuture.supplyAsync(() ->
            {
                waiting.countDown();
                int result;
                do
                {
                    result = device.awaitReadable(doorbell.fd(), -1, -1);
                }
                while (result == -Errno.EINTR);
                return result;
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            // Whether the waiter is already in ppoll or not yet, a ring before or during the wait must end it.
            assertEquals(0, doorbell.ring());

            assertEquals(1, woken.get(10, TimeUnit.SECONDS), "only the doorbell was readable");
            assertEquals(1, doorbell.drain());
        }
    }

    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReportAClosedDoorbell(final String bridge)
    {
        final Doorbell doorbell = Bridges.byName(bridge).openDoorbell();
        doorbell.close();
        doorbell.close();
        assertEquals(-Errno.EBADF, doorbell.ring());
        assertEquals(-Errno.EBADF, doorbell.drain());
        assertEquals(-Errno.EBADF, doorbell.awaitReadable(-1, -1, 0));
    }
}
