package org.ipop.engine.status;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import static org.ipop.engine.status.EngineCounter.*;

/**
 * Every counter the engine keeps ({@link EngineCounter}), allocated once in the counters file, where other
 * processes read them by type id with {@link CountersFileReader}.
 * <p>
 * The hot paths write through the fields below, one per counter, named as the agents use them; a counter
 * without a field is reached with {@link #get(EngineCounter)}.
 * <p>
 * Writers: fields grouped under "TAP receiver" are written only by the TAP receiver agent, "UDP receiver"
 * only by the UDP receiver agent, "conductor" only by the conductor; those use release stores of their
 * single writer. Fields marked "any thread" are incremented atomically.
 */
public final class EngineCounters
{
    // TAP receiver (also the socket's only sender)
    public final AtomicCounter tapFramesIn;
    public final AtomicCounter tapBytesIn;
    public final AtomicCounter tapReadBatches;
    public final AtomicCounter tapReadErrors;
    public final AtomicCounter udpDatagramsOut;
    public final AtomicCounter udpBytesOut;
    public final AtomicCounter udpSendBatches;
    public final AtomicCounter udpSendErrors;
    public final AtomicCounter udpSendDropped;
    public final AtomicCounter framesPunted;
    public final AtomicCounter controlFramesOut;
    public final AtomicCounter framesForwardedOut;
    public final AtomicCounter dropTapTruncated;
    public final AtomicCounter dropTapOversize;
    public final AtomicCounter dropTapUnsupported;
    public final AtomicCounter dropPuntRingFull;
    public final AtomicCounter dropSendRecordInvalid;
    public final AtomicCounter broadcastCopies;
    public final AtomicCounter dropBroadcastNoMembers;
    public final AtomicCounter dropBroadcastNoRoute;
    public final AtomicCounter dropNoSessionKey;
    public final AtomicCounter dropControlClear;
    public final AtomicCounter sealRejected;
    public final AtomicCounter handshakeFramesOut;

    // UDP receiver (also the TAP's writer)
    public final AtomicCounter udpDatagramsIn;
    public final AtomicCounter udpBytesIn;
    public final AtomicCounter udpReceiveBatches;
    public final AtomicCounter udpReceiveErrors;
    public final AtomicCounter tapFramesOut;
    public final AtomicCounter tapBytesOut;
    public final AtomicCounter tapWriteBatches;
    public final AtomicCounter tapWriteErrors;
    public final AtomicCounter tapWriteDropped;
    public final AtomicCounter controlFramesIn;
    public final AtomicCounter framesForwarded;
    public final AtomicCounter dropTruncated;
    public final AtomicCounter dropUnknownVersion;
    public final AtomicCounter dropUnknownType;
    public final AtomicCounter dropUnsupportedFlags;
    public final AtomicCounter dropOversize;
    public final AtomicCounter dropNoRoute;
    public final AtomicCounter dropTtlExpired;
    public final AtomicCounter dropReturnToSender;
    public final AtomicCounter dropForwardRingFull;
    public final AtomicCounter dropControlRingFull;
    public final AtomicCounter dropSourceMismatch;
    public final AtomicCounter dropNotIpv4;
    public final AtomicCounter framesSourceUnknown;
    public final AtomicCounter dropNoSession;
    public final AtomicCounter dropBadTag;
    public final AtomicCounter dropReplay;
    public final AtomicCounter dropWrongPeer;
    public final AtomicCounter dropMalformedSealed;
    public final AtomicCounter dropRelayUnauthenticated;
    public final AtomicCounter dropHandshakeRateLimited;
    public final AtomicCounter dropUnauthenticated;
    public final AtomicCounter handshakeFramesIn;
    public final AtomicCounter framesOpened;

    // conductor
    public final AtomicCounter commandsApplied;
    public final AtomicCounter commandsRejected;

    // the thread sending commands (control plane)
    public final AtomicCounter commandOfferRetries;
    public final AtomicCounter commandsBacklogged;
    public final AtomicCounter commandsLost;

    // any thread: the control-plane proxy and error handler
    public final AtomicCounter sendRingFull;
    public final AtomicCounter tapWriteRingFull;
    public final AtomicCounter errors;
    public final AtomicCounter controlErrors;

    private final CountersManager countersManager;
    private final AtomicCounter[] counters;

