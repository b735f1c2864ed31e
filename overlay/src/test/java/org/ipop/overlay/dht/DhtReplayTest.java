package org.ipop.overlay.dht;

import org.ipop.overlay.journal.ChronicleJournal;
import org.ipop.overlay.journal.JournalReplayer;
import org.ipop.overlay.journal.ReplayResult;
import org.ipop.overlay.control.StateDigest;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhtReplayTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldReproduceTheDhtStateOfEveryNodeFromItsJournal(@TempDir final Path dir)
    {
        final int nodes = 24;
        final DhtSimulation ring = new DhtSimulation(23, 3, new DhtContext(),
            i -> new ChronicleJournal(dir.resolve("node-" + i))).addNodes(nodes, 20);
        assertTrue(ring.runUntilConsistent(120));
        final int[] done = new int[1];
        for (int i = 0; i < 30; i++)
        {
            final ReplicatedDht dht = ring.dht(i % nodes);
            final byte[] key = ("replay-" + (i % 10)).getBytes(StandardCharsets.UTF_8);
            final byte[] value = ("v" + i).getBytes(StandardCharsets.UTF_8);
            // a create whose callback makes further operations: those are journaled as commands too
            dht.create(key, value, 20 + i, s ->
            {
                if (s == DhtStatus.OK)
                {
                    dht.put(key, "extra".getBytes(StandardCharsets.UTF_8), 30, t -> done[0]++);
                }
                else
                {
                    dht.get(key, (t, values) -> done[0]++);
                }
            });
        }
        assertTrue(ring.runUntil(() -> done[0] == 30, 60 * SECOND, SECOND));
        ring.runFor(25);
        ring.simulator().kill(5);
        ring.runFor(20);
        int checked = 0;
        for (int i = 0; i < nodes; i++)
        {
            if (!ring.dead(i))
            {
                ring.dht(i).plane().checkpoint(ring.dht(i).plane().nowNs());
            }
        }
        ring.simulator().closeJournals();
        int withRecords = 0;
        for (int i = 0; i < nodes; i++)
        {
            final ReplayResult replay = JournalReplayer.replay(dir.resolve("node-" + i));
            assertEquals(0, replay.mismatches(), "node " + i + " first mismatch at " + replay.firstMismatchNs());
            assertArrayEquals(StateDigest.compute(ring.dht(i).plane()), StateDigest.compute(replay.plane()),
                "final digest of node " + i);
            final ReplicatedDht replayed = (ReplicatedDht)replay.plane().extension(ReplicatedDht.PAYLOAD_TYPE);
            assertNotNull(replayed, "the replay attached the DHT");
            assertEquals(ring.dht(i).store().valueCount(), replayed.store().valueCount());
            withRecords += replayed.store().valueCount() > 0 ? 1 : 0;
            checked++;
        }
        assertEquals(nodes, checked);
        assertTrue(withRecords > nodes / 2, "the replayed stores hold records: " + withRecords);
    }
}
