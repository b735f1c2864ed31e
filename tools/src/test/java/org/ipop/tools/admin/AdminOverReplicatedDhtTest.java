package org.ipop.tools.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.namespace.IpopKeys;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin channel over the real {@link ReplicatedDht}: a simulated ring of 8 nodes (virtual time, stepped
 * on the same thread as two nodes' admin servers, as the control-plane thread does), each server with its own
 * embedded driver, and {@link AdminClient}s writing through one node and reading through the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminOverReplicatedDhtTest
{
    private static final int NODE_A = 0;
    private static final int NODE_B = 5;

    @TempDir
    Path runDir;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private DhtSimulation ring;
    private AdminDriver driverA;
    private AdminDriver driverB;
    private AgentRunner runner;

    @BeforeEach
    void start()
    {
        ring = new DhtSimulation(7, 2, new DhtContext(), i -> InputJournal.NULL).addNodes(8, 20);
        assertTrue(ring.runUntilConsistent(120), "ring of 8 consistent");
        driverA = AdminDriver.launch(AdminChannel.aeronDir(runDir, "tapa"), errors::add);
        driverB = AdminDriver.launch(AdminChannel.aeronDir(runDir, "tapb"), errors::add);
        final Agent control = new CompositeAgent(
            new RingStepAgent(),
            AdminServerAgent.of(driverA, new SimNodeView(NODE_A), SystemNanoClock.INSTANCE),
            AdminServerAgent.of(driverB, new SimNodeView(NODE_B), SystemNanoClock.INSTANCE));
        runner = new AgentRunner(new SleepingMillisIdleStrategy(1), errors::add, null, control);
        AgentRunner.startOnThread(runner);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(runner, driverA, driverB);
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
    }

    @Test
    void shouldReadThroughOneNodeWhatWasWrittenThroughAnother()
    {
        try (AdminClient a = AdminClient.connect(runDir, "tapa");
            AdminClient b = AdminClient.connect(runDir, "tapb"))
        {
            final AdminResponse put = a.dhtPut("printer", "10.9.8.7:631", 600);
            assertTrue(put.ok(), put::error);
            assertEquals(List.of("10.9.8.7:631"), b.dhtGet("printer").lines());

            final AdminResponse taken = b.dhtCreate("printer", "10.1.1.1:631", 600);
            assertEquals(AdminResponseFlyweight.CODE_EXISTS, taken.code(), taken::error);

            assertTrue(b.dhtCreate("lock", "b", 600).ok());
            assertEquals(AdminResponseFlyweight.CODE_EXISTS, a.dhtCreate("lock", "a", 600).code());
            assertEquals(List.of("b"), a.dhtGet("lock").lines());

            final AdminResponse status = a.status();
            assertEquals("address " + ring.simulator().node(NODE_A).plane().address(), status.lines().get(0));
        }
    }

    /** Advances the simulated ring by 10 ms of virtual time per duty cycle. */
    private final class RingStepAgent implements Agent
    {
        @Override
        public int doWork()
        {
            ring.runFor(0.01);
            return 0;
        }

        @Override
        public String roleName()
        {
            return "ring-step";
        }
    }

    /** One simulated node as its admin server sees it, namespace {@code lab}. */
    private final class SimNodeView implements AdminNodeView
    {
        @Override
        public String revoke(final byte[] revocation)
        {
            return "this node runs in plaintext mode: there is nothing to revoke";
        }

        private final int index;

        SimNodeView(final int index)
        {
            this.index = index;
        }

        private ControlPlane plane()
        {
            return ring.simulator().node(index).plane();
        }

        @Override
        public String status()
        {
            return "address " + plane().address();
        }

        @Override
        public Dht dht()
        {
            return ring.dht(index);
        }

        @Override
        public byte[] userKeyPrefix()
        {
            return IpopKeys.userPrefix("lab");
        }

        @Override
        public boolean placed()
        {
            return plane().placed();
        }

        @Override
        public int maxTtlSeconds()
        {
            return ring.dht(index).context().maxTtlSeconds();
        }
    }
}
