package org.ipop.overlay.sim;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.DeterministicRandom;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.control.NodeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * Many nodes in one JVM over an in-memory network: per-link latency, random loss, partitions and node death,
 * driven by a virtual clock and a priority queue of events. The same seed gives the same run. Each node runs
 * the production {@link ControlPlane} unchanged; its journal (or none) comes from a factory.
 * Single-threaded.
 */
public final class Simulator
{
    /** Base IPv4 address of simulated nodes: node i has 10.0.0.0 + i + 1. */
    public static final int BASE_IP = 0x0A00_0000;
    /** UDP port of every simulated node. */
    public static final int PORT = 4000;

    private static final long MS = 1_000_000L;

    private final long seed;
    private final DeterministicRandom random;
    private final EventQueue events = new EventQueue();
    private final ArrayList<SimNode> nodes = new ArrayList<>();
    private final UnsafeBuffer frameBuffer = new UnsafeBuffer(new byte[0]);
    private final long[] seedTransports;
    private final IntFunction<InputJournal> journals;
    private double lossRate;
    private long minLatencyNs = 10 * MS;
    private long maxLatencyNs = 100 * MS;
    private int[] partition;
    private double shortcutFactor = 1.0;
    private UnaryOperator<NodeConfig> configurer = UnaryOperator.identity();
    private long now;
    private long delivered;
    private long dropped;

    /**
     * @param seed      seed of the whole run.
     * @param seedCount number of seed nodes (indexes 0..seedCount-1) every node bootstraps from.
     * @param journals  journal of each node by index ({@code i -> InputJournal.NULL} for none).
     */
    public Simulator(final long seed, final int seedCount, final IntFunction<InputJournal> journals)
    {
        this.seed = seed;
        this.random = new DeterministicRandom(seed);
        this.journals = journals;
        this.seedTransports = new long[seedCount];
        for (int i = 0; i < seedCount; i++)
        {
            seedTransports[i] = transportOf(i);
        }
    }

    /**
     * @param lossRate probability a frame is lost, 0..1.
     * @return this.
     */
    public Simulator lossRate(final double lossRate)
    {
        this.lossRate = lossRate;
        return this;
    }

    /**
     * @param minNs smallest one-way latency.
     * @param maxNs largest one-way latency.
     * @return this.
     */
    public Simulator latency(final long minNs, final long maxNs)
    {
        this.minLatencyNs = minNs;
        this.maxLatencyNs = maxNs;
        return this;
    }

    /**
     * @param factor shortcut factor of nodes added afterwards.
     * @return this.
     */
    public Simulator shortcutFactor(final double factor)
    {
        this.shortcutFactor = factor;
        return this;
    }

    /**
     * @param configurer adjusts the settings of nodes added afterwards (address, transport, seed and bootstraps
     *                   are already set).
     * @return this.
     */
    public Simulator configure(final UnaryOperator<NodeConfig> configurer)
    {
        this.configurer = configurer;
        return this;
    }

    /**
     * @param index node index.
     * @return its packed transport address.
     */
    public static long transportOf(final int index)
    {
        return TransportAddress.pack(BASE_IP + index + 1, PORT);
    }

    /**
     * Adds a node that starts at {@code startNs} with a random address, bootstrapping from the seeds.
     *
     * @param startNs virtual start time, not before now.
     * @return the node.
     */
    public SimNode addNode(final long startNs)
    {
        final int index = nodes.size();
        final Address address = Address.of(random.nextLong(), random.nextLong(), (int)random.nextLong())
            .withClass(Address.NODE_CLASS);
        final NodeConfig config = configurer.apply(new NodeConfig()
            .address(address)
            .localTransport(transportOf(index))
            .seed(random.nextLong())
            .bootstraps(seedTransports)
            .shortcutFactor(shortcutFactor));
        final SimNode node = new SimNode(this, index, transportOf(index), startNs);
        nodes.add(node);
        node.journal = journals.apply(index);
        node.plane = new ControlPlane(config, node, node.dataPlane(), node.journal);
        final long jitter = (long)(random.nextDouble() * config.tickNs());
        events.add(Math.max(startNs, now) + jitter, index, EventQueue.TICK, 0, null);
        return node;
    }

    /**
     * Kills a node at the current time: it gets no more input and frames to it are lost.
     *
     * @param index node index.
     */
    public void kill(final int index)
    {
        final SimNode n = nodes.get(index);
        if (!n.dead)
        {
            n.dead = true;
            n.journal.close();
        }
    }

    /**
     * Splits the network: frames between nodes of different groups are lost. Null heals it.
     *
     * @param groupOfNode group number of each node index (nodes beyond the array are in group 0).
     */
    public void partition(final int[] groupOfNode)
    {
        this.partition = groupOfNode;
    }

    /**
     * Processes events up to and including virtual time {@code untilNs}.
     *
     * @param untilNs virtual time to run to.
     */
    public void runUntil(final long untilNs)
    {
        while (events.size() > 0 && events.peekTime() <= untilNs)
        {
            events.poll();
            now = events.polledTime;
            final SimNode n = nodes.get(events.polledNode);
            if (n.dead)
            {
                continue;
            }
            if (events.polledKind == EventQueue.TICK)
            {
                n.plane().onTimer(now);
                events.add(now + n.plane().config().tickNs(), n.index(), EventQueue.TICK, 0, null);
            }
            else
            {
                final byte[] d = events.polledData;
                frameBuffer.wrap(d);
                delivered++;
                n.plane().onControlFrame(
                    TransportAddress.ip(events.polledSrc), TransportAddress.port(events.polledSrc), now, frameBuffer, 0,
                    d.length);
            }
        }
        now = Math.max(now, untilNs);
    }

    void send(final SimNode from, final long dst, final byte[] frame)
    {
        final int index = TransportAddress.ip(dst) - BASE_IP - 1;
        if (index < 0 || index >= nodes.size() || TransportAddress.port(dst) != PORT)
        {
            dropped++;
            return;
        }
        if (lossRate > 0 && random.nextDouble() < lossRate)
        {
            dropped++;
            return;
        }
        if (partition != null && groupOf(from.index()) != groupOf(index))
        {
            dropped++;
            return;
        }
        events.add(now + latency(from.index(), index), index, EventQueue.DELIVER, from.transportAddress(), frame);
    }

    private int groupOf(final int index)
    {
        return index < partition.length ? partition[index] : 0;
    }

    private long latency(final int a, final int b)
    {
        final int lo = Math.min(a, b);
        final int hi = Math.max(a, b);
        long z = seed ^ ((long)lo << 32 | hi) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        final long span = maxLatencyNs - minLatencyNs;
        return minLatencyNs + (span > 0 ? Long.remainderUnsigned(z, span) : 0);
    }

    /** Closes every node's journal (end of a run). */
    public void closeJournals()
    {
        for (final SimNode n : nodes)
        {
            n.journal.close();
        }
    }

    /** @return current virtual time. */
    public long now()
    {
        return now;
    }

    /** @return all nodes, dead ones included (read only). */
    public List<SimNode> nodes()
    {
        return nodes;
    }

    /**
     * @param index node index.
     * @return the node.
     */
    public SimNode node(final int index)
    {
        return nodes.get(index);
    }

    /** @return frames delivered so far. */
    public long delivered()
    {
        return delivered;
    }

    /** @return frames lost so far (loss, partition, unknown address). */
    public long dropped()
    {
        return dropped;
    }

    /** @return the run's random generator (for scenario choices). */
    public DeterministicRandom random()
    {
        return random;
    }
}
