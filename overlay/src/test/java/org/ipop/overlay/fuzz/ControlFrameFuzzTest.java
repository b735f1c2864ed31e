package org.ipop.overlay.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Random;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ManualNetwork;
import org.ipop.overlay.control.StateDigest;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;

/**
 * Jazzer fuzz targets for the decoders that take bytes from the network or the host: overlay control
 * frames (link, edge, routed, DHT messages) and frames the host sends to the node's TAP services.
 * <p>
 * Without {@code JAZZER_FUZZ=1} these run in regression mode as part of the normal test suite, over the
 * inputs in {@code src/test/resources/org/ipop/overlay/fuzz/ControlFrameFuzzTestInputs/}; with it, Jazzer
 * searches for new inputs ({@code JAZZER_FUZZ=1 mvn -pl overlay test -Dtest=ControlFrameFuzzTest}).
 * A target fails when a decoder or the state machine behind it throws (Jazzer reports the input), or
 * when a TAP frame does not end in exactly one outcome counter (handled, unhandled or dropped for a reason).
 */
class ControlFrameFuzzTest
{
    private static final long TA = TransportAddress.pack(0x0A000001, 4000);
    private static final long TB = TransportAddress.pack(0x0A000002, 4000);

    @FuzzTest(maxDuration = "10s")
    void controlPlaneSurvivesAnyFrame(final byte[] data)
    {
        final ManualNetwork net = new ManualNetwork();
        final ControlPlane plane = net.add(0x10, TA, 1);
        final ControlPlane peer = net.add(0x7000_0000_0000L, TB, 2);
        ReplicatedDht.attach(plane, new DhtContext());
        ReplicatedDht.attach(peer, new DhtContext());
        final UnsafeBuffer buffer = new UnsafeBuffer(data);

        plane.onControlFrame(0x0A000002, 4000, net.now, buffer, 0, data.length);
        plane.onTimer(net.now + 500_000_000L);

        // whatever the plane answered goes through the peer's decoders too (replies, CTMs, DHT messages)
        for (final ManualNetwork.Frame reply : new ArrayList<>(net.inFlight))
        {
            peer.onControlFrame(0x0A000001, 4000, net.now, new UnsafeBuffer(reply.data), 0, reply.data.length);
        }
        StateDigest.compute(plane); // walks all state the input may have touched
    }

    @FuzzTest(maxDuration = "10s")
    void tapServicesAccountForAnyFrame(final byte[] data)
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final TapServicesContext context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
            .nanoClock(clock).conclude();
        final TapServices services = new TapServices(context,
            new InMemoryLeaseProvider(context, 60, new Random(1), clock),
            new InMemoryNameResolver().register("alice", Ipv4Address.parse("10.128.0.42")),
            ip -> VirtualIpResolver.REMOTE,
            (buffer, offset, length) -> true);

        services.onFrame(new UnsafeBuffer(data), 0, data.length);

        // FRAMES_IN is counted before anything is decoded, so alone it proves nothing: the frame must also
        // end in exactly one outcome (handled by a service, unhandled, or dropped for a reason).
        final ServiceCounters counters = services.counters();
        final long outcomes = counters.get(ServiceCounter.ARP_HANDLED) + counters.get(ServiceCounter.DHCP_HANDLED) +
            counters.get(ServiceCounter.DNS_HANDLED) + counters.get(ServiceCounter.ICMP_HANDLED) +
            counters.get(ServiceCounter.UNHANDLED) + counters.totalDrops();
        assertEquals(1, counters.get(ServiceCounter.FRAMES_IN));
        assertEquals(counters.get(ServiceCounter.FRAMES_IN), outcomes,
            "every frame in ends in exactly one outcome: " + counters.snapshot());
    }
}
