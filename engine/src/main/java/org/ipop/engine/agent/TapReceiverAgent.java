package org.ipop.engine.agent;

import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.ipop.engine.EngineContext;
import org.ipop.engine.control.EventRecords;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.protocol.FrameClassifier;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.table.ForwardingTable;
import org.ipop.engine.table.PeerTrafficCounters;
import org.ipop.engine.table.RouteLookup;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.FrameBatchDescriptor;
import org.ipop.tap.FrameDevice;
import org.ipop.tap.SessionKeys;

import java.nio.ByteOrder;

import static org.ipop.engine.control.RingDescriptor.*;

/**
 * Reads frame batches from the TAP, classifies them, looks their destination up and encapsulates them
 * into overlay DATA frames in a datagram batch; it is also the UDP socket's only sender
 * ({@link DatagramEndpoint} allows one sending thread), so each duty cycle first drains the send ring
 * (control frames from the control plane, frames the UDP receiver forwards) into the same batch, then
 * sends the batch with one call.
 * <p>
 * IPv4 broadcast and multicast frames are copied, one unicast overlay frame each, to every member peer of the
 * virtual network ({@link ForwardingTable#members}); members without a usable route are skipped and counted.
 * ARP, UDP datagrams a rule of the {@link org.ipop.engine.table.PuntTable} asks for (the control plane's own
 * services, see {@link FrameClassifier}) and frames without a route are punted to the control plane through the
 * event ring; other EtherTypes, truncated and oversize frames are dropped and counted. Never throws
 * for bad input, never allocates in steady state.
 * <p>
 * <b>Sealing.</b> With a session-key table attached to the socket ({@link EngineContext#sessionKeys}), every DATA
 * frame is a record flagged {@link SessionKeys#FLAG_SEAL} with the destination node's key slot in its reserved
 * field and room for the tag, which the socket seals as it sends; a destination without a key slot gets nothing
 * (counted). CONTROL records are sealed with the slot the control plane put in the send record (none: dropped,
 * counted); HANDSHAKE frames are built in clear; forwarded frames go out as they came. Records the key table
 * rejects on send (slot no longer active, counter exhausted) are counted after the send. Without a key table
 * (plaintext mode) every frame goes out in clear.
 */
public final class TapReceiverAgent implements Agent, MessageHandler
{
    private static final int FRAME_ALIGNMENT = 64;

    private final FrameDevice tap;
    private final DatagramEndpoint udp;
    private final boolean sealing;
    private final ForwardingTable table;
    private final PeerTrafficCounters traffic;
    private final RingBuffer sendRing;
    private final RingBuffer eventRing;
    private final EngineCounters counters;
    private final NanoClock clock;
    private final ErrnoReporter tapReadErrors;
    private final ErrnoReporter udpSendErrors;
    private final FrameClassifier classifier;
    private final OverlayFrameFlyweight frame = new OverlayFrameFlyweight();
    private final RouteLookup lookup = new RouteLookup();
    private final int[] memberIds;
    private final UnsafeBuffer readBuffer;
    private final UnsafeBuffer sendBuffer;
    private final long readAddress;
    private final long sendAddress;
    private final int batchSize;
    private final int maxFrameLength;
    private final int maxDatagramLength;
    private final int ttl;
    private final int ringLimit;

    private long nowNs;
    private long nonce;
    private int sendLength;
    private int sendCount;
    private long sendBytes;
    private long lastRejectedBytes;

