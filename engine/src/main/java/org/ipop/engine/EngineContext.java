package org.ipop.engine;

import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.CountedErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.LoggingErrorHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.idle.ConsumerWakeup;
import org.ipop.engine.idle.DescriptorIdleStrategy;
import org.ipop.engine.idle.SignallingRingBuffer;
import org.ipop.engine.protocol.EthernetDescriptor;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.status.CountersFile;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.table.ForwardingTable;
import org.ipop.engine.table.PeerTrafficCounters;
import org.ipop.engine.table.PuntTable;
import org.ipop.tap.Bridges;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.Doorbell;
import org.ipop.tap.FrameDevice;
import org.ipop.tap.PollableDescriptor;
import org.ipop.tap.SessionKeys;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.function.Supplier;

import static org.ipop.engine.EngineConfiguration.*;
import static org.ipop.engine.control.RingDescriptor.EVENT_PAYLOAD_OFFSET;
import static org.ipop.engine.control.RingDescriptor.SEND_PAYLOAD_OFFSET;

/**
 * Settings of an {@link Engine}, with fluent setters, and the shared state {@link #conclude()} builds
 * from them once: forwarding table, rings, counters file, counters and error log.
 * <p>
 * Required: {@link #frameDevice} and {@link #datagramEndpoint}; the engine takes ownership and closes
 * them, and the {@link #sessionKeys} table when one is given. Everything else has a default from
 * {@link EngineConfiguration}. Set it up on one thread, then hand
 * it to {@link Engine#launch}; after conclusion setters throw.
 */
public final class EngineContext
{
    private boolean concluded;
    private FrameDevice frameDevice;
    private DatagramEndpoint datagramEndpoint;
    private ThreadingMode threadingMode = ThreadingMode.valueOf(System.getProperty(THREADING_MODE_PROP, THREADING_MODE_DEFAULT));
    private int mtu = Integer.getInteger(MTU_PROP, MTU_DEFAULT);
    private int minControlLength;
    private int batchSize = Integer.getInteger(BATCH_SIZE_PROP, BATCH_SIZE_DEFAULT);
    private int ttl = Integer.getInteger(TTL_PROP, TTL_DEFAULT);
    private int maxPeers = Integer.getInteger(MAX_PEERS_PROP, MAX_PEERS_DEFAULT);
    private int maxRoutes = Integer.getInteger(MAX_ROUTES_PROP, MAX_ROUTES_DEFAULT);
    private int eventRingCapacity = EVENT_RING_CAPACITY_DEFAULT;
    private int sendRingCapacity = SEND_RING_CAPACITY_DEFAULT;
    private int commandRingCapacity = COMMAND_RING_CAPACITY_DEFAULT;
    private int tapWriteRingCapacity = TAP_WRITE_RING_CAPACITY_DEFAULT;
    private int commandBacklogCapacity = COMMAND_BACKLOG_CAPACITY_DEFAULT;
    private int commandLimit = COMMAND_LIMIT_DEFAULT;
    private int countersValuesLength = COUNTERS_VALUES_LENGTH_DEFAULT;
    private int errorLogLength = ERROR_LOG_LENGTH_DEFAULT;
    private IdleStrategy tapIdleStrategy;
    private IdleStrategy udpIdleStrategy;
    private IdleStrategy sharedIdleStrategy;
    private String tapCpus = System.getProperty(TAP_CPUS_PROP, "");
    private String udpCpus = System.getProperty(UDP_CPUS_PROP, "");
    private File countersFile;
    private boolean deleteCountersFileOnClose = true;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private EpochClock epochClock = SystemEpochClock.INSTANCE;
    private ErrorHandler errorHandler;
    private SessionKeys sessionKeys;
    private int handshakeRate = HANDSHAKE_RATE_DEFAULT;
    private int handshakeBurst = HANDSHAKE_BURST_DEFAULT;

    private ForwardingTable forwardingTable;
    private PuntTable puntTable;
    private PeerTrafficCounters trafficCounters;
    private CountersFile countersFileMapping;
    private EngineCounters counters;
    private DistinctErrorLog errorLog;
    private RingBuffer eventRing;
    private RingBuffer sendRing;
    private RingBuffer commandRing;
    private RingBuffer tapWriteRing;
    private Supplier<Doorbell> doorbellFactory;
    private ConsumerWakeup tapWakeup;
    private ConsumerWakeup udpWakeup;
    private ConsumerWakeup controlWakeup;

