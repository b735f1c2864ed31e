package org.ipop.overlay.dht;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.connection.Connection;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.DeterministicRandom;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.routing.RoutingMode;
import org.ipop.overlay.sim.DhtSimulation;
import org.ipop.overlay.wire.RoutedFlyweight;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicatedDhtTest
{
    private static final long SECOND = 1_000_000_000L;
    private static DhtSimulation ring;

    @BeforeAll
    static void buildRing()
    {
        ring = new DhtSimulation(11, 3, new DhtContext(), i -> InputJournal.NULL).addNodes(64, 20);
        assertTrue(ring.runUntilConsistent(120), "ring of 64 consistent");
    }

    static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static DhtStatus write(final int node, final int op, final String key, final String value, final int ttl)
    {
        final AtomicReference<DhtStatus> result = new AtomicReference<>();
        final ReplicatedDht dht = ring.dht(node);
        switch (op)
        {
            case 1 -> dht.put(b(key), b(value), ttl, result::set);
            case 2 -> dht.create(b(key), b(value), ttl, result::set);
            default -> dht.delete(b(key), b(value), result::set);
        }
        assertTrue(ring.runUntil(() -> result.get() != null, 60 * SECOND, 100_000_000L), "write completes");
        return result.get();
    }

    static List<String> get(final int node, final String key)
    {
        final AtomicReference<DhtStatus> status = new AtomicReference<>();
        final List<String> out = new ArrayList<>();
        ring.dht(node).get(b(key), (s, values) ->
        {
            for (final DhtValue v : values)
            {
                out.add(new String(v.value(), StandardCharsets.UTF_8));
            }
            status.set(s);
        });
        assertTrue(ring.runUntil(() -> status.get() != null, 60 * SECOND, 100_000_000L), "get completes");
        assertEquals(DhtStatus.OK, status.get());
        return out;
    }

    @Test
    void shouldReturnPutValuesFromAnyNode()
    {
        assertEquals(DhtStatus.OK, write(5, 1, "k-put", "v1", 600));
        assertEquals(DhtStatus.OK, write(9, 1, "k-put", "v2", 600));
        assertEquals(List.of("v1", "v2"), get(40, "k-put"));
        assertEquals(List.of(), get(41, "k-absent"));
    }

    @Test
    void shouldAllocateAtomicallyWithCreate()
    {
        assertEquals(DhtStatus.OK, write(3, 2, "k-create", "node-3", 600));
        assertEquals(DhtStatus.EXISTS, write(4, 2, "k-create", "node-4", 600));
        assertEquals(DhtStatus.OK, write(3, 2, "k-create", "node-3", 600), "renewal by the holder");
        assertEquals(List.of("node-3"), get(50, "k-create"));
    }

    @Test
    void shouldDeleteOnlyTheGivenValue()
    {
        write(1, 1, "k-del", "a", 600);
        write(1, 1, "k-del", "b", 600);
        assertEquals(DhtStatus.OK, write(2, 4, "k-del", "a", 1));
        assertEquals(List.of("b"), get(7, "k-del"));
    }

    @Test
    void shouldRefuseOversizedKeysAndValues()
    {
        final AtomicReference<DhtStatus> s = new AtomicReference<>();
        ring.dht(0).put(new byte[Dht.MAX_KEY_LENGTH + 1], b("v"), 60, s::set);
        assertEquals(DhtStatus.TOO_LARGE, s.get());
        ring.dht(0).put(b("k"), new byte[Dht.MAX_VALUE_LENGTH + 1], 60, s::set);
        assertEquals(DhtStatus.TOO_LARGE, s.get());
        ring.dht(0).put(new byte[0], b("v"), 60, s::set);
        assertEquals(DhtStatus.INVALID, s.get());
        ring.dht(0).put(b("k"), b("v"), 0, s::set);
        assertEquals(DhtStatus.INVALID, s.get());
        final AtomicReference<DhtStatus> big = new AtomicReference<>();
        final byte[] key = new byte[Dht.MAX_KEY_LENGTH];
        key[0] = 7;
        ring.dht(0).put(key, new byte[Dht.MAX_VALUE_LENGTH], 60, big::set);
        assertTrue(ring.runUntil(() -> big.get() != null, 60 * SECOND, 100_000_000L));
        assertEquals(DhtStatus.OK, big.get(), "the largest key and value fit one frame");
    }

    @Test
    void shouldExpireValuesAfterTheirTtl()
    {
        assertEquals(DhtStatus.OK, write(11, 1, "k-ttl", "short", 5));
        assertEquals(DhtStatus.OK, write(12, 1, "k-ttl", "long", 600));
        assertEquals(List.of("long", "short"), get(13, "k-ttl"));
        ring.runFor(6);
        assertEquals(List.of("long"), get(14, "k-ttl"));
    }

    @Test
    void shouldExtendTheLeaseWhenTheSameValueIsPutAgain()
    {
        assertEquals(DhtStatus.OK, write(15, 1, "k-lease", "held", 8));
        ring.runFor(5);
        assertEquals(DhtStatus.OK, write(16, 1, "k-lease", "held", 8));
        ring.runFor(5);
        assertEquals(List.of("held"), get(17, "k-lease"), "alive past the first lease");
        ring.runFor(5);
        assertEquals(List.of(), get(18, "k-lease"), "gone after the extended lease");
    }

    @Test
    void shouldPageThroughManyValues()
    {
        final int n = 300;
        final AtomicReference<Integer> done = new AtomicReference<>(0);
        for (int i = 0; i < n; i++)
        {
            ring.dht(i % 60).put(b("k-many"), b(String.format("value-%05d-padding-to-make-it-longer", i)), 600,
                s -> done.set(done.get() + (s == DhtStatus.OK ? 1 : 1000)));
        }
        assertTrue(ring.runUntil(() -> done.get() >= n, 60 * SECOND, 100_000_000L));
        assertEquals(n, done.get(), "every put OK");
        final List<String> values = get(33, "k-many");
        assertEquals(n, values.size(), "all values across pages");
        assertEquals("value-00000-padding-to-make-it-longer", values.get(0));
        assertEquals("value-00299-padding-to-make-it-longer", values.get(n - 1));
    }

    @Test
    void shouldDropAndCountHostileDhtMessages()
    {
        final ReplicatedDht target = ring.dht(20);
        final ControlPlane plane = target.plane();
        final Connection from = plane.table().get(0);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[600]);
        final DeterministicRandom random = new DeterministicRandom(5);
        final long before = target.counters().get(DhtCounter.DROP_MALFORMED);
        final int storedBefore = target.store().valueCount();
        final int cases = 2000;
        for (int i = 0; i < cases; i++)
        {
            RoutedFlyweight.writeHeader(frame, 0, RoutingMode.EXACT, 8, 0, from.peer(), plane.address(),
                ReplicatedDht.PAYLOAD_TYPE, random.nextLong(), 0, 0, 0);
            final int bodyLength = random.nextInt(120);
            for (int j = 0; j < bodyLength; j++)
            {
                frame.putByte(64 + j, (byte)random.nextLong());
            }
            if (bodyLength > 8)
            {
                frame.putShort(64 + DhtMessageFlyweight.KEY_LENGTH_OFFSET, (short)(1 + random.nextInt(300)),
                    Flyweight.WIRE_ORDER);
                frame.putByte(64, (byte)(1 + random.nextInt(6)));
            }
            plane.onControlFrame(TransportAddress.ip(from.transport()), TransportAddress.port(from.transport()),
                plane.nowNs(), frame, 0, 64 + bodyLength);
        }
        final long dropped = target.counters().get(DhtCounter.DROP_MALFORMED) - before;
        assertTrue(dropped > cases * 9L / 10, "most random bodies are malformed: " + dropped);
        assertTrue(target.store().valueCount() - storedBefore <= cases - dropped, "nothing stored from dropped frames");
    }

    @Test
    void shouldKeepARecordAlivePastItsTtlUntilStopped()
    {
        final DhtKeeper keeper = new DhtKeeper(ring.dht(21));
        final List<DhtStatus> results = new ArrayList<>();
        keeper.keep(b("k-kept"), b("alive"), 4, false, results::add);
        ring.runFor(12);
        assertTrue(results.size() >= 4, "written at start and every 2 s: " + results);
        assertTrue(results.stream().allMatch(r -> r == DhtStatus.OK), results.toString());
        assertEquals(List.of("alive"), get(22, "k-kept"), "alive three TTLs later");
        assertTrue(keeper.stop(b("k-kept"), b("alive"), false));
        ring.runFor(6);
        assertEquals(List.of(), get(23, "k-kept"), "expired once no longer kept");
    }
}