    /** @param ctx a concluded context. */
    public TapReceiverAgent(final EngineContext ctx)
    {
        tap = ctx.frameDevice();
        udp = ctx.datagramEndpoint();
        sealing = null != ctx.sessionKeys();
        table = ctx.forwardingTable();
        classifier = new FrameClassifier(ctx.puntTable());
        traffic = ctx.trafficCounters();
        sendRing = ctx.sendRing();
        eventRing = ctx.eventRing();
        counters = ctx.counters();
        clock = ctx.nanoClock();
        batchSize = ctx.batchSize();
        maxFrameLength = ctx.maxFrameLength();
        maxDatagramLength = ctx.maxDatagramLength();
        ttl = ctx.ttl();
        ringLimit = ctx.commandLimit();
        tapReadErrors = new ErrnoReporter("tap read", ctx.errorHandler());
        udpSendErrors = new ErrnoReporter("udp send", ctx.errorHandler());
        memberIds = new int[table.maxPeers()];
        readBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            batchSize * FrameBatchDescriptor.recordLength(maxFrameLength), FRAME_ALIGNMENT));
        sendBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            batchSize * DatagramBatchDescriptor.recordLength(maxDatagramLength), FRAME_ALIGNMENT));
        readAddress = readBuffer.addressOffset();
        sendAddress = sendBuffer.addressOffset();
    }

    @Override
    public String roleName()
    {
        return "ipop-tap-receiver";
    }

    @Override
    public int doWork()
    {
        nowNs = clock.nanoTime();
        int workCount = sendRing.read(this, ringLimit);

        final int frames = tap.readBatch(readAddress, readBuffer.capacity(), batchSize);
        if (frames > 0)
        {
            workCount += frames;
            onFrames(frames);
        }
        else if (frames < 0 && !ErrnoReporter.isTransient(-frames))
        {
            counters.tapReadErrors.incrementRelease();
            tapReadErrors.onErrno(-frames);
        }

        flush();
        return workCount;
    }

    private void onFrames(final int frames)
    {
        final UnsafeBuffer buffer = readBuffer;
        final int capacity = buffer.capacity();
        long bytes = 0;
        int offset = 0;
        for (int i = 0; i < frames; i++)
        {
            final int frameOffset = offset + FrameBatchDescriptor.HEADER_LENGTH;
            final int length = frameOffset <= capacity ? buffer.getInt(offset + FrameBatchDescriptor.LENGTH_OFFSET) : -1;
            if (length < 0 || length > capacity - frameOffset)
            {
                counters.dropTapTruncated.incrementRelease();
                break;
            }
            offset += FrameBatchDescriptor.recordLength(length);
            bytes += length;
            onFrame(frameOffset, length);
        }
        counters.tapFramesIn.getAndAddRelease(frames);
        counters.tapBytesIn.getAndAddRelease(bytes);
        counters.tapReadBatches.incrementRelease();
    }

    private void onFrame(final int frameOffset, final int length)
    {
        if (length > maxFrameLength)
        {
            counters.dropTapOversize.incrementRelease();
            return;
        }

        switch (classifier.classify(readBuffer, frameOffset, length))
        {
            case FrameClassifier.IPV4_UNICAST:
                if (table.resolveVip(FrameClassifier.ipv4Destination(readBuffer, frameOffset), lookup))
                {
                    encapsulate(frameOffset, length);
                }
                else
                {
                    punt(PuntReason.NO_ROUTE, frameOffset, length);
                }
                break;

            case FrameClassifier.ARP:
                punt(PuntReason.ARP, frameOffset, length);
                break;

            case FrameClassifier.PUNT:
                punt(classifier.puntReason(), frameOffset, length);
                break;

            case FrameClassifier.BROADCAST:
                copyToMembers(frameOffset, length);
                break;

            case FrameClassifier.TRUNCATED:
                counters.dropTapTruncated.incrementRelease();
                break;

            default:
                counters.dropTapUnsupported.incrementRelease();
                break;
        }
    }

    /** @return false when the frame was dropped: a key table is attached and the destination has no key. */
    private boolean encapsulate(final int frameOffset, final int length)
    {
        final RouteLookup route = lookup;
        final int recordOffset;
        if (sealing)
        {
            if (route.keySlot < 0)
            {
                counters.dropNoSessionKey.incrementRelease();
                return false;
            }
            recordOffset = claimSendRecord(route.edgeAddress, route.edgePort,
                OverlayFrameFlyweight.HEADER_LENGTH + length + SessionKeys.TAG_LENGTH, SessionKeys.FLAG_SEAL, route.keySlot);
        }
        else
        {
            recordOffset = claimSendRecord(route.edgeAddress, route.edgePort, OverlayFrameFlyweight.HEADER_LENGTH + length, 0, 0);
        }
        // sealing overwrites flags, session id and nonce with the AEAD flag, the peer's index and the counter
        frame.wrap(sendBuffer, recordOffset + DatagramBatchDescriptor.HEADER_LENGTH)
            .versionAndType(OverlayFrameFlyweight.CURRENT_VERSION, OverlayFrameType.DATA)
            .flags(0)
            .ttl(ttl)
            .hopCount(0)
            .sessionId(route.edgeSessionId)
            .nonce(++nonce)
            .srcNode(route.localWord0, route.localWord1, route.localWord2)
            .dstNode(route.dstWord0, route.dstWord1, route.dstWord2);
        sendBuffer.putBytes(frame.payloadOffset(), readBuffer, frameOffset, length);
        traffic.onSent(route.peerId, length);
        return true;
    }

    private void copyToMembers(final int frameOffset, final int length)
    {
        final int count = table.members(memberIds);
        if (0 == count)
        {
            counters.dropBroadcastNoMembers.incrementRelease();
            return;
        }
        int copies = 0;
        for (int i = 0; i < count; i++)
        {
            if (table.resolvePeerId(memberIds[i], lookup))
            {
                if (encapsulate(frameOffset, length))   // sealed for each member with its own key
                {
                    copies++;
                }
            }
            else
            {
                counters.dropBroadcastNoRoute.incrementRelease();
            }
        }
        counters.broadcastCopies.getAndAddRelease(copies);
    }

    private void punt(final int reason, final int frameOffset, final int length)
    {
        if (EventRecords.offer(eventRing, TAP_FRAME, reason, 0, nowNs, readBuffer, frameOffset, length))
        {
            counters.framesPunted.incrementRelease();
        }
        else
        {
            counters.dropPuntRingFull.incrementRelease();
        }
    }

    /** Sends one record of the send ring; called by the ring during {@link #doWork()}. */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int payloadLength = length - SEND_PAYLOAD_OFFSET;
        if (payloadLength < 0)
        {
            counters.dropSendRecordInvalid.incrementRelease();
            return;
        }
        final int ipv4 = buffer.getInt(index + SEND_ADDRESS_OFFSET);
        final int port = buffer.getInt(index + SEND_PORT_OFFSET);
        final int payloadOffset = index + SEND_PAYLOAD_OFFSET;

        if (SEND_CONTROL == msgTypeId && OverlayFrameFlyweight.HEADER_LENGTH + payloadLength +
            (sealing ? SessionKeys.TAG_LENGTH : 0) <= maxDatagramLength)
        {
            final int keySlot = buffer.getInt(index + SEND_SLOT_OFFSET);
            if (!sealing)
            {
                sendHopByHop(OverlayFrameType.CONTROL, ipv4, port, 0, 0, buffer, payloadOffset, payloadLength);
                counters.controlFramesOut.incrementRelease();
            }
            else if (keySlot >= 0)
            {
                sendHopByHop(OverlayFrameType.CONTROL, ipv4, port, SessionKeys.FLAG_SEAL, keySlot, buffer, payloadOffset,
                    payloadLength);
                counters.controlFramesOut.incrementRelease();
            }
            else
            {
                counters.dropControlClear.incrementRelease();
            }
        }
        else if (SEND_HANDSHAKE == msgTypeId && OverlayFrameFlyweight.HEADER_LENGTH + payloadLength <= maxDatagramLength)
        {
            sendHopByHop(OverlayFrameType.HANDSHAKE, ipv4, port, 0, 0, buffer, payloadOffset, payloadLength);
            counters.handshakeFramesOut.incrementRelease();
        }
        else if (FORWARD_FRAME == msgTypeId && payloadLength >= OverlayFrameFlyweight.HEADER_LENGTH &&
            payloadLength <= maxDatagramLength)
        {
            final int recordOffset = claimSendRecord(ipv4, port, payloadLength, 0, 0);
            sendBuffer.putBytes(recordOffset + DatagramBatchDescriptor.HEADER_LENGTH, buffer, payloadOffset, payloadLength);
            counters.framesForwardedOut.incrementRelease();
        }
        else
        {
            counters.dropSendRecordInvalid.incrementRelease();
        }
    }

    /**
     * Adds a hop-by-hop frame (TTL 1, destination all zeros) from the local node, sealed with {@code keySlot} when
     * {@code recordFlags} is {@link SessionKeys#FLAG_SEAL}, else in clear.
     */
    private void sendHopByHop(
        final int type,
        final int ipv4,
        final int port,
        final int recordFlags,
        final int keySlot,
        final MutableDirectBuffer buffer,
        final int payloadOffset,
        final int payloadLength)
    {
        table.localNode(lookup);
        final int tagLength = 0 != recordFlags ? SessionKeys.TAG_LENGTH : 0;
        final int recordOffset = claimSendRecord(
            ipv4, port, OverlayFrameFlyweight.HEADER_LENGTH + payloadLength + tagLength, recordFlags, keySlot);
        frame.wrap(sendBuffer, recordOffset + DatagramBatchDescriptor.HEADER_LENGTH)
            .versionAndType(OverlayFrameFlyweight.CURRENT_VERSION, type)
            .flags(0)
            .ttl(1)
            .hopCount(0)
            .sessionId(0)
            .nonce(++nonce)
            .srcNode(lookup.localWord0, lookup.localWord1, lookup.localWord2)
            .dstNode(0L, 0L, 0);
        sendBuffer.putBytes(frame.payloadOffset(), buffer, payloadOffset, payloadLength);
    }

    /**
     * Appends a record to the send batch, flushing the batch first when it is full.
     *
     * @param datagramLength UDP payload bytes, the tag of a sealed record included.
     * @param recordFlags    0, or {@link SessionKeys#FLAG_SEAL}.
     * @param reserved       the key slot of a sealed record, else 0.
     * @return the record's offset in the send buffer.
     */
    private int claimSendRecord(
        final int ipv4, final int port, final int datagramLength, final int recordFlags, final int reserved)
    {
        final int recordLength = DatagramBatchDescriptor.recordLength(datagramLength);
        if (sendCount >= batchSize || sendLength + recordLength > sendBuffer.capacity())
        {
            flush();
        }
        final int recordOffset = sendLength;
        final UnsafeBuffer buffer = sendBuffer;
        buffer.putInt(recordOffset + DatagramBatchDescriptor.LENGTH_OFFSET, datagramLength);
        buffer.putInt(recordOffset + DatagramBatchDescriptor.ADDRESS_OFFSET, ipv4, ByteOrder.BIG_ENDIAN);
        buffer.putShort(recordOffset + DatagramBatchDescriptor.PORT_OFFSET, (short)port);
        buffer.putShort(recordOffset + DatagramBatchDescriptor.FLAGS_OFFSET, (short)recordFlags);
        buffer.putInt(recordOffset + DatagramBatchDescriptor.RESERVED_OFFSET, reserved);
        sendLength += recordLength;
        sendCount++;
        sendBytes += datagramLength;
        return recordOffset;
    }

    private void flush()
    {
        final int count = sendCount;
        if (count > 0)
        {
            final int sent = udp.sendBatch(sendAddress, sendLength, count);
            // records the key table rejected were consumed by the send but never left: not "out"
            final int rejected = sealing ? countRejected(count, sent) : 0;
            final long rejectedBytes = rejected > 0 ? lastRejectedBytes : 0;
            if (sent == count)
            {
                counters.udpDatagramsOut.getAndAddRelease(count - rejected);
                counters.udpBytesOut.getAndAddRelease(sendBytes - rejectedBytes);
            }
            else if (sent >= 0)
            {
                counters.udpDatagramsOut.getAndAddRelease(sent - rejected);
                counters.udpBytesOut.getAndAddRelease(bytesOfFirst(sent) - rejectedBytes);
                counters.udpSendDropped.getAndAddRelease(count - sent);
                final int errno = stopErrnoAfter(sent);
                if (0 != errno && !ErrnoReporter.isTransient(errno))
                {
                    counters.udpSendErrors.incrementRelease();
                    udpSendErrors.onErrno(errno);
                }
            }
            else
            {
                counters.udpSendDropped.getAndAddRelease(count);
                if (!ErrnoReporter.isTransient(-sent))
                {
                    counters.udpSendErrors.incrementRelease();
                    udpSendErrors.onErrno(-sent);
                }
            }
            counters.udpSendBatches.incrementRelease();
            sendLength = 0;
            sendCount = 0;
            sendBytes = 0;
        }
    }

    /**
     * Counts, in "seal rejected", every record of the batch the key table marked rejected, and returns how many of
     * them are among the first {@code sent} (the send consumed them without sending), their bytes left in
     * {@link #lastRejectedBytes}.
     */
    private int countRejected(final int count, final int sent)
    {
        final UnsafeBuffer buffer = sendBuffer;
        int rejectedAll = 0;
        int rejectedSent = 0;
        long bytes = 0;
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            final int length = buffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            if (0 != (buffer.getShort(offset + DatagramBatchDescriptor.FLAGS_OFFSET) & SessionKeys.FLAG_REJECTED))
            {
                rejectedAll++;
                if (i < sent)
                {
                    rejectedSent++;
                    bytes += length;
                }
            }
            offset += DatagramBatchDescriptor.recordLength(length);
        }
        if (rejectedAll > 0)
        {
            counters.sealRejected.getAndAddRelease(rejectedAll);
        }
        lastRejectedBytes = bytes;
        return rejectedSent;
    }

    /** @return the errno the socket left in the record that stopped a partial batch, 0 when it was full. */
    private int stopErrnoAfter(final int records)
    {
        int offset = 0;
        for (int i = 0; i < records; i++)
        {
            offset += DatagramBatchDescriptor.recordLength(sendBuffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET));
        }
        return sendBuffer.getInt(offset + DatagramBatchDescriptor.RESERVED_OFFSET);
    }

    private long bytesOfFirst(final int records)
    {
        long bytes = 0;
        int offset = 0;
        for (int i = 0; i < records; i++)
        {
            final int length = sendBuffer.getInt(offset + DatagramBatchDescriptor.LENGTH_OFFSET);
            bytes += length;
            offset += DatagramBatchDescriptor.recordLength(length);
        }
        return bytes;
    }
}