    /** Allocates every {@link EngineCounter} in the manager; call on the launching thread. */
    public EngineCounters(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        this.counters = CounterDescriptor.newCounters(countersManager, EngineCounter.values());

        tapFramesIn = get(TAP_FRAMES_IN);
        tapBytesIn = get(TAP_BYTES_IN);
        tapReadBatches = get(TAP_READ_BATCHES);
        tapReadErrors = get(TAP_READ_ERRORS);
        udpDatagramsOut = get(UDP_DATAGRAMS_OUT);
        udpBytesOut = get(UDP_BYTES_OUT);
        udpSendBatches = get(UDP_SEND_BATCHES);
        udpSendErrors = get(UDP_SEND_ERRORS);
        udpSendDropped = get(UDP_SEND_DROPPED);
        framesPunted = get(FRAMES_PUNTED);
        controlFramesOut = get(CONTROL_FRAMES_OUT);
        framesForwardedOut = get(FRAMES_FORWARDED_OUT);
        dropTapTruncated = get(DROP_TAP_TRUNCATED);
        dropTapOversize = get(DROP_TAP_OVERSIZE);
        dropTapUnsupported = get(DROP_TAP_UNSUPPORTED);
        dropPuntRingFull = get(DROP_PUNT_RING_FULL);
        dropSendRecordInvalid = get(DROP_SEND_RECORD_INVALID);
        broadcastCopies = get(BROADCAST_COPIES);
        dropBroadcastNoMembers = get(DROP_BROADCAST_NO_MEMBERS);
        dropBroadcastNoRoute = get(DROP_BROADCAST_NO_ROUTE);
        dropNoSessionKey = get(DROP_NO_SESSION_KEY);
        dropControlClear = get(DROP_CONTROL_CLEAR);
        sealRejected = get(SEAL_REJECTED);
        handshakeFramesOut = get(HANDSHAKE_FRAMES_OUT);

        udpDatagramsIn = get(UDP_DATAGRAMS_IN);
        udpBytesIn = get(UDP_BYTES_IN);
        udpReceiveBatches = get(UDP_RECEIVE_BATCHES);
        udpReceiveErrors = get(UDP_RECEIVE_ERRORS);
        tapFramesOut = get(TAP_FRAMES_OUT);
        tapBytesOut = get(TAP_BYTES_OUT);
        tapWriteBatches = get(TAP_WRITE_BATCHES);
        tapWriteErrors = get(TAP_WRITE_ERRORS);
        tapWriteDropped = get(TAP_WRITE_DROPPED);
        controlFramesIn = get(CONTROL_FRAMES_IN);
        framesForwarded = get(FRAMES_FORWARDED);
        dropTruncated = get(DROP_TRUNCATED);
        dropUnknownVersion = get(DROP_UNKNOWN_VERSION);
        dropUnknownType = get(DROP_UNKNOWN_TYPE);
        dropUnsupportedFlags = get(DROP_UNSUPPORTED_FLAGS);
        dropOversize = get(DROP_OVERSIZE);
        dropNoRoute = get(DROP_NO_ROUTE);
        dropTtlExpired = get(DROP_TTL_EXPIRED);
        dropReturnToSender = get(DROP_RETURN_TO_SENDER);
        dropForwardRingFull = get(DROP_FORWARD_RING_FULL);
        dropControlRingFull = get(DROP_CONTROL_RING_FULL);
        dropSourceMismatch = get(DROP_SOURCE_MISMATCH);
        dropNotIpv4 = get(DROP_NOT_IPV4);
        framesSourceUnknown = get(FRAMES_SOURCE_UNKNOWN);
        dropNoSession = get(DROP_NO_SESSION);
        dropBadTag = get(DROP_BAD_TAG);
        dropReplay = get(DROP_REPLAY);
        dropWrongPeer = get(DROP_WRONG_PEER);
        dropMalformedSealed = get(DROP_MALFORMED_SEALED);
        dropRelayUnauthenticated = get(DROP_RELAY_UNAUTHENTICATED);
        dropHandshakeRateLimited = get(DROP_HANDSHAKE_RATE_LIMITED);
        dropUnauthenticated = get(DROP_UNAUTHENTICATED);
        handshakeFramesIn = get(HANDSHAKE_FRAMES_IN);
        framesOpened = get(FRAMES_OPENED);

        commandsApplied = get(COMMANDS_APPLIED);
        commandsRejected = get(COMMANDS_REJECTED);

        commandOfferRetries = get(COMMAND_OFFER_RETRIES);
        commandsBacklogged = get(COMMANDS_BACKLOGGED);
        commandsLost = get(COMMANDS_LOST);
        sendRingFull = get(SEND_RING_FULL);
        tapWriteRingFull = get(TAP_WRITE_RING_FULL);
        errors = get(ERRORS);
        controlErrors = get(CONTROL_ERRORS);
    }

    /**
     * @param descriptor which counter.
     * @return the counter allocated for it.
     */
    public AtomicCounter get(final EngineCounter descriptor)
    {
        return counters[descriptor.ordinal()];
    }

    /** @return the manager the counters live in (the counters file's), where other families allocate theirs. */
    public CountersManager countersManager()
    {
        return countersManager;
    }
}