    /**
     * Validates the settings and builds the shared state; idempotent. Called by {@link Engine#launch}.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad setting and value.
     */
    public EngineContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (null == frameDevice || null == datagramEndpoint)
        {
            throw new IllegalArgumentException("frameDevice and datagramEndpoint are required");
        }
        if (null == threadingMode)
        {
            throw new IllegalArgumentException("threadingMode is required");
        }
        require(mtu >= 68 && mtu <= 9000, "mtu must be 68..9000", mtu);
        require(minControlLength >= 0 && minControlLength <= 9014, "minControlLength must be 0..9014", minControlLength);
        require(batchSize >= 1 && batchSize <= 1024, "batchSize must be 1..1024", batchSize);
        require(ttl >= 1 && ttl <= 255, "ttl must be 1..255", ttl);
        require(maxPeers >= 2 && maxPeers <= 1 << 20, "maxPeers must be 2..2^20", maxPeers);
        require(maxRoutes >= 1 && maxRoutes <= 1 << 22, "maxRoutes must be 1..2^22", maxRoutes);
        require(commandLimit >= 1, "commandLimit must be >= 1", commandLimit);
        requireRing("eventRingCapacity", eventRingCapacity);
        requireRing("sendRingCapacity", sendRingCapacity);
        requireRing("commandRingCapacity", commandRingCapacity);
        requireRing("tapWriteRingCapacity", tapWriteRingCapacity);
        require(commandBacklogCapacity >= 64 && commandBacklogCapacity <= 1 << 30 && BitUtil.isPowerOfTwo(commandBacklogCapacity),
            "commandBacklogCapacity must be a power of two 64..2^30", commandBacklogCapacity);
        require(countersValuesLength >= 64 * 128, "countersValuesLength must be >= 8192", countersValuesLength);
        require(errorLogLength >= 4096, "errorLogLength must be >= 4096", errorLogLength);
        require(handshakeRate >= 1 && handshakeRate <= 1_000_000_000, "handshakeRate must be 1..10^9", handshakeRate);
        require(handshakeBurst >= 1, "handshakeBurst must be >= 1", handshakeBurst);
        final BitSet parsedTapCpus = PinnedThreadFactory.parseCpuList(tapCpus);
        final BitSet parsedUdpCpus = PinnedThreadFactory.parseCpuList(udpCpus);
        require(parsedTapCpus.length() < 4096 && parsedUdpCpus.length() < 4096,
            "CPU ids must be < 4096", 0);
        // an Agrona ring refuses (throws for) records longer than an eighth of its capacity
        require(eventRingCapacity / 8 >= EVENT_PAYLOAD_OFFSET + maxDatagramLength(),
            "eventRingCapacity / 8 must hold the largest event (" + (EVENT_PAYLOAD_OFFSET + maxDatagramLength()) + " bytes)",
            eventRingCapacity);
        require(sendRingCapacity / 8 >= SEND_PAYLOAD_OFFSET + maxDatagramLength(),
            "sendRingCapacity / 8 must hold the largest datagram (" + (SEND_PAYLOAD_OFFSET + maxDatagramLength()) + " bytes)",
            sendRingCapacity);
        require(tapWriteRingCapacity / 8 >= maxFrameLength(),
            "tapWriteRingCapacity / 8 must hold the largest frame (" + maxFrameLength() + " bytes)", tapWriteRingCapacity);

        final long pid = ProcessHandle.current().pid();
        if (null == countersFile)
        {
            countersFile = new File(defaultDirectory(), "ipop-engine-" + pid + "-" + System.nanoTime() + ".dat");
        }

