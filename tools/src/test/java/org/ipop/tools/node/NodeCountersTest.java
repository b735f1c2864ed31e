package org.ipop.tools.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.ipop.engine.EngineConfiguration;
import org.ipop.engine.status.CounterDescriptor;
import org.ipop.engine.status.CounterFamily;
import org.ipop.engine.status.CountersFile;
import org.ipop.engine.status.CountersFileReader;
import org.ipop.engine.status.EngineCounter;
import org.ipop.engine.status.EngineCounters;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCountersTest
{
    @TempDir
    File dir;

    @Test
    void shouldGiveEveryCounterOfEveryFamilyItsOwnIdInsideItsFamilysRange()
    {
        final List<Class<?>> families = List.of(
            EngineCounter.class, ControlCounter.class, DhtCounter.class, ServiceCounter.class, DropReason.class);
        final List<CounterFamily> ranges = List.of(
            CounterFamily.ENGINE, CounterFamily.CONTROL, CounterFamily.DHT, CounterFamily.SERVICE, CounterFamily.SERVICE);
        assertEquals(families.size(), NodeCounters.FAMILIES.size(), "every family is part of the node's model");

        final Set<Integer> ids = new HashSet<>();
        final Set<String> labels = new HashSet<>();
        for (int f = 0; f < families.size(); f++)
        {
            for (final CounterDescriptor d : NodeCounters.FAMILIES.get(f))
            {
                assertSame(families.get(f), d.getClass());
                if (d.id() == CounterDescriptor.NOT_COUNTED)
                {
                    continue;
                }
                assertSame(ranges.get(f), CounterFamily.of(d.id()), d + " id " + d.id());
                assertTrue(ids.add(d.id()), "id " + d.id() + " of " + d + " is taken");
                assertTrue(labels.add(d.label()), "label '" + d.label() + "' of " + d + " is taken");
                assertTrue(d.label().length() <= CountersReader.MAX_LABEL_LENGTH, d.toString());
            }
        }
        assertEquals(NodeCounters.allDescriptors().size(), ids.size());
    }

    @Test
    void shouldNeverChangeAPublishedCounterId()
    {
        // ids readers in other processes rely on: a change here breaks them, add a new id instead
        final Map<CounterDescriptor, Integer> pinned = new HashMap<>();
        pinned.put(EngineCounter.TAP_FRAMES_IN, 1001);
        pinned.put(EngineCounter.DROP_SOURCE_MISMATCH, 1122);
        pinned.put(EngineCounter.ERRORS, 1304);
        pinned.put(ControlCounter.FRAMES_IN, 2001);
        pinned.put(ControlCounter.EDGES_TIMED_OUT, 2016);
        pinned.put(DhtCounter.OPS_STARTED, 3001);
        pinned.put(DhtCounter.VALUES_EXPIRED, 3015);
        pinned.put(ServiceCounter.FRAMES_IN, 4001);
        pinned.put(ServiceCounter.DNS_FORWARDED, 4027);
        pinned.put(DropReason.FRAME_OUT_OF_BOUNDS, 4501);
        pinned.put(DropReason.DNS_FORWARD_TOO_LARGE, 4546);
        pinned.forEach((descriptor, id) -> assertEquals(id, descriptor.id(), descriptor.toString()));
        assertEquals(CounterDescriptor.NOT_COUNTED, DropReason.NONE.id());
    }

    @Test
    void shouldKeepEveryFamilysCountersInTheNodesCountersFile()
    {
        final File file = new File(dir, "ipop0.counters");
        try (CountersFile countersFile = new CountersFile(file, true, EngineConfiguration.COUNTERS_VALUES_LENGTH_DEFAULT,
            4096, 4096, 16, 42, 0))
        {
            // as the node builds them: the engine first, then the overlay's families on the control thread
            final CountersManager manager = new CountersManager(
                countersFile.metadataBuffer(), countersFile.valuesBuffer(), StandardCharsets.US_ASCII);
            final EngineCounters engine = new EngineCounters(manager);
            countersFile.signalReady();
            final NodeCounters node = new NodeCounters(manager);

            engine.tapFramesIn.increment();
            node.control().increment(ControlCounter.PINGS_SENT);
            node.dht().add(DhtCounter.COPIES_SENT, 3);
            node.services().increment(ServiceCounter.DNS_FORWARDED);
            node.services().drop(DropReason.DNS_TRUNCATED);

            try (CountersFileReader reader = new CountersFileReader(file))
            {
                for (final CounterDescriptor d : NodeCounters.allDescriptors())
                {
                    final int counterId = CountersFileReader.counterId(reader.countersReader(), d.id());
                    assertNotEquals(CountersReader.NULL_COUNTER_ID, counterId, d + " is in the file");
                    assertEquals(d.label(), reader.countersReader().getCounterLabel(counterId));
                }
                assertEquals(1, reader.counter(EngineCounter.TAP_FRAMES_IN));
                assertEquals(1, reader.counter(ControlCounter.PINGS_SENT));
                assertEquals(3, reader.counter(DhtCounter.COPIES_SENT));
                assertEquals(1, reader.counter(ServiceCounter.DNS_FORWARDED));
                assertEquals(1, reader.counter(DropReason.DNS_TRUNCATED));
                assertEquals(0, reader.counter(DropReason.DNS_BAD_NAME));
            }
        }
    }

    @Test
    void shouldNameOverlayCountersInTheStatusAsBefore()
    {
        final CountersManager manager = org.ipop.engine.status.PrivateCountersManager.newManager(
            NodeCounters.allDescriptors().size());
        final NodeCounters node = new NodeCounters(manager);
        node.services().increment(ServiceCounter.DNS_FORWARDED);
        node.control().increment(ControlCounter.CTM_SENT);

        final Map<String, Long> status = new LinkedHashMap<>();
        node.forEachOverlayCounter((d, value) -> status.put(d.label().replace(' ', '-'), value));

        // names operators and docs/operations.md use
        assertEquals(1L, status.get("service-dns-forwarded"));
        assertEquals(1L, status.get("overlay-ctm-sent"));
        assertEquals(0L, status.get("overlay-frames-in"));
        assertEquals(0L, status.get("dht-ops-started"));
        assertEquals(0L, status.get("service-drop-dns-truncated"));
        assertEquals(NodeCounters.allDescriptors().size() - EngineCounter.values().length, status.size());
        assertTrue(List.copyOf(status.keySet()).indexOf("overlay-frames-in") < List.copyOf(status.keySet()).indexOf("dht-ops-started"));
    }
}
