package org.ipop.overlay.control;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.ConnectionType;
import org.ipop.overlay.link.RttEstimator;
import org.ipop.overlay.wire.FrameHeader;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlPlaneAgentTest
{
    private static final long TA = TransportAddress.pack(0x0A000001, 4000);
    private static final long TB = TransportAddress.pack(0x0A000002, 4000);

    @Test
    void shouldPollFramesAndTickOnTheInjectedClock()
    {
        final ManualNetwork net = new ManualNetwork();
        final ControlPlane a = net.add(0x10, TA, 1);
        final ControlPlane b = net.add(0x7000_0000_0000L, TB, 2);
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.NEAR, net.now);
        final ArrayDeque<ManualNetwork.Frame> queue = new ArrayDeque<>(net.inFlight);
        net.inFlight.clear();
        final long[] clock = {5_000_000_000L};
        final ControlInputs inputs = (plane, limit) ->
        {
            int n = 0;
            while (n < limit && !queue.isEmpty())
            {
                final ManualNetwork.Frame f = queue.poll();
                plane.onControlFrame(TransportAddress.ip(f.src), TransportAddress.port(f.src), clock[0],
                    new UnsafeBuffer(f.data), 0, f.data.length);
                n++;
            }
            return n;
        };
        final ControlPlaneAgent agent = new ControlPlaneAgent(b, inputs, () -> clock[0], 0);
        agent.onStart();
        assertEquals(2, agent.doWork(), "one frame and the first tick");
        assertEquals(1, b.table().size());
        assertEquals(clock[0], b.nowNs());
        assertEquals(0, agent.doWork(), "nothing due yet");
        clock[0] += b.config().tickNs();
        assertEquals(1, agent.doWork(), "tick due");
        agent.onClose();
        assertTrue(b.hasLeft());
        assertEquals(0, b.table().size());
        assertTrue(net.inFlight.stream().anyMatch(f -> f.type() == FrameHeader.TYPE_CLOSE), "leaving closes edges");
    }

    @Test
    void shouldAdaptTheTimeoutToMeanPlusSixSigma()
    {
        final RttEstimator rtt = new RttEstimator(1_000_000_000L, 10_000_000L, 4_000_000_000L);
        assertEquals(1_000_000_000L, rtt.timeoutNs(), 1_000_000L);
        for (int i = 0; i < 200; i++)
        {
            rtt.sample(50_000_000L);
        }
        assertEquals(50_000_000L, rtt.meanNs(), 1_000_000L);
        assertTrue(rtt.timeoutNs() < 60_000_000L, "steady round trips shrink the timeout");
        for (int i = 0; i < 200; i++)
        {
            rtt.sample(i % 2 == 0 ? 20_000_000L : 180_000_000L);
        }
        assertTrue(rtt.timeoutNs() > 400_000_000L, "jitter widens it: " + rtt.timeoutNs());
    }

    @Test
    void shouldPingASilentEdgeAndCloseItWhenNoPongComes()
    {
        final ManualNetwork net = new ManualNetwork();
        final ControlPlane a = net.add(0x10, TA, 1);
        final ControlPlane b = net.add(0x7000_0000_0000L, TB, 2);
        a.linker().link(new long[]{TB}, 1, b.address(), ConnectionType.NEAR, net.now);
        net.deliverAll();
        assertEquals(1, a.table().size());
        int pings = 0;
        for (int i = 0; i < 200 && a.table().size() > 0; i++)
        {
            net.now += a.config().tickNs();
            a.onTimer(net.now);
            pings += (int)net.inFlight.stream().filter(f -> f.type() == FrameHeader.TYPE_PING).count();
            net.inFlight.clear();
        }
        assertEquals(0, a.table().size());
        assertEquals(a.config().maxSends(), pings);
        assertEquals(1, a.counters().get(ControlCounter.EDGES_TIMED_OUT));
        assertTrue(net.now - 1_000_000_000L >= a.config().pingIdleNs());
    }
}
