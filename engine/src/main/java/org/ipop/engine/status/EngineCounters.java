package org.ipop.engine.status;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * Every counter the engine keeps, allocated once in the counters file with a stable label that other
 * processes list with {@link CountersFileReader}.
 * <p>
 * Writers: fields grouped under "TAP receiver" are written only by the TAP receiver agent, "UDP receiver"
 * only by the UDP receiver agent, "conductor" only by the conductor; those use release stores of their
 * single writer. Fields marked "any thread" are incremented atomically. Frame counts are frames, byte
 * counts are bytes of Ethernet frame (TAP side) or of UDP payload (UDP side).
 */
public final class EngineCounters
{
    /** Type id of every engine counter. */
    public static final int ENGINE_COUNTER_TYPE_ID = 1001;

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

    private final CountersManager countersManager;

    /** Allocates every counter in the manager; call on the launching thread. */
    public EngineCounters(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        tapFramesIn = newCounter("tap frames in");
        tapBytesIn = newCounter("tap bytes in");
        tapReadBatches = newCounter("tap read batches");
        tapReadErrors = newCounter("tap read errors");
        udpDatagramsOut = newCounter("udp datagrams out");
        udpBytesOut = newCounter("udp bytes out");
        udpSendBatches = newCounter("udp send batches");
        udpSendErrors = newCounter("udp send errors");
        udpSendDropped = newCounter("udp send dropped (socket full or send error)");
        framesPunted = newCounter("tap frames punted to control plane");
        controlFramesOut = newCounter("control frames out");
        framesForwardedOut = newCounter("forwarded frames out");
        dropTapTruncated = newCounter("drop tap truncated");
        dropTapOversize = newCounter("drop tap oversize");
        dropTapUnsupported = newCounter("drop tap unsupported ethertype");
        dropPuntRingFull = newCounter("drop punt ring full");
        dropSendRecordInvalid = newCounter("drop send record invalid");
        broadcastCopies = newCounter("broadcast copies out");
        dropBroadcastNoMembers = newCounter("drop broadcast no members");
        dropBroadcastNoRoute = newCounter("drop broadcast copy no route");

        udpDatagramsIn = newCounter("udp datagrams in");
        udpBytesIn = newCounter("udp bytes in");
        udpReceiveBatches = newCounter("udp receive batches");
        udpReceiveErrors = newCounter("udp receive errors");
        tapFramesOut = newCounter("tap frames out");
        tapBytesOut = newCounter("tap bytes out");
        tapWriteBatches = newCounter("tap write batches");
        tapWriteErrors = newCounter("tap write errors");
        tapWriteDropped = newCounter("tap write dropped (device full or write error)");
        controlFramesIn = newCounter("control frames in");
        framesForwarded = newCounter("frames forwarded");
        dropTruncated = newCounter("drop udp truncated");
        dropUnknownVersion = newCounter("drop udp unknown version");
        dropUnknownType = newCounter("drop udp unknown type");
        dropUnsupportedFlags = newCounter("drop udp unsupported flags");
        dropOversize = newCounter("drop udp oversize");
        dropNoRoute = newCounter("drop udp no route");
        dropTtlExpired = newCounter("drop udp ttl expired");
        dropReturnToSender = newCounter("drop udp next hop is the sender");
        dropForwardRingFull = newCounter("drop forward ring full");
        dropControlRingFull = newCounter("drop control event ring full");
        dropSourceMismatch = newCounter("drop udp source ip of another node");
        dropNotIpv4 = newCounter("drop udp payload not ipv4");
        framesSourceUnknown = newCounter("udp frames with unknown source punted");

        commandsApplied = newCounter("commands applied");
        commandsRejected = newCounter("commands rejected");

        commandOfferRetries = newCounter("command offer retries (command ring full)");
        commandsBacklogged = newCounter("commands backlogged (command ring full)");
        commandsLost = newCounter("commands lost (command backlog full)");
        sendRingFull = newCounter("control send ring full");
        tapWriteRingFull = newCounter("tap write ring full");
        errors = newCounter("errors");
    }

    /** @return the manager the counters live in. */
    public CountersManager countersManager()
    {
        return countersManager;
    }

    private AtomicCounter newCounter(final String label)
    {
        return countersManager.newCounter(label, ENGINE_COUNTER_TYPE_ID);
    }
}