        forwardingTable = new ForwardingTable(maxPeers, maxRoutes);
        puntTable = new PuntTable();
        countersFileMapping = new CountersFile(
            countersFile,
            deleteCountersFileOnClose,
            countersValuesLength,
            errorLogLength,
            PeerTrafficCounters.requiredLength(maxPeers),
            maxPeers,
            pid,
            epochClock.time());
        try
        {
            final CountersManager countersManager = new CountersManager(
                countersFileMapping.metadataBuffer(), countersFileMapping.valuesBuffer(), StandardCharsets.US_ASCII);
            counters = new EngineCounters(countersManager);
            trafficCounters = new PeerTrafficCounters(countersFileMapping.trafficBuffer(), maxPeers);
            errorLog = new DistinctErrorLog(countersFileMapping.errorLogBuffer(), epochClock, StandardCharsets.UTF_8);
            // the one counting point of engine errors: the agent runners are given no counter of their own
            errorHandler = new CountedErrorHandler(
                null == errorHandler ? new LoggingErrorHandler(errorLog) : errorHandler, counters.errors);
            openWakeups();
            // every ring wakes the thread that reads it: events the control thread, the send ring the TAP
            // thread, commands and TAP writes the UDP thread (which also runs the conductor)
            eventRing = new SignallingRingBuffer(newRing(eventRingCapacity), controlWakeup);
            sendRing = new SignallingRingBuffer(newRing(sendRingCapacity), tapWakeup);
            commandRing = new SignallingRingBuffer(newRing(commandRingCapacity), udpWakeup);
            tapWriteRing = new SignallingRingBuffer(newRing(tapWriteRingCapacity), udpWakeup);
            concludeIdleStrategies();
            if (null != sessionKeys)
            {
                datagramEndpoint.attachKeys(sessionKeys);
            }
            countersFileMapping.signalReady();
        }
        catch (final RuntimeException ex)
        {
            closeWakeups();
            countersFileMapping.close();
            throw ex;
        }
        concluded = true;
        return this;
    }

    private void openWakeups()
    {
        final boolean pollable = frameDevice instanceof PollableDescriptor && datagramEndpoint instanceof PollableDescriptor;
        if (null == doorbellFactory && pollable && DescriptorIdleStrategy.ALIAS.equals(idleStrategyName()))
        {
            doorbellFactory = () -> Bridges.select().openDoorbell();
        }
        controlWakeup = newWakeup();
        switch (threadingMode)
        {
            case INVOKER:
                tapWakeup = ConsumerWakeup.none();
                udpWakeup = tapWakeup;
                break;

            case SHARED:
                tapWakeup = newWakeup();
                udpWakeup = tapWakeup;
                break;

            default:
                tapWakeup = newWakeup();
                udpWakeup = newWakeup();
                break;
        }
    }

    private ConsumerWakeup newWakeup()
    {
        return null == doorbellFactory ? ConsumerWakeup.none() : new ConsumerWakeup(doorbellFactory.get());
    }

    private void concludeIdleStrategies()
    {
        // each thread waits on the descriptors it reads and the doorbell of the rings it reads: the TAP agent on
        // the TAP and the send ring, the UDP agent on the socket, the command ring and the TAP-write ring
        final String name = idleStrategyName();
        if (null == tapIdleStrategy)
        {
            tapIdleStrategy = idleStrategy(name, frameDevice, null, tapWakeup, sendRing);
        }
        if (null == udpIdleStrategy)
        {
            udpIdleStrategy = idleStrategy(name, datagramEndpoint, null, udpWakeup, commandRing, tapWriteRing);
        }
        if (null == sharedIdleStrategy)
        {
            sharedIdleStrategy = idleStrategy(
                name, frameDevice, datagramEndpoint, tapWakeup, commandRing, sendRing, tapWriteRing);
        }
    }

    private static String idleStrategyName()
    {
        return System.getProperty(IDLE_STRATEGY_PROP, IDLE_STRATEGY_DEFAULT);
    }

    /** Wakes every engine thread blocked on its doorbell so it sees its runner stop; called by {@link Engine#close()}. */
    void wakeForClose()
    {
        for (final ConsumerWakeup wakeup : new ConsumerWakeup[] {tapWakeup, udpWakeup, controlWakeup})
        {
            if (null != wakeup)
            {
                wakeup.wakeForClose();
            }
        }
    }

    private void closeWakeups()
    {
        CloseHelper.closeAll(tapWakeup, udpWakeup == tapWakeup ? null : udpWakeup, controlWakeup);
    }

    /**
     * Releases what {@link #conclude()} built (the doorbells and the counters file); called by
     * {@link Engine#close()} once the agents have stopped.
     */
    public void close()
    {
        closeWakeups();
        if (null != countersFileMapping)
        {
            countersFileMapping.close();
        }
    }

    private static RingBuffer newRing(final int capacity)
    {
        final int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        return new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(length)));
    }

    private static void require(final boolean condition, final String message, final int value)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message + ", got: " + value);
        }
    }

    private static void requireRing(final String name, final int capacity)
    {
        require(capacity >= 4096 && BitUtil.isPowerOfTwo(capacity), name + " must be a power of two >= 4096", capacity);
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("context already concluded");
        }
    }

    // ---------------------------------------------------------------- derived sizes

    /** @return the largest Ethernet frame carried: MTU plus the 14-byte Ethernet header. */
    public int maxFrameLength()
    {
        return mtu + EthernetDescriptor.HEADER_LENGTH;
    }

    /**
     * @return the largest control message carried: the larger of the largest Ethernet frame and
     * {@link #minControlLength(int)}.
     */
    public int maxControlLength()
    {
        return Math.max(maxFrameLength(), minControlLength);
    }

    /**
     * @return the largest overlay frame (UDP payload) accepted: header, largest frame or control message and room
     * for an AEAD tag.
     */
    public int maxDatagramLength()
    {
        return OverlayFrameFlyweight.HEADER_LENGTH + Math.max(maxFrameLength(), maxControlLength()) +
            OverlayFrameFlyweight.AEAD_TAG_LENGTH;
    }

    // ---------------------------------------------------------------- settings

    /** The TAP device frames are read from and written to; the engine closes it. */
    public EngineContext frameDevice(final FrameDevice frameDevice)
    {
        checkNotConcluded();
        this.frameDevice = frameDevice;
        return this;
    }

    public FrameDevice frameDevice()
    {
        return frameDevice;
    }

    /** The node's one UDP socket, carrying data and control; the engine closes it. */
    public EngineContext datagramEndpoint(final DatagramEndpoint datagramEndpoint)
    {
        checkNotConcluded();
        this.datagramEndpoint = datagramEndpoint;
        return this;
    }

    public DatagramEndpoint datagramEndpoint()
    {
        return datagramEndpoint;
    }

    public EngineContext threadingMode(final ThreadingMode threadingMode)
    {
        checkNotConcluded();
        this.threadingMode = threadingMode;
        return this;
    }

    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /** Virtual interface MTU in bytes (IP packet); frames longer than MTU + 14 are dropped and counted. */
    public EngineContext mtu(final int mtu)
    {
        checkNotConcluded();
        this.mtu = mtu;
        return this;
    }

    public int mtu()
    {
        return mtu;
    }

    /**
     * Smallest largest control message the engine must carry, whatever the MTU (e.g. the overlay's largest control
     * frame, 1,400 bytes); 0 (default): control messages are limited like Ethernet frames (MTU + 14).
     */
    public EngineContext minControlLength(final int minControlLength)
    {
        checkNotConcluded();
        this.minControlLength = minControlLength;
        return this;
    }

    public int minControlLength()
    {
        return minControlLength;
    }

    /** Most frames or datagrams per system call. */
    public EngineContext batchSize(final int batchSize)
    {
        checkNotConcluded();
        this.batchSize = batchSize;
        return this;
    }

    public int batchSize()
    {
        return batchSize;
    }

    /** TTL of frames this node originates. */
    public EngineContext ttl(final int ttl)
    {
        checkNotConcluded();
        this.ttl = ttl;
        return this;
    }

    public int ttl()
    {
        return ttl;
    }

    /** Peer ids are {@code 1..maxPeers-1}. */
    public EngineContext maxPeers(final int maxPeers)
    {
        checkNotConcluded();
        this.maxPeers = maxPeers;
        return this;
    }

    public int maxPeers()
    {
        return maxPeers;
    }

    public EngineContext maxRoutes(final int maxRoutes)
    {
        checkNotConcluded();
        this.maxRoutes = maxRoutes;
        return this;
    }

    public int maxRoutes()
    {
        return maxRoutes;
    }

    /** Capacity of the ring carrying events to the control plane, a power of two. */
    public EngineContext eventRingCapacity(final int capacity)
    {
        checkNotConcluded();
        this.eventRingCapacity = capacity;
        return this;
    }

    /** Capacity of the ring carrying control and forwarded frames to the socket's sender, a power of two. */
    public EngineContext sendRingCapacity(final int capacity)
    {
        checkNotConcluded();
        this.sendRingCapacity = capacity;
        return this;
    }

    /** Capacity of the command ring, a power of two. */
    public EngineContext commandRingCapacity(final int capacity)
    {
        checkNotConcluded();
        this.commandRingCapacity = capacity;
        return this;
    }

    /** Capacity of the ring carrying control-plane frames to the TAP, a power of two. */
    public EngineContext tapWriteRingCapacity(final int capacity)
    {
        checkNotConcluded();
        this.tapWriteRingCapacity = capacity;
        return this;
    }

    /**
     * Bytes of the backlog that keeps, in order, commands the full command ring refused (see
     * {@link org.ipop.engine.control.EngineProxy}), a power of two; allocated once.
     */
    public EngineContext commandBacklogCapacity(final int capacity)
    {
        checkNotConcluded();
        this.commandBacklogCapacity = capacity;
        return this;
    }

    public int commandBacklogCapacity()
    {
        return commandBacklogCapacity;
    }

    /** Most records drained from a ring per duty cycle, commands included. */
    public EngineContext commandLimit(final int commandLimit)
    {
        checkNotConcluded();
        this.commandLimit = commandLimit;
        return this;
    }

    public int commandLimit()
    {
        return commandLimit;
    }

    public EngineContext countersValuesLength(final int length)
    {
        checkNotConcluded();
        this.countersValuesLength = length;
        return this;
    }

    public EngineContext errorLogLength(final int length)
    {
        checkNotConcluded();
        this.errorLogLength = length;
        return this;
    }

    /**
     * Sets the idle strategy of the TAP receiver thread (DEDICATED); default from
     * {@link EngineConfiguration#IDLE_STRATEGY_PROP}: {@code poll} waits on the TAP descriptor.
     */
    public EngineContext tapIdleStrategy(final IdleStrategy idleStrategy)
    {
        checkNotConcluded();
        this.tapIdleStrategy = idleStrategy;
        return this;
    }

    public IdleStrategy tapIdleStrategy()
    {
        return tapIdleStrategy;
    }

    /**
     * Sets the idle strategy of the UDP receiver thread (DEDICATED); default from
     * {@link EngineConfiguration#IDLE_STRATEGY_PROP}: {@code poll} waits on the socket.
     */
    public EngineContext udpIdleStrategy(final IdleStrategy idleStrategy)
    {
        checkNotConcluded();
        this.udpIdleStrategy = idleStrategy;
        return this;
    }

    public IdleStrategy udpIdleStrategy()
    {
        return udpIdleStrategy;
    }

    /**
     * Sets the idle strategy of the one thread of SHARED mode; default from
     * {@link EngineConfiguration#IDLE_STRATEGY_PROP}: {@code poll} waits on the TAP and the socket at once.
     */
    public EngineContext sharedIdleStrategy(final IdleStrategy idleStrategy)
    {
        checkNotConcluded();
        this.sharedIdleStrategy = idleStrategy;
        return this;
    }

    public IdleStrategy sharedIdleStrategy()
    {
        return sharedIdleStrategy;
    }

    /** CPU list for the TAP receiver thread (DEDICATED) or the one shared thread (SHARED); empty: unpinned. */
    public EngineContext tapCpus(final String cpuList)
    {
        checkNotConcluded();
        this.tapCpus = cpuList;
        return this;
    }

    public String tapCpus()
    {
        return tapCpus;
    }

    /** CPU list for the UDP receiver thread (DEDICATED); empty: unpinned. */
    public EngineContext udpCpus(final String cpuList)
    {
        checkNotConcluded();
        this.udpCpus = cpuList;
        return this;
    }

    public String udpCpus()
    {
        return udpCpus;
    }

    /** The memory-mapped counters file; default a unique name in {@link EngineConfiguration#defaultDirectory()}. */
    public EngineContext countersFile(final File file)
    {
        checkNotConcluded();
        this.countersFile = file;
        return this;
    }

    public File countersFile()
    {
        return countersFile;
    }

    /** Whether {@link Engine#close()} deletes the counters file (default true). */
    public EngineContext deleteCountersFileOnClose(final boolean delete)
    {
        checkNotConcluded();
        this.deleteCountersFileOnClose = delete;
        return this;
    }

    /** Clock for receive and read timestamps handed to the control plane. */
    public EngineContext nanoClock(final NanoClock nanoClock)
    {
        checkNotConcluded();
        this.nanoClock = nanoClock;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    public EngineContext epochClock(final EpochClock epochClock)
    {
        checkNotConcluded();
        this.epochClock = epochClock;
        return this;
    }

    public EpochClock epochClock()
    {
        return epochClock;
    }

    /**
     * Receives every error of the agents; default: the distinct error log. Either way {@link #conclude()} wraps it
     * in a {@link CountedErrorHandler} that counts each error once in "errors", and {@link #errorHandler()} then
     * returns the wrapper.
     */
    public EngineContext errorHandler(final ErrorHandler errorHandler)
    {
        checkNotConcluded();
        this.errorHandler = errorHandler;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * The session-key table the socket seals and opens frames with ({@link DatagramEndpoint#attachKeys}, done by
     * {@link #conclude()}); the engine closes it, which wipes the keys. With a table every DATA and CONTROL frame
     * is sealed for the session of its destination or neighbour and only sealed frames (and clear HANDSHAKE
     * frames) are accepted; null (default): plaintext mode, every frame in clear, as before encryption.
     */
    public EngineContext sessionKeys(final SessionKeys sessionKeys)
    {
        checkNotConcluded();
        this.sessionKeys = sessionKeys;
        return this;
    }

    /** @return the session-key table, or null in plaintext mode. */
    public SessionKeys sessionKeys()
    {
        return sessionKeys;
    }

    /** Clear HANDSHAKE frames per second handed to the control plane in the long run; the excess is dropped. */
    public EngineContext handshakeRate(final int perSecond)
    {
        checkNotConcluded();
        this.handshakeRate = perSecond;
        return this;
    }

    public int handshakeRate()
    {
        return handshakeRate;
    }

    /** Clear HANDSHAKE frames handed to the control plane back to back after a quiet spell. */
    public EngineContext handshakeBurst(final int burst)
    {
        checkNotConcluded();
        this.handshakeBurst = burst;
        return this;
    }

    public int handshakeBurst()
    {
        return handshakeBurst;
    }

    // ---------------------------------------------------------------- built by conclude()

    public ForwardingTable forwardingTable()
    {
        return forwardingTable;
    }

    /** @return the rules of the TAP frames the control plane wants punted; written by the conductor only. */
    public PuntTable puntTable()
    {
        return puntTable;
    }

    public PeerTrafficCounters trafficCounters()
    {
        return trafficCounters;
    }

    public EngineCounters counters()
    {
        return counters;
    }

    public DistinctErrorLog errorLog()
    {
        return errorLog;
    }

    /** Agents -> control plane. */
    public RingBuffer eventRing()
    {
        return eventRing;
    }

    /** Control plane and UDP receiver -> the socket's sender (TAP receiver agent). */
    public RingBuffer sendRing()
    {
        return sendRing;
    }

    /** Control plane -> conductor. */
    public RingBuffer commandRing()
    {
        return commandRing;
    }

    /** Control plane -> TAP writer (UDP receiver agent). */
    public RingBuffer tapWriteRing()
    {
        return tapWriteRing;
    }

    /**
     * The wake-up the {@link #eventRing()} signals: the control thread idles on it (e.g. with a
     * {@link org.ipop.engine.idle.DeadlineIdleStrategy}) so an event wakes it at once. Without doorbells (see
     * {@link #doorbellFactory(Supplier)}) it has none and the control thread parks.
     */
    public ConsumerWakeup controlWakeup()
    {
        return controlWakeup;
    }

    /**
     * Opens the doorbells (eventfds) that let idle threads block without a timeout. Default: when both the
     * device and the endpoint are descriptors and the idle strategy is {@code poll}, the selected bridge's
     * {@link org.ipop.tap.Bridge#openDoorbell()}; otherwise none (bounded waits).
     */
    public EngineContext doorbellFactory(final Supplier<Doorbell> doorbellFactory)
    {
        checkNotConcluded();
        this.doorbellFactory = doorbellFactory;
        return this;
    }
}
