package org.ipop.overlay.namespace;

import org.ipop.overlay.control.StateDigest;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.journal.ChronicleJournal;
import org.ipop.overlay.journal.JournalReplayer;
import org.ipop.overlay.journal.ReplayResult;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedClaimsReplayTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldReplayTheReplicasDecisionsOnSignedRecords(@TempDir final Path dir)
    {
        final int nodes = 16;
        final DhtSimulation ring = new DhtSimulation(29, 3, new DhtContext().epochOffsetMs(1_790_000_000_000L),
            i -> new ChronicleJournal(dir.resolve("node-" + i))).addNodes(nodes, 20);
        assertTrue(ring.runUntilConsistent(120));
        final FakeMembers members = new FakeMembers();
        for (final ReplicatedDht dht : ring.dhts())
        {
            dht.recordPolicy(new ClaimRecords(members));
        }
        final RecordSigner alice = members.newMember();
        final RecordSigner bob = members.newMember();
        final List<DhtStatus> results = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            final byte[] key = IpopKeys.address("lab", 0x0A00_0001 + i);
            final long epoch = ring.dht(1).epochMillis();
            ring.dht(1).put(key, alice.seal(key, alice.address().toBytes(), epoch + 5_000L + i * 1_000L), 60,
                results::add);
            ring.dht(2).put(key, bob.seal(key, bob.address().toBytes(), epoch + 60_000L), 60, results::add);
        }
        assertTrue(ring.runUntil(() -> results.size() == 12, 60 * SECOND, SECOND));
        assertTrue(results.contains(DhtStatus.REFUSED), results.toString());
        ring.runFor(15);
        for (int i = 0; i < nodes; i++)
        {
            ring.dht(i).plane().checkpoint(ring.dht(i).plane().nowNs());
        }
        ring.simulator().closeJournals();

        long refused = 0;
        for (int i = 0; i < nodes; i++)
        {
            final ReplayResult replay = JournalReplayer.replay(dir.resolve("node-" + i), new ClaimRecords(members));
            assertEquals(0, replay.mismatches(), "node " + i + " first mismatch at " + replay.firstMismatchNs());
            assertArrayEquals(StateDigest.compute(ring.dht(i).plane()), StateDigest.compute(replay.plane()),
                "final digest of node " + i);
            refused += ring.dht(i).counters().get(DhtCounter.RECORDS_REFUSED_OWNER);
        }
        assertTrue(refused > 0, "the replays reproduced refusals");
    }
}
