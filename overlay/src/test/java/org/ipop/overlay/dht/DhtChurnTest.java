package org.ipop.overlay.dht;

import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.sim.DhtSimulation;
import org.ipop.overlay.sim.RingMetrics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhtChurnTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldReturnEveryRecordAfterTenPercentOfNodesDie()
    {
        final int nodes = 100;
        final int records = 100;
        final DhtSimulation ring = new DhtSimulation(17, 3, new DhtContext(), i -> InputJournal.NULL)
            .addNodes(nodes, 25);
        assertTrue(ring.runUntilConsistent(120));
        final int[] ok = new int[1];
        for (int i = 0; i < records; i++)
        {
            ring.dht(i % nodes).put(key(i), value(i), 3600, s -> ok[0] += s == DhtStatus.OK ? 1 : 0);
        }
        assertTrue(ring.runUntil(() -> ok[0] == records, 60 * SECOND, SECOND), "all puts OK: " + ok[0]);

        final ArrayList<Integer> victims = new ArrayList<>();
        for (int i = 3; victims.size() < nodes / 10; i += 7)
        {
            victims.add(i);
        }
        for (final int v : victims)
        {
            ring.simulator().kill(v);
        }
        assertTrue(RingMetrics.consistency(ring.simulator()) < 1.0, "the deaths broke the ring");
        assertTrue(ring.runUntilConsistent(120), "ring repaired");
        ring.runFor(5);

        final List<Integer> missing = new ArrayList<>();
        final int[] answered = new int[1];
        for (int i = 0; i < records; i++)
        {
            final int record = i;
            int reader = (i * 13) % nodes;
            while (ring.dead(reader))
            {
                reader = (reader + 1) % nodes;
            }
            ring.dht(reader).get(key(i), (s, values) ->
            {
                answered[0]++;
                if (s != DhtStatus.OK || values.size() != 1 ||
                    !new String(values.get(0).value(), StandardCharsets.UTF_8).equals("value-" + record))
                {
                    missing.add(record);
                }
            });
        }
        assertTrue(ring.runUntil(() -> answered[0] == records, 60 * SECOND, SECOND));
        assertEquals(List.of(), missing, "records lost or wrong after churn");
        long copies = 0;
        for (final ReplicatedDht d : ring.dhts())
        {
            copies += d.counters().get(DhtCounter.COPIES_RECEIVED);
        }
        assertTrue(copies > 0, "state was transferred");
    }

    private static byte[] key(final int i)
    {
        return ("churn-key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(final int i)
    {
        return ("value-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
