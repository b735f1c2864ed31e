package org.ipop.overlay.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.CounterDescriptor;
import org.ipop.engine.status.CountersFileReader;
import org.ipop.engine.status.PrivateCountersManager;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtCounters;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;
import org.ipop.overlay.service.TapServices;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.arp.VirtualIpResolver;
import org.ipop.overlay.service.dhcp.InMemoryLeaseProvider;
import org.ipop.overlay.service.dns.InMemoryNameResolver;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.sim.RecordingDataPlane;
import org.junit.jupiter.api.Test;

/**
 * The control plane, the DHT and the services count in the manager they are given (a node gives them its
 * counters file's), where a reader finds each counter by type id.
 */
class SharedCountersManagerTest
{
    @Test
    void shouldCountEveryOverlayFamilyInTheManagerItIsGiven()
    {
        final CountersManager manager = PrivateCountersManager.newManager(
            ControlCounter.values().length + DhtCounter.values().length + ServiceCounter.values().length +
            DropReason.values().length);
        final ControlCounters controlCounters = new ControlCounters(manager);
        final DhtCounters dhtCounters = new DhtCounters(manager);
        final ServiceCounters serviceCounters = new ServiceCounters(manager);

        final long transport = TransportAddress.pack(0x0A000001, 4000);
        final ControlPlane plane = new ControlPlane(
            new NodeConfig().address(Address.of(0x7000_0000_0000L, 0, 1)).localTransport(transport).seed(1),
            (ip, port, buffer, offset, length) -> true, new RecordingDataPlane(), InputJournal.NULL, controlCounters);
        final ReplicatedDht dht = ReplicatedDht.attach(plane, new DhtContext(), dhtCounters);
        final CachedNanoClock clock = new CachedNanoClock();
        final TapServicesContext context = new TapServicesContext().subnet(Ipv4Address.parse("10.128.0.0"), 24)
            .nanoClock(clock);
        final TapServices services = new TapServices(context,
            new InMemoryLeaseProvider(context.conclude(), 60, new Random(1), clock), new InMemoryNameResolver(),
            ip -> VirtualIpResolver.UNKNOWN, (buffer, offset, length) -> true, serviceCounters);

        plane.onControlFrame(0x0A000002, 4000, 1_000_000_000L, new UnsafeBuffer(new byte[3]), 0, 3);
        services.onFrame(new UnsafeBuffer(new byte[10]), 0, 10);
        dhtCounters.add(DhtCounter.COPIES_RECEIVED, 2);

        assertEquals(1, valueOf(manager, ControlCounter.FRAMES_IN));
        assertEquals(1, valueOf(manager, ControlCounter.DROP_HEADER));
        assertEquals(1, valueOf(manager, ServiceCounter.FRAMES_IN));
        assertEquals(1, valueOf(manager, DropReason.ETHERNET_TRUNCATED));
        assertEquals(2, valueOf(manager, DhtCounter.COPIES_RECEIVED));
        assertEquals(plane.counters(), controlCounters);
        assertEquals(dht.counters(), dhtCounters);
        assertEquals(services.counters(), serviceCounters);
    }

    private static long valueOf(final CountersManager manager, final CounterDescriptor descriptor)
    {
        return manager.getCounterValue(CountersFileReader.counterId(manager, descriptor.id()));
    }
}
