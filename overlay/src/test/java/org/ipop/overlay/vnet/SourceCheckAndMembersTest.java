package org.ipop.overlay.vnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.table.ForwardingTable;
import org.ipop.engine.testkit.GeneratingDatagramEndpoint;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.namespace.DhtVirtualIpResolver;
import org.ipop.overlay.namespace.IpopKeys;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.sim.DhtSimulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-plane side of the source check ({@link VipRoutes#onUnverifiedSource}) and of broadcast membership
 * ({@link MemberDirectory}), on a simulated DHT ring with a real engine (INVOKER mode, generated devices) whose
 * forwarding table shows what the commands did.
 */
class SourceCheckAndMembersTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final String NS = "lab";
    private static final int VIP_OWNER = 0x0A80_0105;

    @TempDir
    File dir;

    DhtSimulation ring;
    Engine engine;
    GeneratingFrameDevice tap;
    ControlPlane plane;
    PeerIds peers;

    @BeforeEach
    void setUp()
    {
        ring = new DhtSimulation(7, 3, new DhtContext(), i -> InputJournal.NULL).addNodes(12, 20);
        assertTrue(ring.runUntilConsistent(120));
        ring.runFor(6);
        tap = new GeneratingFrameDevice();
        engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(new GeneratingDatagramEndpoint())
            .threadingMode(ThreadingMode.INVOKER)
            .countersFile(new File(dir, "counters.dat")));
        plane = ring.dht(0).plane();
        peers = new PeerIds(engine.proxy());
    }

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    @Test
    void shouldDeliverHeldFramesOnlyWhenTheSenderOwnsTheirSourceAddress()
    {
        final Address owner = ring.dht(5).plane().address();
        final Address thief = ring.dht(6).plane().address();
        put(ring.dht(5), IpopKeys.address(NS, VIP_OWNER), owner.toBytes());

        final VipRoutes routes = new VipRoutes(
            engine.proxy(), peers, new DhtVirtualIpResolver(ring.dht(0), NS, 60, 5), plane.address());
        final byte[] frame = ipv4Frame(VIP_OWNER);
        routes.onUnverifiedSource(VIP_OWNER, thief, new UnsafeBuffer(frame), 0, frame.length);
        routes.onUnverifiedSource(VIP_OWNER, owner, new UnsafeBuffer(frame), 0, frame.length);
        routes.onUnverifiedSource(0x0A80_0999, owner, new UnsafeBuffer(frame), 0, frame.length);
        assertTrue(ring.runUntil(() ->
        {
            routes.doWork(plane, plane.nowNs());
            engine.invoker().invoke();
            return routes.sourceVerified() + routes.sourceSpoofed() + routes.sourceUnknown() == 3;
        }, 30 * SECOND, SECOND / 10));

        assertEquals(1, routes.sourceVerified());
        assertEquals(1, routes.sourceSpoofed());
        assertEquals(1, routes.sourceUnknown(), "nobody holds 10.128.9.153");
        assertEquals(1, tap.framesWritten(), "only the owner's frame reaches the TAP");
        final UnsafeBuffer ownerBytes = new UnsafeBuffer(owner.toBytes());
        final UnsafeBuffer thiefBytes = new UnsafeBuffer(thief.toBytes());
        final ForwardingTable table = engine.context().forwardingTable();
        assertEquals(ForwardingTable.SOURCE_VERIFIED, table.checkSource(VIP_OWNER, ownerBytes, 0),
            "the route is installed: the engine verifies the next frames itself");
        assertEquals(ForwardingTable.SOURCE_MISMATCH, table.checkSource(VIP_OWNER, thiefBytes, 0));
    }

    @Test
    void shouldBoundTheFramesHeldPerSourceAndTheSourcesHeld()
    {
        final VipRoutes routes = new VipRoutes(
            engine.proxy(), peers, new DhtVirtualIpResolver(ring.dht(0), NS, 60, 5), plane.address());
        final byte[] frame = ipv4Frame(VIP_OWNER);
        final Address sender = ring.dht(5).plane().address();
        for (int i = 0; i < VipRoutes.MAX_FRAMES_PER_SOURCE + 3; i++)
        {
            routes.onUnverifiedSource(VIP_OWNER, sender, new UnsafeBuffer(frame), 0, frame.length);
        }
        for (int i = 1; i < VipRoutes.MAX_UNVERIFIED_SOURCES + 5; i++)
        {
            routes.onUnverifiedSource(VIP_OWNER + i, sender, new UnsafeBuffer(frame), 0, frame.length);
        }
        assertEquals(3 + 5, routes.sourceHeldDropped());
    }

    @Test
    void shouldMakeEveryOtherRegisteredNodeAMemberAndForgetThoseThatLeave()
    {
        final ReplicatedDht dht = ring.dht(0);
        final MemberDirectory members = new MemberDirectory(dht, new DhtKeeper(dht), engine.proxy(), peers,
            new EngineDataPlaneCommands(engine.proxy(), peers), NS, () -> true);
        final byte[] key = IpopKeys.members(NS);
        for (final int i : new int[] {3, 4, 8})
        {
            put(ring.dht(i), key, ring.dht(i).plane().address().toBytes());
        }
        put(ring.dht(9), IpopKeys.members("other"), ring.dht(9).plane().address().toBytes());
        final ForwardingTable table = engine.context().forwardingTable();
        assertTrue(ring.runUntil(() ->
        {
            members.doWork(plane, plane.nowNs());
            engine.invoker().invoke();
            return table.memberCount() == 3;
        }, 30 * SECOND, SECOND / 10), () -> "members: " + members.members());
        assertTrue(members.members().contains(ring.dht(8).plane().address()));
        assertTrue(!members.members().contains(plane.address()), "never a member of itself, though registered");
        assertTrue(!members.members().contains(ring.dht(9).plane().address()), "another namespace's node");

        final AtomicInteger deleted = new AtomicInteger();
        ring.dht(4).delete(key, ring.dht(4).plane().address().toBytes(), status -> deleted.incrementAndGet());
        assertTrue(ring.runUntil(() ->
        {
            members.doWork(plane, plane.nowNs());
            engine.invoker().invoke();
            return deleted.get() == 1 && table.memberCount() == 2;
        }, 30 * SECOND, SECOND / 10), () -> "members: " + members.members());
        assertTrue(!members.members().contains(ring.dht(4).plane().address()));
    }

    private void put(final ReplicatedDht dht, final byte[] key, final byte[] value)
    {
        final AtomicInteger done = new AtomicInteger(-1);
        dht.put(key, value, 600, status -> done.set(status == DhtStatus.OK ? 1 : 0));
        assertTrue(ring.runUntil(() -> done.get() >= 0, 30 * SECOND, SECOND / 10));
        assertEquals(1, done.get(), "put succeeded");
    }

    private static byte[] ipv4Frame(final int src)
    {
        final byte[] frame = new byte[14 + 28];
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[26] = (byte)(src >>> 24);
        frame[27] = (byte)(src >>> 16);
        frame[28] = (byte)(src >>> 8);
        frame[29] = (byte)src;
        return frame;
    }
}
