package org.ipop.overlay.journal;

import org.agrona.DirectBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.dht.DhtContext;
import org.ipop.overlay.dht.DhtRecordPolicy;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ControlTransport;
import org.ipop.overlay.control.DataPlaneCommands;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.NodeConfig;
import org.ipop.overlay.control.StateDigest;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Feeds a journal into a fresh {@link ControlPlane} (built from the journaled configuration and seed, with no
 * journal, its frames sent nowhere), attaches the journaled extensions (the DHT) and compares its state digest
 * with each journaled checkpoint.
 */
public final class JournalReplayer implements JournalHandler
{
    private final DhtRecordPolicy recordPolicy;
    private ControlPlane plane;
    private long records;
    private int checkpoints;
    private int mismatches;
    private long firstMismatchNs = -1;
    private long framesSent;

    private JournalReplayer(final DhtRecordPolicy recordPolicy)
    {
        this.recordPolicy = recordPolicy;
    }

    /**
     * @param dir the node's journal directory.
     * @return the outcome.
     */
    public static ReplayResult replay(final Path dir)
    {
        return replay(dir, null);
    }

    /**
     * Replays a node whose DHT checked signed records: the replayed DHT must apply the same rules
     * ({@link ReplicatedDht#recordPolicy}) to decide alike.
     *
     * @param dir          the node's journal directory.
     * @param recordPolicy the node's record policy, or null for none.
     * @return the outcome.
     */
    public static ReplayResult replay(final Path dir, final DhtRecordPolicy recordPolicy)
    {
        final JournalReplayer r = new JournalReplayer(recordPolicy);
        final long n = JournalReader.read(dir, r);
        if (r.plane == null)
        {
            throw new IllegalStateException("journal has no start record: " + dir);
        }
        return new ReplayResult(r.plane, n, r.checkpoints, r.mismatches, r.firstMismatchNs, r.framesSent);
    }

    @Override
    public void onStart(final DirectBuffer config, final int offset, final int length)
    {
        if (plane != null)
        {
            throw new IllegalStateException("second start record");
        }
        final ControlTransport discard = (ip, port, buffer, off, len) ->
        {
            framesSent++;
            return true;
        };
        plane = new ControlPlane(NodeConfig.decode(config, offset, length), discard, IgnoredCommands.INSTANCE,
            InputJournal.NULL);
        records++;
    }

    @Override
    public void onFrame(
        final long timeNs, final int srcIp, final int srcPort, final DirectBuffer frame, final int offset,
        final int length)
    {
        plane.onControlFrame(srcIp, srcPort, timeNs, frame, offset, length);
    }

    @Override
    public void onTimer(final long timeNs)
    {
        plane.onTimer(timeNs);
    }

    @Override
    public void onTraffic(final long timeNs, final Address destination, final long packets)
    {
        plane.onTrafficSample(timeNs, destination, packets);
    }

    @Override
    public void onProbe(final long timeNs, final int mode, final Address destination, final int param)
    {
        plane.onProbe(timeNs, mode, destination, param);
    }

    @Override
    public void onLeave(final long timeNs)
    {
        plane.onLeave(timeNs);
    }

    @Override
    public void onAttach(
        final long timeNs, final int payloadType, final DirectBuffer config, final int offset, final int length)
    {
        if (payloadType != ReplicatedDht.PAYLOAD_TYPE)
        {
            throw new IllegalStateException("journal attaches an unknown extension: payload type " + payloadType);
        }
        ReplicatedDht.attach(plane, DhtContext.decode(config, offset, length)).recordPolicy(recordPolicy);
    }

    @Override
    public void onCommand(
        final long timeNs, final int payloadType, final DirectBuffer command, final int offset, final int length)
    {
        plane.onExtensionCommand(timeNs, payloadType, command, offset, length);
    }

    @Override
    public void onCheckpoint(final long timeNs, final byte[] digest)
    {
        checkpoints++;
        if (!Arrays.equals(digest, StateDigest.compute(plane)))
        {
            mismatches++;
            if (firstMismatchNs < 0)
            {
                firstMismatchNs = timeNs;
            }
        }
    }

    /** Data-plane commands of a replay go nowhere: the replay reproduces decisions, not their effects. */
    private static final class IgnoredCommands implements DataPlaneCommands
    {
        static final IgnoredCommands INSTANCE = new IgnoredCommands();

        @Override
        public void edgeUp(final Address peer, final int ip, final int port, final int types)
        {
        }

        @Override
        public void edgeDown(final Address peer)
        {
        }

        @Override
        public void nextHop(final Address destination, final Address via)
        {
        }
    }
}
