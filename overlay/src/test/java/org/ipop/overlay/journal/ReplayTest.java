package org.ipop.overlay.journal;

import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.NodeConfig;
import org.ipop.overlay.control.StateDigest;
import org.ipop.overlay.sim.RecordingDataPlane;
import org.ipop.overlay.sim.Scenario;
import org.ipop.overlay.sim.ScenarioResult;
import org.ipop.overlay.sim.SimNode;
import org.ipop.overlay.address.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest
{
    @Test
    void shouldReplayEveryNodeOfAScenarioWithJoinsDeathsAndLossBitForBit(@TempDir final Path dir)
    {
        final Scenario s = new Scenario();
        s.nodes = 50;
        s.seed = 29;
        s.loss = 0.03;
        s.killFraction = 0.1;
        s.joinRate = 25;
        s.settleSeconds = 10;
        s.pairs = 200;
        s.maxRecoverySeconds = 60;
        s.checkpointSeconds = 5;
        s.journals = i -> new ChronicleJournal(dir.resolve("node-" + i));
        final ScenarioResult r = s.run();
        s.simulator().closeJournals();
        assertEquals(5, r.killed);
        int dead = 0;
        for (final SimNode n : s.simulator().nodes())
        {
            final ReplayResult replay = JournalReplayer.replay(dir.resolve("node-" + n.index()));
            assertTrue(replay.checkpoints() > 0, "node " + n.index() + " has checkpoints");
            assertEquals(0, replay.mismatches(), "node " + n.index() + " first mismatch at " + replay.firstMismatchNs());
            assertArrayEquals(StateDigest.compute(n.plane()), StateDigest.compute(replay.plane()),
                "final state of node " + n.index() + (n.dead() ? " (died mid-run)" : ""));
            assertEquals(n.plane().table().size(), replay.plane().table().size());
            dead += n.dead() ? 1 : 0;
        }
        assertEquals(5, dead);
    }

    @Test
    void shouldReportACheckpointThatDoesNotMatch(@TempDir final Path dir)
    {
        final NodeConfig config = new NodeConfig().address(Address.of(5, 6, 7)).localTransport(
            TransportAddress.pack(0x0A000001, 4000)).seed(99).bootstraps(TransportAddress.pack(0x0A000002, 4000));
        final AtomicLong sent = new AtomicLong();
        try (ChronicleJournal journal = new ChronicleJournal(dir))
        {
            final ControlPlane plane = new ControlPlane(config, (ip, port, b, o, l) -> sent.incrementAndGet() > 0,
                new RecordingDataPlane(), journal);
            for (int t = 1; t <= 20; t++)
            {
                plane.onTimer(t * 500_000_000L);
            }
            plane.checkpoint(10_000_000_000L);
            journal.checkpoint(10_000_000_001L, new byte[32]);
        }
        final ReplayResult replay = JournalReplayer.replay(dir);
        assertEquals(2, replay.checkpoints());
        assertEquals(1, replay.mismatches());
        assertEquals(10_000_000_001L, replay.firstMismatchNs());
        assertEquals(sent.get(), replay.framesSent(), "the replay makes the same sends");
        assertEquals(23, replay.records());
    }

    @Test
    void shouldReplayTheJournalOfANodeThatCrashedWithoutClosingIt(@TempDir final Path dir)
    {
        final NodeConfig config = new NodeConfig().address(Address.of(8, 9, 11)).localTransport(
            TransportAddress.pack(0x0A000001, 4000)).seed(5).bootstraps(TransportAddress.pack(0x0A000002, 4000));
        final ChronicleJournal journal = new ChronicleJournal(dir);
        final ControlPlane plane = new ControlPlane(config, (ip, port, b, o, l) -> true, new RecordingDataPlane(),
            journal);
        for (int t = 1; t <= 40; t++)
        {
            plane.onTimer(t * 500_000_000L);
        }
        final ReplayResult replay = JournalReplayer.replay(dir);
        assertEquals(41, replay.records());
        assertArrayEquals(StateDigest.compute(plane), StateDigest.compute(replay.plane()));
        journal.close();
    }

    @Test
    void shouldRoundTripTheConfiguration()
    {
        final NodeConfig config = new NodeConfig().address(Address.of(5, 6, 7)).localTransport(123).seed(-4)
            .bootstraps(1, 2, 3).shortcutFactor(0.75).realm(77).leafTarget(3).conclude();
        final org.agrona.concurrent.UnsafeBuffer b =
            new org.agrona.concurrent.UnsafeBuffer(new byte[NodeConfig.MAX_ENCODED_LENGTH]);
        final int length = config.encode(b, 0);
        final NodeConfig back = NodeConfig.decode(b, 0, length);
        final org.agrona.concurrent.UnsafeBuffer b2 =
            new org.agrona.concurrent.UnsafeBuffer(new byte[NodeConfig.MAX_ENCODED_LENGTH]);
        assertEquals(length, back.encode(b2, 0));
        for (int i = 0; i < length; i++)
        {
            assertEquals(b.getByte(i), b2.getByte(i));
        }
    }
}
